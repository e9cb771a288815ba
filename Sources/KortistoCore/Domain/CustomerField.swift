import Foundation

/// Every field of a customer, once. The store's column lists and row decoding, the forget,
/// the merge of a duplicate, the CSV and JSON exports, the import's column mapping, the
/// command line's options and the customer form are all derived from `spec`, so a field added
/// here is stored, exported, imported, erased and merged everywhere, and a field missing from
/// a derived list is a failing test (`CustomerFieldTests`), not a silent privacy bug.
///
/// The order is the order of the CSV export's columns (a contract for spreadsheets); fields
/// no export carries follow.
public enum CustomerField: String, CaseIterable, Sendable {
    case number
    case firstName = "first_name"
    case lastName = "last_name"
    case organisation
    case title
    case email
    case phone
    case street
    case postcode
    case town
    case country
    case birthdate
    case language
    case notes
    case source
    case sourceDetail = "source_detail"
    case since
    case bans
    case kind
    case tags
    case department
    case preferredChannel = "preferred_channel"
    case memberSince = "member_since"
    case memberUntil = "member_until"
    case websites
    case profiles
    case customerType = "type"
    case careOf = "care_of"
    case poBox = "po_box"
    case otherEmails = "other_emails"
    case otherPhones = "other_phones"
    case otherAddresses = "other_addresses"
    case identityCode = "identity_code"
    case legalHoldReason = "legal_hold_reason"
    case restrictionReason = "restriction_reason"
    case createdAt = "created_at"
    case updatedAt = "updated_at"
    case revision
    case vcardUID = "vcard_uid"

    /// The JSON key and CSV header (snake_case: a contract for scripts).
    public var key: String { rawValue }
    /// The label's key in the language tables (`field.email`: "E-mail", "Sähköposti").
    public var labelKey: String { "field.\(rawValue)" }
    /// Whether a person types it (an option, a form field, an import column gives it).
    public var isTyped: Bool { spec.give != nil }
    /// Whether it is personal data: forgetting empties it.
    public var isPersonal: Bool { spec.erasure != nil }

    public var spec: FieldSpec { Self.specs[ordinal] }

    /// The field's place in `allCases`. A case-only enum is stored as its case's index in
    /// declaration order, which is `allCases`' order (a test holds the two equal): a dictionary
    /// keyed by the field hashed its String raw value on every lookup, which cost more than the
    /// rest of decoding a row (exports read thirty fields a row).
    @inline(__always)
    public var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
    private static let specs = allCases.map(\.makeSpec)

    /// A postal address's parts: a merge takes them together or not at all, so a street from
    /// one address never meets the postcode of another.
    public static let address: [CustomerField] = [.street, .careOf, .poBox, .postcode, .town]

    /// The fields stored in the customer table's own columns, in table order.
    public static let stored = allCases.filter { $0.spec.column != nil }
    /// What each export format carries, in table order.
    public static func carried(by format: ExchangeFormat) -> [CustomerField] { allCases.filter { $0.spec.formats.contains(format) } }
    /// What the customer form edits, in table order.
    public static let edited = allCases.filter { $0.spec.edited }

    /// The field's value in `customer`.
    public func value(in customer: Customer) -> FieldValue { spec.get(customer) }

    /// Sets the field from a value read back (a stored column, a merged record's field).
    public func set(_ value: FieldValue, in customer: inout Customer) throws(StoredValueError) { try spec.set(&customer, value) }

    /// Gives `text` to `input` as this field's typed value (an import cell, a command-line
    /// option, a form field, a whole-register file's entry); false for fields nobody types.
    @discardableResult
    public func give(_ text: String, to input: inout CustomerInput) -> Bool {
        guard let give = spec.give else { return false }
        give(&input, text)
        return true
    }

    /// The field as a person would type it back (grouped phone, Finnish dates): a form's value.
    public func typed(in customer: Customer) -> String {
        switch self {
        case .phone: customer.phone.map(Phone.display) ?? ""
        case .birthdate: customer.birthdate?.finnish ?? ""
        case .since: customer.since.finnish
        case .memberSince: customer.memberSince?.finnish ?? ""
        case .memberUntil: customer.memberUntil?.finnish ?? ""
        case .source: customer.source?.display ?? ""
        default: value(in: customer).cell(separator: spec.separator)
        }
    }
}

/// One row of the field table.
public struct FieldSpec: Sendable {
    /// The customer table's column; nil when kept in a table of its own (tags, links) or
    /// derived (bans, from the consent events).
    public let column: String?
    /// Whether every add and edit writes the column; the others are written by the store
    /// itself (number, times, revision) or by their own commands (hold, restriction), and
    /// by a restore of a whole record.
    public let written: Bool
    /// The `add`/`edit` option (`--first`); nil when no such option sets the field.
    public let option: String?
    public let optionValue: String
    public let optionHelp: String
    /// Whether the option may be given several times (each value one item of the list).
    public let repeatable: Bool
    /// Whether the customer form edits it.
    public let edited: Bool
    /// The kind of data forgetting erases it with (nil: kept, not personal data) and what the
    /// column holds afterwards (nil: NULL).
    public let erasure: ErasedData?
    public let erasedText: String?
    public let merge: MergeRule
    public let formats: Set<ExchangeFormat>
    /// Spreadsheet headers that name the field (folded: no diacritics, lower case); the key
    /// itself always does.
    public let aliases: [String]
    /// How a list is written in one CSV cell.
    public let separator: String
    /// A valid value as a person would type it: the test generator fills every field with it.
    public let example: String?
    let get: @Sendable (Customer) -> FieldValue
    let set: @Sendable (inout Customer, FieldValue) throws(StoredValueError) -> Void
    let give: (@Sendable (inout CustomerInput, String) -> Void)?
}

extension CustomerField {
    // swiftlint:disable:next function_body_length
    private var makeSpec: FieldSpec {
        let all: Set<ExchangeFormat> = [.csv, .json, .vcard], tabular: Set<ExchangeFormat> = [.csv, .json]
        func spec(column: String? = nil, written: Bool = true, option: String? = nil, value: String = "TEXT", help: String = "", repeatable: Bool = false,
                  edited: Bool = true, erasure: ErasedData?, erasedText: String? = nil, merge: MergeRule = .fillEmpty,
                  formats: Set<ExchangeFormat>, aliases: [String] = [], separator: String = " ", example: String?,
                  get: @escaping @Sendable (Customer) -> FieldValue,
                  set: @escaping @Sendable (inout Customer, FieldValue) throws(StoredValueError) -> Void,
                  give: (@Sendable (inout CustomerInput, String) -> Void)?) -> FieldSpec {
            FieldSpec(column: column ?? ([.bans, .tags, .websites, .profiles, .otherEmails, .otherPhones, .otherAddresses].contains(self) ? nil : rawValue),
                      written: written, option: option, optionValue: value, optionHelp: help, repeatable: repeatable, edited: edited,
                      erasure: erasure, erasedText: erasedText, merge: merge, formats: formats, aliases: aliases, separator: separator,
                      example: example, get: get, set: set, give: give)
        }
        let field = self
        @Sendable func text(_ value: FieldValue) throws(StoredValueError) -> String? {
            switch value {
            case .none: return nil
            case let .text(text): return text
            default: throw StoredValueError(field: field, value: value.storedText ?? "")
            }
        }
        @Sendable func parsed<T>(_ value: FieldValue, _ parse: (String) -> T?) throws(StoredValueError) -> T? {
            guard let raw = try text(value) else { return nil }
            guard let parsed = parse(raw) else { throw StoredValueError(field: field, value: raw) }
            return parsed
        }
        @Sendable func list(_ value: FieldValue) -> [String] {
            switch value {
            case let .list(items): items
            case let .text(text): text.split(whereSeparator: \.isWhitespace).map(String.init)
            default: []
            }
        }
        @Sendable func words(_ text: String) -> [String] { text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init) }

        switch self {
        case .number:
            return spec(written: false, edited: false, erasure: nil, merge: .keep, formats: tabular, example: nil,
                        get: { .integer($0.number) },
                        set: { c, v throws(StoredValueError) in
                            guard case let .integer(n) = v else { throw StoredValueError(field: field, value: v.storedText ?? "") }
                            c.number = n
                        }, give: nil)
        case .firstName:
            return spec(option: "first", value: "NAME", help: "first name", erasure: .name, erasedText: "", merge: .keep, formats: all,
                        aliases: ["first name", "firstname", "given name", "etunimi", "etunimet", "fornamn"], example: "Äijä-Åke",
                        get: { .text($0.firstName) }, set: { c, v throws(StoredValueError) in c.firstName = try text(v) ?? "" },
                        give: { $0.firstName = $1 })
        case .lastName:
            return spec(option: "last", value: "NAME", help: "last name", erasure: .name, erasedText: "", merge: .keep, formats: all,
                        aliases: ["last name", "lastname", "family name", "surname", "sukunimi", "efternamn"], example: "Öhrnberg",
                        get: { .text($0.lastName) }, set: { c, v throws(StoredValueError) in c.lastName = try text(v) ?? "" },
                        give: { $0.lastName = $1 })
        case .organisation:
            // Stored as the organisation's id; exchanged as its name (the store resolves one to the other).
            return spec(column: "organisation_id", option: "org", value: "NAME", help: "organisation (created when new)", erasure: .organisation,
                        formats: all,
                        aliases: ["organization", "company", "organization name", "organization 1 - name", "yritys", "organisaatio", "yhtio", "foretag"],
                        example: "Kahvila Sävel Oy",
                        get: { .optional($0.organisationName) },
                        set: { c, v throws(StoredValueError) in
                            switch v {
                            case let .integer(id): c.organisationID = id
                            case .none: c.organisationID = nil; c.organisationName = nil
                            default: c.organisationName = try text(v); c.organisationID = nil
                            }
                        }, give: { $0.organisation = $1 })
        case .title:
            return spec(option: "title", value: "T", help: "position or title in the organisation", erasure: .title, formats: all,
                        // Outlook's `Title` is a salutation (Mr., Ms.): any job title column comes before it.
                        aliases: ["job title", "organization title", "organization 1 - title", "titteli", "tehtavanimike", "asema", "ammatti",
                                  "title"],
                        example: "Hierojamestari",
                        get: { .optional($0.title) }, set: { c, v throws(StoredValueError) in c.title = try text(v) }, give: { $0.title = $1 })
        case .email:
            return spec(option: "email", value: "E", help: "e-mail address", erasure: .contactDetails, formats: all,
                        aliases: ["e-mail", "e-mail address", "email address", "e-mail 1 - value", "sahkoposti", "sahkopostiosoite", "s-posti",
                                  "sposti", "e-post", "e-postadress", "mail", "e-mail 2 address", "e-mail 3 address", "e-mail 2 - value",
                                  "e-mail 3 - value", "email 2", "sahkoposti 2", "sahkoposti 3"],
                        example: "aija.ohrnberg@example.fi",
                        get: { .optional($0.email) }, set: { c, v throws(StoredValueError) in c.email = try text(v) }, give: { $0.email = $1 })
        case .phone:
            return spec(option: "phone", value: "P", help: "phone, e.g. 040 123 4567 or +46 70 123 45 67 (stored as +358401234567)",
                        erasure: .contactDetails, formats: all,
                        // A mobile number wins over a home or work phone for the main phone.
                        aliases: ["mobile phone", "matkapuhelin", "gsm", "kannykka", "mobiili", "mobil", "mobiltelefon", "phone", "puhelin",
                                  "puh", "puh.", "puhelinnumero", "puhelinnro", "primary phone", "phone 1 - value", "business phone", "home phone",
                                  "telefon", "tel", "tel.", "phone 2 - value", "phone 3 - value", "home phone 2", "business phone 2", "company main phone",
                                  "puhelin 2", "tyopuhelin", "kotipuhelin"],
                        example: "040 123 4567",
                        get: { .optional($0.phone) }, set: { c, v throws(StoredValueError) in c.phone = try text(v) }, give: { $0.phone = $1 })
        case .street:
            return spec(option: "street", value: "S", help: "street address or PL nnn", erasure: .address, merge: .fillEmptyTogether(CustomerField.address), formats: all,
                        aliases: ["street address", "address", "home street", "business street", "address 1 - street", "lahiosoite",
                                  "katuosoite", "osoite", "postiosoite", "katu", "adress", "gatuadress", "utdelningsadress"],
                        example: "Kauppakatu 1 A 2",
                        get: { .optional($0.street) }, set: { c, v throws(StoredValueError) in c.street = try text(v) }, give: { $0.street = $1 })
        case .postcode:
            return spec(option: "postcode", value: "C", help: "postcode (5 digits in Finland)", erasure: .address, merge: .fillEmptyTogether(CustomerField.address), formats: all,
                        aliases: ["postal_code", "postal code", "zip", "zip code", "home postal code", "business postal code",
                                  "address 1 - postal code", "postinumero", "postinro", "postinro.", "postinumerot", "postnummer", "postnr", "postnr."],
                        example: "00100",
                        get: { .optional($0.postcode) }, set: { c, v throws(StoredValueError) in c.postcode = try text(v) }, give: { $0.postcode = $1 })
        case .town:
            return spec(option: "town", value: "T", help: "town (postitoimipaikka)", erasure: .address, merge: .fillEmptyTogether(CustomerField.address), formats: all,
                        aliases: ["city", "home city", "business city", "address 1 - city", "postitoimipaikka", "postitoimipaikka.", "ptp",
                                  "kaupunki", "kunta", "paikkakunta", "postort", "ort", "stad"],
                        example: "Hämeenlinna",
                        get: { .optional($0.town) }, set: { c, v throws(StoredValueError) in c.town = try text(v) }, give: { $0.town = $1 })
        case .country:
            // Finland is what an empty country means, so that is what forgetting leaves.
            return spec(option: "country", value: "C", help: "country code or name (default FI)", erasure: .address, erasedText: Country.finland,
                        merge: .keep, formats: all, aliases: ["home country/region", "business country/region", "home country", "business country", "country/region",
                                  "address 1 - country", "maa", "valtio", "land"],
                        example: "FI",
                        get: { .text($0.country) }, set: { c, v throws(StoredValueError) in c.country = try text(v) ?? Country.finland },
                        give: { $0.country = $1 })
        case .birthdate:
            return spec(option: "birthdate", value: "D", help: "12.4.1985, 12.4.85, 1985-04-12, or 12.4. when the year is unknown",
                        erasure: .birthdate, formats: all, aliases: ["birthday", "date of birth", "syntymapaiva", "syntymaaika", "fodelsedag"],
                        example: "12.4.1985",
                        get: { .optional($0.birthdate?.iso) }, set: { c, v throws(StoredValueError) in c.birthdate = try parsed(v, Birthdate.init(iso:)) },
                        give: { $0.birthdate = $1 })
        case .language:
            return spec(option: "language", value: "L", help: "preferred language: fi, sv, en, …", erasure: .language, formats: all,
                        aliases: ["kieli", "asiointikieli", "sprak"], example: "sv",
                        get: { .optional($0.language) }, set: { c, v throws(StoredValueError) in c.language = try text(v) }, give: { $0.language = $1 })
        case .notes:
            return spec(option: "note", value: "N", help: "free-text notes", erasure: .notes, formats: all,
                        aliases: ["note", "lisatiedot", "muistiinpanot", "huom", "huomautukset", "kommentti", "anteckningar"],
                        example: "Selkä kipeä; ei öljyjä",
                        get: { .optional($0.notes) }, set: { c, v throws(StoredValueError) in c.notes = try text(v) }, give: { $0.notes = $1 })
        case .source:
            return spec(column: "source_kind", option: "source", value: "S",
                        help: "where the data came from: person, web-form, newsletter, event, public-source (add ': detail')",
                        erasure: .source, merge: .keep, formats: all, aliases: ["lahde", "tietolahde"], example: "event",
                        get: { .optional($0.source?.kind.rawValue) },
                        set: { c, v throws(StoredValueError) in
                            c.source = try parsed(v, DataSource.Kind.init(rawValue:)).map { DataSource(kind: $0, detail: c.source?.detail) }
                        },
                        // `kind: detail` as typed; a detail column that follows is added to it.
                        give: { input, text in input.source = input.source.map { "\(text): \($0)" } ?? text })
        case .sourceDetail:
            return spec(edited: false, erasure: .source, merge: .keep, formats: tabular, aliases: ["source detail", "lahteen tarkenne"], example: "Messut 2025",
                        get: { .optional($0.source?.detail) },
                        set: { c, v throws(StoredValueError) in
                            let detail = try text(v)
                            if c.source != nil { c.source?.detail = detail } else if detail != nil { throw StoredValueError(field: field, value: detail ?? "") }
                        },
                        give: { input, text in input.source = input.source.map { "\($0): \(text)" } ?? text })
        case .since:
            return spec(option: "since", value: "DATE", help: "customer since (default today); counts as activity", edited: false,
                        erasure: nil, merge: .keep, formats: all, aliases: ["customer since", "asiakkaana alkaen", "asiakas alkaen"], example: "1.2.2020",
                        get: { .text($0.since.iso) },
                        set: { c, v throws(StoredValueError) in if let date = try parsed(v, LocalDate.init(iso:)) { c.since = date } },
                        give: { $0.since = $1 })
        case .bans:
            // Derived from the consent events; an import records the bans a column names.
            return spec(edited: false, erasure: .consentHistory, merge: .keep, formats: all, aliases: ["kiellot"], example: nil,
                        get: { .list($0.bans.map(\.rawValue)) },
                        set: { c, v throws(StoredValueError) in
                            c.bans = try list(v).map { raw throws(StoredValueError) in
                                guard let kind = ConsentKind(rawValue: raw), kind.isBan else { throw StoredValueError(field: field, value: raw) }
                                return kind
                            }
                        }, give: nil)
        case .kind:
            // Forgetting leaves the default relationship: a member's membership is personal data.
            return spec(option: "kind", value: "K", help: "customer, prospect, partner, member or marketing (default customer)",
                        erasure: .membership, erasedText: CustomerKind.customer.rawValue, merge: .keep, formats: all, aliases: ["laji", "asiakkuus", "suhde", "relationship"],
                        example: "member",
                        get: { .text($0.kind.rawValue) },
                        set: { c, v throws(StoredValueError) in c.kind = try parsed(v, CustomerKind.init(rawValue:)) ?? .customer },
                        // An empty kind keeps the kind (a form's cleared field is not "no relationship").
                        give: { input, text in if !text.trimmed.isEmpty { input.kind = text } })
        case .tags:
            // `--tag` and `--untag` change tags one at a time on the command line.
            return spec(erasure: .tags, merge: .add, formats: all, aliases: ["tunnisteet", "avainsanat"], separator: ", ", example: "VIP, joulukortti",
                        get: { .list($0.tags) }, set: { c, v throws(StoredValueError) in c.tags = list(v) }, give: { $0.tags = $1 })
        case .department:
            return spec(option: "department", value: "D", help: "department in the organisation", erasure: .organisation, formats: all,
                        aliases: ["organization department", "organization 1 - department", "osasto"], example: "Myynti",
                        get: { .optional($0.department) }, set: { c, v throws(StoredValueError) in c.department = try text(v) },
                        give: { $0.department = $1 })
        case .preferredChannel:
            return spec(option: "preferred-channel", value: "C", help: "email, phone, sms, letter or meeting", erasure: .contactDetails, formats: all,
                        aliases: ["preferred channel", "yhteydenottotapa", "toivottu yhteystapa", "prefers", "preferred contact"], example: "sms",
                        get: { .optional($0.preferredChannel?.rawValue) },
                        set: { c, v throws(StoredValueError) in c.preferredChannel = try parsed(v, PreferredChannel.init(rawValue:)) },
                        give: { $0.preferredChannel = $1 })
        case .memberSince:
            return spec(option: "member-since", value: "DATE", help: "member since", erasure: .membership,
                        merge: .fillEmptyTogether([.memberSince, .memberUntil]), formats: all,
                        aliases: ["member since", "jasen alkaen", "jasenyys alkaen"], example: "1.1.2021",
                        get: { .optional($0.memberSince?.iso) },
                        set: { c, v throws(StoredValueError) in c.memberSince = try parsed(v, LocalDate.init(iso:)) },
                        give: { $0.memberSince = $1 })
        case .memberUntil:
            return spec(option: "member-until", value: "DATE", help: "membership ended", erasure: .membership,
                        merge: .fillEmptyTogether([.memberSince, .memberUntil]), formats: all,
                        aliases: ["member until", "jasen asti", "jasenyys paattyy", "jasenyys paattyi", "membership ended", "membership ends"], example: "31.12.2025",
                        get: { .optional($0.memberUntil?.iso) },
                        set: { c, v throws(StoredValueError) in c.memberUntil = try parsed(v, LocalDate.init(iso:)) },
                        give: { $0.memberUntil = $1 })
        case .websites:
            return spec(option: "website", value: "URL", help: "a website (replaces the websites on edit; '' clears)", repeatable: true,
                        erasure: .links, formats: all, aliases: ["verkkosivut", "kotisivut"], example: "https://savel.example.fi",
                        get: { .list($0.links.filter { $0.kind == .website }.map(\.url)) },
                        set: { c, v throws(StoredValueError) in
                            c.links = c.links.filter { $0.kind != .website } + list(v).map { ProfileLink(kind: .website, url: $0) }
                        }, give: { $0.websites = words($1) })
        case .profiles:
            return spec(option: "profile", value: "URL", help: "a social-media profile, typed by its host (replaces the profiles on edit; '' clears)",
                        repeatable: true, erasure: .links, formats: all, aliases: ["profiilit", "some-profiilit"],
                        example: "https://www.linkedin.com/in/aija-ohrnberg",
                        get: { .list($0.links.filter { $0.kind != .website }.map(\.url)) },
                        set: { c, v throws(StoredValueError) in
                            c.links = c.links.filter { $0.kind == .website } + list(v).map { ProfileLink(kind: ProfileLink.kind(ofProfile: $0), url: $0) }
                        }, give: { $0.profiles = words($1) })
        case .customerType:
            return spec(column: "customer_type", option: "type", value: "T", help: "business or consumer", erasure: .membership, formats: all,
                        aliases: ["customer type", "asiakastyyppi", "tyyppi", "kundtyp"], example: "business",
                        get: { .optional($0.customerType?.rawValue) },
                        set: { c, v throws(StoredValueError) in c.customerType = try parsed(v, CustomerType.init(rawValue:)) },
                        give: { $0.customerType = $1 })
        case .careOf:
            return spec(option: "care-of", value: "TEXT", help: "the c/o line of the address (c/o Virtanen)", erasure: .address, merge: .fillEmptyTogether(CustomerField.address), formats: all,
                        aliases: ["c/o", "co", "address extended", "extended address", "lisaosoite", "osoitteen lisarivi"], example: "c/o Virtanen",
                        get: { .optional($0.careOf) }, set: { c, v throws(StoredValueError) in c.careOf = try text(v) }, give: { $0.careOf = $1 })
        case .poBox:
            return spec(option: "po-box", value: "BOX", help: "a PO box (PL 123): where the post goes when there is one", erasure: .address, merge: .fillEmptyTogether(CustomerField.address), 
                        formats: all, aliases: ["po box", "pobox", "p.o. box", "postilokero", "pl", "postbox"], example: "PL 123",
                        get: { .optional($0.poBox) }, set: { c, v throws(StoredValueError) in c.poBox = try text(v) }, give: { $0.poBox = $1 })
        case .otherEmails, .otherPhones, .otherAddresses:
            // Beside the main one, each with its use (`work: …`): their own table.
            let kind: ContactDetail.Kind = self == .otherEmails ? .email : (self == .otherPhones ? .phone : .address)
            let (option, example, aliases): (String, String, [String]) = switch kind {
            case .email: ("other-email", "work: aija@kahvila.example.fi", ["muut sahkopostit", "other e-mails"])
            case .phone: ("other-phone", "home: 09 123 4567", ["muut puhelimet", "other phones"])
            case .address: ("other-address", "other: Rantatie 5, 41800 Korpilahti", ["muut osoitteet", "other addresses"])
            }
            return spec(option: option, value: "USE: VALUE", help: "another \(kind.rawValue) with its use (home, work, mobile, other); replaces them on edit; '' clears",
                        repeatable: true, erasure: .contactDetails, formats: all, aliases: aliases, separator: "; ", example: example,
                        get: { .list($0.otherContacts(kind).map(\.text)) },
                        set: { c, v throws(StoredValueError) in
                            let items: [String] = switch v {
                            case let .list(items): items
                            case let .text(text): text.split(separator: ";").map(String.init)
                            default: []
                            }
                            c.otherContacts = c.otherContacts.filter { $0.kind != kind } + items.map { ContactDetail.stored($0, kind: kind) }
                        },
                        give: { input, text in
                            let items = text.split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }
                            switch kind {
                            case .email: input.otherEmails = items
                            case .phone: input.otherPhones = items
                            case .address: input.otherAddresses = items
                            }
                        })
        case .identityCode:
            // Never exported: shown only masked, in full only in the person's own access report.
            return spec(option: "identity-code", value: "CODE", help: "henkilötunnus (members); fills in the birthdate, shown only masked",
                        edited: false, erasure: .identityCode, merge: .keep, formats: [], example: "120485-123V",
                        get: { .optional($0.identityCode) }, set: { c, v throws(StoredValueError) in c.identityCode = try text(v) },
                        give: { $0.identityCode = $1 })
        case .legalHoldReason:
            return spec(written: false, edited: false, erasure: .reasons, merge: .keep, formats: [.json], example: nil,
                        get: { .optional($0.legalHoldReason) }, set: { c, v throws(StoredValueError) in c.legalHoldReason = try text(v) }, give: nil)
        case .restrictionReason:
            return spec(written: false, edited: false, erasure: .reasons, merge: .keep, formats: [.json], example: nil,
                        get: { .optional($0.restrictionReason) }, set: { c, v throws(StoredValueError) in c.restrictionReason = try text(v) }, give: nil)
        case .createdAt:
            return spec(written: false, edited: false, erasure: nil, merge: .keep, formats: [.json], example: nil,
                        get: { .text(Timestamp.text($0.createdAt)) },
                        set: { c, v throws(StoredValueError) in if let date = try parsed(v, Timestamp.parse) { c.createdAt = date } }, give: nil)
        case .updatedAt:
            return spec(written: false, edited: false, erasure: nil, merge: .keep, formats: [.json], example: nil,
                        get: { .text(Timestamp.text($0.updatedAt)) },
                        set: { c, v throws(StoredValueError) in if let date = try parsed(v, Timestamp.parse) { c.updatedAt = date } }, give: nil)
        case .revision:
            return spec(written: false, edited: false, erasure: nil, merge: .keep, formats: [], example: nil,
                        get: { .integer($0.revision) },
                        set: { c, v throws(StoredValueError) in
                            guard case let .integer(n) = v else { throw StoredValueError(field: field, value: v.storedText ?? "") }
                            c.revision = n
                        }, give: nil)
        case .vcardUID:
            // The UID a card gave the person (a phone, another program): kept so every export
            // and sync names them the same; the register's own cards derive theirs from the number.
            return spec(written: false, edited: false, erasure: .contactDetails, merge: .keep, formats: [.json], example: nil,
                        get: { .optional($0.vcardUID) }, set: { c, v throws(StoredValueError) in c.vcardUID = try text(v) }, give: nil)
        }
    }
}

/// One field corrected by an import (`--duplicates update`): what it was and what it became,
/// as a CSV cell writes them.
public struct FieldChange: Sendable, Equatable {
    public let field: CustomerField
    public let old: String
    public let new: String

    public var description: String { "\(field.key): \(old.isEmpty ? "(empty)" : old) → \(new)" }
}

extension CustomerField {
    /// `current` with every value `changes` gives put in its place (a correction from a file:
    /// the file's non-empty values win, its empty cells change nothing), and what changed.
    /// What a field was not given is told apart from its default (country FI, kind customer)
    /// by applying the changes to two different blanks: a given value is the same in both.
    public static func correct(_ current: Customer, with changes: CustomerChanges) -> (Customer, [FieldChange]) {
        var a = Customer(number: current.number, firstName: "", lastName: "", country: "FI", since: LocalDate(daysSinceEpoch: 0),
                         createdAt: current.createdAt, updatedAt: current.updatedAt)
        var b = Customer(number: current.number, firstName: "", lastName: "", country: "SE", since: LocalDate(daysSinceEpoch: 1),
                         createdAt: current.createdAt, updatedAt: current.updatedAt)
        b.kind = .prospect
        changes.apply(to: &a)
        changes.apply(to: &b)
        if let organisation = changes.organisation { a.organisationName = organisation; b.organisationName = organisation }
        var corrected = current
        var list: [FieldChange] = []
        // Not the source: where the data first came from stays (a later file is not its origin).
        for field in allCases where field.spec.give != nil && ![.identityCode, .source, .sourceDetail].contains(field) {
            let new = field.value(in: a)
            guard !new.isEmpty, new == field.value(in: b), new != field.value(in: current) else { continue }
            try? field.set(new, in: &corrected)
            list.append(FieldChange(field: field, old: field.value(in: current).cell(separator: field.spec.separator),
                                    new: new.cell(separator: field.spec.separator)))
        }
        return (corrected, list)
    }
}
