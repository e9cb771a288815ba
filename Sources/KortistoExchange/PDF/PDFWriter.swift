import Foundation

/// A small PDF 1.4 writer: pages of Helvetica text in WinAnsiEncoding, streamed to a file so
/// memory stays flat however many pages are written. Numbers are formatted by hand (a locale's
/// decimal comma must never reach the file).
final class PDFWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var written = 0
    /// Byte offset of each object, by object number (1-based; 0 unused).
    private var offsets: [Int] = [0]
    private var pageObjects: [Int] = []
    private var content: [UInt8] = []
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
        emit(Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
        object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        object(fontObject, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    }

    deinit { close(fd) }

    struct PDFError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private func emit(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        written += bytes.count
        if buffer.count >= 1 << 16 { flush() }
    }

    private func emit(_ text: String) { emit(Array(text.utf8)) }

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

    static let beginText = Array("BT /F1 ".utf8), setFont = Array(" Tf ".utf8), moveText = Array(" Td (".utf8), endText = Array(") Tj ET\n".utf8)

    /// Text at (x, y) points from the page's bottom-left, in Helvetica at `size` points.
    func text(_ bytes: [UInt8], x: Double, y: Double, size: Double) {
        var line: [UInt8] = []
        line.reserveCapacity(bytes.count + 48)
        line.append(contentsOf: Self.beginText)
        Self.append(size, to: &line)
        line.append(contentsOf: Self.setFont)
        Self.append(x, to: &line)
        line.append(0x20)
        Self.append(y, to: &line)
        line.append(contentsOf: Self.moveText)
        for b in bytes {
            switch b {
            case 0x28, 0x29, 0x5C: line.append(0x5C); line.append(b)                  // ( ) \
            case 0x20...0x7E: line.append(b)
            default: line.append(contentsOf: [0x5C, 0x30 + (b >> 6), 0x30 + ((b >> 3) & 7), 0x30 + (b & 7)])  // \ddd octal
            }
        }
        line.append(contentsOf: Self.endText)
        content.append(contentsOf: line)
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
