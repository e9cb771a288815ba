import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// A register in a temporary folder with a pinned day.
struct Fixture {
    let folder = TemporaryFolder()
    let register: Register
    let today = LocalDate(year: 2025, month: 6, day: 15)!

    init() throws {
        register = try Register.open(at: folder.file("r.sqlite"))
    }

    @discardableResult
    func add(_ first: String, _ last: String, _ configure: (inout CustomerInput) -> Void = { _ in }) throws -> Int64 {
        var input = CustomerInput(firstName: first, lastName: last)
        configure(&input)
        return try register.addCustomer(input.validate(today: today), today: today)
    }

    func names(_ query: String, limit: Int = 100) throws -> [String] {
        try register.customers(matching: SearchQuery(query), limit: limit).map(\.fullName)
    }
}

@Suite struct CustomerStoreTests {
    @Test func numbersStartAt1001AndAreNeverReused() throws {
        let f = try Fixture()
        #expect(try f.add("Aino", "Laine") == 1001)
        #expect(try f.add("Eino", "Leino") == 1002)
        try f.register.db.run("DELETE FROM customer WHERE number = 1002")
        #expect(try f.add("Iida", "Niemi") == 1003)
    }

    @Test func roundTrip() throws {
        let f = try Fixture()
        let number = try f.add("Matti", "Virtanen") {
            $0.email = "matti@example.fi"; $0.phone = "040 123 4567"; $0.street = "Kauppakatu 1"; $0.postcode = "40100"
            $0.town = "Jyväskylä"; $0.birthdate = "12.4."; $0.organisation = "Virtasen Puu Oy"; $0.title = "Toimitusjohtaja"
            $0.language = "fi"; $0.notes = "Rivi 1\nRivi 2"; $0.source = "event: Messut"; $0.since = "1.2.2019"
        }
        let c = try #require(try f.register.customer(number))
        #expect(c.phone == "+358401234567")
        #expect(c.birthdate == Birthdate(year: nil, month: 4, day: 12))
        #expect(c.organisationName == "Virtasen Puu Oy")
        #expect(c.notes == "Rivi 1\nRivi 2")
        #expect(c.source == DataSource(kind: .event, detail: "Messut"))
        #expect(c.since == LocalDate(year: 2019, month: 2, day: 1))
        #expect(c.country == "FI")
        // The same organisation name links to the same row.
        let other = try f.add("Aino", "Virtanen") { $0.organisation = "virtasen puu oy" }
        #expect(try f.register.customer(other)?.organisationID == c.organisationID)
        #expect(try f.register.organisations().count == 1)
    }

    @Test func listsInFinnishOrder() throws {
        let f = try Fixture()
        for (first, last) in [("Aino", "Öhman"), ("Bo", "Åberg"), ("Ceci", "Zetterberg"), ("Matti", "Virtanen"), ("Aino", "Virtanen"), ("Eero", "Ähtäri")] {
            try f.add(first, last)
        }
        #expect(try f.names("") == ["Aino Virtanen", "Matti Virtanen", "Ceci Zetterberg", "Bo Åberg", "Eero Ähtäri", "Aino Öhman"])
        // Windows are slices of the same order.
        #expect(try f.register.customers(limit: 2, offset: 2).map(\.lastName) == ["Zetterberg", "Åberg"])
    }

    @Test func searchIsPrefixCaseAndDiacriticInsensitive() throws {
        let f = try Fixture()
        try f.add("Aino", "Öhman") { $0.town = "Jyväskylä" }
        try f.add("Matti", "Virtanen") { $0.email = "matti@puutarha.example.fi"; $0.phone = "040 123 4567"; $0.organisation = "Virtasen Puu Oy" }
        try f.add("Väinö", "Mäkelä") { $0.notes = "Selkävaivoja, ei syvähierontaa." }
        #expect(try f.names("ohman") == ["Aino Öhman"])
        #expect(try f.names("ÖHM") == ["Aino Öhman"])
        #expect(try f.names("jyvaskyla") == ["Aino Öhman"])
        #expect(try f.names("virt") == ["Matti Virtanen"])
        #expect(try f.names("puutarha") == ["Matti Virtanen"])
        #expect(try f.names("040 123") == ["Matti Virtanen"])
        #expect(try f.names("+35840123") == ["Matti Virtanen"])
        #expect(try f.names("syvahier") == ["Väinö Mäkelä"])
        #expect(try f.names("vaino makela") == ["Väinö Mäkelä"])
        #expect(try f.names("matti mäkelä").isEmpty)
        // Typed in full, a name or address still finds them: the legal form and the ending go.
        #expect(try f.names("Virtasen Puu Oy") == ["Matti Virtanen"])
        #expect(try f.names("matti@puutarha.example.fi") == ["Matti Virtanen"])
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM search_term WHERE term IN ('oy', 'fi')") == 0)
        #expect(try f.register.countCustomers(matching: SearchQuery("v")) == 2)
        #expect(try f.register.countCustomers() == 3)
    }

    @Test(arguments: ["\"", "\"virt", "-virt", "virt AND", "AND", "*", "virt*", "NEAR(", "'; DROP TABLE customer; --", "%", "_", "\\", "\u{10FFFF}"])
    func hostileSearchInputIsJustText(_ query: String) throws {
        let f = try Fixture()
        try f.add("Matti", "Virtanen")
        _ = try f.names(query)
        #expect(try f.register.countCustomers() == 1)
    }

    @Test func hostileSearchFindsTheWordsInside() throws {
        let f = try Fixture()
        try f.add("Matti", "Virtanen")
        #expect(try f.names("\"virt\"") == ["Matti Virtanen"])
        #expect(try f.names("-virt*") == ["Matti Virtanen"])
    }

    @Test func editReindexes() throws {
        let f = try Fixture()
        let n = try f.add("Aino", "Laine")
        try f.register.updateCustomer(n, CustomerInput(lastName: "Järvinen").validate(today: f.today, existing: f.register.customer(n)))
        #expect(try f.names("laine").isEmpty)
        #expect(try f.names("jarvinen") == ["Aino Järvinen"])
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM search_term WHERE term = 'laine'") == 0)
    }

    @Test func restrictionBlocksEdits() throws {
        let f = try Fixture()
        let n = try f.add("Aino", "Laine")
        try f.register.setRestriction(n, reason: "Kiistää tiedot")
        #expect(throws: StoreError.self) { try f.register.updateCustomer(n, CustomerInput(town: "Turku").validate(today: f.today, existing: f.register.customer(n))) }
        try f.register.setRestriction(n, reason: nil)
        try f.register.updateCustomer(n, CustomerInput(town: "Turku").validate(today: f.today, existing: f.register.customer(n)))
        #expect(try f.register.customer(n)?.town == "Turku")
    }

    @Test func timestampsParseLikeFoundation() throws {
        for text in ["2026-11-22T03:34:19Z", "1999-12-31T23:59:59Z", "2024-02-29T00:00:00Z", "2026-11-22T03:34:19+02:00"] {
            #expect(Timestamp.parse(text) == (try Date(text, strategy: .iso8601)), "\(text)")
        }
    }

    /// Every kind of time: whole and fractional seconds (the fraction dropped, before 1970
    /// too), each edge of a day, a leap day, the years written without Foundation (1900–9999)
    /// and those beyond them (before 1583 Foundation's days are the Julian calendar's).
    @Test func timestampsAreWrittenLikeFoundation() throws {
        var generator = SplitMix64(seed: 11)
        var times: [Double] = [0, -0.5, 0.999, -1, 86_399.75, -86_400, 1_709_164_800, 1_795_319_659.4,
                               -2_208_988_800, -2_208_988_800.5, -2_208_988_801, 253_402_300_799.9, 253_402_300_800, -30_610_224_000, 1e12]
        for _ in 0..<20_000 { times.append(Double.random(in: -2_208_988_800...253_402_300_799, using: &generator).rounded(.down)) }
        for _ in 0..<5_000 { times.append(Double.random(in: -4e9...4e9, using: &generator)) }
        var dates = times.map { Date(timeIntervalSince1970: $0) }
        // A hair below a whole second, counted from the reference date as Foundation floors it
        // (the same time from 1970 rounds up to the second).
        for _ in 0..<5_000 {
            let second = Double(Int.random(in: -3_000_000_000...3_000_000_000, using: &generator))
            dates.append(Date(timeIntervalSinceReferenceDate: second - 0.000_000_1))
            dates.append(Date(timeIntervalSinceReferenceDate: second.nextDown))
        }
        let differing = dates.filter { Timestamp.text($0) != $0.ISO8601Format() }
        #expect(differing.count == 0, "\(differing.prefix(3).map { "\($0.timeIntervalSince1970): \(Timestamp.text($0)) / \($0.ISO8601Format())" })")
    }

    @Test func auditLogHoldsNoPersonalValues() throws {
        let f = try Fixture()
        let n = try f.add("Ängeslevä", "Kääriäinen") { $0.email = "salainen@example.fi" }
        try f.register.updateCustomer(n, CustomerInput(town: "Ähtäri").validate(today: f.today, existing: f.register.customer(n)))
        let rows = try f.register.db.rows("SELECT at || action || entity || coalesce(entity_id, '') FROM audit_log", []) { $0.text(0) }
        #expect(rows.count == 2)
        for row in rows {
            #expect(!row.contains("Kääriäinen") && !row.contains("salainen") && !row.contains("Ähtäri"))
        }
    }
}

/// Everyone's count (the list's heading, the today view) is the table's count less the
/// forgotten, read from two indexes: it equals counting the live rows in every state a register
/// passes through.
@Suite struct EveryoneCountTests {
    @Test func theCountIsTheLiveRowsInEveryState() throws {
        let f = try Fixture()
        let register = f.register
        func check(_ state: String) throws {
            let live = try register.db.scalarInt("SELECT count(*) FROM customer WHERE forgotten_on IS NULL") ?? -1
            #expect(try register.countCustomers() == Int(live), "\(state)")
            #expect(try register.count(matching: SearchQuery("")) == Int(live), "\(state)")
        }
        try check("empty")
        let first = try f.add("Äijälä", "Åsa")
        try check("one")
        let restricted = try f.add("Öhman", "Eeva")
        try register.setRestriction(restricted, reason: "Kiistää tiedot")
        let others = try (0..<5).map { try f.add("Mäkelä", "Pekka \($0)") }
        try check("seven, one restricted")
        _ = try register.forget(first, on: f.today)
        try check("one forgotten")
        for number in others { _ = try register.forget(number, on: f.today) }
        try check("six forgotten")
        try register.setRestriction(restricted, reason: nil)
        _ = try register.forget(restricted, on: f.today)
        try check("everyone forgotten")
        _ = try f.add("Ylönen", "Jää")
        try check("one added after")
    }
}
