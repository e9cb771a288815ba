import KortistoCore

/// A JSON value that keeps its keys in the order they were written, so output reads the same
/// way every time and diffs stay small.
public enum JSON {
    case null
    case bool(Bool)
    case int(Int64)
    /// A decimal as written (`63.5`): measures, whose digits are the value.
    case decimal(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func string(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    public static func int(_ value: Int) -> JSON { .int(Int64(value)) }

    public func rendered(indent: Int = 0, pretty: Bool = true) -> String {
        rendered(level: 0, pretty: pretty)
    }

    /// Rendered as a value nested `level` deep (a document written in parts).
    public func rendered(level: Int, pretty: Bool = true) -> String {
        var out = ByteSink(capacity: 1024)
        render(into: &out, level: level, pretty: pretty)
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The members of an object being rendered (`object(level:pretty:into:_:)`).
    public struct ObjectWriter: ~Copyable {
        fileprivate var out: ByteSink
        fileprivate let level: Int, pretty: Bool
        private var count = 0

        fileprivate init(level: Int, pretty: Bool, out: consuming ByteSink) {
            self.level = level
            self.pretty = pretty
            self.out = out
        }

        /// The bytes written, the object closed (`finish`).
        fileprivate consuming func finished() -> ByteSink {
            finish()
            return out
        }

        /// `.object`'s brace and newline before the first member, its comma and newline
        /// between two; the closing newline and brace in `finish`.
        public mutating func member(_ key: String, _ value: JSON) {
            begin(key)
            value.render(into: &out, level: level + 1, pretty: pretty)
        }

        /// The same with the key escaped once for many objects.
        public mutating func member(_ key: Key, _ value: JSON) {
            begin(key)
            value.render(into: &out, level: level + 1, pretty: pretty)
        }

        /// A stored field's value as `JSON` renders it (`.null`, `.string`, `.int`, an array
        /// of strings), written without one in between.
        public mutating func member(_ key: Key, _ value: FieldValue) {
            begin(key)
            switch value {
            case .none: out.append(JSON.nullWord)
            case let .text(text): JSON.escape(text, into: &out)
            case let .integer(n): JSON.digits(n, into: &out)
            case let .list(items): JSON.array(items.map { .string($0) }).render(into: &out, level: level + 1, pretty: pretty)
            }
        }

        /// A member whose value is a list of objects, each written by `members`, as `.array`
        /// of `.object`s renders it (a customer's orders, contacts and consents in the
        /// whole-register file: no value made for each, no key escaped again for each).
        public mutating func member<T>(_ key: Key, objects items: [T], _ members: Members<T>) {
            begin(key)
            let pretty = pretty
            JSON.list(items.count, level: level + 1, pretty: pretty, into: &out) { i, level, out in
                JSON.object(level: level, pretty: pretty, sink: &out) { members.write(items[i], into: &$0) }
            }
        }

        /// Everything of a member before its value; counts it.
        private mutating func begin(_ key: String) {
            separate()
            JSON.escape(key, into: &out)
            out.append(0x3A)
            if pretty { out.append(0x20) }
        }

        private mutating func begin(_ key: Key) {
            separate()
            out.append(pretty ? key.bytes : UnsafeBufferPointer(rebasing: key.bytes.dropLast()))
        }

        /// A member whose value is written by `value` (a member of `Members`).
        fileprivate mutating func member(_ key: Key, _ value: (inout ByteSink, _ level: Int, _ pretty: Bool) -> Void) {
            begin(key)
            value(&out, level + 1, pretty)
        }

        private mutating func separate() {
            out.append(count == 0 ? 0x7B : 0x2C)
            if pretty { out.append(0x0A); JSON.indent(level + 1, into: &out) }
            count += 1
        }

        fileprivate mutating func finish() {
            guard count > 0 else { out.append(0x7B); out.append(0x7D); return }
            if pretty { out.append(0x0A); JSON.indent(level, into: &out) }
            out.append(0x7D)
        }
    }

    /// An object's key escaped once, with its colon and the space after it (dropped when not
    /// pretty). Its bytes are never freed, so that copying one retains nothing (the arrays of
    /// keys shared by the threads that render customers were retained and released by both at
    /// once, each waiting on the other: a list as JSON took 1.0 -> 1.35 s): make keys once, as
    /// static constants, never one for each object written.
    public struct Key: @unchecked Sendable {
        public let name: String
        fileprivate let bytes: UnsafeBufferPointer<UInt8>

        public init(_ name: String) {
            self.name = name
            var escaped = ByteSink(capacity: name.utf8.count + 4)
            JSON.escape(name, into: &escaped)
            escaped.append(0x3A)
            escaped.append(0x20)
            bytes = escaped.withBytes { written in
                let kept = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: written.count)
                _ = kept.initialize(from: written)
                return UnsafeBufferPointer(kept)
            }
        }
    }

    /// The members of one kind of object, in order, each a key and how its value is made from
    /// the thing: the one definition both of its `JSON` (`json`) and of its members written
    /// straight into a larger document (`ObjectWriter.member(_:objects:_:)`). Its keys are
    /// `Key`s, never freed: make a kind's members once, as a static constant.
    public struct Members<T>: Sendable {
        private let members: [Member]

        public init(_ members: [Member]) {
            self.members = members
        }

        public struct Member: Sendable {
            let key: Key
            let value: @Sendable (T) -> JSON
            /// `value` rendered (a date's digits written without a `String` in between).
            let write: @Sendable (T, inout ByteSink, _ level: Int, _ pretty: Bool) -> Void

            public init(_ key: String, _ value: @escaping @Sendable (T) -> JSON) {
                self.key = Key(key)
                self.value = value
                write = { thing, out, level, pretty in value(thing).render(into: &out, level: level, pretty: pretty) }
            }

            /// A date as `.string(date?.iso)` (null for none).
            public init(_ key: String, date: @escaping @Sendable (T) -> LocalDate?) {
                self.key = Key(key)
                value = { .string(date($0)?.iso) }
                write = { thing, out, _, _ in JSON.date(date(thing), into: &out) }
            }
        }

        public func json(_ thing: T) -> JSON { .object(members.map { ($0.key.name, $0.value(thing)) }) }

        func write(_ thing: T, into object: inout ObjectWriter) {
            for member in members { object.member(member.key) { out, level, pretty in member.write(thing, &out, level, pretty) } }
        }
    }

    /// Written as bytes: a list of 100k customers rendered through String appends cost four
    /// times its CSV.
    fileprivate func render(into out: inout ByteSink, level: Int, pretty: Bool) {
        switch self {
        case .null: out.append(JSON.nullWord)
        case let .bool(b): out.append(b ? JSON.trueWord : JSON.falseWord)
        case let .int(i): JSON.digits(i, into: &out)
        case let .decimal(d): var d = d; d.withUTF8 { out.append($0) }
        case let .string(s): JSON.escape(s, into: &out)
        case let .array(items):
            JSON.list(items.count, level: level, pretty: pretty, into: &out) { i, level, out in items[i].render(into: &out, level: level, pretty: pretty) }
        case let .object(pairs):
            JSON.object(level: level, pretty: pretty, sink: &out) { object in for (key, value) in pairs { object.member(key, value) } }
        }
    }

    /// A list of `count` values at `level`: brackets, each value on its own line one level in
    /// (written by `item` at that level), commas between (the one layout of lists).
    private static func list(_ count: Int, level: Int, pretty: Bool, into out: inout ByteSink,
                             _ item: (_ index: Int, _ level: Int, _ out: inout ByteSink) -> Void) {
        guard count > 0 else { out.append(0x5B); out.append(0x5D); return }
        out.append(0x5B)
        if pretty { out.append(0x0A) }
        for i in 0..<count {
            if pretty { indent(level + 1, into: &out) }
            item(i, level + 1, &out)
            if i < count - 1 { out.append(0x2C) }
            if pretty { out.append(0x0A) }
        }
        if pretty { indent(level, into: &out) }
        out.append(0x5D)
    }

    /// An object at `level` written on `out` by `members`, as `.object(pairs)` renders it: the
    /// one writer of objects (inside a larger value, or a customer of a list or of the
    /// whole-register file written as bytes). Members are given one at a time instead of
    /// gathered into pairs first: a customer's pairs, made and copied for each of a whole list,
    /// cost as much as rendering them.
    public static func object(level: Int = 0, pretty: Bool = true, into out: inout [UInt8], _ members: (inout ObjectWriter) -> Void) {
        var writer = ObjectWriter(level: level, pretty: pretty, out: ByteSink(capacity: 4096))
        members(&writer)
        writer.finished().withBytes { out.append(contentsOf: $0) }
    }

    /// The same inside a value being rendered.
    private static func object(level: Int, pretty: Bool, sink out: inout ByteSink, _ members: (inout ObjectWriter) -> Void) {
        var writer = ObjectWriter(level: level, pretty: pretty, out: out)
        members(&writer)
        out = writer.finished()
    }

    /// Two spaces a level, copied from spaces in the binary (appended one by one they were a
    /// tenth of a pretty document's rendering; copied from an array's slice, with its lazy
    /// global and its retain and release, a sixth of a whole-register file's).
    fileprivate static func indent(_ level: Int, into out: inout ByteSink) {
        var left = 2 * level
        while left > 0 {
            let count = min(left, spaces.utf8CodeUnitCount)
            spaces.withUTF8Buffer { out.append(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            left -= count
        }
    }

    private static let spaces: StaticString = "                                                                "

    // The words of JSON, in the binary (an array made for each `null` was a tenth of a
    // whole-register file): shared by the threads rendering customers, they are retained by
    // none, as `Key` (no time measured apart from the noise for these).
    private static let nullWord: StaticString = "null", trueWord: StaticString = "true", falseWord: StaticString = "false"

    /// An integer's decimal digits, written without a String in between.
    private static func digits(_ value: Int64, into out: inout ByteSink) {
        if value < 0 { out.append(0x2D) }
        var magnitude = value.magnitude
        var reversed: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                       UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &reversed) { buffer in
            repeat {
                buffer[count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// A JSON string: `"` and `\\` escaped, control characters (C0, DEL, C1) and the line and
    /// paragraph separators as `\\u` escapes, everything else as its UTF-8 bytes.
    fileprivate static func escape(_ s: String, into out: inout ByteSink) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            // Runs of bytes that need nothing are copied whole: most values are such a run.
            var i = 0
            var run = 0
            while i < bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 || b == 0xE2 else {
                    i += 1
                    continue
                }
                out.append(UnsafeBufferPointer(rebasing: bytes[run..<i]))
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                case 0x00..<0x20, 0x7F: unicodeEscape(UInt32(b), into: &out)
                case 0xC2 where i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1]):
                    unicodeEscape(UInt32(bytes[i + 1]), into: &out)       // U+0080…U+009F
                    i += 1
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    unicodeEscape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029, into: &out)
                    i += 2
                default: out.append(b)
                }
                i += 1
                run = i
            }
            out.append(UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
        }
        out.append(0x22)
    }

    private static func unicodeEscape(_ value: UInt32, into out: inout ByteSink) {
        let hex = String(value, radix: 16)
        var escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        escaped.withUTF8 { out.append($0) }
    }

    /// A date as `.string(date?.iso)` renders it, its digits written one by one.
    fileprivate static func date(_ date: LocalDate?, into out: inout ByteSink) {
        guard let date else { return out.append(nullWord) }
        guard let digits = date.isoDigits else { return escape(date.iso, into: &out) }
        out.append(0x22)
        withUnsafeBytes(of: digits) { out.append($0.assumingMemoryBound(to: UInt8.self)) }
        out.append(0x22)
    }
}

/// The bytes of a value being rendered: appended through a pointer, where an array's appends
/// (its uniqueness and capacity checked, its elements copied one at a time) took about 85
/// instructions each, a sixth of rendering a whole-register file. One owner, freed with it.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0, capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// What has been written, for as long as `body` runs (the sink is borrowed meanwhile).
    borrowing func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(1) }
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        if capacity - count < bytes.count { grow(bytes.count) }
        (base + count).initialize(from: start, count: bytes.count)
        count += bytes.count
    }

    /// `word`'s bytes (in the binary: nothing retained).
    mutating func append(_ word: StaticString) {
        word.withUTF8Buffer { append($0) }
    }

    private mutating func grow(_ more: Int) {
        let larger = max(2 * capacity, count + more)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }
}
