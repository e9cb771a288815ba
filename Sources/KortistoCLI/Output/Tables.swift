import KortistoApp
import KortistoCore
import KortistoExchange
import Foundation
import TUIKit

/// Plain-text tables aligned by display width (names with ä, ö and wide characters line up).
enum Table {
    static func render(header: [String], rows: [[String]], maxWidths: [Int]? = nil) -> String {
        let widths = widths(header: header, rows: rows, maxWidths: maxWidths)
        var out = line(header, widths: widths)
        for row in rows { out += line(row, widths: widths) }
        return out
    }

    /// Each column as wide as its widest cell, at most `maxWidths`.
    static func widths(header: [String], rows: [[String]], maxWidths: [Int]?) -> [Int] {
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        if let maxWidths { widths = zip(widths, maxWidths).map { min($0, $1) } }
        return widths
    }

    /// One line, its cells fitted to `widths`, without trailing spaces, with its line break.
    static func line(_ cells: [String], widths: [Int]) -> String {
        var bytes = Array(cells.enumerated().map { DisplayWidth.fit($1, widths[$0]) }.joined(separator: "  ").utf8)
        while bytes.last == 0x20 { bytes.removeLast() }
        bytes.append(0x0A)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// How every `... list [--format table|json]` command answers: the JSON array on stdout (empty
/// included, for scripts), else a note on stderr when there is nothing, else the table.
struct Listing<Item> {
    var header: [String]
    var maxWidths: [Int]? = nil
    var json: (Item) -> JSON
    var row: (Item) -> [String]

    /// CSV columns and cells (ISO dates, plain numbers), for listings that offer `--format csv`.
    var csv: (header: [String], row: (Item) -> [String])? = nil

    /// As `format` says: `json`, `csv` (the header even when empty) or a table.
    func write(_ items: [Item], format: String, empty: String, _ context: Context) {
        if format == "csv", let csv {
            context.stdout.write(CSVWriter.row(csv.header, .plain) + items.map { CSVWriter.row(csv.row($0), .plain) }.joined())
        } else {
            write(items, asJSON: format == "json", empty: empty, context)
        }
    }

    func write(_ items: [Item], asJSON: Bool, empty: String, _ context: Context) {
        if asJSON {
            context.stdout.line(JSON.array(items.map(json)).rendered())
        } else if items.isEmpty {
            context.stderr.line(empty)
        } else {
            context.stdout.write(Table.render(header: header, rows: items.map(row), maxWidths: maxWidths))
        }
    }
}
