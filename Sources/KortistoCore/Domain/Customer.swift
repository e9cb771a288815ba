import Foundation

/// Where a customer's data came from (tietolähde): the privacy notice lists these sources.
public struct DataSource: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable {
        case person, webForm = "web_form", newsletter, event, publicSource = "public_source", other

        public var english: String {
            switch self {
            case .person: "the person"
            case .webForm: "web form"
            case .newsletter: "newsletter sign-up"
            case .event: "event"
            case .publicSource: "public source"
            case .other: "other"
            }
        }

        public var finnish: String {
            switch self {
            case .person: "henkilö itse"
            case .webForm: "verkkolomake"
            case .newsletter: "uutiskirjeen tilaus"
            case .event: "tapahtuma"
            case .publicSource: "julkinen lähde"
            case .other: "muu"
            }
        }
    }

    public var kind: Kind
    public var detail: String?

    public init(kind: Kind, detail: String? = nil) {
        self.kind = kind
        self.detail = detail
    }

    /// `event`, `event: Messut 2025`, `web form`, `lomake`; free text alone becomes `other: text`.
    public static func parse(_ raw: String, field: String = "source") throws(FieldError) -> DataSource? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: FieldLimits.sourceDetail) else { return nil }
        let head: String, rest: String?
        if let colon = text.firstIndex(of: ":") {
            head = String(text[..<colon])
            rest = text[text.index(after: colon)...].trimmed
        } else {
            head = text
            rest = nil
        }
        // The stored keys (`person`, `web_form`: our own files) as they are, without folding.
        if let kind = Kind(rawValue: head) ?? aliases[String(SearchFolding.fold(head).map { $0 == "-" || $0 == "_" ? " " : $0 })] {
            return DataSource(kind: kind, detail: rest.flatMap { $0.isEmpty ? nil : $0 })
        }
        return DataSource(kind: .other, detail: text)
    }

    private static let aliases: [String: Kind] = [
        "person": .person, "the person": .person, "customer": .person, "henkilo": .person, "henkilo itse": .person, "itse": .person,
        "web form": .webForm, "webform": .webForm, "web": .webForm, "form": .webForm, "lomake": .webForm, "verkkolomake": .webForm,
        "newsletter": .newsletter, "uutiskirje": .newsletter,
        "event": .event, "tapahtuma": .event, "messut": .event,
        "public": .publicSource, "public source": .publicSource, "julkinen": .publicSource, "julkinen lahde": .publicSource,
        "other": .other, "muu": .other, "import": .other,
    ]

    public var display: String {
        detail.map { "\(kind.rawValue): \($0)" } ?? kind.rawValue
    }
}

/// A customer (a person) as the register holds them.
public struct Customer: Sendable, Equatable {
    public var number: Int64
    public var firstName: String
    public var lastName: String
    public var organisationID: Int64?
    public var organisationName: String?
    public var title: String?
    public var email: String?
    /// E.164.
    public var phone: String?
    public var street: String?
    public var postcode: String?
    public var town: String?
    /// ISO 3166-1 alpha-2; Finland by default.
    public var country: String
    public var birthdate: Birthdate?
    public var language: String?
    public var notes: String?
    public var source: DataSource?
    /// Customer since: the day the customer relationship began (counts as activity).
    public var since: LocalDate
    public var createdAt: Date
    public var updatedAt: Date
    public var bans: [ConsentKind]
    public var newsletterConsent: Bool
    /// Current consent to marketing by text message.
    public var smsConsent = false
    /// The latest SMS event is a withdrawal: no SMS marketing, customer or not.
    public var smsConsentWithdrawn = false
    public var legalHoldReason: String?
    public var restrictionReason: String?
    /// Increases with every edit of the fields (see `updateCustomer`'s conflict check).
    public var revision: Int64 = 0
    /// The relationship (customer, prospect, partner, member, marketing contact).
    public var kind: CustomerKind = .customer
    public var tags: [String] = []
    /// Henkilötunnus, when a member's must be kept: shown only masked, never exported.
    public var identityCode: String?
    public var memberSince: LocalDate?
    public var memberUntil: LocalDate?
    /// Department within the organisation (Posti puts it on the line after the organisation).
    public var department: String?
    public var preferredChannel: PreferredChannel?
    /// Website and social-media profiles.
    public var links: [ProfileLink] = []
    /// Business or consumer customer; nil when not said.
    public var customerType: CustomerType?
    /// The c/o line of the address (Posti's `c/o Virtanen`), written above the street.
    public var careOf: String?
    /// The UID a card from elsewhere gave them (`CustomerField.vcardUID`); nil: derived.
    public var vcardUID: String?
    /// A PO box (`PL 123`): where the post is delivered when there is one.
    public var poBox: String?
    /// E-mails, phones and addresses beside the main ones, each with its use.
    public var otherContacts: [ContactDetail] = []

    public func otherContacts(_ kind: ContactDetail.Kind) -> [ContactDetail] { otherContacts.filter { $0.kind == kind } }

    public init(number: Int64, firstName: String, lastName: String, organisationID: Int64? = nil, organisationName: String? = nil,
                title: String? = nil, email: String? = nil, phone: String? = nil, street: String? = nil, postcode: String? = nil,
                town: String? = nil, country: String = Country.finland, birthdate: Birthdate? = nil, language: String? = nil,
                notes: String? = nil, source: DataSource? = nil, since: LocalDate, createdAt: Date, updatedAt: Date,
                bans: [ConsentKind] = [], newsletterConsent: Bool = false, legalHoldReason: String? = nil, restrictionReason: String? = nil) {
        self.number = number
        self.firstName = firstName
        self.lastName = lastName
        self.organisationID = organisationID
        self.organisationName = organisationName
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
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.bans = bans
        self.newsletterConsent = newsletterConsent
        self.legalHoldReason = legalHoldReason
        self.restrictionReason = restrictionReason
    }

    /// `Matti Virtanen`; a person with one name (`Äiti`, `Nimetön`) by that name alone.
    public var fullName: String { firstName.isEmpty ? lastName : (lastName.isEmpty ? firstName : "\(firstName) \(lastName)") }
    /// `Virtanen, Matti`: how lists show people, sorted by last name.
    public var listName: String { firstName.isEmpty ? lastName : (lastName.isEmpty ? firstName : "\(lastName), \(firstName)") }
    public var hasLegalHold: Bool { legalHoldReason != nil }
    /// Whether a ban of this kind is set, or a consent of this kind is current.
    public func isGranted(_ kind: ConsentKind) -> Bool {
        switch kind {
        case .publication, .marketing, .research, .disclosure: bans.contains(kind)
        case .newsletter: newsletterConsent
        case .sms: smsConsent
        }
    }
    public var isRestricted: Bool { restrictionReason != nil }
    /// `131052-****`, or nil without a code.
    public var identityCodeMasked: String? { identityCode.map(PersonalIdentityCode.masked) }
}

/// An organisation customers can belong to.
public struct Organisation: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var businessID: String?
    public var street: String?
    public var postcode: String?
    public var town: String?
    public var country: String
    public var website: String?
    public var notes: String?
    /// The organisation's own e-mail and phone (a café's, a switchboard's), not a person's.
    public var email: String?
    public var phone: String?

    public init(id: Int64 = 0, name: String, businessID: String? = nil, street: String? = nil, postcode: String? = nil,
                town: String? = nil, country: String = Country.finland, website: String? = nil, notes: String? = nil,
                email: String? = nil, phone: String? = nil) {
        self.id = id
        self.name = name
        self.businessID = businessID
        self.street = street
        self.postcode = postcode
        self.town = town
        self.country = country
        self.website = website
        self.notes = notes
        self.email = email
        self.phone = phone
    }
}
