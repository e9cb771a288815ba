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

    public func optionalKnown<T: RawRepresentable>(_ i: Int32, _ type: T.Type) throws(StoreError) -> T? where T.RawValue == String {
        isNull(i) ? nil : try known(i, type)
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
/// beside the values: a chunk of 10,000 customers' rows is about 6 MB.
struct CopiedRows: Sendable {
    private let columns: Int
    /// The values: texts as UTF-8, integers as their eight bytes.
    private var bytes: [UInt8] = []
    /// `columns` cells a row.
    private var cells: [Cell] = []

    /// Where a value is in `bytes`: a text of `length` bytes, an integer (`length` -2: eight
    /// bytes), or NULL (-1). Eight bytes a cell where an enum with a payload took 16: a chunk of
    /// 10,000 customers holds some 400,000 of them.
    private struct Cell: Sendable {
        var start: UInt32
        var length: Int32
        static let null = Cell(start: 0, length: -1)
        static let integerLength: Int32 = -2
    }

    /// Room for `rows` rows (their cells; their values grow as they come).
    init(columns: Int32, rows: Int = 0) {
        self.columns = Int(columns)
        cells.reserveCapacity(rows * self.columns)
    }

    var count: Int { cells.count / max(columns, 1) }

    /// Copies the columns of `row` (the first `columns` of them).
    mutating func append(_ row: Row) {
        let handle = row.statement.handle
        for i in 0..<Int32(columns) {
            let start = UInt32(bytes.count)
            switch sqlite3_column_type(handle, i) {
            case SQLITE_NULL:
                cells.append(.null)
            case SQLITE_INTEGER:
                withUnsafeBytes(of: sqlite3_column_int64(handle, i).littleEndian) { bytes.append(contentsOf: $0) }
                cells.append(Cell(start: start, length: Cell.integerLength))
            default:
                // The text first, then its length (SQLite's order); no text is an empty one, as `Row` reads it.
                guard let text = sqlite3_column_text(handle, i) else {
                    cells.append(Cell(start: start, length: 0))
                    continue
                }
                let length = sqlite3_column_bytes(handle, i)
                bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(length)))
                precondition(bytes.count <= UInt32.max, "a chunk of rows is read whole: keep it under 4 GB")
                cells.append(Cell(start: start, length: length))
            }
        }
    }

    subscript(row: Int) -> CopiedRow { CopiedRow(rows: self, first: row * columns) }

    /// One copied row, read as `Row` reads a stepping statement's.
    struct CopiedRow: ColumnValues {
        let rows: CopiedRows
        let first: Int

        func value(_ i: Int32) -> FieldValue {
            let cell = rows.cells[first + Int(i)]
            switch cell.length {
            case Cell.null.length: return .none
            case Cell.integerLength: return .integer(rows.integer(cell))
            default: return .text(rows.text(cell))
            }
        }

        func optionalText(_ i: Int32) -> String? {
            let cell = rows.cells[first + Int(i)]
            switch cell.length {
            case Cell.null.length: return nil
            case Cell.integerLength: return String(rows.integer(cell))
            default: return rows.text(cell)
            }
        }

        func isNull(_ i: Int32) -> Bool { rows.cells[first + Int(i)].length == Cell.null.length }

        /// As SQLite gives a column's integer: a text's leading digits (a stored integer never
        /// comes as text), NULL 0.
        func int(_ i: Int32) -> Int64 {
            let cell = rows.cells[first + Int(i)]
            switch cell.length {
            case Cell.null.length: return 0
            case Cell.integerLength: return rows.integer(cell)
            default: return Int64(rows.text(cell)) ?? 0
            }
        }
    }

    private func integer(_ cell: Cell) -> Int64 {
        var value: Int64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[Int(cell.start)..<(Int(cell.start) + 8)]) }
        return Int64(littleEndian: value)
    }

    private func text(_ cell: Cell) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(cell.start)..<(Int(cell.start) + Int(cell.length))]), as: UTF8.self)
        }
    }
}
