import Foundation
import KortistoCore

/// A CSV file read as Finnish Excel, LibreOffice, Google Contacts and Outlook write them:
/// encoding and delimiter detected, quotes and line breaks inside fields understood.
public struct CSVTable: Sendable, Equatable {
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `cp1252` or `cp850`.
    public var encoding: String
    public var delimiter: Character
    public var header: [String]
    public var rows: [[String]]
}

/// A CSV file's header and its rows in parts that each begin a record (`CSVReader.parts`).
public struct CSVParts: Sendable {
    public let encoding: String
    public let delimiter: Character
    public let header: [String]
    /// The text as UTF-8 with a sentinel byte at its end, and the parts' ranges of it.
    private let text: [UInt8], separator: UInt8
    public let parts: [Range<Int>]
    /// The rows after the header (records not blank), counted before they are read.
    public let counted: Int
    /// Rows already read (a delimiter of more than one byte, a file without a header): the only part.
    private let rows: [[String]]?

    init(encoding: String, delimiter: Character, header: [String], text: [UInt8], separator: UInt8, parts: [Range<Int>], counted: Int) {
        (self.encoding, self.delimiter, self.header) = (encoding, delimiter, header)
        (self.text, self.separator, self.parts, self.counted, rows) = (text, separator, parts, counted, nil)
    }

    init(encoding: String, delimiter: Character, header: [String], rows: [[String]]) {
        (self.encoding, self.delimiter, self.header) = (encoding, delimiter, header)
        (text, separator, parts, counted, self.rows) = ([], 0, rows.isEmpty ? [] : [0..<1], rows.count, rows)
    }

    /// A table read whole, as one part.
    public init(_ table: CSVTable) {
        self.init(encoding: table.encoding, delimiter: table.delimiter, header: table.header, rows: table.rows)
    }

    /// The rows of `parts[index]`, blank records left out.
    public func rows(inPart index: Int) -> [[String]] {
        if let rows { return rows }
        return CSVReader.records(text, from: parts[index].lowerBound, to: parts[index].upperBound, separator: separator)
            .filter { !$0.allSatisfy(\.isEmpty) }
    }
}

public enum CSVReader {
    /// Why a file cannot be read as CSV: a sentence of the language tables (`validation.…`)
    /// with `{0}` for the file, so the interface says it in its language.
    public struct ReadError: Error, CustomStringConvertible {
        public let format: String
        init(_ format: String) { self.format = format }
        public var description: String { format.replacingOccurrences(of: "{0}", with: "the file") }
    }

    /// `hasHeader: false`: every line is a row, and the columns are named by number (`1`, `2` …).
    public static func read(_ data: Data, hasHeader: Bool = true) throws(ReadError) -> CSVTable {
        guard !data.isEmpty else { throw ReadError("{0} is empty") }
        let (text, encoding) = try decode(data)
        // Excel's `sep=;` first line names the delimiter.
        let (body, chosen) = delimited(text)
        var records = parse(body, delimiter: chosen)
        records.removeAll { $0.allSatisfy(\.isEmpty) }
        guard let first = records.first else { throw ReadError("{0} has no header line") }
        guard hasHeader else {
            let columns = records.map(\.count).max() ?? first.count
            return CSVTable(encoding: encoding, delimiter: chosen, header: (1...max(1, columns)).map(String.init), rows: records)
        }
        return CSVTable(encoding: encoding, delimiter: chosen, header: first, rows: Array(records.dropFirst()))
    }

    /// The same reading in parts (a header, then parts of about `partSize` bytes that each
    /// begin a record), for an import to check a part at a time: the file's rows are never
    /// all held, only its text. Blank records are left out of each part, as `read` leaves them.
    public static func parts(_ data: Data, partSize: Int = 1 << 19) throws(ReadError) -> CSVParts {
        guard !data.isEmpty else { throw ReadError("{0} is empty") }
        let (text, encoding) = try decode(data)
        let (body, delimiter) = delimited(text)
        guard let separator = delimiter.asciiValue else {
            // Not a delimiter of one byte: read whole, one part, as `parse` reads it.
            let records = parse(body, delimiter: delimiter).filter { !$0.allSatisfy(\.isEmpty) }
            guard let header = records.first else { throw ReadError("{0} has no header line") }
            return CSVParts(encoding: encoding, delimiter: delimiter, header: header, rows: Array(records.dropFirst()))
        }
        var bytes = body.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(body.utf8)
        bytes.append(0) // the sentinel `records` looks one byte ahead at
        let end = bytes.count - 1
        // Record by record: the header is the first that is not blank; a part is cut at the
        // first record past its size; every record after the header is counted.
        var header: [String]?, start = 0, cuts: [Int] = [], counted = 0
        while start < end {
            let next = recordStart(bytes, from: start, atOrAfter: start + 1, end: end, separator: separator) ?? end
            if header == nil {
                if let record = records(bytes, from: start, to: next, separator: separator).first, !record.allSatisfy(\.isEmpty) {
                    header = record
                    cuts = [next]
                }
            } else {
                if !blank(bytes, start..<next, separator: separator) { counted += 1 }
                if next - cuts[cuts.count - 1] >= partSize && next < end { cuts.append(next) }
            }
            start = next
        }
        guard let header else { throw ReadError("{0} has no header line") }
        cuts.append(end)
        let parts = (0..<cuts.count - 1).map { cuts[$0]..<cuts[$0 + 1] }.filter { !$0.isEmpty }
        return CSVParts(encoding: encoding, delimiter: delimiter, header: header, text: bytes, separator: separator, parts: parts, counted: counted)
    }

    /// Whether the record at `range` is blank (every field empty), as `read` leaves such out:
    /// by its bytes when it is only separators and line ends, else by parsing it.
    static func blank(_ bytes: [UInt8], _ range: Range<Int>, separator: UInt8) -> Bool {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var quoted = false
        for i in range {
            let c = bytes[i]
            if c == quote { quoted = true; break }
            if c != separator && c != cr && c != lf { return false }
        }
        guard quoted else { return true }
        return records(bytes, from: range.lowerBound, to: range.upperBound, separator: separator).allSatisfy { $0.allSatisfy(\.isEmpty) }
    }

    /// The text after Excel's `sep=;` line, and the delimiter it names or the text shows.
    static func delimited(_ text: String) -> (Substring, Character) {
        var body = Substring(text)
        var delimiter: Character?
        if body.prefix(4).lowercased() == "sep=", let end = body.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let spec = body[body.index(body.startIndex, offsetBy: 4)..<end]
            delimiter = spec.first
            body = body[body.index(after: end)...]
        }
        return (body, delimiter ?? detectDelimiter(body))
    }

    /// BOM, UTF-16 by its zero bytes, strict UTF-8, else Windows-1252 or CP850 by which gives
    /// more Finnish letters.
    static func decode(_ data: Data) throws(ReadError) -> (String, String) {
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(data: data.dropFirst(3), encoding: .utf8) else { throw ReadError("{0} says UTF-8 but is not") }
            return (text, "utf-8-bom")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            guard let text = String(data: data.dropFirst(2), encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw ReadError("{0} says UTF-16 but is not")
            }
            return (text, little ? "utf-16le" : "utf-16be")
        }
        let sample = data.prefix(4096)
        let zeros = sample.enumerated().filter { $0.element == 0 }
        if !sample.isEmpty && zeros.count * 5 >= sample.count * 2 {
            // UTF-16 without a BOM: ASCII letters leave every other byte zero, always the same one.
            let odd = zeros.filter { $0.offset % 2 == 1 }.count
            let little = odd * 10 >= zeros.count * 9, big = (zeros.count - odd) * 10 >= zeros.count * 9
            if little || big, let text = String(data: data, encoding: little ? .utf16LittleEndian : .utf16BigEndian), Self.looksLikeText(text) {
                return (text, little ? "utf-16le" : "utf-16be")
            }
        }
        if zeros.count > 0 { throw ReadError("{0} is not a text file (it has zero bytes)") }
        if let text = String(data: data, encoding: .utf8) { return (text, "utf-8") }
        // Decided from the whole file: UTF-8 with a few damaged bytes stays UTF-8 (the damaged
        // cells read as U+FFFD, which the import flags by row), never everyone's ä read as Ã¤.
        let (valid, invalid) = utf8Evidence(data)
        if valid > 0 && valid >= 2 * invalid {
            return (String(decoding: data, as: UTF8.self), "utf-8")
        }
        let cp1252 = String(decoding: data.map { $0 }, as: Windows1252.self)
        let cp850 = String(data.map { CP850.character($0) })
        func finnish(_ s: String) -> Int { s.filter { "äöåÄÖÅéü".contains($0) }.count }
        return finnish(cp850) > finnish(cp1252) ? (cp850, "cp850") : (cp1252, "cp1252")
    }

    /// How many well-formed UTF-8 sequences of two or more bytes the file has, and how many
    /// bytes that no UTF-8 sequence explains. Text in Windows-1252 or CP850 almost never forms
    /// a valid sequence (an ä, 0xE4, is not followed by two continuation bytes).
    static func utf8Evidence(_ data: Data) -> (valid: Int, invalid: Int) {
        var valid = 0, invalid = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                let length = c >= 0xC2 && c <= 0xDF ? 2 : (c >= 0xE0 && c <= 0xEF ? 3 : (c >= 0xF0 && c <= 0xF4 ? 4 : 0))
                guard length > 0, i + length <= b.count, (1..<length).allSatisfy({ b[i + $0] & 0xC0 == 0x80 }) else {
                    invalid += 1
                    i += 1
                    continue
                }
                valid += 1
                i += length
            }
        }
        return (valid, invalid)
    }

    /// No control characters but tab and line breaks in the first few thousand characters.
    static func looksLikeText(_ text: String) -> Bool {
        !text.unicodeScalars.prefix(4096).contains { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }
    }

    /// The candidate that splits the first records into the same number of fields (more than one),
    /// the header agreeing.
    static func detectDelimiter(_ text: Substring) -> Character {
        let sample = text.prefix(65_536)
        var best: (Character, Int) = (",", -1)
        for candidate: Character in [";", ",", "\t", "|"] {
            let records = parse(sample, delimiter: candidate).prefix(30).filter { !$0.allSatisfy(\.isEmpty) }
            guard let header = records.first, header.count > 1 else { continue }
            let consistent = records.filter { $0.count == header.count }.count
            let score = consistent * 1000 + header.count
            if score > best.1 { best = (candidate, score) }
        }
        return best.0
    }

    /// RFC 4180 with the real world's line endings: quoted fields may hold delimiters, doubled
    /// quotes and line breaks (kept as written). Works on the UTF-8 bytes: every character that
    /// matters is ASCII, and bytes are many times faster than grapheme clusters. A large file
    /// is cut at record boundaries and its parts parsed on every core.
    static func parse(_ text: Substring, delimiter: Character) -> [[String]] {
        guard let separator = delimiter.asciiValue else { return [[String(text)]] }
        // Copied in one go from contiguous storage (a byte-by-byte walk took a tenth of an import's reading).
        var bytes = text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
        bytes.append(0) // a sentinel, so looking one byte ahead never runs off the end
        let end = bytes.count - 1
        let parts = max(1, min(8, end / (1 << 20)))
        guard parts > 1 else { return records(bytes, from: 0, to: end, separator: separator) }
        var cuts = [0]
        for part in 1..<parts {
            if let cut = recordStart(bytes, from: cuts[cuts.count - 1], atOrAfter: end * part / parts, end: end, separator: separator) { cuts.append(cut) }
        }
        cuts.append(end)
        let ranges = (0..<cuts.count - 1).map { (cuts[$0], cuts[$0 + 1]) }
        let all = bytes
        return ParallelMap.map(count: ranges.count, chunk: 1) { records(all, from: ranges[$0].0, to: ranges[$0].1, separator: separator) }
            .flatMap { $0 }
    }

    /// Where the first record beginning at or after `target` starts, read from `start` (a
    /// record's start) with the parser's own rules for quotes; nil when none does.
    static func recordStart(_ bytes: [UInt8], from start: Int, atOrAfter target: Int, end: Int, separator: UInt8) -> Int? {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var quoted = false, atFieldStart = true, i = start
        while i < end {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == quote {
                    if bytes[i] == quote, i < end { i += 1 } else { quoted = false }
                }
                continue
            }
            if c == quote && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if c == separator {
                atFieldStart = true
            } else if c == lf || c == cr {
                if c == cr && bytes[i] == lf && i < end { i += 1 }
                atFieldStart = true
                if i >= target { return i < end ? i : nil }
            } else {
                atFieldStart = false
            }
        }
        return nil
    }

    /// The records of `bytes[from..<to]`, which begins a record.
    static func records(_ bytes: [UInt8], from: Int, to end: Int, separator: UInt8) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var atFieldStart = true
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var i = from
        func take() -> String {
            defer { field.removeAll(keepingCapacity: true) }
            return String(decoding: field, as: UTF8.self)
        }
        while i < end {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == quote {
                    if bytes[i] == quote, i < end { field.append(quote); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
                continue
            }
            if c == quote && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if c == separator {
                record.append(take())
                atFieldStart = true
            } else if c == lf || c == cr {
                if c == cr && bytes[i] == lf && i < end { i += 1 }
                record.append(take())
                records.append(record)
                record = []
                atFieldStart = true
            } else {
                field.append(c)
                atFieldStart = false
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(take())
            records.append(record)
        }
        return records
    }
}

/// Windows-1252 bytes as Unicode (the undefined bytes map to themselves).
enum Windows1252: Unicode.Encoding {
    typealias CodeUnit = UInt8
    typealias EncodedScalar = CollectionOfOne<UInt8>
    static var encodedReplacementCharacter: EncodedScalar { CollectionOfOne(0x3F) }
    static func decode(_ content: EncodedScalar) -> Unicode.Scalar {
        let b = content.first!
        if let c = WinAnsi.upper[b] { return c.unicodeScalars.first! }
        return Unicode.Scalar(b)
    }
    static func encode(_ content: Unicode.Scalar) -> EncodedScalar? {
        content.value < 0x100 ? CollectionOfOne(UInt8(content.value)) : nil
    }
    struct Parser: Unicode.Parser {
        typealias Encoding = Windows1252
        init() {}
        mutating func parseScalar<I: IteratorProtocol>(from input: inout I) -> Unicode.ParseResult<EncodedScalar> where I.Element == UInt8 {
            guard let b = input.next() else { return .emptyInput }
            return .valid(CollectionOfOne(b))
        }
    }
    typealias ForwardParser = Parser
    typealias ReverseParser = Parser
}

/// DOS code page 850, still written by old Windows programs in Finland.
enum CP850 {
    static let upper = Array("ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{AD}±‗¾¶§÷¸°¨·¹³²■\u{A0}")
    static func character(_ b: UInt8) -> Character {
        b < 0x80 ? Character(Unicode.Scalar(b)) : upper[Int(b) - 0x80]
    }
}
