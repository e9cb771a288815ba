import Foundation
import KortistoCore

/// The parts of a TrueType font a PDF needs: Unicode → glyph (cmap), advance widths (hmtx),
/// and the metrics of the font descriptor. The whole file is embedded as it is (FontFile2).
struct TrueTypeFont {
    let data: [UInt8]
    let name: String
    let unitsPerEm: Int
    let ascent: Int
    let descent: Int
    let bbox: (Int, Int, Int, Int)
    private let advances: [Int]
    private let cmap: [UInt32: UInt16]
    private let tables: [String: (offset: Int, length: Int)]

    struct FontError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    init(path: String) throws {
        guard let contents = FileManager.default.contents(atPath: path) else { throw FontError(message: "cannot read the font \(path)") }
        data = Array(contents)
        name = PathName.stem(path).filter { $0.isLetter || $0.isNumber || $0 == "-" }
        guard data.count > 12 else { throw FontError(message: "\(path) is not a TrueType font") }
        var tables: [String: (offset: Int, length: Int)] = [:]
        let count = Self.u16(data, 4)
        for i in 0..<count {
            let record = 12 + 16 * i
            guard record + 16 <= data.count else { throw FontError(message: "\(path): damaged table directory") }
            let tag = String(decoding: data[record..<record + 4], as: UTF8.self)
            tables[tag] = (Self.u32(data, record + 8), Self.u32(data, record + 12))
        }
        guard let head = tables["head"], let hhea = tables["hhea"], let hmtx = tables["hmtx"], let cmapTable = tables["cmap"],
              let maxp = tables["maxp"], tables["glyf"] != nil else {
            throw FontError(message: "\(path) is not a TrueType (glyf) font")
        }
        unitsPerEm = max(16, Self.u16(data, head.offset + 18))
        bbox = (Self.i16(data, head.offset + 36), Self.i16(data, head.offset + 38), Self.i16(data, head.offset + 40), Self.i16(data, head.offset + 42))
        ascent = Self.i16(data, hhea.offset + 4)
        descent = Self.i16(data, hhea.offset + 6)
        let metrics = Self.u16(data, hhea.offset + 34)
        let glyphs = Self.u16(data, maxp.offset + 4)
        var advances: [Int] = []
        for g in 0..<metrics { advances.append(Self.u16(data, hmtx.offset + 4 * g)) }
        if let last = advances.last, glyphs > metrics { advances += Array(repeating: last, count: glyphs - metrics) }
        self.advances = advances
        cmap = try Self.readCmap(data, at: cmapTable.offset, path: path)
        self.tables = tables
    }

    /// A copy of the font keeping only `used` glyphs' outlines (and the glyphs they are built
    /// from). Glyph ids stay the same, so the PDF's Identity mapping still holds; the other
    /// glyphs become empty. Tables a PDF renderer does not need (cmap, name, kerning) are dropped.
    func subset(_ used: Set<UInt16>) -> [UInt8] {
        guard let head = tables["head"], let loca = tables["loca"], let glyf = tables["glyf"], let maxp = tables["maxp"] else { return data }
        let glyphCount = Self.u16(data, maxp.offset + 4)
        let longOffsets = Self.u16(data, head.offset + 50) == 1
        func location(_ g: Int) -> Int {
            longOffsets ? Self.u32(data, loca.offset + 4 * g) : Self.u16(data, loca.offset + 2 * g) * 2
        }
        // Close over composite glyphs' components.
        var keep = Set(used.map(Int.init)).union([0])
        var queue = Array(keep)
        while let g = queue.popLast() {
            guard g < glyphCount else { continue }
            let start = glyf.offset + location(g), end = glyf.offset + location(g + 1)
            guard end - start >= 10, Self.i16(data, start) < 0 else { continue }
            var at = start + 10
            while at + 4 <= end {
                let flags = Self.u16(data, at), component = Self.u16(data, at + 2)
                if !keep.contains(component) { keep.insert(component); queue.append(component) }
                at += 4 + (flags & 0x0001 != 0 ? 4 : 2)
                if flags & 0x0008 != 0 { at += 2 } else if flags & 0x0040 != 0 { at += 4 } else if flags & 0x0080 != 0 { at += 8 }
                if flags & 0x0020 == 0 { break }
            }
        }
        var newGlyf: [UInt8] = []
        var newLoca: [UInt8] = []
        func put32(_ v: Int, _ out: inout [UInt8]) { out += [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        for g in 0..<glyphCount {
            put32(newGlyf.count, &newLoca)
            guard keep.contains(g) else { continue }
            let start = glyf.offset + location(g), end = glyf.offset + location(g + 1)
            if end > start && end <= data.count { newGlyf += data[start..<end] }
            while newGlyf.count % 4 != 0 { newGlyf.append(0) }
        }
        put32(newGlyf.count, &newLoca)
        var newHead = Array(data[head.offset..<head.offset + head.length])
        newHead[8...11] = [0, 0, 0, 0]        // checkSumAdjustment: not needed inside a PDF
        newHead[50] = 0; newHead[51] = 1      // long loca offsets
        var out: [(String, [UInt8])] = [("glyf", newGlyf), ("head", newHead), ("loca", newLoca)]
        for tag in ["cvt ", "fpgm", "hhea", "hmtx", "maxp", "prep"] {
            if let t = tables[tag] { out.append((tag, Array(data[t.offset..<t.offset + t.length]))) }
        }
        out.sort { $0.0 < $1.0 }
        // The sfnt wrapper: offset table, table records with checksums, 4-byte aligned tables.
        var file: [UInt8] = [0, 1, 0, 0]
        func put16(_ v: Int) { file += [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        var power = 1, exponent = 0
        while power * 2 <= out.count { power *= 2; exponent += 1 }
        put16(out.count); put16(power * 16); put16(exponent); put16(out.count * 16 - power * 16)
        var offset = 12 + 16 * out.count
        for (tag, bytes) in out {
            file += Array(tag.utf8)
            var sum: UInt32 = 0
            let padded = bytes + Array(repeating: 0, count: (4 - bytes.count % 4) % 4)
            for i in stride(from: 0, to: padded.count, by: 4) {
                sum &+= UInt32(padded[i]) << 24 | UInt32(padded[i + 1]) << 16 | UInt32(padded[i + 2]) << 8 | UInt32(padded[i + 3])
            }
            put32(Int(sum), &file); put32(offset, &file); put32(bytes.count, &file)
            offset += padded.count
        }
        for (_, bytes) in out { file += bytes + Array(repeating: 0, count: (4 - bytes.count % 4) % 4) }
        return file
    }

    static func u16(_ d: [UInt8], _ o: Int) -> Int { o + 1 < d.count ? Int(d[o]) << 8 | Int(d[o + 1]) : 0 }
    static func i16(_ d: [UInt8], _ o: Int) -> Int { Int(Int16(bitPattern: UInt16(u16(d, o)))) }
    static func u32(_ d: [UInt8], _ o: Int) -> Int { u16(d, o) << 16 | u16(d, o + 2) }

    /// Unicode cmap: format 12 (full Unicode) when present, else format 4 (the BMP).
    static func readCmap(_ d: [UInt8], at base: Int, path: String) throws -> [UInt32: UInt16] {
        let count = u16(d, base + 2)
        var format4: Int?, format12: Int?
        for i in 0..<count {
            let record = base + 4 + 8 * i
            let platform = u16(d, record), encoding = u16(d, record + 2), offset = base + u32(d, record + 4)
            let format = u16(d, offset)
            if format == 12 && (platform == 3 && encoding == 10 || platform == 0) { format12 = offset }
            if format == 4 && (platform == 3 && encoding == 1 || platform == 0) { format4 = format4 ?? offset }
        }
        var map: [UInt32: UInt16] = [:]
        if let t = format12 {
            for g in 0..<u32(d, t + 12) {
                let group = t + 16 + 12 * g
                let start = u32(d, group), end = u32(d, group + 4), glyph = u32(d, group + 8)
                guard end >= start, end - start < 0x110000 else { continue }
                for c in start...end { map[UInt32(c)] = UInt16(truncatingIfNeeded: glyph + c - start) }
            }
        } else if let t = format4 {
            let segments = u16(d, t + 6) / 2
            let ends = t + 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments, ranges = deltas + 2 * segments
            for s in 0..<segments {
                let end = u16(d, ends + 2 * s), start = u16(d, starts + 2 * s), delta = u16(d, deltas + 2 * s)
                let rangeOffset = u16(d, ranges + 2 * s)
                guard start <= end, end != 0xFFFF || start != 0xFFFF else { continue }
                for c in start...end {
                    var glyph: Int
                    if rangeOffset == 0 {
                        glyph = (c + delta) & 0xFFFF
                    } else {
                        let address = ranges + 2 * s + rangeOffset + 2 * (c - start)
                        glyph = u16(d, address)
                        if glyph != 0 { glyph = (glyph + delta) & 0xFFFF }
                    }
                    if glyph != 0 { map[UInt32(c)] = UInt16(glyph) }
                }
            }
        } else {
            throw FontError(message: "\(path) has no Unicode character map")
        }
        return map
    }

    /// Glyph ids for the text (NFC); nil when the font lacks a character.
    func glyphs(_ text: String) -> [UInt16]? {
        var out: [UInt16] = []
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            guard let g = cmap[scalar.value] else { return nil }
            out.append(g)
        }
        return out
    }

    /// Advance width in 1/1000 em.
    func width(_ glyph: UInt16) -> Int {
        let advance = Int(glyph) < advances.count ? advances[Int(glyph)] : (advances.last ?? 0)
        return advance * 1000 / unitsPerEm
    }

    func units(_ glyphs: [UInt16]) -> Int { glyphs.reduce(0) { $0 + width($1) } }

    /// The default font for text outside WinAnsi: `KORTISTO_LABEL_FONT`, else DejaVu Sans.
    static func defaultPath(environment: [String: String]) -> String? {
        let candidates = [environment["KORTISTO_LABEL_FONT"], "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                          "/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"].compactMap { $0 }
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }
}
