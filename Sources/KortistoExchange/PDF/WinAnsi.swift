import Foundation

/// Windows-1252 as PDF's WinAnsiEncoding, and Helvetica's glyph widths (the standard 14 font
/// metrics, 1/1000 em), so text can be measured and written without a font file.
enum WinAnsi {
    /// Bytes 0x80–0x9F that Windows-1252 maps to other characters.
    static let upper: [UInt8: Character] = [
        0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰", 0x8A: "Š", 0x8B: "‹",
        0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™",
        0x9A: "š", 0x9B: "›", 0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
    ]
    static let byteOf: [Character: UInt8] = Dictionary(uniqueKeysWithValues: upper.map { ($1, $0) })

    /// The byte for a character, or nil when WinAnsi has none.
    static func byte(_ c: Character) -> UInt8? {
        if let b = byteOf[c] { return b }
        guard c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value else { return nil }
        if (0x20...0x7E).contains(v) || (0xA0...0xFF).contains(v) { return UInt8(v) }
        return nil
    }

    /// Letters WinAnsi lacks, written with the nearest plain letters (Polish ł, Sámi č đ ŋ, …).
    static func transliterate(_ c: Character) -> String {
        switch c {
        case "ł": return "l"
        case "Ł": return "L"
        case "đ": return "d"
        case "Đ": return "D"
        case "ŋ": return "n"
        case "Ŋ": return "N"
        case "ı": return "i"
        case "ß": return "ss"
        case "ʼ", "′": return "'"
        default:
            let base = String(c).decomposedStringWithCanonicalMapping.unicodeScalars.filter { !$0.properties.isDiacritic && $0.properties.generalCategory != .nonspacingMark }
            let text = String(String.UnicodeScalarView(base))
            return !text.isEmpty && text.allSatisfy({ byte($0) != nil }) ? text : "?"
        }
    }

    /// Text as WinAnsi bytes (NFC first); `changed` tells whether anything had to be replaced.
    static func encode(_ text: String) -> (bytes: [UInt8], changed: Bool) {
        // Most address lines are plain ASCII or Latin-1 already composed: no Character walk.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var simple = true
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (0x20...0x7E).contains(v) || (0xA0...0xFF).contains(v) {
                bytes.append(UInt8(v))
            } else {
                simple = false
                break
            }
        }
        if simple { return (bytes, false) }
        bytes.removeAll(keepingCapacity: true)
        var changed = false
        for c in text.precomposedStringWithCanonicalMapping {
            if let b = byte(c) {
                bytes.append(b)
            } else {
                changed = true
                for t in transliterate(c) { bytes.append(byte(t) ?? 0x3F) }
            }
        }
        return (bytes, changed)
    }

    /// Helvetica widths by byte for 0x20–0x7E; other bytes use the width of their base letter.
    static let asciiWidths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,      // p-z { | } ~
    ]

    static let widths: [Int] = {
        var table = Array(repeating: 556, count: 256)
        for (i, w) in asciiWidths.enumerated() { table[0x20 + i] = w }
        for b in 0xA0...0xFF {
            let c = Character(Unicode.Scalar(UInt8(b)))
            let base = String(c).decomposedStringWithCanonicalMapping.unicodeScalars.first.map { $0.value } ?? 0
            if (0x41...0x7A).contains(base) { table[b] = asciiWidths[Int(base) - 0x20] }
        }
        table[0xA0] = 278
        table[0xC6] = 1000; table[0xE6] = 889; table[0xD8] = 778; table[0xF8] = 611; table[0xDF] = 611
        table[0x85] = 1000; table[0x80] = 556; table[0x8A] = 667; table[0x9A] = 500; table[0x8E] = 611; table[0x9E] = 500
        table[0x96] = 556; table[0x97] = 1000; table[0x92] = 222; table[0x91] = 222
        return table
    }()

    /// Width of encoded text at `size` points.
    static func width(_ bytes: [UInt8], size: Double) -> Double {
        Double(units(bytes)) * size / 1000
    }

    /// Width in 1/1000 em, to scale to any size without measuring again.
    static func units(_ bytes: [UInt8]) -> Int {
        var total = 0
        for b in bytes { total += widths[Int(b)] }
        return total
    }
}
