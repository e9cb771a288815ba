import CSQLite
import KortistoCore

/// A row's columns as `Row` gives them: what a stored row is read into a value from (a customer's
/// fields, an order), a stepping statement's or a row copied out of one.
public protocol ColumnValues {
    /// The column as a field's value, by its stored type.
    func value(_ i: Int32) -> FieldValue
    func optionalText(_ i: Int32) -> String?
    func isNull(_ i: Int32) -> Bool
    /// An integer column's value (NULL: 0).
    func int(_ i: Int32) -> Int64
}

extension ColumnValues {
    public func text(_ i: Int32) -> String { optionalText(i) ?? "" }
    public func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }
    public func bool(_ i: Int32) -> Bool { int(i) != 0 }

    /// A value of a closed set (a status, a kind, a channel) as stored; one this program does not
    /// know is an error, never a default.
    public func known<T: RawRepresentable>(_ i: Int32, _ type: T.Type) throws(StoreError) -> T where T.RawValue == String {
        let value = text(i)
        guard let known = T(rawValue: value) else { throw .unknownStoredValue(what: "a \(T.self)", value: value) }
        return known
    }

    /// A stored date (`yyyy-mm-dd`); anything else is an error.
    public func date(_ i: Int32) throws(StoreError) -> LocalDate {
        let value = text(i)
        guard let date = LocalDate(iso: value) else { throw .unknownStoredValue(what: "a date", value: value) }
        return date
    }

    public func optionalDate(_ i: Int32) throws(StoreError) -> LocalDate? {
        isNull(i) ? nil : try date(i)
    }
}

/// A statement's rows copied out as bytes: each column's integer, or its text as SQLite gives
/// it (a real or a blob as text, as `Row.value` reads them), or NULL. Eight bytes a column
/// beside the values: a chunk of 10,000 customers' rows is about 6 MB. A copied row reads as
/// the row did (`CopiedRow`): every `ColumnValues` reading gives what `Row`'s gave.
struct CopiedRows: Sendable {
    private var columns: Int
    /// The values (texts as UTF-8, integers as their eight bytes) and `columns` cells a row.
    private var storage: Storage

    /// Where a value is in `bytes`: a text of `length` bytes, an integer (`length` -2: eight
    /// bytes), NULL (-1), or a real (`length` -3 - its text's length: the eight bytes of
    /// SQLite's integer of it, then its text). Eight bytes a cell where an enum with a payload
    /// took 16: a chunk of 10,000 customers holds some 400,000 of them.
    private struct Cell: Sendable {
        var start: UInt32
        var length: Int32
        static let null = Cell(start: 0, length: -1)
        static let integerLength: Int32 = -2
        static let realLengths: Int32 = -3

        var isReal: Bool { length <= Self.realLengths }
        /// Where its text is, for a text or a real.
        var text: Range<Int> {
            isReal ? Int(start) + 8..<Int(start) + 8 + Int(Self.realLengths - length) : Int(start)..<Int(start) + Int(length)
        }
    }

    /// Room for `rows` rows: their cells, and `bytes` of values (more grow as they come).
    /// `columns` 0: as many as the statement gives, taken from the first row copied.
    init(columns: Int32 = 0, rows: Int = 0, bytes: Int = 0) {
        self.columns = Int(columns)
        storage = Storage(cells: rows * self.columns, bytes: bytes)
    }

    var count: Int { storage.cellCount / max(columns, 1) }

    /// How many bytes the values take.
    var byteCount: Int { storage.byteCount }

    /// Copies the columns of `row` (the first `columns` of them).
    mutating func append(_ row: Row) {
        let handle = row.statement.handle
        if columns == 0 { columns = Int(sqlite3_column_count(handle)) }
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        let storage = storage
        storage.reserve(cells: columns)
        for i in 0..<Int32(columns) {
            let start = UInt32(storage.byteCount)
            let type = sqlite3_column_type(handle, i)
            switch type {
            case SQLITE_NULL:
                storage.append(.null)
            case SQLITE_INTEGER:
                storage.append(sqlite3_column_int64(handle, i))
                storage.append(Cell(start: start, length: Cell.integerLength))
            default:
                // A real's integer is SQLite's (it rounds toward zero, clamped), kept before its text.
                if type == SQLITE_FLOAT { storage.append(sqlite3_column_int64(handle, i)) }
                // The text first, then its length (SQLite's order); no text is an empty one, as `Row` reads it.
                let text = sqlite3_column_text(handle, i)
                let length = text == nil ? 0 : sqlite3_column_bytes(handle, i)
                if let text { storage.append(text, count: Int(length)) }
                precondition(storage.byteCount <= UInt32.max, "a chunk of rows is read whole: keep it under 4 GB")
                storage.append(Cell(start: start, length: type == SQLITE_FLOAT ? Cell.realLengths - length : length))
            }
        }
    }

    /// The values and cells of the rows, appended through pointers: an array's appends (its
    /// uniqueness and capacity checked for each, its bytes copied one at a time) were two
    /// fifths of copying a row, a tenth of the whole-register file's reading thread. Written
    /// by one owner only (`append` copies one that is shared) and read by any thread after:
    /// the rows are handed to the threads that make them into customers once read whole, and
    /// that hand-over (`SlicePipeline`'s queue, `ParallelMap`'s dispatch) orders the last write
    /// before the first read on another thread.
    private final class Storage: @unchecked Sendable {
        private(set) var cells: UnsafeMutablePointer<Cell>, cellCount = 0
        private(set) var bytes: UnsafeMutablePointer<UInt8>, byteCount = 0
        private var cellCapacity: Int, byteCapacity: Int

        init(cells: Int, bytes: Int) {
            cellCapacity = max(cells, 16)
            byteCapacity = max(bytes, 256)
            self.cells = .allocate(capacity: cellCapacity)
            self.bytes = .allocate(capacity: byteCapacity)
        }

        deinit {
            cells.deallocate()
            bytes.deallocate()
        }

        func copy() -> Storage {
            let copy = Storage(cells: cellCount, bytes: byteCount)
            copy.cells.initialize(from: cells, count: cellCount)
            copy.bytes.initialize(from: bytes, count: byteCount)
            copy.cellCount = cellCount
            copy.byteCount = byteCount
            return copy
        }

        /// Room for `more` cells (a row's, before they are appended).
        func reserve(cells more: Int) {
            guard cellCapacity - cellCount < more else { return }
            cellCapacity = max(2 * cellCapacity, cellCount + more)
            let moved = UnsafeMutablePointer<Cell>.allocate(capacity: cellCapacity)
            moved.initialize(from: cells, count: cellCount)
            cells.deallocate()
            cells = moved
        }

        /// One of the cells reserved.
        func append(_ cell: Cell) {
            (cells + cellCount).initialize(to: cell)
            cellCount += 1
        }

        func append(_ integer: Int64) {
            withUnsafeBytes(of: integer.littleEndian) { append($0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 8) }
        }

        func append(_ start: UnsafePointer<UInt8>, count: Int) {
            if byteCapacity - byteCount < count {
                byteCapacity = max(2 * byteCapacity, byteCount + count)
                let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: byteCapacity)
                moved.initialize(from: bytes, count: byteCount)
                bytes.deallocate()
                bytes = moved
            }
            (bytes + byteCount).initialize(from: start, count: count)
            byteCount += count
        }
    }

    subscript(row: Int) -> CopiedRow { CopiedRow(rows: self, first: row * columns) }

    /// One copied row, read as `Row` reads a stepping statement's.
    struct CopiedRow: ColumnValues {
        let rows: CopiedRows
        let first: Int

        private func cell(_ i: Int32) -> Cell {
            assert(i >= 0 && Int(i) < rows.columns, "column \(i) of \(rows.columns)")
            return rows.storage.cells[first + Int(i)]
        }

        func value(_ i: Int32) -> FieldValue {
            let cell = cell(i)
            switch cell.length {
            case Cell.null.length: return .none
            case Cell.integerLength: return .integer(rows.integer(cell))
            default: return .text(rows.text(cell))
            }
        }

        func optionalText(_ i: Int32) -> String? {
            let cell = cell(i)
            switch cell.length {
            case Cell.null.length: return nil
            case Cell.integerLength: return String(rows.integer(cell))
            default: return rows.text(cell)
            }
        }

        func isNull(_ i: Int32) -> Bool { cell(i).length == Cell.null.length }

        /// As `sqlite3_column_int64` gives it: a real's as SQLite made it, a text's (or a
        /// blob's) leading integer (`leadingInteger`), NULL 0.
        func int(_ i: Int32) -> Int64 {
            let cell = cell(i)
            if cell.length == Cell.null.length { return 0 }
            if cell.length == Cell.integerLength || cell.isReal { return rows.integer(cell) }
            return CopiedRows.leadingInteger(rows.bytes(cell.text))
        }
    }

    /// The integer SQLite reads from a text (`sqlite3Atoi64`, as `sqlite3_column_int64` reads a
    /// text or a blob): white space skipped, a sign, the digits that follow it (none: 0, and
    /// anything after them ignored: "12.9" is 12, "1e5" is 1); past Int64's range, its end.
    static func leadingInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int64 {
        var i = 0
        while i < text.count, text[i] == 0x20 || (0x09...0x0D).contains(text[i]) { i += 1 }
        var negative = false
        if i < text.count, text[i] == 0x2D || text[i] == 0x2B {
            negative = text[i] == 0x2D
            i += 1
        }
        var magnitude: UInt64 = 0
        var overflow = false
        while i < text.count, (0x30...0x39).contains(text[i]) {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(text[i] - 0x30))
            overflow = overflow || o1 || o2
            magnitude = sum
            i += 1
        }
        if negative { return overflow || magnitude > UInt64(Int64.max) + 1 ? Int64.min : Int64(truncatingIfNeeded: 0 &- magnitude) }
        return overflow || magnitude > UInt64(Int64.max) ? Int64.max : Int64(magnitude)
    }

    private func integer(_ cell: Cell) -> Int64 {
        Int64(littleEndian: UnsafeRawPointer(storage.bytes + Int(cell.start)).loadUnaligned(as: Int64.self))
    }

    private func text(_ cell: Cell) -> String {
        String(decoding: bytes(cell.text), as: UTF8.self)
    }

    private func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage.bytes + range.lowerBound, count: range.count)
    }
}
