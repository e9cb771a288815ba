/// Several fields that failed at once, so a form or command can show them all together.
public struct ValidationErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Collects the errors of a form's fields, so every bad field is marked at once instead of
/// stopping at the first: `check` runs one field's validation and keeps its error.
public struct FieldErrors {
    public private(set) var all: [FieldError] = []

    public init() {}

    public var isEmpty: Bool { all.isEmpty }

    public mutating func append(_ error: FieldError) { all.append(error) }

    /// The field's value, or nil with its error kept.
    public mutating func check<T>(_ body: () throws(FieldError) -> T) -> T? {
        do { return try body() } catch { all.append(error); return nil }
    }

    /// Throws every error kept, if there is one.
    public func throwIfAny() throws(ValidationErrors) {
        if !all.isEmpty { throw ValidationErrors(all) }
    }
}

/// A customer's fields as typed (CLI options, form fields, import columns), before validation.
/// `nil` means "not given" (an edit keeps the old value); an empty string means "clear it".
public struct CustomerInput: Sendable, Equatable {
    public var firstName: String?
    public var lastName: String?
    public var organisation: String?
    public var title: String?
    public var email: String?
    public var phone: String?
    public var street: String?
    public var postcode: String?
    public var town: String?
    public var country: String?
    public var birthdate: String?
    public var language: String?
    public var notes: String?
    public var source: String?
    public var since: String?
    public var kind: String?
    /// The whole tag list (a form's field); `addTags`/`removeTags` change it piecewise (CLI).
    public var tags: String?
    public var addTags: [String] = []
    public var removeTags: [String] = []
    public var identityCode: String?
    /// Temporary identity codes (individual number 900–999) only when the user says so.
    public var allowTemporaryCode = false
    public var memberSince: String?
    public var memberUntil: String?
    public var department: String?
    public var preferredChannel: String?
    /// Replace the websites / the social-media profiles (empty entries clear them).
    public var websites: [String]?
    public var profiles: [String]?
    public var customerType: String?
    public var careOf: String?
    public var poBox: String?
    /// Replace the other e-mails, phones or addresses (`work: aino@firma.fi`; empty clears).
    public var otherEmails: [String]?
    public var otherPhones: [String]?
    public var otherAddresses: [String]?

    public init(firstName: String? = nil, lastName: String? = nil, organisation: String? = nil, title: String? = nil,
                email: String? = nil, phone: String? = nil, street: String? = nil, postcode: String? = nil, town: String? = nil,
                country: String? = nil, birthdate: String? = nil, language: String? = nil, notes: String? = nil,
                source: String? = nil, since: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.organisation = organisation
        self.title = title
        self.email = email
        self.phone = phone
        self.street = street
        self.postcode = postcode
        self.town = town
        self.country = country
        self.birthdate = birthdate
        self.language = language
        self.notes = notes
        self.source = source
        self.since = since
    }

    /// Validates every given field against `existing` (nil when adding) and collects all errors.
    public func validate(today: LocalDate, existing: Customer? = nil) throws(ValidationErrors) -> CustomerChanges {
        var errors = FieldErrors()
        var changes = CustomerChanges()
        // A person needs a name, one will do ("Mom", a plumber, `N:Nimetön;;;;`): a name is
        // refused only when neither is left.
        let first = existing == nil || firstName != nil
            ? errors.check { () throws(FieldError) in try TextInput.clean(firstName ?? "", field: "first_name", maxLength: FieldLimits.name) } : nil
        let last = existing == nil || lastName != nil
            ? errors.check { () throws(FieldError) in try TextInput.clean(lastName ?? "", field: "last_name", maxLength: FieldLimits.name) } : nil
        let firstLeft = firstName == nil && existing != nil ? existing?.firstName : (first ?? nil)
        let lastLeft = lastName == nil && existing != nil ? existing?.lastName : (last ?? nil)
        if (firstLeft ?? "").isEmpty && (lastLeft ?? "").isEmpty && errors.isEmpty {
            errors.append(FieldError("first_name", "is required"))
            errors.append(FieldError("last_name", "is required"))
        }
        if existing == nil || firstName != nil { changes.firstName = (first ?? nil) ?? "" }
        if existing == nil || lastName != nil { changes.lastName = (last ?? nil) ?? "" }
        if let organisation {
            changes.organisation = errors.check { () throws(FieldError) in try TextInput.clean(organisation, field: "organisation", maxLength: FieldLimits.organisationName) }
        }
        if let title {
            changes.title = errors.check { () throws(FieldError) in try TextInput.clean(title, field: "title", maxLength: FieldLimits.title) }
        }
        if let email { changes.email = errors.check { () throws(FieldError) in try Email.validate(email) } }
        if let phone { changes.phone = errors.check { () throws(FieldError) in try Phone.normalise(phone) } }
        if let street {
            changes.street = errors.check { () throws(FieldError) in try TextInput.clean(street, field: "street", maxLength: FieldLimits.street) }
        }
        if let town {
            changes.town = errors.check { () throws(FieldError) in try TextInput.clean(town, field: "town", maxLength: FieldLimits.town) }
        }
        if let country { changes.country = errors.check { () throws(FieldError) in try Country.validate(country) } }
        // The postcode rule depends on the country, old or new, so check it whenever either changes.
        let effectiveCountry = (changes.country ?? nil) ?? existing?.country ?? Country.finland
        if postcode != nil || changes.country != nil {
            let code = postcode ?? existing?.postcode ?? ""
            if let validated = errors.check({ () throws(FieldError) in try Postcode.validate(code, country: effectiveCountry) }) {
                if postcode != nil || validated != existing?.postcode { changes.postcode = .some(validated) }
            }
        }
        if let birthdate { changes.birthdate = errors.check { () throws(FieldError) in try DateInput.birthdate(birthdate, today: today) } }
        if let language { changes.language = errors.check { () throws(FieldError) in try Language.validate(language) } }
        if let notes {
            changes.notes = errors.check { () throws(FieldError) in try TextInput.clean(notes, field: "notes", maxLength: FieldLimits.notes, lines: .multiple) }
        }
        if let source { changes.source = errors.check { () throws(FieldError) in try DataSource.parse(source) } }
        if let since, let date = errors.check({ () throws(FieldError) in try DateInput.past(since, field: "since", today: today) }) {
            changes.since = date
        }
        // Relationship, tags, membership and the newer contact fields.
        if let kind { changes.kind = errors.check { () throws(FieldError) in try CustomerKind.parse(kind) } }
        if let tags { changes.tags = errors.check { () throws(FieldError) in try Tag.list(tags) } }
        changes.addTags = addTags.compactMap { tag in errors.check { () throws(FieldError) in try Tag.validate(tag) } }
        changes.removeTags = removeTags.map(Tag.key)
        if let department {
            changes.department = errors.check { () throws(FieldError) in try TextInput.clean(department, field: "department", maxLength: FieldLimits.title) }
        }
        if let preferredChannel { changes.preferredChannel = errors.check { () throws(FieldError) in try PreferredChannel.parse(preferredChannel) } }
        if let customerType { changes.customerType = errors.check { () throws(FieldError) in try CustomerType.parse(customerType) } }
        if let careOf { changes.careOf = errors.check { () throws(FieldError) in try TextInput.clean(careOf, field: "care_of", maxLength: FieldLimits.street) } }
        if let poBox { changes.poBox = errors.check { () throws(FieldError) in try POBox.validate(poBox) } }
        for (kind, given, field) in [(ContactDetail.Kind.email, otherEmails, "other_emails"), (.phone, otherPhones, "other_phones"),
                                     (.address, otherAddresses, "other_addresses")] {
            guard let given else { continue }
            let main: String? = kind == .email ? (changes.email ?? nil) ?? existing?.email : kind == .phone ? (changes.phone ?? nil) ?? existing?.phone : nil
            var seen = Set<String>(main.map { [$0.asciiCaseFolded] } ?? [])
            // Each once, and not the main one again (Outlook writes the mobile as the primary phone too).
            changes.otherContacts[kind] = given.compactMap { raw in errors.check { () throws(FieldError) in try ContactDetail.parse(raw, kind: kind, field: field) } ?? nil }
                .filter { seen.insert($0.value.asciiCaseFolded).inserted }
        }
        if let websites {
            changes.websites = websites.compactMap { w in errors.check { () throws(FieldError) in try ProfileLink.website(w, field: "websites") } ?? nil }
        }
        if let profiles {
            changes.profiles = profiles.compactMap { p in errors.check { () throws(FieldError) in try ProfileLink.profile(p, field: "profiles") } ?? nil }
        }
        if let memberSince { changes.memberSince = errors.check { () throws(FieldError) in try DateInput.parse(memberSince, field: "member_since", today: today) } }
        if let memberUntil { changes.memberUntil = errors.check { () throws(FieldError) in try DateInput.parse(memberUntil, field: "member_until", today: today) } }
        let began = changes.memberSince != nil ? (changes.memberSince ?? nil) : existing?.memberSince
        let ended = changes.memberUntil != nil ? (changes.memberUntil ?? nil) : existing?.memberUntil
        if let began, let ended, ended < began {
            errors.append(FieldError("member_until", "{0} is before the membership began ({1})", "\(ended.finnish)", "\(began.finnish)"))
        }
        if let identityCode, let code = errors.check({ () throws(FieldError) in
            try PersonalIdentityCode.validate(identityCode, allowTemporary: allowTemporaryCode)
        }) {
            changes.identityCode = .some(code)
            // The code carries a birthdate: it fills an empty one and must agree with one given.
            if let code, let born = PersonalIdentityCode.birthdate(of: code) {
                let stated: Birthdate? = changes.birthdate != nil ? (changes.birthdate ?? nil) : existing?.birthdate
                if let stated, stated.month != born.month || stated.day != born.day || (stated.year.map { $0 != born.year } ?? false) {
                    errors.append(FieldError("identity_code", "does not agree with the birthdate {0} (the code says {1})", "\(stated.finnish)", "\(born.finnish)"))
                } else if stated?.year == nil {
                    changes.birthdate = .some(Birthdate(year: born.year, month: born.month, day: born.day))
                }
            }
        }
        guard errors.isEmpty else { throw ValidationErrors(errors.all) }
        return changes
    }
}

/// Validated changes to a customer. For optional fields the outer optional says whether the
/// field changes at all and the inner one whether it is cleared.
public struct CustomerChanges: Sendable, Equatable {
    public var firstName: String?
    public var lastName: String?
    public var organisation: String??
    public var title: String??
    public var email: String??
    public var phone: String??
    public var street: String??
    public var postcode: String??
    public var town: String??
    public var country: String??
    public var birthdate: Birthdate??
    public var language: String??
    public var notes: String??
    public var source: DataSource??
    public var since: LocalDate??
    public var kind: CustomerKind?
    public var tags: [String]?
    public var addTags: [String] = []
    /// Tag keys to remove.
    public var removeTags: [String] = []
    public var identityCode: String??
    public var memberSince: LocalDate??
    public var memberUntil: LocalDate??
    public var department: String??
    public var preferredChannel: PreferredChannel??
    public var websites: [ProfileLink]?
    public var profiles: [ProfileLink]?
    public var customerType: CustomerType??
    public var careOf: String??
    public var poBox: String??
    /// The other contacts of a kind, replaced whole.
    public var otherContacts: [ContactDetail.Kind: [ContactDetail]] = [:]

    public init() {}

    /// Whether the links change (the store rewrites them).
    public var changesLinks: Bool { websites != nil || profiles != nil }

    /// Applies every change except the organisation, which the store resolves to a row.
    public func apply(to customer: inout Customer) {
        if let firstName { customer.firstName = firstName }
        if let lastName { customer.lastName = lastName }
        if let title { customer.title = title }
        if let email { customer.email = email }
        if let phone { customer.phone = phone }
        if let street { customer.street = street }
        if let postcode { customer.postcode = postcode }
        if let town { customer.town = town }
        if let country { customer.country = country ?? Country.finland }
        if let birthdate { customer.birthdate = birthdate }
        if let language { customer.language = language }
        if let notes { customer.notes = notes }
        if let source { customer.source = source }
        if let since, let since { customer.since = since }
        if let kind { customer.kind = kind }
        if let tags { customer.tags = tags }
        for tag in addTags where !customer.tags.contains(where: { Tag.key($0) == Tag.key(tag) }) { customer.tags.append(tag) }
        customer.tags.removeAll { removeTags.contains(Tag.key($0)) }
        if let identityCode { customer.identityCode = identityCode }
        if let memberSince { customer.memberSince = memberSince }
        if let memberUntil { customer.memberUntil = memberUntil }
        if let department { customer.department = department }
        if let preferredChannel { customer.preferredChannel = preferredChannel }
        if let customerType { customer.customerType = customerType }
        if let careOf { customer.careOf = careOf }
        if let poBox { customer.poBox = poBox }
        for kind in ContactDetail.Kind.allCases {
            guard let given = otherContacts[kind] else { continue }
            customer.otherContacts = customer.otherContacts.filter { $0.kind != kind } + given
        }
        if let websites { customer.links = customer.links.filter { $0.kind != .website } + websites }
        if let profiles { customer.links = customer.links.filter { $0.kind == .website } + profiles }
    }
}
