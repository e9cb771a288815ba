import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// A word's index rows sorted here (`NameOrderedRows`) come out in the order SQLite sorts them,
/// and a position found in them is where SQLite's comparison puts the anchor.
@Suite struct NameOrderedRowsTests {
    /// Keys of every kind a sort key can be, and some it cannot: shorter than 8 bytes, 8, 16 and
    /// 17, a key and its own beginnings, letters of two, three and four bytes, bytes past 0x7F
    /// at each of the first 16 places, equal keys under several numbers, and a customer with two
    /// rows (two terms the word begins: the same key twice).
    static func rows(random: Int = 300, beginning: String = "") -> [(number: Int64, key: String)] {
        var keys = ["", "a", "ab", "ab\u{1}", "ab\u{1}c", "abcdefgh", "abcdefgh\u{1}", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopr",
                    "abcdefghijklmnop\u{1}", "virtanen\u{1}matti", "virtanen\u{1}matt", "virtanen\u{1}mattias", "}stman\u{1}}rjan", "ä", "ö", "å", "中", "😀",
                    "zzzzzzzzzzzzzzzzzzzzzz", "zzzzzzzzzzzzzzzzzzzzzy"]
        for place in 0..<17 { keys.append(String(repeating: "m", count: place) + "é" + "x") }
        var generator = SplitMix64(seed: 20)
        let alphabet = Array("abkv|}\u{1}äö")
        for _ in 0..<random { keys.append(String((0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })) }
        var rows: [(Int64, String)] = []
        var number: Int64 = 1001
        for (index, key) in keys.map({ beginning + $0 }).enumerated() {
            rows.append((number, key))
            // Every third key again under another number; every fifth customer with two rows.
            if index % 3 == 0 { rows.append((number + 5000, key)) }
            if index % 5 == 0 { rows.append((number, key)) }
            number += 1
        }
        return rows.shuffled(using: &generator)
    }

    /// 300 random keys, 12,000 (buckets of many rows; their anchors sampled), and keys that all
    /// begin alike, as a surname's do (dealt by the bytes after that beginning), the beginning
    /// alone among them.
    @Test(arguments: [(300, ""), (12_000, ""), (2000, "korhonen\u{1}"), (300, "ä"), (300, "abcdefghijklmnopq")])
    func rowsSortAsSQLiteSortsThemAndPositionsAreItsComparison(random: Int, beginning: String) throws {
        let f = try Fixture()
        let db = f.register.db
        try db.execute("CREATE TEMP TABLE word_row(number INTEGER, key TEXT)")
        let rows = Self.rows(random: random, beginning: beginning)
        try db.write { for row in rows { _ = try db.run("INSERT INTO word_row VALUES (?, ?)", row.number, row.key) } }
        let sorted = try NameOrderedRows(db, "SELECT number, key FROM word_row", [], expected: 10)
        let expected = try db.rows("SELECT DISTINCT number, key FROM word_row ORDER BY key, number") { ($0.int(0), $0.text(1)) }
        #expect(sorted.numbers == expected.map(\.0))
        #expect(sorted.rowsRead == rows.count)
        // Anchors: every row's, and ones between and beyond them.
        let sampled = stride(from: 0, to: expected.count, by: random > 1000 ? 97 : 1).map { expected[$0] }
        var anchors = sampled.map { (key: $0.1, number: $0.0) }
        anchors += sampled.flatMap { [(key: $0.1, number: $0.0 - 1), (key: $0.1, number: $0.0 + 1), (key: $0.1 + "\u{1}", number: 0), (key: $0.1 + "~", number: Int64.max)] }
        anchors += [(key: "", number: Int64.min), (key: "\u{10FFFF}", number: 0)]
        for anchor in anchors {
            let after = try db.scalarInt("SELECT count(*) FROM (SELECT DISTINCT number, key FROM word_row) WHERE (key, number) <= (?, ?)", anchor.key, anchor.number)
            let before = try db.scalarInt("SELECT count(*) FROM (SELECT DISTINCT number, key FROM word_row) WHERE (key, number) < (?, ?)", anchor.key, anchor.number)
            #expect(Int64(sorted.position(of: anchor, backwards: false)) == after, "after \(anchor)")
            #expect(Int64(sorted.position(of: anchor, backwards: true)) == before, "before \(anchor)")
        }
        // Asked before they are all in order (a window sorts only the buckets it reaches), from
        // the first anchor on: the same positions, and the same customers from each.
        let lazy = try NameOrderedRows(db, "SELECT number, key FROM word_row", [], expected: 10)
        for anchor in anchors {
            let position = lazy.position(of: anchor, backwards: false)
            #expect(position == sorted.position(of: anchor, backwards: false), "lazily after \(anchor)")
            #expect(lazy.position(of: anchor, backwards: true) == sorted.position(of: anchor, backwards: true), "lazily before \(anchor)")
            #expect(Array(lazy.customers(from: position, upTo: position + 3)) == Array(expected.map(\.0).dropFirst(position).prefix(3)), "lazily from \(anchor)")
            #expect(lazy.hasCustomer(at: position) == (position < expected.count), "lazily at \(anchor)")
        }
        #expect(lazy.count == expected.count)
    }

    @Test func noRowsSortToNone() throws {
        let f = try Fixture()
        let none = try NameOrderedRows(f.register.db, "SELECT 1, 'a' WHERE 0", [])
        #expect(none.numbers.isEmpty && none.position(of: ("a", 1), backwards: false) == 0 && none.position(of: ("a", 1), backwards: true) == 0)
    }

    /// A word's customers read into bits hold each number read and no other; too many rows, or
    /// a number no customer can have, give none (the candidates are then sought one by one).
    @Test func aNumberSetHoldsWhatWasReadAndNothingElse() throws {
        let f = try Fixture()
        let db = f.register.db
        try db.execute("CREATE TEMP TABLE read_number(number INTEGER)")
        let numbers: [Int64] = [1, 2, 63, 64, 65, 127, 128, 1001, 1001, 4095, 70_000, NumberSet.largest]
        for number in numbers { _ = try db.run("INSERT INTO read_number VALUES (?)", number) }
        let set = try #require(try NumberSet(db, ("SELECT number FROM read_number", []), atMost: numbers.count))
        for number in Int64(-70)...5000 { #expect(set.contains(number) == numbers.contains(number), "\(number)") }
        for number in [70_000, NumberSet.largest] { #expect(set.contains(number)) }
        for number in [69_999, 70_001, NumberSet.largest - 1, NumberSet.largest + 1, Int64.max, Int64.min] { #expect(!set.contains(number), "\(number)") }
        #expect(try NumberSet(db, ("SELECT number FROM read_number", []), atMost: numbers.count - 1) == nil, "more rows than allowed")
        for outside in [0, -5, NumberSet.largest + 1] {
            #expect(try NumberSet(db, ("SELECT ? UNION ALL SELECT 1001", [outside]), atMost: 10) == nil, "\(outside)")
        }
    }
}

/// The last ranked word's customers are kept between keystrokes: whatever changes the register
/// (this connection, another process, a forget, a rename) is in the next window, and nothing of
/// a forgotten person stays kept.
@Suite struct KeptWordTests {
    func window(_ register: Register, _ text: String) throws -> [Int64] {
        try register.customers(matching: SearchQuery(text), limit: 40).map(\.number)
    }

    /// The whole list (SQLite sorts it; nothing kept) as the truth.
    func whole(_ register: Register, _ text: String) throws -> [Int64] {
        var numbers: [Int64] = []
        try register.forEachCustomer(matching: SearchQuery(text)) { numbers.append($0.number) }
        return numbers
    }

    @Test func everyChangeIsInTheNextWindow() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 3000, organisations: 150, seed: 11, today: f.today)
        let register = f.register
        let other = try Register.open(at: register.path)
        #expect(try window(register, "matti v") == Array(try whole(register, "matti v").prefix(40)))
        #expect(register.keptWord?.word == "matti", "the window is read from Matti's customers, kept")

        // Added on this connection: first in the list.
        let added = try f.add("Matti", "Aaltola") { $0.town = "Vantaa" }
        #expect(try window(register, "matti v").first == added)
        #expect(register.keptWord?.word == "matti")
        // Added by another connection (another process alike): the register's moment changed.
        var input = CustomerInput(firstName: "Matti", lastName: "Aakkula")
        input.town = "Vaasa"
        let elsewhere = try other.addCustomer(input.validate(today: f.today), today: f.today)
        #expect(try window(register, "matti v").prefix(2) == [elsewhere, added])
        // Renamed elsewhere: moves.
        try other.updateCustomer(elsewhere, CustomerInput(lastName: "Öörni").validate(today: f.today, existing: other.customer(elsewhere)))
        #expect(try window(register, "matti v").first == added)
        #expect(try customersFromEnd(register, "matti v").last == elsewhere)
        // Forgotten here: gone, and nothing of theirs stays kept.
        _ = try register.forget(added, on: f.today)
        #expect(register.keptWord == nil)
        #expect(try !window(register, "matti v").contains(added))
        #expect(try window(register, "matti v") == Array(try whole(register, "matti v").prefix(40)))
        // Forgotten elsewhere: the interface's next look for changes (every two seconds) lets
        // go of the kept key before anything is searched again; then gone.
        _ = try register.changesElsewhere()
        #expect(try customersFromEnd(register, "matti v").last == elsewhere)
        #expect(register.keptWord != nil)
        _ = try other.forget(elsewhere, on: f.today)
        _ = try register.changesElsewhere()
        #expect(register.keptWord == nil)
        #expect(try !customersFromEnd(register, "matti v").contains(elsewhere))
        other.close()
    }

    /// A window read inside a transaction that is then rolled back: what the transaction did
    /// (the first Matti of the list no longer found) is not kept for the windows after, which a
    /// rollback would leave at the register's same moment.
    @Test func nothingReadInsideAnUndoneTransactionIsKept() throws {
        struct Undone: Error {}
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 3000, organisations: 150, seed: 11, today: f.today)
        let register = f.register
        let before = try window(register, "matti v")
        #expect(before == Array(try whole(register, "matti v").prefix(40)))
        let first = try #require(before.first)
        #expect(throws: Undone.self) {
            try register.db.write {
                _ = try register.db.run("DELETE FROM search_term WHERE customer_number = ?", first)
                #expect(try !window(register, "matti v").contains(first))
                throw Undone()
            }
        }
        #expect(try window(register, "matti v") == before)
    }

    /// A kept word is held while the search still has it, and let go by the first window of a
    /// search without it (its letters rubbed out, another search, the empty search), so that
    /// its rows are not held while another search fills the page cache.
    @Test(arguments: [("matti v", true), ("matti vi", true), ("vi matti", true), ("matti", true), ("matti #1", true),
                      ("matt", false), ("mattil", false), ("virtanen", false), ("", false), ("v", false)])
    func aWordIsKeptOnlyWhileSearched(next: String, kept: Bool) throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 3000, organisations: 150, seed: 11, today: f.today)
        let register = f.register
        _ = try window(register, "matti v")
        #expect(register.keptWord?.word == "matti")
        _ = try window(register, next)
        #expect((register.keptWord?.word == "matti") == kept, "after \"\(next)\"")
        // Whatever is kept after a search is a word of that search.
        #expect(register.keptWord.map { SearchQuery(next).terms.contains($0.word) } ?? true, "after \"\(next)\"")
    }

    func customersFromEnd(_ register: Register, _ text: String) throws -> [Int64] {
        try register.customersFromEnd(matching: SearchQuery(text), limit: 40).map(\.number)
    }
}
