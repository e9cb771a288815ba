/// Postcodes: five digits in Finland (Excel's `100` for `00100` is re-padded by imports, not here).
public enum Postcode {
    public static func validate(_ raw: String, country: String, field: String = "postcode") throws(FieldError) -> String? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: FieldLimits.postcode) else { return nil }
        if country == "FI" || country == "AX" {
            guard text.count == 5, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw FieldError(field, "'{0}' is not a Finnish postcode (5 digits, e.g. 00100)", "\(text)")
            }
            return text
        }
        guard text.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == " " || $0 == "-" }) else {
            throw FieldError(field, "'{0}' has characters a postcode does not use", "\(text)")
        }
        return text.uppercased()
    }
}
