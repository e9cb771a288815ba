import Foundation

/// A search word's customers in name order, each once, with their sort keys: the word's index
/// rows read whole and sorted here. The register keeps the last word's while nothing changes
/// (`Register.keptWord`): a ranked window takes its customers from them, and so do the next
/// keystrokes with the same word ("matti v", "matti vi", …; it drives while that costs less
/// than reading a rarer word's) and paging.
///
/// SQLite sorted a batch of the word's rows for each window, and again for each batch that left
/// the window short: "matti"'s 63,000 rows at a million took 10 ms for the first 1,000 and 32 ms
/// for all, and a window of "matti vi" 95 ms. Read here, 0.2 µs a row; sorted, 0.14.
struct NameOrderedRows {
    /// The customers, in name order (by sort key, then number).
    private(set) var numbers: [Int64] = []
    /// The sort keys' bytes as read, the key of the row read `i`th ending at `ends[i]`.
    private let keys: [UInt8]
    private let ends: [UInt32]
    /// For each of `numbers`, the row read that gave it (its key in `keys`).
    private let rowRead: [Int32]

    var count: Int { numbers.count }
    /// How many index rows were read (a customer may have several).
    var rowsRead: Int { ends.count }

    /// Reads rows of (customer number, sort key) and sorts them by key and number, a customer
    /// with several rows (two terms the word begins) kept once. `expected`: about how many rows
    /// there are (room is made for them).
    init(_ db: Database, _ sql: String, _ arguments: [any SQLBindable], expected: Int = 0) throws {
        var keys: [UInt8] = [], ends: [UInt32] = [], numbersRead: [Int64] = []
        keys.reserveCapacity(expected * 16)
        ends.reserveCapacity(expected)
        numbersRead.reserveCapacity(expected)
        try db.forEach(sql, arguments) { row in
            row.withText(1) { keys.append(contentsOf: $0) }
            // A ranked word has fewer rows than the planner's cap (100,000): never reached.
            precondition(keys.count <= UInt32.max, "a word's rows are read whole: keep them under 4 GB")
            numbersRead.append(row.int(0))
            ends.append(UInt32(keys.count))
        }
        self.keys = keys
        self.ends = ends
        let sorted = SortEntry.sorted(numbersRead, keys: keys, ends: ends)
        var kept: [Int32] = []
        kept.reserveCapacity(sorted.count)
        numbers.reserveCapacity(sorted.count)
        for entry in sorted where numbers.last != entry.number {
            numbers.append(entry.number)
            kept.append(entry.row)
        }
        rowRead = kept
    }

    /// A row to sort: sixteen bytes of its key as two numbers (big-endian, zeros past a
    /// shorter key's end: a key sorts after its own beginning either way), its customer and
    /// the row read. The bytes are those after the beginning every key of the word shares (a
    /// surname's keys all begin with it): most keys differ in them.
    private struct SortEntry {
        var high: UInt64 = 0
        var low: UInt64 = 0
        let number: Int64
        let row: Int32

        @inline(__always)
        init(_ key: UnsafeBufferPointer<UInt8>, number: Int64, row: Int32) {
            self.number = number
            self.row = row
            for j in 0..<min(key.count, 16) {
                if j < 8 { high |= UInt64(key[j]) << (56 - 8 * j) } else { low |= UInt64(key[j]) << (56 - 8 * (j - 8)) }
            }
        }

        /// How many bytes every key begins with alike.
        static func sharedBeginning(_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<UInt32>) -> Int {
            guard let firstEnd = ends.first else { return 0 }
            var shared = Int(firstEnd)
            for row in 1..<ends.count where shared > 0 {
                let start = Int(ends[row - 1]), length = Int(ends[row]) - start
                var j = 0
                while j < min(shared, length) && bytes[start + j] == bytes[j] { j += 1 }
                shared = j
            }
            return shared
        }

        /// The rows read (their numbers, and their keys in `keys` up to `ends`) by key and
        /// number. They are first dealt into buckets by the first two bytes after the beginning
        /// every key shares (a counting pass), each bucket then sorted on its own: 0.14 µs a row
        /// for "matti"'s at a million, where a comparison sort of the whole took 0.2 and SQLite
        /// 0.5. A surname's keys all begin with it ("korhonen\u{1}"): dealt by their first two
        /// bytes, they fell into one bucket, sorted whole.
        static func sorted(_ numbers: [Int64], keys: [UInt8], ends: [UInt32]) -> [SortEntry] {
            var entries: [SortEntry] = [], dealt: [SortEntry] = []
            keys.withUnsafeBufferPointer { bytes in
                ends.withUnsafeBufferPointer { ends in
                    let shared = sharedBeginning(bytes, ends)
                    entries.reserveCapacity(numbers.count)
                    for row in numbers.indices {
                        let start = (row == 0 ? 0 : Int(ends[row - 1])) + shared
                        entries.append(SortEntry(UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[row])]), number: numbers[row], row: Int32(row)))
                    }
                    dealt = entries
                    if entries.count > 1 { sort(entries, into: &dealt, bytes: bytes, ends: ends, shared: shared) }
                }
            }
            return dealt
        }

        /// `entries` dealt into `dealt` by bucket, each bucket sorted.
        private static func sort(_ entries: [SortEntry], into dealt: inout [SortEntry], bytes: UnsafeBufferPointer<UInt8>,
                                 ends: UnsafeBufferPointer<UInt32>, shared: Int) {
            var starts = [Int32](repeating: 0, count: 65_537)
            entries.withUnsafeBufferPointer { entries in
                dealt.withUnsafeMutableBufferPointer { dealt in
                    starts.withUnsafeMutableBufferPointer { starts in
                        for entry in entries { starts[Int(entry.high >> 48) + 1] += 1 }
                        for i in 1..<starts.count { starts[i] += starts[i - 1] }
                        var next = Array(starts.dropLast())
                        for entry in entries {
                            let bucket = Int(entry.high >> 48)
                            dealt[Int(next[bucket])] = entry
                            next[bucket] += 1
                        }
                        func less(_ a: SortEntry, _ b: SortEntry) -> Bool {
                            if a.high != b.high { return a.high < b.high }
                            if a.low != b.low { return a.low < b.low }
                            let startA = a.row == 0 ? 0 : Int(ends[Int(a.row) - 1]), startB = b.row == 0 ? 0 : Int(ends[Int(b.row) - 1])
                            let lengthA = Int(ends[Int(a.row)]) - startA, lengthB = Int(ends[Int(b.row)]) - startB
                            // The shared beginning and the sixteen bytes after it are equal: the
                            // rest, then the length.
                            let common = min(lengthA, lengthB), compared = shared + 16
                            if common > compared {
                                let order = memcmp(bytes.baseAddress! + startA + compared, bytes.baseAddress! + startB + compared, common - compared)
                                if order != 0 { return order < 0 }
                            }
                            if lengthA != lengthB { return lengthA < lengthB }
                            return a.number < b.number
                        }
                        for bucket in 0..<(starts.count - 1) where starts[bucket + 1] - starts[bucket] > 1 {
                            var bucketRows = UnsafeMutableBufferPointer(rebasing: dealt[Int(starts[bucket])..<Int(starts[bucket + 1])])
                            bucketRows.sort(by: less)
                        }
                    }
                }
            }
        }
    }

    /// Where the rows after `anchor` in name order begin, or (`backwards`) where the rows
    /// before it end: the first position whose (key, number) is above the anchor's (at or
    /// above it, `backwards`).
    func position(of anchor: (key: String, number: Int64), backwards: Bool) -> Int {
        var anchorKey = anchor.key
        return anchorKey.withUTF8 { anchorBytes in
            keys.withUnsafeBufferPointer { bytes in
                var low = 0, high = numbers.count
                while low < high {
                    let middle = (low + high) / 2
                    let row = Int(rowRead[middle])
                    let start = row == 0 ? 0 : Int(ends[row - 1]), length = Int(ends[row]) - start
                    let common = min(length, anchorBytes.count)
                    var compared = common == 0 ? 0 : memcmp(bytes.baseAddress! + start, anchorBytes.baseAddress!, common)
                    if compared == 0 { compared = length < anchorBytes.count ? -1 : length > anchorBytes.count ? 1 : 0 }
                    if compared == 0 { compared = numbers[middle] < anchor.number ? -1 : numbers[middle] > anchor.number ? 1 : 0 }
                    // Forwards the anchor's own row stays below; backwards it goes above.
                    if compared < 0 || (compared == 0 && !backwards) { low = middle + 1 } else { high = middle }
                }
                return low
            }
        }
    }
}

/// A word's customers in name order, as they were at `stamp` (`Register.keptWord`).
struct KeptWord {
    let word: String
    let stamp: ChangeStamp
    let rows: NameOrderedRows
}

/// Customer numbers read into a set of bits, one a number: a word's customers, against which a
/// ranked window's candidates are checked in memory instead of one seek each.
struct NumberSet {
    private var bits: [UInt64] = []

    /// The numbers of the rows `sql` gives (first column); nil when there are more than `most`
    /// rows, or a number below 1 or past `largest` (the set's bits: 8 MB at most).
    init?(_ db: Database, _ query: (sql: String, arguments: [any SQLBindable]), atMost most: Int) throws {
        var rows = 0, outside = false
        try db.forEach(query.sql + " LIMIT ?", query.arguments + [most + 1]) { row in
            rows += 1
            let number = row.int(0)
            guard number > 0 && number <= Self.largest else { outside = true; return }
            let word = Int(number >> 6)
            // Grown by doubling, to the bits of `largest` at most.
            if word >= bits.count { bits += [UInt64](repeating: 0, count: min(max(word + 1, 2 * bits.count), Int(Self.largest >> 6) + 1) - bits.count) }
            bits[word] |= 1 << UInt64(number & 63)
        }
        guard rows <= most && !outside else { return nil }
    }

    static let largest: Int64 = 1 << 26

    func contains(_ number: Int64) -> Bool {
        guard number > 0 else { return false }
        let word = Int(number >> 6)
        return word < bits.count && bits[word] & (1 << UInt64(number & 63)) != 0
    }
}
