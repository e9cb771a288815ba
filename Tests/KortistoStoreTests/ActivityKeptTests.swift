import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// The retention review reads who may be due from each customer's last activity, kept in
/// step by triggers (v30), and checks each of them from their own rows. Whatever is written,
/// through the register's calls or plain SQL, the kept dates must equal the view they are kept
/// from, and the review must equal one that looks at every customer.
@Suite struct ActivityKeptTests {
    /// Customers since long ago and lately, members past and present, with orders (each of
    /// their dates recent or old), contacts and events attended or not, recent or old, so that
    /// every kind of activity alone decides for someone.
    static func register() throws -> Fixture {
        let f = try Fixture()
        let r = f.register
        let old = f.today.adding(days: -3000), recent = f.today.adding(days: -100)
        let events = [try r.addEvent(Event(name: "Kevätkurssi", date: old)), try r.addEvent(Event(name: "Syyskurssi", date: recent))]
        let firsts = ["Äijä", "Öllö", "Åsa", "Aino", "Eino"], lasts = ["Kääriäinen", "Åkerlund", "Öhman", "Laine"]
        for i in 0..<288 {
            let number = try f.add(firsts[i % 5], lasts[i % 4]) { $0.since = (i % 2 == 0 ? old : recent).finnish }
            switch i / 2 % 12 {
            case 1: try r.db.run("UPDATE customer SET kind = 'member', member_since = ?, member_until = ? WHERE number = ?", old.iso, recent.iso, number)
            case 2: try r.db.run("UPDATE customer SET member_until = ? WHERE number = ?", old.adding(days: 30).iso, number)
            case 3: _ = try r.addOrder(Order(customerNumber: number, date: i % 4 < 2 ? old : recent, description: "Hieronta", amountCents: 6000))
            case 4: _ = try r.addOrder(Order(customerNumber: number, date: old, description: "Kurssi", amountCents: 100, status: .invoiced,
                                             invoiceNumber: "\(i)", invoiceDate: i % 4 < 2 ? old : recent, dueDate: old))
            case 5: _ = try r.addOrder(Order(customerNumber: number, date: old, description: "Kurssi", amountCents: 100, status: .paid,
                                             invoiceNumber: "\(i)", invoiceDate: old, dueDate: old, paidDate: i % 4 < 2 ? old : recent))
            case 6: _ = try r.addContact(ContactEvent(date: i % 4 < 2 ? old : recent, channel: .phone), customer: number)
            case 7: try r.attend(event: events[i % 4 < 2 ? 0 : 1], customer: number)
            case 8: try r.attend(event: events[1], customer: number, attended: false)
            case 9: try r.setLegalHold(number, reason: "Riita")
            default: break
            }
        }
        _ = try r.attend(event: events[1], customer: nil, walkIn: "Ohikulkija")
        return f
    }

    /// The kept dates equal the view; the review equals one over everyone (every kept date
    /// made the oldest possible, inside a transaction that is then undone).
    static func expectReviewTrue(_ r: Register, _ today: LocalDate, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stale = try r.db.scalarInt("""
            SELECT (SELECT count(*) FROM (SELECT * FROM customer_activity EXCEPT SELECT * FROM customer_activity_now))
                 + (SELECT count(*) FROM (SELECT * FROM customer_activity_now EXCEPT SELECT * FROM customer_activity))
            """)
        #expect(stale == 0, "\(step): kept dates that differ from the view", sourceLocation: sourceLocation)
        // The view's `dealt` is the card's last activity, customer by customer.
        let unlike = try r.db.scalarInt("""
            SELECT count(*) FROM customer c LEFT JOIN customer_activity a ON a.customer_number = c.number
            WHERE c.forgotten_on IS NULL AND a.dealt IS NOT \(Register.lastActivitySQL)
            """)
        #expect(unlike == 0, "\(step): kept last activities unlike the card's", sourceLocation: sourceLocation)
        for period in [RetentionPeriod(5, .years), RetentionPeriod(1, .years)] {
            let review = try r.retentionReview(period, today: today)
            var everyone: RetentionReview?
            _ = try? r.db.write {
                try r.db.execute("UPDATE customer_activity SET last = ''")
                everyone = try r.retentionReview(period, today: today)
                throw StoreError.refused(Refusal("undone"))
            }
            #expect(review == everyone, "\(step) \(period)", sourceLocation: sourceLocation)
            // The interface's pages, of every size, those due and those kept, equal the review.
            for limit in [1, 7, 200] {
                for kept in [false, true] {
                    var rows: [KeptCustomer] = [], after: RetentionPosition? = nil
                    repeat {
                        let page = try r.retentionPage(period, today: today, kept: kept, after: after, limit: limit)
                        rows += page.rows
                        after = page.next
                    } while after != nil
                    let expected = kept ? review.kept : review.candidates.map { KeptCustomer(customer: $0.customer, lastActivity: $0.lastActivity, reasons: []) }
                    #expect(rows == expected, "\(step) \(period): pages of \(limit), kept \(kept)", sourceLocation: sourceLocation)
                }
            }
            #expect(try r.retentionKeptCount(period, today: today) == review.kept.count, "\(step) \(period)", sourceLocation: sourceLocation)
            #expect(try r.expiredOrderCount(today: today) == review.expiredOrders, "\(step) \(period)", sourceLocation: sourceLocation)
        }
        #expect(try r.db.scalarInt("SELECT count(*) FROM customer_activity WHERE last = ''") == 0, sourceLocation: sourceLocation)
    }

    @Test func aRegisterOfEveryActivity() throws {
        let f = try Self.register()
        try Self.expectReviewTrue(f.register, f.today, "as made")
        let review = try f.register.retentionReview(RetentionPeriod(5, .years), today: f.today)
        #expect(review.candidates.count > 20)
        #expect(review.kept.count > 5)
    }

    /// Each kind of write, one after another: the review stays true after every one.
    @Test func everyKindOfWriteKeepsTheReviewTrue() throws {
        let f = try Self.register()
        let r = f.register
        let today = f.today.iso, old = f.today.adding(days: -4000).iso
        let steps: [(String, () throws -> Void)] = [
            ("a new customer", { _ = try f.add("Väinö", "Ärräpää") { $0.since = "1.1.2012" } }),
            ("customers since moved", { try r.db.execute("UPDATE customer SET since = '\(old)' WHERE number % 7 = 0") }),
            ("memberships ended", { try r.db.execute("UPDATE customer SET member_until = '\(today)' WHERE number % 11 = 0") }),
            ("memberships taken away", { try r.db.execute("UPDATE customer SET member_until = NULL WHERE number % 13 = 0") }),
            ("an order", { for n in try Self.numbers(r, every: 17) { _ = try r.addOrder(Order(customerNumber: n, date: f.today, description: "Uusi", amountCents: 1)) } }),
            ("order dates moved back", { try r.db.execute("UPDATE customer_order SET date = '\(old)' WHERE id % 2 = 0") }),
            ("invoice dates set", { try r.db.execute("UPDATE customer_order SET invoice_date = '\(today)' WHERE id % 3 = 0") }),
            ("payment dates taken away", { try r.db.execute("UPDATE customer_order SET paid_date = NULL WHERE id % 5 = 0") }),
            ("orders moved to someone else", { try r.db.execute("UPDATE customer_order SET customer_number = customer_number + 1 WHERE id % 4 = 1") }),
            ("orders deleted", { try r.db.execute("DELETE FROM customer_order WHERE id % 3 = 1") }),
            ("a contact", { for n in try Self.numbers(r, every: 19) { _ = try r.addContact(ContactEvent(date: f.today, channel: .email), customer: n) } }),
            ("contact dates moved back", { try r.db.execute("UPDATE contact_event SET date = '\(old)' WHERE id % 2 = 0") }),
            ("contacts moved", { try r.db.execute("UPDATE contact_event SET customer_number = customer_number + 2 WHERE id % 3 = 0") }),
            ("contacts deleted", { try r.db.execute("DELETE FROM contact_event WHERE id % 4 = 0") }),
            ("attended", { for n in try Self.numbers(r, every: 23) { try r.attend(event: 2, customer: n) } }),
            ("attendance taken back", { try r.db.execute("UPDATE event_participant SET attended = 0 WHERE rowid % 2 = 0") }),
            ("attendance moved to the other event", { try r.db.execute("UPDATE OR IGNORE event_participant SET event_id = 1 WHERE event_id = 2 AND rowid % 3 = 0") }),
            ("an event's date moved", { try r.db.execute("UPDATE event SET date = '\(today)' WHERE id = 1") }),
            ("a participant deleted", { try r.db.execute("DELETE FROM event_participant WHERE rowid % 5 = 0") }),
            ("an event deleted", { try r.db.execute("DELETE FROM event WHERE id = 1") }),
            ("an event deleted without its keys checked", {
                try r.attend(event: 2, customer: try Self.numbers(r, every: 1)[0])
                try r.db.execute("PRAGMA foreign_keys = OFF; DELETE FROM event WHERE id = 2; PRAGMA foreign_keys = ON;")
            }),
            ("a batch added (import) with orders and contacts", {
                var records: [CustomerRecord] = []
                for i in 0..<40 {
                    var record = CustomerRecord(fields: try CustomerInput(firstName: "Tuomas", lastName: "Ylä-Mäkelä \(i)", since: "1.1.2015").validate(today: f.today))
                    if i % 3 == 0 { record.orders.append(Order(customerNumber: 0, date: LocalDate(iso: i % 2 == 0 ? old : today)!, description: "Tuotu", amountCents: 1)) }
                    if i % 4 == 0 { record.contacts.append(ContactEvent(date: LocalDate(iso: i % 8 == 0 ? old : today)!, channel: .letter)) }
                    records.append(record)
                }
                try r.addRecords(records, today: f.today)
            }),
            ("forgotten", { for n in try Self.numbers(r, every: 29) { _ = try? r.forget(n, on: f.today) } }),
            ("forgotten together (the review's A)", {
                let due = try r.retentionReview(RetentionPeriod(5, .years), today: f.today).candidates.map(\.customer.number)
                #expect(!due.isEmpty)
                _ = try r.forgetAll(Array(due.prefix(15)), on: f.today, reference: .retentionReview, stillDue: RetentionPeriod(5, .years))
            }),
            ("deleted", { try r.db.execute("DELETE FROM customer WHERE number % 31 = 0 AND forgotten_on IS NULL") }),
        ]
        for (name, step) in steps {
            do { try step() } catch {
                Issue.record("\(name): \(error)")
                throw error
            }
            try Self.expectReviewTrue(r, f.today, name)
        }
    }

    /// The upgrade to v30 fills the kept dates (the migration's own SQL, on the register taken back to v29).
    @Test func theUpgradeFillsTheDates() throws {
        let f = try Self.register()
        try LabelStandingTests.takeBack(f.register, to: 29)
        let upgraded = try Register.open(at: f.register.path)
        #expect(try upgraded.schemaVersion() == Register.latestSchemaVersion)
        try Self.expectReviewTrue(upgraded, f.today, "upgraded")
    }

    /// Every `every`th live customer.
    static func numbers(_ r: Register, every: Int) throws -> [Int64] {
        try r.db.rows("SELECT number FROM customer WHERE forgotten_on IS NULL ORDER BY number") { $0.int(0) }
            .enumerated().filter { $0.offset % every == 0 }.map(\.element)
    }
}

/// The triggers that keep tables in step fail silently when one is missing (a table rebuilt
/// by a later migration drops its triggers): every one is looked for by name, in a new
/// register and in upgraded ones, and after a batch that failed half-way.
@Suite struct KeptTriggersTests {
    static let expected: Set<String> = {
        let label = ["new_customer", "changed_customer", "deleted_customer", "new_ban", "removed_ban", "changed_ban",
                     "new_organisation", "moved_organisation", "removed_organisation"].map { "label_standing_of_" + $0 }
        let activity = ["new_customer", "changed_customer", "deleted_customer", "new_order", "changed_order", "removed_order",
                        "new_contact", "changed_contact", "removed_contact", "new_participant", "changed_participant",
                        "removed_participant", "moved_event", "removed_event"].map { "customer_activity_of_" + $0 }
        let receivable = ["new_order", "removed_order", "changed_order"].map { "receivable_day_of_" + $0 }
        let consentsAndTags = ["new_consent", "changed_consent", "removed_consent", "new_tag", "changed_tag", "removed_tag"].map { "consents_and_tags_of_" + $0 }
        return Set(label + activity + receivable + consentsAndTags + ["label_tally_in", "label_tally_out", "label_tally_moves", "search_term_follows_the_name"])
    }()

    static func triggers(_ r: Register) throws -> Set<String> {
        Set(try r.db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'") { $0.text(0) })
    }

    @Test func everyTriggerIsInPlace() throws {
        let f = try Fixture()
        #expect(try Self.triggers(f.register) == Self.expected)
        let folder = TemporaryFolder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/register-v1.sqlite").path
        try FileManager.default.copyItem(atPath: fixture, toPath: folder.file("v1.sqlite"))
        let v1 = try Register.open(at: folder.file("v1.sqlite"))
        #expect(try Self.triggers(v1) == Self.expected)
        try EveryoneReadAtOnceTests.expectRowsKeepTheirTables(v1, "v1 upgraded")
    }

    /// Outside a write the triggers are not set aside at all: each DROP would stand on its own.
    @Test func theTriggersAreSetAsideOnlyInsideAWrite() throws {
        let f = try Fixture()
        #expect(throws: StoreError.self) { try f.register.withKeptTablesMadeAfter { _ in [] } }
        #expect(try Self.triggers(f.register) == Self.expected)
    }

    /// A batch import that fails half-way (an order no register takes) is undone whole: the
    /// triggers it set aside are back, and the kept rows are as before.
    @Test func aFailedBatchLeavesTheTriggersAndTheKeptRows() throws {
        let f = try ActivityKeptTests.register()
        var good = CustomerRecord(fields: try CustomerInput(firstName: "Aino", lastName: "Laine").validate(today: f.today))
        good.orders = [Order(customerNumber: 0, date: f.today, description: "ok", amountCents: 100)]
        good.consents = [ConsentEvent(kind: .publication, granted: true, date: f.today, source: nil)]
        var bad = CustomerRecord(fields: try CustomerInput(firstName: "Eino", lastName: "Leino").validate(today: f.today))
        bad.orders = [Order(customerNumber: 0, date: f.today, description: "negative", amountCents: -1)]
        #expect(throws: StoreError.self) { try f.register.addRecords([good, good, bad], today: f.today) }
        #expect(try Self.triggers(f.register) == Self.expected)
        try ActivityKeptTests.expectReviewTrue(f.register, f.today, "after a failed batch")
        try LabelStandingTests.expectPreviewTrue(f.register, "after a failed batch")
        try EveryoneReadAtOnceTests.expectRowsKeepTheirTables(f.register, "after a failed batch")
        try f.register.addRecords([good, good], today: f.today)
        #expect(try Self.triggers(f.register) == Self.expected)
        try ActivityKeptTests.expectReviewTrue(f.register, f.today, "after a batch")
        try LabelStandingTests.expectPreviewTrue(f.register, "after a batch")
        try EveryoneReadAtOnceTests.expectRowsKeepTheirTables(f.register, "after a batch")
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM customer WHERE consents IS NOT NULL") ?? 0 >= 2)
    }

    /// `size` records of every kind: every ban and consent, tags, orders old and recent,
    /// contacts, restrictions and legal holds, people at an organisation's address (one of the
    /// five `withOrganisations` adds) and people of organisations the batch makes in its first
    /// slice and uses again in later ones. Record `bad`, if any, has an order no register takes.
    static func records(_ size: Int, today: LocalDate, bad: Int? = nil) throws -> [CustomerRecord] {
        let old = today.adding(days: -3000), kinds = ConsentKind.allCases
        return try (0..<size).map { i in
            var input = CustomerInput(firstName: ["Äijä", "Öllö", "Åsa"][i % 3], lastName: "Ylä-Mäkelä \(i)")
            if i % 4 != 0 { input.organisation = "Osuuskunta \(i % 9)" }
            if i % 4 == 1 { (input.street, input.postcode, input.town) = ("Kivikatu \(i)", "00\(100 + i % 800)", "Helsinki") }
            if i % 7 == 0 { input.tags = "kurssi, Ääni \(i % 5)" }
            if i % 11 == 0 { (input.kind, input.memberSince, input.memberUntil) = ("member", old.finnish, today.adding(days: -400).finnish) }
            var record = CustomerRecord(fields: try input.validate(today: today))
            if i % 3 == 0 { record.consents.append(ConsentEvent(kind: kinds[i % kinds.count], granted: true, date: old, source: nil)) }
            if i % 15 == 0 { record.consents.append(ConsentEvent(kind: kinds[i % kinds.count], granted: false, date: today, source: nil)) }
            if i % 5 == 0 { record.orders.append(Order(customerNumber: 0, date: i % 10 == 0 ? old : today, description: "Tuotu", amountCents: 100)) }
            if i == bad { record.orders.append(Order(customerNumber: 0, date: today, description: "negative", amountCents: -1)) }
            if i % 13 == 0 { record.contacts.append(ContactEvent(date: today, channel: .phone)) }
            if i % 17 == 0 { record.restrictionReason = "Oikaisupyyntö" }
            if i % 19 == 0 { record.legalHoldReason = "Riita" }
            return record
        }
    }

    /// Five organisations with an address (people with none of their own are reached there);
    /// a batch of `records` makes the other four. The planner's figures are then read, those
    /// of a register of a few hundred people.
    static func withOrganisations(_ f: Fixture) throws -> Fixture {
        for i in 0..<5 {
            _ = try f.register.addOrganisation(Organisation(name: "Osuuskunta \(i)", street: "Tehdaskatu \(i)", postcode: "33100", town: "Tampere"))
        }
        try f.register.analyze()
        return f
    }

    /// A batch's kept rows are made a slice at a time as it is written: in a batch smaller than
    /// the register (of one slice and of two) and in one larger (its indexes set aside and the
    /// planner's figures read again as it grows), of three slices. Every kept row equals its
    /// view, and the search terms are those made again from the customers.
    @Test(arguments: [300, 5_000, 10_000])
    func aBatchMakesItsKeptRowsASliceAtATime(size: Int) throws {
        let f = try Self.withOrganisations(try ActivityKeptTests.register())
        let before = try f.register.countCustomers()
        try f.register.addRecords(try Self.records(size, today: f.today), today: f.today)
        #expect(try f.register.countCustomers() == before + size)
        try ActivityKeptTests.expectReviewTrue(f.register, f.today, "after a batch of \(size)")
        try LabelStandingTests.expectPreviewTrue(f.register, "after a batch of \(size)")
        try EveryoneReadAtOnceTests.expectRowsKeepTheirTables(f.register, "after a batch of \(size)")
        #expect(try Self.triggers(f.register) == Self.expected)
        let terms = { try f.register.db.rows("SELECT term, customer_number, sort_key FROM search_term ORDER BY term, customer_number") {
            "\($0.text(0)) \($0.int(1)) \($0.text(2))"
        } }
        let written = try terms()
        try f.register.rebuildSearchIndex()
        #expect(written == (try terms()), "the batch's terms are its customers' own")
    }

    /// A batch that fails after slices' kept rows were made (a bad order in its third slice) is
    /// undone whole: no customer of it, the triggers back, every kept row as before.
    @Test func aBatchThatFailsAfterItsFirstSlicesLeavesNothing() throws {
        let f = try Self.withOrganisations(try ActivityKeptTests.register())
        let before = try f.register.countCustomers()
        #expect(throws: StoreError.self) { try f.register.addRecords(try Self.records(10_000, today: f.today, bad: 9_000), today: f.today) }
        #expect(try f.register.countCustomers() == before)
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM organisation") == 5)
        #expect(try Self.triggers(f.register) == Self.expected)
        try ActivityKeptTests.expectReviewTrue(f.register, f.today, "after a failed batch")
        try LabelStandingTests.expectPreviewTrue(f.register, "after a failed batch")
        try EveryoneReadAtOnceTests.expectRowsKeepTheirTables(f.register, "after a failed batch")
    }
}

/// A register as version 28 wrote it (`Fixtures/register-v28.sqlite`: 240 generated people,
/// then bans set and lifted, restrictions, a legal hold, people at their organisation's
/// address, PO boxes, members past and present, events attended, contacts and orders old and
/// recent, people forgotten), upgraded through 29 and 30: the kept tables are made from what
/// it holds, and the label preview and the retention review tell the truth about it.
@Suite struct VersionTwentyEightTests {
    static func upgraded() throws -> (TemporaryFolder, Register) {
        let folder = TemporaryFolder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/register-v28.sqlite").path
        try FileManager.default.copyItem(atPath: fixture, toPath: folder.file("v28.sqlite"))
        return (folder, try Register.open(at: folder.file("v28.sqlite")))
    }

    @Test func theKeptTablesAreMadeFromWhatItHolds() throws {
        let (folder, register) = try Self.upgraded()
        _ = folder
        #expect(try register.schemaVersion() == Register.latestSchemaVersion)
        #expect(try KeptTriggersTests.triggers(register) == KeptTriggersTests.expected)
        try LabelStandingTests.expectPreviewTrue(register, "v28 upgraded")
        try EveryoneReadAtOnceTests.expectRowsKeepTheirTables(register, "v28 upgraded")
        #expect(try register.db.scalarInt("SELECT count(*) FROM customer WHERE consents IS NOT NULL") ?? 0 > 0)
        #expect(try register.db.scalarInt("SELECT count(*) FROM customer WHERE tags IS NOT NULL") ?? 0 > 0)
        for today in [LocalDate(year: 2026, month: 12, day: 1)!, LocalDate(year: 2030, month: 1, day: 1)!] {
            try ActivityKeptTests.expectReviewTrue(register, today, "v28 upgraded, reviewed on \(today.iso)")
        }
        // The shapes it was made for are there.
        let glance = try #require(try register.labelGlance(purpose: .marketing, first: 0))
        #expect(Set(glance.excluded.keys) == [.publicationBan, .restricted, .marketingBan, .incompleteAddress])
        let review = try register.retentionReview(RetentionPeriod(5, .years), today: LocalDate(year: 2026, month: 12, day: 1)!)
        #expect(!review.candidates.isEmpty && !review.kept.isEmpty)
    }
}
