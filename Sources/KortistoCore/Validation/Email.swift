/// E-mail addresses: a pragmatic syntax check (what a person mistypes), not full RFC 5322.
public enum Email {
    public static func validate(_ raw: String, field: String = "email") throws(FieldError) -> String? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: FieldLimits.email) else { return nil }
        // Nearly every address is ASCII: judged on the bytes, with the same verdicts as below.
        if let fast = asciiVerdict(text) { return fast }
        return try validateText(text, field: field)
    }

    /// The address with its domain lowercased when `text` is a plain, valid ASCII address;
    /// nil when the full check must decide (non-ASCII, or anything it would reject, so the
    /// message comes from one place).
    static func asciiVerdict(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == 0x20 }), let at = bytes.firstIndex(of: 0x40),
                  bytes.lastIndex(of: 0x40) == at else { return nil }
            let local = bytes[..<at], domain = bytes[(at + 1)...]
            guard !local.isEmpty, local.count <= 64, local.first != 0x2E, local.last != 0x2E else { return nil }
            let forbidden: Set<UInt8> = Set("()<>,;:\\\"[]".utf8)
            var previous: UInt8 = 0
            for byte in local {
                if forbidden.contains(byte) || (byte == 0x2E && previous == 0x2E) { return nil }
                previous = byte
            }
            var labels = 0, labelLength = 0, labelStart: UInt8 = 0, lastByte: UInt8 = 0, tldLetters = true
            for byte in domain {
                if byte == 0x2E {
                    guard labelLength > 0, labelLength <= 63, labelStart != 0x2D, lastByte != 0x2D else { return nil }
                    labels += 1
                    labelLength = 0
                    tldLetters = true
                    continue
                }
                let lower = byte | 0x20
                let letter = lower >= 0x61 && lower <= 0x7A
                guard letter || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D else { return nil }
                if labelLength == 0 { labelStart = byte }
                if !letter { tldLetters = false }
                labelLength += 1
                lastByte = byte
            }
            guard labelLength >= 2, labelLength <= 63, labelStart != 0x2D, lastByte != 0x2D, tldLetters, labels >= 1 else { return nil }
            return String(decoding: local, as: UTF8.self) + "@" + String(decoding: domain.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
    }

    static func validateText(_ text: String, field: String) throws(FieldError) -> String? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw FieldError(field, "'{0}' is not an e-mail address (expected name@example.fi)", "\(text)")
        }
        let local = parts[0], domain = parts[1].lowercasedFast
        guard !domain.isEmpty else {
            throw FieldError(field, "'{0}' is not an e-mail address (expected name@example.fi)", "\(text)")
        }
        guard !local.isEmpty, local.count <= 64 else { throw FieldError(field, "the part before @ is empty or too long") }
        guard !text.containsByte(0x20) else { throw FieldError(field, "an e-mail address cannot contain spaces") }
        let localForbidden: Set<Character> = ["(", ")", "<", ">", ",", ";", ":", "\\", "\"", "[", "]"]
        guard !local.contains(where: { localForbidden.contains($0) }), !local.hasPrefix("."), !local.hasSuffix("."), !local.containsBytePair(0x2E, 0x2E) else {
            throw FieldError(field, "'{0}' has characters that are not allowed before @", "\(text)")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        }), let tld = labels.last, tld.count >= 2, tld.allSatisfy({ $0.isLetter }) else {
            throw FieldError(field, "'{0}' is not a valid domain (expected e.g. example.fi)", "\(domain)")
        }
        return "\(local)@\(domain)"
    }
}
