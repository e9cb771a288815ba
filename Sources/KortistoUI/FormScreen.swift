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
        // An error is never hidden: beside its field (the command line's option names, as in
        // `reported-on`, name the form's `reported_on`), else on the message line.
        var elsewhere: [String] = []
        for fieldError in error.errors {
            let key = fieldError.field.replacingOccurrences(of: "-", with: "_")
            if fields.contains(where: { $0.key == key }) {
                errors[key] = strings.validation(fieldError)
            } else {
                elsewhere.append(strings.validation(fieldError))
            }
        }
        if let first = fields.firstIndex(where: { errors[$0.key] != nil }) { focus = first }
        guard elsewhere.isEmpty else { return [.warn(elsewhere.joined(separator: "; "))] }
        return [.warn(strings("message.fix_fields", error.errors.count))]
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
            let before = fields[focus].field.text
            _ = fields[focus].field.handle(key)
            // The error beside a field is about what was typed before: editing it clears it.
            if fields[focus].field.text != before { errors[fields[focus].key] = nil }
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
