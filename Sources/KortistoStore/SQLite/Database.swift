import CSQLite
import Foundation
import KortistoCore

/// A value bound to or read from SQL.
public enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// Things that can be bound as statement arguments.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One SQLite connection, owned by the single loop of the program (not Sendable on purpose).
/// Prepared statements are cached by their SQL text and reset after each use.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    private var cache: [String: Statement] = [:]
    private var transactionDepth = 0

    /// Opens an existing file or creates it (`create`). No pragmas are set here: the register
    /// first checks that the file is its own before anything may write to it.
    public init(path: String, create: Bool) throws(StoreError) {
        _ = Self.configured
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        if create { flags |= SQLITE_OPEN_CREATE }
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw .cannotOpen(path: path, reason: message)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        // Wait for another process's write instead of failing at once (also while identifying the file).
        sqlite3_busy_timeout(db, Self.busyTimeout)
    }

    /// How long a write waits for another process's (milliseconds).
    static let busyTimeout: Int32 = 5000

    /// Runs `body` waiting at most `milliseconds` for another process, then the usual again.
    func waitingAtMost<T>(_ milliseconds: Int32, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        sqlite3_busy_timeout(handle, milliseconds)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeout) }
        return try body()
    }

    /// Process-wide settings, made once before the first connection.
    private static let configured: Bool = kortisto_sqlite_disable_memstatus() == SQLITE_OK

    deinit { close() }

    /// Closes the connection now (a restore must know every handle on the file is gone before
    /// it replaces it). Using the database afterwards throws; closing twice does nothing.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        for statement in cache.values { statement.finalize() }
        cache.removeAll()
        sqlite3_close_v2(handle)
    }
    public private(set) var isClosed = false

    private func requireOpen(_ sql: String) throws(StoreError) {
        if isClosed { throw .sqlite(code: SQLITE_MISUSE, message: "the register was closed", sql: sql) }
    }

    func error(_ rc: Int32, sql: String? = nil) -> StoreError {
        .sqlite(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements without arguments (schema, pragmas).
    public func execute(_ sql: String) throws(StoreError) {
        try requireOpen(sql)
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// A cached prepared statement with `arguments` bound, ready to step.
    public func statement(_ sql: String, _ arguments: [any SQLBindable] = []) throws(StoreError) -> Statement {
        let statement = try prepared(sql)
        statement.reset()
        try statement.bind(arguments)
        return statement
    }

    private func prepared(_ sql: String) throws(StoreError) -> Statement {
        if let cached = cache[sql] { return cached }
        try requireOpen(sql)
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql: sql) }
        let statement = Statement(raw, database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// The cached statement for `sql`, reset and unbound, for a caller that binds its own
    /// values by position and steps it many times (bulk inserts: no boxing, one lookup).
    func reusable(_ sql: String) throws(StoreError) -> Statement {
        let statement = try prepared(sql)
        statement.reset()
        return statement
    }

    /// Inserts (text, integer, text) rows in bulk (search terms with their customer's sort
    /// key): `insert` is the statement up to `VALUES`, run once a row, the texts bound from one
    /// buffer (`Statement.run(texts:)`). Sixteen rows a statement once cost SQLite 40 % less;
    /// since the terms' index by pair (v34) is on an expression, which may fail part way, a
    /// statement of several rows keeps a copy of every page it changes until it ends, and one
    /// row a statement is twice as fast (400k rows: 12.5 -> 6.4 s).
    public func insertTriples(_ insert: String, _ triples: [(String, Int64, String)]) throws(StoreError) {
        let statement = try prepared(insert + " (?, ?, ?)")
        for triple in triples {
            statement.reset()
            statement.bind(2, triple.1)
            try statement.run(texts: [(1, triple.0), (3, triple.2)])
        }
    }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ arguments: any SQLBindable...) throws(StoreError) -> Int {
        try run(sql, arguments: arguments)
    }

    /// `run` with the arguments in an array (built up in a loop).
    @discardableResult
    public func run(_ sql: String, arguments: [any SQLBindable]) throws(StoreError) -> Int {
        let statement = try self.statement(sql, arguments)
        defer { statement.reset() }
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Calls `body` for each row.
    public func forEach(_ sql: String, _ arguments: [any SQLBindable] = [], _ body: (Row) throws -> Void) throws {
        let statement = try self.statement(sql, arguments)
        defer { statement.reset() }
        while try statement.step() { try body(Row(statement: statement)) }
    }

    /// `forEach` for SQL built for one call (an `IN (?, ?, …)` list as long as its values): the
    /// statement is finished after use instead of cached, so such lists never pile up in the
    /// cache. Preparing costs microseconds (a label run's or a history's lists).
    public func forEachOnce(_ sql: String, _ arguments: [any SQLBindable], _ body: (Row) throws -> Void) throws {
        try requireOpen(sql)
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, 0, &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql: sql) }
        let statement = Statement(raw, database: self, sql: sql)
        defer { statement.finalize() }
        try statement.bind(arguments)
        while try statement.step() { try body(Row(statement: statement)) }
    }

    /// A statement of the caller's own, not cached, for one that steps several at once
    /// (`WordWalk`: a cached statement is one cursor). The caller finalizes it (`Statement.finalize`)
    /// before the connection closes.
    func ownStatement(_ sql: String) throws(StoreError) -> Statement {
        try requireOpen(sql)
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, 0, &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql: sql) }
        return Statement(raw, database: self, sql: sql)
    }

    /// Runs `body`, letting SQLite run about `instructions` virtual machine instructions
    /// before it interrupts the statement running: nil when it did. They are counted a thousand
    /// at a time as each statement reaches its next thousand (a statement's last part of a
    /// thousand is not counted: a one-letter word's forty walks may run some 40,000 more). A
    /// plan that may cost more than its alternative tries this way first, at a bounded cost
    /// (`Register.walkedTogether`). Statements `body` leaves interrupted must be reset before
    /// they are used again (cached ones are, by their next use). Not nested: the handler is
    /// removed at the end, and SQLite cannot tell an outer one.
    func givingUp<T>(after instructions: Int, _ body: () throws(StoreError) -> T) throws(StoreError) -> T? {
        let left = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        left.initialize(to: instructions / 1000)
        defer { left.deallocate() }
        sqlite3_progress_handler(handle, 1000, { context in
            let left = context!.assumingMemoryBound(to: Int.self)
            left.pointee -= 1
            return left.pointee < 0 ? 1 : 0
        }, left)
        defer { sqlite3_progress_handler(handle, 0, nil, nil) }
        do {
            return try body()
        } catch {
            if case let .sqlite(code, _, _) = error, code & 0xFF == SQLITE_INTERRUPT { return nil }
            throw error
        }
    }

    /// How many prepared statements the cache holds (tests: it must not grow with list lengths).
    public var cachedStatements: Int { cache.count }

    /// Maps every row.
    public func rows<T>(_ sql: String, _ arguments: [any SQLBindable] = [], _ map: (Row) throws -> T) throws -> [T] {
        var out: [T] = []
        try forEach(sql, arguments) { out.append(try map($0)) }
        return out
    }

    /// The first row mapped, or nil.
    public func first<T>(_ sql: String, _ arguments: [any SQLBindable] = [], _ map: (Row) throws -> T) throws -> T? {
        let statement = try self.statement(sql, arguments)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return try map(Row(statement: statement))
    }

    public func scalarInt(_ sql: String, _ arguments: any SQLBindable...) throws(StoreError) -> Int64? {
        let statement = try self.statement(sql, arguments)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return Row(statement: statement).optionalInt(0)
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Where the file stands, read inside a transaction: another connection's commit changes
    /// SQLite's `data_version`, this connection's own writes its count of changes. Two equal
    /// stamps mean nothing was written to the register between them.
    /// Rows of this connection's own temporary tables (`scratch`) do not count.
    public func changeStamp() throws(StoreError) -> ChangeStamp {
        ChangeStamp(version: try scalarInt("PRAGMA data_version") ?? 0, changes: sqlite3_total_changes64(handle) - scratchChanges)
    }

    /// Runs `body`, which writes only this connection's temporary tables: its changes are not
    /// changes of the register (`changeStamp`). Not nested (an outer call would count the
    /// inner one's changes again).
    func scratch<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        precondition(!inScratch, "scratch writes nested")
        inScratch = true
        let before = sqlite3_total_changes64(handle)
        defer {
            scratchChanges += sqlite3_total_changes64(handle) - before
            inScratch = false
        }
        return try body()
    }

    private var inScratch = false

    /// How many of SQLite's count of changes were `scratch`'s.
    private var scratchChanges: Int64 = 0

    /// Numbers as one JSON array, for `IN (SELECT value FROM json_each(?))`: a list of any
    /// length bound as one value (SQLite binds at most 32,766 at once).
    /// Written as bytes: a chunk of 10,000 customers binds two such lists, where each number
    /// made a String of its own.
    public static func jsonArray(_ numbers: some Sequence<Int64>) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(numbers.underestimatedCount * 8 + 2)
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        for number in numbers {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            if number < 0 { bytes.append(UInt8(ascii: "-")) }
            var magnitude = number.magnitude
            digits.removeAll(keepingCapacity: true)
            repeat {
                digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: digits.reversed())
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `body` in one read transaction, so its statements see the file at one moment
    /// (another process may commit between two autocommit statements); inside a transaction
    /// already, in that one. `body` reads only: a write would be of a moment already past,
    /// and `write` refuses it.
    public func reading<T>(_ body: () throws -> T) throws -> T {
        guard sqlite3_get_autocommit(handle) != 0 else { return try body() }
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it lands, or none of it.
    /// Immediate, because a deferred transaction that reads and then writes fails at once
    /// when another process committed in between. A nested call is a savepoint inside the
    /// outer transaction: when it fails, its own writes are undone, so a caller that catches
    /// the failure and goes on never commits half of it (without a savepoint: below).
    ///
    /// `checkingForeignKeys: false` is for bulk inserts that write each parent before its
    /// children (a customer, then its search terms), or whose parents were read in this same
    /// moment (a label run's recipients): checking every child against its parent doubles the
    /// cost of the batch. SQLite only switches this between transactions, so it
    /// applies when this call is the outermost one; nothing may rely on cascades meanwhile.
    ///
    /// Nested, `savepoint: false` runs `body` in the caller's transaction as it stands, without
    /// a savepoint (which keeps a copy of every page it changes as it was, in memory: hundreds
    /// of MB for a batch all over a large file). Its failure cannot be taken back alone: a
    /// caller that catches it and goes on is refused at the end, with that failure, and
    /// nothing lands (unless a savepoint around it was rolled back).
    public func write<T>(checkingForeignKeys: Bool = true, savepoint: Bool = true, _ body: () throws -> T) throws -> T {
        if transactionDepth > 0, !savepoint {
            do {
                return try body()
            } catch {
                if unfinished == nil { unfinished = (transactionDepth, error) }
                throw error
            }
        }
        if transactionDepth > 0 {
            let savepoint = "nested\(transactionDepth)"
            try execute("SAVEPOINT \(savepoint)")
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            do {
                let result = try body()
                try execute("RELEASE \(savepoint)")
                // A failure inside it that was caught now belongs to the write around it: a
                // later savepoint beside it that is rolled back must not take it away.
                if let failed = unfinished, failed.depth >= transactionDepth { unfinished = (transactionDepth - 1, failed.error) }
                return result
            } catch {
                try? execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
                // What failed inside this savepoint is taken back with it.
                if let failed = unfinished, failed.depth >= transactionDepth { unfinished = nil }
                throw error
            }
        }
        // Inside `reading`: SQLite would say only that a transaction cannot begin within one.
        guard sqlite3_get_autocommit(handle) != 0 else {
            throw StoreError.refused(Refusal("nothing is written while the register is read at one moment"))
        }
        if !checkingForeignKeys { try execute("PRAGMA foreign_keys = OFF") }
        defer { if !checkingForeignKeys { try? execute("PRAGMA foreign_keys = ON") } }
        try execute("BEGIN IMMEDIATE")
        transactionDepth = 1
        unfinished = nil
        do {
            let result = try body()
            if let failed = unfinished { throw failed.error }
            transactionDepth = 0
            try execute("COMMIT")
            return result
        } catch {
            transactionDepth = 0
            unfinished = nil
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// A failure of a nested write without a savepoint, and the depth it ran at: the
    /// transaction holds part of that write and must not commit.
    private var unfinished: (depth: Int, error: any Error)?

    public var isInTransaction: Bool { transactionDepth > 0 }
}

/// A moment of the register (`Database.changeStamp`).
public struct ChangeStamp: Equatable, Sendable {
    let version: Int64
    let changes: Int64
}

/// A prepared statement; owned and cached by its Database.
public final class Statement {
    private var raw: OpaquePointer?
    unowned let database: Database
    let sql: String

    init(_ raw: OpaquePointer, database: Database, sql: String) {
        self.raw = raw
        self.database = database
        self.sql = sql
    }

    func finalize() {
        sqlite3_finalize(raw)
        raw = nil
    }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    func bind(_ arguments: [any SQLBindable]) throws(StoreError) {
        let expected = Int(sqlite3_bind_parameter_count(raw))
        guard expected == arguments.count else {
            throw .sqlite(code: SQLITE_RANGE, message: "expected \(expected) arguments, got \(arguments.count)", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch argument.sqlValue {
            case .null: rc = sqlite3_bind_null(raw, index)
            case let .integer(v): rc = sqlite3_bind_int64(raw, index, v)
            case let .real(v): rc = sqlite3_bind_double(raw, index, v)
            case let .text(v): rc = sqlite3_bind_text(raw, index, v, -1, kortisto_sqlite_transient())
            }
            guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
        }
    }

    /// Binds `texts` by position from one buffer SQLite reads in place (SQLITE_STATIC), then
    /// steps and resets: a bulk insert binds two dozen texts a row, and SQLITE_TRANSIENT made
    /// SQLite allocate and copy each. Other parameters are bound before.
    func run(texts: [(Int32, String?)]) throws(StoreError) {
        scratch.removeAll(keepingCapacity: true)
        var ends: [Int] = []
        ends.reserveCapacity(texts.count)
        for (_, text) in texts {
            if var text { text.withUTF8 { scratch.append(contentsOf: $0) } }
            ends.append(scratch.count)
        }
        let rc = scratch.withUnsafeBufferPointer { buffer -> Int32 in
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            var from = 0
            for ((index, text), end) in zip(texts, ends) {
                let rc = text == nil ? sqlite3_bind_null(raw, index) : sqlite3_bind_text(raw, index, base + from, Int32(end - from), nil)
                guard rc == SQLITE_OK else { return rc }
                from = end
            }
            let rc = sqlite3_step(raw)
            sqlite3_reset(raw)
            return rc
        }
        guard rc == SQLITE_DONE else { throw database.error(rc, sql: sql) }
    }
    /// The bytes `run(texts:)` binds from, kept between rows.
    private var scratch: [UInt8] = []

    /// Binds by position without boxing (bulk inserts). Text is copied by SQLite.
    func bind(_ index: Int32, _ value: String?) {
        if let value {
            sqlite3_bind_text(raw, index, value, Int32(value.utf8.count), kortisto_sqlite_transient())
        } else {
            sqlite3_bind_null(raw, index)
        }
    }

    /// Binds UTF-8 bytes as text by position (copied by SQLite).
    func bind(_ index: Int32, utf8 bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(raw, index, base, Int32(buffer.count), kortisto_sqlite_transient())
        }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(raw, index, value) } else { sqlite3_bind_null(raw, index) }
    }

    /// Steps a statement that returns no rows and resets it for the next use.
    func run() throws(StoreError) {
        defer { sqlite3_reset(raw) }
        while try step() {}
    }

    /// Advances to the next row; false when done.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(raw)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, sql: sql)
        }
    }

    var handle: OpaquePointer? { raw }
}

/// The current row of a stepping statement. Valid only inside the callback that received it.
/// (What it reads a column as, beside these: `ColumnValues`.)
public struct Row: ColumnValues {
    let statement: Statement

    public func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement.handle, i) == SQLITE_NULL }
    public func int(_ i: Int32) -> Int64 { sqlite3_column_int64(statement.handle, i) }
    public func double(_ i: Int32) -> Double { sqlite3_column_double(statement.handle, i) }

    public func value(_ i: Int32) -> FieldValue {
        switch sqlite3_column_type(statement.handle, i) {
        case SQLITE_NULL: .none
        case SQLITE_INTEGER: .integer(int(i))
        default: .text(text(i))
        }
    }
    public func optionalText(_ i: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement.handle, i) else { return nil }
        let count = Int(sqlite3_column_bytes(statement.handle, i))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Calls `body` with the column's text as SQLite holds it (UTF-8), making no String; NULL
    /// gives no bytes. The bytes are valid only inside `body`.
    func withText<T>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        // The text first, then its length (SQLite's order).
        guard let pointer = sqlite3_column_text(statement.handle, i) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement.handle, i))))
    }
}
