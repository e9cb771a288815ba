/// What a person is to the business: their privacy notice describes each group differently.
public enum CustomerKind: String, CaseIterable, Sendable, Codable {
    case customer, prospect, partner, member, marketing

    /// Whether there is a customer relationship in which the business may market its own
    /// similar products by e-mail or SMS until the person objects (Information Society Code
    /// § 200): customers, members and partners. Prospects and marketing contacts need consent.
    public var isCustomerRelationship: Bool {
        switch self {
        case .customer, .member, .partner: true
        case .prospect, .marketing: false
        }
    }

    /// `member`, `jäsen`, `Prospekti`: English and Finnish, any case.
    public static func parse(_ raw: String, field: String = "kind") throws(FieldError) -> CustomerKind {
        let key = SearchFolding.fold(raw.trimmed)
        if let kind = CustomerKind(rawValue: key) ?? finnish[key] { return kind }
        throw FieldError(field, "'{0}' is not a kind ({1})", "\(raw)", "\(allCases.map(\.rawValue).joined(separator: ", "))").unknownChoice()
    }

    private static let finnish: [String: CustomerKind] = [
        "asiakas": .customer, "prospekti": .prospect, "potentiaalinen": .prospect, "potentiaalinen asiakas": .prospect,
        "kumppani": .partner, "yhteistyokumppani": .partner, "jasen": .member, "markkinointi": .marketing,
        "markkinointikontakti": .marketing,
    ]
}

/// Whether the customer buys as a business or as a consumer (the Consumer Protection Act and
/// the price display rules apply to consumers; invoices to a business carry its business ID).
public enum CustomerType: String, CaseIterable, Sendable {
    case business, consumer

    /// `business`, `yritys`, `B2C`: English and Finnish, any case; empty is "not said".
    public static func parse(_ raw: String, field: String = "type") throws(FieldError) -> CustomerType? {
        let key = SearchFolding.fold(raw.trimmed)
        if key.isEmpty { return nil }
        if let type = CustomerType(rawValue: key) ?? aliases[key] { return type }
        throw FieldError(field, "'{0}' is not a customer type ({1})", "\(raw)", "\(allCases.map(\.rawValue).joined(separator: ", "))").unknownChoice()
    }

    private static let aliases: [String: CustomerType] = [
        "b2b": .business, "company": .business, "yritys": .business, "yritysasiakas": .business, "foretag": .business,
        "b2c": .consumer, "private": .consumer, "person": .consumer, "kuluttaja": .consumer, "kuluttaja-asiakas": .consumer,
        "yksityinen": .consumer, "yksityishenkilo": .consumer, "konsument": .consumer,
    ]
}

/// Free tags ("joulukortti", "VIP"): one line, short, compared without case or accents.
public enum Tag {
    public static let maxLength = 40

    public static func validate(_ raw: String, field: String = "tag") throws(FieldError) -> String {
        guard let text = try TextInput.clean(raw, field: field, maxLength: maxLength) else { throw FieldError(field, "is empty") }
        guard !text.utf8.contains(UInt8(ascii: ",")), !text.hasPrefix("#") else { throw FieldError(field, "'{0}' may not contain a comma or start with #", "\(text)") }
        return text
    }

    /// The form two tags are the same in: `VIP` and `vip`, `Joulukortti` and `joulukortti`.
    public static func key(_ tag: String) -> String { SearchFolding.fold(tag) }

    /// `a, b,c` as typed in a form: validated, duplicates (by key) dropped, order kept.
    public static func list(_ raw: String, field: String = "tags") throws(FieldError) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for part in raw.split(separator: ",") where !part.trimmed.isEmpty {
            let tag = try validate(String(part), field: field)
            if seen.insert(key(tag)).inserted { out.append(tag) }
        }
        return out
    }
}

/// How the person wants to be reached.
public enum PreferredChannel: String, CaseIterable, Sendable {
    case email, phone, sms, letter, meeting

    public static func parse(_ raw: String, field: String = "preferred_channel") throws(FieldError) -> PreferredChannel? {
        let key = SearchFolding.fold(raw.trimmed)
        if key.isEmpty { return nil }
        if let channel = PreferredChannel(rawValue: key) ?? aliases[key] { return channel }
        throw FieldError(field, "'{0}' is not a channel ({1})", "\(raw)", "\(allCases.map(\.rawValue).joined(separator: ", "))").unknownChoice()
    }

    private static let aliases: [String: PreferredChannel] = ["sahkoposti": .email, "e-mail": .email, "puhelin": .phone, "tekstiviesti": .sms,
                                                              "kirje": .letter, "posti": .letter, "tapaaminen": .meeting]
}

/// A website or a social-media profile, typed by its host.
public struct ProfileLink: Sendable, Equatable, Hashable {
    public enum Kind: String, CaseIterable, Sendable {
        case website, linkedin, facebook, instagram, x, youtube, other
    }

    public var kind: Kind
    public var url: String

    public init(kind: Kind, url: String) {
        self.kind = kind
        self.url = url
    }

    /// `https://example.fi` for a website, `linkedin: https://…` for a profile.
    public var display: String { kind == .website ? url : "\(kind.rawValue): \(url)" }

    /// A website as given (`--website`).
    public static func website(_ raw: String, field: String = "website") throws(FieldError) -> ProfileLink? {
        try Website.validate(raw, field: field).map { ProfileLink(kind: .website, url: $0) }
    }

    /// A profile (`--profile`): the kind comes from the host, e.g. linkedin.com -> linkedin.
    public static func profile(_ raw: String, field: String = "profile") throws(FieldError) -> ProfileLink? {
        guard let url = try Website.validate(raw, field: field) else { return nil }
        return ProfileLink(kind: kind(ofProfile: url), url: url)
    }

    /// A profile's kind, from its host (linkedin.com -> linkedin; `other` when not known).
    public static func kind(ofProfile url: String) -> Kind {
        let host = Website.host(of: url)
        return knownHosts.first { host == $0.0 || host.hasSuffix("." + $0.0) }?.1 ?? .other
    }

    private static let knownHosts: [(String, Kind)] = [("linkedin.com", .linkedin), ("facebook.com", .facebook), ("fb.com", .facebook),
                                                       ("instagram.com", .instagram), ("x.com", .x), ("twitter.com", .x), ("youtube.com", .youtube)]
}

extension PersonalIdentityCode {
    /// The birthdate a valid code carries (`131052-308T` -> 13.10.1952).
    public static func birthdate(of code: String) -> LocalDate? {
        let c = Array(code.uppercased())
        guard c.count == 11, let century = centuries[c[6]], let day = Int(String(c[0..<2])), let month = Int(String(c[2..<4])),
              let year = Int(String(c[4..<6])) else { return nil }
        return LocalDate(year: century + year, month: month, day: day)
    }
}
