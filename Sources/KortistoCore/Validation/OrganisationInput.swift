/// An organisation's fields as typed (`org add`, an import row that is only an organisation),
/// before validation; `validate` collects every error, naming its field.
public struct OrganisationInput: Sendable, Equatable {
    public var name: String?
    public var businessID: String?
    public var street: String?
    public var postcode: String?
    public var town: String?
    public var country: String?
    public var website: String?
    public var notes: String?
    public var email: String?
    public var phone: String?

    public init(name: String? = nil) { self.name = name }

    public func validate() throws(ValidationErrors) -> Organisation {
        var errors = FieldErrors()
        let name = errors.check { () throws(FieldError) in try TextInput.required(self.name, field: "name", maxLength: FieldLimits.organisationName) }
        let businessID = errors.check { () throws(FieldError) in try self.businessID.flatMap { v throws(FieldError) in try BusinessID.validate(v) } } ?? nil
        let country = errors.check { () throws(FieldError) in try Country.validate(self.country) } ?? Country.finland
        let street = errors.check { () throws(FieldError) in try self.street.flatMap { v throws(FieldError) in try TextInput.clean(v, field: "street", maxLength: FieldLimits.street) } } ?? nil
        let postcode = errors.check { () throws(FieldError) in try self.postcode.flatMap { v throws(FieldError) in try Postcode.validate(v, country: country) } } ?? nil
        let town = errors.check { () throws(FieldError) in try self.town.flatMap { v throws(FieldError) in try TextInput.clean(v, field: "town", maxLength: FieldLimits.town) } } ?? nil
        let website = errors.check { () throws(FieldError) in try self.website.flatMap { v throws(FieldError) in try Website.validate(v) } } ?? nil
        let notes = errors.check { () throws(FieldError) in
            try self.notes.flatMap { v throws(FieldError) in try TextInput.clean(v, field: "notes", maxLength: FieldLimits.notes, lines: .multiple) }
        } ?? nil
        let email = errors.check { () throws(FieldError) in try self.email.flatMap { v throws(FieldError) in try Email.validate(v) } } ?? nil
        let phone = errors.check { () throws(FieldError) in try self.phone.flatMap { v throws(FieldError) in try Phone.normalise(v) } } ?? nil
        guard errors.isEmpty, let name else { throw ValidationErrors(errors.all) }
        return Organisation(name: name, businessID: businessID, street: street, postcode: postcode, town: town, country: country,
                            website: website, notes: notes, email: email, phone: phone)
    }
}
