import Foundation

/// A small PDF 1.4 writer: pages of Helvetica text in WinAnsiEncoding, streamed to a file so
/// memory stays flat however many pages are written. Numbers are formatted by hand (a locale's
/// decimal comma must never reach the file).
final class PDFWriter {
    private let fd: Int32
    private var buffer = Data()
    private var written = 0
    /// Byte offset of each object, by object number (1-based; 0 unused).
    private var offsets: [Int] = [0]
    private var pageObjects: [Int] = []
    private var content = Data()
    private let pageWidth: Double
    private let pageHeight: Double
    private let pagesObject = 2
    private let fontObject = 3

    /// Creates `path` (mode 0600; it must not exist unless `replace`).
    init(path: String, pageWidth: Double, pageHeight: Double, replace: Bool) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL)
        fd = open(path, flags, 0o600)
        guard fd >= 0 else { throw PDFError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        // Objects 1–3 (catalog, pages, font) are reserved; the pages object is written last.
        offsets = [0, 0, 0, 0]
        emit("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".data(using: .isoLatin1)!)
        object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        object(fontObject, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    }

    deinit { close(fd) }

    struct PDFError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private func emit(_ data: Data) {
        buffer.append(data)
        written += data.count
        if buffer.count >= 1 << 16 { flush() }
    }

    private func emit(_ text: String) { emit(Data(text.utf8)) }

    private func flush() {
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if errno == EINTR { continue }; break }
                offset += n
            }
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
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction == 0 { return sign + whole }
        if fraction % 10 == 0 { return sign + whole + "." + String(fraction / 10) }
        return sign + whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// Text at (x, y) points from the page's bottom-left, in Helvetica at `size` points.
    func text(_ bytes: [UInt8], x: Double, y: Double, size: Double) {
        var line = Data("BT /F1 \(Self.number(size)) Tf \(Self.number(x)) \(Self.number(y)) Td (".utf8)
        for b in bytes {
            switch b {
            case 0x28, 0x29, 0x5C: line.append(0x5C); line.append(b)                  // ( ) \
            case 0x20...0x7E: line.append(b)
            default: line.append(contentsOf: [0x5C, 0x30 + (b >> 6), 0x30 + ((b >> 3) & 7), 0x30 + (b & 7)])  // \ddd octal
            }
        }
        line.append(contentsOf: Array(") Tj ET\n".utf8))
        content.append(line)
    }

    func endPage() {
        let stream = newObject()
        offsets[stream] = written
        emit("\(stream) 0 obj\n<< /Length \(content.count) >>\nstream\n")
        emit(content)
        emit("\nendstream\nendobj\n")
        content.removeAll(keepingCapacity: true)
        let page = newObject()
        object(page, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(Self.number(pageWidth)) \(Self.number(pageHeight))] "
                     + "/Resources << /Font << /F1 3 0 R >> >> /Contents \(stream) 0 R >>")
        pageObjects.append(page)
    }

    /// Writes the page tree, the cross-reference table and the trailer.
    func finish() throws {
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
        guard fsync(fd) == 0 || errno == EINVAL else { throw PDFError(message: "cannot write the PDF: \(String(cString: strerror(errno)))") }
    }
}
