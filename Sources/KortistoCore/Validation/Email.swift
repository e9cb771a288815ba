/// E-mail addresses: a pragmatic syntax check (what a person mistypes), not full RFC 5322.
public enum Email {
    public static func validate(_ raw: String, field: String = "email") throws(FieldError) -> String? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: FieldLimits.email) else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw FieldError(field, "'\(text)' is not an e-mail address (expected name@example.fi)")
        }
        let local = parts[0], domain = parts[1].lowercasedFast
        guard !domain.isEmpty else {
            throw FieldError(field, "'\(text)' is not an e-mail address (expected name@example.fi)")
        }
        guard !local.isEmpty, local.count <= 64 else { throw FieldError(field, "the part before @ is empty or too long") }
        guard !text.containsByte(0x20) else { throw FieldError(field, "an e-mail address cannot contain spaces") }
        let localForbidden: Set<Character> = ["(", ")", "<", ">", ",", ";", ":", "\\", "\"", "[", "]"]
        guard !local.contains(where: { localForbidden.contains($0) }), !local.hasPrefix("."), !local.hasSuffix("."), !local.containsBytePair(0x2E, 0x2E) else {
            throw FieldError(field, "'\(text)' has characters that are not allowed before @")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        }), let tld = labels.last, tld.count >= 2, tld.allSatisfy({ $0.isLetter }) else {
            throw FieldError(field, "'\(domain)' is not a valid domain (expected e.g. example.fi)")
        }
        return "\(local)@\(domain)"
    }
}
