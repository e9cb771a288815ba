import KortistoCore
import TUIKit

/// A form: labelled text fields, one focused. Errors from validation stand next to their
/// field; a failed save keeps everything typed.
struct FormState {
    enum Kind {
        case customer(number: Int64?, revision: Int64?)
        case order(customer: Customer)
        /// Correcting an order, as it was read when the form opened.
        case orderEdit(order: Order)
        /// Marking an order paid, with the payment date.
        case pay(order: Order)
        case contact(customer: Customer)
        case settings
        /// Label sheets for the customers a search shows.
        case labels(search: String)
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
            case .customer, .order, .orderEdit, .pay, .contact, .tags: "field."
            }
        }
    }

    struct Field {
        var key: String
        var field: TextField
        var original: String
        /// What the typed text means, shown back when the focus leaves the field (`+14` as the
        /// date it is); nil leaves the text as typed (empty, or not understood: saving says why).
        var resolve: ((FormState, LocalDate) -> String?)? = nil
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
    var submit: (ScreenContext, inout FormState, _ overwrite: Bool) throws -> [Effect]

    var isDirty: Bool { fields.contains { $0.field.text != $0.original } }

    func value(_ key: String) -> String? { fields.first { $0.key == key }?.field.text }

    /// Fields of `keys`, empty or with their defaults.
    static func fields(_ keys: [String], defaults: [String: String] = [:], maxLength: Int) -> [Field] {
        keys.map { Field(key: $0, field: TextField(defaults[$0] ?? "", maxLength: maxLength), original: defaults[$0] ?? "") }
    }

    /// Shows each error at its field and moves to the first; says how many need fixing.
    mutating func show(_ error: ValidationErrors, _ strings: Strings) -> [Effect] {
        for fieldError in error.errors { errors[fieldError.field] = strings.validation(fieldError) }
        if let first = fields.firstIndex(where: { errors[$0.key] != nil }) { focus = first }
        return [.warn(strings("message.fix_fields", error.errors.count))]
    }
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

}

extension ScreenContext {
    /// Field values as a person would type them back (grouped phone, Finnish dates, the
    /// relationship and channel in the interface's words).
    func customerFieldValues(_ c: Customer?) -> [String: String] {
        guard let c else { return ["country": Country.finland, "kind": typable("kind.customer", "customer", CustomerKind.parse)] }
        var values: [String: String] = [:]
        for field in App.customerForm {
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

    func openCustomerForm(editing customer: Customer?) -> [Effect] {
        if let reason = customer?.restrictionReason { return [.warn(strings("message.restricted", reason))] }
        let values = customerFieldValues(customer)
        let fields = App.customerFieldKeys.map { key in
            FormState.Field(key: key, field: TextField(values[key] ?? "", maxLength: key == "notes" ? FieldLimits.notes : 300), original: values[key] ?? "")
        }
        let title = customer.map { strings("form.edit_customer", $0.fullName) } ?? strings["form.add_customer"]
        return [.push(.form(FormState(kind: .customer(number: customer?.number, revision: customer?.revision), title: title, fields: fields) {
            context, form, overwrite in try context.submitCustomer(&form, overwrite: overwrite)
        }))]
    }

    func openOrderForm(for customer: Customer) -> [Effect] {
        if let reason = customer.restrictionReason { return [.warn(strings("message.restricted", reason))] }
        var fields = FormState.fields(["description", "amount", "date", "invoice", "due"], defaults: ["date": today.finnish], maxLength: 500)
        fields[4].resolve = FormState.date("due", aheadOf: ["invoice_date", "date"])
        return [.push(.form(FormState(kind: .order(customer: customer), title: strings("form.add_order", customer.fullName), fields: fields) {
            context, form, _ in try context.submitOrder(&form, customer: customer)
        }))]
    }

    /// `S`: the register's settings as a form; Ctrl-N there previews the privacy notice.
    func openSettings() -> [Effect] {
        do {
            let settings = try data.settings()
            let fields = SettingKey.allCases.map { key in
                let shown = settingShown(key, settings.value(key) ?? "")
                return FormState.Field(key: key.rawValue, field: TextField(shown, maxLength: key.maxLength), original: shown)
            }
            return [.push(.form(FormState(kind: .settings, title: strings["form.settings"], fields: fields) { context, form, _ in try context.submitSettings(&form) }))]
        } catch { return [.report(error)] }
    }

    /// A setting's value as this language types it back (the validation reads every form):
    /// legal bases, yes and no, `none` in Finnish words in the Finnish interface.
    func settingShown(_ key: SettingKey, _ value: String) -> String {
        guard strings.language == .fi, !value.isEmpty else { return value }
        switch key {
        case .purposes, .purposesEnglish:
            return (try? Purpose.parseList(value).map { $0.text(finnish: true) }.joined(separator: "; ")) ?? value
        case .todayOnStart: return value == "no" ? strings["answer.no"] : strings["answer.yes"]
        case .profiling, .profilingEnglish, .recipients, .recipientsEnglish, .transfers, .transfersEnglish:
            return value == "none" ? "ei" : value
        default: return value
        }
    }

    /// The privacy notice as it would be written now, in the interface's language.
    func openNoticePreview() -> [Effect] {
        guard let template = noticeTemplate else { return [.warn(strings["message.no_notice_template"])] }
        do {
            let notice = PrivacyNotice(settings: try data.settings(), usage: try data.usage(), template: template, format: .txt, date: today)
            var lines = notice.text.components(separatedBy: "\n")
            if !notice.missing.isEmpty {
                lines.insert(strings("notice.missing", notice.missing.map { strings["setting.\($0.rawValue)"] }.joined(separator: ", ")), at: 0)
                lines.insert("", at: 1)
            }
            return [.push(.text(TextViewState(title: strings["notice.title"], lines: lines)))]
        } catch { return [.report(error)] }
    }

    func openContactForm(for customer: Customer) -> [Effect] {
        if let reason = customer.restrictionReason { return [.warn(strings("message.restricted", reason))] }
        var fields = FormState.fields(["channel", "date", "note", "follow_up"], defaults: ["channel": strings.channel(.phone), "date": today.finnish], maxLength: 500)
        fields[3].resolve = FormState.date("follow_up", aheadOf: ["date"])
        return [.push(.form(FormState(kind: .contact(customer: customer), title: strings("form.add_contact", customer.fullName), fields: fields) {
            context, form, _ in try context.submitContact(&form, customer: customer)
        }))]
    }
}

extension FormState {
    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        if conflict {
            switch key {
            case .character("r"), .character("R"): return reload(context)
            case .character("o"), .character("O"): conflict = false; return save(context, overwrite: true)
            case .escape: conflict = false
            default: break
            }
            return []
        }
        guard let command = App.formKeys.command(for: key) else {
            _ = fields[focus].field.handle(key)
            return []
        }
        switch command {
        case .next:
            showResolved(context)
            focus = (focus + 1) % fields.count
        case .previous:
            showResolved(context)
            focus = (focus + fields.count - 1) % fields.count
        case .enter:
            if focus == fields.count - 1 { return save(context, overwrite: false) } else { showResolved(context); focus += 1 }
        case .save:
            return save(context, overwrite: false)
        case .notice:
            if case .settings = kind { return context.openNoticePreview() }
        case .preview:
            if case let .labels(search) = kind { return context.previewLabels(&self, search: search) }
            if case .importFile = kind { return context.previewImport(&self) }
        case .cancel:
            return isDirty ? [.push(.confirm(ConfirmState(text: context.strings["confirm.discard"], action: .discardForm)))] : [.pop]
        }
        return []
    }

    /// Leaving a field that reads what is typed (`+14`, `14.12.`): it shows what it means.
    private mutating func showResolved(_ context: ScreenContext) {
        guard let resolve = fields[focus].resolve, let shown = resolve(self, context.today), shown != fields[focus].field.text else { return }
        fields[focus].field = TextField(shown, maxLength: fields[focus].field.maxLength)
    }

    /// A date field ahead of another's day (`due` after the invoice date): `+14`, `14`,
    /// `14.12.` and `tänään` become the date they mean.
    static func date(_ key: String, aheadOf base: [String]) -> (FormState, LocalDate) -> String? {
        { form, today in
            let from = base.lazy.compactMap { other in form.value(other).flatMap { try? DateInput.parse($0, field: other, today: today) } }.first ?? today
            return (try? DateInput.ahead(form.value(key) ?? "", field: key, from: from, today: today))??.finnish
        }
    }

    /// Validates and saves; on success the submit closes the form, otherwise the fields are marked.
    private mutating func save(_ context: ScreenContext, overwrite: Bool) -> [Effect] {
        errors = [:]
        do {
            let submit = self.submit
            return try submit(context, &self, overwrite)
        } catch let error as ValidationErrors {
            return show(error, context.strings)
        } catch let error as ConflictReporting where error.isConflict {
            conflict = true
            return [.warn(context.strings["message.conflict"])]
        } catch {
            return [.report(error)]
        }
    }

    /// Refills the form from the register (the other change wins; ours is dropped on request).
    private mutating func reload(_ context: ScreenContext) -> [Effect] {
        if case let .orderEdit(read) = kind {
            do {
                guard let current = try context.data.order(read.id) else { return [.pop, .warn(context.strings["message.order_gone"])] }
                refill(context.orderValues(current))
                kind = .orderEdit(order: current)
                return [.say(context.strings["message.reloaded"])]
            } catch { return [.report(error)] }
        }
        guard case let .customer(number?, _) = kind else { return [] }
        do {
            guard let current = try context.data.card(number)?.customer else { return [] }
            refill(context.customerFieldValues(current))
            kind = .customer(number: number, revision: current.revision)
            return [.say(context.strings["message.reloaded"])]
        } catch { return [.report(error)] }
    }

    /// Every field as the register has it now; what was typed is dropped, on request.
    private mutating func refill(_ values: [String: String]) {
        for index in fields.indices {
            let value = values[fields[index].key] ?? ""
            fields[index].field = TextField(value, maxLength: fields[index].field.maxLength)
            fields[index].original = value
        }
        conflict = false
        errors = [:]
    }
}

extension App {
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
        // As wide as the longest label (Finnish labels run long).
        let columns = Layout.FieldColumns(labels: form.fields.map { label(form, $0.key) }, screenWidth: width)
        let labelWidth = columns.labelWidth, fieldWidth = columns.fieldWidth
        let top = 2
        // Rows between the title and the error line above the message line.
        let visible = max(1, height - 5)
        let first = Selection.first(showing: form.focus, lines: form.fields.count, rows: visible)
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
            let choices: String
            if case .orderEdit = form.kind { choices = "form.conflict_choices_order" } else { choices = "form.conflict_choices" }
            screen.write(strings[choices], x: 0, y: height - 2, width: width, style: Style(bold: true, reverse: true))
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

extension ScreenContext {
    /// Saves the customer form (its submit, given where the form is opened).
    func submitCustomer(_ form: inout FormState, overwrite: Bool) throws -> [Effect] {
        // The revision the form stands on now (a reload after a conflict moves it).
        guard case let .customer(number, revision) = form.kind else { return [] }
        var input = CustomerInput()
        // An edit gives only what was changed in the form: saving over someone else's change
        // (after a conflict) keeps what they changed in the fields left alone.
        for field in App.customerForm {
            guard let entry = form.fields.first(where: { $0.key == field.key }), number == nil || entry.field.text != entry.original else { continue }
            field.give(entry.field.text, to: &input)
        }
        if let number {
            guard let current = try data.card(number)?.customer else { return [.warn(strings["message.customer_gone"])] }
            let changes = try input.validate(today: today, existing: current)
            try data.updateCustomer(number, changes, expectedRevision: overwrite ? nil : revision)
            // GDPR Art. 19: whoever received the data must hear of the correction.
            let recipients = (try? data.recipientsToNotify(number)) ?? []
            return [.pop,
                    .say(strings("message.saved", current.number)
                         + (recipients.isEmpty ? "" : " " + strings("message.tell_recipients_correction", recipients.joined(separator: ", ")))),
                    .refresh]
        } else {
            let changes = try input.validate(today: today)
            let number = try data.addCustomer(changes, today: today)
            return [.pop, .say(strings("message.added", number)), .refresh, .select(number)]
        }
    }

    /// Saves the order form (its submit, given where the form is opened).
    func submitOrder(_ form: inout FormState, customer: Customer) throws -> [Effect] {
        let order = try OrderInput(amount: form.value("amount"), description: form.value("description"), date: form.value("date"),
                                   invoice: form.value("invoice"), due: form.value("due")).validate(customer: customer.number, today: today)
        _ = try data.addOrder(order)
        return [.pop, .say(strings("message.order_added", order.description)), .refresh]
    }

    /// Saves the settings form (its submit, given where the form is opened).
    func submitSettings(_ form: inout FormState) throws -> [Effect] {
        var values: [SettingKey: String?] = [:]
        var errors: [FieldError] = []
        for field in form.fields where field.field.text != field.original {
            guard let key = SettingKey(rawValue: field.key) else { continue }
            do { values[key] = try SettingValidation.validate(key, field.field.text) } catch { errors.append(error) }
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        try data.setSettings(values)
        return [.pop, .say(strings["message.settings_saved"]), .refresh]
    }

    /// Saves the contact form (its submit, given where the form is opened).
    func submitContact(_ form: inout FormState, customer: Customer) throws -> [Effect] {
        let event = try ContactInput(channel: form.value("channel"), date: form.value("date"), note: form.value("note"),
                                     followUp: form.value("follow_up")).validate(today: today)
        _ = try data.addContact(event, customer: customer.number)
        return [.pop, .say(strings["message.contact_added"]), .refresh]
    }
}
