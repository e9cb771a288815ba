/// Phone numbers: stored in E.164 (`+358401234567`), shown grouped (`040 123 4567`).
public enum Phone {
    /// Normalises what people type: `040 123 4567`, `(09) 123 456`, `00358 40 1234567`, `+46 70 …`.
    public static func normalise(_ raw: String, field: String = "phone") throws(FieldError) -> String? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: 40) else { return nil }
        var digits = ""
        var plus = false
        // Scalar by scalar: a digit with a combining mark (`1́`) is one Character between "0"
        // and "9", but not a digit.
        for (index, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case " ", "-", "(", ")", ".", "/", "\u{00A0}": continue
            case "+" where index == 0: plus = true
            case "0"..."9": digits.unicodeScalars.append(scalar)
            default:
                throw FieldError(field, "'{0}' is not a phone number (only digits, spaces, + - ( ) allowed)", "\(text)")
            }
        }
        var e164: String
        if plus {
            e164 = "+" + digits
        } else if digits.hasPrefix("00") {
            e164 = "+" + digits.dropFirst(2)
        } else if digits.hasPrefix("0") {
            e164 = "+358" + digits.dropFirst()
        } else {
            throw FieldError(field, "'{0}' needs an area code (040 …, 09 …) or a country code (+46 …)", "\(text)")
        }
        // A Finnish trunk 0 kept after the country code (+358 040 …) is a common slip.
        if e164.hasPrefix("+3580") { e164 = "+358" + e164.dropFirst(5) }
        let count = e164.count - 1
        guard count >= 7, count <= 15, !e164.hasPrefix("+0") else {
            throw FieldError(field, "'{0}' has {1} digits; a full international number has 7 to 15", "\(text)", "\(count)")
        }
        return e164
    }

    /// Groups a stored number for display: Finnish numbers in the national form, others as +CC rest.
    /// Read as bytes (a stored number is `+` and digits; anything else is shown as stored): an
    /// export groups a million of them.
    public static func display(_ e164: String) -> String {
        guard let digits = finnishDigits(e164) else { return e164 }
        // The national form: the trunk 0, then the digits after +358.
        let national = [UInt8(ascii: "0")] + digits
        let areaLength: Int
        switch digits.first {
        case UInt8(ascii: "4"): areaLength = 3                                          // 040, 041, 044, 045, 046, 049, 04x
        case UInt8(ascii: "5") where digits.count > 1 && digits[1] == UInt8(ascii: "0"): areaLength = 3  // 050
        case UInt8(ascii: "1"), UInt8(ascii: "7"): areaLength = 3                       // 013 … 019, 075, 0700 service numbers
        case UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "6"), UInt8(ascii: "8"), UInt8(ascii: "9"): areaLength = 2
        default: areaLength = 3
        }
        guard national.count > areaLength + 3 else { return String(decoding: national, as: UTF8.self) }
        let space = [UInt8(ascii: " ")]
        let grouped = national[..<areaLength] + space + national[areaLength..<(areaLength + 3)] + space + national[(areaLength + 3)...]
        return String(decoding: grouped, as: UTF8.self)
    }

    /// A stored number grouped in its international form (`+358 40 123 4567`, `+46 701234567`):
    /// a spreadsheet keeps it as text, where `+358401234567` became the number 358401234567.
    /// Finnish numbers in their national groups; others with the country code apart.
    public static func international(_ e164: String) -> String {
        guard e164.hasPrefix("+"), e164.utf8.count > 4, e164.utf8.allSatisfy({ $0 < 0x80 }) else { return e164 }
        if finnishDigits(e164) != nil {
            let national = display(e164)
            guard national.hasPrefix("0") else { return e164 }
            return "+358 " + national.dropFirst()
        }
        let digits = e164.utf8.dropFirst()
        let length = countryCodeLength(digits)
        return "+" + String(decoding: digits.prefix(length), as: UTF8.self) + " " + String(decoding: digits.dropFirst(length), as: UTF8.self)
    }

    /// The bytes after `+358` of a Finnish number stored as ASCII; nil for any other.
    private static func finnishDigits(_ e164: String) -> [UInt8]? {
        guard e164.utf8.starts(with: "+358".utf8), e164.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return Array(e164.utf8.dropFirst(4))
    }

    /// How many digits a number's country code has (ITU-T E.164 assignments): 1 for North
    /// America (1) and Russia and Kazakhstan (7); 2 for the two-digit codes; 3 for the rest.
    static func countryCodeLength(_ digits: some Collection<UInt8>) -> Int {
        guard let first = digits.first else { return 0 }
        if first == UInt8(ascii: "1") || first == UInt8(ascii: "7") { return 1 }
        let pair = Array(digits.prefix(2))
        guard pair.count == 2, pair.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return 3 }
        return twoDigitCountryCodes.contains(Int(pair[0] - UInt8(ascii: "0")) * 10 + Int(pair[1] - UInt8(ascii: "0"))) ? 2 : 3
    }

    private static let twoDigitCountryCodes: Set<Int> = [
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
        51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86,
        90, 91, 92, 93, 94, 95, 98,
    ]

    /// Digit strings the search index keeps for a number: the national form of a Finnish one
    /// (a query for +358 40 is read as 040), else the E.164 digits.
    public static func searchForms(_ e164: String) -> [String] {
        let digits = String(e164.dropFirst())
        if e164.hasPrefix("+358") { return ["0" + e164.dropFirst(4)] }
        return [digits]
    }
}
