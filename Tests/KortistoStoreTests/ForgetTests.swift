import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// Forgetting, the erasure log, backups and restores, retention: on real files, byte by byte.
@Suite struct ForgetTests {
    /// What must not survive anywhere: names, e-mail, phone in every written form, street.
    static let secrets = ["Kääriäinen", "Ängeslevä", "salainen.henkilo", "+358407654321", "0407654321", "040 765 4321", "Jäkäläpolku"]

    /// A register with the person to forget, with data in every table that can hold them.
    func populated() throws -> (Fixture, Int64) {
        let f = try Fixture()
        let n = try f.add("Kääriäinen", "Ängeslevä") {
            $0.email = "salainen.henkilo@example.fi"; $0.phone = "040 765 4321"; $0.street = "Jäkäläpolku 17"; $0.postcode = "00100"
            $0.town = "Helsinki"; $0.birthdate = "3.3.1977"; $0.notes = "Asuu Jäkäläpolku 17:ssä"; $0.organisation = "Kide Media Oy"
            $0.title = "Tuottaja"; $0.source = "event: Messut"
        }
        try f.add("Aino", "Laine") { $0.town = "Turku" }
        let d = LocalDate(year: 2024, month: 3, day: 1)!
        let paid = try f.register.addOrder(Order(customerNumber: n, date: d, description: "Hieronta, Kääriäinen Ängeslevä (040 765 4321)",
                                                 amountCents: 12000, status: .invoiced, invoiceNumber: "20001", invoiceDate: d, dueDate: d.adding(days: 14)))
        try f.register.payOrder(paid, on: d.adding(days: 10))
        try f.register.addContact(ContactEvent(date: d, channel: .phone, note: "Ängeslevä soitti"), customer: n)
        try f.register.recordConsent(ConsentEvent(kind: .marketing, granted: true, date: d, source: "salainen.henkilo@example.fi"), customer: n)
        try f.register.updateCustomer(n, CustomerInput(title: "Vastaava tuottaja").validate(today: f.today, existing: f.register.customer(n)))
        return (f, n)
    }

    /// Every byte of every file in the register's folder (db, -wal, -shm, -journal, the erasure log).
    func allBytes(_ f: Fixture) throws -> Data {
        var data = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: f.folder.path) {
            var isDirectory: ObjCBool = false
            let path = f.folder.file(name)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
               let contents = FileManager.default.contents(atPath: path) {
                data.append(contents)
            }
        }
        return data
    }

    @Test func forgettingLeavesNoTraceInAnyFile() throws {
        let (f, n) = try populated()
        let before = try allBytes(f)
        #expect(Self.secrets.contains { before.range(of: Data($0.utf8)) != nil }, "the test data must be there before")
        try f.register.forget(n, on: f.today, reference: .request(7))
        let after = try allBytes(f)
        for secret in Self.secrets {
            #expect(after.range(of: Data(secret.utf8)) == nil, "'\(secret)' is still in the files")
        }
    }

    /// The same for several forgotten at once (the retention review's A, `retention --forget`),
    /// which deletes their search terms together before erasing each.
    @Test func forgettingSeveralAtOnceLeavesNoTraceInAnyFile() throws {
        let (f, n) = try populated()
        let second = ["Yrjänä", "Hääpöö", "yrjana.haapoo", "+358451112233", "Örninkatu"]
        let m = try f.add(second[0], second[1]) {
            $0.email = "yrjana.haapoo@example.fi"; $0.phone = "045 111 2233"; $0.street = "Örninkatu 4"; $0.postcode = "40100"; $0.town = "Jyväskylä"
        }
        try f.register.addContact(ContactEvent(date: f.today, channel: .email, note: "Hääpöö kysyi hintaa"), customer: m)
        let before = try allBytes(f)
        for secret in second { #expect(before.range(of: Data(secret.utf8)) != nil, "'\(secret)' must be there before") }
        let outcome = try f.register.forgetAll([n, m], on: f.today, reference: .retentionReview)
        #expect(outcome.forgotten == [n, m] && outcome.scrubbed)
        let after = try allBytes(f)
        for secret in Self.secrets + second {
            #expect(after.range(of: Data(secret.utf8)) == nil, "'\(secret)' is still in the files")
        }
        #expect(try f.register.countCustomers(matching: SearchQuery("laine")) == 1)
    }

    /// Found: while a second window held a read snapshot, forget waited 5 s, said "forgotten"
    /// and the name stayed in the register file. Now it says the scrub is pending, does not
    /// wait long, and the next open (or the other window letting go) finishes it.
    @Test func aScrubHeldUpByAReaderIsFinishedLater() throws {
        let (f, n) = try populated()
        let reader = try Database(path: f.register.path, create: false)
        try reader.execute("BEGIN")
        _ = try reader.scalarInt("SELECT count(*) FROM customer")
        let started = Date()
        let outcome = try f.register.forget(n, on: f.today)
        #expect(Date().timeIntervalSince(started) < 3, "no long wait for the reader")
        #expect(outcome.logged && !outcome.scrubbed)
        #expect(try f.register.setting(Register.scrubPendingKey) != nil)
        try reader.execute("COMMIT")
        reader.close()
        let path = f.register.path
        f.register.close()
        let reopened = try Register.open(at: path)
        #expect(try reopened.setting(Register.scrubPendingKey) == nil)
        let after = try allBytes(f)
        for secret in Self.secrets { #expect(after.range(of: Data(secret.utf8)) == nil, "'\(secret)' is still in the files") }
        reopened.close()
    }

    /// A business named after the person (a toiminimi) goes with them when nobody else is in
    /// it; a company with other people, or one that does not name them, stays.
    @Test func aBusinessInTheirOwnNameGoesWithThem() throws {
        let f = try Fixture()
        let sole = try f.add("Säde", "Ylijärvi") { $0.organisation = "Toiminimi Säde Ylijärvi" }
        let partner = try f.add("Pirkko", "Öhrnberg") { $0.organisation = "Öhrnberg & Kumpp. Oy" }
        try f.add("Ville", "Vänskä") { $0.organisation = "Öhrnberg & Kumpp. Oy" }
        let employee = try f.add("Olli", "Närhi") { $0.organisation = "Kide Media Oy" }
        for number in [sole, partner, employee] { try f.register.forget(number, on: f.today, reference: nil) }
        #expect(try f.register.organisations().map(\.name).sorted() == ["Kide Media Oy", "Öhrnberg & Kumpp. Oy"])
        #expect(try allBytes(f).range(of: Data("Säde Ylijärvi".utf8)) == nil)
        #expect(try f.register.db.first("PRAGMA foreign_key_check") { $0.text(0) } == nil)
    }

    @Test func theTombstoneKeepsExactlyTheOrders() throws {
        let (f, n) = try populated()
        let ordersBefore = try f.register.orders(ofCustomer: n)
        try f.register.forget(n, on: f.today)
        #expect(try f.register.customer(n) == nil)
        #expect(try f.register.forgottenOn(n) == f.today)
        #expect(throws: StoreError.notFound(Refusal("customer \(n) (forgotten on 15.6.2025)"))) { try f.register.requireCustomer(n) }
        let orders = try f.register.orders(ofCustomer: n)
        #expect(orders.count == 1)
        var expected = ordersBefore[0]
        expected.description = "[poistettu]"
        #expect(orders[0] == expected)
        #expect(try f.register.contacts(ofCustomer: n).isEmpty)
        #expect(try f.register.consentEvents(ofCustomer: n).isEmpty)
        #expect(try f.register.countCustomers() == 1)
        #expect(try f.register.countCustomers(matching: SearchQuery("kaariainen")) == 0)
        // The erasure log names nobody.
        let log = try f.register.erasureLog()
        #expect(log.map(\.customer) == [n])
        let logBytes = try #require(FileManager.default.contents(atPath: f.register.erasureLogPath))
        #expect(!String(decoding: logBytes, as: UTF8.self).contains("Kääriäinen"))
        #expect(f.folder.permissions(f.register.erasureLogPath) == 0o600)
    }

    @Test func blockersRefuseAndChangeNothing() throws {
        let f = try Fixture()
        let n = try f.add("Eino", "Leino")
        let d = f.today
        let open = try f.register.addOrder(Order(customerNumber: n, date: d, description: "x", amountCents: 100, status: .invoiced,
                                                 invoiceNumber: "7", invoiceDate: d, dueDate: d))
        #expect { try f.register.forget(n, on: d) } throws: { "\($0)".contains("open invoice 7") }
        try f.register.setCollection(open, true)
        #expect { try f.register.forget(n, on: d) } throws: { "\($0)".contains("debt collection") }
        try f.register.payOrder(open, on: d)
        try f.register.setLegalHold(n, reason: "Riita-asia")
        #expect { try f.register.forget(n, on: d) } throws: { "\($0)".contains("legal hold: Riita-asia") }
        #expect(try f.register.customer(n)?.lastName == "Leino")
        #expect(try f.register.erasureLog().isEmpty)
        try f.register.setLegalHold(n, reason: nil)
        try f.register.forget(n, on: d)
        #expect(try f.register.customer(n) == nil)
    }

    @Test func backupForgetRestoreStillForgotten() throws {
        let (f, n) = try populated()
        let backup = try f.register.backup()
        #expect(backup.hasPrefix(f.folder.file("backups/r-")))
        #expect(f.folder.permissions(backup) == 0o600)
        #expect(f.folder.permissions(f.folder.file("backups")) == 0o700)
        #expect(throws: StoreError.self) { try f.register.backup(to: backup) }
        try f.register.forget(n, on: f.today)
        let path = f.register.path
        f.register.close()
        let outcome = try Register.restore(backup, over: path, today: f.today)
        #expect(outcome.replayed == [n])
        #expect(outcome.customers == 1)
        let restored = try Register.open(at: path)
        #expect(try restored.customer(n) == nil)
        #expect(try restored.orders(ofCustomer: n).count == 1)
        let bytes = try allBytes(f)
        for secret in Self.secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "'\(secret)' came back") }
        // The backup itself is left as it was.
        #expect(try Register.open(at: backup).customer(n)?.lastName == "Ängeslevä")
    }

    @Test func restoreRefusesAForeignFile() throws {
        let f = try Fixture()
        try f.add("Aino", "Laine")
        let bogus = f.folder.file("notes.txt")
        _ = FileManager.default.createFile(atPath: bogus, contents: Data("hei".utf8))
        f.register.close()
        #expect(throws: StoreError.notSQLite(path: bogus)) { try Register.restore(bogus, over: f.register.path, today: f.today) }
        #expect(try Register.open(at: f.register.path).countCustomers() == 1)
    }
}


/// Forgetting erases every kind of data it names, and cuts nothing else.
@Suite struct ForgetEverythingTests {
    /// Found: names survived in inflected forms (`Virtasen lahjakortti`, `Matin hieronta`) while
    /// other words were cut up (`Marian kurssi` became `M[poistettu]an kurssi` for someone named
    /// Ari). A description is left whole or replaced whole.
    @Test func aDescriptionIsLeftWholeOrReplacedWhole() throws {
        let cases: [(first: String, last: String, description: String, kept: Bool)] = [
            ("Ari", "Virtanen", "Marian kurssi", true),
            ("Ari", "Virtanen", "Virtasen lahjakortti", false),
            ("Ari", "Virtanen", "Arin hieronta", false),
            ("Matti", "Öhman", "Matin hieronta", false),
            ("Matti", "Öhman", "Ohmanin perheen lahjakortti", false),
            ("Matti", "Öhman", "Hieronta 60 min", true),
            ("Eeva", "Länsiö", "Lahjakortti, eeva.l@example.fi", false),
            ("Eeva", "Länsiö", "Joogakurssi syksy", true),
            ("Li", "Ek", "Lisätunti", false),
            ("Pekka", "Aho", "Pekan ja Liisan kurssi", false),
            ("Pekka", "Aho", "Pelikurssi", true),
        ]
        for (index, c) in cases.enumerated() {
            let f = try Fixture()
            let n = try f.add(c.first, c.last) { $0.email = "eeva.l@example.fi" }
            let d = LocalDate(year: 2024, month: 3, day: 1)!
            let id = try f.register.addOrder(Order(customerNumber: n, date: d, description: c.description, amountCents: 100, status: .paid,
                                                   paidDate: d))
            try f.register.forget(n, on: f.today)
            let stored = try #require(try f.register.orders(ofCustomer: n).first { $0.id == id }).description
            #expect(stored == (c.kept ? c.description : "[poistettu]"), "case \(index): \(c.description) → \(stored)")
        }
    }

    /// A business named after its owner in an inflected form goes with its last member, like one
    /// named in the nominative.
    @Test func anOrganisationNamedAfterThemInAnyFormGoesWithThem() throws {
        let f = try Fixture()
        let owners = [("Sanna", "Mäkinen", "Mäkisen Hieronta"), ("Aino", "Laine", "Laineen Kampaamo"), ("Säde", "Ylijärvi", "Tmi Säde Ylijärvi")]
        for (first, last, org) in owners {
            let n = try f.add(first, last) { $0.organisation = org }
            try f.register.forget(n, on: f.today)
        }
        let employee = try f.add("Olli", "Närhi") { $0.organisation = "Kide Media Oy" }
        try f.register.forget(employee, on: f.today)
        #expect(try f.register.organisations().map(\.name) == ["Kide Media Oy"])
    }

    /// A customer with data of every kind: the confirmation names every kind, and afterwards
    /// every column of the customer row is empty but the tombstone's own (checked against
    /// `pragma_table_info`, so a column added later must be placed here knowingly).
    @Test func everyKindIsNamedAndEveryColumnIsEmptied() throws {
        let f = try Fixture()
        let n = try f.add("Kerttu", "Ränninen") {
            $0.email = "kerttu@example.fi"; $0.phone = "040 765 4321"; $0.street = "Kuja 1"; $0.postcode = "00100"; $0.town = "Helsinki"
            $0.birthdate = "13.10.1952"; $0.notes = "Muistiinpano"; $0.organisation = "Rännisen Tila"; $0.title = "Isäntä"; $0.source = "event: Messut"
            $0.language = "fi"; $0.kind = "member"; $0.identityCode = "131052-308T"; $0.memberSince = "1.1.2020"; $0.memberUntil = "1.1.2024"
            $0.department = "Tila"; $0.preferredChannel = "email"; $0.addTags = ["VIP"]; $0.websites = ["https://example.fi"]
        }
        let d = LocalDate(year: 2024, month: 3, day: 1)!
        try f.register.addOrder(Order(customerNumber: n, date: d, description: "Kertun kurssi", amountCents: 100, status: .paid, paidDate: d))
        try f.register.addContact(ContactEvent(date: d, channel: .phone, note: "Soitti"), customer: n)
        try f.register.recordConsent(ConsentEvent(kind: .newsletter, granted: true, date: d), customer: n)
        try f.register.addFeedback(Feedback(id: 0, customerNumber: n, date: d, text: "Kiitos", isComplaint: false, resolution: nil))
        let event = try f.register.addEvent(Event(name: "Messut", date: d))
        try f.register.attend(event: event, customer: n)
        try f.register.recordCampaign(Campaign(name: "Kevät", channel: .phone, date: d), reaching: [try #require(try f.register.customer(n))], today: f.today)
        try f.register.addRequest(customer: n, type: .access, received: d, note: "Pyysi tiedot")
        try f.register.addDisclosure(Disclosure(date: d, recipient: "Perintä Oy", what: "osoite"), customer: n)
        try f.register.setRestriction(n, reason: "Kiistää tiedot")
        let plan = try f.register.forgetPlan(n)
        let erases = try f.register.erasedKinds(of: plan.customer)
        #expect(erases == ErasedData.allCases, "missing: \(Set(ErasedData.allCases).subtracting(erases))")
        try f.register.forget(n, on: f.today)

        let tombstone: [String: String?] = ["number": String(n), "first_name": "", "last_name": "", "sort_key": "", "country": "FI",
                                             "kind": "customer", "since": f.today.iso, "forgotten_on": f.today.iso]
        let bookkeeping: Set<String> = ["created_at", "updated_at", "revision"]
        let columns = try f.register.db.rows("SELECT name FROM pragma_table_info('customer')", []) { $0.text(0) }
        for column in columns where !bookkeeping.contains(column) {
            let value: String? = try f.register.db.first("SELECT \(column) FROM customer WHERE number = ?", [n]) { $0.optionalText(0) } ?? nil
            let expected: String? = tombstone[column] ?? nil
            #expect(value == expected, "\(column) = \(String(describing: value))")
        }
        for table in ["contact_event", "consent_event", "customer_tag", "customer_link", "feedback", "event_participant",
                      "campaign_recipient", "disclosure", "search_term"] {
            #expect(try f.register.db.scalarInt("SELECT count(*) FROM \(table) WHERE customer_number = ?", n) == 0, "\(table)")
        }
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM request WHERE customer_number = ? AND note IS NOT NULL", n) == 0)
        #expect(try f.register.orders(ofCustomer: n).map(\.description) == ["[poistettu]"])
        #expect(try f.register.organisations().isEmpty)
    }
}
