import Foundation
import KortistoCore
import KortistoExchange
import KortistoStore

/// A whole-register file (`kortisto-register/1`) read a customer at a time: its top level is
/// walked once for where each member is, without parsing; then the small members are parsed
/// whole and the customers one by one as the restore asks for them. Parsed whole, a file of
/// 100k customers (262 MB) held 2.9 GB as Foundation's objects before a row was written.
public final class SnapshotFile {
    /// Everything but the customers, the events and the campaigns (`forEachCustomer`, `rest`).
    public let head: RegisterSnapshot
    private let bytes: JSONBytes
    private let members: [String: Int]
    /// The events and campaigns as parsed, checked once the customers are known.
    private let events: Any?, campaigns: Any?

    /// Reads the top level of the regular file `path`, open at `file`.
    public convenience init(_ file: OpenFile, path: String) throws {
        try self.init(JSONBytes(file, path: path))
    }

    /// Reads the top level of bytes already read (standard input, a pipe).
    public convenience init(data: Data) throws {
        try self.init(JSONBytes(data: data))
    }

    private init(_ bytes: JSONBytes) throws {
        self.bytes = bytes
        let members = try Self.wellFormed(bytes) { try bytes.topLevelMembers() }
        self.members = members
        // The format first: a large JSON that is something else is refused before it is read.
        let format = try members["format"].map { offset in try Self.wellFormed(bytes) { try bytes.value(at: offset) } }
        guard format as? String == "kortisto-register/1" else {
            throw Refusal("this JSON is not a Kortisto register export (format kortisto-register/1)")
        }
        // Every other member but the customers parsed now (a damaged one refuses the file
        // before anything is written); the events and campaigns are checked once the customers
        // are known.
        var values: [String: Any] = [:]
        for (key, offset) in members where key != "customers" && key != "format" {
            let value: Any = try Self.wellFormed(bytes) { try bytes.value(at: offset) }
            values[key] = value
        }
        (events, campaigns) = (values["events"], values["campaigns"])
        head = try SnapshotReader.checking {
            var settings: [SettingKey: String] = [:]
            for (key, text) in values["settings"] as? [String: Any] ?? [:] {
                guard let settingKey = SettingKey(rawValue: key), let text = text as? String else { continue }
                if let valid = try SettingValidation.validate(settingKey, text) { settings[settingKey] = valid }
            }
            var head = RegisterSnapshot(settings: settings,
                                        organisations: try Self.objects(values["organisations"]).map(SnapshotReader.organisation),
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
    /// they are reached; returns how many. A damaged customer (or one also among the
    /// forgotten) ends the walk with a refusal: whoever was handed over before must not be kept.
    /// One call at a time.
    ///
    /// The file lists them in name order; written in that order, their rows went to places all
    /// over each table, more than a page cache holds (100k: 34 s, 3.8 s of it the system's; in
    /// their numbers' order 29 s). So the file is walked first for each customer's number and
    /// bytes (24 bytes a customer), then each customer's bytes are read by their place in the
    /// order of the numbers, a slice at a time on another thread while this one hands over the
    /// slice before (29 -> 15 s).
    @discardableResult
    public func forEachCustomer(_ body: (RegisterSnapshot.Entry) throws -> Void) throws -> Int {
        let taken = Set(head.forgotten.map(\.number))
        guard let offset = members["customers"] else { return 0 }
        var places: [(number: Int64, bytes: Range<Int>)] = []
        try bytes.forEachElement(at: offset) { range, element in
            let number = try Self.number(of: element)
                ?? SnapshotReader.checking { try SnapshotReader.int(try Self.object(element), "number") }
            places.append((number, range))
        } malformed: { error in
            if error is JSONBytes.NotAList {
                try SnapshotReader.checking { throw SnapshotReader.Bad(message: "the file's customers are not a list") }
            }
            throw Self.refusal(error, self.bytes)
        }
        places.sort { $0.number < $1.number }
        // Read by the other thread with `pread` alone: nothing of this object changes meanwhile.
        let sorted = places, bytes = self.bytes
        func prepare(_ range: Range<Int>) -> (DispatchGroup, PreparedSlice) {
            let group = DispatchGroup(), slice = PreparedSlice()
            DispatchQueue.global().async(group: group) {
                for place in sorted[range] {
                    slice.entries.append(Result {
                        let element = try Self.wellFormed(bytes) { try bytes.bytes(place.bytes) }
                        return try Self.entry(element, taken: taken)
                    })
                    if case .failure = slice.entries.last { return }
                }
            }
            return (group, slice)
        }
        let slices = stride(from: 0, to: sorted.count, by: 500).map { $0..<min($0 + 500, sorted.count) }
        var pending = slices.first.map(prepare)
        defer { pending?.0.wait() } // never leave a slice being read past the walk
        for index in slices.indices {
            guard let (group, slice) = pending else { break }
            group.wait()
            pending = index + 1 < slices.count ? prepare(slices[index + 1]) : nil
            for result in slice.entries {
                try body(try result.get())
            }
        }
        // Read twice (where its members are, then each): what was read of a file that changed
        // in between cannot be trusted.
        if let path = bytes.changedFile() { throw Refusal("{0} changed while it was read; nothing was imported", path) }
        return sorted.count
    }

    /// A customer's bytes, parsed and checked.
    private static func entry(_ element: [UInt8], taken: Set<Int64>) throws -> RegisterSnapshot.Entry {
        try SnapshotReader.checking {
            let entry = try SnapshotReader.entry(try object(element))
            guard !taken.contains(entry.customer.number) else {
                throw SnapshotReader.Bad(message: "a customer number is both a customer and a forgotten one")
            }
            return entry
        }
    }

    /// Customers parsed on another thread: written before its group leaves, read after `wait()`.
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
        let value = try wellFormed(nil) { try JSONSerialization.jsonObject(with: Data(element), options: .fragmentsAllowed) }
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
        guard let objects = value as? [[String: Any]] else {
            throw SnapshotReader.Bad(message: "a list in the file holds something other than objects")
        }
        return objects
    }

    /// `body`'s result, or the refusal of a file that is not JSON (or that could no longer be
    /// read: cut short since it was opened).
    private static func wellFormed<T>(_ bytes: JSONBytes?, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw refusal(error, bytes) }
    }

    private static func refusal(_ error: any Error, _ bytes: JSONBytes?) -> Refusal {
        if error is JSONBytes.Unreadable, let path = bytes?.path { return Refusal("{0} changed while it was read; nothing was imported", path) }
        return Refusal("the file is not valid JSON")
    }
}

/// The bytes of a JSON document, read a megabyte at a time from any offset of a file (or held
/// already), walked for the extent of its values without parsing them: a value's bytes are
/// parsed by `JSONSerialization` alone, one customer (a few kilobytes) at a time.
/// Unchecked sendable: `bytes(_:)` and `changedFile()` read only what `init` set, so another
/// thread may call them while this one waits; the walk (its reading place) is one thread's.
final class JSONBytes: @unchecked Sendable {
    struct Malformed: Error {}
    /// The file could not be read where it was before (cut short since it was opened).
    struct Unreadable: Error {}
    /// The value walked as a list is something else.
    struct NotAList: Error {}

    private let file: OpenFile?
    private var descriptor: Int32? { file?.descriptor }
    private let memory: Data?
    private let size: Int
    /// The file's path, for what is said of it.
    let path: String
    private var buffer: [UInt8] = []
    /// The file's offset of `buffer`'s first byte.
    private var start = 0
    private var position = 0

    init(_ file: OpenFile, path: String) {
        (self.file, self.path, size, memory) = (file, path, file.size, nil)
    }

    init(data: Data) {
        (file, path, size, memory) = (nil, "", data.count, data)
    }

    /// The file's path when it is no longer as it was when opened, nil while it is.
    func changedFile() -> String? {
        guard let file, !file.isAsOpened else { return nil }
        return path
    }

    /// The byte at `position`, nil at the end of the file.
    private func peek() throws -> UInt8? {
        let index = position - start
        if index >= 0, index < buffer.count { return buffer[index] }
        guard position < size else { return nil }
        let count = min(1 << 20, size - position)
        if let memory {
            buffer = Array(memory[(memory.startIndex + position)..<(memory.startIndex + position + count)])
            start = position
        } else {
            buffer = [UInt8](repeating: 0, count: count)
            guard buffer.withUnsafeMutableBytes({ FileRange.read(descriptor!, at: position, into: $0) }) else { throw Unreadable() }
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
        position = offset
        var kept: [UInt8]? = []
        try skipValue(keeping: &kept)
        return try JSONSerialization.jsonObject(with: Data(kept!), options: .fragmentsAllowed)
    }

    /// The bytes of `range`, read on their own: this object's reading place is left as it is,
    /// so another thread may call this while nothing else uses the object.
    func bytes(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= size else { throw Unreadable() }
        if let memory { return Array(memory[(memory.startIndex + range.lowerBound)..<(memory.startIndex + range.upperBound)]) }
        guard let bytes = FileRange.bytes(descriptor!, range) else { throw Unreadable() }
        return bytes
    }

    /// Each element's place and bytes of the array at `offset`, in turn. `body`'s errors end the
    /// walk as they are; where the array is damaged or is no array, `malformed` says so.
    func forEachElement(at offset: Int, _ body: (_ range: Range<Int>, _ bytes: [UInt8]) throws -> Void,
                        malformed: (any Error) throws -> Never) throws {
        do {
            position = offset
            guard try skipSpace() == 0x5B else { throw NotAList() }
            position += 1
            if try skipSpace() == 0x5D { return }
        } catch let error where error is Malformed || error is Unreadable || error is NotAList { try malformed(error) }
        var element: [UInt8]? = []
        repeat {
            let after: UInt8
            do {
                element!.removeAll(keepingCapacity: true)
                guard try skipSpace() != nil else { throw Malformed() }
                let begins = position
                try skipValue(keeping: &element)
                let resume = position
                try body(begins..<resume, element!)
                position = resume
                guard let next = try skipSpace() else { throw Malformed() }
                position += 1
                after = next
            } catch let error where error is Malformed || error is Unreadable { try malformed(error) }
            if after == 0x5D { return }
            guard after == 0x2C else { try malformed(Malformed()) }
        } while true
    }
}
