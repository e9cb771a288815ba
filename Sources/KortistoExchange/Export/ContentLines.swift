import Foundation

/// Content lines shared by vCard and iCalendar: escaping, CRLF, folding at 75 octets
/// without splitting a UTF-8 sequence.
public enum ContentLines {
    /// Escapes a text value: backslash, comma, semicolon, newline (`Writer.escaped`).
    static func escape(_ text: String) -> String {
        // Most values have nothing to escape: say so from the bytes.
        var scanned = text
        let plain = scanned.withUTF8 { bytes in !bytes.contains(where: needsEscape) }
        guard !plain else { return text }
        var lines = Writer()
        lines.escaped(text)
        return String(decoding: lines.bytes, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x5C || byte == 0x2C || byte == 0x3B || byte == 0x0A || byte == 0x0D
    }

    /// Appends one property line, folded, to `out`.
    public static func append(_ line: String, to out: inout String) {
        if line.utf8.count <= 75 {
            out += line
            out += "\r\n"
        } else {
            out += fold(line)
        }
    }

    /// One property line, folded: continuation lines start with a space; 75 octets at most each.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line + "\r\n" }
        var lines = Writer()
        lines.text(line)
        lines.endLine()
        return String(decoding: lines.bytes, as: UTF8.self)
    }

    /// Property lines written as bytes: a line's pieces appended (`text`, `escaped`), then
    /// `endLine` folds it and ends it with CRLF. An export writes a million cards; built from
    /// pieces of strings they cost half of its processor time.
    public struct Writer {
        public private(set) var bytes: [UInt8]
        /// Where the line being written starts.
        private var lineStart: Int

        public init(bytes: [UInt8] = []) {
            self.bytes = bytes
            lineStart = bytes.count
        }

        public mutating func byte(_ byte: UInt8) {
            bytes.append(byte)
        }

        public mutating func text(_ text: String) {
            // The string's own bytes copied at once (appended as a sequence, byte by byte).
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        /// A text value escaped: `\\`, `\,`, `\;`, and each line break (CRLF, CR or LF) `\n`.
        public mutating func escaped(_ text: String) {
            var value = text
            value.withUTF8 { source in
                guard source.contains(where: ContentLines.needsEscape) else { return bytes.append(contentsOf: source) }
                var i = 0
                while i < source.count {
                    let byte = source[i]
                    switch byte {
                    case 0x5C, 0x2C, 0x3B: bytes.append(0x5C); bytes.append(byte)
                    case 0x0D, 0x0A:
                        bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                        if byte == 0x0D, i + 1 < source.count, source[i + 1] == 0x0A { i += 1 }
                    default: bytes.append(byte)
                    }
                    i += 1
                }
            }
        }

        /// Ends the line: folded when longer than 75 octets (continuation lines start with a
        /// space and hold 74 more, never splitting a character), then CRLF.
        public mutating func endLine() {
            if bytes.count - lineStart > 75 {
                let line = Array(bytes[lineStart...])
                bytes.removeSubrange(lineStart...)
                var start = 0
                var limit = 75
                while start < line.count {
                    var end = min(line.count, start + limit)
                    // Back up to a character boundary (never between a lead byte and its continuations).
                    while end < line.count && end > start && line[end] & 0xC0 == 0x80 { end -= 1 }
                    if start > 0 { bytes += [0x0D, 0x0A, 0x20] }
                    bytes += line[start..<end]
                    start = end
                    limit = 74
                }
            }
            bytes.append(0x0D)
            bytes.append(0x0A)
            lineStart = bytes.count
        }

        /// A whole line.
        public mutating func line(_ text: String) {
            self.text(text)
            endLine()
        }
    }
}
