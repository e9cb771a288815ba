import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// A walk over everyone (an export, a list of everyone), a walk over a long list of chosen
/// customers (a common word's) and a short list read a slice at a time must complete every
/// customer alike: their consents and tags as their rows keep them (v36), in step with their
/// tables through triggers, and their links from their own table.
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
    /// as one long list (read a chunk at a time), and 500 at a time (a view's windows).
    static func bothWalks(_ r: Register) throws -> (everyone: [Customer], chosen: [Customer]) {
        var everyone: [Customer] = []
        try r.forEachCustomer(matching: SearchQuery("")) { everyone.append($0) }
        var long: [Customer] = []
        try r.forEachCustomer(numbered: everyone.map(\.number)) { long.append($0) }
        #expect(long.count > 500)
        var chosen: [Customer] = []
        for start in stride(from: 0, to: everyone.count, by: 500) {
            try r.forEachCustomer(numbered: everyone[start..<min(start + 500, everyone.count)].map(\.number)) { chosen.append($0) }
        }
        #expect(long.count == chosen.count)
        for (a, b) in zip(long, chosen) where a != b { Issue.record("one long list \(a.number): \(a.bans) \(a.tags) / \(b.bans) \(b.tags)") }
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

    /// The consents and tags each row keeps (v36) are those of their tables, for every customer,
    /// through every way the tables change: a batch added (the generated register and more);
    /// events recorded, older and newer than the latest, changed in each column, moved to
    /// another customer and deleted; tags set, renamed, moved and removed; one customer
    /// forgotten and a batch of them. Compared with the tables read here and with the view.
    @Test func eachRowKeepsItsTablesConsentsAndTags() throws {
        let f = try Self.register()
        let r = f.register
        try Self.expectRowsKeepTheirTables(r, "generated")
        try r.fillSynthetic(customers: 300, organisations: 5, seed: 12, today: f.today)
        try Self.expectRowsKeepTheirTables(r, "a batch added")
        let withEvents = try r.db.rows("SELECT DISTINCT customer_number FROM consent_event ORDER BY 1") { $0.int(0) }
        let withTags = try r.db.rows("SELECT DISTINCT customer_number FROM customer_tag ORDER BY 1") { $0.int(0) }
        let without = try r.db.rows("SELECT number FROM customer WHERE forgotten_on IS NULL AND consents IS NULL AND tags IS NULL ORDER BY 1") { $0.int(0) }
        #expect(withEvents.count > 40 && withTags.count > 40 && without.count > 40)
        func event(_ n: Int64) throws -> Int64 { try #require(try r.db.scalarInt("SELECT max(id) FROM consent_event WHERE customer_number = ?", n)) }
        for (i, kind) in ConsentKind.allCases.enumerated() {
            _ = try r.recordConsent(ConsentEvent(kind: kind, granted: i % 2 == 0, date: f.today), customer: without[i])
            try r.insertConsent(ConsentEvent(kind: kind, granted: true, date: f.today.adding(days: -400), source: nil), customer: withEvents[i], audited: false)
        }
        try Self.expectRowsKeepTheirTables(r, "events recorded")
        let changes = [("kind = 'research'", withEvents[10]), ("kind = 'newsletter'", withEvents[11]), ("granted = 1 - granted", withEvents[12]),
                       ("date = '2001-01-01'", withEvents[13]), ("date = '2099-12-31'", withEvents[14]), ("customer_number = \(without[20])", withEvents[15]),
                       ("customer_number = \(withEvents[17])", withEvents[16])]
        for (change, n) in changes {
            try r.db.run("UPDATE consent_event SET \(change) WHERE id = ?", try event(n))
            try Self.expectRowsKeepTheirTables(r, "an event's \(change)")
        }
        try r.db.run("DELETE FROM consent_event WHERE id = ?", try event(withEvents[18]))
        try r.db.run("DELETE FROM consent_event WHERE customer_number = ?", withEvents[19])
        try Self.expectRowsKeepTheirTables(r, "events deleted")
        var changed = CustomerChanges()
        changed.tags = ["Öljy", "äänestäjä", "Åland", "VIP"]
        try r.updateCustomer(without[30], changed)
        changed.tags = []
        try r.updateCustomer(withTags[0], changed)
        try Self.expectRowsKeepTheirTables(r, "tags set")
        try r.db.run("UPDATE customer_tag SET tag = 'Zorro', tag_key = 'zorro' WHERE customer_number = ? AND tag_key = 'oljy'", without[30])
        try r.db.run("UPDATE customer_tag SET customer_number = ? WHERE customer_number = ?", without[31], withTags[1])
        try r.db.run("DELETE FROM customer_tag WHERE customer_number = ? AND tag_key = 'vip'", without[30])
        try r.db.run("DELETE FROM customer_tag WHERE customer_number = ?", withTags[2])
        try Self.expectRowsKeepTheirTables(r, "tags renamed, moved and removed")
        // Those nothing holds: one alone, then a batch (erased after their triggers are set aside).
        let free = try (withEvents[30...] + withTags[30...]).filter { try r.forgetPlan($0).isAllowed && r.customer($0).map { $0.bans.count + $0.tags.count > 0 } == true }
        #expect(free.count > 20)
        _ = try r.forget(free[0], on: f.today)
        _ = try r.forgetAll(Array(free[1..<20]), on: f.today, reference: nil)
        try Self.expectRowsKeepTheirTables(r, "forgotten")
        let tombstones = try r.db.rows("SELECT number FROM customer WHERE forgotten_on IS NOT NULL AND consents IS NULL AND tags IS NULL") { $0.int(0) }
        #expect(Set(free[0..<20]).isSubset(of: Set(tombstones)))
    }

    /// Every customer's row keeps the consents and tags their tables hold, as worked out here
    /// from the tables (the latest event of a kind by date, then id; tags by key) and as the
    /// view that the triggers copy from says.
    static func expectRowsKeepTheirTables(_ r: Register, _ when: String) throws {
        var bits: [Int64: ConsentBits] = [:]
        try r.db.forEach("SELECT customer_number, kind, granted FROM consent_event ORDER BY customer_number, kind, date, id") { row in
            bits[row.int(0), default: ConsentBits()].record(try row.known(1, ConsentKind.self), granted: row.bool(2))
        }
        var tags: [Int64: [String]] = [:]
        try r.db.forEach("SELECT customer_number, tag FROM customer_tag ORDER BY customer_number, tag_key") { row in tags[row.int(0), default: []].append(row.text(1)) }
        var checked = 0
        try r.db.forEach("SELECT c.number, c.consents, c.tags, v.consents, v.tags FROM customer c JOIN consents_and_tags_now v ON v.customer_number = c.number") { row in
            let n = row.int(0), expected = (bits[n] ?? ConsentBits()).stored, expectedTags = tags[n] ?? []
            if row.int(1) != expected || row.isNull(1) != (expected == 0) || StoredTags.list(row.optionalText(2)) != expectedTags || row.int(3) != row.int(1) || row.optionalText(4) != row.optionalText(2) {
                Issue.record("\(when): customer \(n) keeps \(row.int(1)) \(row.optionalText(2) ?? "-"), the tables say \(expected) \(expectedTags)")
            }
            checked += 1
        }
        #expect(checked == Int(try r.db.scalarInt("SELECT count(*) FROM customer") ?? -1), "\(when)")
    }

    /// A row's consents read back as recorded for every kind and state, and a value this
    /// program never writes is an error, never a guess.
    @Test func storedConsentsReadBackAndUnknownOnesAreErrors() throws {
        for kind in ConsentKind.allCases {
            for granted in [false, true] {
                var bits = ConsentBits()
                bits.record(kind, granted: granted)
                let read = try ConsentBits(stored: bits.stored)
                #expect(read == bits && read.granted(kind) == granted, "\(kind) \(granted)")
                #expect(ConsentKind.allCases.filter { read.granted($0) != nil } == [kind])
            }
        }
        for value: Int64 in [2, 2 << 10, 1 << 12, -1, -2, .max] {
            #expect(throws: StoreError.self, "\(value)") { try ConsentBits(stored: value) }
        }
        #expect(StoredTags.list(nil) == [] && StoredTags.list("Öljy") == ["Öljy"] && StoredTags.list("a\u{1F}Åke ja Ööpi") == ["a", "Åke ja Ööpi"])
    }

    /// Numbers far apart (brought from elsewhere), their consents, tags and links moved with
    /// them by hand: the same customers either way, their rows' columns moved by the triggers.
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

    /// A long list's chunks are of one moment: a customer another process bans (and notes) in
    /// one write while the walk goes on is met with both or with neither, never half of it.
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
