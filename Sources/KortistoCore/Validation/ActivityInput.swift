/// An event or training as typed (the interface's form, `kortisto event add`).
public struct EventInput: Sendable, Equatable {
    public var name: String?
    public var date: String?
    public var place: String?
    public var trainer: String?
    public var kind: String?

    public init(name: String? = nil, date: String? = nil, place: String? = nil, trainer: String? = nil, kind: String? = nil) {
        self.name = name
        self.date = date
        self.place = place
        self.trainer = trainer
        self.kind = kind
    }

    /// Every field checked at once, so a form can mark them all.
    public func validate(today: LocalDate) throws(ValidationErrors) -> Event {
        var errors = FieldErrors()
        let cleanName = errors.check { () throws(FieldError) in try TextInput.required(name, field: "name", maxLength: FieldLimits.description) }
        let day = errors.check { () throws(FieldError) -> LocalDate in
            guard let day = try DateInput.parse(date ?? "", field: "date", today: today) else { throw FieldError("date", "is required") }
            return day
        }
        let cleanPlace = errors.check { () throws(FieldError) in try TextInput.clean(place ?? "", field: "place", maxLength: FieldLimits.street) } ?? nil
        let cleanTrainer = errors.check { () throws(FieldError) in try TextInput.clean(trainer ?? "", field: "trainer", maxLength: FieldLimits.name) } ?? nil
        let parsedKind = errors.check { () throws(FieldError) -> Event.Kind in
            let text = SearchFolding.fold(kind ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .event }
            if let kind = EventInput.kindAliases[text] { return kind }
            throw FieldError("kind", "'{0}' is not a kind of event (event or training)", "\(kind ?? "")")
        }
        guard errors.isEmpty, let cleanName, let day, let parsedKind else { throw ValidationErrors(errors.all) }
        return Event(name: cleanName, date: day, place: cleanPlace, trainer: cleanTrainer, kind: parsedKind)
    }

    static let kindAliases: [String: Event.Kind] = ["event": .event, "tapahtuma": .event, "training": .training, "koulutus": .training]
}

/// A customer's attendance as typed on their card: which event, and a certificate earned.
public struct AttendanceInput: Sendable, Equatable {
    public var event: String?
    public var certificate: String?
    public var expires: String?

    public init(event: String? = nil, certificate: String? = nil, expires: String? = nil) {
        self.event = event
        self.certificate = certificate
        self.expires = expires
    }

    public struct Valid: Sendable, Equatable {
        public var event: Int64
        public var certificate: String?
        public var expires: LocalDate?
    }

    public func validate(today: LocalDate) throws(ValidationErrors) -> Valid {
        var errors = FieldErrors()
        let digits = (event ?? "").trimmingCharacters(in: .whitespaces).drop { $0 == "#" }
        let id = Int64(digits).flatMap { $0 > 0 ? $0 : nil }
        if id == nil {
            errors.append(digits.isEmpty ? FieldError("event", "is required (the number in the events list, v)") : FieldError("event", "'{0}' is not an event number", String(digits)))
        }
        let cleanCertificate = errors.check { () throws(FieldError) in try TextInput.clean(certificate ?? "", field: "certificate", maxLength: FieldLimits.title) } ?? nil
        let until = errors.check { () throws(FieldError) in try DateInput.parse(expires ?? "", field: "expires", today: today) } ?? nil
        if until != nil && cleanCertificate == nil { errors.append(FieldError("expires", "goes with a certificate")) }
        guard errors.isEmpty, let id else { throw ValidationErrors(errors.all) }
        return Valid(event: id, certificate: cleanCertificate, expires: until)
    }
}

/// Feedback or a complaint as typed (the card's form, `kortisto feedback`).
public struct FeedbackInput: Sendable, Equatable {
    public var text: String?
    public var date: String?
    /// Yes or no in either language (`k`, `kyllä`, `y`, `yes`; empty is no).
    public var complaint: String?
    public var resolution: String?

    public init(text: String? = nil, date: String? = nil, complaint: String? = nil, resolution: String? = nil) {
        self.text = text
        self.date = date
        self.complaint = complaint
        self.resolution = resolution
    }

    public func validate(customer: Int64, today: LocalDate) throws(ValidationErrors) -> Feedback {
        var errors = FieldErrors()
        let cleanText = errors.check { () throws(FieldError) in
            try TextInput.required(text, field: "text", maxLength: FieldLimits.shortNote * 4, lines: .multiple)
        }
        let cleanResolution = errors.check { () throws(FieldError) in
            try TextInput.clean(resolution ?? "", field: "resolution", maxLength: FieldLimits.shortNote, lines: .multiple)
        } ?? nil
        let day = errors.check { () throws(FieldError) in try DateInput.past(date ?? "", field: "date", today: today) ?? today }
        let isComplaint = errors.check { () throws(FieldError) -> Bool in
            switch SearchFolding.fold(complaint ?? "").trimmingCharacters(in: .whitespaces) {
            case "", "n", "no", "e", "ei": return false
            case "y", "yes", "k", "kylla", "x": return true
            default: throw FieldError("complaint", "'{0}' is not yes or no", "\(complaint ?? "")")
            }
        }
        guard errors.isEmpty, let cleanText, let day, let isComplaint else { throw ValidationErrors(errors.all) }
        return Feedback(customerNumber: customer, date: day, text: cleanText, isComplaint: isComplaint, resolution: cleanResolution)
    }
}
