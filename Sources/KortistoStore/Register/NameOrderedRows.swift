import Foundation

/// A search word's customers in name order, each once, with their sort keys: the word's index
/// rows read whole and put in order here, only as far as they are asked for. The register keeps
/// the last word's while nothing changes (`Register.keptWord`): a ranked window takes its
/// customers from them, and so do the next keystrokes with the same word ("matti v",
/// "matti vi", …; it drives while that costs less than reading a rarer word's, where the words
/// are not walked together: `Register.walkedTogether`) and paging.
///
/// SQLite sorted a batch of the word's rows for each window, and again for each batch that left
/// the window short: "matti"'s 63,000 rows at a million took 10 ms for the first 1,000 and 32 ms
/// for all, and a window of "matti vi" 95 ms. Read here, 0.2 µs a row. The rows are dealt into
/// buckets by the first two bytes of their keys after the beginning every key shares (one
/// counting pass), and a bucket is sorted only when a window reaches it: the first window of
/// "korhonen t" sorts the Korhonens whose first names begin "ai", not all 43,000 rows (which
/// took 9–12 ms at a million, the half of such a window).
final class NameOrderedRows {
    /// The customers in name order (by sort key, then number) as far as they are sorted.
    private var sorted: [Int64] = []
    /// The sort keys' bytes as read, the key of the row read `i`th ending at `ends[i]`.
    private let keys: [UInt8]
    private let ends: [UInt32]
    /// For each of `sorted`, the row read that gave it (its key in `keys`).
    private var rowRead: [Int32] = []
    /// The rows dealt by bucket, the buckets in key order; `bucketEnds`: where each non-empty
    /// bucket ends in `dealt`; `bucketsSorted`: how many of them are in `sorted`.
    private var dealt: [SortEntry]
    private let bucketEnds: [Int]
    private var bucketsSorted = 0
    /// How many bytes every key begins with alike (not compared when sorting).
    private let shared: Int

    /// How many index rows were read (a customer may have several).
    var rowsRead: Int { ends.count }

    /// Reads rows of (customer number, sort key) and deals them into buckets, to be sorted by
    /// key and number as they are asked for, a customer with several rows (two terms the word
    /// begins) kept once. `expected`: about how many rows there are (room is made for them).
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
        (dealt, bucketEnds, shared) = SortEntry.dealt(numbersRead, keys: keys, ends: ends)
    }

    /// Whether there is an `index`th customer in name order (sorting on as far as that needs).
    func hasCustomer(at index: Int) -> Bool {
        sort(through: index + 1)
        return index < sorted.count
    }

    /// The customers in name order from `start` up to `end` (fewer where they end first),
    /// sorting on as far as that needs.
    func customers(from start: Int, upTo end: Int) -> ArraySlice<Int64> {
        sort(through: end)
        return sorted[min(start, sorted.count)..<min(end, sorted.count)]
    }

    /// Every customer in name order (every bucket sorted).
    var numbers: [Int64] {
        sort(through: .max)
        return sorted
    }

    /// How many customers there are: every bucket sorted.
    var count: Int {
        sort(through: .max)
        return sorted.count
    }

    /// Sorts buckets until at least `count` customers are in name order, or all are.
    private func sort(through count: Int) {
        while sorted.count < count && bucketsSorted < bucketEnds.count { sortNextBucket() }
    }

    private func sortNextBucket() {
        let start = bucketsSorted == 0 ? 0 : bucketEnds[bucketsSorted - 1], end = bucketEnds[bucketsSorted]
        bucketsSorted += 1
        keys.withUnsafeBufferPointer { bytes in
            ends.withUnsafeBufferPointer { ends in
                dealt.withUnsafeMutableBufferPointer { dealt in
                    var bucket = UnsafeMutableBufferPointer(rebasing: dealt[start..<end])
                    let shared = shared
                    if bucket.count > 1 { bucket.sort { SortEntry.less($0, $1, bytes: bytes, ends: ends, shared: shared) } }
                    // A customer's two rows have one key: side by side, kept once.
                    for entry in bucket where sorted.last != entry.number {
                        sorted.append(entry.number)
                        rowRead.append(entry.row)
                    }
                }
            }
        }
    }

    /// A row to sort: sixteen bytes of its key after the beginning every key of the word shares
    /// (a surname's keys all begin with it) as two numbers (big-endian, zeros past a shorter
    /// key's end: a key sorts after its own beginning either way), how long the key is after
    /// that beginning, its customer and the row read.
    private struct SortEntry {
        let high: UInt64
        let low: UInt64
        let number: Int64
        let row: Int32
        let length: Int32

        @inline(__always)
        init(_ key: UnsafeBufferPointer<UInt8>, number: Int64, row: Int32) {
            self.number = number
            self.row = row
            length = Int32(key.count)
            high = Self.word(key, from: 0)
            low = Self.word(key, from: 8)
        }

        /// Eight bytes of `key` from `start` as a big-endian number, zeros past its end.
        @inline(__always)
        private static func word(_ key: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
            let left = key.count - start
            if left >= 8 { return UInt64(bigEndian: UnsafeRawPointer(key.baseAddress! + start).loadUnaligned(as: UInt64.self)) }
            var value: UInt64 = 0
            for j in 0..<max(left, 0) { value |= UInt64(key[start + j]) << (56 - 8 * j) }
            return value
        }

        /// By key (the sixteen bytes, the rest, then the length), then by number.
        @inline(__always)
        static func less(_ a: SortEntry, _ b: SortEntry, bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<UInt32>, shared: Int) -> Bool {
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            // The shared beginning and the sixteen bytes after it are equal: the rest, then the length.
            let common = Int(min(a.length, b.length))
            if common > 16 {
                let startA = (a.row == 0 ? 0 : Int(ends[Int(a.row) - 1])) + shared + 16
                let startB = (b.row == 0 ? 0 : Int(ends[Int(b.row) - 1])) + shared + 16
                let order = memcmp(bytes.baseAddress! + startA, bytes.baseAddress! + startB, common - 16)
                if order != 0 { return order < 0 }
            }
            if a.length != b.length { return a.length < b.length }
            return a.number < b.number
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

        /// The rows read (their numbers, and their keys in `keys` up to `ends`) dealt into
        /// buckets by the first two bytes after the beginning every key shares (a counting
        /// pass), the buckets in key order: where each non-empty one ends, and that beginning's
        /// length. A surname's keys all begin with it ("korhonen\u{1}"): dealt by their first
        /// two bytes, they fell into one bucket.
        static func dealt(_ numbers: [Int64], keys: [UInt8], ends: [UInt32]) -> (dealt: [SortEntry], bucketEnds: [Int], shared: Int) {
            var entries: [SortEntry] = [], shared = 0
            keys.withUnsafeBufferPointer { bytes in
                ends.withUnsafeBufferPointer { ends in
                    shared = sharedBeginning(bytes, ends)
                    entries.reserveCapacity(numbers.count)
                    for row in numbers.indices {
                        let start = (row == 0 ? 0 : Int(ends[row - 1])) + shared
                        entries.append(SortEntry(UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[row])]), number: numbers[row], row: Int32(row)))
                    }
                }
            }
            guard entries.count > 1 else { return (entries, entries.isEmpty ? [] : [1], shared) }
            var starts = [Int](repeating: 0, count: 65_537)
            for entry in entries { starts[Int(entry.high >> 48) + 1] += 1 }
            var bucketEnds: [Int] = []
            for i in 1..<starts.count {
                if starts[i] > 0 { bucketEnds.append(starts[i - 1] + starts[i]) }
                starts[i] += starts[i - 1]
            }
            var dealt = entries
            var next = starts
            for entry in entries {
                let bucket = Int(entry.high >> 48)
                dealt[next[bucket]] = entry
                next[bucket] += 1
            }
            return (dealt, bucketEnds, shared)
        }
    }

    /// Where the rows after `anchor` in name order begin, or (`backwards`) where the rows
    /// before it end: the first position whose (key, number) is above the anchor's (at or
    /// above it, `backwards`). Buckets are sorted on until one holds a customer above the
    /// anchor (every customer at or below it is then in order).
    func position(of anchor: (key: String, number: Int64), backwards: Bool) -> Int {
        var anchorKey = anchor.key
        return anchorKey.withUTF8 { anchorBytes in
            func compared(_ index: Int) -> Int32 {
                keys.withUnsafeBufferPointer { bytes in
                    let row = Int(rowRead[index])
                    let start = row == 0 ? 0 : Int(ends[row - 1]), length = Int(ends[row]) - start
                    let common = min(length, anchorBytes.count)
                    var compared = common == 0 ? 0 : memcmp(bytes.baseAddress! + start, anchorBytes.baseAddress!, common)
                    if compared == 0 { compared = length < anchorBytes.count ? -1 : length > anchorBytes.count ? 1 : 0 }
                    if compared == 0 { compared = sorted[index] < anchor.number ? -1 : sorted[index] > anchor.number ? 1 : 0 }
                    return compared
                }
            }
            while bucketsSorted < bucketEnds.count && (sorted.isEmpty || compared(sorted.count - 1) <= 0) { sortNextBucket() }
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                let order = compared(middle)
                // Forwards the anchor's own row stays below; backwards it goes above.
                if order < 0 || (order == 0 && !backwards) { low = middle + 1 } else { high = middle }
            }
            return low
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
            if !insert(row.int(0)) { outside = true }
        }
        guard rows <= most && !outside else { return nil }
    }

    /// An empty set, to be filled (`insert`).
    init() {}

    /// Adds `number`; false (and nothing added) when it is below 1 or past `largest`.
    mutating func insert(_ number: Int64) -> Bool {
        guard number > 0 && number <= Self.largest else { return false }
        let word = Int(number >> 6)
        // Grown by doubling, to the bits of `largest` at most.
        if word >= bits.count { bits += [UInt64](repeating: 0, count: min(max(word + 1, 2 * bits.count), Int(Self.largest >> 6) + 1) - bits.count) }
        bits[word] |= 1 << UInt64(number & 63)
        return true
    }

    /// How many numbers the set holds.
    var count: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The numbers the set holds, in order.
    var numbers: [Int64] {
        var numbers: [Int64] = []
        for (index, word) in bits.enumerated() where word != 0 {
            var left = word
            while left != 0 {
                numbers.append(Int64(index << 6 | left.trailingZeroBitCount))
                left &= left - 1
            }
        }
        return numbers
    }

    static let largest: Int64 = 1 << 26

    func contains(_ number: Int64) -> Bool {
        guard number > 0 else { return false }
        let word = Int(number >> 6)
        return word < bits.count && bits[word] & (1 << UInt64(number & 63)) != 0
    }
}
