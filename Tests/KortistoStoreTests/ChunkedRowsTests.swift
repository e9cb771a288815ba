import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// A walk reads its customers' rows a chunk at a time in the table's order, copies them out as
/// bytes, and makes them into customers later, on another thread (`CustomerRows`). Every chunk
/// size, every filter and every stored column must give the customers a row read directly gives.
@Suite struct ChunkedRowsTests {
    static let chunks = [1, 7, 333, 500, 501, 1_199, Register.rowChunk]

    /// A search's list is read a quarter at a time, at least 500 and at most `rowChunk`: its
    /// first customers are written while the rest are read.
    @Test func aSelectionIsReadAQuarterAtATime() {
        for count in 0...45_000 {
            let chunk = Register.selectionChunk(count), chunks = (count + chunk - 1) / chunk
            if count <= 2_000 {
                #expect(chunk == 500, "\(count)")
            } else if count <= 40_000 {
                // Four chunks, the last no longer than the others.
                #expect(chunks == 4 && chunk < count && 3 * chunk < count, "\(count): \(chunk)")
            } else {
                #expect(chunk == Register.rowChunk, "\(count)")
            }
        }
        for count in [1_000_000, Int.max - 3, Int.max] { #expect(Register.selectionChunk(count) == Register.rowChunk, "\(count)") }
    }

    /// A search's list read in its own chunks (several, for a word most customers have) gives
    /// the customers and the order one chunk gives, with or without a filter.
    @Test func aSelectionInItsChunksGivesWhatOneChunkGives() throws {
        let f = try EveryoneReadAtOnceTests.register()
        let r = f.register
        func walk(_ query: SearchQuery, chunk: Int?) throws -> (customers: [Customer], chunks: Int) {
            var walked: [Customer] = [], chunks = 0
            try r.forEachChunk(matching: query, chunk: chunk) { rows in
                chunks += 1
                try rows.forEachPart(of: 64) { walked += $0 }
            }
            return (walked, chunks)
        }
        for query in [SearchQuery("example"), SearchQuery("0"), SearchQuery("e"), SearchQuery("example", kinds: [.customer, .member]), SearchQuery("0 e")] {
            let whole = try walk(query, chunk: Int.max), own = try walk(query, chunk: nil)
            #expect(whole.customers.count > 500, "\(query.terms) \(query.kinds): \(whole.customers.count), a word most customers have")
            #expect(whole.chunks == 1)
            // Under 2,000 customers: 500 at a time (the quarters are `aSelectionIsReadAQuarterAtATime`'s).
            #expect(whole.customers.count <= 2_000 && own.chunks == (whole.customers.count + 499) / 500)
            #expect(own.chunks > 1, "\(query.terms) \(query.kinds)")
            #expect(own.customers.map(\.number) == whole.customers.map(\.number), "\(query.terms) \(query.kinds): the order")
            for (a, b) in zip(own.customers, whole.customers) where a != b { Issue.record("\(query.terms) \(query.kinds): \(a.number) differs") }
        }
    }

    /// Everyone, the chosen ones, and those a filter lets through, at every chunk size, as a
    /// walk in one chunk gives them, each in parts of 64.
    @Test func everyChunkSizeGivesTheSameCustomers() throws {
        let f = try EveryoneReadAtOnceTests.register()
        let r = f.register
        let (everyone, _) = try EveryoneReadAtOnceTests.bothWalks(r)
        let tag = try #require(everyone.flatMap(\.tags).first)
        func walk(_ query: SearchQuery, chunk: Int) throws -> [Customer] {
            var walked: [Customer] = []
            try r.forEachChunk(matching: query, chunk: chunk) { rows in
                #expect(rows.count <= chunk)
                try rows.forEachPart(of: 64) { walked += $0 }
            }
            return walked
        }
        let filtered = [SearchQuery("", kinds: [.member]), SearchQuery("", tags: [tag]), SearchQuery("", kinds: [.customer, .prospect], tags: [tag])]
        /// Compared number by number, then customer by customer: a failure names whom.
        func same(_ walked: [Customer], _ expected: [Customer], _ what: String) {
            #expect(walked.map(\.number) == expected.map(\.number), "\(what): the order")
            for (a, b) in zip(walked, expected) where a != b { Issue.record("\(what): \(a.number) differs") }
        }
        for chunk in Self.chunks {
            same(try walk(SearchQuery(""), chunk: chunk), everyone, "everyone in chunks of \(chunk)")
            // Every other one, backwards: the list's order, not the table's or the names'.
            let chosen = Array(everyone.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).reversed())
            var listed: [Customer] = []
            try r.forEachChunk(numbered: chosen.map(\.number) + [999_999], chunk: chunk) { rows in
                #expect(rows.numbers == Array(chosen.map(\.number)[listed.count..<(listed.count + rows.count)]))
                try rows.forEachPart(of: 64) { listed += $0 }
            }
            same(listed, chosen, "chosen in chunks of \(chunk)")
            for query in filtered {
                let expected = everyone.filter { (query.kinds.isEmpty || query.kinds.contains($0.kind)) && query.tags.allSatisfy($0.tags.contains) }
                #expect(!expected.isEmpty)
                same(try walk(query, chunk: chunk), expected, "\(query.kinds) \(query.tags) in chunks of \(chunk)")
            }
        }
    }

    /// A chunk's histories are read a query a table and copied out as rows; made into a
    /// customer's history later (on another thread), each list is the customer's own, in the
    /// order its one-customer reader gives it: every kind, for customers with none, one, many,
    /// asked for in name order, in lists of every length (a number not asked for, or not a
    /// customer's, has an empty history).
    @Test func historiesReadAtOnceAreEachCustomersOwn() throws {
        let f = try EveryoneReadAtOnceTests.register()
        let r = f.register
        let (everyone, _) = try EveryoneReadAtOnceTests.bothWalks(r)
        let d = f.today.adding(days: -20)
        // What the generator leaves empty: corrections, requests, feedback, disclosures, on some
        // customers, two for a few (in an order unlike their ids').
        for (i, c) in everyone.enumerated() where i % 9 == 0 {
            let times = i % 27 == 0 ? 2 : 1
            for time in 0..<times {
                let day = d.adding(days: -time * 3)
                if let order = try r.orders(ofCustomer: c.number).first {
                    var corrected = order
                    corrected.description += " (korjattu \(time))"
                    _ = try r.correctOrder(corrected, on: day)
                }
                try r.addRequest(customer: c.number, type: time == 0 ? .access : .rectification, received: day, note: "Pyyntö \(time)")
                try r.addFeedback(Feedback(id: 0, customerNumber: c.number, date: day, text: "Palaute \(time): åäö", isComplaint: time == 1,
                                           resolution: time == 1 ? "Hyvitetty" : nil))
                // (A restricted customer's data, or one who banned disclosure, is disclosed only
                // where a law requires it.)
                try r.addDisclosure(Disclosure(date: day, recipient: "Perintätoimisto \(time)", what: "osoite", reason: nil,
                                               legalBasis: time == 1 || c.isRestricted || c.bans.contains(.disclosure) ? "Ulosottokaari" : nil),
                                    customer: c.number)
            }
        }
        let numbers = everyone.map(\.number)
        var kinds = Set<String>()
        for length in [1, 2, 97, numbers.count] {
            for start in stride(from: 0, to: numbers.count, by: length) {
                let asked = Array(numbers[start..<min(numbers.count, start + length)])
                let histories = try r.histories(of: asked + [999_999])
                for number in asked {
                    let h = try histories.history(of: number)
                    #expect(h.orders == (try r.orders(ofCustomer: number)), "\(number): orders")
                    #expect(h.orderChanges == (try r.orderChanges(ofCustomer: number)), "\(number): order changes")
                    #expect(h.contacts == (try r.contacts(ofCustomer: number)), "\(number): contacts")
                    #expect(h.consents == (try r.consentEvents(ofCustomer: number)), "\(number): consents")
                    #expect(h.requests == (try r.requests(ofCustomer: number)), "\(number): requests")
                    #expect(h.feedback == (try r.feedback(ofCustomer: number)), "\(number): feedback")
                    #expect(h.disclosures == (try r.disclosures(ofCustomer: number)), "\(number): disclosures")
                    #expect(h.lastActivity == (try r.lastActivity(number)), "\(number): last activity")
                    if length == numbers.count {
                        for (kind, count) in [("orders", h.orders.count), ("changes", h.orderChanges.count), ("contacts", h.contacts.count),
                                              ("consents", h.consents.count), ("requests", h.requests.count), ("feedback", h.feedback.count),
                                              ("disclosures", h.disclosures.count)] where count > 1 { kinds.insert(kind) }
                    }
                }
                for stranger in [999_999, 5, numbers.first! + 1_000_000] {
                    #expect(try histories.history(of: Int64(stranger)) == CustomerHistory(), "\(stranger)")
                }
            }
        }
        // Every kind had a customer with more than one (a span, not a single row, was checked).
        #expect(kinds == ["orders", "changes", "contacts", "consents", "requests", "feedback", "disclosures"])
    }

    /// The numbers of a chunk's queries are listed in a temporary table of the connection
    /// (`withListed`): each call's result is that of its own numbers, in any order and with
    /// repeats, whatever the call before listed; a list rolled back with its transaction (the
    /// table made in it too) is none; and listing is no change of the register (a word kept
    /// between keystrokes stays kept).
    @Test func listedNumbersAreEachCallsOwn() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 300, organisations: 20, seed: 5, today: f.today)
        let r = f.register
        let numbers = try r.db.rows("SELECT number FROM customer ORDER BY sort_key") { $0.int(0) }
        func listed(_ asked: [Int64]) throws -> [Int64] {
            try r.withListed(asked) { list in try r.db.rows("SELECT number FROM customer WHERE number IN \(list) ORDER BY number") { $0.int(0) } }
        }
        struct Undone: Error {}
        #expect(throws: (any Error).self) { try r.write { _ = try listed(Array(numbers.prefix(3))); throw Undone() } }
        let stamp = try r.db.changeStamp()
        let lists: [[Int64]] = [[], Array(numbers.prefix(1)), numbers, numbers.reversed(), numbers + numbers.prefix(50),
                                [999_999] + numbers.suffix(7), Array(numbers.prefix(3))]
        for asked in lists {
            #expect(try listed(asked) == Set(asked).intersection(numbers).sorted(), "\(asked.count)")
        }
        #expect(try r.db.changeStamp() == stamp, "listing changed the register's stamp")
    }

    /// Copied rows are a value: rows appended to a copy (past its first room) are not in the
    /// rows it was copied from, nor theirs in it.
    @Test func copiedRowsAreAValue() throws {
        let f = try Fixture()
        let db = f.register.db
        var first = CopiedRows()
        try db.forEach("SELECT 1, 'yksi'") { first.append($0) }
        var second = first
        try db.forEach("SELECT 2, 'kaksi åäö'") { second.append($0) }
        for i in 0..<1_000 { try db.forEach("SELECT ?, ?", [i, String(repeating: "ä", count: i % 50)]) { first.append($0) } }
        #expect(first.count == 1_001 && second.count == 2)
        #expect(first[0].int(0) == 1 && first[0].text(1) == "yksi" && first[1_000].text(1) == String(repeating: "ä", count: 999 % 50))
        #expect(second[0].text(1) == "yksi" && second[1].int(0) == 2 && second[1].text(1) == "kaksi åäö")
    }

    /// A copied row reads as the row did, for every storage class SQLite may hold in a column
    /// (a file written by another program, or with its checks off): every `ColumnValues`
    /// reading of NULL, integers at both ends, reals (SQLite's integer of a real rounds toward
    /// zero and stops at Int64's ends), texts with and without a leading integer (SQLite's stops
    /// at the first other character) and blobs.
    @Test func everyStorageClassReadsAsTheRowReadsIt() throws {
        let f = try Fixture()
        let db = f.register.db
        try db.execute("CREATE TEMP TABLE stored (value)")
        let values: [String] = [
            "NULL", "0", "-1", "1", "\(Int64.min)", "\(Int64.max)",
            "0.0", "12.5", "-12.9", "0.999", "-0.5", "1e15", "1e20", "-1e20", "1e300", "-1e300", "4.9e-324",
            "''", "'12abc'", "'1e5'", "' 7'", "'\t-3'", "char(10, 13, 11, 12) || '42'", "'+5'", "'-0'", "'0x10'", "'12.9'", "'-12.9'",
            "'9223372036854775807'", "'9223372036854775808'", "'-9223372036854775808'", "'-9223372036854775809'",
            "'99999999999999999999999'", "'-99999999999999999999999'", "'000000000000000000000000012'", "'abc'", "'åäö'", "' '", "'-'", "'+'",
            "'- 5'", "'2026-12-02'", "x''", "x'3132'", "x'2d3761'", "x'00ff'",
        ]
        for value in values { try db.execute("INSERT INTO stored (value) VALUES (\(value))") }
        var read = 0
        try db.forEach("SELECT value, typeof(value) FROM stored ORDER BY rowid") { row in
            var copied = CopiedRows(columns: 1)
            copied.append(row)
            let copy = copied[0], what = "\(values[read]) (\(row.text(1)))"
            #expect(copy.value(0) == row.value(0), "\(what): value")
            #expect(copy.optionalText(0) == row.optionalText(0), "\(what): text")
            #expect(copy.isNull(0) == row.isNull(0), "\(what): null")
            #expect(copy.int(0) == row.int(0), "\(what): integer \(copy.int(0)), not \(row.int(0))")
            #expect(copy.optionalInt(0) == row.optionalInt(0) && copy.bool(0) == row.bool(0) && copy.text(0) == row.text(0), "\(what)")
            read += 1
        }
        #expect(read == values.count)
        let classes = try db.rows("SELECT DISTINCT typeof(value) FROM stored ORDER BY 1") { $0.text(0) }
        #expect(classes == ["blob", "integer", "null", "real", "text"])
    }

    /// A chunk's numbers are bound as one JSON array, written as bytes: the same text as each
    /// number's String joined.
    @Test func numbersAreListedAsEachNumberWrittenAlone() {
        var lists: [[Int64]] = [[], [0], [-1], [7, -7], [Int64.min, Int64.max, 0], Array(1...1000)]
        var generator = SystemRandomNumberGenerator()
        lists.append((0..<500).map { _ in Int64.random(in: Int64.min...Int64.max, using: &generator) })
        for list in lists {
            #expect(Database.jsonArray(list) == "[" + list.map(String.init).joined(separator: ",") + "]", "\(list.prefix(3))")
        }
    }

    /// Every stored column holds a value for some customers and none for others; copied and
    /// made into a customer later, each reads as the row read directly does (`customer(_:)`).
    @Test func everyStoredColumnReadsAsTheRowDoes() throws {
        let f = try EveryoneReadAtOnceTests.register()
        let r = f.register
        // What the generator leaves empty, on every third customer.
        try r.db.execute("""
            UPDATE customer SET care_of = 'Äidin luona', po_box = 'PL 12', department = 'Myynti', title = 'Myyntipäällikkö',
                legal_hold_reason = 'Avoin lasku', source_detail = 'Messut 2026', identity_code = '010190-123A',
                vcard_uid = 'uid-' || number, member_since = '2020-01-01', member_until = '2030-12-31',
                notes = 'Ääkköset: åäö ÅÄÖ €', preferred_channel = 'sms', customer_type = 'business'
            WHERE number % 3 = 0 AND forgotten_on IS NULL;
            UPDATE customer SET language = NULL, source_kind = NULL, source_detail = NULL WHERE number % 5 = 0 AND number % 3 != 0 AND forgotten_on IS NULL;
            """)
        var walked: [Customer] = []
        try r.forEachChunk(matching: SearchQuery(""), chunk: 97) { rows in try rows.forEachPart { walked += $0 } }
        #expect(walked.count > 1000)
        for customer in walked where customer != (try r.customer(customer.number)) {
            Issue.record("\(customer.number) copied: \(customer)")
        }
        // The register holds what the test is about: each stored field set on some, unset on others.
        for field in CustomerField.stored {
            let values = walked.map { field.value(in: $0) }
            #expect(values.contains { !$0.isEmpty }, "\(field.key): never set")
            if field.spec.column != "number" && values.allSatisfy({ !$0.isEmpty }) && ![.firstName, .lastName, .since, .kind, .createdAt, .updatedAt, .revision, .country, .customerType].contains(field) {
                Issue.record("\(field.key): set on everyone")
            }
        }
    }
}
