import KortistoCore
import TUIKit

extension App {
    /// `t`: the customer's tags as one comma-separated field.
    mutating func openTagsForm(for customer: Customer) {
        if let reason = customer.restrictionReason {
            message = (strings("message.restricted", reason), true)
            return
        }
        let value = customer.tags.joined(separator: ", ")
        let field = FormState.Field(key: "tags", field: TextField(value, maxLength: 500), original: value)
        stack.append(.form(FormState(kind: .tags(customer: customer), title: strings("form.tags", customer.fullName), fields: [field]) { app, form, _ in try app.submitTags(&form, customer: customer) }))
    }

    /// `v`: events and trainings, newest first, each with the number its participants are
    /// recorded under; `a` there adds one.
    mutating func openEvents() {
        do {
            stack.append(.text(TextViewState(title: strings["events.title"], lines: try textLines(.events), source: .events)))
        } catch { report(error) }
    }

    /// The lines of a text view drawn from the register, again after any change.
    func textLines(_ source: TextSource) throws -> [String] {
        switch source {
        case .events:
            let events = try data.events(limit: 1000)
            var lines = events.isEmpty ? [strings["events.none"]] : []
            for (event, people) in events {
                let kind = strings["events.kind.\(event.kind.rawValue)"]
                lines.append("#\(event.id)  \(event.date.finnish)  \(event.name)  · \(kind)" + (event.place.map { " · \($0)" } ?? "") + "  " + strings("events.people", people))
            }
            return lines + ["", strings["events.hint"]]
        case .breaches:
            let breaches = try data.breaches()
            var lines = breaches.isEmpty ? [strings["breaches.none"]] : []
            for b in breaches {
                let state: String
                switch b.state(on: today) {
                case .reported: state = strings("breaches.reported", b.reportedOn?.finnish ?? "")
                case .open: state = strings("breaches.report_by", b.reportDue.finnish)
                case .late: state = strings("breaches.late", b.reportDue.finnish)
                }
                lines.append("#\(b.id)  \(b.happenedOn.finnish)  \(b.what)")
                lines.append("    " + [strings("breaches.found", b.foundOn.finnish), state,
                                       b.people.map { strings("breaches.people", $0) }, b.notifiedOn.map { strings("breaches.notified", $0.finnish) },
                                       b.measures.map { strings("breaches.measures", $0) }].compactMap { $0 }.joined(separator: " · "))
            }
            return lines + ["", strings["breaches.hint"]]
        case let .report(customer, language):
            guard let accessReports else { return [] }
            return try accessReports.report(customer, language: language).text.components(separatedBy: "\n")
        }
    }

    /// `x` on a card: the access report, in the customer's language (else the register's).
    mutating func openAccessReport(_ customer: Customer, language: String?) {
        guard let accessReports else { return }
        do {
            let report = try accessReports.report(customer.number, language: language)
            stack.append(.text(TextViewState(title: strings("report.title", customer.fullName), lines: report.text.components(separatedBy: "\n"),
                                             source: .report(customer: customer.number, language: report.language))))
        } catch { report(error) }
    }

    /// `l` in the report: the other language, in place.
    mutating func switchReportLanguage(_ view: inout TextViewState) {
        guard case let .report(customer, language)? = view.source else { return }
        let other = language == "fi" ? "en" : "fi"
        view.source = .report(customer: customer, language: other)
        do { view.lines = try textLines(.report(customer: customer, language: other)) } catch { report(error) }
        view.scroll = Scroll()
    }

    /// `w` in the report: asks for the file (a new one, written 0600).
    mutating func openSaveReportForm(_ view: TextViewState) {
        guard case let .report(customer, language)? = view.source else { return }
        let suggested = strings(language == "fi" ? "report.file_fi" : "report.file_en", customer)
        let field = FormState.Field(key: "file", field: TextField(suggested, maxLength: 500), original: suggested)
        stack.append(.form(FormState(kind: .saveReport(customer: customer, language: language), title: strings["form.save_report"], fields: [field]) { app, form, _ in try app.submitReport(&form, customer: customer, language: language) }))
    }

    /// Keys a text view drawn from the register offers besides scrolling.
    func textKeys(_ source: TextSource?) -> [(key: Character, label: String)] {
        switch source {
        case .events?, .breaches?: [("a", strings["key.add"])]
        case .report?: [("l", strings["key.other_language"]), ("w", strings["key.write_file"])]
        case nil: []
        }
    }

    /// Runs such a key; false when the view has none by that name.
    mutating func textKey(_ key: Key, _ view: inout TextViewState) -> Bool {
        switch (view.source, key) {
        case (.events?, .character("a")): openEventForm()
        case (.breaches?, .character("a")): openBreachForm()
        case (.report?, .character("l")): switchReportLanguage(&view)
        case (.report?, .character("w")): openSaveReportForm(view)
        default: return false
        }
        return true
    }

    /// `B`: the breach log, newest first, with each one's 72-hour reporting deadline.
    mutating func openBreaches() {
        do {
            stack.append(.text(TextViewState(title: strings["breaches.title"], lines: try textLines(.breaches), source: .breaches)))
        } catch { report(error) }
    }

    /// `a` in the breach log: document a breach.
    mutating func openBreachForm() {
        let defaults = ["when": today.finnish]
        let fields = ["what", "when", "found", "people", "reported_on", "notified_on", "measures"].map {
            FormState.Field(key: $0, field: TextField(defaults[$0] ?? "", maxLength: FieldLimits.shortNote), original: defaults[$0] ?? "")
        }
        stack.append(.form(FormState(kind: .breach, title: strings["form.add_breach"], fields: fields) { app, form, _ in try app.submitBreach(&form) }))
    }

    /// `a` on the events list: a new event or training.
    mutating func openEventForm() {
        let defaults = ["date": today.finnish, "kind": strings["events.kind.training"]]
        let fields = ["name", "date", "place", "trainer", "kind"].map {
            FormState.Field(key: $0, field: TextField(defaults[$0] ?? "", maxLength: 300), original: defaults[$0] ?? "")
        }
        stack.append(.form(FormState(kind: .event, title: strings["form.add_event"], fields: fields) { app, form, _ in try app.submitEvent(&form) }))
    }

    /// `f` on a card: feedback or a complaint, and how it was resolved.
    mutating func openFeedbackForm(for customer: Customer) {
        let defaults = ["date": today.finnish, "complaint": strings["feedback.no"]]
        let fields = ["text", "complaint", "resolution", "date"].map {
            FormState.Field(key: $0, field: TextField(defaults[$0] ?? "", maxLength: 2000), original: defaults[$0] ?? "")
        }
        stack.append(.form(FormState(kind: .feedback(customer: customer), title: strings("form.feedback", customer.fullName), fields: fields) { app, form, _ in try app.submitFeedback(&form, customer: customer) }))
    }

    /// `v` on a card: the customer took part in an event (by its number), with a certificate.
    mutating func openAttendForm(for customer: Customer) {
        if let reason = customer.restrictionReason {
            message = (strings("message.restricted", reason), true)
            return
        }
        let fields = ["event", "certificate", "expires"].map { FormState.Field(key: $0, field: TextField("", maxLength: 300), original: "") }
        stack.append(.form(FormState(kind: .attend(customer: customer), title: strings("form.attend", customer.fullName), fields: fields) { app, form, _ in try app.submitAttendance(&form, customer: customer) }))
    }
}

extension App {
    /// Saves the tags form (its submit, given where the form is opened).
    mutating func submitTags(_ form: inout FormState, customer: Customer) throws {
        var input = CustomerInput()
        input.tags = form.value("tags") ?? ""
        let changes = try input.validate(today: today, existing: customer)
        try data.updateCustomer(customer.number, changes, expectedRevision: customer.revision)
        stack.removeLast()
        message = (strings["message.tags_saved"], false)
        refreshAfterChange()
        refreshCardOnStack(customer.number)
    }

    /// Saves the event form (its submit, given where the form is opened).
    mutating func submitEvent(_ form: inout FormState) throws {
        let event = try EventInput(name: form.value("name"), date: form.value("date"), place: form.value("place"),
                                   trainer: form.value("trainer"), kind: form.value("kind")).validate(today: today)
        let id = try data.addEvent(event)
        stack.removeLast()
        message = (strings("message.event_added", id, event.name), false)
        refreshAfterChange()
    }

    /// Saves the attend form (its submit, given where the form is opened).
    mutating func submitAttendance(_ form: inout FormState, customer: Customer) throws {
        let valid = try AttendanceInput(event: form.value("event"), certificate: form.value("certificate"),
                                        expires: form.value("expires")).validate(today: today)
        try data.attend(event: valid.event, customer: customer.number, certificate: valid.certificate, expires: valid.expires)
        stack.removeLast()
        message = (strings("message.attended", customer.fullName, valid.event), false)
        refreshAfterChange()
        refreshCardOnStack(customer.number)
    }

    /// Saves the feedback form (its submit, given where the form is opened).
    mutating func submitFeedback(_ form: inout FormState, customer: Customer) throws {
        let feedback = try FeedbackInput(text: form.value("text"), date: form.value("date"), complaint: form.value("complaint"),
                                         resolution: form.value("resolution")).validate(customer: customer.number, today: today)
        _ = try data.addFeedback(feedback)
        stack.removeLast()
        message = (strings[feedback.isComplaint ? "message.complaint_added" : "message.feedback_added"], false)
        refreshAfterChange()
        refreshCardOnStack(customer.number)
    }

    /// Saves the saveReport form (its submit, given where the form is opened).
    mutating func submitReport(_ form: inout FormState, customer: Int64, language: String) throws {
        let path: String
        do { path = try TextInput.required(form.value("file"), field: "file", maxLength: 500) } catch { throw ValidationErrors([error]) }
        guard let accessReports else { return }
        try accessReports.save(try accessReports.report(customer, language: language).text, to: path)
        stack.removeLast()
        message = (strings("message.report_written", path), false)
    }

    /// Saves the breach form (its submit, given where the form is opened).
    mutating func submitBreach(_ form: inout FormState) throws {
        let breach = try BreachInput(what: form.value("what"), when: form.value("when"), found: nonEmpty(form.value("found")),
                                     people: nonEmpty(form.value("people")), reportedOn: nonEmpty(form.value("reported_on")),
                                     notifiedOn: nonEmpty(form.value("notified_on")), measures: nonEmpty(form.value("measures")))
            .validate(today: today)
        let id = try data.addBreach(breach)
        stack.removeLast()
        message = (strings(breach.reportedOn == nil ? "message.breach_added_report_by" : "message.breach_added", id, breach.reportDue.finnish), false)
        refreshAfterChange()
    }
}
