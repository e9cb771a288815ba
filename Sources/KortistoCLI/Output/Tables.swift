import KortistoCore
import Foundation

/// Plain-text tables aligned by display width (names with ä, ö and wide characters line up).
enum Table {
    static func render(header: [String], rows: [[String]], maxWidths: [Int]? = nil) -> String {
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        if let maxWidths {
            widths = zip(widths, maxWidths).map { min($0, $1) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { DisplayWidth.fit($1, widths[$0]) }.joined(separator: "  ")
            return String(padded.reversed().drop(while: { $0 == " " }).reversed())
        }
        var out = line(header) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}

/// RFC 4180 CSV: comma, CRLF, quotes doubled. Cells that a spreadsheet would run as a
/// formula (`=`, `@`, or `+`/`-` not followed by a digit) get a leading apostrophe.
enum CSV {
    static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ raw: String) -> String {
        var value = raw
        if let first = value.first {
            let second = value.dropFirst().first
            if first == "=" || first == "@" || ((first == "+" || first == "-") && !(second?.isNumber ?? false)) {
                value = "'" + value
            }
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
