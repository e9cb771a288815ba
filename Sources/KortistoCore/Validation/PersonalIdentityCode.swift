/// Henkilötunnus: `DDMMYY`, a century sign, `NNN` and a check character.
/// Stored only where the register needs it; shown masked everywhere but the access report.
public enum PersonalIdentityCode {
    static let checkCharacters = Array("0123456789ABCDEFHJKLMNPRSTUVWXY")
    static let centuries: [Character: Int] = [
        "+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
        "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000,
    ]

    public static func validate(_ raw: String, allowTemporary: Bool = false, field: String = "identity_code") throws(FieldError) -> String? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: 20)?.uppercased() else { return nil }
        let c = Array(text)
        guard c.count == 11, c[0..<6].allSatisfy({ $0.isASCII && $0.isNumber }),
              c[7..<10].allSatisfy({ $0.isASCII && $0.isNumber }),
              let century = centuries[c[6]] else {
            throw FieldError(field, "is not a henkilötunnus (expected DDMMYY, a century sign, 3 digits and a check character)")
        }
        let day = Int(String(c[0..<2]))!, month = Int(String(c[2..<4]))!, year = century + Int(String(c[4..<6]))!
        guard LocalDate(year: year, month: month, day: day) != nil else {
            throw FieldError(field, "contains a date that does not exist")
        }
        let serial = Int(String(c[7..<10]))!
        guard serial >= 2 else { throw FieldError(field, "has an individual number that is never used") }
        guard serial < 900 || allowTemporary else { throw FieldError(field, "is a temporary code (individual number 900–999)") }
        let number = Int(String(c[0..<6]) + String(c[7..<10]))!
        guard checkCharacters[number % 31] == c[10] else {
            throw FieldError(field, "has a wrong check character (a typo?)")
        }
        return text
    }

    /// `131052-****`: enough to tell two people apart on screen, not enough to misuse.
    public static func masked(_ code: String) -> String {
        String(code.prefix(7)) + "****"
    }
}
