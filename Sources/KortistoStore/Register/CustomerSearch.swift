import Foundation
import KortistoCore

extension Register {
    // MARK: Lists and search
    //
    // Search terms live in `search_term(term, customer_number, sort_key)`; a query term matches
    // every indexed term it is a prefix of, found as a range scan. A window of several words
    // that each have many rows walks them all in name order at once (`walkedTogether`); else
    // three plans keep a window of the list fast at any register size:
    // - ranked: the rarest term's index rows (or a word's kept from the keystroke before),
    //   sorted by the customer's name key they carry, and the other words checked for each
    //   customer in that order until the window is full;
    // - narrow: the rarest term's rows (and any other's with few rows beside it) intersected,
    //   and their customers fetched and sorted (when few customers in the rows match them all);
    // - broad: every term matches many rows, so the name index is walked in order and each
    //   customer checked, which stops as soon as the window is full.

    private enum Plan {
        case all
        /// The index rows of `drivers` (the rarest word, and any other with few rows beside
        /// it), intersected; the remaining words checked for each customer left.
        case narrow(drivers: [Int])
        /// The rows of `driver` in name order; `passing`: the share of them that match the
        /// other words (sampled), which sizes the first batch checked; `rows`: each word's
        /// index rows as far as they were counted.
        case ranked(driver: Int, passing: Double, rows: [Int64])
        case broad
    }

    /// `whole`: every match is wanted (a command's list, an export), not a window of 40: the
    /// rarest word's index rows drive, whatever their share (walking the name index for a
    /// common word read the whole register: `list --search virtanen` 245 ms at 100k).
    ///
    /// Costs in units of 2 µs, measured at 100k and a million customers: a ranked window reads
    /// the top of a word alone at 0.05 a row, reads and sorts a word's rows at 0.15 (none when
    /// they are kept), and checks a customer at about 1 (a seek) or reads another word's
    /// customers whole at 0.05 a row; a narrow fetch
    /// costs 1 a row of its word (0.15 when words are intersected) and 1 a match; the walk
    /// 3.5 × (1 + customers / 300k) a customer passed (4.7 at 100k, 15 at a million: pages all
    /// over the file), and passes ~40 / share of them.
    private func plan(_ query: SearchQuery, whole: Bool = false) throws(StoreError) -> Plan {
        // A kept word the query no longer has (its letters rubbed out, another search typed) is
        // not held past it: "matti"'s rows are about 2 MB at a million, held while the next
        // search walks the name index and fills the page cache.
        if let word = keptWord?.word, !query.terms.contains(word) { keptWord = nil }
        guard !query.terms.isEmpty else { return .all }
        let customers = try customerSpan()
        let walkCost = Self.walkCost(customers)
        // For one word the ranked window and the walk cost the same at 0.05 × rows =
        // walkCost × 40 × customers / rows: ~20k rows at 100k, ~110k at a million.
        let breakEven = Self.breakEven(walkCost, customers)
        // A word alone is always ranked: its window is SQLite's top rows of it, or for a common
        // word a walk of its pair's terms in name order (`firstRows`), whose rows need counting
        // only as far as that choice needs (`walkedFrom`).
        let wordAlone = query.terms.count == 1 && !query.hasFilters
        // Index rows per word, counted only as far as the decision needs.
        let cap = wordAlone ? Self.walkedFrom : query.terms.count == 1 ? breakEven : 100_000
        func count(_ term: String, upTo limit: Int64) throws(StoreError) -> Int64 { try termRows(term, upTo: limit) }
        // Each word's rows are counted only as far as the rarest so far (a word with more is not
        // the rarest), the longest word first (the likeliest to be rare), and a word whose
        // customers are kept in name order (`keptWord`) not at all: typing "korhonen t" counted
        // "t" to 100,000 rows where "korhonen" has 43,000.
        let kept = try keptRows()
        let keptIndex = query.terms.firstIndex { $0 == kept?.word }
        func countingOrder(_ index: Int) -> (kept: Int, length: Int) { (index == keptIndex ? 1 : 0, query.terms[index].utf8.count) }
        var rows = [Int64](repeating: 0, count: query.terms.count)
        var limits = rows
        var smallest = Int64(cap)
        for index in query.terms.indices.sorted(by: { countingOrder($0) > countingOrder($1) }) {
            limits[index] = min(Int64(cap), smallest + 1)
            if index == keptIndex, let kept {
                rows[index] = min(Int64(kept.rows.rowsRead), limits[index])
            } else {
                rows[index] = try count(query.terms[index], upTo: limits[index])
            }
            // No customer has this word: none matches, read from its (empty) rows.
            if rows[index] == 0 { return whole ? .narrow(drivers: [index]) : .ranked(driver: index, passing: 0, rows: rows) }
            smallest = min(smallest, rows[index])
        }
        let best = rows.indices.min { rows[$0] < rows[$1] }!
        // Other words with few rows beside the rarest's can be read whole and intersected with
        // it: an index range reads ~0.3 µs a row in order ("matti virt" at 1M: 39 ms intersected,
        // 0.3–1.3 s checked customer by customer). A word counted only to a limit is counted on
        // as far as that needs ("virtanen hel" at 1M: 43k and 126k rows).
        let most = 8 * max(rows[best], 1)
        func countOn() throws(StoreError) {
            for index in rows.indices where index != best && rows[index] >= limits[index] && most >= limits[index] {
                limits[index] = most + 1
                rows[index] = try count(query.terms[index], upTo: limits[index])
            }
        }
        // A word counted only to its limit has more rows than that: never a driver unless counted on.
        func drivers() -> [Int] { [best] + rows.indices.filter { $0 != best && rows[$0] <= most && rows[$0] < limits[$0] } }
        if whole {
            try countOn()
            return .narrow(drivers: drivers())
        }
        if wordAlone { return .ranked(driver: best, passing: 1, rows: rows) }
        var share = Double(rows[best]) / customers
        var passing = 1.0
        if (query.terms.count > 1 || query.hasFilters) && rows[best] > 0 {
            // Several common words (or a word and a kind or tag) can still be a rare combination
            // ("matti virt"): sample how many of the rarest word's rows also match the rest.
            let driver = query.terms[best]
            var others = query.terms
            others.remove(at: best)
            // The customer rows are read only for a kind or a tag (200 seeks at a million).
            let filters = Self.kindAndTagChecks(query)
            let checks = termChecks(others, on: filters.sql.isEmpty ? "x.customer_number" : "c.number")
            let join = filters.sql.isEmpty ? "" : " JOIN customer c ON c.number = x.customer_number"
            let sampleSize = 200
            let match = matches(driver)
            let hits = try read {
                try db.first("""
                    SELECT count(*) FROM (SELECT customer_number FROM search_term WHERE \(match.sql) LIMIT ?) x\(join)
                    WHERE 1\(checks.sql)\(filters.sql)
                    """, match.arguments + [sampleSize] + checks.arguments + filters.arguments) { $0.int(0) } ?? 0
            }
            passing = Double(hits) / Double(min(Int64(sampleSize), rows[best]))
            share *= passing
        }
        // Ranked: the word's rows read and sorted, then 40 / passing customers checked to fill
        // a window (all, when few pass), a seek each, or the other words' customers read whole
        // (`rankedWindow`), whichever costs less. A word counted only to the cap has more rows
        // than is known: walking is cheaper.
        // (A word counted only to its limit has more rows: its set may cost more, and then the
        // window seeks instead.)
        func checking(_ driver: Int, passing: Double) -> Double {
            guard query.terms.count > 1 || query.hasFilters else { return 0 }
            let seeks = min(Double(rows[driver]), 40 / max(passing, 1e-6))
            let otherRows = Double(rows.indices.filter { $0 != driver }.map { rows[$0] }.reduce(0, +))
            return query.hasFilters ? seeks : min(seeks, 0.05 * otherRows)
        }
        // A word alone: SQLite's top rows of it (`firstRows`); with checks, all its rows read and
        // sorted (0.3 µs a row), or none when they are kept.
        let perRow = best == keptIndex ? 0 : query.terms.count > 1 || query.hasFilters ? 0.15 : 0.05
        var ranked = rows[best] >= Int64(cap) ? Double.infinity : perRow * Double(rows[best]) + checking(best, passing: passing)
        var driver = best, driverPassing = passing
        // The word whose customers are kept may drive instead, though another is rarer: typing
        // "matti vir" after "matti vi" (where Matti has fewer rows than words walked together
        // need: a smaller register) checks Matti's customers, already in name order, against
        // "vir" read whole, where reading and sorting "vir"'s rows cost more.
        if let keptIndex, keptIndex != best, rows[keptIndex] < limits[keptIndex] {
            let keptPassing = min(1, Double(rows[best]) * passing / Double(rows[keptIndex]))
            let keptCost = checking(keptIndex, passing: keptPassing)
            if keptCost < ranked { (ranked, driver, driverPassing) = (keptCost, keptIndex, keptPassing) }
        }
        // Intersecting reads at least the rarest word's rows and another's: counted on only
        // when that could cost less than the ranked window.
        if query.terms.count > 1 && 0.15 * Double(rows[best] + Int64(cap)) < ranked { try countOn() }
        let drivers = drivers()
        let narrow = drivers.count == 1 ? Double(rows[best])
            : 0.15 * Double(drivers.map { rows[$0] }.reduce(0, +)) + share * customers
        // The walk assumes matches spread evenly in name order, which a surname's are not
        // ("virtanen hel" at 1M walked past every name before V: 0.41 s, against 0.06 s
        // intersected): with several words it must be 4 × cheaper.
        let walk = share > 0 ? (drivers.count == 1 && query.terms.count == 1 ? 1 : 4) * walkCost * 40 / share : .infinity
        if walk < min(narrow, ranked) { return .broad }
        return ranked <= narrow ? .ranked(driver: driver, passing: driverPassing, rows: rows) : .narrow(drivers: drivers)
    }

    /// Every string that starts with `term` sorts below this.
    private static func upperBound(_ term: String) -> String { term + "\u{10FFFF}" }

    /// How many index rows `term` has, counted only up to `limit`.
    private func termRows(_ term: String, upTo limit: Int64) throws(StoreError) -> Int64 {
        let match = matches(term)
        return try read {
            try db.first("SELECT count(*) FROM (SELECT 1 FROM search_term WHERE \(match.sql) LIMIT ?)", match.arguments + [limit]) { $0.int(0) } ?? 0
        }
    }

    /// How many customers the register has had (the forgotten too): numbers start at 1001.
    private func customerSpan() throws(StoreError) -> Double {
        Double(max(1, (try db.scalarInt("SELECT max(number) FROM customer") ?? 0) - 1000))
    }

    /// The walk of the name index a customer passed, with a seek into their terms for each
    /// word (units of 2 µs): the seeks go all over the terms' index, the more so the larger.
    private static func walkCost(_ customers: Double) -> Double { 3.5 * (1 + customers / 300_000) }

    /// The rows at which a word alone's window costs as much read from its rows (0.05 a row)
    /// as walked at `cost` a customer passed (40 / share of them).
    private static func breakEven(_ cost: Double, _ customers: Double) -> Int {
        Int((40 * cost / 0.05 * customers).squareRoot()) + 1
    }

    /// The rows from which a word alone is walked through its pair's terms in name order
    /// (`firstRows`), at any size: the walk reads about 40 of them where its customers are
    /// spread among the pair's, where SQLite's top of the word's rows reads them all (0.1 µs a
    /// row; and at most twice that where the walk gives up). The plan counts a word alone's
    /// rows this far, no further.
    private static let walkedFrom = 1_000

    /// Where a `search_term` row (`alias.`) matches a query term: the terms it begins; for
    /// digits also the phones it ends (their reversed digits, `SearchTerms.reversedForm`) and
    /// the customer it numbers (`1004`, `#1004`: every customer has terms, so the number is
    /// found through them without indexing it), when there is one: SQLite reads the rows of
    /// the two conditions apart and drops the rows both give, which cost a window of "040" (no
    /// customer 40) 37–50 ms at a million, 13 ms without.
    private func matches(_ term: String, _ alias: String = "") -> (sql: String, arguments: [any SQLBindable]) {
        var sql = "\(alias)term >= ? AND \(alias)term < ?"
        var arguments: [any SQLBindable] = [term, Self.upperBound(term)]
        if let reversed = SearchTerms.reversedForm(term) {
            sql += " OR \(alias)term >= ? AND \(alias)term < ?"
            arguments += [reversed, Self.upperBound(reversed)]
        }
        // Where the look fails, the condition is kept (it finds no more than is there).
        if let number = SearchTerms.customerNumber(term),
           (try? db.scalarInt("SELECT EXISTS (SELECT 1 FROM search_term WHERE customer_number = ?)", number)) != 0 {
            sql += " OR \(alias)customer_number = ?"
            arguments.append(number)
        }
        return ("(" + sql + ")", arguments)
    }

    /// `EXISTS` checks that `column`'s customer has an indexed term starting with each term.
    private func termChecks(_ terms: [String], on column: String) -> (sql: String, arguments: [any SQLBindable]) {
        var sql = ""
        var arguments: [any SQLBindable] = []
        for term in terms {
            let match = matches(term, "t.")
            sql += " AND EXISTS (SELECT 1 FROM search_term t WHERE t.customer_number = \(column) AND \(match.sql))"
            arguments += match.arguments
        }
        return (sql, arguments)
    }

    /// The kind and tag conditions of a query, on `c`.
    private static func kindAndTagChecks(_ query: SearchQuery) -> (sql: String, arguments: [any SQLBindable]) {
        var sql = ""
        var arguments: [any SQLBindable] = []
        if !query.kinds.isEmpty {
            sql += " AND c.kind IN (" + Array(repeating: "?", count: query.kinds.count).joined(separator: ", ") + ")"
            arguments += query.kinds.map(\.rawValue)
        }
        for tag in query.tags {
            sql += " AND EXISTS (SELECT 1 FROM customer_tag g WHERE g.customer_number = c.number AND g.tag_key = ?)"
            arguments.append(tag)
        }
        return (sql, arguments)
    }

    /// FROM and WHERE (without the word WHERE) selecting live customers that match.
    func filter(_ query: SearchQuery, whole: Bool = false) throws(StoreError) -> (from: String, whereSQL: String, arguments: [any SQLBindable]) {
        try filter(query, plan: try plan(query, whole: whole))
    }

    private func filter(_ query: SearchQuery, plan: Plan) throws(StoreError) -> (from: String, whereSQL: String, arguments: [any SQLBindable]) {
        let (from, whereSQL, arguments) = termFilter(query, plan: plan)
        let extra = Self.kindAndTagChecks(query)
        return (from, whereSQL + extra.sql, arguments + extra.arguments)
    }

    private func termFilter(_ query: SearchQuery, plan: Plan) -> (from: String, whereSQL: String, arguments: [any SQLBindable]) {
        switch plan {
        case let .ranked(driver, _, _):
            return termFilter(query, plan: .narrow(drivers: [driver]))
        case .all:
            return ("customer c", "c.forgotten_on IS NULL", [])
        case .broad:
            let checks = termChecks(query.terms, on: "c.number")
            return ("customer c INDEXED BY customer_by_name", "c.forgotten_on IS NULL" + checks.sql, checks.arguments)
        case let .narrow(drivers):
            let driverMatches = drivers.map { matches(query.terms[$0]) }
            let sets = driverMatches.map { "SELECT customer_number FROM search_term WHERE \($0.sql)" }.joined(separator: " INTERSECT ")
            let others = query.terms.indices.filter { !drivers.contains($0) }.map { query.terms[$0] }
            let checks = termChecks(others, on: "c.number")
            return ("customer c", "c.forgotten_on IS NULL AND c.number IN (\(sets))" + checks.sql,
                    driverMatches.flatMap(\.arguments) + checks.arguments)
        }
    }

    /// One window of the list, in Finnish name order. The list never loads the whole register:
    /// callers ask for the rows they show. Prefer `after:`/`before:` for scrolling far down.
    public func customers(matching query: SearchQuery = SearchQuery(""), limit: Int, offset: Int = 0) throws(StoreError) -> [Customer] {
        if let window = try read({ try db.reading { try walkedTogether(query, count: offset + limit).map { try customers(ordered: Array($0.dropFirst(offset))) } } }) {
            return window
        }
        let plan = try plan(query)
        if case let .ranked(driver, passing, counted) = plan {
            return try read {
                try db.reading { try customers(ordered: Array(try rankedWindow(query, driver: driver, passing: passing, counted: counted, count: offset + limit).dropFirst(offset))) }
            }
        }
        let (from, whereSQL, arguments) = try filter(query, plan: plan)
        return try read {
            try completed(db.rows(Self.customerSelect(from: from) + " WHERE \(whereSQL) ORDER BY c.sort_key, c.number LIMIT ? OFFSET ?",
                                  arguments + [limit, offset], Self.customerFields(from:)))
        }
    }

    /// The query plan of the numbers a whole list reads (`forEachCustomer`), for tests.
    func explainWhole(_ query: SearchQuery) throws(StoreError) -> [String] {
        let plan = try plan(query, whole: true)
        if case let .narrow(drivers) = plan, drivers.count == 1 {
            let (sql, arguments) = sortedWordRows(query.terms[drivers[0]])
            return try read { try db.rows("EXPLAIN QUERY PLAN " + sql, arguments) { "ranked: " + $0.text(3) } }
        }
        let (from, whereSQL, arguments) = try filter(query, plan: plan)
        return try read {
            try db.rows("EXPLAIN QUERY PLAN SELECT c.number FROM \(from) WHERE \(whereSQL) ORDER BY c.sort_key, c.number", arguments) { $0.text(3) }
        }
    }

    /// The query plan of a word's walk in name order (`PairWalk`), for tests: a descent of v34's
    /// index to the pair and the place sought, never the pair read from its start.
    func explainWordWalk(backwards: Bool) throws(StoreError) -> [String] {
        try read {
            try db.rows("EXPLAIN QUERY PLAN " + PairWalk.sql(backwards: backwards), ["ma", "matti", Self.upperBound("matti"), "k", 0]) { $0.text(3) }
        }
    }

    /// The query plan of a word's rows in name order as SQLite sorts them (`sortedWordRows`), for tests.
    func explainSortedWordRows(_ term: String, after anchor: (key: String, number: Int64)?, backwards: Bool) throws(StoreError) -> [String] {
        let (sql, arguments) = sortedWordRows(term, after: anchor, backwards: backwards, limit: 56)
        return try read { try db.rows("EXPLAIN QUERY PLAN " + sql, arguments) { $0.text(3) } }
    }

    /// The query plan of a window query, for the benchmark's diagnostics (a ranked window's:
    /// the read of its word's rows, sorted here; a word alone reads the top of them sorted, and
    /// a kept word reads nothing).
    public func explainWindow(_ query: SearchQuery) throws(StoreError) -> [String] {
        let plan = try plan(query)
        if case let .ranked(driver, _, counted) = plan {
            if query.terms.count == 1 && !query.hasFilters && walks(query.terms[driver], rows: counted[driver]) {
                let term = query.terms[driver]
                let (sql, arguments) = walkedRows(term, pair: try pairs(of: term).first ?? Self.pair(term), count: 40)
                return try read { try db.rows("EXPLAIN QUERY PLAN " + sql, arguments) { "ranked, walked: " + $0.text(3) } }
            }
            let (sql, arguments) = wordRows(query.terms[driver])
            return try read { try db.rows("EXPLAIN QUERY PLAN " + sql, arguments) { "ranked: " + $0.text(3) } }
        }
        let (from, whereSQL, arguments) = try filter(query, plan: plan)
        return try read {
            try db.rows("EXPLAIN QUERY PLAN " + Self.customerSelect(from: from) + " WHERE \(whereSQL) ORDER BY c.sort_key, c.number LIMIT ? OFFSET ?",
                        arguments + [40, 0]) { $0.text(3) }
        }
    }

    /// The `limit` customers after (or, with `backwards`, before) `anchor` in list order:
    /// keyset paging, as fast at the end of 100k customers as at the start.
    public func customers(matching query: SearchQuery = SearchQuery(""), after anchor: Customer, backwards: Bool = false,
                          limit: Int) throws(StoreError) -> [Customer] {
        let key = FinnishOrder.personKey(last: anchor.lastName, first: anchor.firstName)
        if let window = try read({
            try db.reading { try walkedTogether(query, after: (key, anchor.number), backwards: backwards, count: limit).map { try customers(ordered: backwards ? Array($0.reversed()) : $0) } }
        }) {
            return window
        }
        let plan = try plan(query)
        if case let .ranked(driver, passing, counted) = plan {
            return try read {
                try db.reading {
                    let numbers = try rankedWindow(query, driver: driver, passing: passing, counted: counted, after: (key, anchor.number), backwards: backwards, count: limit)
                    return try customers(ordered: backwards ? numbers.reversed() : numbers)
                }
            }
        }
        let (from, whereSQL, arguments) = try filter(query, plan: plan)
        let (comparison, order) = backwards ? ("<", "DESC") : (">", "ASC")
        let rows = try read {
            try completed(db.rows(Self.customerSelect(from: from) + " WHERE \(whereSQL) AND (c.sort_key, c.number) \(comparison) (?, ?)"
                                  + " ORDER BY c.sort_key \(order), c.number \(order) LIMIT ?",
                                  arguments + [key, anchor.number, limit], Self.customerFields(from:)))
        }
        return backwards ? rows.reversed() : rows
    }

    /// The last `limit` customers in list order (End key).
    public func customersFromEnd(matching query: SearchQuery = SearchQuery(""), limit: Int) throws(StoreError) -> [Customer] {
        if let window = try read({ try db.reading { try walkedTogether(query, backwards: true, count: limit).map { try customers(ordered: Array($0.reversed())) } } }) {
            return window
        }
        let plan = try plan(query)
        if case let .ranked(driver, passing, counted) = plan {
            return try read {
                try db.reading { try customers(ordered: try rankedWindow(query, driver: driver, passing: passing, counted: counted, backwards: true, count: limit).reversed()) }
            }
        }
        let (from, whereSQL, arguments) = try filter(query, plan: plan)
        return try read {
            try completed(db.rows(Self.customerSelect(from: from) + " WHERE \(whereSQL) ORDER BY c.sort_key DESC, c.number DESC LIMIT ?",
                                  arguments + [limit], Self.customerFields(from:)).reversed())
        }
    }

    /// A window of several words, each with at least `walkedTogetherFrom` index rows, found by
    /// walking every word's terms in name order at once and leaping each walk to where the
    /// furthest stands (`WordWalk.window`): the first `count` customers after `anchor` (before
    /// it, `backwards`), in name order; nil where a word is rarer (its rows read and sorted cost
    /// less), matches a phone's digits or a customer's number (not one range of terms), the
    /// query has a kind or a tag, or the walks would cost more than the plans that count
    /// (`walkedTogetherBudget`: they give up, and the plan runs as before). The walks' own
    /// statements are finalized when they go, before this returns.
    ///
    /// Two common words cost the plans that count their rows 20–30 ms at a million: "matti virt"
    /// counted 63,000 and 45,000 rows, read the rarer's and sorted them, and read the other's
    /// into a set; the space typed after a common first word read its 43,000–63,000 customers
    /// and kept them for the next key. Walked together, a window reads about as many index
    /// rows as lie between its first and last customer in each word's pairs, and seeks where
    /// a word's customers are far apart.
    private func walkedTogether(_ query: SearchQuery, after anchor: (key: String, number: Int64)? = nil, backwards: Bool = false,
                                count: Int) throws(StoreError) -> [Int64]? {
        guard query.terms.count > 1 && !query.hasFilters && count > 0 else { return nil }
        var ranges: [(low: String, high: String)] = []
        for term in query.terms {
            guard matches(term).arguments.count == 2 else { return nil }
            ranges.append((term, Self.upperBound(term)))
        }
        // Longest first (the query's order): the likeliest to be rare.
        for term in query.terms {
            if try termRows(term, upTo: Int64(walkedTogetherFrom)) < walkedTogetherFrom { return nil }
        }
        if let word = keptWord?.word, !query.terms.contains(word) { keptWord = nil }
        let start = anchor.map { NamePlace(key: Array($0.key.utf8), number: $0.number).next(backwards: backwards) } ?? .start(backwards: backwards)
        let found = try db.givingUp(after: walkedTogetherBudget) { () throws(StoreError) -> [Int64] in
            var walks: [WordWalk] = []
            for (term, range) in zip(query.terms, ranges) {
                walks.append(try WordWalk(db, range: range, pairs: try pairs(of: term), backwards: backwards))
            }
            return try WordWalk.window(of: walks, from: start, backwards: backwards, count: count)
        }
        if found != nil { windowsWalkedTogether += 1 }
        return found
    }

    /// The numbers of a ranked window: the first `count` customers (after `anchor`, or before it
    /// going `backwards`) whose `driver` word begins a term of theirs and who match the other
    /// words and the filters, in name order. A word alone is SQLite's top rows of it
    /// (`firstRows`); else the word's customers are read in name order (`nameOrdered`, kept for
    /// the next keystroke and page), and checked in that order, only as many as the window
    /// still needs (by the share passing so far).
    private func rankedWindow(_ query: SearchQuery, driver: Int, passing: Double, counted: [Int64], after anchor: (key: String, number: Int64)? = nil,
                              backwards: Bool = false, count: Int) throws -> [Int64] {
        guard count > 0 && counted[driver] > 0 else { return [] }
        var checks = rankedChecks(query, driver: driver)
        if checks.isEmpty, let window = try firstRows(of: query.terms[driver], rows: counted[driver], after: anchor, backwards: backwards, count: count) {
            return window
        }
        let rows = try nameOrdered(query.terms[driver], expected: Int(counted[driver]))
        // The candidates go up from `next` (or down from it, `backwards`).
        var next = anchor.map { rows.position(of: $0, backwards: backwards) } ?? (backwards ? rows.count : 0)
        func candidates(_ wanted: Int) -> [Int64] {
            let taken = backwards ? rows.customers(from: max(0, next - wanted), upTo: next).reversed() : Array(rows.customers(from: next, upTo: next + wanted))
            next += backwards ? -taken.count : taken.count
            return taken
        }
        var found: [Int64] = []
        // How many of the customers checked so far passed: the sample's share until some are.
        var checked = 0, passed = 0
        var rate: Double { checked > 0 && passed > 0 ? Double(passed) / Double(checked) : max(passing, 0.02) }
        // Checked as many at a time as the window still needs, half as many again as the rate
        // says: each check is a seek into the index by customer (about 4 µs at a million).
        while (backwards ? next > 0 : rows.hasCustomer(at: next)) && found.count < count {
            let need = count - found.count
            let taken = candidates(checks.isEmpty ? need : max(64, Int(min(Double(need) / rate * 1.5, Double(Int32.max)))))
            // Where a word's customers cost less to read whole (about 0.1 µs a row, in its
            // index order) than the seeks so far and these, they are read into a set ("vi" of
            // "matti vi": 64,000 rows for the 4,000 customers before the window is full).
            for index in checks.indices {
                guard case let .seek(word?, _, _) = checks[index] else { continue }
                let budget = (checked + taken.count) * wordSetBudget
                guard counted[word] < budget else { continue }
                if let set = try NumberSet(db, wordNumbers(query.terms[word]), atMost: budget) {
                    checks[index] = .set(set)
                } else if case let .seek(_, sql, arguments) = checks[index] {
                    // More rows than the budget (the word was counted only to a limit): sought
                    // from now on, not read again for each batch.
                    checks[index] = .seek(word: nil, sql: sql, arguments: arguments)
                }
            }
            let left = try passingChecks(taken, checks)
            checked += taken.count
            passed += left.count
            found += left.prefix(need)
        }
        return found
    }

    /// A word alone (nothing to check): its first `count` customers after `anchor` as SQLite
    /// sorts the top of its rows, cheaper than reading and sorting them all (11 ms for "matti"
    /// at a million, against 18) when they are not kept already; for a common word (`counted`,
    /// its rows counted as far as the plan needed: `walks`), walked in name order through its
    /// pair's terms instead (`walkedCustomers`). Nil when they are kept, when customers with several rows
    /// left the window short, or when the window before was of this word alone too: asked again
    /// (the space typed after it, a page down), its customers are read and kept for the next
    /// key, so that the second word's first letter finds them. A word with as many rows as
    /// words walked together need (`walkedTogetherFrom`, 5,000: where the next word has as
    /// many, the window walks both, `walkedTogether`; where it has fewer, it drives), or more than a walk of the name index with a seek for each
    /// customer would cost (the plan before v33: "a", "k", ~110k rows at a million), is never
    /// read whole: it is walked every time, and counted that far only once (`commonWordAlone`),
    /// not at every page. ("matti " read and kept Matti's 63,000 customers at a million: 24 ms.)
    private func firstRows(of term: String, rows counted: Int64, after anchor: (key: String, number: Int64)?, backwards: Bool,
                           count: Int) throws -> [Int64]? {
        if try keptRows()?.word == term { return nil }
        defer { lastWordAlone = term }
        let walks = walks(term, rows: counted)
        if lastWordAlone == term && commonWordAlone != term {
            guard walks else { return nil }
            let customers = try customerSpan()
            let most = min(Int64(walkedTogetherFrom), Int64(Self.breakEven(Self.walkCost(customers), customers)))
            if try termRows(term, upTo: most) < most { return nil }
            commonWordAlone = term
        }
        if walks { return try walkedCustomers(of: term, rows: counted, after: anchor, backwards: backwards, count: count) }
        // Room for a few customers with two rows.
        let limit = min(count, Int(Int32.max)) + 16
        let (numbers, rows) = try sortedCustomers(of: term, after: anchor, backwards: backwards, limit: limit)
        guard numbers.count >= count || rows < limit else { return nil }
        return Array(numbers.prefix(count))
    }

    /// A common word alone's first `count` customers after `anchor` (before it going
    /// `backwards`), walked in name order through the terms that begin with its first two
    /// letters (v34's index alone). A word of one or two letters begins every term it walks:
    /// the first `count` customers of each of its pairs, merged. A longer word's pair holds
    /// others' terms too ("korpi" among the Korhonens' "kor…", "matti" among "mari…"): it is
    /// walked through at most twice as many terms as its rows were counted (`walkedFrom`, 1,000)
    /// and four a customer the window needs, and where that stretch holds too few of its
    /// customers, the rest come after it as SQLite sorts the word's rows.
    private func walkedCustomers(of term: String, rows counted: Int64, after anchor: (key: String, number: Int64)?, backwards: Bool,
                                 count: Int) throws -> [Int64] {
        guard count > 0 else { return [] }
        guard term.unicodeScalars.count > 2 else {
            var rows: [(key: String, number: Int64)] = []
            for pair in try pairs(of: term) {
                let (sql, arguments) = walkedRows(term, pair: pair, after: anchor, backwards: backwards, count: count)
                try db.forEach(sql, arguments) { rows.append((key: $0.text(1), number: $0.int(0))) }
            }
            return Self.merged(rows, backwards: backwards, count: count)
        }
        let pair = Self.pair(term)
        let budget = Int(min(2 * Double(counted) + 4 * Double(count), Double(Int32.max)))
        let (comparison, order) = backwards ? ("<", "DESC") : (">", "ASC")
        let anchorArguments: [any SQLBindable] = anchor.map { [$0.key, $0.number] } ?? []
        // Where the stretch ends: `budget` terms of the pair on (none when they end first).
        let keyset = anchor == nil ? "" : " AND (sort_key, customer_number) \(comparison) (?, ?)"
        let end = try db.first("""
            SELECT sort_key, customer_number FROM search_term INDEXED BY search_term_by_pair_in_name_order
            WHERE substr(term, 1, 2) = ?\(keyset) ORDER BY sort_key \(order), customer_number \(order) LIMIT 1 OFFSET ?
            """, [pair] + anchorArguments + [budget]) { (key: $0.text(0), number: $0.int(1)) }
        let (sql, arguments) = walkedRows(term, pair: pair, after: anchor, upTo: end, backwards: backwards, count: count)
        var numbers: [Int64] = []
        try db.forEach(sql, arguments) { numbers.append($0.int(0)) }
        guard numbers.count < count, let end else { return numbers }
        // The rest after the stretch; customers with several rows may leave a read short.
        let need = count - numbers.count
        var limit = need + 16
        while true {
            let (rest, rows) = try sortedCustomers(of: term, after: end, backwards: backwards, limit: limit)
            if rest.count >= need || rows < limit { return numbers + rest.prefix(need) }
            limit = min(limit * 4, Int(Int32.max))
        }
    }

    /// The walk of `walkedCustomers`: the word's customers among the terms that begin with
    /// `pair`, after `anchor`, up to and with `end`, in name order, each customer once.
    private func walkedRows(_ term: String, pair: String, after anchor: (key: String, number: Int64)? = nil,
                            upTo end: (key: String, number: Int64)? = nil, backwards: Bool = false, count: Int) -> (String, [any SQLBindable]) {
        let match = matches(term)
        let (comparison, order) = backwards ? ("<", "DESC") : (">", "ASC")
        let keyset = anchor == nil ? "" : " AND (sort_key, customer_number) \(comparison) (?, ?)"
        let stretch = end == nil ? "" : " AND (sort_key, customer_number) \(backwards ? ">=" : "<=") (?, ?)"
        return ("""
            SELECT customer_number, sort_key FROM search_term INDEXED BY search_term_by_pair_in_name_order
            WHERE substr(term, 1, 2) = ? AND \(match.sql)\(keyset)\(stretch)
            GROUP BY sort_key, customer_number ORDER BY sort_key \(order), customer_number \(order) LIMIT ?
            """, [pair] + match.arguments + (anchor.map { [$0.key, $0.number] } ?? []) + (end.map { [$0.key, $0.number] } ?? []) + [count])
    }

    /// The first two letters of `term` (as SQLite's `substr` counts them: code points).
    private static func pair(_ term: String) -> String {
        String(String.UnicodeScalarView(term.unicodeScalars.prefix(2)))
    }

    /// The pairs of first letters the terms `term` begins start with: its own when it has two
    /// letters or more; for one letter each pair under it (and the letter alone, where a term
    /// is that letter), found in v34's index by a seek each.
    private func pairs(of term: String) throws(StoreError) -> [String] {
        guard term.unicodeScalars.count < 2 else { return [Self.pair(term)] }
        let upper = Self.upperBound(term)
        func pair(_ comparison: String, _ bound: String) throws(StoreError) -> String? {
            try read {
                try db.first("""
                    SELECT substr(term, 1, 2) FROM search_term INDEXED BY search_term_by_pair_in_name_order
                    WHERE substr(term, 1, 2) \(comparison) ? AND substr(term, 1, 2) < ? ORDER BY substr(term, 1, 2) LIMIT 1
                    """, [bound, upper]) { $0.text(0) }
            }
        }
        var pairs: [String] = []
        var next = try pair(">=", term)
        while let found = next {
            pairs.append(found)
            next = try pair(">", found)
        }
        return pairs
    }

    /// Whether a word alone with `counted` rows (as far as the plan counted them) is walked
    /// through its pair's terms (`walkedCustomers`): common enough, and matching one range of
    /// terms alone (not a phone's digits from the end, not a customer's number), so that its
    /// terms' first two letters hold every match.
    private func walks(_ term: String, rows counted: Int64) -> Bool {
        counted >= Self.walkedFrom && matches(term).arguments.count == 2
    }

    /// Customers read from several pairs' walks, in name order (`backwards`: the other way),
    /// each once, the first `count`. Keys compare as SQLite compares them: byte by byte.
    private static func merged(_ rows: [(key: String, number: Int64)], backwards: Bool, count: Int) -> [Int64] {
        let sorted = rows.sorted { a, b in
            // Bytes, not Swift's equality (canonically equivalent keys are equal to it).
            if !a.key.utf8.elementsEqual(b.key.utf8) {
                return a.key.utf8.lexicographicallyPrecedes(b.key.utf8) != backwards
            }
            return backwards ? a.number > b.number : a.number < b.number
        }
        var numbers: [Int64] = []
        for row in sorted where numbers.last != row.number {
            numbers.append(row.number)
            if numbers.count == count { break }
        }
        return numbers
    }

    /// A word's index rows in name order as SQLite sorts them (after `anchor`, or before it
    /// going `backwards`; at most `limit`): a word alone's window, a whole list's customers.
    /// Read from the word's own range: the order and the anchor are written (`+sort_key`) so
    /// that SQLite cannot take them from an index of the terms in name order (v33's, v34's by
    /// pair), which with an anchor it chose, walking everyone after it for the word (a rare
    /// word's next page at a million: the whole index).
    private func sortedWordRows(_ term: String, after anchor: (key: String, number: Int64)? = nil, backwards: Bool = false,
                                limit: Int? = nil) -> (String, [any SQLBindable]) {
        let match = matches(term)
        let (comparison, order) = backwards ? ("<", "DESC") : (">", "ASC")
        let keyset = anchor == nil ? "" : " AND (+sort_key, +customer_number) \(comparison) (?, ?)"
        return ("SELECT customer_number FROM search_term WHERE \(match.sql)\(keyset) ORDER BY +sort_key \(order), +customer_number \(order)"
                    + (limit == nil ? "" : " LIMIT ?"),
                match.arguments + (anchor.map { [$0.key, $0.number] } ?? []) + (limit.map { [$0] } ?? []))
    }

    /// The customers of `sortedWordRows`, a customer with two rows (two terms the word begins,
    /// side by side) once; and how many rows were read.
    private func sortedCustomers(of term: String, after anchor: (key: String, number: Int64)? = nil, backwards: Bool = false,
                                 limit: Int? = nil) throws -> (numbers: [Int64], rows: Int) {
        let (sql, arguments) = sortedWordRows(term, after: anchor, backwards: backwards, limit: limit)
        var numbers: [Int64] = [], rows = 0
        try db.forEach(sql, arguments) { row in
            rows += 1
            if numbers.last != row.int(0) { numbers.append(row.int(0)) }
        }
        return (numbers, rows)
    }

    /// `term`'s customers in name order: the ones kept (`keptWord`) while the register is as it
    /// was when they were read, else read now and kept instead (`expected`: about how many rows
    /// the word has).
    private func nameOrdered(_ term: String, expected: Int) throws -> NameOrderedRows {
        if let kept = try keptRows(), kept.word == term { return kept.rows }
        // The moment is taken before the rows are read: a change in between reads them again.
        let stamp = try db.changeStamp()
        let (sql, arguments) = wordRows(term)
        let rows = try db.reading { try NameOrderedRows(db, sql, arguments, expected: expected) }
        // Inside a transaction the rows may be undone by a rollback, which leaves the stamp as
        // it was: they are used, not kept.
        if !db.isInTransaction { keptWord = KeptWord(word: term, stamp: stamp, rows: rows) }
        return rows
    }

    /// The word's customers kept (`keptWord`) while the register is unchanged; dropped (and
    /// nil) once it has changed.
    private func keptRows() throws(StoreError) -> KeptWord? {
        guard let kept = keptWord else { return nil }
        guard try kept.stamp == db.changeStamp() else {
            keptWord = nil
            return nil
        }
        return kept
    }

    /// How candidates are checked against a word but the driver or the filters.
    private enum Check {
        /// A query giving those of the customers (a JSON list of numbers, its first argument)
        /// that pass: for a word (`word`, its index in the query), its index rows of those
        /// customers, sought in the index by customer.
        case seek(word: Int?, sql: String, arguments: [any SQLBindable])
        /// The word's customers, read whole.
        case set(NumberSet)
    }

    /// The checks of a ranked window's candidates: the words but `driver`, and the filters.
    /// Forgotten customers have no terms, so a word alone needs no check at all.
    private func rankedChecks(_ query: SearchQuery, driver: Int) -> [Check] {
        var checks: [Check] = query.terms.indices.filter { $0 != driver }.map { word in
            let match = matches(query.terms[word])
            return .seek(word: word, sql: "SELECT customer_number FROM search_term WHERE customer_number IN (SELECT value FROM json_each(?)) AND \(match.sql)",
                         arguments: match.arguments)
        }
        let filters = Self.kindAndTagChecks(query)
        if !filters.sql.isEmpty {
            checks.append(.seek(word: nil, sql: "SELECT c.number FROM customer c WHERE c.number IN (SELECT value FROM json_each(?))" + filters.sql,
                                arguments: filters.arguments))
        }
        return checks
    }

    /// The customers of `candidates` that pass every check, in their order.
    private func passingChecks(_ candidates: [Int64], _ checks: [Check]) throws -> [Int64] {
        var left = candidates
        for check in checks where !left.isEmpty {
            switch check {
            case let .set(set):
                left = left.filter(set.contains)
            case let .seek(_, sql, arguments):
                var matched = Set<Int64>()
                try db.forEach(sql, [Database.jsonArray(left)] + arguments) { matched.insert($0.int(0)) }
                left = left.filter(matched.contains)
            }
        }
        return left
    }

    /// A word's customers, in its index order (a customer may come more than once).
    private func wordNumbers(_ term: String) -> (String, [any SQLBindable]) {
        let match = matches(term)
        return ("SELECT customer_number FROM search_term WHERE \(match.sql)", match.arguments)
    }

    /// A word's index rows: (customer number, sort key).
    private func wordRows(_ term: String) -> (String, [any SQLBindable]) {
        let match = matches(term)
        return ("SELECT customer_number, sort_key FROM search_term WHERE \(match.sql)", match.arguments)
    }

    /// The live customers of `numbers`, completed, in that order.
    private func customers(ordered numbers: [Int64]) throws(StoreError) -> [Customer] {
        var found: [Customer] = []
        found.reserveCapacity(numbers.count)
        try read { try forEachCustomer(numbered: numbers) { found.append($0) } }
        return found
    }

    /// Calls `body` with every matching customer in name order, one at a time (CLI listings).
    /// `body` reads the register freely, and writes only inside the caller's own write
    /// transaction (see `forEachChunk`).
    public func forEachCustomer(matching query: SearchQuery = SearchQuery(""), _ body: (Customer) throws -> Void) throws {
        try forEachChunk(matching: query) { rows in
            try rows.forEachPart { for customer in $0 { try body(customer) } }
        }
    }

    /// Every matching customer in name order, as chunks of rows to be made into customers where
    /// they are used (`CustomerRows`: another thread may decode and format a chunk while this
    /// one reads the next). The rows are read a chunk at a time in the table's order
    /// (`rows(of:)`); `body` reads the register freely, and writes only inside the caller's own
    /// write transaction (the walk's read transaction is then that one).
    ///
    /// Everyone (exports, lists of everyone): the name index alone gives the numbers, a chunk
    /// at a time, each chunk starting after the last customer of the one before; their
    /// consents and tags come with their rows (v36). One read transaction keeps the chunks of
    /// one moment (a paused pipe holds that moment: the WAL waits for it).
    /// `chunk`: at most how many customers a chunk holds (a selection: by how many it has,
    /// `selectionChunk`; everyone: `rowChunk`).
    public func forEachChunk(matching query: SearchQuery = SearchQuery(""), chunk: Int? = nil, _ body: (CustomerRows) throws -> Void) throws {
        precondition(chunk ?? 1 > 0)
        guard query.terms.isEmpty else {
            let numbers = try numbers(matching: query)
            return try forEachChunk(numbered: numbers, chunk: chunk ?? Self.selectionChunk(numbers.count), body)
        }
        let filters = Self.kindAndTagChecks(query)
        try db.reading {
            let chunk = chunk ?? Self.rowChunk
            var after: (key: String, number: Int64)? = nil
            var bytesPerRow = 0
            repeat {
                let keyset = after == nil ? "" : " AND (sort_key, number) > (?, ?)"
                var numbers: [Int64] = []
                try db.forEach("SELECT number, sort_key FROM customer INDEXED BY customer_by_name WHERE forgotten_on IS NULL\(keyset) ORDER BY sort_key, number LIMIT ?",
                               (after.map { [$0.key, $0.number] } ?? []) + [chunk]) { row in
                    numbers.append(row.int(0))
                    // The next chunk starts after a full one's last customer (the key read only there).
                    if numbers.count == chunk { after = (row.text(1), row.int(0)) }
                }
                if let rows = try rows(of: numbers, filters: filters, bytesPerRow: &bytesPerRow) { try body(rows) }
                guard numbers.count == chunk else { return }
            } while true
        }
    }

    /// How many customers' rows are read at once, at any size (a selection at most as many:
    /// `selectionChunk`): in the table's order, a page of the table is read once for all of the
    /// chunk's customers on it. At a million customers in name order (about 70 rows a page),
    /// 10,000 read a page for about every second customer, where 500 read one for each: a CSV
    /// export took 11 s where it took 16 s, in 70 MB where it took 48. Chunks of a 25th of the
    /// register (40,000 at a million) read the table 25 times instead of 50, a CSV export at a
    /// million 6.7-7.1 -> 5.3-5.4 s (dec 4, a quiet hour), but held twice the memory (60 ->
    /// 114 MB, a chunk's rows held while the one before is rendered): memory stays flat at any
    /// size instead, within the export's 8 s.
    public static let rowChunk = 10_000

    /// A chunk for a selection of `count` customers: a quarter of them (rounded up), at least
    /// 500 and at most `rowChunk`, so that the first chunks are made and written on the other
    /// core while this one reads the rest (read as one chunk, nothing is formatted while it is
    /// read). Smaller chunks read more of the table's pages (a page holding customers of two
    /// chunks is read for each), but the overlap gains more: `list --search virtanen` at 100k
    /// read 1,425 pages in one chunk and 2,266 in quarters, and took 72–81 ms where it now
    /// takes 63–69; at a million 14,000 pages in one chunk, 28,900 in thirds of 10,000 and
    /// 30,600 in quarters, 0.40–0.53 s each (chunks of 1,000: 34,000 pages, slower).
    static func selectionChunk(_ count: Int) -> Int { min(rowChunk, max(500, count / 4 + (count % 4 == 0 ? 0 : 1))) }

    /// The live customers of `numbers` (a chunk) that pass `filters`, read in
    /// the table's order (SQLite sorts the list), in the order of `numbers`; nil when none is.
    /// `bytesPerRow`: how many bytes a row's values took in the chunk before (room is made for
    /// a tenth more at once, where doubling as they came held up to twice the bytes: a chunk
    /// is held while the one before is rendered); updated to this chunk's.
    private func rows(of numbers: [Int64], filters: (sql: String, arguments: [any SQLBindable]) = ("", []),
                      bytesPerRow: inout Int) throws -> CustomerRows? {
        var rows = CopiedRows(columns: Self.selectedColumnCount, rows: numbers.count, bytes: numbers.count * bytesPerRow * 11 / 10)
        var position: [Int64: Int] = [:]
        position.reserveCapacity(numbers.count)
        try withListed(numbers) { list in
            try db.forEach(Self.customerSelect() + " WHERE c.number IN \(list) AND c.forgotten_on IS NULL\(filters.sql)", filters.arguments) { row in
                position[row.int(Self.numberColumn)] = rows.count
                rows.append(row)
            }
        }
        if rows.count > 0 { bytesPerRow = rows.byteCount / rows.count }
        let found = numbers.filter { position[$0] != nil }
        guard !found.isEmpty else { return nil }
        return CustomerRows(rows: rows, order: found.map { position[$0]! }, numbers: found,
                            completion: try .read(self, numbers: found))
    }

    /// The numbers of the customers a query with words matches, in name order. One word drives:
    /// its index rows in name order, sorted by SQLite all at once (no customer visited to sort
    /// them); intersected words: their customers sorted.
    private func numbers(matching query: SearchQuery) throws -> [Int64] {
        let plan = try plan(query, whole: true)
        if case let .narrow(drivers) = plan, drivers.count == 1 {
            // SQLite sorts the word's rows (a whole list may be any length: its sorter spills to
            // disk), and every customer is checked at once.
            return try read {
                try db.reading { try passingChecks(try sortedCustomers(of: query.terms[drivers[0]]).numbers, rankedChecks(query, driver: drivers[0])) }
            }
        }
        let (from, whereSQL, arguments) = try filter(query, plan: plan)
        return try db.rows("SELECT c.number FROM \(from) WHERE \(whereSQL) ORDER BY c.sort_key, c.number", arguments) { $0.int(0) }
    }

    /// The live customers of `numbers`, in that order (a view's matches: never one query per
    /// customer). Up to 500 (a view's window, a card) are read at one moment, and `body` may
    /// write. A longer list is read at one moment whole, a chunk at a time: `body` then reads
    /// only.
    public func forEachCustomer(numbered numbers: [Int64], _ body: (Customer) throws -> Void) throws {
        try forEachChunk(numbered: numbers) { rows in
            try rows.forEachPart { for customer in $0 { try body(customer) } }
        }
    }

    /// The live customers of `numbers`, in that order, as chunks of rows (`forEachCustomer(numbered:)`).
    func forEachChunk(numbered numbers: [Int64], chunk: Int = rowChunk, _ body: (CustomerRows) throws -> Void) throws {
        precondition(chunk > 0)
        var bytesPerRow = 0
        guard numbers.count > min(500, chunk) else {
            if let rows = try db.reading({ try rows(of: numbers, bytesPerRow: &bytesPerRow) }) { try body(rows) }
            return
        }
        try db.reading {
            var start = 0
            while start < numbers.count {
                let part = Array(numbers[start..<min(numbers.count, start + chunk)])
                start += part.count
                if let rows = try rows(of: part, bytesPerRow: &bytesPerRow) { try body(rows) }
            }
        }
    }

    /// The live customers of `numbers`, by number.
    public func customers(numbered numbers: [Int64]) throws -> [Int64: Customer] {
        var found: [Int64: Customer] = [:]
        try forEachCustomer(numbered: numbers) { found[$0.number] = $0 }
        return found
    }

    /// Rows read by `customerFields` (their consents and tags on them) with what lives in
    /// other tables: websites, profiles and other contacts. A few queries for the whole slice,
    /// however long (a window of the list, a single card), never a few per customer
    /// (`CustomerRows.Completion`).
    func completed(_ customers: consuming [Customer]) throws -> [Customer] {
        guard !customers.isEmpty else { return [] }
        try CustomerRows.Completion.read(self, numbers: customers.map(\.number)).complete(&customers)
        return customers
    }

    /// The tables most registers leave empty, where one probe saves looking up many customers.
    enum SparseTable: String {
        case customerContact = "customer_contact", customerLink = "customer_link", orderChange = "order_change", request, feedback, disclosure
    }

    /// Whether `table` has any row at all.
    func holdsAny(_ table: SparseTable) throws(StoreError) -> Bool {
        try db.scalarInt("SELECT EXISTS (SELECT 1 FROM \(table.rawValue))") == 1
    }

    /// How many live customers match. Forgotten customers have no index terms, so matches
    /// can be counted in the term index alone.
    public func countCustomers(matching query: SearchQuery = SearchQuery("")) throws(StoreError) -> Int {
        if query.hasFilters {
            let (from, whereSQL, arguments) = try filter(query, whole: true)
            return try read { Int(try db.first("SELECT count(*) FROM \(from) WHERE \(whereSQL)", arguments) { $0.int(0) } ?? 0) }
        }
        guard let first = query.terms.first else {
            // Everyone less the forgotten: SQLite counts a whole table from its smallest index's
            // pages without reading their entries (1.5 ms at a million, where the name index's
            // entries took 60–90 ms), and the forgotten from their own small index.
            return Int(try db.scalarInt("""
                SELECT (SELECT count(*) FROM customer) - (SELECT count(*) FROM customer INDEXED BY customer_forgotten WHERE forgotten_on IS NOT NULL)
                """) ?? 0)
        }
        return try read {
            try db.reading {
                // The rarest word drives: its customers are each checked against the other words.
                var rarest = (term: first, rows: Int64.max)
                // Longest first (the query's order): the likeliest to be rare.
                for term in query.terms {
                    let rows = try termRows(term, upTo: min(Int64(countedInSetsFrom), rarest.rows))
                    if rows < rarest.rows { rarest = (term, rows) }
                }
                if rarest.rows >= countedInSetsFrom, let counted = try countedInSets(query.terms) { return counted }
                var others = query.terms
                others.remove(at: others.firstIndex(of: rarest.term)!)
                let checks = termChecks(others, on: "s.customer_number")
                let match = matches(rarest.term, "s.")
                return Int(try db.first("""
                    SELECT count(DISTINCT s.customer_number) FROM search_term s WHERE \(match.sql)\(checks.sql)
                    """, match.arguments + checks.arguments) { $0.int(0) } ?? 0)
            }
        }
    }

    /// How many customers have a term each of `terms` begins, where every word has many rows
    /// (`countedInSetsFrom`): the first word's customers read from its index rows in their
    /// order into a set of bits, then each other word's kept only where the words before had
    /// them, and the bits counted; a word with more than 40 rows for each customer kept so
    /// far is sought for those customers instead. A row read in order costs about 0.1 µs,
    /// where checking a customer against another word is a seek (4 µs at a million): "matti
    /// virt" counted Matti's 63,000 rows each checked for "virt", 0.3–0.4 s at a million (the
    /// interface counts a search when Enter ends it), now 11–13 ms; "virtanen h" reads the
    /// 520,000 rows of "h", about 60 ms. Nil where a customer's number lies outside what a set
    /// holds (`NumberSet.largest`).
    private func countedInSets(_ terms: [String]) throws -> Int? {
        var kept: NumberSet?
        for term in terms {
            var found = NumberSet()
            let match = matches(term)
            var outside = false, rows = 0
            let most = kept.map { 40 * $0.count } ?? Int.max
            try db.forEach("SELECT customer_number FROM search_term WHERE \(match.sql) LIMIT ?", match.arguments + [min(most, Int(Int32.max)) + 1]) { row in
                rows += 1
                let number = row.int(0)
                if kept?.contains(number) ?? true, !found.insert(number) { outside = true }
            }
            if outside { return nil }
            if rows > most, let before = kept {
                found = NumberSet()
                try db.forEach("SELECT DISTINCT customer_number FROM search_term WHERE customer_number IN (SELECT value FROM json_each(?)) AND \(match.sql)",
                               [Database.jsonArray(before.numbers)] + match.arguments) { row in
                    _ = found.insert(row.int(0))
                }
            }
            kept = found
            if found.count == 0 { return 0 }
        }
        return kept?.count
    }
}
