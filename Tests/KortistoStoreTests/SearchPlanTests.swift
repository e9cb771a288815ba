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

    /// Every live customer with their terms, in list order (the shared register is never
    /// changed).
    static let everyone: [(customer: Customer, terms: Set<String>)] = {
        var all: [Customer] = []
        try! Register.open(at: shared.register.path).forEachCustomer { all.append($0) }
        return all.map { ($0, SearchTerms.forCustomer($0)) }.sorted {
            (FinnishOrder.personKey(last: $0.customer.lastName, first: $0.customer.firstName), $0.customer.number)
                < (FinnishOrder.personKey(last: $1.customer.lastName, first: $1.customer.firstName), $1.customer.number)
        }
    }()

    /// Every live customer, in list order, filtered in memory.
    func bruteForce(_ query: SearchQuery) throws -> [Int64] {
        Self.everyone.filter { customer, terms in
            // A word is a term's beginning, or the customer's number (`1004`, `#1004`).
            query.terms.allSatisfy { word in terms.contains { $0.hasPrefix(word) } || SearchTerms.customerNumber(word) == customer.number }
                && (query.kinds.isEmpty || query.kinds.contains(customer.kind))
                && query.tags.allSatisfy { tag in customer.tags.map(Tag.key).contains(tag) }
        }.map(\.customer.number)
    }

    static let queries = ["", "v", "virt", "ö", "öhm", "matti virt", "aino l", "example", "a e", "040", "oy", "zz", "x", "kärk", "tapasimme",
                          "virtanen h", "virtanen hel", "matti v", "mäki j", "korhonen t", "juha m", "anna k", "a b c", "virtanen", "matti",
                          "kor kind:member", "virt #joulukortti", "a kind:prospect", "matti #vip", "m #uutiskirje kind:customer", "1004", "#1017",
                          "a", "k", "m", "s", "e", "s kind:customer"]

    /// Every window of every plan equals the brute force: the first, one at an offset, the last
    /// (End), and ten after and before a customer in the middle.
    @Test(arguments: queries)
    func windowsMatchBruteForce(_ text: String) throws {
        let query = SearchQuery(text)
        let expected = try bruteForce(query)
        #expect(try register.customers(matching: query, limit: 40).map(\.number) == Array(expected.prefix(40)))
        #expect(try register.customers(matching: query, limit: 25, offset: 30).map(\.number) == Array(expected.dropFirst(30).prefix(25)))
        #expect(try register.customersFromEnd(matching: query, limit: 40).map(\.number) == Array(expected.suffix(40)))
        #expect(try register.countCustomers(matching: query) == expected.count)
        var whole: [Int64] = []
        try register.forEachCustomer(matching: query) { whole.append($0.number) }
        #expect(whole == expected, "the whole list")
        if !expected.isEmpty, let anchor = try register.customer(expected[expected.count / 2]) {
            let middle = expected.count / 2
            #expect(try register.customers(matching: query, after: anchor, limit: 10).map(\.number) == Array(expected[(middle + 1)...].prefix(10)))
            #expect(try register.customers(matching: query, after: anchor, backwards: true, limit: 10).map(\.number) == Array(expected[..<middle].suffix(10)))
        }
    }

    /// The queries above go through every plan: the walk in name order, a word's rows in name
    /// order with the other words and filters checked (with and without a second word or a
    /// filter), a common word alone walked through its terms in name order (v33), and for a
    /// whole list two words' index rows intersected. (A window of two words seldom intersects:
    /// checking the rarest word's customers against the other word read whole costs less.)
    @Test func everyPlanIsExercised() throws {
        var plans: [String: [String]] = [:]
        func name(_ plan: [String]) -> String {
            let plan = plan.joined(separator: " | ")
            return plan.contains("walked") ? "walked" : plan.contains("ranked") ? "ranked" : plan.contains("INTERSECT") ? "intersected" : plan.contains("customer_by_name") ? "walk" : "other"
        }
        for text in Self.queries where !text.isEmpty {
            plans[name(try register.explainWindow(SearchQuery(text))), default: []].append(text)
            plans["whole " + name(try register.explainWhole(SearchQuery(text))), default: []].append(text)
        }
        #expect(plans["walk"] != nil && plans["walked"] != nil && plans["whole intersected"] != nil, "\(plans)")
        let ranked = plans["ranked"] ?? []
        #expect(ranked.contains { !$0.contains(" ") } && ranked.contains { $0.contains(" ") && !$0.contains(":") && !$0.contains("#") }
                && ranked.contains { $0.contains(":") || $0.contains("#") }, "\(plans)")
    }

    /// Typed a letter at a time on one connection, as the interface does: a word's customers
    /// kept from one keystroke drive the next ones' windows (even once another word is rarer),
    /// the other words read whole or sought; every window equals the brute force, from the
    /// start, from the end and around a customer in the middle. `budget`: 0 checks every
    /// candidate by a seek, a million reads every other word whole, 30 is the register's own.
    @Test(arguments: [0, 30, 1_000_000])
    func typedALetterAtATimeEveryWindowMatchesBruteForce(budget: Int) throws {
        register.wordSetBudget = budget
        var drivers: [String: String] = [:]
        for text in ["matti virt", "virtanen hel", "aino l", "mäki j", "korhonen t", "juha m", "matti #vip", "a e", "v m kind:member"] {
            for length in 1...text.count {
                let typed = String(text.prefix(length))
                let query = SearchQuery(typed)
                let expected = try bruteForce(query)
                #expect(try register.customers(matching: query, limit: 40).map(\.number) == Array(expected.prefix(40)), "\(typed)")
                drivers[typed] = register.keptWord?.word
                #expect(try register.customersFromEnd(matching: query, limit: 40).map(\.number) == Array(expected.suffix(40)), "\(typed) from the end")
                if !expected.isEmpty, let anchor = try register.customer(expected[expected.count / 2]) {
                    let middle = expected.count / 2
                    #expect(try register.customers(matching: query, after: anchor, limit: 10).map(\.number) == Array(expected[(middle + 1)...].prefix(10)), "\(typed) after")
                    #expect(try register.customers(matching: query, after: anchor, backwards: true, limit: 10).map(\.number) == Array(expected[..<middle].suffix(10)), "\(typed) before")
                }
            }
        }
        // A word alone is first read from SQLite's top rows, and kept once asked again (here by
        // the window from the end; typing, by the space after it); "matti" then stays the
        // driver as "vir" and "virt" are typed, though they are rarer.
        #expect(drivers["matti"] != "matti" && drivers["matti "] == "matti", "\(drivers)")
        #expect(drivers["matti v"] == "matti" && drivers["matti virt"] == "matti", "\(drivers)")
    }

    /// Several common words are walked together in name order (`walkedTogether`): every window
    /// of every query typed a letter at a time equals the brute force, from the start, at an
    /// offset, from the end and on both sides of a customer in the middle, whatever the walks
    /// find; and where they give up at once or part way (`budget` 0 and 3,000 instructions),
    /// the plans that count find the same. `from`: the index rows from which a word walks (1:
    /// every word, and then every window of several words is walked, in every direction; 200:
    /// the rare ones are read as before). Words that begin one another ("mat matti") and
    /// words no customer has together are among them.
    @Test(arguments: [(1, 1_000_000), (200, 1_000_000), (1, 0), (1, 3_000)])
    func wordsWalkedTogetherFindWhatTheBruteForceFinds(from: Int, budget: Int) throws {
        register.walkedTogetherFrom = from
        register.walkedTogetherBudget = budget
        var walked = 0, windows = 0
        for text in ["matti virt", "virtanen hel", "aino l", "mäki j", "korhonen t", "juha m", "anna k", "a e", "a b c", "ö s", "k v", "e a", "zz e",
                     "matti aino", "virtanen korhonen", "mat matti", "m ma", "matti matt"] {
            for length in 1...text.count {
                let typed = String(text.prefix(length))
                let query = SearchQuery(typed)
                let expected = try bruteForce(query)
                // Whether a window was walked, where every word has a row (from 1, every such window is).
                let everyWordHasRows = try query.terms.allSatisfy { !(try bruteForce(SearchQuery($0))).isEmpty }
                let walks = query.terms.count > 1 && everyWordHasRows
                func window(_ read: () throws -> [Customer], _ wanted: [Int64], _ comment: String) throws {
                    let before = register.windowsWalkedTogether
                    #expect(try read().map(\.number) == wanted, "\(typed) \(comment)")
                    let walkedNow = register.windowsWalkedTogether > before
                    if walks && from == 1 && budget == 1_000_000 { #expect(walkedNow, "\(typed) \(comment) walked") }
                    walked += walkedNow ? 1 : 0
                    windows += 1
                }
                try window({ try register.customers(matching: query, limit: 40) }, Array(expected.prefix(40)), "first")
                try window({ try register.customers(matching: query, limit: 25, offset: 30) }, Array(expected.dropFirst(30).prefix(25)), "at 30")
                try window({ try register.customersFromEnd(matching: query, limit: 40) }, Array(expected.suffix(40)), "from the end")
                if !expected.isEmpty, let anchor = try register.customer(expected[expected.count / 2]) {
                    let middle = expected.count / 2
                    try window({ try register.customers(matching: query, after: anchor, limit: 10) }, Array(expected[(middle + 1)...].prefix(10)), "after")
                    try window({ try register.customers(matching: query, after: anchor, backwards: true, limit: 10) }, Array(expected[..<middle].suffix(10)), "before")
                }
            }
        }
        if budget == 1_000_000 {
            #expect(walked > (from == 1 ? 100 : 0), "windows walked together: \(walked) of \(windows)")
        } else if budget == 0 {
            #expect(walked < windows / 10, "windows walked together with no budget: \(walked) of \(windows)")
        }
    }

    /// A word's walk seeks its place through v34's index (the pair, then the place), both ways:
    /// were the place a filter, every seek would read the pair from its start (the windows
    /// would still be right, and slow).
    @Test func aWordsWalkSeeksItsPlaceInTheIndex() throws {
        let forwards = try register.explainWordWalk(backwards: false).joined(separator: " | ")
        #expect(forwards.contains("search_term_by_pair_in_name_order (<expr>=? AND (sort_key,customer_number)>"), "\(forwards)")
        let backwards = try register.explainWordWalk(backwards: true).joined(separator: " | ")
        #expect(backwards.contains("search_term_by_pair_in_name_order (<expr>=? AND (sort_key,customer_number)<"), "\(backwards)")
        #expect(!forwards.contains("TEMP B-TREE") && !backwards.contains("TEMP B-TREE"))
    }

    /// Matches are counted from the rarest word's customers, each checked against the other
    /// words, or, where every word has at least `from` index rows, from each word's customers
    /// read into a set of bits and intersected (0: always; a million: never): either way as
    /// many as the brute force finds, for every query (digits, numbers, one letter, none).
    @Test(arguments: [Int64(0), 150, 1_000_000])
    func matchesCountedEitherWayAreTheBruteForcesCount(from: Int64) throws {
        register.countedInSetsFrom = from
        // "virtanen e", "öhm a", "tapasimme e": a word with 40 times more rows than the
        // customers the words before left is sought for those customers.
        for text in Self.queries + ["matti aino", "virtanen korhonen", "ö s", "zz e", "e a", "virtanen e", "öhm a", "tapasimme e"] {
            let query = SearchQuery(text)
            #expect(try register.countCustomers(matching: query) == bruteForce(query).count, "\(text)")
        }
    }

    /// Digits are a customer's number only where a customer has it: "040" (no customer 40)
    /// reads the word's rows alone, where the number's condition beside them made SQLite read
    /// both apart and drop the rows both gave (40 ms at a million). Either way the windows equal
    /// the brute force (`windowsMatchBruteForce`: "040", "1004", "#1017").
    @Test func digitsThatAreNoCustomersNumberAddNoCondition() throws {
        let none = try register.explainWhole(SearchQuery("040")).joined(separator: " | ")
        #expect(!none.contains("MULTI-INDEX OR"), "\(none)")
        let some = try register.explainWhole(SearchQuery("1004")).joined(separator: " | ")
        #expect(some.contains("MULTI-INDEX OR"), "\(some)")
    }

    @Test(arguments: ["", "k", "mäk", "virtanen", "virtanen h", "matti v", "kor kind:member"])
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

    /// A word alone with more rows than are ever read whole ("e": "example" in nearly every
    /// e-mail address) is walked at every window: a page down asks it again, and it is counted
    /// that far once, remembered, and never kept.
    @Test func aCommonWordAloneIsWalkedAtEveryPage() throws {
        let query = SearchQuery("e")
        let expected = try bruteForce(query)
        var page = try register.customers(matching: query, limit: 40)
        var seen = page.map(\.number)
        #expect(register.commonWordAlone == nil)
        for _ in 0..<3 {
            page = try register.customers(matching: query, after: try #require(page.last), limit: 40)
            seen += page.map(\.number)
        }
        #expect(seen == Array(expected.prefix(160)))
        #expect(register.commonWordAlone == "e" && register.keptWord == nil)
    }

    /// A word's rows sorted by SQLite (a word alone's window, the rest after a walk, a whole
    /// list) are read from the word's own range, from the start or after a customer, either
    /// way: given an anchor, SQLite took the terms' index in name order (v33) instead and
    /// walked everyone after it; in an upgraded register, whose statistics do not know that
    /// index yet, for every word.
    @Test func aWordsSortedRowsAreReadFromItsRange() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 1500, organisations: 60, seed: 3, today: f.today)
        let analyzed = try Register.open(at: f.register.path)
        let folder = TemporaryFolder()
        let copy = folder.file("upgraded.sqlite")
        try analyzed.db.execute("VACUUM INTO '\(copy)'")
        let upgraded = try Register.open(at: copy)
        try upgraded.db.execute("DELETE FROM sqlite_stat1 WHERE idx = 'search_term_by_pair_in_name_order'")
        let unknowing = try Register.open(at: copy)
        let middle = try #require(try analyzed.customers(matching: SearchQuery(""), limit: 1, offset: 700).first)
        let anchor = (key: FinnishOrder.personKey(last: middle.lastName, first: middle.firstName), number: middle.number)
        for (name, r) in [("analyzed", analyzed), ("upgraded", unknowing)] {
            for word in ["mäk", "virtanen", "040", "1004", "zz"] {
                for (after, backwards) in [(nil, false), (nil, true), (anchor, false), (anchor, true)] as [((key: String, number: Int64)?, Bool)] {
                    let plan = try r.explainSortedWordRows(SearchQuery(word).terms[0], after: after, backwards: backwards)
                    #expect(plan.contains { $0.contains("PRIMARY KEY (term>? AND term<?)") } && !plan.contains { $0.contains("search_term_by_pair_in_name_order") },
                            "\(name): \(word) after \(after != nil) backwards \(backwards): \(plan)")
                }
            }
        }
    }

    /// A common word alone is walked in name order only so far: twice as many customers
    /// as its share says it takes. A surname nobody else's terms hold, all under the last
    /// letter, is not in that stretch from the start; it is found after the stretch as its rows
    /// sort (and at once from the end, or from one of its own). Every window equals the brute force.
    @Test func aWordUnderOneLetterIsFoundPastTheWalk() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 2000, organisations: 80, seed: 5, today: f.today)
        let firsts = ["Aino", "Eino", "Åsa", "Väinö", "Lyydia"]
        try f.register.addRecords(try (0..<1200).map { i in
            CustomerRecord(fields: try CustomerInput(firstName: firsts[i % 5], lastName: "Öörnilä").validate(today: f.today))
        }, today: f.today)
        let r = try Register.open(at: f.register.path)
        var everyone: [Customer] = []
        try r.forEachCustomer { everyone.append($0) }
        let query = SearchQuery("öörn")
        let expected = everyone.filter { c in SearchTerms.forCustomer(c).contains { $0.hasPrefix(query.terms[0]) } }.map(\.number)
        #expect(expected.count == 1200)
        // The word's customers come after everyone else in the list.
        #expect(Set(everyone.prefix(2000).map(\.number)).isDisjoint(with: expected))
        #expect(try r.explainWindow(query).joined().contains("walked"))
        // Each window as the first key of a search asks it: nothing kept, nothing asked before
        // (asked again, a word of this size is read whole and kept instead).
        func first<T>(_ window: () throws -> T) throws -> T {
            r.keptWord = nil
            r.lastWordAlone = nil
            return try window()
        }
        #expect(try first { try r.customers(matching: query, limit: 40) }.map(\.number) == Array(expected.prefix(40)))
        #expect(try first { try r.customers(matching: query, limit: 25, offset: 30) }.map(\.number) == Array(expected.dropFirst(30).prefix(25)))
        #expect(try first { try r.customersFromEnd(matching: query, limit: 40) }.map(\.number) == Array(expected.suffix(40)))
        let anchor = try #require(try r.customer(expected[600]))
        #expect(try first { try r.customers(matching: query, after: anchor, limit: 10) }.map(\.number) == Array(expected[601...].prefix(10)))
        #expect(try first { try r.customers(matching: query, after: anchor, backwards: true, limit: 10) }.map(\.number)
                == Array(expected[..<600].suffix(10)))
        // From one of the others before them: the walk from there finds none of them.
        let before = try #require(everyone.first)
        #expect(try first { try r.customers(matching: query, after: before, limit: 10) }.map(\.number) == Array(expected.prefix(10)))
        // And asked again, as the interface asks a page down: the same windows.
        #expect(try r.customers(matching: query, limit: 40).map(\.number) == Array(expected.prefix(40)))
        #expect(try r.customers(matching: query, after: anchor, limit: 10).map(\.number) == Array(expected[601...].prefix(10)))
    }

    /// A word alone is walked among the terms that begin with its first two letters (v34). A
    /// longer word passes others' terms there ("Öölanti", "Oona" before "Öörnilä": "oolanti" <
    /// "oornila") only so far, and its customers come after that stretch as its rows sort; a
    /// word of one letter or two merges its pairs' walks, a customer with terms in two of them
    /// ("Otto Öölanti": "otto", "oolanti") once. Every page equals the brute force, forwards
    /// from the start and back from the end, each walked as a search's first key asks it.
    @Test func aWordIsWalkedAmongItsPairsTerms() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 400, organisations: 20, seed: 5, today: f.today)
        let firsts = ["Aino", "Oona", "Otto", "Väinö", "Oskari"]
        try f.register.addRecords(try (0..<3600).map { i in
            CustomerRecord(fields: try CustomerInput(firstName: firsts[i % 5], lastName: i % 3 == 0 ? "Öörnilä" : "Öölanti").validate(today: f.today))
        }, today: f.today)
        let r = try Register.open(at: f.register.path)
        var everyone: [Customer] = []
        try r.forEachCustomer { everyone.append($0) }
        func first<T>(_ window: () throws -> T) throws -> T {
            r.keptWord = nil
            r.lastWordAlone = nil
            return try window()
        }
        for text in ["öörn", "oo", "o", "öö", "oolanti"] {
            let query = SearchQuery(text)
            let expected = everyone.filter { c in SearchTerms.forCustomer(c).contains { $0.hasPrefix(query.terms[0]) } }.map(\.number)
            #expect(expected.count >= 1200, "\(text)")
            #expect(try r.explainWindow(query).joined().contains("walked"), "\(text)")
            var forwards = try first { try r.customers(matching: query, limit: 40) }
            var seen = forwards.map(\.number)
            while let last = forwards.last {
                forwards = try first { try r.customers(matching: query, after: last, limit: 97) }
                seen += forwards.map(\.number)
            }
            #expect(seen == expected, "\(text) forwards: \(seen.count) of \(expected.count)")
            var backwards = try first { try r.customersFromEnd(matching: query, limit: 40) }
            var seenBack = backwards.map(\.number).reversed() as [Int64]
            while let top = backwards.first {
                backwards = try first { try r.customers(matching: query, after: top, backwards: true, limit: 97) }
                seenBack += backwards.map(\.number).reversed()
            }
            #expect(Array(seenBack.reversed()) == expected, "\(text) backwards: \(seenBack.count) of \(expected.count)")
        }
    }
}

/// Each search-index row carries its customer's sort key (v28): whatever writes a customer or
/// their terms keeps the two equal, and a renamed customer moves in a ranked window.
@Suite struct TermSortKeyTests {
    func strays(_ f: Fixture) throws -> Int64? {
        try f.register.db.scalarInt("SELECT count(*) FROM search_term s JOIN customer c ON c.number = s.customer_number WHERE s.sort_key IS NOT c.sort_key")
    }

    @Test func everyWriteKeepsTheTermsSortKey() throws {
        let f = try Fixture()
        var numbers: [Int64] = []
        for (first, last) in [("Aino", "Virtanen"), ("Väinö", "Virtanen"), ("Åsa", "Öhman"), ("Eino", "Virtasalo")] { numbers.append(try f.add(first, last)) }
        #expect(try strays(f) == 0, "added")
        try f.register.addRecords([CustomerRecord(fields: try CustomerInput(firstName: "Jöns", lastName: "Virtanen").validate(today: f.today))], today: f.today)
        #expect(try strays(f) == 0, "imported")
        let order = try f.register.addOrder(Order(customerNumber: numbers[0], date: f.today, description: "Kurssi", amountCents: 100, status: .invoiced,
                                                  invoiceNumber: "70416", invoiceDate: f.today, dueDate: f.today))
        #expect(try strays(f) == 0, "an invoice's terms")
        var corrected = try #require(try f.register.order(order))
        corrected.invoiceNumber = "70417"
        try f.register.correctOrder(corrected, on: f.today)
        #expect(try strays(f) == 0, "a corrected invoice's terms")
        // Aino Virtanen becomes Aino Aaltonen: first in the list, and first in a window of "aino".
        try f.register.updateCustomer(numbers[0], CustomerInput(lastName: "Aaltonen").validate(today: f.today, existing: f.register.customer(numbers[0])))
        #expect(try strays(f) == 0, "renamed")
        #expect(try f.register.customers(matching: SearchQuery("70417"), limit: 40).map(\.lastName) == ["Aaltonen"])
        #expect(try f.register.customers(matching: SearchQuery("virta"), limit: 40).map(\.firstName) == ["Jöns", "Väinö", "Eino"])
        // A name changed by SQL alone (no code path rewrites the terms): the trigger follows it.
        try f.register.db.execute("UPDATE customer SET sort_key = 'zzz' WHERE number = \(numbers[1])")
        #expect(try strays(f) == 0, "the trigger")
        try f.register.rebuildSearchIndex()
        #expect(try strays(f) == 0, "rebuilt")
    }
}

/// A batch inserts each slice's terms in the order of the index by pair in name order
/// (`Register.inPairOrder`), so that its pages are met in turn. That is SQLite's order for the
/// index, and the rows a batch leaves are the rows its customers' terms make from scratch.
@Suite struct BatchTermOrderTests {
    typealias TermRow = (String, Int64, String)

    func termRows(_ r: Register, _ order: String) throws -> [TermRow] {
        try r.db.rows("SELECT term, customer_number, sort_key FROM search_term \(order)") { ($0.text(0), $0.int(1), $0.text(2)) }
    }

    @Test func aBatchsTermsAreInTheIndexsOrderAndAreItsCustomersTerms() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 1500, organisations: 60, seed: 9, today: f.today)
        // Names beside the generated ones: letters beyond ASCII, one written as two scalars,
        // one-letter words, a sign beyond the BMP (the terms are folded; the keys are not).
        let names = [("Ö", "Äb"), ("Öa", "Äa"), ("Åsa", "Öörnilä"), ("A\u{0308}ino", "Aalto"), ("Ä", "Ääb"), ("Eino", "🦊kettu"), ("Ööa", "Äc")]
        try f.register.addRecords(try names.map { first, last in
            CustomerRecord(fields: try CustomerInput(firstName: first, lastName: last).validate(today: f.today))
        }, today: f.today)
        let inIndexOrder = try termRows(f.register, "INDEXED BY search_term_by_pair_in_name_order ORDER BY substr(term, 1, 2), sort_key, customer_number")
        #expect(inIndexOrder.count > 10_000)
        let misplaced = zip(inIndexOrder, inIndexOrder.dropFirst()).filter { Register.inPairOrder($0.1, $0.0) }
        #expect(misplaced.count == 0, "\(misplaced.prefix(3).map { "\($0.0.0) \($0.0.2) / \($0.1.0) \($0.1.2)" })")
        // And the order is strict where the index's key differs: a comparator that said
        // "not before" of everything would pass the line above.
        let key = { (row: TermRow) in "\(row.0.unicodeScalars.prefix(2).map { String($0.value) })|\(row.2)|\(row.1)" }
        let unordered = zip(inIndexOrder, inIndexOrder.dropFirst()).filter { key($0.0) != key($0.1) && !Register.inPairOrder($0.0, $0.1) }
        #expect(unordered.count == 0, "\(unordered.prefix(3).map { "\($0.0.0) \($0.0.2) / \($0.1.0) \($0.1.2)" })")
        let batch = try termRows(f.register, "ORDER BY term, customer_number")
        try f.register.rebuildSearchIndex()
        let rebuilt = try termRows(f.register, "ORDER BY term, customer_number")
        #expect(batch.count == rebuilt.count)
        #expect(zip(batch, rebuilt).allSatisfy { $0.0 == $0.1 }, "the batch's rows are the terms rebuilt from its customers")
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
        // A window reads the word's 300 index rows in name order (they carry the sort key):
        // cheaper than walking the names even when three in four match.
        #expect(window.contains("ranked") && window.contains("search_term"), "\(window)")
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
