import Foundation

/// CSV as the two readers Kortisto writes for: Finnish Excel, and programs.
public enum CSVWriter {
    public enum Dialect: Sendable {
        /// UTF-8 with BOM, `;`, CRLF, and an apostrophe before cells a spreadsheet would run as a
        /// formula (`=`, `@`, or `+`/`-` not followed by a digit). Imports undo the apostrophe.
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
        var line = ""
        line.reserveCapacity(cells.reduce(2) { $0 + $1.utf8.count + 1 })
        for (i, value) in cells.enumerated() {
            if i > 0 { line += dialect == .excel ? ";" : "," }
            line += cell(value, dialect)
        }
        return line + "\r\n"
    }

    /// Byte checks on UTF-8: walking Characters costs more than reading the register.
    static func cell(_ raw: String, _ dialect: Dialect) -> String {
        if raw.isEmpty { return raw }
        var value = raw
        let bytes = raw.utf8
        if dialect == .excel, let first = bytes.first, first == 0x3D || first == 0x40 || first == 0x2B || first == 0x2D {
            let signedNumber = (first == 0x2B || first == 0x2D) && bytes.dropFirst().first.map { (0x30...0x39).contains($0) } == true
            if !signedNumber { value = "'" + value }
        }
        let delimiter: UInt8 = dialect == .excel ? 0x3B : 0x2C
        guard bytes.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
