import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// A label run weighs each customer from a few columns, keeps only their label's lines and
/// sorts small keys. Whatever the query, purpose, order or filter, its sheet must equal the
/// plain route: every matching customer read whole, the rules applied one by one, and a
/// stable sort by country and postcode.
@Suite struct LabelSelectionTests {
    /// A generated register with every kind of exclusion and its undoing: bans set and lifted,
    /// restrictions, people without an address of their own at an organisation's, forgotten
    /// customers (their numbers leave gaps).
    nonisolated(unsafe) static let shared: Fixture = {
        let f = try! Fixture()
        let r = f.register
        try! r.fillSynthetic(customers: 1500, organisations: 60, seed: 5, today: f.today)
        let d = f.today
        for (i, number) in stride(from: Int64(1001), through: 2500, by: 7).enumerated() {
            let kind: ConsentKind = [.publication, .marketing, .research][i % 3]
            try! r.recordConsent(ConsentEvent(kind: kind, granted: true, date: d.adding(days: -20), source: nil), customer: number)
            // Every fourth ban lifted later: the latest event decides.
            if i % 4 == 0 { try! r.recordConsent(ConsentEvent(kind: kind, granted: false, date: d.adding(days: -2), source: nil), customer: number) }
        }
        try! r.db.execute("UPDATE customer SET restriction_reason = 'disputed' WHERE number % 53 = 0")
        try! r.db.execute("UPDATE customer SET street = NULL, po_box = NULL, postcode = NULL, town = NULL WHERE organisation_id IS NOT NULL AND number % 5 = 0")
        try! r.db.execute("UPDATE customer SET po_box = 'PL 12', street = NULL WHERE number % 41 = 0")
        for number in stride(from: Int64(1003), through: 2500, by: 97) { _ = try? r.forget(number, on: d) }
        return f
    }()

    let register: Register

    init() throws {
        register = try Register.open(at: Self.shared.register.path)
    }

    /// The plain route: everyone matching, read whole, weighed one by one.
    func plain(_ query: SearchQuery, _ purpose: LabelPurpose, byPostcode: Bool, _ filter: LabelFilter) throws -> (numbers: [Int64], excluded: [LabelExclusion: Int], entries: [Customer]) {
        let organisations = Dictionary(uniqueKeysWithValues: try register.organisations().map { ($0.id, $0) })
        var included: [Customer] = []
        var excluded: [LabelExclusion: Int] = [:]
        try register.forEachCustomer(matching: query) { found in
            guard filter.admits(found) else { return }
            let customer = LabelRules.addressed(found, organisation: found.organisationID.flatMap { organisations[$0] })
            if let reason = LabelRules.exclusion(customer, purpose: purpose) { excluded[reason, default: 0] += 1 } else { included.append(customer) }
        }
        if byPostcode {
            included = included.enumerated().sorted { ($0.element.country, $0.element.postcode ?? "", $0.offset) < ($1.element.country, $1.element.postcode ?? "", $1.offset) }.map(\.element)
        }
        return (included.map(\.number), excluded, included)
    }

    static let filters: [(String, LabelFilter)] = [
        ("none", LabelFilter()), ("town", LabelFilter(town: "helsinki")), ("postcodes", LabelFilter(postcodes: "00100"..."40999")),
    ]

    @Test(arguments: ["", "virt", "oy", "matti", "example", "zzzz"], [LabelPurpose.marketing, .service])
    func sheetsEqualThePlainRoute(_ text: String, _ purpose: LabelPurpose) throws {
        for byPostcode in [true, false] {
            for (name, filter) in Self.filters {
                let query = SearchQuery(text)
                let expected = try plain(query, purpose, byPostcode: byPostcode, filter)
                // Weighed in one chunk, and in chunks of 97 and of one (the rows are weighed
                // on other threads a chunk at a time and put together in order). Held in
                // memory, all set aside in the file, and some (past 700 bytes); the sheet put
                // together at once, 7 and one place at a time.
                for (chunk, held, window) in [(2048, nil, 1 << 17), (97, 0, 7), (1, 700, 1), (2048, 700, 1 << 17), (97, nil, 3)] {
                    let selection = try register.labelSelection(matching: query, purpose: purpose, sortByPostcode: byPostcode, filter: filter, weighing: chunk,
                                                                spillingAfter: held, window: window)
                    let what = "\(text) \(purpose) postcode: \(byPostcode) filter: \(name) chunk: \(chunk) held: \(held.map(String.init) ?? "all") window: \(window)"
                    #expect(try selection.numbers == expected.numbers, "\(what)")
                    #expect(selection.excluded == expected.excluded, "\(what)")
                    let labels = try selection.labels()
                    #expect(labels.map { $0.lines + [String($0.number)] } == expected.entries.map(Self.label), "\(what)")
                }
            }
        }
    }

    /// What a label shows of a customer (the rest is not read for labels).
    static func label(_ c: Customer) -> [String] { LabelRules.addressLines(c) + [String(c.number)] }

    @Test func everyExclusionIsExercised() throws {
        let marketing = try register.labelSelection(matching: SearchQuery(""), purpose: .marketing, sortByPostcode: true)
        for reason in [LabelExclusion.publicationBan, .marketingBan, .restricted, .incompleteAddress] {
            #expect((marketing.excluded[reason] ?? 0) > 0, "\(reason)")
        }
        // Someone at an organisation's address and someone at a PO box are on the sheet.
        let organisations = Dictionary(uniqueKeysWithValues: try register.organisations().map { ($0.id, $0) })
        let labels = try marketing.labels()
        let streets = Set(organisations.values.compactMap(\.street))
        #expect(labels.contains { $0.lines.contains("PL 12") })
        #expect(labels.contains { $0.number % 5 == 0 && $0.lines.contains { streets.contains($0) } })
    }

    /// A register whose numbers are far apart (imported with numbers from elsewhere) is ranked
    /// through a dictionary, not an array as long as the numbers: the same sheet either way.
    @Test func farApartNumbersGiveTheSameSheet() throws {
        let f = try Fixture()
        for (first, last, postcode) in [("Äijä", "Kääriäinen", "40100"), ("Öllö", "Åkerlund", "00100"), ("Aino", "Laine", "00100"), ("Eino", "Öhman", "20100")] {
            try f.add(first, last) { $0.street = "Katu 1"; $0.postcode = postcode; $0.town = "Jyväskylä" }
        }
        let before = try f.register.labelSelection(matching: SearchQuery(""), purpose: .marketing, sortByPostcode: true)
        try f.register.db.execute("""
            PRAGMA foreign_keys = OFF;
            UPDATE customer SET number = 9000000000 WHERE number = 1003;
            UPDATE search_term SET customer_number = 9000000000 WHERE customer_number = 1003;
            PRAGMA foreign_keys = ON;
            """)
        let after = try f.register.labelSelection(matching: SearchQuery(""), purpose: .marketing, sortByPostcode: true)
        #expect(try before.numbers == [1003, 1002, 1004, 1001])
        #expect(try after.numbers == [9_000_000_000, 1002, 1004, 1001])
        #expect(try after.labels().map(\.lines) == before.labels().map(\.lines))
    }

    /// The same for organisations: ids far apart are found through a dictionary, not an array
    /// over them; the people at their organisation's address, and its name, are the same.
    @Test func farApartOrganisationIdsGiveTheSameSheet() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 200, organisations: 12, seed: 3, today: f.today)
        try f.register.db.execute("UPDATE customer SET street = NULL, po_box = NULL, postcode = NULL, town = NULL WHERE organisation_id IS NOT NULL AND number % 2 = 0")
        func sheet() throws -> [[String]] {
            let selection = try f.register.labelSelection(matching: SearchQuery(""), purpose: .service, sortByPostcode: false)
            return try selection.labels().map(\.lines)
        }
        let before = try sheet()
        #expect(before.contains { $0.count > 3 }, "someone on the sheet with an organisation")
        try f.register.db.execute("""
            PRAGMA foreign_keys = OFF;
            UPDATE customer SET organisation_id = organisation_id * 1000000000 WHERE organisation_id > 6;
            UPDATE organisation SET id = id * 1000000000 WHERE id > 6;
            PRAGMA foreign_keys = ON;
            """)
        #expect(try sheet() == before)
    }
}

/// A marketing label run records everyone on its sheet as a campaign. While the register is
/// as it was when the sheet was selected, the selection's check stands and the recipients are
/// written without reading them again; any write since, by this connection or another, has
/// every recipient read and checked again.
@Suite struct LabelCampaignTests {
    static let letter = Campaign(name: "Kevätkirje", channel: .letter, date: LocalDate(year: 2025, month: 6, day: 15)!, purpose: .marketing)

    /// The reason the check may be skipped: whomever the marketing label rule lets through,
    /// the campaign rule lets a marketing letter reach. Over every customer of a register with
    /// every kind of exclusion, each at their own or their organisation's address.
    @Test func everyoneOnAMarketingSheetMayBeSentAMarketingLetter() throws {
        let register = try Register.open(at: LabelSelectionTests.shared.register.path)
        let organisations = Dictionary(uniqueKeysWithValues: try register.organisations().map { ($0.id, $0) })
        var admitted = 0
        try register.forEachCustomer { found in
            for customer in [found, LabelRules.addressed(found, organisation: found.organisationID.flatMap { organisations[$0] })] {
                guard LabelRules.exclusion(customer, purpose: .marketing) == nil else { continue }
                admitted += 1
                #expect(CampaignRules.exclusion(customer, channel: .letter, purpose: .marketing) == nil, "\(customer.number)")
            }
        }
        #expect(admitted > 1000)
    }

    /// A register of 300 with bans, and the marketing sheet of everyone.
    func fixture() throws -> (Fixture, LabelSelection) {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 300, organisations: 20, seed: 9, today: f.today)
        for number in stride(from: Int64(1001), through: 1300, by: 11) {
            try f.register.recordConsent(ConsentEvent(kind: .marketing, granted: true, date: f.today, source: nil), customer: number)
        }
        let selection = try f.register.labelSelection(matching: SearchQuery(""), purpose: .marketing, sortByPostcode: true)
        #expect(selection.count > 200)
        return (f, selection)
    }

    @Test func anUnchangedRegisterRecordsTheSheet() throws {
        let (f, selection) = try fixture()
        let id = try f.register.recordCampaign(Self.letter, reaching: selection, today: f.today)
        #expect(try f.register.recipients(ofCampaign: id).map(\.customer) == selection.numbers.sorted())
        #expect(try f.register.db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM pragma_foreign_key_check") == 0)
    }

    /// Someone on the sheet bans direct marketing after the sheet was selected: the record is
    /// refused whole, whether the ban came through this connection or another process's.
    @Test(arguments: ["this connection", "another connection"])
    func aBanSinceTheSelectionRefusesTheRecord(_ writer: String) throws {
        let (f, selection) = try fixture()
        let banned = try #require(try selection.numbers.last)
        let other = writer == "this connection" ? f.register : try Register.open(at: f.register.path)
        try other.recordConsent(ConsentEvent(kind: .marketing, granted: true, date: f.today, source: nil), customer: banned)
        #expect(throws: StoreError.self) { try f.register.recordCampaign(Self.letter, reaching: selection, today: f.today) }
        #expect(try f.register.campaigns().isEmpty)
    }

    /// Someone on the sheet is forgotten, or their row is gone altogether, after the sheet was
    /// selected: the record is refused whole, naming them. SQLite does not look the recipients
    /// up for their foreign key (the rows read again do), and the connection checks foreign
    /// keys again once the record is done.
    @Test(arguments: [("forgotten", "this connection"), ("forgotten", "another connection"), ("deleted", "another connection")])
    func aCustomerGoneSinceTheSelectionRefusesTheRecord(_ how: String, _ writer: String) throws {
        let (f, selection) = try fixture()
        let other = writer == "this connection" ? f.register : try Register.open(at: f.register.path)
        let gone: Int64
        if how == "forgotten" {
            gone = try #require(try selection.numbers.reversed().first { (try? other.forget($0, on: f.today)) != nil })
        } else {
            gone = try #require(try selection.numbers.last)
            // Not a path of Kortisto's own (a forget keeps the row): another program's.
            try other.db.execute("PRAGMA foreign_keys = OFF")
            try other.db.run("DELETE FROM customer WHERE number = ?", gone)
        }
        let error = try #require(throws: StoreError.self) { try f.register.recordCampaign(Self.letter, reaching: selection, today: f.today) }
        guard case .refused(let refusal) = error else { Issue.record("not a refusal: \(error)"); return }
        #expect(refusal.message.contains("\(gone): no such customer"), "\(refusal.message)")
        #expect(try f.register.campaigns().isEmpty)
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM campaign_recipient") == 0)
        #expect(try f.register.db.scalarInt("PRAGMA foreign_keys") == 1)
    }

    /// A write that leaves everyone on the sheet as they were: they are read again and pass.
    @Test func aHarmlessChangeSinceTheSelectionStillRecordsTheSheet() throws {
        let (f, selection) = try fixture()
        let other = try Register.open(at: f.register.path)
        try other.recordConsent(ConsentEvent(kind: .newsletter, granted: true, date: f.today, source: nil), customer: try #require(try selection.numbers.first))
        let id = try f.register.recordCampaign(Self.letter, reaching: selection, today: f.today)
        #expect(try f.register.recipients(ofCampaign: id).map(\.customer) == selection.numbers.sorted())
    }
}

/// A sheet's labels past a few megabytes wait in an unnamed file beside the register. Whatever
/// becomes of that file, the sheet is the one held in memory, or the run fails saying so: never
/// a sheet with labels missing or changed, and never a file with a name.
@Suite struct SetAsideLabelTests {
    /// A register of its own: its folder holds nothing another test makes.
    nonisolated(unsafe) static let own: Fixture = {
        let f = try! Fixture()
        try! f.register.fillSynthetic(customers: 800, organisations: 30, seed: 11, today: f.today)
        return f
    }()

    /// A connection of each test's own (tests run at once).
    let register: Register

    init() throws {
        register = try Register.open(at: Self.own.register.path)
    }

    func selection(held: Int?, window: Int = 5, block: Int = 1 << 20,
                   scratch: @escaping (String) -> ScratchFile? = ScratchFile.init(in:)) throws -> LabelSelection {
        try register.labelSelection(matching: SearchQuery(""), purpose: .marketing, sortByPostcode: true, filter: LabelFilter(), weighing: 97,
                                    spillingAfter: held, window: window, scratch: scratch, block: block)
    }

    /// A file that takes `bytes` and refuses the rest, as a disk that fills does: a memory file
    /// sealed against growing (`memfd_create`, which Swift's Glibc does not export).
    static func fillingFile(after bytes: Int) -> ScratchFile? {
        typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memfd_create") else { return nil }
        let descriptor = unsafeBitCast(symbol, to: MemfdCreate.self)("kortisto-test", 0x3 /* MFD_CLOEXEC | MFD_ALLOW_SEALING */)
        guard descriptor >= 0, ftruncate(descriptor, off_t(bytes)) == 0,
              fcntl(descriptor, 1033 /* F_ADD_SEALS */, 0x4 /* F_SEAL_GROW */) == 0 else { return nil }
        return ScratchFile(takingOver: descriptor)
    }

    static let files: [String] = ["unnamed file", "no file can be made", "a full disk from the first byte", "a disk that fills after 3000 bytes",
                                  "a disk that fills after 20000 bytes"]

    @Test(arguments: files)
    func theSheetIsTheSameWhereverItsLabelsWait(_ file: String) throws {
        let expected = try selection(held: nil)
        #expect(expected.count > 500)
        let scratch: (String) -> ScratchFile? = switch file {
        case "no file can be made": { _ in nil }
        // /dev/full refuses every write with ENOSPC, as a full disk does.
        case "a full disk from the first byte": { _ in ScratchFile(takingOver: open("/dev/full", O_RDWR | O_CLOEXEC)) }
        case "a disk that fills after 3000 bytes": { _ in Self.fillingFile(after: 3000) }
        case "a disk that fills after 20000 bytes": { _ in Self.fillingFile(after: 20000) }
        default: ScratchFile.init(in:)
        }
        if file.hasPrefix("a disk that fills") { try #require(scratch("") != nil, "memfd_create and its seals") }
        let folder = PathName.folderOrCurrent(register.path)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        // Everything set aside, some (past 700 and 5000 bytes); read a block of 1 MiB and of
        // 100 bytes (a label of more is read alone) at a time.
        for (held, block) in [(0, 1 << 20), (700, 1 << 20), (5000, 1 << 20), (0, 100), (700, 100)] {
            let what = "\(file), held \(held), block \(block)"
            let selection = try self.selection(held: held, block: block, scratch: scratch)
            // While the labels wait, no file has a name beside the register.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == before, "\(what)")
            #expect(try selection.numbers == expected.numbers, "\(what)")
            #expect(try selection.labels().map { $0.lines + [String($0.number)] } == expected.labels().map { $0.lines + [String($0.number)] },
                    "\(what)")
            // The first sheet alone, and a stretch across windows.
            #expect(try selection.labels(0..<21).map(\.number) == Array(expected.numbers.prefix(21)), "\(what)")
            #expect(try selection.labels(3..<17).map(\.lines) == expected.labels(3..<17).map(\.lines), "\(what)")
        }
    }

    /// The file set aside loses its bytes before the sheet is written: the run fails with an
    /// error that says so, and hands over no label at all of what it could not read.
    @Test func aFileThatCannotBeReadBackFailsTheRun() throws {
        let folder = TemporaryFolder()
        let descriptor = open(folder.file("aside"), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        defer { close(descriptor) }
        let selection = try selection(held: 700, window: 1 << 17) { _ in ScratchFile(takingOver: dup(descriptor)) }
        #expect(try selection.labels().count == selection.count)
        #expect(ftruncate(descriptor, 0) == 0)
        var handed = 0
        let error = #expect(throws: StoreError.self) { try selection.forEachLabel { _, _ in handed += 1 } }
        #expect(handed == 0)
        #expect(error?.description == "cannot read the labels set aside beside the register (Input/output error); nothing was written")
        #expect(throws: StoreError.self) { try selection.numbers }
    }
}
