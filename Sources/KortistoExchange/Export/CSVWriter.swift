import Foundation

/// CSV as the two readers Kortisto writes for: Finnish Excel, and programs.
public enum CSVWriter {
    public enum Dialect: Sendable {
        /// UTF-8 with BOM, `;`, CRLF, and an apostrophe before cells a spreadsheet would run as a
        /// formula (`runsAsFormula`). Imports undo the apostrophe.
        case excel
        /// RFC 4180: `,`, CRLF, values as they are.
        case plain
    }

    /// A whole file: the rows, and for Excel the byte-order mark first.
    public static func document(_ rows: [[String]], _ dialect: Dialect) -> String {
        (dialect == .excel ? "\u{FEFF}" : "") + rows.map { row($0, dialect) }.joined()
    }

    /// One line, CRLF-terminated (for writing a long listing as it is read).
    public static func row(_ cells: [String], _ dialect: Dialect) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cells.reduce(2) { $0 + $1.utf8.count + 3 })
        append(cells, dialect, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A line added to `out` as bytes: an export writes a hundred thousand, and building them
    /// from String pieces cost more than reading the register.
    public static func append(_ cells: [String], _ dialect: Dialect, to out: inout [UInt8]) {
        let delimiter: UInt8 = dialect == .excel ? 0x3B : 0x2C
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(delimiter) }
            var value = cell
            value.withUTF8 { appendCell($0, dialect, delimiter: delimiter, to: &out) }
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// One cell as `cell(_:_:)` writes it.
    static func cell(_ raw: String, _ dialect: Dialect) -> String {
        var value = raw, out: [UInt8] = []
        value.withUTF8 { appendCell($0, dialect, delimiter: dialect == .excel ? 0x3B : 0x2C, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a spreadsheet would evaluate the cell (OWASP's CSV injection): it starts with
    /// `=`, `@`, a tab or a carriage return, or with `+` or `-` unless the whole cell is a plain
    /// signed number (a phone `+358 40 123 4567`, an amount `-12,50`). `-2+3+cmd|' /C calc'!A0`
    /// starts with a digit after the sign but is a formula all the same.
    static func runsAsFormula(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        switch first {
        case 0x3D, 0x40, 0x09, 0x0D: return true
        case 0x2B, 0x2D:
            let rest = bytes.dropFirst()
            let plainNumber = !rest.isEmpty && rest.first.map { $0 >= 0x30 && $0 <= 0x39 } == true
                && rest.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 || $0 == 0x2C || $0 == 0x2E }
            return !plainNumber
        default: return false
        }
    }

    /// Quoted when it holds the delimiter, a quote or a line break (quotes doubled); for Excel,
    /// an apostrophe first when a spreadsheet would run it as a formula (`runsAsFormula`).
    private static func appendCell(_ bytes: UnsafeBufferPointer<UInt8>, _ dialect: Dialect, delimiter: UInt8, to out: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        let formula = dialect == .excel && runsAsFormula(bytes)
        var quoted = false
        for byte in bytes where byte == delimiter || byte == 0x22 || byte == 0x0A || byte == 0x0D { quoted = true; break }
        if quoted { out.append(0x22) }
        if formula { out.append(0x27) }
        if quoted {
            for byte in bytes {
                out.append(byte)
                if byte == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        } else {
            out.append(contentsOf: bytes)
        }
    }
}
