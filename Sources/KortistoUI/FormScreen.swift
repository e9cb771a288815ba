import KortistoCore
import TUIKit

/// A form: labelled text fields, one focused. Errors from validation stand next to their
/// field; a failed save keeps everything typed.
struct FormState {
    enum Kind {
        case customer(number: Int64?, revision: Int64?)
        case order(customer: Customer)
        case contact(customer: Customer)
        case settings
        case labels
        case importFile
        case tags(customer: Customer)
        case event
        case attend(customer: Customer)
        case feedback(customer: Customer)
        case flag(PrivacyFlag, customer: Customer)
        case breach
        case saveReport(customer: Int64, language: String)

        /// Whether Ctrl-P previews what saving would do.
        var hasPreview: Bool {
            switch self {
            case .labels, .importFile: true
            default: false
            }
        }

        /// Where the labels of the form's fields are among the strings.
        var labelPrefix: String {
            switch self {
            case .settings: "setting."
            case .labels: "labels.field."
            case .importFile: "import.field."
            case .event: "event.field."
            case .attend: "attend.field."
            case .feedback: "feedback.field."
            case .flag: "flag.field."
            case .breach: "breach.field."
            case .saveReport: "report.field."
            case .customer, .order, .contact, .tags: "field."
            }
        }
    }

    struct Field {
        var key: String
        var field: TextField
        var original: String
    }

    var kind: Kind
    var title: String
    var fields: [Field]
    var focus = 0
    var errors: [String: String] = [:]
    /// Someone else saved this customer after the form opened: ask reload or overwrite.
    var conflict = false
    /// What saving does, given by the code that opens the form: validates the fields, stores
    /// them, closes the form and says what was done; throws to keep the form open with the
    /// errors at their fields. `overwrite`: save over someone else's change (after a conflict).
    var submit: (inout App, inout FormState, _ overwrite: Bool) throws -> Void

    var isDirty: Bool { fields.contains { $0.field.text != $0.original } }

    func value(_ key: String) -> String? { fields.first { $0.key == key }?.field.text }
}

extension App {
    /// The customer form's layout: every field `CustomerField.edited` says a form edits (a
    /// test holds the two together), the everyday ones first.
    static let customerForm: [CustomerField] = [
        .firstName, .lastName, .organisation, .title, .email, .phone, .street, .postcode, .town, .country, .birthdate, .language, .notes,
        .careOf, .poBox, .otherEmails, .otherPhones, .otherAddresses,
        .source, .tags, .customerType, .kind, .department, .preferredChannel, .websites, .profiles, .memberSince, .memberUntil,
    ]
    static let customerFieldKeys = customerForm.map(\.key)

    /// Field values as a person would type them back (grouped phone, Finnish dates, the
    /// relationship and channel in the interface's words).
    func customerFieldValues(_ c: Customer?) -> [String: String] {
        guard let c else { return ["country": Country.finland, "kind": typable("kind.customer", "customer", CustomerKind.parse)] }
        var values: [String: String] = [:]
        for field in Self.customerForm {
            switch field {
            case .kind: values[field.key] = typable("kind.\(c.kind.rawValue)", c.kind.rawValue, CustomerKind.parse)
            case .customerType: values[field.key] = c.customerType.map { typable("type.\($0.rawValue)", $0.rawValue, CustomerType.parse) } ?? ""
            case .preferredChannel:
                values[field.key] = c.preferredChannel.map { typable("preferred.\($0.rawValue)", $0.rawValue, PreferredChannel.parse) } ?? ""
            default: values[field.key] = field.typed(in: c)
            }
        }
        return values
    }

    /// The word shown in the interface's language when it reads back as the same value, else
    /// the stored keyword: what a form shows must save unchanged.
    func typable<T>(_ key: String, _ raw: String, _ parse: (String, String) throws -> T) -> String {
        let word = strings[key]
        guard let shown = try? parse(word, ""), let stored = try? parse(raw, ""), "\(shown)" == "\(stored)" else { return raw }
        return word
    }

    mutating func openCustomerForm(editing customer: Customer?) {
        if let reason = customer?.restrictionReason {
            message = (strings("message.restricted", reason), true)
            return
        }
        let values = customerFieldValues(customer)
        let fields = App.customerFieldKeys.map { key in
            FormState.Field(key: key, field: TextField(values[key] ?? "", maxLength: key == "notes" ? FieldLimits.notes : 300), original: values[key] ?? "")
        }
        let title = customer.map { strings("form.edit_customer", $0.fullName) } ?? strings["form.add_customer"]
        stack.append(.form(FormState(kind: .customer(number: customer?.number, revision: customer?.revision), title: title, fields: fields) { app, form, overwrite in try app.submitCustomer(&form, overwrite: overwrite) }))
    }

    mutating func openOrderForm(for customer: Customer) {
        if let reason = customer.restrictionReason {
            message = (strings("message.restricted", reason), true)
            return
        }
        let defaults = ["description": "", "amount": "", "date": today.finnish, "invoice": "", "due": ""]
        let fields = ["description", "amount", "date", "invoice", "due"].map {
            FormState.Field(key: $0, field: TextField(defaults[$0] ?? "", maxLength: 500), original: defaults[$0] ?? "")
        }
        stack.append(.form(FormState(kind: .order(customer: customer), title: strings("form.add_order", customer.fullName), fields: fields) { app, form, _ in try app.submitOrder(&form, customer: customer) }))
    }

    /// `S`: the register's settings as a form; Ctrl-N there previews the privacy notice.
    mutating func openSettings() {
        do {
            let settings = try data.settings()
            let fields = SettingKey.allCases.map { key in
                FormState.Field(key: key.rawValue, field: TextField(settings.value(key) ?? "", maxLength: key.maxLength),
                                original: settings.value(key) ?? "")
            }
            stack.append(.form(FormState(kind: .settings, title: strings["form.settings"], fields: fields) { app, form, _ in try app.submitSettings(&form) }))
        } catch { report(error) }
    }

    /// The privacy notice as it would be written now, in the interface's language.
    mutating func openNoticePreview() {
        guard let template = noticeTemplate else {
            message = (strings["message.no_notice_template"], true)
            return
        }
        do {
            let notice = PrivacyNotice(settings: try data.settings(), usage: try data.usage(), template: template, format: .txt, date: today)
            var lines = notice.text.components(separatedBy: "\n")
            if !notice.missing.isEmpty {
                lines.insert(strings("notice.missing", notice.missing.map(\.rawValue).joined(separator: ", ")), at: 0)
                lines.insert("", at: 1)
            }
            stack.append(.text(TextViewState(title: strings["notice.title"], lines: lines)))
        } catch { report(error) }
    }

    mutating func openContactForm(for customer: Customer) {
        if let reason = customer.restrictionReason {
            message = (strings("message.restricted", reason), true)
            return
        }
        let defaults = ["channel": strings.channel(.phone), "date": today.finnish, "note": ""]
        let fields = ["channel", "date", "note"].map {
            FormState.Field(key: $0, field: TextField(defaults[$0] ?? "", maxLength: 500), original: defaults[$0] ?? "")
        }
        stack.append(.form(FormState(kind: .contact(customer: customer), title: strings("form.add_contact", customer.fullName), fields: fields) { app, form, _ in try app.submitContact(&form, customer: customer) }))
    }

    mutating func handleForm(_ key: Key, _ form: inout FormState) -> AppAction {
        if form.conflict {
            switch key {
            case .character("r"), .character("R"): reloadForm(&form)
            case .character("o"), .character("O"): form.conflict = false; save(&form, overwrite: true)
            case .escape: form.conflict = false
            default: break
            }
            return .none
        }
        guard let command = App.formKeys.command(for: key) else {
            _ = form.fields[form.focus].field.handle(key)
            return .none
        }
        switch command {
        case .next:
            form.focus = (form.focus + 1) % form.fields.count
        case .previous:
            form.focus = (form.focus + form.fields.count - 1) % form.fields.count
        case .enter:
            if form.focus == form.fields.count - 1 { save(&form, overwrite: false) } else { form.focus += 1 }
        case .save:
            save(&form, overwrite: false)
        case .notice:
            if case .settings = form.kind { openNoticePreview() }
        case .preview:
            if case .labels = form.kind { previewLabels(&form) }
            if case .importFile = form.kind { previewImport(&form) }
        case .cancel:
            if form.isDirty {
                stack.append(.confirm(ConfirmState(text: strings["confirm.discard"], action: .discardForm)))
            } else {
                stack.removeLast()
            }
        }
        return .none
    }

    /// Validates and saves; on success closes the form, otherwise marks the fields.
    private mutating func save(_ form: inout FormState, overwrite: Bool) {
        form.errors = [:]
        do {
            let submit = form.submit
            try submit(&self, &form, overwrite)
        } catch let error as ValidationErrors {
            for fieldError in error.errors { form.errors[fieldError.field] = strings.validation(fieldError) }
            if let first = form.fields.firstIndex(where: { form.errors[$0.key] != nil }) { form.focus = first }
            message = (strings("message.fix_fields", error.errors.count), true)
        } catch let error as ConflictReporting where error.isConflict {
            form.conflict = true
            message = (strings["message.conflict"], true)
        } catch {
            report(error)
        }
    }

    /// Refills the form from the register (the other change wins; ours is dropped on request).
    private mutating func reloadForm(_ form: inout FormState) {
        guard case let .customer(number?, _) = form.kind else { return }
        do {
            guard let current = try data.card(number)?.customer else { return }
            let values = customerFieldValues(current)
            for index in form.fields.indices {
                let value = values[form.fields[index].key] ?? ""
                form.fields[index].field = TextField(value, maxLength: form.fields[index].field.maxLength)
                form.fields[index].original = value
            }
            form.kind = .customer(number: number, revision: current.revision)
            form.conflict = false
            form.errors = [:]
            message = (strings["message.reloaded"], false)
        } catch { report(error) }
    }

    mutating func refreshCardOnStack(_ number: Int64) {
        guard case var .card(card) = stack.last else { return }
        do {
            if let fresh = try data.card(number) { card.card = fresh }
        } catch { report(error) }
        loadRecords(&card)
        stack[stack.count - 1] = .card(card)
    }

    /// Shows the customer in the list (clearing a filter that would hide them).
    mutating func select(_ number: Int64) {
        do {
            guard let customer = try data.card(number)?.customer else { return }
            let visible = try data.window(matching: searchQuery, from: .after(anchor(before: customer)), limit: 1).first?.number == number
            if !list.query.isEmpty && !visible {
                list.query = ""
                list.matches = nil
            }
            reloadList(from: .after(anchor(before: customer)), select: number)
            if list.rows.count < listHeight { reloadList(from: .last, select: number) }
        } catch { report(error) }
    }

    /// A position just before `customer` in list order.
    func anchor(before customer: Customer) -> Customer {
        var anchor = customer
        anchor.number -= 1
        return anchor
    }

    func label(_ form: FormState, _ key: String) -> String {
        strings[form.kind.labelPrefix + key]
    }

    func drawForm(_ form: FormState, into screen: inout Screen) {
        drawTitle(form.title, into: &screen)
        // As wide as the longest label and a space (Finnish labels run long), at most half the screen.
        let longest = form.fields.map { DisplayWidth.of(label(form, $0.key)) }.max() ?? 0
        let labelWidth = min(max(18, longest + 2), max(18, width / 2))
        let fieldWidth = max(10, min(40, width - labelWidth - 4))
        let top = 2
        // Rows between the title and the error line above the message line.
        let visible = max(1, height - 5)
        let first = max(0, min(form.focus - visible + 1, form.fields.count - visible))
        for (row, index) in (first..<min(form.fields.count, first + visible)).enumerated() {
            let item = form.fields[index]
            let y = top + row
            let focused = index == form.focus
            screen.write(label(form, item.key), x: 1, y: y, width: labelWidth - 1, style: focused ? .bold : .plain)
            item.field.render(into: &screen, x: labelWidth, y: y, width: fieldWidth, focused: focused && !form.conflict,
                              style: focused ? Style(reverse: true) : .underlined)
            if let error = form.errors[item.key] {
                let x = labelWidth + fieldWidth + 1
                if width - x > 8 {
                    screen.write("← " + error, x: x, y: y, width: width - x, style: Style(bold: true, foreground: .red))
                }
            }
        }
        if form.conflict {
            screen.write(strings["form.conflict_choices"], x: 0, y: height - 2, width: width, style: Style(bold: true, reverse: true))
        }
        // The form keys this form has: Ctrl-N in the settings, Ctrl-P where there is a preview;
        // saving is called what it does (import, write).
        var footer = App.formKeys.bindings.compactMap { binding -> (String, String)? in
            guard var label = binding.footer else { return nil }
            switch binding.command {
            case .notice: guard case .settings = form.kind else { return nil }
            case .preview: guard form.kind.hasPreview else { return nil }
            case .save:
                if case .importFile = form.kind { label = "key.import" }
                if case .labels = form.kind { label = "key.write" }
            default: break
            }
            return (binding.footerDisplay, strings[label])
        }
        if form.conflict { footer = [("r", strings["key.reload"]), ("o", strings["key.overwrite"]), ("Esc", strings["key.keep_editing"])] }
        if !form.conflict { drawFooter(keys: footer, into: &screen) } else {
            screen.fill(x: 0, y: height - 1, width: width, height: 1, style: .reverse)
        }
        // The focused field's error in full, above the message line: it may not fit beside the field.
        if !form.conflict, let error = form.errors[form.fields[form.focus].key] {
            screen.write(label(form, form.fields[form.focus].key) + ": " + error, x: 0, y: height - 3, width: width,
                         style: Style(bold: true, foreground: .red))
        }
    }
}

/// A form field's text, or nil when left empty (an optional value not given).
func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return text
}

extension App {
    /// Saves the customer form (its submit, given where the form is opened).
    mutating func submitCustomer(_ form: inout FormState, overwrite: Bool) throws {
        // The revision the form stands on now (a reload after a conflict moves it).
        guard case let .customer(number, revision) = form.kind else { return }
        var input = CustomerInput()
        for field in Self.customerForm { if let value = form.value(field.key) { field.give(value, to: &input) } }
        if let number {
            guard let current = try data.card(number)?.customer else {
                message = (strings["message.customer_gone"], true)
                return
            }
            let changes = try input.validate(today: today, existing: current)
            try data.updateCustomer(number, changes, expectedRevision: overwrite ? nil : revision)
            stack.removeLast()
            // GDPR Art. 19: whoever received the data must hear of the correction.
            let recipients = (try? data.recipientsToNotify(number)) ?? []
            message = (strings("message.saved", current.number)
                       + (recipients.isEmpty ? "" : " " + strings("message.tell_recipients_correction", recipients.joined(separator: ", "))), false)
            refreshAfterChange()
            refreshCardOnStack(number)
        } else {
            let changes = try input.validate(today: today)
            let number = try data.addCustomer(changes, today: today)
            stack.removeLast()
            message = (strings("message.added", number), false)
            do { registerSize = try data.count(matching: SearchQuery("")) } catch { report(error) }
            select(number)
        }
    }

    /// Saves the order form (its submit, given where the form is opened).
    mutating func submitOrder(_ form: inout FormState, customer: Customer) throws {
        let order = try OrderInput(amount: form.value("amount"), description: form.value("description"), date: form.value("date"),
                                   invoice: form.value("invoice"), due: form.value("due")).validate(customer: customer.number, today: today)
        _ = try data.addOrder(order)
        stack.removeLast()
        message = (strings("message.order_added", order.description), false)
        refreshAfterChange()
        refreshCardOnStack(customer.number)
    }

    /// Saves the settings form (its submit, given where the form is opened).
    mutating func submitSettings(_ form: inout FormState) throws {
        var values: [SettingKey: String?] = [:]
        var errors: [FieldError] = []
        for field in form.fields where field.field.text != field.original {
            guard let key = SettingKey(rawValue: field.key) else { continue }
            do { values[key] = try SettingValidation.validate(key, field.field.text) } catch { errors.append(error) }
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        try data.setSettings(values)
        stack.removeLast()
        message = (strings["message.settings_saved"], false)
    }

    /// Saves the contact form (its submit, given where the form is opened).
    mutating func submitContact(_ form: inout FormState, customer: Customer) throws {
        let event = try ContactInput(channel: form.value("channel"), date: form.value("date"), note: form.value("note")).validate(today: today)
        _ = try data.addContact(event, customer: customer.number)
        stack.removeLast()
        message = (strings["message.contact_added"], false)
        refreshAfterChange()
        refreshCardOnStack(customer.number)
    }
}
