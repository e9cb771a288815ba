/// A postal address on one line: `Kauppakatu 1, 40100 JYVÄSKYLÄ`, and the country for
/// addresses abroad. The CLI, the interface and organisations all show addresses this way.
public enum AddressFormat {
    /// `countryName` turns a code into the name to show (English by default).
    public static func oneLine(street: String?, postcode: String?, town: String?, country: String,
                               countryName: (Country) -> String = { $0.english }) -> String? {
        let place = [postcode, town?.uppercased()].compactMap { $0 }.joined(separator: " ")
        var parts = [street, place.isEmpty ? nil : place].compactMap { $0 }
        if country != Country.finland { parts.append((Country.named(country).map(countryName) ?? country).uppercased()) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

/// A PO box as Posti writes it: `PL 123` (`Postilokero`, `PO Box`, `Box` and bare digits read
/// the same; another form, such as a Swedish `Box 12 Stockholm`, is kept as written).
public enum POBox {
    public static func validate(_ raw: String, field: String = "po_box") throws(FieldError) -> String? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: 40) else { return nil }
        let words = text.split(separator: " ")
        let prefixes: Set<String> = ["pl", "pl.", "postilokero", "po", "p.o.", "box", "pb", "postbox"]
        var rest = words[...]
        while let first = rest.first, prefixes.contains(first.lowercased()) { rest = rest.dropFirst() }
        if rest.count == 1, let number = rest.first, number.allSatisfy(\.isNumber) { return "PL \(number)" }
        return text
    }
}

extension Customer {
    /// Letters for bans, hold and restriction, as lists show them: P publication ban,
    /// M direct-marketing ban, R research ban, D disclosure ban, H legal hold, X restricted.
    public var badges: String {
        var out = ""
        if bans.contains(.publication) { out += "P" }
        if bans.contains(.marketing) { out += "M" }
        if bans.contains(.research) { out += "R" }
        if bans.contains(.disclosure) { out += "D" }
        if hasLegalHold { out += "H" }
        if isRestricted { out += "X" }
        return out
    }

    public func oneLineAddress(countryName: (Country) -> String = { $0.english }) -> String? {
        let street = [careOf, self.street, poBox].compactMap { $0 }.joined(separator: ", ")
        return AddressFormat.oneLine(street: street.isEmpty ? nil : street, postcode: postcode, town: town, country: country, countryName: countryName)
    }
}
