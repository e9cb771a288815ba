import Foundation
import KortistoCore
import KortistoExchange
import KortistoStore

/// A whole-register file (`kortisto-register/1`) read a customer at a time: its top level is
/// walked once for where each member is, without parsing; then the small members are parsed
/// whole and the customers one by one as the restore asks for them. Parsed whole, a file of
/// 100k customers (262 MB) held 2.9 GB as Foundation's objects before a row was written.
/// Unchecked sendable: nothing in it changes after `init` but the reading place of `bytes`,
/// and the file is read by one thread at a time (`forEachCustomer` waits for each slice).
public final class SnapshotFile: @unchecked Sendable {
    /// Everything but the customers, the events and the campaigns (`forEachCustomer`, `rest`).
    public let head: RegisterSnapshot
    private let bytes: JSONBytes
    private let members: [String: Int]
    /// The events and campaigns as parsed, checked once the customers are known.
    private let events: Any?, campaigns: Any?

    /// Reads the top level of the regular file `path`, open at `file`.
    public convenience init(_ file: ImportJob.OpenDescriptor, path: String) throws {
        try self.init(JSONBytes(file, path: path))
    }

    /// Reads the top level of bytes already read (standard input, a pipe).
    public convenience init(data: Data) throws {
        try self.init(JSONBytes(data: data))
    }

    private init(_ bytes: JSONBytes) throws {
        self.bytes = bytes
        members = try Self.wellFormed { try bytes.topLevelMembers() }
        // Every member but the customers parsed now (a damaged one refuses the file before
        // anything is written); the events and campaigns are checked once the customers are known.
        var values: [String: Any] = [:]
        for (key, offset) in members where key != "customers" {
            let value: Any = try Self.wellFormed { try bytes.value(at: offset) }
            values[key] = value
        }
        (events, campaigns) = (values["events"], values["campaigns"])
        guard values["format"] as? String == "kortisto-register/1" else {
            throw Refusal("this JSON is not a Kortisto register export (format kortisto-register/1)")
        }
        head = try SnapshotReader.checking {
            var settings: [SettingKey: String] = [:]
            for (key, text) in values["settings"] as? [String: Any] ?? [:] {
                guard let settingKey = SettingKey(rawValue: key), let text = text as? String else { continue }
                if let valid = try SettingValidation.validate(settingKey, text) { settings[settingKey] = valid }
            }
            var head = RegisterSnapshot(settings: settings, organisations: try Self.objects(values["organisations"]).map(SnapshotReader.organisation),
                                        customers: [], forgotten: try Self.objects(values["forgotten"]).map(SnapshotReader.tombstone),
                                        breaches: try Self.objects(values["breaches"]).map(SnapshotReader.breach))
            if let id = values["register_id"] as? String {
                guard let uuid = UUID(uuidString: id) else { throw SnapshotReader.Bad(message: "register_id '\(id)' is not a UUID") }
                head.registerID = uuid.uuidString.lowercased()
            }
            return head
        }
    }

    /// Each customer of the file in turn, in the order of their numbers, parsed and checked as
    /// they are reached; returns their numbers. A damaged customer (or one also among the
    /// forgotten) ends the walk with a refusal: whoever was handed over before must not be kept.
    ///
    /// The file lists them in name order; written in that order, their rows went to places all
    /// over each table, more than a page cache holds (100k in 36 s). So the file is walked first
    /// for each customer's number and where they are (16 bytes a customer), then read in the
    /// order of the numbers.
    @discardableResult
    public func forEachCustomer(_ body: (RegisterSnapshot.Entry) throws -> Void) throws -> Set<Int64> {
        var known = Set<Int64>()
        let taken = Set(head.forgotten.map(\.number))
        guard let offset = members["customers"] else { return known }
        var places: [(number: Int64, offset: Int)] = []
        try bytes.forEachElement(at: offset) { place, element in
            let number = try Self.number(of: element) ?? SnapshotReader.checking { try SnapshotReader.int(try Self.object(element), "number") }
            places.append((number, place))
        } malformed: {
            throw Refusal("the file is not valid JSON")
        }
        places.sort { $0.number < $1.number }
        // A slice of customers is parsed and checked on another thread while this one hands
        // over the slice before (100k: 29 -> 22 s); the file is read by one thread at a time.
        let positions = places.map(\.offset)
        func prepare(_ range: Range<Int>) -> (DispatchGroup, PreparedSlice) {
            let group = DispatchGroup(), slice = PreparedSlice()
            DispatchQueue.global().async(group: group) {
                for offset in positions[range] {
                    slice.entries.append(Result { try self.entry(at: offset, taken: taken) })
                    if case .failure = slice.entries.last { return }
                }
            }
            return (group, slice)
        }
        let slices = stride(from: 0, to: positions.count, by: 500).map { $0..<min($0 + 500, positions.count) }
        var pending = slices.first.map(prepare)
        defer { pending?.0.wait() } // never leave a slice being read past the walk
        for index in slices.indices {
            guard let (group, slice) = pending else { break }
            group.wait()
            pending = index + 1 < slices.count ? prepare(slices[index + 1]) : nil
            for result in slice.entries {
                let entry = try result.get()
                known.insert(entry.customer.number)
                try body(entry)
            }
        }
        // Read twice (where its members are, then each): what was read of a file that changed
        // in between cannot be trusted.
        if let path = bytes.changedFile() { throw Refusal("{0} changed while it was read; nothing was imported", path) }
        return known
    }

    /// The customer at `offset`, parsed and checked.
    private func entry(at offset: Int, taken: Set<Int64>) throws -> RegisterSnapshot.Entry {
        let element = try Self.wellFormed { try bytes.element(at: offset) }
        return try SnapshotReader.checking {
            let entry = try SnapshotReader.entry(try Self.object(element))
            guard !taken.contains(entry.customer.number) else {
                throw SnapshotReader.Bad(message: "a customer number is both a customer and a forgotten one")
            }
            return entry
        }
    }

    /// Customers parsed on another thread, handed over once it is done.
    private final class PreparedSlice: @unchecked Sendable {
        var entries: [Result<RegisterSnapshot.Entry, any Error>] = []
    }

    /// The `number` member of a customer's bytes, found without parsing the rest; nil where it
    /// is not a plain integer of the object itself (parsing whole then says what is wrong).
    static func number(of element: [UInt8]) -> Int64? {
        element.withUnsafeBufferPointer { bytes -> Int64? in
            let key = Array("\"number\"".utf8)
            var depth = 0, inString = false, escaped = false
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if inString {
                    if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                    i += 1
                    continue
                }
                switch byte {
                case 0x7B, 0x5B: depth += 1
                case 0x7D, 0x5D: depth -= 1
                case 0x22:
                    // A key of the object itself: after `{` or `,` at depth one.
                    if depth == 1, i + key.count <= bytes.count, bytes[i..<i + key.count].elementsEqual(key) {
                        var j = i + key.count
                        while j < bytes.count, bytes[j] <= 0x20 { j += 1 }
                        // A key (a value "number" is followed by a comma or the end instead).
                        if j < bytes.count, bytes[j] == 0x3A {
                            j += 1
                            while j < bytes.count, bytes[j] <= 0x20 { j += 1 }
                            var value: Int64 = 0, digits = 0
                            while j < bytes.count, (0x30...0x39).contains(bytes[j]), digits < 18 {
                                value = value * 10 + Int64(bytes[j] - 0x30)
                                digits += 1
                                j += 1
                            }
                            guard digits > 0, j < bytes.count, bytes[j] == 0x2C || bytes[j] == 0x7D || bytes[j] <= 0x20 else { return nil }
                            return value
                        }
                    }
                    inString = true
                default: break
                }
                i += 1
            }
            return nil
        }
    }

    /// A customer's bytes as an object.
    private static func object(_ element: [UInt8]) throws -> [String: Any] {
        let value = try wellFormed { try JSONSerialization.jsonObject(with: Data(element)) }
        guard let object = value as? [String: Any] else { throw SnapshotReader.Bad(message: "a customer in the file is not an object") }
        return object
    }

    /// The events and campaigns, once the customers (`known`) have been read: a participant or
    /// a recipient must be one of them.
    public func rest(known: Set<Int64>) throws -> (events: [RegisterSnapshot.EventEntry], campaigns: [RegisterSnapshot.CampaignEntry]) {
        try SnapshotReader.checking {
            (try Self.objects(events).map { try SnapshotReader.event($0, customers: known) },
             try Self.objects(campaigns).map { try SnapshotReader.campaign($0, customers: known) })
        }
    }

    /// A list of objects, or none when the member is missing; anything else is refused (read
    /// whole, a list holding something else was read as empty).
    private static func objects(_ value: Any?) throws -> [[String: Any]] {
        guard let value else { return [] }
        guard let objects = value as? [[String: Any]] else { throw SnapshotReader.Bad(message: "a list in the file holds something other than objects") }
        return objects
    }

    /// `body`'s result, or the refusal of a file that is not JSON.
    private static func wellFormed<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw Refusal("the file is not valid JSON") }
    }
}

/// The bytes of a JSON document, read a megabyte at a time from any offset of a file (or held
/// already), walked for the extent of its values without parsing them: a value's bytes are
/// parsed by `JSONSerialization` alone, one customer (a few kilobytes) at a time.
final class JSONBytes {
    struct Malformed: Error {}

    private let file: ImportJob.OpenDescriptor?
    private var descriptor: Int32? { file?.descriptor }
    private let memory: Data?
    private let size: Int
    /// The file's path and what it was when opened (`changedFile`).
    private let path: String
    private let opened: stat
    private var buffer: [UInt8] = []
    /// The file's offset of `buffer`'s first byte.
    private var start = 0
    private var position = 0

    init(_ file: ImportJob.OpenDescriptor, path: String) throws {
        var status = stat()
        guard fstat(file.descriptor, &status) == 0 else { throw Refusal("{0} changed while it was read; nothing was imported", path) }
        (self.file, self.path, opened, size, memory) = (file, path, status, Int(status.st_size), nil)
    }

    init(data: Data) {
        (file, path, opened, size, memory) = (nil, "", stat(), data.count, data)
    }

    /// The file's path when it is no longer as it was when opened (its size or its time of
    /// change), nil while it is.
    func changedFile() -> String? {
        guard let descriptor else { return nil }
        var now = stat()
        guard fstat(descriptor, &now) == 0, now.st_size == opened.st_size, now.st_mtim.tv_sec == opened.st_mtim.tv_sec,
              now.st_mtim.tv_nsec == opened.st_mtim.tv_nsec else { return path }
        return nil
    }

    /// The byte at `position`, nil at the end of the file.
    private func peek() throws -> UInt8? {
        let index = position - start
        if index >= 0, index < buffer.count { return buffer[index] }
        guard position < size else { return nil }
        // A megabyte where the bytes before were read, less where it jumps (a customer's place).
        let count = min(position == start + buffer.count ? 1 << 20 : 1 << 15, size - position)
        if let memory {
            buffer = Array(memory[(memory.startIndex + position)..<(memory.startIndex + position + count)])
            start = position
        } else {
            buffer = [UInt8](repeating: 0, count: count)
            guard buffer.withUnsafeMutableBytes({ FileRange.read(descriptor!, at: position, into: $0) }) else { throw Malformed() }
            start = position
        }
        return buffer[position - start]
    }

    private func next() throws -> UInt8 {
        guard let byte = try peek() else { throw Malformed() }
        position += 1
        return byte
    }

    /// The next byte that is not white space (nil at the end), not taken.
    private func skipSpace() throws -> UInt8? {
        while let byte = try peek() {
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            position += 1
        }
        return nil
    }

    private func expect(_ byte: UInt8) throws {
        guard try skipSpace() == byte else { throw Malformed() }
        position += 1
    }

    /// Passes the value at `position`, its bytes appended to `kept` when given. A string's
    /// escapes and brackets inside strings are passed as they are; whether what was passed is
    /// valid JSON is `JSONSerialization`'s to say. The bytes are walked a buffer at a time in a
    /// loop of its own (byte by byte through this object's members, the walk was a fifth of a
    /// restore's reading).
    private func skipValue(keeping kept: inout [UInt8]?) throws {
        guard let first = try skipSpace() else { throw Malformed() }
        // A number or a word ends before a delimiter; a string or a bracket where it closes.
        let scalar = !(first == 0x22 || first == 0x7B || first == 0x5B)
        var depth = 0
        var inString = false, escaped = false, unbalanced = false
        var passed = 0
        repeat {
            guard try peek() != nil else {
                guard scalar, passed > 0 else { throw Malformed() }
                return
            }
            let from = position - start
            let (count, ended) = buffer.withUnsafeBufferPointer { bytes -> (Int, Bool) in
                var i = from
                while i < bytes.count {
                    let byte = bytes[i]
                    if scalar {
                        if byte == 0x2C || byte == 0x7D || byte == 0x5D || byte <= 0x20 { return (i - from, true) }
                        i += 1
                        continue
                    }
                    i += 1
                    if inString {
                        if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                    } else if byte == 0x22 {
                        inString = true
                    } else if byte == 0x7B || byte == 0x5B {
                        depth += 1
                    } else if byte == 0x7D || byte == 0x5D {
                        depth -= 1
                        if depth < 0 { unbalanced = true; return (i - from, true) }
                    }
                    if depth == 0 && !inString { return (i - from, true) }
                }
                return (i - from, false)
            }
            guard !unbalanced else { throw Malformed() }
            kept?.append(contentsOf: buffer[from..<from + count])
            position += count
            passed += count
            if ended {
                guard passed > 0 else { throw Malformed() }
                return
            }
        } while true
    }

    /// The offset of each member's value at the top level (the last of a key given twice). The
    /// document must be one object and nothing after it but white space.
    func topLevelMembers() throws -> [String: Int] {
        position = 0
        // A byte order mark, as `JSONSerialization` allows.
        if size >= 3, try next() == 0xEF, try next() == 0xBB, try next() == 0xBF {} else { position = 0 }
        try expect(0x7B)
        var members: [String: Int] = [:]
        if try skipSpace() == 0x7D {
            position += 1
        } else {
            repeat {
                guard try skipSpace() == 0x22 else { throw Malformed() }
                var key: [UInt8]? = []
                try skipValue(keeping: &key)
                guard let name = try JSONSerialization.jsonObject(with: Data(key!), options: .fragmentsAllowed) as? String else { throw Malformed() }
                try expect(0x3A)
                _ = try skipSpace()
                members[name] = position
                var none: [UInt8]? = nil
                try skipValue(keeping: &none)
                guard let after = try skipSpace() else { throw Malformed() }
                position += 1
                if after == 0x7D { break }
                guard after == 0x2C else { throw Malformed() }
            } while true
        }
        guard try skipSpace() == nil else { throw Malformed() }
        return members
    }

    /// The value at `offset`, parsed.
    func value(at offset: Int) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try element(at: offset)), options: .fragmentsAllowed)
    }

    /// The bytes of the value at `offset`.
    func element(at offset: Int) throws -> [UInt8] {
        position = offset
        var kept: [UInt8]? = []
        try skipValue(keeping: &kept)
        return kept!
    }

    /// Each element's bytes of the array at `offset`, in turn. `body`'s errors end the walk as
    /// they are; where the array itself is damaged, `malformed` says so.
    func forEachElement(at offset: Int, _ body: (_ offset: Int, _ bytes: [UInt8]) throws -> Void, malformed: () throws -> Never) throws {
        do {
            position = offset
            try expect(0x5B)
            if try skipSpace() == 0x5D { return }
        } catch is Malformed { try malformed() }
        var element: [UInt8]? = []
        repeat {
            let after: UInt8
            do {
                element!.removeAll(keepingCapacity: true)
                guard try skipSpace() != nil else { throw Malformed() }
                let begins = position
                try skipValue(keeping: &element)
                let resume = position
                try body(begins, element!)
                position = resume
                guard let next = try skipSpace() else { throw Malformed() }
                position += 1
                after = next
            } catch is Malformed { try malformed() }
            if after == 0x5D { return }
            guard after == 0x2C else { try malformed() }
        } while true
    }
}
