/// Several fields that failed at once, so a form or command can show them all together.
public struct ValidationErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
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
        var errors: [FieldError] = []
        var changes = CustomerChanges()
        func check<T>(_ body: () throws(FieldError) -> T) -> T? {
            do { return try body() } catch { errors.append(error); return nil }
        }
        if existing == nil || firstName != nil {
            changes.firstName = check { () throws(FieldError) in try TextInput.required(firstName, field: "first_name", maxLength: FieldLimits.name) }
        }
        if existing == nil || lastName != nil {
            changes.lastName = check { () throws(FieldError) in try TextInput.required(lastName, field: "last_name", maxLength: FieldLimits.name) }
        }
        if let organisation {
            changes.organisation = check { () throws(FieldError) in try TextInput.clean(organisation, field: "organisation", maxLength: FieldLimits.organisationName) }
        }
        if let title {
            changes.title = check { () throws(FieldError) in try TextInput.clean(title, field: "title", maxLength: FieldLimits.title) }
        }
        if let email { changes.email = check { () throws(FieldError) in try Email.validate(email) } }
        if let phone { changes.phone = check { () throws(FieldError) in try Phone.normalise(phone) } }
        if let street {
            changes.street = check { () throws(FieldError) in try TextInput.clean(street, field: "street", maxLength: FieldLimits.street) }
        }
        if let town {
            changes.town = check { () throws(FieldError) in try TextInput.clean(town, field: "town", maxLength: FieldLimits.town) }
        }
        if let country { changes.country = check { () throws(FieldError) in try Country.validate(country) } }
        // The postcode rule depends on the country, old or new, so check it whenever either changes.
        let effectiveCountry = (changes.country ?? nil) ?? existing?.country ?? Country.finland
        if postcode != nil || changes.country != nil {
            let code = postcode ?? existing?.postcode ?? ""
            if let validated = check({ () throws(FieldError) in try Postcode.validate(code, country: effectiveCountry) }) {
                if postcode != nil || validated != existing?.postcode { changes.postcode = .some(validated) }
            }
        }
        if let birthdate { changes.birthdate = check { () throws(FieldError) in try DateInput.birthdate(birthdate, today: today) } }
        if let language { changes.language = check { () throws(FieldError) in try Language.validate(language) } }
        if let notes {
            changes.notes = check { () throws(FieldError) in try TextInput.clean(notes, field: "notes", maxLength: FieldLimits.notes, lines: .multiple) }
        }
        if let source { changes.source = check { () throws(FieldError) in try DataSource.parse(source) } }
        if let since {
            if let date = check({ () throws(FieldError) in try DateInput.parse(since, field: "since", today: today) }) {
                if let date, date > today {
                    errors.append(FieldError("since", "\(date.finnish) is in the future"))
                } else {
                    changes.since = date
                }
            }
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
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

    public init() {}

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
    }
}
