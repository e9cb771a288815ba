import KortistoCore
import TUIKit

/// The forms opened from the list and the card (customer, order, contact, settings): their
/// fields and values, and what saving each does (its submit, next to the code that opens it).
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
            do { values[key] = try SettingValidation.validate(key, field.field.text, sheets: labelPrinting?.sheets) } catch { errors.append(error) }
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
