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
