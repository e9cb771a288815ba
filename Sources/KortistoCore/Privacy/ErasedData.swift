/// Every kind of data forgetting erases. The store erases each kind by its own case of one
/// exhaustive switch, and the confirmation lists the kinds from this same list (in the
/// interface's words, `erase.<raw value>`), so what is said and what is done cannot drift.
public enum ErasedData: String, CaseIterable, Sendable {
    case name
    /// The link to the organisation and the department (the organisation itself too, when it
    /// is named after them and nobody else is in it).
    case organisation
    case title
    /// E-mail, phone and the preferred channel.
    case contactDetails = "contact_details"
    case address
    case birthdate
    case identityCode = "identity_code"
    case language
    case notes
    case source
    /// Membership dates and the kind of relationship.
    case membership
    /// The reasons given for a restriction of processing.
    case reasons
    case contactEvents = "contact_events"
    case consentHistory = "consent_history"
    case tags
    case links
    case feedback
    case events
    case campaigns
    /// Requests stay as evidence of what was asked and answered, without their free text.
    case requestTexts = "request_texts"
    case disclosures
    /// Order descriptions that name them are replaced whole; the orders stay for the books.
    case orderTexts = "order_texts"
    case searchTerms = "search_terms"
    /// The audit log's lines about the customer (ids and actions only, but still a history).
    case history

    /// For the command line, which speaks English.
    public var english: String {
        switch self {
        case .name: "name"
        case .organisation: "organisation and department"
        case .title: "title"
        case .contactDetails: "e-mail, phone and preferred channel"
        case .address: "address"
        case .birthdate: "birthdate"
        case .identityCode: "identity code"
        case .language: "language"
        case .notes: "notes"
        case .source: "source of the data"
        case .membership: "membership and relationship"
        case .reasons: "reason of a restriction"
        case .contactEvents: "contact events"
        case .consentHistory: "consents and bans"
        case .tags: "tags"
        case .links: "websites and profiles"
        case .feedback: "feedback"
        case .events: "event participation"
        case .campaigns: "campaign records"
        case .requestTexts: "free text of requests"
        case .disclosures: "disclosure records"
        case .orderTexts: "order descriptions that name them"
        case .searchTerms: "search terms"
        case .history: "change history"
        }
    }
}

/// Whether free text names a person: some word in it begins with the stem of one of their
/// names (diacritics folded; the first four letters, or the whole name when shorter), which
/// catches inflected Finnish forms (`Virtasen lahjakortti`, `Laineen kampaamo`). Text that does
/// is removed whole, never cut up (`Marian kurssi` must not become `M[poistettu]an kurssi`).
/// Doubled letters are read as one on both sides, for consonant gradation: Matti → `Matin`,
/// Pekka → `Pekan`, Liisa → `Liisan`.
public enum NameMention {
    public static func stems(_ names: [String]) -> [String] {
        names.flatMap { SearchFolding.terms($0) }.filter { $0.count >= 2 }.map { String(single($0).prefix(4)) }
    }

    public static func mentions(_ text: String, stems: [String]) -> Bool {
        guard !stems.isEmpty else { return false }
        return SearchFolding.terms(text).contains { word in
            let word = single(word)
            return stems.contains { word.hasPrefix($0) }
        }
    }

    /// `matti` → `mati`, `aaro` → `aro`: each run of one letter as one.
    static func single(_ word: String) -> String {
        var result = ""
        for character in word where character != result.last { result.append(character) }
        return result
    }
}
