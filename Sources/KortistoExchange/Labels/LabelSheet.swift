import Foundation
import KortistoCore

/// One label: whose it is (for reports) and the address lines.
public struct LabelEntry: Sendable, Equatable {
    public var number: Int64
    public var name: String
    public var lines: [String]

    public init(number: Int64, name: String, lines: [String]) {
        self.number = number
        self.name = name
        self.lines = lines
    }

    public init(_ customer: Customer) {
        self.init(number: customer.number, name: customer.fullName, lines: LabelRules.addressLines(customer))
    }
}

/// What writing a sheet did: counts, and the customers whose text had to change.
public struct LabelOutcome: Sendable, Equatable {
    public var labels = 0
    public var pages = 0
    /// Customers whose letters WinAnsi lacks (transliterated, e.g. ł -> l).
    public var transliterated: [String] = []
    /// Customers whose address did not fit even at 8 pt (cut with …).
    public var overflowed: [String] = []

    public init() {}
}

/// Lays labels out on a template's sheets and writes them as PDF, plain text or CSV.
public enum LabelSheet {
    public static let largestFont = 10.0
    public static let smallestFont = 8.0
    static let pointsPerMM = 72.0 / 25.4

    /// The font size that fits every line (10 pt down to 8 pt), and the lines as drawn.
    static func fit(_ lines: [[UInt8]], width: Double, height: Double) -> (size: Double, lines: [[UInt8]], overflowed: Bool) {
        // Measured once; every size is a scale of the widest line.
        let widest = Double(lines.map(WinAnsi.units).max() ?? 0)
        var size = largestFont
        while size >= smallestFont {
            if widest * size / 1000 <= width && Double(lines.count) * size * 1.2 <= height { return (size, lines, false) }
            size -= 0.5
        }
        // Still too big at 8 pt: cut long lines with … and drop lines that do not fit.
        size = smallestFont
        let capacity = max(1, Int(height / (size * 1.2)))
        var cut = Array(lines.prefix(capacity))
        for index in cut.indices where WinAnsi.width(cut[index], size: size) > width {
            var line = cut[index]
            while !line.isEmpty && WinAnsi.width(line + [0x85], size: size) > width { line.removeLast() }
            cut[index] = line + [0x85]
        }
        return (size, cut, true)
    }

    /// Writes the labels to a PDF whose page is exactly the sheet. `skip` leaves the first labels
    /// of the first sheet empty (a half-used sheet); `offset` (mm) corrects a printer's shift.
    public static func writePDF(_ entries: some Sequence<LabelEntry>, template: LabelTemplate, skip: Int = 0,
                                offsetMM: (x: Double, y: Double) = (0, 0), to path: String, replace: Bool = false) throws -> LabelOutcome {
        let k = pointsPerMM
        let pageHeight = template.page.heightMM * k
        let writer = try PDFWriter(path: path, pageWidth: template.page.widthMM * k, pageHeight: pageHeight, replace: replace)
        let insets = template.insets
        let innerWidth = (template.label.widthMM - insets.left - insets.right) * k
        let innerHeight = (template.label.heightMM - insets.top - insets.bottom) * k
        var outcome = LabelOutcome()
        var slot = skip
        var pageOpen = false
        for entry in entries {
            if slot > 0 && slot % template.labelsPerSheet == 0 && pageOpen {
                writer.endPage()
                outcome.pages += 1
                pageOpen = false
            }
            pageOpen = true
            var changed = false
            let encoded = entry.lines.map { line -> [UInt8] in
                let (bytes, c) = WinAnsi.encode(line)
                changed = changed || c
                return bytes
            }
            if changed { outcome.transliterated.append(entry.name) }
            let (size, lines, overflowed) = fit(encoded, width: innerWidth, height: innerHeight)
            if overflowed { outcome.overflowed.append(entry.name) }
            let origin = template.origin(of: slot)
            let x = (origin.x + insets.left + offsetMM.x) * k
            for (index, line) in lines.enumerated() {
                // Baselines from the label's top inset down, ascent ≈ 0.8 em.
                let top = (origin.y + insets.top + offsetMM.y) * k + size * 0.8 + Double(index) * size * 1.2
                writer.text(line, x: x, y: pageHeight - top, size: size)
            }
            outcome.labels += 1
            slot += 1
        }
        if pageOpen {
            writer.endPage()
            outcome.pages += 1
        }
        try writer.finish()
        return outcome
    }

    /// One address block per label, blank lines between (for checking or other printing).
    public static func text(_ entries: [LabelEntry]) -> String {
        entries.map { $0.lines.joined(separator: "\n") }.joined(separator: "\n\n") + (entries.isEmpty ? "" : "\n")
    }

    /// CSV for mail merge: UTF-8 with BOM, `;` and CRLF as Finnish Excel expects; cells a
    /// spreadsheet would run as formulas are neutralised.
    public static func csv(_ entries: [LabelEntry]) -> String {
        func cell(_ raw: String) -> String {
            var value = raw
            if let first = value.first, "=+-@".contains(first), !(first == "+" || first == "-") || !(value.dropFirst().first?.isNumber ?? false) {
                value = "'" + value
            }
            return value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        var out = "\u{FEFF}number;line1;line2;line3;line4;line5\r\n"
        for entry in entries {
            let lines = entry.lines + Array(repeating: "", count: max(0, 5 - entry.lines.count))
            out += ([String(entry.number)] + lines.prefix(5)).map(cell).joined(separator: ";") + "\r\n"
        }
        return out
    }
}
