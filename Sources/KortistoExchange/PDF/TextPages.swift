import Foundation

/// Plain lines of text set on A4 pages, for lists that are printed and signed (an event's
/// participant list). Helvetica, or the embedded font when a line needs letters outside
/// WinAnsi; lines too long for the page are cut with …; every page is numbered.
public enum TextPages {
    static let pageWidth = 595.28, pageHeight = 841.89, margin = 56.7 // A4, 20 mm
    static let titleSize = 14.0, bodySize = 10.5, leading = 1.35

    /// Writes `lines` under `title` to `path` (mode 0600; replaced only with `replace`).
    /// Returns the number of pages.
    @discardableResult
    public static func writePDF(title: String, lines: [String], to path: String, replace: Bool = false, fontPath: String? = nil) throws -> Int {
        let needsUnicode = ([title] + lines).contains { WinAnsi.encode($0).changed }
        let font = try needsUnicode ? fontPath.map { try TrueTypeFont(path: $0) } : nil
        let typeface = LabelSheet.Typeface(font: font)
        let writer = try PDFWriter(path: path, pageWidth: pageWidth, pageHeight: pageHeight, replace: replace, font: font)
        let width = pageWidth - 2 * margin
        let bodyTop = pageHeight - margin - titleSize * leading * 2
        let perPage = max(1, Int((bodyTop - margin - bodySize * leading * 2) / (bodySize * leading)))
        let pages = max(1, (lines.count + perPage - 1) / perPage)
        for number in 0..<pages {
            var page = PDFPage()
            func draw(_ text: String, y: Double, size: Double) {
                var (line, _) = typeface.encode(text)
                if Double(typeface.units(line)) * size / 1000 > width { line = typeface.cut(line, width: width, size: size) }
                page.text(line, x: margin, y: y, size: size)
            }
            draw(title, y: pageHeight - margin - titleSize, size: titleSize)
            for (row, line) in lines.dropFirst(number * perPage).prefix(perPage).enumerated() {
                draw(line, y: bodyTop - Double(row) * bodySize * leading, size: bodySize)
            }
            draw("\(number + 1) / \(pages)", y: margin - bodySize, size: bodySize - 2)
            writer.page(page)
        }
        try writer.finish()
        return pages
    }
}
