import Foundation

/// Finnish alphabetical order (A … Z, Å, Ä, Ö; case-insensitive) as a byte-comparable key.
///
/// SQLite compares text bytewise, so the store keeps this key in an indexed column and lists
/// sort through the index: no custom collation is needed on the hot path, and any tool that
/// opens the file sorts the same way.
public enum FinnishOrder {
    /// Separates the parts of a compound key (last name, first name); sorts before every letter.
    public static let separator: Character = "\u{1}"

    public static func key(_ text: String) -> String {
        if let fast = FoldTable.map(text, keyTable) { return fast }
        return slowKey(text)
    }

    /// The key of each scalar below U+0250, worked out once by `slowKey`.
    static let keyTable = FoldTable.build(slowKey)

    static func slowKey(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for character in text.lowercased() {
            switch character {
            // Placed right after z (0x7A) in byte order.
            case "å": out.append("{")
            case "ä", "æ": out.append("|")
            case "ö", "ø": out.append("}")
            // Finnish alphabetises ü with y.
            case "ü": out.append("y")
            case " ", "-", "‐", "'", "’", ".": out.append(" ")
            default:
                for scalar in SearchFolding.baseLetters(of: character) { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// Key for a person: last name, then first name.
    public static func personKey(last: String, first: String) -> String {
        // Someone with a first name only (`Äiti`) sorts by it, among the last names.
        last.isEmpty ? key(first) + String(separator) : key(last) + String(separator) + key(first)
    }

    /// Compares two strings in Finnish order (for sorting in memory).
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        key(a) < key(b)
    }
}

/// Folding for search: case- and diacritic-insensitive, so `ohman` finds `Öhman` and
/// `jyvaskyla` finds `Jyväskylä`, while FinnishOrder keeps the letters distinct for sorting.
public enum SearchFolding {
    public static func fold(_ text: String) -> String {
        if let fast = FoldTable.map(text, foldTable) { return fast }
        return slowFold(text)
    }

    /// The folding of each scalar below U+0250, worked out once by `slowFold`.
    static let foldTable = FoldTable.build(slowFold)

    static func slowFold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for character in text.lowercased() {
            for scalar in baseLetters(of: character) { out.append(scalar) }
        }
        return String(out)
    }

    /// The letters of `character` without diacritics (ä -> a, é -> e, ß -> ss, ø -> o).
    /// ASCII passes through and Latin letters come from a table: this runs for every letter
    /// of every name indexed, and decomposing through Foundation each time is slow.
    static func baseLetters(of character: Character) -> [Unicode.Scalar] {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let v = scalars.first?.value {
            if v < 0x80 { return [scalars.first!] }
            if (latinStart..<latinStart + UInt32(latinTable.count)).contains(v) { return latinTable[Int(v - latinStart)] }
        }
        return decomposedBase(character)
    }

    static let latinStart: UInt32 = 0xA0
    /// U+00A0 … U+024F (Latin-1 Supplement, Latin Extended-A and -B), worked out once.
    static let latinTable: [[Unicode.Scalar]] = (latinStart...0x24F).map { decomposedBase(Character(Unicode.Scalar($0)!)) }

    static func decomposedBase(_ character: Character) -> [Unicode.Scalar] {
        switch character {
        case "ß": return ["s", "s"]
        case "æ": return ["a", "e"]
        case "ø": return ["o"]
        case "ł": return ["l"]
        case "đ": return ["d"]
        case "ŋ": return ["n"]
        case "œ": return ["o", "e"]
        default:
            let decomposed = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
            let base = decomposed.filter { !$0.properties.isDiacritic && $0.properties.generalCategory != .nonspacingMark }
            return base.isEmpty ? Array(decomposed) : Array(base)
        }
    }

    /// Splits folded text into search terms: runs of letters and digits.
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        if appendLatinTerms(of: text, to: &terms) { return terms }
        return generalTerms(text)
    }

    /// `terms` for any text, scalar by scalar.
    static func generalTerms(_ text: String) -> [String] {
        let folded = fold(text)
        var terms: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            let isWordScalar = scalar.isASCII
                ? (scalar.value >= 0x61 && scalar.value <= 0x7A) || (scalar.value >= 0x30 && scalar.value <= 0x39)
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordScalar {
                current.append(scalar)
            } else if !current.isEmpty {
                terms.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { terms.append(String(current)) }
        return terms
    }

    /// `terms` for text that folds to ASCII (nearly every name, address and e-mail), read
    /// byte by byte: imports and the search index fold every field of every customer. False,
    /// with `terms` partly filled, when the text needs the general way.
    static func appendLatinTerms(of text: String, to terms: inout [String]) -> Bool {
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func take(_ byte: UInt8) -> Bool {
            if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                word.append(byte)
            } else if byte >= 0x80 {
                return false
            } else if !word.isEmpty {
                terms.append(String(decoding: word, as: UTF8.self))
                word.removeAll(keepingCapacity: true)
            }
            return true
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                guard take(v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v)) else { return false }
            } else {
                guard v < FoldTable.limit else { return false }
                for byte in foldTable[Int(v)] { guard take(byte) else { return false } }
            }
        }
        if !word.isEmpty { terms.append(String(decoding: word, as: UTF8.self)) }
        return true
    }
}

/// Per-scalar lookup tables for folding and sort keys. Names are almost always Latin text
/// below U+0250, where nothing combines and lowercasing needs no context, so each scalar maps
/// on its own; `String.lowercased()` and grapheme breaking would cost far more per name.
enum FoldTable {
    static let limit: UInt32 = 0x250

    static func build(_ transform: (String) -> String) -> [[UInt8]] {
        (0..<limit).map { Array(transform(String(Unicode.Scalar($0)!)).utf8) }
    }

    /// `text` mapped through `table`, or nil when a scalar lies outside it.
    static func map(_ text: String, _ table: [[UInt8]]) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard scalar.value < limit else { return nil }
            out.append(contentsOf: table[Int(scalar.value)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
