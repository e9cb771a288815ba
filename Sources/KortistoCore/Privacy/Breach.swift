/// A personal-data breach, documented as GDPR Art. 33(5) requires of every breach, also those
/// not reported: a lost laptop, a list mailed to the wrong person.
public struct Breach: Sendable, Equatable {
    public var id: Int64
    public var what: String
    /// When it happened (or began).
    public var happenedOn: LocalDate
    /// When the business became aware of it: the 72 hours to report run from here.
    public var foundOn: LocalDate
    public var people: Int?
    /// When it was reported to the Data Protection Ombudsman.
    public var reportedOn: LocalDate?
    /// When the people concerned were told.
    public var notifiedOn: LocalDate?
    public var measures: String?

    public init(id: Int64 = 0, what: String, happenedOn: LocalDate, foundOn: LocalDate, people: Int? = nil, reportedOn: LocalDate? = nil,
                notifiedOn: LocalDate? = nil, measures: String? = nil) {
        self.id = id
        self.what = what
        self.happenedOn = happenedOn
        self.foundOn = foundOn
        self.people = people
        self.reportedOn = reportedOn
        self.notifiedOn = notifiedOn
        self.measures = measures
    }

    /// The last day of the 72 hours (Art. 33(1)): three days from becoming aware. The register
    /// keeps days, not hours, so the day the 72 hours end is the deadline shown.
    public var reportDue: LocalDate { foundOn.adding(days: 3) }

    public enum State: String, Sendable { case reported, open, late }

    /// Reported; still within the 72 hours; or past them without a report (which then needs
    /// the reasons for the delay, or a record of why no report was needed).
    public func state(on today: LocalDate) -> State {
        if reportedOn != nil { return .reported }
        return today > reportDue ? .late : .open
    }
}

/// A breach as typed: every field checked, every error named at its field.
public struct BreachInput: Sendable {
    public var what: String?
    public var when: String?
    public var found: String?
    public var people: String?
    public var reportedOn: String?
    public var notifiedOn: String?
    public var measures: String?

    public init(what: String? = nil, when: String? = nil, found: String? = nil, people: String? = nil, reportedOn: String? = nil,
                notifiedOn: String? = nil, measures: String? = nil) {
        self.what = what
        self.when = when
        self.found = found
        self.people = people
        self.reportedOn = reportedOn
        self.notifiedOn = notifiedOn
        self.measures = measures
    }

    /// A date that has happened, or nil when not given; its error kept.
    private static func past(_ raw: String?, _ field: String, _ today: LocalDate, _ errors: inout FieldErrors) -> LocalDate? {
        guard let raw else { return nil }
        return errors.check { () throws(FieldError) -> LocalDate? in try DateInput.past(raw, field: field, today: today) } ?? nil
    }

    private static func text(_ raw: String?, _ field: String, _ errors: inout FieldErrors) -> String? {
        guard let raw else { return nil }
        return errors.check { () throws(FieldError) -> String? in try TextInput.clean(raw, field: field, maxLength: FieldLimits.shortNote) } ?? nil
    }

    /// What a later `breach update` adds: when it was reported and the people told, what was
    /// done; checked as a new breach's are, and against the day the breach was found.
    public func changes(today: LocalDate, found: LocalDate) throws(ValidationErrors) -> (reportedOn: LocalDate?, notifiedOn: LocalDate?, measures: String?) {
        var errors = FieldErrors()
        let reported = Self.past(reportedOn, "reported-on", today, &errors)
        let notified = Self.past(notifiedOn, "notified-on", today, &errors)
        let steps = Self.text(measures, "measures", &errors)
        for (field, date) in [("reported-on", reported), ("notified-on", notified)] {
            if let date, date < found { errors.append(FieldError(field, "{0} is before the breach was found ({1})", "\(date.finnish)", "\(found.finnish)")) }
        }
        try errors.throwIfAny()
        return (reported, notified, steps)
    }

    public func validate(today: LocalDate) throws(ValidationErrors) -> Breach {
        var errors = FieldErrors()
        func past(_ raw: String?, _ field: String) -> LocalDate? { Self.past(raw, field, today, &errors) }
        func text(_ raw: String?, _ field: String) -> String? { Self.text(raw, field, &errors) }
        let summary = errors.check { () throws(FieldError) -> String in try TextInput.required(self.what, field: "what", maxLength: FieldLimits.shortNote) }
        if (self.when ?? "").isEmpty { errors.append(FieldError("when", "is required (the day it happened)")) }
        let happened = past(self.when, "when")
        let aware = past(self.found, "found")
        let count = errors.check { () throws(FieldError) -> Int? in
            guard let raw = self.people, let text = try TextInput.clean(raw, field: "people", maxLength: 9) else { return nil }
            guard let n = Int(text), n >= 0 else { throw FieldError("people", "'{0}' is not a number of people", "\(text)") }
            return n
        } ?? nil
        let reported = past(self.reportedOn, "reported-on")
        let notified = past(self.notifiedOn, "notified-on")
        let steps = text(self.measures, "measures")
        if let happened, let aware, aware < happened {
            errors.append(FieldError("found", "{0} is before the breach happened ({1})", "\(aware.finnish)", "\(happened.finnish)"))
        }
        let from = aware ?? happened
        for (field, date) in [("reported-on", reported), ("notified-on", notified)] {
            if let date, let from, date < from { errors.append(FieldError(field, "{0} is before the breach was found ({1})", "\(date.finnish)", "\(from.finnish)")) }
        }
        guard errors.isEmpty, let summary, let happened else { throw ValidationErrors(errors.all) }
        return Breach(what: summary, happenedOn: happened, foundOn: aware ?? happened, people: count, reportedOn: reported, notifiedOn: notified,
                      measures: steps)
    }
}
