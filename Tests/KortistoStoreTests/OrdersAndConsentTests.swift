import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

@Suite struct OrdersAndConsentTests {
    @Test func payAndCollectionRules() throws {
        let f = try Fixture()
        let n = try f.add("Aino", "Laine")
        let d = LocalDate(year: 2025, month: 5, day: 2)!
        let open = try f.register.addOrder(Order(customerNumber: n, date: d, description: "Hieronta 60 min", amountCents: 12000,
                                                 status: .invoiced, invoiceNumber: "20001", invoiceDate: d, dueDate: d.adding(days: 14)))
        let ordered = try f.register.addOrder(Order(customerNumber: n, date: d, description: "Lahjakortti", amountCents: 5000))
        #expect(throws: StoreError.self) { try f.register.setCollection(ordered, true) }
        try f.register.setCollection(open, true)
        #expect(try f.register.order(open)?.inCollection == true)
        try f.register.payOrder(open, on: f.today)
        let paid = try #require(try f.register.order(open))
        #expect(paid.status == .paid && paid.paidDate == f.today && !paid.inCollection)
        #expect(throws: StoreError.self) { try f.register.payOrder(open, on: f.today) }
        #expect(throws: StoreError.notFound("order 999")) { try f.register.payOrder(999, on: f.today) }
        #expect(throws: StoreError.notFound("customer 4242")) {
            try f.register.addOrder(Order(customerNumber: 4242, date: d, description: "x", amountCents: 1))
        }
    }

    @Test func bansAreAnAppendOnlyLog() throws {
        let f = try Fixture()
        let n = try f.add("Aino", "Laine")
        let d1 = LocalDate(year: 2025, month: 2, day: 3)!, d2 = LocalDate(year: 2025, month: 3, day: 1)!
        #expect(try f.register.recordConsent(ConsentEvent(kind: .publication, granted: true, date: d1, source: "puhelu"), customer: n))
        #expect(try !f.register.recordConsent(ConsentEvent(kind: .publication, granted: true, date: d2), customer: n))
        #expect(try f.register.recordConsent(ConsentEvent(kind: .marketing, granted: true, date: d1), customer: n))
        #expect(try f.register.customer(n)?.bans == [.publication, .marketing])
        #expect(try f.register.recordConsent(ConsentEvent(kind: .publication, granted: false, date: d2), customer: n))
        #expect(try f.register.customer(n)?.bans == [.marketing])
        #expect(try f.register.consentEvents(ofCustomer: n).count == 3)
        #expect(try !f.register.recordConsent(ConsentEvent(kind: .newsletter, granted: false, date: d2), customer: n))
        #expect(try f.register.recordConsent(ConsentEvent(kind: .newsletter, granted: true, date: d2), customer: n))
        #expect(try f.register.customer(n)?.newsletterConsent == true)
    }

    /// Consents are read from their index alone (v35), in a new register and one a v28 file was
    /// upgraded to: as the triggers keep them on a customer's row (v36), and the label
    /// standing's bans (no row of the table read).
    @Test func consentsAreReadFromTheirIndexAlone() throws {
        let fresh = try Fixture()
        let (folder, upgraded) = try VersionTwentyEightTests.upgraded()
        _ = folder
        for register in [fresh.register, upgraded] {
            func plan(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [String] {
                try register.db.rows("EXPLAIN QUERY PLAN " + sql, arguments) { $0.text(3) }.filter { $0.contains("consent_event") || $0.contains(" e ") }
            }
            let kept = try plan("SELECT consents FROM consents_and_tags_now WHERE customer_number = 1001")
            // The latest event of each kind, and whether any is of a kind not known.
            #expect(kept.count == ConsentKind.allCases.count + 1 && kept.allSatisfy { $0.contains("USING COVERING INDEX consent_by_customer") }, "\(kept)")
            let standing = try plan("SELECT * FROM label_standing_now WHERE customer_number = 1001")
            #expect(!standing.isEmpty && standing.allSatisfy { $0.contains("USING COVERING INDEX consent_by_customer") }, "\(standing)")
        }
    }

    @Test func lastActivityIsTheNewestOfEverything() throws {
        let f = try Fixture()
        let n = try f.add("Aino", "Laine") { $0.since = "1.1.2018" }
        #expect(try f.register.lastActivity(n) == LocalDate(year: 2018, month: 1, day: 1))
        let d = LocalDate(year: 2019, month: 5, day: 2)!
        let id = try f.register.addOrder(Order(customerNumber: n, date: d, description: "x", amountCents: 100, status: .invoiced,
                                               invoiceNumber: "1", invoiceDate: d.adding(days: 3), dueDate: d.adding(days: 17)))
        #expect(try f.register.lastActivity(n) == d.adding(days: 3))
        try f.register.payOrder(id, on: LocalDate(year: 2020, month: 1, day: 9)!)
        #expect(try f.register.lastActivity(n) == LocalDate(year: 2020, month: 1, day: 9))
        try f.register.addContact(ContactEvent(date: LocalDate(year: 2021, month: 3, day: 4)!, channel: .phone), customer: n)
        #expect(try f.register.lastActivity(n) == LocalDate(year: 2021, month: 3, day: 4))
    }

    @Test func batchInsertIsAllOrNothing() throws {
        let f = try Fixture()
        var good = CustomerRecord(fields: try CustomerInput(firstName: "Aino", lastName: "Laine").validate(today: f.today))
        good.orders = [Order(customerNumber: 0, date: f.today, description: "ok", amountCents: 100)]
        var bad = CustomerRecord(fields: try CustomerInput(firstName: "Eino", lastName: "Leino").validate(today: f.today))
        bad.orders = [Order(customerNumber: 0, date: f.today, description: "negative", amountCents: -1)]
        #expect(throws: StoreError.self) { try f.register.addRecords([good, good, bad], today: f.today) }
        #expect(try f.register.countCustomers() == 0)
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM customer_order") == 0)
        try f.register.addRecords([good, good], today: f.today)
        #expect(try f.register.countCustomers() == 2)
    }

    @Test func syntheticRegisterLoads() throws {
        let f = try Fixture()
        let generator = SyntheticRegister(seed: 3, today: f.today)
        let orgs = generator.organisations(count: 5)
        for org in orgs { try f.register.addOrganisation(org) }
        try f.register.addRecords(generator.customers(count: 300, organisations: orgs), today: f.today)
        #expect(try f.register.countCustomers() == 300)
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM customer_order WHERE status = 'invoiced'")! > 0)
        #expect(try f.register.db.scalarInt("PRAGMA foreign_key_check") == nil)
        #expect(try f.register.db.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
    }

    @Test func organisationsRefuseDuplicateBusinessID() throws {
        let f = try Fixture()
        try f.register.addOrganisation(Organisation(name: "Järvi Puu Oy", businessID: "1234567-1"))
        #expect(throws: StoreError.self) { try f.register.addOrganisation(Organisation(name: "Toinen Oy", businessID: "1234567-1")) }
        #expect(try f.register.organisation("järvi puu oy")?.businessID == "1234567-1")
    }
}
