import Foundation
import KortistoCore

/// Which customer field a spreadsheet column holds, from its header: Finnish and English
/// headers, Google Contacts and Outlook exports.
public enum ImportField: String, CaseIterable, Sendable {
    case firstName = "first_name", lastName = "last_name", fullName = "name", organisation, title, email, phone
    case street, postcode, town, country, birthdate, language, notes
    // The rest of what `kortisto export --format csv` writes, so our own file reads back whole.
    case source, sourceDetail = "source_detail", since, bans, kind, tags, department
    case preferredChannel = "preferred_channel", memberSince = "member_since", memberUntil = "member_until", websites, profiles
    case ignore

    static let aliases: [ImportField: [String]] = [
        .firstName: ["first_name", "first name", "firstname", "given name", "etunimi", "etunimet", "fornamn"],
        .lastName: ["last_name", "last name", "lastname", "family name", "surname", "sukunimi", "efternamn"],
        .fullName: ["name", "full name", "nimi", "koko nimi", "namn", "display name"],
        .organisation: ["organisation", "organization", "company", "organization name", "organization 1 - name", "yritys", "organisaatio",
                        "yhtio", "foretag"],
        .title: ["title", "job title", "organization title", "organization 1 - title", "titteli", "tehtavanimike", "asema", "ammatti"],
        .email: ["email", "e-mail", "e-mail address", "email address", "e-mail 1 - value", "sahkoposti", "sahkopostiosoite", "e-post"],
        .phone: ["phone", "mobile phone", "primary phone", "business phone", "home phone", "phone 1 - value", "puhelin", "matkapuhelin",
                 "puhelinnumero", "gsm", "telefon"],
        .street: ["street", "street address", "address", "home street", "business street", "address 1 - street", "lahiosoite",
                  "katuosoite", "osoite", "postiosoite", "adress"],
        .postcode: ["postcode", "postal_code", "postal code", "zip", "zip code", "home postal code", "business postal code",
                    "address 1 - postal code", "postinumero", "postnummer"],
        .town: ["town", "city", "home city", "business city", "address 1 - city", "postitoimipaikka", "kaupunki", "kunta", "paikkakunta", "postort"],
        .country: ["country", "home country/region", "business country/region", "address 1 - country", "maa", "land"],
        .birthdate: ["birthdate", "birthday", "date of birth", "syntymapaiva", "syntymaaika", "fodelsedag"],
        .language: ["language", "kieli", "asiointikieli", "sprak"],
        .notes: ["notes", "note", "lisatiedot", "muistiinpanot", "huom", "huomautukset", "kommentti", "anteckningar"],
        .source: ["source", "lahde", "tietolahde"],
        .sourceDetail: ["source_detail", "source detail", "lahteen tarkenne"],
        .since: ["since", "customer since", "asiakkaana alkaen", "asiakas alkaen"],
        .bans: ["bans", "kiellot"],
        .kind: ["kind", "laji", "asiakkuus"],
        .tags: ["tags", "tunnisteet", "avainsanat"],
        .department: ["department", "organization department", "organization 1 - department", "osasto"],
        .preferredChannel: ["preferred_channel", "preferred channel", "yhteydenottotapa"],
        .memberSince: ["member_since", "member since", "jasen alkaen", "jasenyys alkaen"],
        .memberUntil: ["member_until", "member until", "jasen asti", "jasenyys paattyy"],
        .websites: ["websites", "verkkosivut", "kotisivut"],
        .profiles: ["profiles", "profiilit", "some-profiilit"],
    ]

    /// The field's place among `allCases`, without hashing its name.
    var ordinal: Int {
        switch self {
        case .firstName: 0
        case .lastName: 1
        case .fullName: 2
        case .organisation: 3
        case .title: 4
        case .email: 5
        case .phone: 6
        case .street: 7
        case .postcode: 8
        case .town: 9
        case .country: 10
        case .birthdate: 11
        case .language: 12
        case .notes: 13
        case .source: 14
        case .sourceDetail: 15
        case .since: 16
        case .bans: 17
        case .kind: 18
        case .tags: 19
        case .department: 20
        case .preferredChannel: 21
        case .memberSince: 22
        case .memberUntil: 23
        case .websites: 24
        case .profiles: 25
        case .ignore: 26
        }
    }

    /// The field a header names, or nil.
    public static func field(forHeader header: String) -> ImportField? {
        let key = SearchFolding.fold(header).trimmingCharacters(in: .whitespaces)
        return aliases.first { $0.value.contains(key) }?.key
    }
}

/// Columns for each field: the first non-empty one wins (Outlook has several phone columns).
public struct ColumnMapping: Sendable, Equatable {
    public var columns: [ImportField: [Int]] { didSet { byField = Self.table(columns) } }
    /// `columns` by `ImportField.ordinal`: every row asks for every field, and a dictionary
    /// keyed by a String-backed enum hashes the string each time.
    private var byField: [[Int]] = []

    private static func table(_ columns: [ImportField: [Int]]) -> [[Int]] {
        var table = Array(repeating: [Int](), count: ImportField.allCases.count)
        for (field, indices) in columns { table[field.ordinal] = indices }
        return table
    }

    public init(header: [String]) {
        var columns: [ImportField: [Int]] = [:]
        for (index, name) in header.enumerated() {
            if let field = ImportField.field(forHeader: name) { columns[field, default: []].append(index) }
        }
        self.columns = columns
        byField = Self.table(columns)
    }

    /// Applies `column=field,...` overrides; a column is a header name or a 1-based number.
    public mutating func apply(_ spec: String, header: [String]) throws(FieldError) {
        for item in spec.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw FieldError("map", "'\(item)' is not column=field") }
            let index: Int
            if let n = Int(parts[0]), (1...header.count).contains(n) {
                index = n - 1
            } else if let found = header.firstIndex(where: { SearchFolding.fold($0) == SearchFolding.fold(parts[0]) }) {
                index = found
            } else {
                throw FieldError("map", "no column '\(parts[0])' (the columns are: \(header.joined(separator: ", ")))")
            }
            guard let field = ImportField(rawValue: parts[1].lowercased()) else {
                throw FieldError("map", "unknown field '\(parts[1])' (\(ImportField.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            for key in columns.keys { columns[key]?.removeAll { $0 == index } }
            if field != .ignore { columns[field, default: []].insert(index, at: 0) }
        }
    }

    public func value(_ field: ImportField, in row: [String]) -> String? {
        for index in byField[field.ordinal] where index < row.count {
            var value = row[index].trimmed
            // Google Contacts puts several values in one cell: "a@x.fi ::: b@y.fi". The first counts.
            if value.containsBytePair(0x3A, 0x3A), let separator = value.range(of: " ::: ") { value = String(value[..<separator.lowerBound]) }
            // Undo the apostrophe spreadsheet exports put before = + - @ (ours included: `'--04-12`).
            if value.hasPrefix("'"), let next = value.dropFirst().first, "=+-@".contains(next) { value.removeFirst() }
            if !value.isEmpty { return value }
        }
        return nil
    }

    /// `Nimi → name, Puhelin → phone`: shown to the user before importing.
    public func describe(header: [String]) -> String {
        let pairs = columns.flatMap { field, indices in indices.map { (header[$0], field.rawValue, $0) } }.sorted { $0.2 < $1.2 }
        return pairs.map { "\($0.0) → \($0.1)" }.joined(separator: ", ")
    }
}

/// One spreadsheet row turned into a customer, or the reasons it cannot be.
public struct ImportRow: Sendable {
    public var line: Int
    public var input: CustomerInput
    /// Repairs made (postcode 100 → 00100) and problems found before validation.
    public var repairs: [String]
    public var problems: [FieldError]
    /// A vCard's UID: our own export names the customer in it.
    public var uid: String?
    /// The bans a `bans` column names (`publication marketing`): recorded as set on the day
    /// of the import, as the person's wish has to be honoured from then on.
    public var bans: [ConsentKind] = []

    /// Reads `row` with `mapping`, repairing what Excel broke where that is safe.
    public init(_ row: [String], line: Int, mapping: ColumnMapping) {
        self.line = line
        repairs = []
        problems = []
        var input = CustomerInput()
        input.firstName = mapping.value(.firstName, in: row)
        input.lastName = mapping.value(.lastName, in: row)
        if (input.firstName == nil || input.lastName == nil), let full = mapping.value(.fullName, in: row) {
            // "Matti Meikäläinen" or "Meikäläinen, Matti".
            if let comma = full.firstIndex(of: ",") {
                input.lastName = input.lastName ?? String(full[..<comma]).trimmingCharacters(in: .whitespaces)
                input.firstName = input.firstName ?? String(full[full.index(after: comma)...]).trimmingCharacters(in: .whitespaces)
            } else {
                let words = full.split(separator: " ")
                input.firstName = input.firstName ?? words.dropLast().joined(separator: " ")
                input.lastName = input.lastName ?? words.last.map(String.init)
            }
        }
        input.organisation = mapping.value(.organisation, in: row)
        input.title = mapping.value(.title, in: row)
        input.email = mapping.value(.email, in: row)
        input.street = mapping.value(.street, in: row)
        input.town = mapping.value(.town, in: row)
        input.country = mapping.value(.country, in: row)
        input.birthdate = mapping.value(.birthdate, in: row)
        input.language = mapping.value(.language, in: row)
        input.notes = mapping.value(.notes, in: row)
        let sourceKind = mapping.value(.source, in: row), sourceDetail = mapping.value(.sourceDetail, in: row)
        if sourceKind != nil || sourceDetail != nil {
            input.source = [sourceKind, sourceDetail].compactMap { $0 }.joined(separator: ": ")
        }
        input.since = mapping.value(.since, in: row)
        input.kind = mapping.value(.kind, in: row)
        input.tags = mapping.value(.tags, in: row)
        input.department = mapping.value(.department, in: row)
        input.preferredChannel = mapping.value(.preferredChannel, in: row)
        input.memberSince = mapping.value(.memberSince, in: row)
        input.memberUntil = mapping.value(.memberUntil, in: row)
        input.websites = mapping.value(.websites, in: row).map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
        input.profiles = mapping.value(.profiles, in: row).map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
        if let phone = mapping.value(.phone, in: row) {
            if phone.containsBytePair(0x45, 0x2B) || phone.containsBytePair(0x65, 0x2B) { // E+ or e+
                problems.append(FieldError("phone", "'\(phone)' is a number Excel shortened; the digits are lost, type it again"))
            } else {
                input.phone = phone
            }
        }
        if var postcode = mapping.value(.postcode, in: row) {
            let short = postcode.utf8.count < 5 && postcode.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if short, (try? Country.validate(input.country)) == Country.finland {
                let fixed = String(repeating: "0", count: 5 - postcode.utf8.count) + postcode
                repairs.append("postcode \(postcode) → \(fixed)")
                postcode = fixed
            }
            input.postcode = postcode
        }
        self.input = input
        readBans(mapping.value(.bans, in: row))
    }

    /// `publication marketing` (or with commas) into `bans`; a word that is no ban is a problem.
    mutating func readBans(_ text: String?) {
        for word in (text ?? "").split(whereSeparator: { $0 == " " || $0 == "," }) {
            if let ban = ConsentKind.parse(String(word)), ban.isBan {
                if !bans.contains(ban) { bans.append(ban) }
            } else {
                problems.append(FieldError("bans", "'\(word)' is not a ban (\(ConsentKind.bans.map(\.rawValue).joined(separator: ", ")))"))
            }
        }
    }
}

extension ImportRow {
    /// A vCard as a customer: N (else FN split), the first organisation unit, the first e-mail,
    /// the mobile (else first) phone, the first address, the birthday when it is a date.
    public init(_ card: VCard, index: Int) {
        line = index
        uid = card.uid
        repairs = []
        problems = []
        var input = CustomerInput()
        input.firstName = [card.n.given, card.n.additional].filter { !$0.isEmpty }.joined(separator: " ")
        input.lastName = card.n.family
        if input.firstName?.isEmpty != false || input.lastName?.isEmpty != false, let fn = card.fn {
            let words = fn.split(separator: " ")
            if input.firstName?.isEmpty != false { input.firstName = words.dropLast().joined(separator: " ") }
            if input.lastName?.isEmpty != false { input.lastName = words.last.map(String.init) }
        }
        input.organisation = card.org?.first
        // ORG's second unit is the department (as we write it).
        if let units = card.org, units.count > 1, !units[1].isEmpty { input.department = units[1] }
        input.title = card.title
        input.email = card.emails.first?.value
        input.phone = (card.tels.first { $0.types.contains("cell") } ?? card.tels.first)?.value
        if let adr = card.adrs.first {
            input.street = [adr.pobox.isEmpty ? nil : "PL \(adr.pobox)", adr.street.isEmpty ? nil : adr.street].compactMap { $0 }.first
            input.postcode = adr.code.isEmpty ? nil : adr.code
            input.town = adr.locality.isEmpty ? nil : adr.locality
            input.country = adr.country.isEmpty ? nil : adr.country
        }
        switch card.bday {
        case let .date(year, month, day)?:
            input.birthdate = year.map { String(format: "%04d-%02d-%02d", $0, month, day) } ?? String(format: "--%02d-%02d", month, day)
        case let .text(text)?:
            repairs.append("birthday '\(text)' is not a date and was left out")
        case nil: break
        }
        input.notes = card.note
        input.language = card.language
        // Groups and links as phones keep them: what would refuse the whole contact is left
        // out and said (a label with a comma, an address that is no address).
        var tags: [String] = []
        for category in card.categories {
            if (try? Tag.validate(category)) != nil { tags.append(category) } else { repairs.append("group '\(category)' is not a tag and was left out") }
        }
        if !tags.isEmpty { input.tags = tags.joined(separator: ", ") }
        let profileKinds = Set(ProfileLink.Kind.allCases.filter { $0 != .website }.map(\.rawValue))
        var websites: [String] = [], profiles: [String] = []
        for url in card.urls {
            guard (try? Website.validate(url.value)) != nil else { repairs.append("web address '\(url.value)' was left out"); continue }
            if url.types.contains(where: profileKinds.contains) { profiles.append(url.value) } else { websites.append(url.value) }
        }
        if !websites.isEmpty { input.websites = websites }
        if !profiles.isEmpty { input.profiles = profiles }
        // What only our own export writes.
        input.kind = card.kortisto["KIND"]
        input.source = card.kortisto["SOURCE"]
        input.since = card.kortisto["SINCE"]
        input.preferredChannel = card.kortisto["PREFERRED-CHANNEL"]
        input.memberSince = card.kortisto["MEMBER-SINCE"]
        input.memberUntil = card.kortisto["MEMBER-UNTIL"]
        self.input = input
        readBans(card.kortisto["BANS"])
    }
}
