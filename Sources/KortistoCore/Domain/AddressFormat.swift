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
        AddressFormat.oneLine(street: street, postcode: postcode, town: town, country: country, countryName: countryName)
    }
}
