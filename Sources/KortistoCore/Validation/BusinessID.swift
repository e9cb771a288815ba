import Foundation

/// Y-tunnus, the Finnish business ID: `NNNNNNN-C` with a weighted mod-11 check digit.
public enum BusinessID {
    static let weights = [7, 9, 10, 5, 8, 4, 2]

    public static func validate(_ raw: String, field: String = "business_id") throws(FieldError) -> String? {
        guard var text = try TextInput.clean(raw, field: field, maxLength: 20) else { return nil }
        text = text.replacingOccurrences(of: " ", with: "")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 1, (6...7).contains(parts[0].count),
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw FieldError(field, "'{0}' is not a Y-tunnus (expected 7 digits, a hyphen and a check digit, e.g. 1234567-1)", "\(text)")
        }
        // Old six-digit IDs get a leading zero.
        let body = String(parts[0]).leftPadded(to: 7)
        let digits = body.compactMap { $0.wholeNumberValue }
        let remainder = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        guard remainder != 1 else {
            throw FieldError(field, "'{0}' cannot be a Y-tunnus: no check digit exists for {1}", "\(text)", "\(body)")
        }
        let check = remainder == 0 ? 0 : 11 - remainder
        guard Int(String(parts[1])) == check else {
            throw FieldError(field, "'{0}' has a wrong check digit (a typo?)", "\(text)")
        }
        return "\(body)-\(check)"
    }
}
