import KortistoCore
import TUIKit

/// A flag that keeps a customer's data as it is, set with a reason.
enum PrivacyFlag: Sendable, Equatable {
    /// The data must be kept (a dispute): the customer cannot be forgotten while it lasts.
    case legalHold
    /// Processing is restricted (GDPR Art. 18): only keeping the data and lifting this are allowed.
    case restriction

    /// The reason it is set for `customer`, nil when it is not.
    func reason(of customer: Customer) -> String? {
        switch self {
        case .legalHold: customer.legalHoldReason
        case .restriction: customer.restrictionReason
        }
    }

    /// The stem of its keys in the language tables (`form.legal_hold`, `message.restriction_set` …).
    var key: String {
        switch self {
        case .legalHold: "legal_hold"
        case .restriction: "restriction"
        }
    }
}

extension ScreenContext {
    /// Does what a privacy key asks for `customer`.
    func handlePrivacy(_ key: PrivacyKey, for customer: Customer) -> [Effect] {
        switch key {
        case let .consent(kind): toggleConsent(kind, for: customer)
        case let .flag(flag): toggleFlag(flag, for: customer)
        }
    }

    /// Setting a ban or withdrawing consent happens at once: it only ever stops processing.
    /// Lifting a ban or giving consent opens processing up again, so it asks first.
    func toggleConsent(_ kind: ConsentKind, for customer: Customer) -> [Effect] {
        // Each kind says for itself whether it is on, and whether switching it opens processing
        // up (a new kind must be placed here, not fall on one side by default).
        let active = customer.isGranted(kind), opensUp: Bool, question: String
        switch kind {
        case .publication, .marketing, .research, .disclosure:
            opensUp = active
            question = "confirm.lift_ban"
        case .newsletter, .sms:
            opensUp = !active
            question = "confirm.give_consent"
        }
        guard opensUp else { return recordConsent(kind, granted: !active, customer: customer.number) }
        let text = strings(question, strings.consent(kind), customer.fullName)
        return [.push(.confirm(ConfirmState(text: text, action: .consent(kind, granted: !active, customer: customer.number))))]
    }

    /// Records a consent event dated today, says so, and shows it in the list and the card.
    func recordConsent(_ kind: ConsentKind, granted: Bool, customer number: Int64) -> [Effect] {
        do {
            guard let customer = try data.card(number)?.customer else { return [.warn(strings["message.customer_gone"])] }
            _ = try data.recordConsent(ConsentEvent(kind: kind, granted: granted, date: today, source: ConsentEvent.sourceKortisto), customer: number)
            let key = kind.isBan ? (granted ? "message.ban_set" : "message.ban_lifted") : (granted ? "message.consent_given" : "message.consent_withdrawn")
            return [.say(strings(key, strings.consent(kind), customer.fullName)), .refresh]
        } catch { return [.report(error), .refresh] }
    }

    /// `H` and `L`: setting asks for the reason (a form); lifting asks first.
    func toggleFlag(_ flag: PrivacyFlag, for customer: Customer) -> [Effect] {
        if let current = flag.reason(of: customer) {
            let text = strings("confirm.lift_\(flag.key)", customer.fullName, current)
            return [.push(.confirm(ConfirmState(text: text, action: .clearFlag(flag, customer: customer.number))))]
        }
        let field = FormState.Field(key: "reason", field: TextField("", maxLength: FieldLimits.reason), original: "")
        let title = strings("form.\(flag.key)", customer.fullName)
        return [.push(.form(FormState(kind: .flag(flag, customer: customer), title: title, fields: [field]) {
            context, form, _ in try context.submitFlag(&form, flag: flag, customer: customer)
        }))]
    }

    /// Sets (a reason) or lifts (nil) a flag in the register.
    func storeFlag(_ flag: PrivacyFlag, reason: String?, customer number: Int64) throws {
        switch flag {
        case .legalHold: try data.setLegalHold(number, reason: reason)
        case .restriction: try data.setRestriction(number, reason: reason)
        }
    }

    /// Says that a flag was set or lifted, and shows it in the list and the card.
    func flagChanged(_ flag: PrivacyFlag, set: Bool, customer number: Int64) -> [Effect] {
        let name = (try? data.card(number)?.customer.fullName) ?? "#\(number)"
        return [.say(strings("message.\(flag.key)_\(set ? "set" : "lifted")", name)), .refresh]
    }

    /// Saves the flag form (its submit, given where the form is opened).
    func submitFlag(_ form: inout FormState, flag: PrivacyFlag, customer: Customer) throws -> [Effect] {
        let reason: String
        do { reason = try TextInput.required(form.value("reason"), field: "reason", maxLength: FieldLimits.reason) } catch {
            throw ValidationErrors([error])
        }
        try storeFlag(flag, reason: reason, customer: customer.number)
        return [.pop] + flagChanged(flag, set: true, customer: customer.number)
    }
}
