import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// A walk over everyone (an export, a list of everyone) reads everyone's consents and tags at
/// once, in their tables' order, and a walk over a long list of chosen customers (a common
/// word's) reads theirs ahead in number order (`ConsentsAndTags`); a short list looks them up
/// a slice at a time. All three must complete every customer alike.
@Suite struct EveryoneReadAtOnceTests {
    /// A generated register (tags alone, together and none) with every kind of consent in every
    /// state: granted; withdrawn; granted, then withdrawn; a later event entered before an
    /// earlier one; two events of one day (the later entered decides); two kinds at once.
    /// Links, forgotten customers (gaps in the numbers) and restricted ones.
    static func register() throws -> Fixture {
        let f = try Fixture()
        let r = f.register
        try r.fillSynthetic(customers: 1200, organisations: 40, seed: 11, today: f.today)
        let kinds = ConsentKind.allCases
        func record(_ kind: ConsentKind, _ granted: Bool, daysAgo: Int, _ number: Int64) throws {
            // Written as given (recording skips an event that changes nothing).
            try r.insertConsent(ConsentEvent(kind: kind, granted: granted, date: f.today.adding(days: -daysAgo), source: nil), customer: number, audited: false)
        }
        for (i, number) in stride(from: Int64(1001), through: 2200, by: 2).enumerated() {
            let kind = kinds[i % kinds.count], other = kinds[(i + 1) % kinds.count]
            switch i / kinds.count % 6 {
            case 0: try record(kind, true, daysAgo: 10, number)
            case 1: try record(kind, false, daysAgo: 10, number)
            case 2: try record(kind, true, daysAgo: 10, number); try record(kind, false, daysAgo: 5, number)
            case 3: try record(kind, false, daysAgo: 5, number); try record(kind, true, daysAgo: 10, number)
            case 4: try record(kind, true, daysAgo: 7, number); try record(kind, false, daysAgo: 7, number)
            default: try record(kind, true, daysAgo: 3, number); try record(other, true, daysAgo: 3, number); try record(other, false, daysAgo: 1, number)
            }
        }
        for number in stride(from: Int64(1004), through: 2200, by: 37) {
            try r.addLinks([ProfileLink(kind: .website, url: "https://example.fi/\(number)")], to: number)
        }
        try r.db.execute("UPDATE customer SET restriction_reason = 'disputed' WHERE number % 61 = 0")
        for number in stride(from: Int64(1009), through: 2200, by: 101) { _ = try? r.forget(number, on: f.today) } // some are held
        return f
    }

    /// Everyone as the walk over everyone gives them, and as the walk over their numbers does:
    /// all at once (read ahead), and 500 at a time (looked up a slice at a time).
    static func bothWalks(_ r: Register) throws -> (everyone: [Customer], chosen: [Customer]) {
        var everyone: [Customer] = []
        try r.forEachCustomer(matching: SearchQuery("")) { everyone.append($0) }
        var readAhead: [Customer] = []
        try r.forEachCustomer(numbered: everyone.map(\.number)) { readAhead.append($0) }
        #expect(readAhead.count > 500)
        var chosen: [Customer] = []
        for start in stride(from: 0, to: everyone.count, by: 500) {
            try r.forEachCustomer(numbered: everyone[start..<min(start + 500, everyone.count)].map(\.number)) { chosen.append($0) }
        }
        #expect(readAhead.count == chosen.count)
        for (a, b) in zip(readAhead, chosen) where a != b { Issue.record("read ahead \(a.number): \(a.bans) \(a.tags) / \(b.bans) \(b.tags)") }
        return (everyone, chosen)
    }

    @Test func everyCustomerIsCompletedAlikeEitherWay() throws {
        let f = try Self.register()
        let (everyone, chosen) = try Self.bothWalks(f.register)
        #expect(everyone.count == Int(try f.register.db.scalarInt("SELECT count(*) FROM customer WHERE forgotten_on IS NULL") ?? 0))
        #expect(everyone.count < 1200)
        #expect(everyone.count == chosen.count)
        for (a, b) in zip(everyone, chosen) where a != b { Issue.record("\(a.number): \(a.bans) \(a.tags) / \(b.bans) \(b.tags)") }
        // And as each customer's own consent log says, read event by event.
        for c in everyone {
            let current = ConsentEvent.currentState(of: try f.register.consentEvents(ofCustomer: c.number))
            let granted = Set(current.values.filter(\.granted).map(\.kind))
            if c.bans != ConsentKind.bans.filter(granted.contains) || c.newsletterConsent != granted.contains(.newsletter)
                || c.smsConsent != granted.contains(.sms) || c.smsConsentWithdrawn != (current[.sms]?.granted == false) {
                Issue.record("\(c.number): \(c.bans) against the log's \(granted)")
            }
        }
        // The register has what the test is about.
        #expect(Set(everyone.flatMap(\.bans)) == Set(ConsentKind.bans))
        #expect(everyone.contains(where: \.newsletterConsent) && everyone.contains(where: \.smsConsent) && everyone.contains(where: \.smsConsentWithdrawn))
        #expect(everyone.contains { $0.tags.count > 1 } && everyone.contains { $0.tags.count == 1 } && everyone.contains { !$0.links.isEmpty })
    }

    /// Numbers far apart (brought from elsewhere) are held in a dictionary instead of an array
    /// as long as the numbers: the same customers either way.
    @Test func farApartNumbersAreCompletedAlike() throws {
        let f = try Self.register()
        let before = try Self.bothWalks(f.register).everyone
        try f.register.db.execute("""
            PRAGMA foreign_keys = OFF;
            UPDATE customer SET number = 9000000000 + number WHERE number % 2 = 1;
            UPDATE consent_event SET customer_number = 9000000000 + customer_number WHERE customer_number % 2 = 1;
            UPDATE customer_tag SET customer_number = 9000000000 + customer_number WHERE customer_number % 2 = 1;
            UPDATE customer_link SET customer_number = 9000000000 + customer_number WHERE customer_number % 2 = 1;
            PRAGMA foreign_keys = ON;
            """)
        let (everyone, chosen) = try Self.bothWalks(f.register)
        #expect(everyone == chosen)
        // Ties in name order fall the other way for moved numbers: compared by the old number.
        let moved = Dictionary(uniqueKeysWithValues: everyone.map { ($0.number % 9_000_000_000, $0) })
        #expect(moved.count == before.count)
        for b in before {
            let a = moved[b.number]
            if a?.bans != b.bans || a?.tags != b.tags || a?.links != b.links || a?.smsConsentWithdrawn != b.smsConsentWithdrawn {
                Issue.record("\(b.number): \(a?.bans ?? []) \(a?.tags ?? []) / \(b.bans) \(b.tags)")
            }
        }
    }

    /// The consents read first and the customers read after are of one moment: a customer
    /// another process adds with a ban while the walk goes on is not met without it.
    @Test func aBanRecordedDuringALongListIsMetWithItsRow() throws {
        let f = try Self.register()
        let other = try Register.open(at: f.register.path)
        var everyone: [Customer] = []
        try f.register.forEachCustomer(matching: SearchQuery("")) { everyone.append($0) }
        let last = try #require(everyone.last { $0.bans.isEmpty && $0.notes == nil })
        var met: Customer?
        try f.register.forEachCustomer(numbered: everyone.map(\.number)) { customer in
            if customer.number == everyone[0].number {
                // The last one is banned and noted in one write while the list is read.
                _ = try other.write {
                    _ = try other.recordConsent(ConsentEvent(kind: .publication, granted: true, date: f.today, source: nil), customer: last.number)
                    try other.db.run("UPDATE customer SET notes = 'kielto' WHERE number = ?", last.number)
                }
            }
            if customer.number == last.number { met = customer }
        }
        let seen = try #require(met)
        #expect((seen.bans, seen.notes) == ([], nil) || (seen.bans, seen.notes) == ([.publication], "kielto"))
    }

    @Test func aCustomerAddedDuringTheWalkIsNotMetWithoutTheirBan() throws {
        let f = try Self.register()
        let other = try Register.open(at: f.register.path)
        var added: Int64?
        var met: [Customer] = []
        try f.register.forEachCustomer(matching: SearchQuery("")) { customer in
            if added == nil {
                var input = CustomerInput(firstName: "Öllö", lastName: "Öhman")
                input.street = "Kuja 1"
                let number = try other.addCustomer(input.validate(today: f.today), today: f.today)
                _ = try other.recordConsent(ConsentEvent(kind: .publication, granted: true, date: f.today, source: nil), customer: number)
                added = number
            }
            if customer.number == added { met.append(customer) }
        }
        // Added after the walk's moment, so not met at all (before, each slice was a moment of its own).
        #expect(met.isEmpty)
        #expect(try f.register.customer(try #require(added))?.bans == [.publication])
    }

    /// A walk reads its register at one moment: a write from inside it, which would be of a
    /// moment already past, is refused with a sentence of the language tables, and nothing is
    /// written; the same write after the walk lands.
    @Test func aWriteFromInsideAWalkIsRefused() throws {
        let f = try Self.register()
        let before = try f.register.countCustomers()
        var refusals: [String] = []
        for walk in ["everyone", "a long list"] {
            let numbers = walk == "a long list" ? try f.register.customers(matching: SearchQuery(""), limit: 600).map(\.number) : []
            var tried = false
            func body(_ customer: Customer) throws {
                guard !tried else { return }
                tried = true
                do {
                    _ = try f.register.addCustomer(CustomerInput(firstName: "Äijö", lastName: "Kesken").validate(today: f.today), today: f.today)
                } catch let StoreError.refused(refusal) {
                    refusals.append(refusal.format)
                }
            }
            if numbers.isEmpty { try f.register.forEachCustomer(matching: SearchQuery(""), body) } else { try f.register.forEachCustomer(numbered: numbers, body) }
        }
        #expect(refusals == Array(repeating: "nothing is written while the register is read at one moment", count: 2))
        #expect(try f.register.countCustomers() == before)
        _ = try f.register.addCustomer(CustomerInput(firstName: "Äijö", lastName: "Kesken").validate(today: f.today), today: f.today)
        #expect(try f.register.countCustomers() == before + 1)
    }
}
