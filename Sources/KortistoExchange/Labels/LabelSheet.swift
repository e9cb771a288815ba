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
}

/// What writing a sheet did: counts, and the customers whose text had to change.
public struct LabelOutcome: Sendable, Equatable {
    public var labels = 0
    public var pages = 0
    /// Customers whose letters the font lacks (transliterated, e.g. ł -> l; with an embedded
    /// font, only letters even it lacks).
    public var transliterated: [String] = []
    /// Customers whose address did not fit even at 8 pt (cut with …).
    public var overflowed: [String] = []
    /// The TrueType font embedded for text outside WinAnsi, if one was.
    public var embeddedFont: String?

    public init() {}
}

/// Lays labels out on a template's sheets and writes them as PDF, plain text or CSV.
public enum LabelSheet {
    public static let largestFont = 10.0
    public static let smallestFont = 8.0
    static let pointsPerMM = 72.0 / 25.4

    /// A line ready to draw: WinAnsi bytes for Helvetica, or glyphs of an embedded font.
    enum DrawnLine: Sendable {
        case winAnsi([UInt8])
        case glyphs([UInt16], characters: [UInt32])
    }

    /// How text is measured and encoded: Helvetica in WinAnsi, or an embedded TrueType font.
    struct Typeface: Sendable {
        let font: TrueTypeFont?

        /// The line as drawn, and whether letters had to be replaced.
        func encode(_ text: String) -> (DrawnLine, changed: Bool) {
            guard let font else {
                let (bytes, changed) = WinAnsi.encode(text)
                return (.winAnsi(bytes), changed)
            }
            var glyphs: [UInt16] = [], characters: [UInt32] = [], changed = false
            for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
                if let g = font.glyphs(String(scalar))?.first {
                    glyphs.append(g); characters.append(scalar.value)
                } else {
                    changed = true
                    let q = font.glyphs("?")?.first ?? 0
                    glyphs.append(q); characters.append(0x3F)
                }
            }
            return (.glyphs(glyphs, characters: characters), changed)
        }

        func units(_ line: DrawnLine) -> Int {
            switch line {
            case let .winAnsi(bytes): WinAnsi.units(bytes)
            case let .glyphs(glyphs, _): font?.units(glyphs) ?? 0
            }
        }

        /// The line shortened to `width` points at `size`, ending in an ellipsis.
        func cut(_ line: DrawnLine, width: Double, size: Double) -> DrawnLine {
            switch line {
            case var .winAnsi(bytes):
                while !bytes.isEmpty && WinAnsi.width(bytes + [0x85], size: size) > width { bytes.removeLast() }
                return .winAnsi(bytes + [0x85])
            case .glyphs(var glyphs, var characters):
                guard let font, let ellipsis = font.glyphs("…")?.first else { return line }
                while !glyphs.isEmpty && Double(font.units(glyphs + [ellipsis])) * size / 1000 > width {
                    glyphs.removeLast(); characters.removeLast()
                }
                return .glyphs(glyphs + [ellipsis], characters: characters + [0x2026])
            }
        }
    }

    /// The font size that fits every line (10 pt down to 8 pt), and the lines as drawn.
    static func fit(_ lines: [DrawnLine], typeface: Typeface, width: Double, height: Double) -> (size: Double, lines: [DrawnLine], overflowed: Bool) {
        // Measured once; every size is a scale of the widest line.
        let measured = lines.map(typeface.units)
        let widest = Double(measured.max() ?? 0)
        var size = largestFont
        while size >= smallestFont {
            if widest * size / 1000 <= width && Double(lines.count) * size * 1.2 <= height { return (size, lines, false) }
            size -= 0.5
        }
        // Still too big at 8 pt: cut long lines with … and drop lines that do not fit.
        size = smallestFont
        let capacity = max(1, Int(height / (size * 1.2)))
        var cut = Array(lines.prefix(capacity))
        for index in cut.indices where Double(measured[index]) * size / 1000 > width {
            cut[index] = typeface.cut(cut[index], width: width, size: size)
        }
        return (size, cut, true)
    }

    /// Labels handed over one at a time: the source calls `each` for every label in the sheet's
    /// order. It may be run more than once (a sheet that needs an embedded font is laid out again).
    public typealias Source = (_ each: (LabelEntry) throws -> Void) throws -> Void

    /// Writes the labels to a PDF whose page is exactly the sheet. `skip` leaves the first labels
    /// of the first sheet empty (a half-used sheet); `offset` (mm) corrects a printer's shift.
    /// Text outside WinAnsi is drawn with the TrueType font at `fontPath` (embedded) when given,
    /// else transliterated; either way the customers whose letters changed are reported.
    public static func writePDF(_ entries: [LabelEntry], template: LabelTemplate, skip: Int = 0,
                                offsetMM: (x: Double, y: Double) = (0, 0), to path: String, replace: Bool = false,
                                fontPath: String? = nil, beforeNaming: () throws -> Void = {}) throws -> LabelOutcome {
        try writePDF(labels: { each in for entry in entries { try each(entry) } }, template: template, skip: skip, offsetMM: offsetMM,
                     to: path, replace: replace, fontPath: fontPath, beforeNaming: beforeNaming)
    }

    /// The same, with the labels streamed from `source`: memory stays flat however many there are.
    /// Helvetica first (it keeps ordinary sheets small); the first letter it lacks, when a font is
    /// at hand, starts the sheet again with that font embedded, so every label of a sheet has the
    /// same typeface.
    public static func writePDF(labels source: Source, template: LabelTemplate, skip: Int = 0,
                                offsetMM: (x: Double, y: Double) = (0, 0), to path: String, replace: Bool = false,
                                fontPath: String? = nil, beforeNaming: () throws -> Void = {}) throws -> LabelOutcome {
        let sheet = SheetGeometry(template: template, skip: skip, offsetMM: offsetMM)
        guard let fontPath else {
            return try sheet.write(source, typeface: Typeface(font: nil), to: path, replace: replace, beforeNaming: beforeNaming)
        }
        do {
            return try sheet.write(source, typeface: Typeface(font: nil), stopWhenLacking: true, to: path, replace: replace, beforeNaming: beforeNaming)
        } catch is LacksLetters {
            let font = try TrueTypeFont(path: fontPath)
            return try sheet.write(source, typeface: Typeface(font: font), to: path, replace: replace, beforeNaming: beforeNaming)
        }
    }

    /// Helvetica lacks a letter of the sheet: lay it out again with the embedded font.
    private struct LacksLetters: Error {}

    /// Where each label goes on a template's sheets.
    private struct SheetGeometry: Sendable {
        let template: LabelTemplate
        let skip: Int
        let offsetMM: (x: Double, y: Double)

        func write(_ source: Source, typeface: Typeface, stopWhenLacking: Bool = false, to path: String, replace: Bool,
                   beforeNaming: () throws -> Void) throws -> LabelOutcome {
            let k = pointsPerMM
            let pageHeight = template.page.heightMM * k
            let writer = try PDFWriter(path: path, pageWidth: template.page.widthMM * k, pageHeight: pageHeight, replace: replace, font: typeface.font)
            let insets = template.insets
            let innerWidth = (template.label.widthMM - insets.left - insets.right) * k
            let innerHeight = (template.label.heightMM - insets.top - insets.bottom) * k
            var outcome = LabelOutcome()
            // The labels are gathered a few sheets at a time and laid out on the other cores,
            // the pages written here in order (with the rows weighed on them too, a sheet of
            // 100k people: 0.72 -> 0.53 -> 0.48 s).
            var gathered: [LabelEntry] = [], slot = skip
            let batch = template.labelsPerSheet * Self.pagesAtOnce
            try SlicePipeline.run(ahead: 2, deliver: { (laid: LaidPages) in
                for page in laid.pages { writer.page(page) }
                outcome.pages += laid.pages.count
                outcome.labels += laid.labels
                outcome.transliterated += laid.transliterated
                outcome.overflowed += laid.overflowed
            }) { handOver in
                // Called only while `source` runs (a parameter, so the compiler cannot see it).
                try withoutActuallyEscaping(handOver) { handOver in
                    func layOut() throws {
                        // The batch begins where its first label goes.
                        let entries = gathered, start = slot - gathered.count
                        gathered = []
                        try handOver {
                            try self.layOut(entries, from: start, typeface: typeface, stopWhenLacking: stopWhenLacking, pageHeight: pageHeight,
                                            inner: (innerWidth, innerHeight))
                        }
                    }
                    try source { entry in
                        gathered.append(entry)
                        slot += 1
                        // A batch ends with a sheet, so that each is laid out on pages of its own.
                        if slot % batch == 0 { try layOut() }
                    }
                    if !gathered.isEmpty { try layOut() }
                }
            }
            try writer.finish(beforeNaming: beforeNaming)
            outcome.embeddedFont = typeface.font?.name
            return outcome
        }

        /// How many sheets of labels are laid out at once.
        static let pagesAtOnce = 8

        /// Lays `entries` out from `slot` on (a batch begins a page), one page after another.
        func layOut(_ entries: [LabelEntry], from slot: Int, typeface: Typeface, stopWhenLacking: Bool, pageHeight: Double,
                    inner: (width: Double, height: Double)) throws -> LaidPages {
            let k = pointsPerMM, insets = template.insets
            var laid = LaidPages(), page = PDFPage(), slot = slot, pageOpen = false
            for entry in entries {
                if slot % template.labelsPerSheet == 0 && pageOpen {
                    laid.pages.append(page)
                    page = PDFPage()
                }
                pageOpen = true
                var changed = false
                let encoded = entry.lines.map { line -> DrawnLine in
                    let (drawn, c) = typeface.encode(line)
                    changed = changed || c
                    return drawn
                }
                if changed {
                    if stopWhenLacking { throw LacksLetters() }
                    laid.transliterated.append(entry.name)
                }
                let (size, lines, overflowed) = fit(encoded, typeface: typeface, width: inner.width, height: inner.height)
                if overflowed { laid.overflowed.append(entry.name) }
                let origin = template.origin(of: slot)
                let x = (origin.x + insets.left + offsetMM.x) * k
                for (index, line) in lines.enumerated() {
                    // Baselines from the label's top inset down, ascent ≈ 0.8 em.
                    let y = pageHeight - ((origin.y + insets.top + offsetMM.y) * k + size * 0.8 + Double(index) * size * 1.2)
                    page.text(line, x: x, y: y, size: size)
                }
                laid.labels += 1
                slot += 1
            }
            if pageOpen { laid.pages.append(page) }
            return laid
        }
    }

    /// Pages laid out from a run of labels, and what laying them out did.
    private struct LaidPages: Sendable {
        var pages: [PDFPage] = []
        var labels = 0
        var transliterated: [String] = []
        var overflowed: [String] = []
    }

    /// The TrueType font for text outside WinAnsi: `KORTISTO_LABEL_FONT`, else DejaVu Sans when installed.
    public static func defaultFontPath(environment: [String: String]) -> String? {
        TrueTypeFont.defaultPath(environment: environment)
    }

    /// One address block per label, blank lines between (for checking or other printing).
    public static func text(_ entries: [LabelEntry]) -> String {
        entries.enumerated().map { textBlock($0.element, first: $0.offset == 0) }.joined() + (entries.isEmpty ? "" : "\n")
    }

    /// One label of `text`, written as it comes: the blank line before it unless it is the
    /// first; after the last, a newline.
    public static func textBlock(_ entry: LabelEntry, first: Bool) -> String {
        (first ? "" : "\n\n") + entry.lines.joined(separator: "\n")
    }

    /// CSV for mail merge: UTF-8 with BOM, `;` and CRLF as Finnish Excel expects; cells a
    /// spreadsheet would run as formulas are neutralised.
    public static func csv(_ entries: [LabelEntry]) -> String {
        csvHeader + entries.map(csvRow).joined()
    }

    /// `csv`'s first line, with the byte-order mark.
    public static let csvHeader = CSVWriter.document([["number", "line1", "line2", "line3", "line4", "line5"]], .excel)

    /// One label of `csv`.
    public static func csvRow(_ entry: LabelEntry) -> String {
        CSVWriter.row([String(entry.number)] + (entry.lines + Array(repeating: "", count: max(0, 5 - entry.lines.count))).prefix(5), .excel)
    }
}
