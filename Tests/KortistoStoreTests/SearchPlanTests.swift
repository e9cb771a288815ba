import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// The store picks a plan per query (sorted fetch of the rarest word's matches, or a walk in
/// name order). Whatever it picks, the window must equal a brute-force filter of every customer.
@Suite struct SearchPlanTests {
    /// Built once; each test opens its own connection (a Register belongs to one thread).
    nonisolated(unsafe) static let shared: Fixture = {
        let f = try! Fixture()
        try! f.register.fillSynthetic(customers: 3000, organisations: 150, seed: 11, today: f.today)
        return f
    }()

    let register: Register

    init() throws {
        register = try Register.open(at: Self.shared.register.path)
    }

    /// Every live customer, in list order, filtered in memory.
    func bruteForce(_ query: SearchQuery) throws -> [Int64] {
        var all: [Customer] = []
        try register.forEachCustomer { all.append($0) }
        let matching = all.filter { customer in
            let terms = SearchTerms.forCustomer(customer)
            return query.terms.allSatisfy { word in terms.contains { $0.hasPrefix(word) } }
        }
        return matching.sorted {
            (FinnishOrder.personKey(last: $0.lastName, first: $0.firstName), $0.number)
                < (FinnishOrder.personKey(last: $1.lastName, first: $1.firstName), $1.number)
        }.map(\.number)
    }

    @Test(arguments: ["", "v", "virt", "ö", "öhm", "matti virt", "aino l", "example", "a e", "040", "oy", "zz", "x", "kärk", "tapasimme",
                      "virtanen h", "virtanen hel", "matti v", "mäki j", "korhonen t", "juha m", "anna k", "a b c"])
    func windowsMatchBruteForce(_ text: String) throws {
        let query = SearchQuery(text)
        let expected = try bruteForce(query)
        #expect(try register.customers(matching: query, limit: 40).map(\.number) == Array(expected.prefix(40)))
        #expect(try register.customers(matching: query, limit: 25, offset: 30).map(\.number) == Array(expected.dropFirst(30).prefix(25)))
        #expect(try register.countCustomers(matching: query) == expected.count)
    }

    @Test func everyPlanIsExercised() throws {
        #expect(try register.explainWindow(SearchQuery("example")).contains { $0.contains("customer_by_name") })
        #expect(try !register.explainWindow(SearchQuery("kärk")).contains { $0.contains("customer_by_name") })
        // Two words with rows of the same order: their index ranges intersected.
        #expect(try register.explainWindow(SearchQuery("matti virt")).contains { $0.contains("INTERSECT") })
    }

    @Test(arguments: ["", "k", "mäk"])
    func keysetPagingVisitsEveryoneOnce(_ text: String) throws {
        let query = SearchQuery(text)
        var seen: [Int64] = []
        var page = try register.customers(matching: query, limit: 97)
        while let last = page.last {
            seen += page.map(\.number)
            page = try register.customers(matching: query, after: last, limit: 97)
        }
        let expected = try bruteForce(query)
        #expect(seen == expected)
        // And back up from the end.
        if expected.count > 10, let anchor = try register.customer(expected[expected.count - 1]) {
            let before = try register.customers(matching: query, after: anchor, backwards: true, limit: 10)
            #expect(before.map(\.number) == Array(expected.dropLast().suffix(10)))
        }
    }
}

/// Imports look every row up by e-mail and phone: those lookups must seek, never scan.
@Suite struct DuplicateLookupTests {
    @Test func emailAndPhoneLookupsUseTheirIndexesAndIgnoreCase() throws {
        let f = try Fixture()
        let n = try f.add("Ääpeli", "Östman") { $0.email = "Aapeli.Ostman@Example.fi"; $0.phone = "040 123 4567" }
        #expect(try f.register.existingCustomer(email: "aapeli.ostman@example.fi", phone: nil) == n)
        #expect(try f.register.existingCustomer(email: "AAPELI.OSTMAN@EXAMPLE.FI", phone: nil) == n)
        #expect(try f.register.existingCustomer(email: nil, phone: "+358401234567") == n)
        #expect(try f.register.existingCustomer(email: "toinen@example.fi", phone: nil) == nil)
        for (sql, index) in [("SELECT number FROM customer WHERE email = 'a@b.fi' COLLATE NOCASE AND forgotten_on IS NULL", "customer_by_email"),
                             ("SELECT number FROM customer WHERE phone = '+358401234567' AND forgotten_on IS NULL", "customer_by_phone")] {
            let plan = try f.register.db.rows("EXPLAIN QUERY PLAN " + sql) { $0.text(3) }.joined(separator: " | ")
            #expect(plan.contains("SEARCH customer USING INDEX \(index)"), "\(plan)")
        }
    }
}

extension DuplicateLookupTests {
    @Test func theBulkIndexFindsWhatTheQueryFinds() throws {
        let f = try Fixture()
        let first = try f.add("Åsa", "Öberg") { $0.email = "Asa.Oberg@Example.fi"; $0.phone = "040 765 4321" }
        _ = try f.add("Åsa", "Öberg") { $0.email = "asa.oberg@example.fi" }
        let other = try f.add("Eero", "Ärje") { $0.phone = "050 111 2222" }
        let index = try f.register.duplicateIndex()
        for (email, phone) in [("asa.oberg@example.fi", nil), ("ASA.OBERG@EXAMPLE.FI", nil), (nil, "+358501112222"), ("x@example.fi", nil),
                               (nil, "+358407654321"), ("x@example.fi", "+358501112222"), (nil, nil)] as [(String?, String?)] {
            #expect(index.existing(email: email, phone: phone) == (try f.register.existingCustomer(email: email, phone: phone)))
        }
        #expect(index.existing(email: "asa.oberg@example.fi", phone: nil) == first)
        #expect(index.existing(email: nil, phone: "+358501112222") == other)
    }
}

/// Forgetting reads and deletes a person's rows table by table: each of those must seek, or a
/// review's bulk forget grows with the square of its size (#20: the audit log, unindexed, made
/// 2,984 erasures take 85 s at 100k customers).
@Suite struct ForgetCostTests {
    @Test func everyTableWithACustomerNumberIsIndexedByIt() throws {
        let f = try Fixture()
        let tables = try f.register.db.rows("""
            SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'customer_number'
            """) { $0.text(0) }
        #expect(tables.count > 10)
        // erasure_pending holds the lines of the erasures in one transaction, emptied when it commits.
        for table in tables where table != "erasure_pending" {
            let plan = try f.register.db.rows("EXPLAIN QUERY PLAN DELETE FROM \(table) WHERE customer_number = 1001") { $0.text(3) }.joined(separator: " | ")
            #expect(plan.contains("USING") && !plan.contains("SCAN"), "\(table): \(plan)")
        }
    }

    @Test func theAuditLogIsSearchedByEntityAndNumber() throws {
        let f = try Fixture()
        for sql in ["DELETE FROM audit_log WHERE entity IN ('customer', 'consent') AND entity_id = 1001",
                    "SELECT EXISTS (SELECT 1 FROM audit_log WHERE entity IN ('customer', 'consent') AND entity_id = 1001)"] {
            let plan = try f.register.db.rows("EXPLAIN QUERY PLAN " + sql) { $0.text(3) }.joined(separator: " | ")
            #expect(plan.contains("SEARCH audit_log USING") && plan.contains("INDEX audit_by_entity"), "\(plan)")
        }
    }
}

/// A whole list (a command's `list --search`, an export) wants every match: the rarest word's
/// index rows drive, whatever their share, where a window of 40 walks the name index for a
/// common word (#20: `list --search virtanen` walked all 100k customers, 245 ms).
@Suite struct WholeListPlanTests {
    @Test func aCommonWordIsReadFromItsIndexRowsForAWholeList() throws {
        let f = try Fixture()
        for n in 0..<400 {
            try f.add(n % 4 == 0 ? "Aino" : "Matti", n < 300 ? "Virtanen" : "Öhman\(n)")
        }
        let query = SearchQuery("virtanen")
        let window = try f.register.explainWindow(query).joined(separator: " | ")
        #expect(window.contains("customer_by_name"), "a window walks the names for a common word: \(window)")
        let whole = try f.register.explainWhole(query).joined(separator: " | ")
        #expect(whole.contains("search_term") && !whole.contains("customer_by_name"), "\(whole)")
        var found = 0
        try f.register.forEachCustomer(matching: query) { _ in found += 1 }
        #expect(found == 300)
        var both = 0
        try f.register.forEachCustomer(matching: SearchQuery("virtanen aino")) { _ in both += 1 }
        #expect(both == 75)
    }
}
