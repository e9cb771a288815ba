import Foundation

/// Cleans free text at the boundary: valid Unicode, NFC, no terminal control characters,
/// bounded length. A field can then never carry an escape sequence onto someone's screen.
public enum TextInput {
    /// Whether the field may hold several lines (notes) or just one (names, streets).
    public enum Lines: Sendable { case single, multiple }

    /// Returns the cleaned text, `nil` when it is empty after trimming, or throws naming the field.
    ///
    /// Tabs become spaces and CRLF/CR become LF (multi-line fields only); any other C0/C1 control
    /// character, DEL, or U+FFFD (what invalid UTF-8 decodes to) is refused rather than silently
    /// dropped, so the person sees what was wrong.
    public static func clean(_ raw: String, field: String, maxLength: Int, lines: Lines = .single) throws(FieldError) -> String? {
        // Imports clean millions of values: Foundation's string functions run only when the
        // bytes show there is something for them to do.
        var text = raw
        if raw.containsByte(0x0D) || raw.containsByte(0x09) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "\r", with: "\n")
                .replacingOccurrences(of: "\t", with: " ")
        }
        if lines == .single, text.containsByte(0x0A) { throw FieldError(field, "must be a single line") }
        for scalar in text.unicodeScalars {
            if scalar == "\n" { continue }
            if isControl(scalar) {
                throw FieldError(field, "contains a control character (U+{0})", "\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))")
            }
            if scalar == "\u{FFFD}" {
                throw FieldError(field, "contains invalid UTF-8 text")
            }
        }
        if !text.isCertainlyNFC { text = text.precomposedStringWithCanonicalMapping }
        text = text.trimmed
        if lines == .single, text.containsBytePair(0x20, 0x20) {
            // Runs of spaces inside one-line fields are typing noise.
            text = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        if text.isEmpty { return nil }
        // Counting characters walks grapheme clusters; a text with no more bytes than the
        // limit cannot have more characters.
        if text.utf8.count > maxLength, text.count > maxLength {
            throw FieldError(field, "is too long ({0} characters, at most {1})", "\(text.count)", "\(maxLength)")
        }
        return text
    }

    /// Like `clean`, but the field must not be empty.
    public static func required(_ raw: String?, field: String, maxLength: Int, lines: Lines = .single) throws(FieldError) -> String {
        guard let raw, let text = try clean(raw, field: field, maxLength: maxLength, lines: lines) else {
            throw FieldError(field, "is required")
        }
        return text
    }

    /// C0 controls, DEL and C1 controls: the bytes terminals interpret.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v)
            // Bidirectional overrides can disguise text on screen and in reports.
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// Removes what `clean` would refuse. For data arriving in bulk (imports), where refusing a
    /// whole row for a stray control byte would lose more than it protects.
    public static func strip(_ raw: String, lines: Lines = .single) -> String {
        var out = String.UnicodeScalarView()
        for scalar in raw.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars {
            if scalar == "\t" || (scalar == "\n" && lines == .single) { out.append(" "); continue }
            if scalar == "\n" { out.append(scalar); continue }
            if isControl(scalar) || scalar == "\u{FFFD}" { continue }
            out.append(scalar)
        }
        return String(out).precomposedStringWithCanonicalMapping
    }
}

public enum FieldLimits {
    public static let name = 100
    public static let organisationName = 200
    public static let title = 100
    public static let email = 254
    public static let street = 200
    public static let town = 100
    public static let postcode = 12
    public static let website = 300
    public static let notes = 10_000
    public static let sourceDetail = 200
    public static let shortNote = 500
    public static let description = 500
    public static let invoiceNumber = 50
    public static let reason = 500
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
