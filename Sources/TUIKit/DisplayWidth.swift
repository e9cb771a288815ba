/// Columns a string takes in a terminal: 0 for combining marks, 2 for wide East Asian
/// characters and most emoji, 1 otherwise. Tables and the TUI align by this, not by count.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        var bytes = text
        if let width = bytes.withUTF8(oneColumnEach) { return width }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The width of text whose every character is one column by its bytes alone, one scalar
    /// each: printable ASCII, and U+00A0–U+02FF (Latin letters, before the combining marks).
    /// nil for anything else (a table of 100k names spent a quarter of its time looking up
    /// the Unicode properties of letters like these).
    static func oneColumnEach(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var width = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F {
                i += 1
            } else if b >= 0xC2 && b <= 0xCB && i + 1 < bytes.count && !(b == 0xC2 && bytes[i + 1] < 0xA0) {
                i += 2
            } else {
                return nil
            }
            width += 1
        }
        return width
    }

    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if TerminalText.isControl(first) { return 0 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        if first.properties.isEmojiPresentation { return 2 }
        let v = first.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }

    /// Pads (or cuts with `…`) to exactly `width` columns.
    public static func fit(_ text: String, _ width: Int) -> String {
        var out = ""
        var used = 0
        let total = of(text)
        if total <= width { return text + String(repeating: " ", count: width - total) }
        guard width > 0 else { return "" }
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…" + String(repeating: " ", count: max(0, width - used - 1))
    }
}

/// Text made safe for a terminal, whatever it holds.
public enum TerminalText {
    /// What a terminal must never be sent as it is: C0 and C1 controls, DEL (they move the
    /// cursor, retitle the window, clear the screen), and the bidirectional overrides that can
    /// disguise text. (Input validation refuses the same set: `TextInput.isControl` in Core.)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// Control characters become visible placeholders (ESC as ␛), so stored data can never
    /// move the cursor, retitle the window or clear the screen. `keepingLineBreaks` lets line
    /// feeds, tabs and CRLF line ends through (text printed line by line).
    public static func displayable(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if keepingLineBreaks && (scalar == "\n" || scalar == "\t"
                                     || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n")) {
                out.append(scalar)
            } else if scalar.value < 0x20 {
                out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            } else if scalar.value == 0x7F {
                out.append("\u{2421}")
            } else if isControl(scalar) {
                out.append("\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
