import Foundation
import KortistoCore

/// A small PDF 1.4 writer: pages of Helvetica text in WinAnsiEncoding, streamed to a file so
/// memory stays flat however many pages are written. Numbers are formatted by hand (a locale's
/// decimal comma must never reach the file).
final class PDFWriter {
    /// The file, written whole or not at all (PrivateFileWriter); the first failed write is kept
    /// and thrown by `finish`, so a full disk is never reported as a written PDF.
    private let file: PrivateFileWriter
    private var failure: PrivateFileWriter.Failure?
    private var buffer: [UInt8] = []
    private var written = 0
    /// Byte offset of each object, by object number (1-based; 0 unused).
    private var offsets: [Int] = [0]
    private var pageObjects: [Int] = []
    private let pageWidth: Double
    private let pageHeight: Double
    private let pagesObject = 2
    private let fontObject = 3
    /// An embedded TrueType font (Identity-H), or nil for Helvetica in WinAnsi.
    private let font: TrueTypeFont?
    /// Glyphs used, with the character each stands for (widths and ToUnicode).
    private var used: [UInt16: UInt32] = [:]

    /// Creates `path` (mode 0600; it must not exist unless `replace`).
    init(path: String, pageWidth: Double, pageHeight: Double, replace: Bool, font: TrueTypeFont? = nil) throws {
        self.font = font
        file = try PrivateFileWriter(path: path, replace: replace)
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        // Objects 1–3 (catalog, pages, font) are reserved; the pages object is written last.
        offsets = [0, 0, 0, 0]
        emit(Array("%PDF-1.6\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
        // Printed at actual size: a viewer's "fit to page" (Acrobat's default) would move every
        // label off its place on the sheet (PrintScaling is PDF 1.6).
        object(1, "<< /Type /Catalog /Pages 2 0 R /ViewerPreferences << /PrintScaling /None >> >>")
        if font == nil {
            object(fontObject, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        }
    }

    /// A PDF never finished is never kept.
    deinit { file.discard() }

    private func emit(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        written += bytes.count
        if buffer.count >= 1 << 16 { flush() }
    }

    private func emit(_ text: String) { emit(Array(text.utf8)) }

    private func flush() {
        if failure == nil {
            do { try file.write(buffer) } catch { failure = error }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func newObject() -> Int {
        offsets.append(0)
        return offsets.count - 1
    }

    private func object(_ number: Int, _ body: String) {
        offsets[number] = written
        emit("\(number) 0 obj\n\(body)\nendobj\n")
    }

    /// `12.34`, never `12,34` or `1.2e1`.
    static func number(_ value: Double) -> String {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` with at most two decimals, without allocating a String.
    static func append(_ value: Double, to data: inout [UInt8]) {
        var hundredths = Int((value * 100).rounded())
        if hundredths < 0 { data.append(0x2D); hundredths = -hundredths }
        let whole = hundredths / 100
        var divisor = 1
        while divisor * 10 <= whole { divisor *= 10 }
        while divisor > 0 {
            data.append(UInt8(0x30 + (whole / divisor) % 10))
            divisor /= 10
        }
        let fraction = hundredths % 100
        if fraction != 0 {
            data.append(0x2E)
            data.append(UInt8(0x30 + fraction / 10))
            if fraction % 10 != 0 { data.append(UInt8(0x30 + fraction % 10)) }
        }
    }

    private func stream(_ dictionary: String, _ bytes: [UInt8]) -> Int {
        let number = newObject()
        offsets[number] = written
        emit("\(number) 0 obj\n<< \(dictionary) /Length \(bytes.count) >>\nstream\n")
        emit(bytes)
        emit("\nendstream\nendobj\n")
        return number
    }

    /// The embedded font's objects: the subset file, its descriptor, the CID font with the widths of
    /// the glyphs used, and a ToUnicode map so the text can be searched and copied.
    private func writeEmbeddedFont(_ font: TrueTypeFont) {
        let subset = font.subset(Set(used.keys))
        let file = stream("/Length1 \(subset.count)", subset)
        let descriptor = newObject()
        // A subset's name carries a six-letter tag (PDF 32000-1, 9.6.4).
        let subsetName = "KRTSTO+" + font.name
        let scale = { (v: Int) in v * 1000 / font.unitsPerEm }
        object(descriptor, "<< /Type /FontDescriptor /FontName /\(subsetName) /Flags 32 /FontBBox [\(scale(font.bbox.0)) \(scale(font.bbox.1)) "
               + "\(scale(font.bbox.2)) \(scale(font.bbox.3))] /ItalicAngle 0 /Ascent \(scale(font.ascent)) /Descent \(scale(font.descent)) "
               + "/CapHeight \(scale(font.ascent)) /StemV 80 /FontFile2 \(file) 0 R >>")
        let glyphs = used.keys.sorted()
        let widths = glyphs.map { "\($0) [\(font.width($0))]" }.joined(separator: " ")
        let cid = newObject()
        object(cid, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /\(subsetName) /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
               + "/Supplement 0 >> /FontDescriptor \(descriptor) 0 R /W [\(widths)] /CIDToGIDMap /Identity >>")
        var cmap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            + "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        func hex(_ v: Int, _ digits: Int) -> String { let s = String(v, radix: 16, uppercase: true); return String(repeating: "0", count: max(0, digits - s.count)) + s }
        for start in stride(from: 0, to: glyphs.count, by: 100) {
            let chunk = glyphs[start..<min(glyphs.count, start + 100)]
            cmap += "\(chunk.count) beginbfchar\n"
            for glyph in chunk {
                let scalar = Int(used[glyph]!)
                let utf16 = scalar > 0xFFFF
                    ? hex(0xD800 + ((scalar - 0x10000) >> 10), 4) + hex(0xDC00 + ((scalar - 0x10000) & 0x3FF), 4) : hex(scalar, 4)
                cmap += "<\(hex(Int(glyph), 4))> <\(utf16)>\n"
            }
            cmap += "endbfchar\n"
        }
        cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        let toUnicode = stream("", Array(cmap.utf8))
        object(fontObject, "<< /Type /Font /Subtype /Type0 /BaseFont /\(subsetName) /Encoding /Identity-H /DescendantFonts [\(cid) 0 R] "
               + "/ToUnicode \(toUnicode) 0 R >>")
    }

    /// Writes a page laid out apart (on any thread), after the pages before it.
    func page(_ page: PDFPage) {
        used.merge(page.used) { _, later in later } // as if written one after another
        let stream = newObject()
        offsets[stream] = written
        emit("\(stream) 0 obj\n<< /Length \(page.content.count) >>\nstream\n")
        emit(page.content)
        emit("\nendstream\nendobj\n")
        let object = newObject()
        self.object(object, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(Self.number(pageWidth)) \(Self.number(pageHeight))] "
                           + "/Resources << /Font << /F1 3 0 R >> >> /Contents \(stream) 0 R >>")
        pageObjects.append(object)
    }

    /// Writes the page tree, the cross-reference table and the trailer; `beforeNaming` runs once
    /// every byte is safely written and before the file gets its name (a campaign record that
    /// must land with the sheet): when it throws, no file is kept.
    func finish(beforeNaming: () throws -> Void = {}) throws {
        if let font { writeEmbeddedFont(font) }
        object(pagesObject, "<< /Type /Pages /Kids [" + pageObjects.map { "\($0) 0 R" }.joined(separator: " ") + "] /Count \(pageObjects.count) >>")
        let xref = written
        var table = "xref\n0 \(offsets.count)\n0000000000 65535 f\r\n"
        for offset in offsets.dropFirst() {
            let digits = String(offset)
            table += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n\r\n"
        }
        emit(table)
        emit("trailer\n<< /Size \(offsets.count) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n")
        flush()
        if let failure { throw failure }
        try file.sync()
        try beforeNaming()
        try file.commit()
    }
}

/// One page's content stream, laid out apart from the file (a sheet's pages on every core) and
/// written in its place by `PDFWriter.page`: text in Helvetica (WinAnsi) or as glyphs of the
/// writer's embedded font.
struct PDFPage: Sendable {
    private(set) var content: [UInt8] = []
    /// Glyphs of the embedded font used, with the character each stands for (widths and ToUnicode).
    private(set) var used: [UInt16: UInt32] = [:]

    // In the binary, so that the threads laying pages out retain nothing they share (as
    // `JSON.Key`; no time measured apart from the noise here).
    static let beginText: StaticString = "BT /F1 ", setFont: StaticString = " Tf ", moveText: StaticString = " Td (", endText: StaticString = ") Tj ET\n"
    static let moveGlyphs: StaticString = " Td <", endGlyphs: StaticString = "> Tj ET\n", hex: StaticString = "0123456789ABCDEF"

    private mutating func append(_ bytes: StaticString) {
        bytes.withUTF8Buffer { content.append(contentsOf: $0) }
    }

    /// `BT /F1 size Tf x y`: the start every text operation shares.
    private mutating func textStart(x: Double, y: Double, size: Double) {
        append(Self.beginText)
        PDFWriter.append(size, to: &content)
        append(Self.setFont)
        PDFWriter.append(x, to: &content)
        content.append(0x20)
        PDFWriter.append(y, to: &content)
    }

    /// Text at (x, y) points from the page's bottom-left, in Helvetica at `size` points.
    mutating func text(_ bytes: [UInt8], x: Double, y: Double, size: Double) {
        textStart(x: x, y: y, size: size)
        append(Self.moveText)
        for b in bytes {
            switch b {
            case 0x28, 0x29, 0x5C: content.append(0x5C); content.append(b)                  // ( ) \
            case 0x20...0x7E: content.append(b)
            default:                                                                      // \ddd octal
                content.append(0x5C)
                content.append(0x30 + (b >> 6))
                content.append(0x30 + ((b >> 3) & 7))
                content.append(0x30 + (b & 7))
            }
        }
        append(Self.endText)
    }

    /// Text as glyph ids of the embedded font (2-byte codes, Identity-H).
    mutating func text(glyphs: [UInt16], characters: [UInt32], x: Double, y: Double, size: Double) {
        textStart(x: x, y: y, size: size)
        append(Self.moveGlyphs)
        for (glyph, character) in zip(glyphs, characters) {
            used[glyph] = character
            Self.hex.withUTF8Buffer { hex in
                for shift in [12, 8, 4, 0] { content.append(hex[Int(glyph >> UInt16(shift)) & 0xF]) }
            }
        }
        append(Self.endGlyphs)
    }

    /// A line as the typeface drew it.
    mutating func text(_ line: LabelSheet.DrawnLine, x: Double, y: Double, size: Double) {
        switch line {
        case let .winAnsi(bytes): text(bytes, x: x, y: y, size: size)
        case let .glyphs(glyphs, characters): text(glyphs: glyphs, characters: characters, x: x, y: y, size: size)
        }
    }
}
