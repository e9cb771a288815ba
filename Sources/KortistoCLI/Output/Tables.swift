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
