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

    @Test(arguments: ["", "v", "virt", "ö", "öhm", "matti virt", "aino l", "example", "a e", "040", "oy", "zz", "x", "kärk", "tapasimme"])
    func windowsMatchBruteForce(_ text: String) throws {
        let query = SearchQuery(text)
        let expected = try bruteForce(query)
        #expect(try register.customers(matching: query, limit: 40).map(\.number) == Array(expected.prefix(40)))
        #expect(try register.customers(matching: query, limit: 25, offset: 30).map(\.number) == Array(expected.dropFirst(30).prefix(25)))
        #expect(try register.countCustomers(matching: query) == expected.count)
    }

    @Test func bothPlansAreExercised() throws {
        #expect(try register.explainWindow(SearchQuery("example")).contains { $0.contains("customer_by_name") })
        #expect(try !register.explainWindow(SearchQuery("kärk")).contains { $0.contains("customer_by_name") })
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
