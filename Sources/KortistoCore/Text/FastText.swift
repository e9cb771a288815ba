/// Small string checks that imports run millions of times. Foundation's `contains(String)`,
/// `trimmingCharacters` and normalisation bridge through NSString, which costs microseconds
/// per call; these look at the bytes first and do nothing when nothing needs doing.
extension StringProtocol {
    /// Whether the UTF-8 bytes contain `byte` (an ASCII character such as `\n`).
    @inlinable public func containsByte(_ byte: UInt8) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ $0.contains(byte) }) { return found }
        return utf8.contains(byte)
    }

    /// Whether `a` is directly followed by `b` somewhere (two ASCII bytes, e.g. two spaces).
    @inlinable public func containsBytePair(_ a: UInt8, _ b: UInt8) -> Bool {
        func scan<C: Collection<UInt8>>(_ bytes: C) -> Bool {
            var previous: UInt8 = 0
            for byte in bytes {
                if previous == a && byte == b { return true }
                previous = byte
            }
            return false
        }
        return utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(utf8)
    }

    /// A–Z lowered and everything else kept: what SQLite's `COLLATE NOCASE` compares.
    @inlinable public var asciiCaseFolded: String {
        String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// Lowercased, without the Unicode machinery when the text is ASCII (e-mail addresses).
    @inlinable public var lowercasedFast: String {
        let ascii = utf8.withContiguousStorageIfAvailable { !$0.contains { $0 >= 0x80 } } ?? false
        return ascii ? asciiCaseFolded : lowercased()
    }

    /// Whether the text is certainly in Unicode NFC already: every scalar below U+0300, where
    /// no character combines or decomposes into something else (NFC quick check "yes").
    @inlinable public var isCertainlyNFC: Bool {
        // U+0300 starts at lead byte 0xCC.
        utf8.withContiguousStorageIfAvailable { !$0.contains { $0 >= 0xCC } } ?? !utf8.contains { $0 >= 0xCC }
    }
}

extension String {
    /// The text without leading and trailing white space (Unicode's, line breaks included);
    /// no copy work when there is none.
    @inlinable public var trimmed: String {
        // Most values start and end with a visible ASCII character.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return "" }
        guard first.properties.isWhitespace || last.properties.isWhitespace else { return self }
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}

extension Substring {
    @inlinable public var trimmed: String { String(self).trimmed }
}
