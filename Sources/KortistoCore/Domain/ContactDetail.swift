/// An e-mail address, phone number or postal address beside the main one, with what it is
/// for: people have a work e-mail, a home phone, a summer address. The main ones stay in the
/// customer's own fields; these are kept, shown, searched, exported and forgotten with them.
public struct ContactDetail: Sendable, Hashable {
    public enum Kind: String, CaseIterable, Sendable { case email, phone, address }
    public enum Label: String, CaseIterable, Sendable {
        case home, work, mobile, other

        /// `koti`, `työ`, `GSM`, `business`: English and Finnish, any case; nil when not a label.
        public static func parse(_ raw: String) -> Label? {
            let key = SearchFolding.fold(raw.trimmed)
            return Label(rawValue: key) ?? aliases[key]
        }

        private static let aliases: [String: Label] = [
            "koti": .home, "kotona": .home, "private": .home, "personal": .home, "oma": .home, "hem": .home,
            "tyo": .work, "business": .work, "office": .work, "toimisto": .work, "yritys": .work, "arbete": .work, "internet": .other,
            "mobiili": .mobile, "matkapuhelin": .mobile, "kannykka": .mobile, "gsm": .mobile, "cell": .mobile, "mobil": .mobile,
            "muu": .other, "kesa": .other, "summer": .other, "pref": .other, "voice": .other,
        ]
    }

    public var kind: Kind
    public var label: Label
    public var value: String

    public init(kind: Kind, label: Label, value: String) {
        self.kind = kind
        self.label = label
        self.value = value
    }

    /// `work: aino@firma.fi`: as typed, and as a CSV cell writes it.
    public var text: String { "\(label.rawValue): \(value)" }

    /// `work: aino@firma.fi`, `koti: 09 123 4567`, or a value alone (`other`), validated as the
    /// main one of its kind is; nil for an empty entry.
    public static func parse(_ raw: String, kind: Kind, field: String) throws(FieldError) -> ContactDetail? {
        var label = Label.other, value = raw.trimmed
        if let colon = value.firstIndex(of: ":"), let known = Label.parse(String(value[..<colon])) {
            label = known
            value = String(value[value.index(after: colon)...]).trimmed
        }
        let valid: String?
        switch kind {
        case .email: valid = try Email.validate(value, field: field)
        case .phone: valid = try Phone.normalise(value, field: field)
        case .address: valid = try TextInput.clean(value, field: field, maxLength: FieldLimits.street * 2)
        }
        return valid.map { ContactDetail(kind: kind, label: label, value: $0) }
    }

    /// A stored or exported `label: value` read back (already valid).
    public static func stored(_ text: String, kind: Kind) -> ContactDetail {
        if let colon = text.firstIndex(of: ":"), let label = Label(rawValue: String(text[..<colon])) {
            return ContactDetail(kind: kind, label: label, value: String(text[text.index(after: colon)...]).trimmed)
        }
        return ContactDetail(kind: kind, label: .other, value: text.trimmed)
    }
}
