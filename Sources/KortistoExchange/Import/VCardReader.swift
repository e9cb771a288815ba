import Foundation
import KortistoCore

/// A vCard file as parts that each begin at a card, read one part at a time: an import checks
/// the cards of a part and lets them go before it reads the next, so a file's cards are never
/// all held at once. A file on disk is not held either: each part is read from it again, and
/// must be what it was at the first reading (its size, time and each part's checksum).
public struct VCardParts: Sendable {
    /// Byte ranges of the file, in its order.
    public let parts: [Range<Int>]
    /// The `BEGIN:VCARD` lines that begin a card wherever they stand (`startsCard`): each
    /// is one card. Reading may find more (a `BEGIN` of another kind also opens one), never fewer.
    public let cardsBegun: Int
    private let source: Source

    private enum Source: Sendable {
        case data(Data)
        /// The open file (closed when the last copy of the parts goes) and each part's
        /// checksum at the first reading.
        case file(OpenFile, checksums: [UInt64])
    }

    /// The file changed (or could not be read again) while its parts were read.
    public struct Changed: Error {}

    /// Data already in memory (standard input).
    public init(_ data: Data, partSize: Int = 1 << 19) {
        source = .data(data)
        (parts, cardsBegun) = data.withUnsafeBytes { Self.parts(of: $0, size: partSize) }
    }

    /// The regular file open at `descriptor`, which these parts take over (and close, also
    /// when nil is returned): read once here to find its parts. Nil when it cannot be read.
    public init?(descriptor: Int32, partSize: Int = 1 << 19) {
        guard let file = OpenFile(descriptor), let data = FileRange.bytes(file.descriptor, 0..<file.size) else { return nil }
        let (parts, begun) = data.withUnsafeBytes { Self.parts(of: $0, size: partSize) }
        let checksums = data.withUnsafeBytes { bytes in parts.map { Self.checksum(bytes[$0]) } }
        (self.parts, cardsBegun) = (parts, begun)
        source = .file(file, checksums: checksums)
    }

    /// The file at `path`; nil when it cannot be read.
    public init?(contentsOf path: String, partSize: Int = 1 << 19) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.init(descriptor: descriptor, partSize: partSize)
    }

    /// The cards of `parts[index]`.
    public func cards(inPart index: Int) throws(Changed) -> [VCard] {
        let part = parts[index]
        switch source {
        case let .data(data):
            return VCardReader.readPart(data.withUnsafeBytes { Array($0[part]) }[...])
        case let .file(file, checksums):
            guard file.isAsOpened, let bytes = FileRange.bytes(file.descriptor, part),
                  bytes.withUnsafeBytes({ Self.checksum($0[...]) }) == checksums[index] else { throw Changed() }
            return VCardReader.readPart(bytes[...])
        }
    }

    /// FNV-1a: a part read again is the part read first (a change of even one byte is seen).
    private static func checksum(_ bytes: Slice<UnsafeRawBufferPointer>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// Parts of about `size` bytes, each beginning at a card (after a byte-order mark), and how
    /// many cards begin.
    private static func parts(of buffer: UnsafeRawBufferPointer, size: Int) -> ([Range<Int>], Int) {
        let bom = buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let bytes = buffer[bom...]
        var begun = 0
        if bytes.count >= 11, (bytes.prefix(11).map { $0 == 0x3A ? $0 : $0 & 0xDF }).elementsEqual("BEGIN:VCARD".utf8) { begun = 1 }
        var i = bytes.startIndex
        while let newline = bytes[i...].firstIndex(of: 0x0A) {
            i = newline + 1
            if VCardReader.startsCard(bytes, at: i) { begun += 1 }
        }
        return (bytes.isEmpty ? [] : VCardReader.parts(of: bytes, count: max(1, bytes.count / size)), begun)
    }
}

/// One contact as a vCard file says it, before it becomes a customer.
public struct VCard: Sendable, Equatable {
    public struct Name: Sendable, Equatable {
        public var family = "", given = "", additional = "", prefix = "", suffix = ""
    }
    public struct Typed: Sendable, Equatable {
        public var value: String
        public var types: [String]
    }
    public struct Address: Sendable, Equatable {
        public var pobox = "", ext = "", street = "", locality = "", region = "", code = "", country = ""
        public var types: [String] = []
    }
    public enum Birthday: Sendable, Equatable {
        case date(year: Int?, month: Int, day: Int)
        case text(String)
    }

    public var version: String?
    public var fn: String?
    public var n = Name()
    public var org: [String]?
    public var title: String?
    public var emails: [Typed] = []
    public var tels: [Typed] = []
    public var adrs: [Address] = []
    public var bday: Birthday?
    /// The preferred language (4.0 `LANG`, or our 3.0 `X-KORTISTO-LANGUAGE`): `fi`, `sv-FI`.
    public var language: String?
    public var note: String?
    public var uid: String?
    public var rev: String?
    public var categories: [String] = []
    /// Web addresses; a `TYPE` such as `linkedin` (ours) marks a profile.
    public var urls: [Typed] = []
    /// Our own `X-KORTISTO-…` properties (kind, source, since, bans, membership), by the name
    /// after the prefix (`KIND`), unescaped.
    public var kortisto: [String: String] = [:]
}

/// Reads vCard 2.1, 3.0 and 4.0 as phones and mail programs write them: quoted-printable split
/// inside UTF-8 sequences, Windows-1252 without CHARSET, iOS's 1604 for a missing year,
/// `itemN.` groups, folded lines, lower-case names, a missing END.
public enum VCardReader {
    public static func read(_ data: Data) -> [VCard] {
        let file = VCardParts(data, partSize: 1 << 17)
        // A large file is read in parts on every core; the cards come back in the file's order.
        // Data in memory cannot change while it is read.
        guard file.parts.count > 1 else { return file.parts.isEmpty ? [] : (try? file.cards(inPart: 0)) ?? [] }
        return ParallelMap.map(count: file.parts.count, chunk: 1) { (try? file.cards(inPart: $0)) ?? [] }.flatMap { $0 }
    }

    /// About `count` ranges of `bytes`, each after the first beginning at a `BEGIN:VCARD` line
    /// (`startsCard`): where reading the whole would close one card and open the next anyway.
    static func parts<Bytes: RandomAccessCollection<UInt8>>(of bytes: Bytes, count: Int) -> [Range<Int>] where Bytes.Index == Int {
        let start = bytes.startIndex, end = bytes.endIndex, length = end - start
        var starts = [start]
        for k in 1..<max(1, count) {
            var i = max(starts.last! + 1, start + length * k / count)
            while i < end && !startsCard(bytes, at: i) { i += 1 }
            guard i < end else { break } // no card begins after this one: nor after any later target
            starts.append(i)
        }
        return starts.indices.map { starts[$0]..<(starts.indices.contains($0 + 1) ? starts[$0 + 1] : end) }
    }

    /// Whether a `BEGIN:VCARD` line (in any case) begins at `i`, one that no line before it
    /// runs on into: the unfolded line before it (fold lines that add nothing looked past)
    /// does not end in `=`, as a quoted-printable soft line break does.
    static func startsCard<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int) -> Bool where Bytes.Index == Int {
        let begin: StaticString = "BEGIN:VCARD"
        let first = bytes.startIndex
        guard i + begin.utf8CodeUnitCount <= bytes.endIndex, i > first, bytes[i - 1] == 0x0A else { return false }
        for k in 0..<begin.utf8CodeUnitCount {
            let expected = begin.utf8Start[k], byte = bytes[i + k]
            if (expected == 0x3A ? byte : byte & 0xDF) != expected { return false }
        }
        // The physical line before, back to one that adds something to the unfolded line.
        var lineEnd = i - 1
        while true {
            if lineEnd > first && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            var lineStart = lineEnd
            while lineStart > first && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
            let folded = lineStart < lineEnd && (bytes[lineStart] == 0x20 || bytes[lineStart] == 0x09)
            // A fold line of its space alone adds nothing: the line it continues decides.
            if folded && lineEnd - lineStart == 1 && lineStart > first {
                lineEnd = lineStart - 1
                continue
            }
            return lineEnd == lineStart || bytes[lineEnd - 1] != 0x3D
        }
    }

    static func readPart(_ bytes: ArraySlice<UInt8>) -> [VCard] {
        var cards: [VCard] = []
        var current: VCard?
        logicalLines(bytes) { line in
            guard let colon = colonOutsideQuotes(line) else { return }
            var value = Array(line[(colon + 1)...])
            // The name and its parameters, split at `;` as bytes (the name is nearly always ASCII).
            var parts = line[..<colon].split(separator: 0x3B, omittingEmptySubsequences: false)
            var head = parts.removeFirst(), name: String
            if head.allSatisfy({ $0 < 0x80 }) {
                if let dot = head.lastIndex(of: 0x2E) { head = head[(dot + 1)...] }  // itemN. groups
                name = String(decoding: head.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
            } else {
                name = String(decoding: head, as: UTF8.self).uppercased()
                if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
            }
            let params = parts.map { String(decoding: $0, as: UTF8.self) }
            if name == "BEGIN" {
                // A BEGIN without END closes the previous card.
                if let open = current { cards.append(open) }
                current = VCard()
                return
            }
            if name == "END" {
                if let open = current { cards.append(open) }
                current = nil
                return
            }
            guard current != nil else { return }
            var charset: String?
            var quotedPrintable = false
            var types: [String] = []
            var valueType: String?
            for param in params {
                let pieces = param.split(separator: "=", maxSplits: 1).map(String.init)
                let key = pieces[0].uppercased()
                let arg = pieces.count > 1 ? pieces[1] : nil
                switch key {
                case "CHARSET": charset = arg
                case "ENCODING": if arg?.uppercased() == "QUOTED-PRINTABLE" { quotedPrintable = true }
                case "QUOTED-PRINTABLE": quotedPrintable = true
                case "VALUE": valueType = arg?.lowercased()
                case "TYPE":
                    types += (arg ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\"")).split(separator: ",").map { $0.lowercased() }
                case "PREF" where arg == nil: types.append("pref")  // 2.1's bare PREF is a type; 4.0's PREF=1 is a rank
                case "PREF", "PID", "LABEL", "LANGUAGE", "ALTID", "X-APPLE-OMIT-YEAR", "CALSCALE", "SORT-AS", "GEO", "TZ", "MEDIATYPE": break
                default:
                    if arg == nil && !key.hasPrefix("X-") && !["BASE64", "B", "8BIT", "7BIT"].contains(key) { types.append(key.lowercased()) }
                }
            }
            if quotedPrintable { value = decodeQP(value) }
            // Line breaks inside values (quoted-printable =0D=0A) become plain newlines.
            let decoded = decode(value, charset: charset)
            let text = value.contains(0x0D) ? decoded.replacingOccurrences(of: "\r\n", with: "\n") : decoded
            apply(name, text, types: types, valueType: valueType, params: params, to: &current!)
        }
        if let open = current { cards.append(open) }
        return cards
    }

    /// Calls `body` with each logical line of `bytes` that is not empty, as one reading of the
    /// whole would make them: split at LF (a CR before it dropped), folded lines (starting with
    /// a space or tab) unfolded, then a quoted-printable line ending in `=` (a soft line break)
    /// joined with the next. Decoding waits until quoted-printable is undone. Two buffers are
    /// reused for every line: no array is made per line.
    static func logicalLines(_ bytes: ArraySlice<UInt8>, _ body: ([UInt8]) -> Void) {
        var unfolded: [UInt8] = [], logical: [UInt8] = []
        unfolded.reserveCapacity(256)
        logical.reserveCapacity(256)
        var anyLine = false, joining = false, quotedPrintable = false
        // An unfolded line is complete: start a logical line with it, or join it to one.
        func complete(last: Bool) {
            if joining {
                logical.removeLast()
                logical += unfolded
            } else {
                logical.removeAll(keepingCapacity: true)
                logical += unfolded
                quotedPrintable = mentionsQuotedPrintable(logical.prefix(200)[...])
            }
            joining = quotedPrintable && logical.last == 0x3D && !last
            if !joining && !logical.isEmpty { body(logical) }
        }
        var start = bytes.startIndex
        while start <= bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if let first = line.first, first == 0x20 || first == 0x09, anyLine {
                unfolded += line.dropFirst()
            } else {
                if anyLine { complete(last: false) }
                unfolded.removeAll(keepingCapacity: true)
                unfolded += line
                anyLine = true
            }
            start = end + 1
        }
        if anyLine { complete(last: true) }
    }

    /// Whether a line's first bytes name quoted-printable, in any case (no String made per line).
    static func mentionsQuotedPrintable(_ bytes: ArraySlice<UInt8>) -> Bool {
        let marker = Array("QUOTED-PRINTABLE".utf8)
        guard bytes.count >= marker.count else { return false }
        var start = bytes.startIndex
        while start <= bytes.endIndex - marker.count {
            var i = 0
            while i < marker.count, (bytes[start + i] & 0xDF) == marker[i] || (marker[i] == 0x2D && bytes[start + i] == 0x2D) { i += 1 }
            if i == marker.count { return true }
            start += 1
        }
        return false
    }

    static func colonOutsideQuotes(_ line: [UInt8]) -> Int? {
        var quoted = false
        for (i, b) in line.enumerated() {
            if b == 0x22 { quoted.toggle() }
            if b == 0x3A && !quoted { return i }
        }
        return nil
    }

    static func decodeQP(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x37
            case 0x61...0x66: b - 0x57
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x3D, i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// CHARSET when given, else strict UTF-8, else Windows-1252.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        let name = charset?.lowercased()
        if name == nil || name == "utf-8" || name == "utf8" {
            // Decoded, then compared with the bytes: equal exactly when they were valid UTF-8
            // (a repair would have changed them). `String(validating:)` took a tenth of an import.
            let text = String(decoding: bytes, as: UTF8.self)
            if text.utf8.elementsEqual(bytes) { return text }
        }
        if name == "iso-8859-1" || name == "latin1" { return String(bytes.map { Character(Unicode.Scalar($0)) }) }
        return String(decoding: bytes, as: Windows1252.self)
    }

    /// Splits a structured value at unescaped `;` (or `,`). Read by Characters, as cards were
    /// always read: a separator a combining mark follows (`;\u{301}`, which writers before
    /// dec 2026 left unescaped) is no separator, and such a card reads as it did.
    static func components(_ text: String, separator: Character = ";") -> [String] {
        // Without a backslash nothing is escaped: the same split, without a String per letter.
        if !text.utf8.contains(0x5C) { return text.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
        var parts: [String] = [], current = "", escaped = false
        for c in text {
            if escaped { current.append("\\"); current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == separator { parts.append(current); current = ""; continue }
            current.append(c)
        }
        if escaped { current.append("\\") }
        parts.append(current)
        return parts
    }

    /// A value's escapes undone: `\n` (or `\N`) a line break, any other escaped character
    /// itself. Read by Characters (`components`); an escaped `n` a combining mark follows is a
    /// line break and the mark (`ContentLines.Writer` escapes by bytes: a line break, then the
    /// mark), where it was read as `ń`.
    static func unescape(_ text: String) -> String {
        if !text.utf8.contains(0x5C) { return text }  // nothing escaped
        var out = "", escaped = false
        for c in text {
            if escaped {
                if let first = c.unicodeScalars.first, first == "n" || first == "N" {
                    out.append("\n")
                    out.unicodeScalars.append(contentsOf: c.unicodeScalars.dropFirst())
                } else {
                    out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    static func apply(_ name: String, _ text: String, types: [String], valueType: String?, params: [String], to card: inout VCard) {
        switch name {
        case "VERSION": card.version = text.trimmingSpaces
        case "FN":
            let value = unescape(text).trimmingSpaces
            card.fn = value.isEmpty ? nil : value
        case "N":
            let p = components(text).map(unescape) + Array(repeating: "", count: 5)
            card.n = VCard.Name(family: p[0], given: p[1], additional: p[2], prefix: p[3], suffix: p[4])
        case "ORG":
            var units = components(text).map(unescape)
            while units.count > 1, units.last?.isEmpty == true { units.removeLast() }
            card.org = units
        case "TITLE": card.title = unescape(text)
        case "EMAIL": card.emails.append(VCard.Typed(value: unescape(text).trimmingSpaces, types: types))
        case "TEL":
            var value = unescape(text).trimmingSpaces
            if value.lowercased().hasPrefix("tel:") { value = String(value.dropFirst(4)) }
            card.tels.append(VCard.Typed(value: value, types: types))
        case "ADR":
            let p = components(text).map(unescape) + Array(repeating: "", count: 7)
            card.adrs.append(VCard.Address(pobox: p[0], ext: p[1], street: p[2], locality: p[3], region: p[4], code: p[5], country: p[6], types: types))
        case "BDAY": card.bday = birthday(unescape(text), valueType: valueType, params: params)
        case "NOTE": card.note = unescape(text)
        case "LANG", "X-KORTISTO-LANGUAGE":
            // The first (or PREF=1) wins; a language tag's region is not kept (sv-FI is sv).
            let tag = unescape(text).trimmingSpaces
            if !tag.isEmpty, card.language == nil || params.contains(where: { $0.uppercased() == "PREF=1" }) {
                card.language = String(tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
            }
        case "UID": card.uid = text
        case "REV": card.rev = text
        case "URL":
            let value = unescape(text).trimmingSpaces
            if !value.isEmpty { card.urls.append(VCard.Typed(value: value, types: types)) }
        case let other where other.hasPrefix("X-KORTISTO-"):
            card.kortisto[String(other.dropFirst("X-KORTISTO-".count))] = unescape(text).trimmingSpaces
        case "CATEGORIES": card.categories = components(text, separator: ",").map(unescape).filter { !$0.isEmpty }
        default: break
        }
    }

    /// `1985-04-12`, `19850412`, `--0412`, `--04-12`, `19780716T000000`, iOS `1604-04-12`
    /// (no year), or free text.
    static func birthday(_ raw: String, valueType: String?, params: [String]) -> VCard.Birthday? {
        let text = raw.trimmingSpaces
        if valueType == "text" { return .text(text) }
        var date = text.split(separator: "T").first.map(String.init) ?? text
        var year: Int?
        if date.hasPrefix("--") {
            date = String(date.dropFirst(2)).replacingOccurrences(of: "-", with: "")
            guard date.count == 4, let m = Int(date.prefix(2)), let d = Int(date.suffix(2)) else { return .text(text) }
            return .date(year: nil, month: m, day: d)
        }
        date = date.replacingOccurrences(of: "-", with: "")
        guard date.count == 8, let y = Int(date.prefix(4)), let m = Int(date.dropFirst(4).prefix(2)), let d = Int(date.suffix(2)) else {
            return .text(text)
        }
        // iOS writes 1604 for "year unknown", with or without X-APPLE-OMIT-YEAR.
        year = y == 1604 || params.contains(where: { $0.uppercased().hasPrefix("X-APPLE-OMIT-YEAR") }) ? nil : y
        return .date(year: year, month: m, day: d)
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespaces)` without bridging to NSString when both ends are
    /// visible ASCII, as nearly every value's are.
    fileprivate var trimmingSpaces: String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
