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
        grouped(e164, international: false)
    }

    /// A stored number grouped in its international form (`+358 40 123 4567`, `+46 701234567`):
    /// a spreadsheet keeps it as text, where `+358401234567` became the number 358401234567.
    /// Finnish numbers in their national groups; others with the country code apart.
    public static func international(_ e164: String) -> String {
        grouped(e164, international: true)
    }

    /// `display` or `international`: the bytes grouped into one small buffer, made a string once
    /// (a CSV export for Excel groups a million numbers; pieces of strings cost a tenth of it).
    private static func grouped(_ e164: String, international: Bool) -> String {
        var stored = e164
        return stored.withUTF8 { bytes -> String in
            let finnish = bytes.starts(with: "+358".utf8)
            guard bytes.first == UInt8(ascii: "+"), bytes.allSatisfy({ $0 < 0x80 }),
                  international ? bytes.count > 4 : finnish else { return e164 }
            // At most `+358 `, the digits and two spaces.
            return String(unsafeUninitializedCapacity: bytes.count + 3) { out in
                var n = 0
                func put(_ part: some Sequence<UInt8>) { for byte in part { out[n] = byte; n += 1 } }
                guard finnish else {
                    // The country code apart: `+`, its digits, a space, the rest.
                    let digits = UnsafeBufferPointer(rebasing: bytes[1...])
                    let length = countryCodeLength(digits)
                    put("+".utf8); put(digits.prefix(length)); put(" ".utf8); put(digits.dropFirst(length))
                    return n
                }
                // The national form: the trunk 0, then the digits after +358; its area code, three
                // digits and the rest apart once there are more than three after the area code.
                let digits = UnsafeBufferPointer(rebasing: bytes[4...])
                let areaLength: Int
                switch digits.first {
                case UInt8(ascii: "4"): areaLength = 3                                          // 040, 041, 044, 045, 046, 049, 04x
                case UInt8(ascii: "5") where digits.count > 1 && digits[1] == UInt8(ascii: "0"): areaLength = 3  // 050
                case UInt8(ascii: "1"), UInt8(ascii: "7"): areaLength = 3                       // 013 … 019, 075, 0700 service numbers
                case UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "6"), UInt8(ascii: "8"), UInt8(ascii: "9"): areaLength = 2
                default: areaLength = 3
                }
                put(international ? "+358 ".utf8 : "0".utf8)
                let area = areaLength - 1   // digits of the area code after the trunk 0
                guard digits.count > area + 3 else {
                    put(digits)
                    return n
                }
                put(digits[..<area]); put(" ".utf8); put(digits[area..<(area + 3)]); put(" ".utf8); put(digits[(area + 3)...])
                return n
            }
        }
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
