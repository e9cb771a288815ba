/// Web addresses: `example.fi` or `https://www.example.fi/path`; no spaces, a real host name.
public enum Website {
    public static func validate(_ raw: String, field: String = "website") throws(FieldError) -> String? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: FieldLimits.website) else { return nil }
        let host = hostPart(of: text)
        guard !text.contains(Character(" ")), host.contains(Character(".")), !host.hasPrefix("."), !host.hasSuffix("."),
              host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == ":" }) else {
            throw FieldError(field, "'{0}' is not a web address (e.g. https://www.example.fi)", "\(text)")
        }
        return text
    }

    /// The host of a web address, lowercased and without `www.`: `https://www.Example.fi/x` -> `example.fi`.
    public static func host(of url: String) -> String {
        var host = hostPart(of: url).lowercased()
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return host
    }

    /// What lies between the scheme (if any) and the first `/`, as written.
    static func hostPart(of text: String) -> String {
        let lower = text.lowercased()
        let rest = lower.hasPrefix("https://") ? text.dropFirst(8) : lower.hasPrefix("http://") ? text.dropFirst(7) : Substring(text)
        return rest.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
    }
}
