import Foundation
import KortistoCore

/// What a spreadsheet column holds, from its header: one of the customer's fields that a CSV
/// export carries (`CustomerField`, with its Finnish, Swedish and English headers and those of
/// Google Contacts and Outlook), a whole name to split, or nothing to import.
public struct ImportField: Hashable, Sendable {
    /// The customer's field; nil for a whole name and for a column left out.
    public let field: CustomerField?
    /// The name `--map column=field` uses.
    public let rawValue: String
    /// The place among `allCases` (the mapping's table is indexed by it).
    let ordinal: Int
    let aliases: [String]

    /// Every customer field the CSV export writes, so our own file reads back whole; a whole
    /// name next to the names; `ignore` last.
    public static let allCases: [ImportField] = {
        let fields = CustomerField.carried(by: .csv).filter { $0 != .number }
        let names = fields.prefix { $0 == .firstName || $0 == .lastName }
        // In the table's order, which ranks a field's columns: the first non-empty wins. The key
        // comes first unless the table places it (Outlook's `Title` after any job title).
        func aliases(_ field: CustomerField) -> [String] {
            field.spec.aliases.contains(field.key) ? field.spec.aliases : [field.key] + field.spec.aliases
        }
        let kinds = names.map { ($0 as CustomerField?, $0.key, aliases($0)) }
            + [(nil, "name", ["name", "full name", "nimi", "koko nimi", "namn", "display name"])]
            + fields.dropFirst(names.count).map { ($0 as CustomerField?, $0.key, aliases($0)) }
            + [(nil, "ignore", ["ignore", "ohita", "hoppa över"])]
        return kinds.enumerated().map { ImportField(field: $1.0, rawValue: $1.1, ordinal: $0, aliases: $1.2) }
    }()
    public static let fullName = allCases.first { $0.rawValue == "name" }!
    public static let ignore = allCases.last!
    /// By `CustomerField.ordinal` (every row asks for every field: no hashing).
    private static let byField: [ImportField?] = {
        var table = [ImportField?](repeating: nil, count: CustomerField.allCases.count)
        for f in allCases { if let field = f.field { table[field.ordinal] = f } }
        return table
    }()
    /// The fields a row gives as typed, in table order, with their import kinds (the phone and
    /// the postcode are repaired apart).
    static let typedFields: [(field: CustomerField, column: ImportField)] = allCases.compactMap { f in
        f.field.flatMap { $0 == .phone || $0 == .postcode || !$0.isTyped ? nil : ($0, f) }
    }
    private static let byHeader: [String: ImportField] = {
        var table: [String: ImportField] = [:]
        for field in allCases { for alias in field.aliases where table[alias] == nil { table[alias] = field } }
        return table
    }()

    public init?(rawValue: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = found
    }

    /// The column kind of a customer field; nil for a field no import reads.
    public init?(_ field: CustomerField) {
        guard let found = Self.byField[field.ordinal] else { return nil }
        self = found
    }

    private init(field: CustomerField?, rawValue: String, ordinal: Int, aliases: [String]) {
        self.field = field
        self.rawValue = rawValue
        self.ordinal = ordinal
        self.aliases = aliases
    }

    /// The field a header names, or nil.
    public static func field(forHeader header: String) -> ImportField? {
        byHeader[Self.folded(header)]
    }

    static func folded(_ header: String) -> String { SearchFolding.fold(header).trimmingCharacters(in: .whitespaces) }

    /// Where a header stands among the field's aliases (lower wins).
    func rank(_ header: String) -> Int { aliases.firstIndex(of: Self.folded(header)) ?? aliases.count }
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

    /// The file's headers (to say a column's use).
    var headers: [String] = []

    func header(_ index: Int) -> String { index < headers.count ? headers[index] : "" }

    public init(header: [String]) {
        headers = header
        var columns: [ImportField: [Int]] = [:]
        for (index, name) in header.enumerated() {
            if let field = ImportField.field(forHeader: name) { columns[field, default: []].append(index) }
        }
        // A field's columns by the rank of their header among its aliases, then in file order.
        for (field, indices) in columns {
            columns[field] = indices.sorted { field.rank(header[$0]) < field.rank(header[$1]) }
        }
        self.columns = columns
        byField = Self.table(columns)
    }

    /// Applies `column=field,...` overrides; a column is a header name or a 1-based number.
    public mutating func apply(_ spec: String, header: [String]) throws(FieldError) {
        for item in spec.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw FieldError("map", "'{0}' is not column=field", "\(item)") }
            let index: Int
            if let n = Int(parts[0]), (1...header.count).contains(n) {
                index = n - 1
            } else if let found = header.firstIndex(where: { SearchFolding.fold($0) == SearchFolding.fold(parts[0]) }) {
                index = found
            } else {
                throw FieldError("map", "no column '{0}' (the columns are: {1})", "\(parts[0])", "\(header.joined(separator: ", "))")
            }
            // A field by its key (`phone`) or by a header that names it (`puhelin`, `ohita`).
            guard let field = ImportField(rawValue: parts[1].lowercased()) ?? ImportField.field(forHeader: parts[1]) else {
                throw FieldError("map", "unknown field '{0}' ({1})", "\(parts[1])", "\(ImportField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            for key in columns.keys { columns[key]?.removeAll { $0 == index } }
            if field != .ignore { columns[field, default: []].insert(index, at: 0) }
        }
    }

    /// Whether some column holds the field.
    public func maps(_ field: CustomerField) -> Bool { ImportField(field).map { columns[$0] != nil } ?? false }

    public func value(_ field: CustomerField, in row: [String]) -> String? {
        ImportField(field).flatMap { value($0, in: row) }
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

    /// Every non-empty value the field's columns hold, in rank order, with the column's index
    /// (a file's second e-mail, a home phone beside the mobile, Google's `a ::: b` cells).
    public func values(_ field: CustomerField, in row: [String]) -> [(column: Int, value: String)] {
        guard let importField = ImportField(field) else { return [] }
        var all: [(column: Int, value: String)] = []
        for index in byField[importField.ordinal] where index < row.count {
            let cell = row[index]
            guard !cell.isEmpty else { continue }
            for part in cell.containsBytePair(0x3A, 0x3A) ? cell.components(separatedBy: " ::: ") : [cell] {
                var value = part.trimmed
                if value.hasPrefix("'"), let next = value.dropFirst().first, "=+-@".contains(next) { value.removeFirst() }
                if !value.isEmpty { all.append((index, value)) }
            }
        }
        return all
    }

    /// The headers of columns no field takes (`Saldo`): said, so nothing is dropped unseen.
    public func unused(header: [String]) -> [String] {
        let used = Set(columns.values.flatMap { $0 })
        return header.indices.filter { !used.contains($0) && !header[$0].trimmed.isEmpty }.map { header[$0] }
    }

    /// `Nimi → name, Puhelin → phone`: shown to the user before importing.
    public func describe(header: [String]) -> String {
        uses(header: header).map { "\($0.header) → \($0.field)" }.joined(separator: ", ")
    }

    /// Each mapped column and its field, in the file's order.
    public func uses(header: [String]) -> [ColumnUse] {
        columns.flatMap { field, indices in indices.map { ($0, ColumnUse(header: header[$0], field: field.rawValue)) } }
            .sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// One spreadsheet row turned into a customer, or the reasons it cannot be.
public struct ImportRow: Sendable {
    public var line: Int
    public var input: CustomerInput
    /// Repairs made (postcode 100 → 00100) and problems found before validation.
    public var repairs: [ImportNote]
    public var problems: [FieldError]
    /// A vCard's UID: our own export names the customer in it.
    public var uid: String?
    /// The bans a `bans` column names (`publication marketing`): recorded as set on the day
    /// of the import, as the person's wish has to be honoured from then on.
    public var bans: [ConsentKind] = []
    /// A row that is no person but an organisation (a café, a firm: a name of its own and no
    /// person's name): imported as an organisation with its contact details.
    public var organisation: OrganisationInput?

    /// Makes the row an organisation when it names one and no person.
    mutating func organisationOnly(website: String?) {
        guard (input.firstName ?? "").trimmed.isEmpty, (input.lastName ?? "").trimmed.isEmpty,
              let name = input.organisation, !name.trimmed.isEmpty else { return }
        var org = OrganisationInput(name: name)
        org.street = input.street ?? input.poBox
        org.postcode = input.postcode
        org.town = input.town
        org.country = input.country
        org.website = website
        org.notes = input.notes
        org.email = input.email
        org.phone = input.phone
        organisation = org
    }

    /// Reads `row` with `mapping`, repairing what Excel broke where that is safe.
    public init(_ row: [String], line: Int, mapping: ColumnMapping) {
        self.line = line
        repairs = []
        problems = []
        var input = CustomerInput()
        // Each field as typed; the phone and the postcode are repaired below, bans are consents.
        for (field, column) in ImportField.typedFields {
            if let value = mapping.value(column, in: row) { field.give(value, to: &input) }
        }
        let named = [input.firstName ?? "", input.lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        if (input.firstName == nil || input.lastName == nil), let full = mapping.value(.fullName, in: row), full.trimmed != named {
            // "Matti Meikäläinen", "Meikäläinen, Matti", "Anna-Liisa von Schmidt".
            let (first, last) = PersonName.split(full)
            input.firstName = input.firstName ?? first
            input.lastName = input.lastName ?? last
        }
        if let phone = mapping.value(.phone, in: row) {
            if phone.containsBytePair(0x45, 0x2B) || phone.containsBytePair(0x65, 0x2B) { // E+ or e+
                repairs.append(ImportNote(FieldError("phone", "'{0}' is a number Excel shortened; the digits are lost, type it again", "\(phone)"), leftOut: true))
            } else if phone.utf8.count >= 11, phone.utf8.count <= 13, phone.hasPrefix("358"), phone.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                // `+358401234567` saved by a spreadsheet as the number 358401234567: the plus
                // is all that was lost (a Finnish number has no other way to begin with 358).
                repairs.append(ImportNote(FieldError("", "phone {0} → {1}", "\(phone)", "+\(phone)")))
                input.phone = "+" + phone
            } else {
                input.phone = phone
            }
        }
        if var postcode = mapping.value(.postcode, in: row) {
            let short = postcode.utf8.count < 5 && postcode.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if short, (try? Country.validate(input.country)) == Country.finland {
                let fixed = String(repeating: "0", count: 5 - postcode.utf8.count) + postcode
                repairs.append(ImportNote(FieldError("", "postcode {0} → {1}", "\(postcode)", "\(fixed)")))
                postcode = fixed
            }
            input.postcode = postcode
        }
        self.input = input
        // A second e-mail or phone in the row (another column, or Google's `a ::: b`) is kept as
        // another contact, by its column's use, never dropped.
        for (field, kind) in Self.multiValued {
            let extra = mapping.values(field, in: row).dropFirst().filter { $0.value != (kind == .email ? self.input.email : self.input.phone) }
            guard !extra.isEmpty else { continue }
            let items = extra.map { "\(Self.use(ofHeader: mapping.header($0.column))): \($0.value)" }
            if kind == .email { self.input.otherEmails = items } else { self.input.otherPhones = items }
        }
        tidy()
        readBans(mapping.value(.bans, in: row))
        organisationOnly(website: self.input.websites?.first)
    }

    /// What real producers write that is not what it looks like: Outlook's `0/0/00` for no
    /// birthday, line breaks in one-line fields (a two-line street from a phone, a name pasted
    /// with its line end). Each change is said as a repair.
    mutating func tidy() {
        if let birthdate = input.birthdate, birthdate.allSatisfy({ $0 == "0" || $0 == "/" || $0 == "." || $0 == "-" }),
           birthdate.contains("0") {
            input.birthdate = nil
        }
        let oneLine: [(WritableKeyPath<CustomerInput, String?>, String, String)] = [
            (\.firstName, "first_name", " "), (\.lastName, "last_name", " "), (\.organisation, "organisation", " "), (\.title, "title", " "),
            (\.street, "street", ", "), (\.careOf, "care_of", " "), (\.town, "town", " "), (\.department, "department", " "),
        ]
        for (path, field, joiner) in oneLine {
            guard let text = input[keyPath: path], text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { continue }
            let joined = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                .joined(separator: joiner)
            input[keyPath: path] = joined
            repairs.append(ImportNote(joiner == " " ? FieldError(field, "line break → space ({0})", "\(joined)")
                                                    : FieldError(field, "line break → ',' ({0})", "\(joined)")))
        }
    }

    static let multiValued: [(CustomerField, ContactDetail.Kind)] = [(.email, .email), (.phone, .phone)]

    /// A column's use from its header: `Home Phone` home, `Business Phone` work, `Mobile` mobile.
    static func use(ofHeader header: String) -> String {
        let h = SearchFolding.fold(header)
        if ["mobile", "matkapuhelin", "gsm", "kannykka", "mobiili", "cell"].contains(where: h.contains) { return "mobile" }
        if ["home", "koti", "private"].contains(where: h.contains) { return "home" }
        if ["business", "work", "tyo", "company", "office"].contains(where: h.contains) { return "work" }
        return "other"
    }

    /// `publication marketing` (or with commas) into `bans`; a word that is no ban is a problem.
    mutating func readBans(_ text: String?) {
        for word in (text ?? "").split(whereSeparator: { $0 == " " || $0 == "," }) {
            if let ban = ConsentKind.parse(String(word)), ban.isBan {
                if !bans.contains(ban) { bans.append(ban) }
            } else {
                problems.append(FieldError("bans", "'{0}' is not a ban ({1})", "\(word)", "\(ConsentKind.bans.map(\.rawValue).joined(separator: ", "))"))
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
        // FN fills a part N left empty, unless FN is just the one name N has (`N:;Äiti;;;`, `FN:Äiti`)
        // or the organisation's name (a card of a firm: no person to make of it).
        let named = [input.firstName ?? "", input.lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let organisationName = card.org?.filter { !$0.isEmpty }.joined(separator: " ") ?? ""
        if input.firstName?.isEmpty != false || input.lastName?.isEmpty != false, let fn = card.fn, fn.trimmed != named,
           named.isEmpty ? fn.trimmed != organisationName && fn.trimmed != card.org?.first : true {
            let (first, last) = PersonName.split(fn)
            if input.firstName?.isEmpty != false { input.firstName = first }
            if input.lastName?.isEmpty != false { input.lastName = last }
        }
        input.organisation = card.org?.first
        // ORG's second unit is the department (as we write it).
        if let units = card.org, units.count > 1, !units[1].isEmpty { input.department = units[1] }
        input.title = card.title
        input.email = card.emails.first?.value
        let mainPhone = card.tels.firstIndex { $0.types.contains("cell") } ?? card.tels.indices.first
        input.phone = mainPhone.map { card.tels[$0].value }
        // Every other e-mail, phone and address is kept, by its type (never dropped unsaid).
        func label(_ types: [String]) -> String {
            types.contains("cell") ? "mobile" : types.contains("work") ? "work" : types.contains("home") ? "home" : "other"
        }
        let otherEmails = card.emails.dropFirst().map { "\(label($0.types)): \($0.value)" }
        if !otherEmails.isEmpty { input.otherEmails = otherEmails }
        let otherPhones = card.tels.indices.filter { $0 != mainPhone }.map { "\(label(card.tels[$0].types)): \(card.tels[$0].value)" }
        if !otherPhones.isEmpty { input.otherPhones = otherPhones }
        let otherAddresses = card.adrs.dropFirst().compactMap { adr -> String? in
            let street = [adr.pobox, adr.ext, adr.street].filter { !$0.isEmpty }.joined(separator: ", ")
            return AddressFormat.oneLine(street: street.isEmpty ? nil : street, postcode: adr.code.isEmpty ? nil : adr.code,
                                         town: adr.locality.isEmpty ? nil : adr.locality, country: Country.finland).map { "\(label(adr.types)): \($0)" }
        }
        if !otherAddresses.isEmpty { input.otherAddresses = otherAddresses }
        if let adr = card.adrs.first {
            // Each part of its own: the PO box, the extended line (c/o), the street.
            input.street = adr.street.isEmpty ? nil : adr.street
            input.poBox = adr.pobox.isEmpty ? nil : adr.pobox
            input.careOf = adr.ext.isEmpty ? nil : adr.ext
            input.postcode = adr.code.isEmpty ? nil : adr.code
            input.town = adr.locality.isEmpty ? nil : adr.locality
            input.country = adr.country.isEmpty ? nil : adr.country
        }
        switch card.bday {
        case let .date(year, month, day)?:
            input.birthdate = year.map { String(format: "%04d-%02d-%02d", $0, month, day) } ?? String(format: "--%02d-%02d", month, day)
        case let .text(text)?:
            repairs.append(ImportNote(FieldError("", "birthday '{0}' is not a date and was left out", "\(text)")))
        case nil: break
        }
        input.notes = card.note
        input.language = card.language
        // Groups and links as phones keep them: what would refuse the whole contact is left
        // out and said (a label with a comma, an address that is no address).
        var tags: [String] = []
        for category in card.categories {
            if (try? Tag.validate(category)) != nil { tags.append(category) } else { repairs.append(ImportNote(FieldError("", "group '{0}' is not a tag and was left out", "\(category)"))) }
        }
        if !tags.isEmpty { input.tags = tags.joined(separator: ", ") }
        let profileKinds = Set(ProfileLink.Kind.allCases.filter { $0 != .website }.map(\.rawValue))
        var websites: [String] = [], profiles: [String] = []
        for url in card.urls {
            guard (try? Website.validate(url.value)) != nil else { repairs.append(ImportNote(FieldError("", "web address '{0}' was left out", "\(url.value)"))); continue }
            if url.types.contains(where: profileKinds.contains) { profiles.append(url.value) } else { websites.append(url.value) }
        }
        if !websites.isEmpty { input.websites = websites }
        if !profiles.isEmpty { input.profiles = profiles }
        // What only our own export writes.
        input.kind = card.kortisto["KIND"]
        input.customerType = card.kortisto["TYPE"]
        input.source = card.kortisto["SOURCE"]
        input.since = card.kortisto["SINCE"]
        input.preferredChannel = card.kortisto["PREFERRED-CHANNEL"]
        input.memberSince = card.kortisto["MEMBER-SINCE"]
        input.memberUntil = card.kortisto["MEMBER-UNTIL"]
        self.input = input
        tidy()
        readBans(card.kortisto["BANS"])
        organisationOnly(website: self.input.websites?.first)
    }
}
