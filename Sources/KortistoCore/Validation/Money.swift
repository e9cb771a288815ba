import Foundation

/// Euro amounts in cents: typed as `25,50`, `25.50`, `1 234,50` or `120`; shown as `1 234,50 €`.
public enum Money {
    public static func parseCents(_ raw: String, field: String = "amount") throws(FieldError) -> Int {
        guard var text = try TextInput.clean(raw, field: field, maxLength: 30) else {
            throw FieldError(field, "is required")
        }
        text = text.replacingOccurrences(of: "€", with: "")
            .replacingOccurrences(of: "EUR", with: "", options: .caseInsensitive)
            .replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: "\u{202F}", with: "")
        let bad = FieldError(field, "'{0}' is not an amount in euros (write 25,50 or 25.50)", "\(raw)")
        if text.hasPrefix("-") { throw FieldError(field, "cannot be negative") }
        let separators = text.filter { $0 == "," || $0 == "." }
        guard separators.count <= 1 else { throw bad }
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "." }).map(String.init)
        let euros = parts.first ?? "0"
        let fraction = separators.isEmpty ? "" : (parts.count == 2 ? parts[1] : "")
        guard !euros.isEmpty || !fraction.isEmpty,
              euros.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
              fraction.count <= 2, euros.count <= 10 else { throw bad }
        return (Int(euros) ?? 0) * 100 + (Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0)
    }

    /// `1 234,50 €` with a no-break space between thousands, as Finnish writing has it.
    public static func display(cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let value = abs(cents)
        var euros = String(value / 100)
        var grouped = ""
        while euros.count > 3 {
            grouped = "\u{00A0}" + euros.suffix(3) + grouped
            euros = String(euros.dropLast(3))
        }
        return sign + euros + grouped + "," + String(value % 100).leftPadded(to: 2) + "\u{00A0}€"
    }

    /// `1234.50`: machine form for JSON and CSV.
    public static func decimal(cents: Int) -> String {
        (cents < 0 ? "-" : "") + String(cents.magnitude / 100) + "." + String(cents.magnitude % 100).leftPadded(to: 2)
    }
}
