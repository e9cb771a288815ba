import Foundation

/// Content lines shared by vCard and iCalendar: escaping, CRLF, folding at 75 octets
/// without splitting a UTF-8 sequence.
public enum ContentLines {
    /// Escapes a text value: backslash, comma, semicolon, newline.
    static func escape(_ text: String) -> String {
        // Most values have nothing to escape: say so from the bytes.
        var scanned = text
        let plain = scanned.withUTF8 { bytes in !bytes.contains { $0 == 0x5C || $0 == 0x2C || $0 == 0x3B || $0 == 0x0A || $0 == 0x0D } }
        guard !plain else { return text }
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
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
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(bytes.count, start + limit)
            // Back up to a character boundary (never between a lead byte and its continuations).
            while end < bytes.count && end > start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if !out.isEmpty { out += [0x0D, 0x0A, 0x20] }
            out += bytes[start..<end]
            start = end
            limit = 74
        }
        return String(decoding: out, as: UTF8.self) + "\r\n"
    }
}
