/// An event or a training, with the people who took part.
public struct Event: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable { case event, training }

    public var id: Int64
    public var name: String
    public var date: LocalDate
    public var place: String?
    public var trainer: String?
    public var kind: Kind

    public init(id: Int64 = 0, name: String, date: LocalDate, place: String? = nil, trainer: String? = nil, kind: Kind = .event) {
        self.id = id
        self.name = name
        self.date = date
        self.place = place
        self.trainer = trainer
        self.kind = kind
    }
}

/// One person at an event: a customer, or a walk-in known only by name.
public struct Participant: Sendable, Equatable {
    public var id: Int64
    public var eventID: Int64
    public var customerNumber: Int64?
    /// A linked customer's name (read from the register) or the walk-in's.
    public var name: String
    public var isWalkIn: Bool { customerNumber == nil }
    public var attended: Bool
    public var certificate: String?
    public var certificateDate: LocalDate?
    public var certificateExpires: LocalDate?

    public init(id: Int64 = 0, eventID: Int64, customerNumber: Int64?, name: String, attended: Bool = true, certificate: String? = nil,
                certificateDate: LocalDate? = nil, certificateExpires: LocalDate? = nil) {
        self.id = id
        self.eventID = eventID
        self.customerNumber = customerNumber
        self.name = name
        self.attended = attended
        self.certificate = certificate
        self.certificateDate = certificateDate
        self.certificateExpires = certificateExpires
    }
}

/// A customer's part in an event, for the card and the report.
public struct Participation: Sendable, Equatable {
    public var event: Event
    public var participant: Participant

    public init(event: Event, participant: Participant) {
        self.event = event
        self.participant = participant
    }
}

/// A marketing action: what, how, when; its recipients are recorded with it.
public struct Campaign: Sendable, Equatable {
    public enum Channel: String, CaseIterable, Sendable { case letter, email, sms, phone }

    public var id: Int64
    public var name: String
    public var channel: Channel
    public var date: LocalDate
    public var recipients: Int
    /// What the list was for; its rule decided who could be on it.
    public var purpose: CampaignPurpose

    public init(id: Int64 = 0, name: String, channel: Channel, date: LocalDate, recipients: Int = 0, purpose: CampaignPurpose = .marketing) {
        self.id = id
        self.name = name
        self.channel = channel
        self.date = date
        self.recipients = recipients
        self.purpose = purpose
    }
}

/// Feedback or a complaint from a customer, and how it was resolved.
public struct Feedback: Sendable, Equatable {
    public var id: Int64
    public var customerNumber: Int64
    public var date: LocalDate
    public var text: String
    public var isComplaint: Bool
    public var resolution: String?

    public init(id: Int64 = 0, customerNumber: Int64, date: LocalDate, text: String, isComplaint: Bool = false, resolution: String? = nil) {
        self.id = id
        self.customerNumber = customerNumber
        self.date = date
        self.text = text
        self.isComplaint = isComplaint
        self.resolution = resolution
    }
}
