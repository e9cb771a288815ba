import KortistoCore
import TUIKit

extension ScreenContext {
    /// `t`: the customer's tags as one comma-separated field.
    func openTagsForm(for customer: Customer) -> [Effect] {
        if let reason = customer.restrictionReason { return [.warn(strings("message.restricted", reason))] }
        let value = customer.tags.joined(separator: ", ")
        let field = FormState.Field(key: "tags", field: TextField(value, maxLength: 500), original: value)
        return [.push(.form(FormState(kind: .tags(customer: customer), title: strings("form.tags", customer.fullName), fields: [field]) { context, form, _ in try context.submitTags(&form, customer: customer) }))]
    }

    /// `v`: events and trainings, newest first, each with the number its participants are
    /// recorded under; `a` there adds one, Enter shows who took part.
    func openEvents() -> [Effect] {
        do {
            return [.push(.items(try ItemsState(.events, self)))]
        } catch { return [.report(error)] }
    }

    /// The lines of a text view drawn from the register, again after any change.
    func textLines(_ source: TextSource) throws -> [String] {
        switch source {
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
            return reportLines(try accessReports.report(customer, language: language).text)
        }
    }

    /// `x` on a card: the access report, in the customer's language (else the register's).
    func openAccessReport(_ customer: Customer, language: String?) -> [Effect] {
        guard let accessReports else { return [] }
        do {
            let report = try accessReports.report(customer.number, language: language)
            return [.push(.text(TextViewState(title: strings("report.title", customer.fullName), lines: reportLines(report.text),
                                              source: .report(customer: customer.number, language: report.language))))]
        } catch { return [.report(error)] }
    }

    /// A report's lines wrapped to the window (the rights and purposes run long), never cut.
    func reportLines(_ text: String) -> [String] {
        text.components(separatedBy: "\n").flatMap { Layout.wrapKeepingIndent($0, width: width - 2) }
    }

    /// `w` in the report: asks for the file (a new one, written 0600).
    func openSaveReportForm(customer: Int64, language: String) -> [Effect] {
        let suggested = strings(language == "fi" ? "report.file_fi" : "report.file_en", customer)
        let field = FormState.Field(key: "file", field: TextField(suggested, maxLength: 500), original: suggested)
        return [.push(.form(FormState(kind: .saveReport(customer: customer, language: language), title: strings["form.save_report"], fields: [field]) {
            context, form, _ in try context.submitReport(&form, customer: customer, language: language)
        }))]
    }

    /// `B`: the breach log, newest first, with each one's 72-hour reporting deadline.
    func openBreaches() -> [Effect] {
        do {
            return [.push(.text(TextViewState(title: strings["breaches.title"], lines: try textLines(.breaches), source: .breaches)))]
        } catch { return [.report(error)] }
    }

    /// `a` in the breach log: document a breach.
    func openBreachForm() -> [Effect] {
        let fields = FormState.fields(["what", "when", "found", "people", "reported_on", "notified_on", "measures"], defaults: ["when": today.finnish],
                                      maxLength: FieldLimits.shortNote)
        return [.push(.form(FormState(kind: .breach, title: strings["form.add_breach"], fields: fields) { context, form, _ in try context.submitBreach(&form) }))]
    }

    /// `a` on the events list: a new event or training.
    func openEventForm() -> [Effect] {
        let fields = FormState.fields(["name", "date", "place", "trainer", "kind"], defaults: ["date": today.finnish, "kind": strings["events.kind.training"]],
                                      maxLength: 300)
        return [.push(.form(FormState(kind: .event, title: strings["form.add_event"], fields: fields) { context, form, _ in try context.submitEvent(&form) }))]
    }

    /// `f` on a card: feedback or a complaint, and how it was resolved.
    func openFeedbackForm(for customer: Customer) -> [Effect] {
        let fields = FormState.fields(["text", "complaint", "resolution", "date"], defaults: ["date": today.finnish, "complaint": strings["feedback.no"]],
                                      maxLength: 2000)
        return [.push(.form(FormState(kind: .feedback(customer: customer), title: strings("form.feedback", customer.fullName), fields: fields) { context, form, _ in try context.submitFeedback(&form, customer: customer) }))]
    }

    /// `v` on a card: the customer took part in an event (by its number), with a certificate.
    func openAttendForm(for customer: Customer) -> [Effect] {
        if let reason = customer.restrictionReason { return [.warn(strings("message.restricted", reason))] }
        let fields = FormState.fields(["event", "certificate", "expires"], maxLength: 300)
        return [.push(.form(FormState(kind: .attend(customer: customer), title: strings("form.attend", customer.fullName), fields: fields) { context, form, _ in try context.submitAttendance(&form, customer: customer) }))]
    }
}

extension ScreenContext {
    /// Saves the tags form (its submit, given where the form is opened).
    func submitTags(_ form: inout FormState, customer: Customer) throws -> [Effect] {
        var input = CustomerInput()
        input.tags = form.value("tags") ?? ""
        let changes = try input.validate(today: today, existing: customer)
        try data.updateCustomer(customer.number, changes, expectedRevision: customer.revision)
        return [.pop, .say(strings["message.tags_saved"]), .refresh]
    }

    /// Saves the event form (its submit, given where the form is opened).
    func submitEvent(_ form: inout FormState) throws -> [Effect] {
        let event = try EventInput(name: form.value("name"), date: form.value("date"), place: form.value("place"),
                                   trainer: form.value("trainer"), kind: form.value("kind")).validate(today: today)
        let id = try data.addEvent(event)
        return [.pop, .say(strings("message.event_added", id, event.name)), .refresh]
    }

    /// Saves the attend form (its submit, given where the form is opened).
    func submitAttendance(_ form: inout FormState, customer: Customer) throws -> [Effect] {
        let valid = try AttendanceInput(event: form.value("event"), certificate: form.value("certificate"),
                                        expires: form.value("expires")).validate(today: today)
        try data.attend(event: valid.event, customer: customer.number, certificate: valid.certificate, expires: valid.expires)
        return [.pop, .say(strings("message.attended", customer.fullName, valid.event)), .refresh]
    }

    /// Saves the feedback form (its submit, given where the form is opened).
    func submitFeedback(_ form: inout FormState, customer: Customer) throws -> [Effect] {
        let feedback = try FeedbackInput(text: form.value("text"), date: form.value("date"), complaint: form.value("complaint"),
                                         resolution: form.value("resolution")).validate(customer: customer.number, today: today)
        _ = try data.addFeedback(feedback)
        return [.pop, .say(strings[feedback.isComplaint ? "message.complaint_added" : "message.feedback_added"]), .refresh]
    }

    /// Saves the saveReport form (its submit, given where the form is opened).
    func submitReport(_ form: inout FormState, customer: Int64, language: String) throws -> [Effect] {
        let path: String
        do { path = try TextInput.required(form.value("file"), field: "file", maxLength: 500) } catch { throw ValidationErrors([error]) }
        guard let accessReports else { return [] }
        let written = try accessReports.save(try accessReports.report(customer, language: language).text, to: path)
        return [.pop, .say(strings("message.report_written", written))]
    }

    /// Saves the breach form (its submit, given where the form is opened).
    func submitBreach(_ form: inout FormState) throws -> [Effect] {
        let breach = try BreachInput(what: form.value("what"), when: form.value("when"), found: nonEmpty(form.value("found")),
                                     people: nonEmpty(form.value("people")), reportedOn: nonEmpty(form.value("reported_on")),
                                     notifiedOn: nonEmpty(form.value("notified_on")), measures: nonEmpty(form.value("measures")))
            .validate(today: today)
        let id = try data.addBreach(breach)
        // Not yet reported: by when, or that the 72 hours are already over.
        let key = breach.reportedOn != nil ? "message.breach_added" : (breach.state(on: today) == .late ? "message.breach_added_late" : "message.breach_added_report_by")
        return [.pop, .say(strings(key, id, breach.reportDue.finnish)), .refresh]
    }
}

extension TextViewState {
    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        switch key {
        case .escape, .character("q"), .enter: return [.pop]
        default: break
        }
        if let move = Scroll.move(for: key) {
            scroll.apply(move, lines: lines.count, visible: context.textHeight)
            return []
        }
        switch (source, key) {
        case (.breaches?, .character("a")): return context.openBreachForm()
        case let (.report(customer, language)?, .character("l")):
            // The other language, in place.
            let other = language == "fi" ? "en" : "fi"
            source = .report(customer: customer, language: other)
            scroll = Scroll()
            do { lines = try context.textLines(.report(customer: customer, language: other)) } catch { return [.report(error)] }
        case let (.report(customer, language)?, .character("w")): return context.openSaveReportForm(customer: customer, language: language)
        default: break
        }
        return []
    }

    /// Keys a text view drawn from the register offers besides scrolling.
    func keys(_ strings: Strings) -> [(key: Character, label: String)] {
        switch source {
        case .breaches?: [("a", strings["key.add"])]
        case .report?: [("l", strings["key.other_language"]), ("w", strings["key.write_file"])]
        case nil: []
        }
    }
}
