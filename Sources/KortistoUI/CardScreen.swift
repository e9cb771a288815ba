import KortistoCore
import TUIKit

/// The customer's card full-screen: details, orders (one selected), contacts, consent history.
struct CardState {
    var card: CustomerCard
    var requests: [DataRequest] = []
    var disclosures: [Disclosure] = []
    var participations: [Participation] = []
    /// Marketing aimed at the person ("why did I get this letter?").
    var campaigns: [Campaign] = []
    var feedback: [Feedback] = []
    /// The selected order: the newest when the card opens.
    var orderCursor = Selection()
    /// The corrections of the orders, shown under each.
    var orderChanges: [OrderChange] = []
    var scroll = Scroll()
    /// The view keeps the selected order in sight (until PgUp/PgDn scroll on their own).
    var followsOrder = true
    /// `h` shows the identity code in full for a few seconds (counted down by ticks), or
    /// until the next key: no longer than the person at the screen needs it.
    var revealSecondsLeft = 0
    var revealCode: Bool { revealSecondsLeft > 0 }
    static let revealSeconds = 5

    init(card: CustomerCard) {
        self.card = card
        orderCursor = Selection(card.orders.count - 1)
    }
}

struct StyledLine {
    var text: String
    var style: Style = .plain
}

extension ScreenContext {
    /// The short card beside the list.
    func cardSummary(_ card: CustomerCard) -> [StyledLine] {
        let c = card.customer
        var lines = [StyledLine(text: "\(c.fullName)  #\(c.number)", style: .bold)]
        let org = [c.organisationName, c.title].compactMap { $0 }.joined(separator: " · ")
        if !org.isEmpty { lines.append(StyledLine(text: org)) }
        let reach = [c.email, c.phone.map(Phone.display)].compactMap { $0 }.joined(separator: " · ")
        if !reach.isEmpty { lines.append(StyledLine(text: reach)) }
        if let address = postalAddress(card) { lines.append(StyledLine(text: address)) }
        var born: [String] = []
        if let birthdate = c.birthdate {
            born.append(strings("card.born", birthdate.finnish) + (birthdate.age(on: today).map { " (\($0))" } ?? ""))
        }
        born.append(strings("card.since", c.since.year))
        lines.append(StyledLine(text: born.joined(separator: " · ")))
        // The relationship and tags, as the list filters them (`kind:member`, `#vip`).
        let relation = (c.kind == .customer ? [] : [strings["kind.\(c.kind.rawValue)"]]) + c.tags.map { "#" + $0 }
        if !relation.isEmpty { lines.append(StyledLine(text: relation.joined(separator: " "), style: .dim)) }
        let state = ConsentEvent.currentState(of: card.consents)
        for kind in c.bans {
            lines.append(StyledLine(text: "[\(strings.consent(kind)) \(state[kind].map { $0.date.finnish } ?? "")]", style: Style(bold: true, foreground: .yellow)))
        }
        if let reason = c.legalHoldReason { lines.append(StyledLine(text: strings("card.legal_hold", reason), style: Style(bold: true, foreground: .magenta))) }
        if let reason = c.restrictionReason { lines.append(StyledLine(text: strings("card.restricted", reason), style: Style(bold: true, foreground: .magenta))) }
        for order in card.orders where order.isOpenInvoice {
            var text = strings("card.open_invoice", Money.display(cents: order.amountCents), order.dueDate.map { $0.finnish } ?? "–")
            if order.inCollection { text += " · " + strings["card.in_collection"] }
            lines.append(StyledLine(text: text, style: order.isOverdue(on: today) ? Style(bold: true, foreground: .red) : .plain))
        }
        if let contact = card.contacts.last {
            lines.append(StyledLine(text: strings("card.last_contact", contact.date.finnish, strings.channel(contact.channel))))
        }
        return lines
    }

    /// A correction of an order: `30.11.2026 korjattu: summa 120,00 € → 150,00 €`.
    func orderChangeText(_ change: OrderChange) -> String {
        let value = { (stored: String?) in
            change.field.display(stored, status: { strings.status($0) }, flag: { strings[$0 ? "answer.yes" : "answer.no"] })
        }
        return strings("card.order_changed", change.date.finnish, strings["order_field.\(change.field.rawValue)"], value(change.old), value(change.new),
                       strings["order_action.\(change.action.rawValue)"])
    }

    /// A consent event's source in this language when it is one the program writes (found in a
    /// trial: `(entered in Kortisto)` on a Finnish card), else as the user wrote it.
    func consentSource(_ source: String) -> String {
        ConsentEvent.knownSources.contains(source) || source == "entered in Kortisto" || source == "kirjattu Kortistoon"
            ? strings["consent_source." + (source.contains("Kortisto") ? ConsentEvent.sourceKortisto : source).replacingOccurrences(of: " ", with: "_")] : source
    }

    /// Where the post reaches the customer: their own address, else their organisation's (said so).
    func postalAddress(_ card: CustomerCard) -> String? {
        if let own = address(card.customer) { return own }
        let at = LabelRules.addressed(card.customer, organisation: card.organisation)
        return address(at).map { $0 + " (" + strings["card.organisation_address"] + ")" }
    }

    /// The address with the country named in the interface's language.
    func address(_ c: Customer) -> String? {
        c.oneLineAddress { strings.language == .fi ? $0.finnish : $0.english }
    }

    /// Everything on the full card, top to bottom; orders are marked for selection.
    func cardLines(_ state: CardState) -> [StyledLine] {
        let card = state.card
        let c = card.customer
        var lines: [StyledLine] = []
        func field(_ key: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            let label = DisplayWidth.fit(strings[key], 19) + " "
            for (index, part) in value.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append(StyledLine(text: (index == 0 ? label : String(repeating: " ", count: 20)) + part))
            }
        }
        if c.kind != .customer { field("field.kind", strings["kind.\(c.kind.rawValue)"]) }
        field("field.type", c.customerType.map { strings["type.\($0.rawValue)"] })
        field("field.tags", c.tags.joined(separator: ", "))
        field("field.identity_code", c.identityCode.map { state.revealCode ? $0 : (c.identityCodeMasked ?? "") + "  (" + strings["card.reveal_hint"] + ")" })
        if c.memberSince != nil || c.memberUntil != nil {
            field("field.member", [c.memberSince.map { strings("card.member_since", $0.finnish) }, c.memberUntil.map { strings("card.member_until", $0.finnish) }]
                .compactMap { $0 }.joined(separator: " · "))
        }
        field("field.organisation", [c.organisationName, c.department].compactMap { $0 }.joined(separator: " / "))
        field("field.title", c.title)
        field("field.email", c.email)
        field("field.phone", c.phone.map(Phone.display))
        for (kind, key) in [(ContactDetail.Kind.email, "field.other_emails"), (.phone, "field.other_phones"), (.address, "field.other_addresses")] {
            field(key, c.otherContacts(kind).map { strings["contact_label.\($0.label.rawValue)"] + ": " + (kind == .phone ? Phone.display($0.value) : $0.value) }
                .joined(separator: "\n"))
        }
        field("field.address", postalAddress(card))
        field("field.birthdate", c.birthdate.map { $0.finnish + ($0.age(on: today).map { " (\($0))" } ?? "") })
        field("field.language", c.language)
        field("field.preferred_channel", c.preferredChannel.map { strings["preferred.\($0.rawValue)"] })
        field("field.web", c.links.map(\.display).joined(separator: "\n"))
        field("field.source", c.source.map { (strings.language == .fi ? $0.kind.finnish : $0.kind.english) + ($0.detail.map { ": \($0)" } ?? "") })
        field("field.since", c.since.finnish + (card.lastActivity.map { " · " + strings("card.last_activity", $0.finnish) } ?? ""))
        field("field.legal_hold", c.legalHoldReason)
        field("field.restricted", c.restrictionReason)
        field("field.notes", c.notes)
        field("field.vcard_uid", c.vcardUID)
        let consentState = ConsentEvent.currentState(of: card.consents)
        field("field.bans", c.bans.map { "\(strings.consent($0)) \(consentState[$0]?.date.finnish ?? "")" }.joined(separator: ", "))
        let consents = ConsentKind.allCases.filter { !$0.isBan && consentState[$0]?.granted == true }
        field("field.consents", consents.map { "\(strings.consent($0)) \(consentState[$0]?.date.finnish ?? "")" }.joined(separator: ", "))
        lines.append(StyledLine(text: ""))
        lines.append(StyledLine(text: strings["card.orders"], style: Style(bold: true, underline: true)))
        if card.orders.isEmpty { lines.append(StyledLine(text: "  " + strings["card.no_orders"], style: .dim)) }
        for (index, order) in card.orders.enumerated() {
            // A paid order says when ("paid 30.11.2026"), not its status and then the date again.
            let status = order.paidDate.map { strings("card.paid_on", $0.finnish) } ?? strings.status(order.status)
            var text = "\(order.date.finnish)  \(order.description)  \(Money.display(cents: order.amountCents))  \(status)"
            if let invoice = order.invoiceNumber { text += "  #\(invoice)" }
            if order.isOpenInvoice, let due = order.dueDate { text += "  " + strings("card.due", due.finnish) }
            if order.inCollection { text += "  " + strings["card.in_collection"] }
            let selected = index == state.orderCursor.index
            // Wrapped, never cut (the due date went at 80 columns); the selection marks the first line.
            let style = selected ? Style.reverse : (order.isOverdue(on: today) ? Style(foreground: .red) : .plain)
            for (part, line) in Layout.wrapKeepingIndent("  " + text, width: width - 4).enumerated() {
                lines.append(StyledLine(text: part == 0 ? (selected ? "▸ " : "  ") + line.dropFirst(2) : line, style: style))
            }
            // What was corrected, and when: an invoiced or paid order's history stays visible.
            for change in state.orderChanges where change.orderID == order.id {
                lines += Layout.wrapKeepingIndent("      " + orderChangeText(change), width: width - 4).map { StyledLine(text: $0, style: .dim) }
            }
        }
        lines.append(StyledLine(text: ""))
        lines.append(StyledLine(text: strings["card.contacts"], style: Style(bold: true, underline: true)))
        if card.contacts.isEmpty { lines.append(StyledLine(text: "  " + strings["card.no_contacts"], style: .dim)) }
        for contact in card.contacts.reversed() {
            lines.append(StyledLine(text: "  \(contact.date.finnish)  \(strings.channel(contact.channel))" + (contact.note.map { "  \($0)" } ?? "")
                                    + (contact.followUp.map { "  · " + strings("card.follow_up", $0.finnish) } ?? "")))
        }
        if !state.participations.isEmpty {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: strings["card.events"], style: Style(bold: true, underline: true)))
            for p in state.participations {
                var text = "  \(p.event.date.finnish)  \(p.event.name)"
                if !p.participant.attended { text += "  (" + strings["card.absent"] + ")" }
                if let certificate = p.participant.certificate {
                    text += "  · " + certificate + (p.participant.certificateExpires.map { " " + strings("card.valid_until", $0.finnish) } ?? "")
                }
                let expired = p.participant.certificateExpires.map { $0 < today } ?? false
                lines.append(StyledLine(text: text, style: expired ? .dim : .plain))
            }
        }
        if !state.feedback.isEmpty {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: strings["card.feedback"], style: Style(bold: true, underline: true)))
            for f in state.feedback {
                lines.append(StyledLine(text: "  \(f.date.finnish)  " + (f.isComplaint ? strings["card.complaint"] + ": " : "") + f.text
                                        + (f.resolution.map { " → \($0)" } ?? "")))
            }
        }
        if !state.campaigns.isEmpty {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: strings["card.campaigns"], style: Style(bold: true, underline: true)))
            for k in state.campaigns {
                lines.append(StyledLine(text: "  \(k.date.finnish)  \(k.name)  · " + strings["campaign.channel.\(k.channel.rawValue)"]))
            }
        }
        if !state.requests.isEmpty {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: strings["card.requests"], style: Style(bold: true, underline: true)))
            for r in state.requests.reversed() {
                let status = r.isOpen ? strings("card.request_due", r.due.finnish) : strings("card.request_closed", r.closedOn?.finnish ?? "")
                lines.append(StyledLine(text: "  \(r.received.finnish)  \(strings["request.\(r.type.rawValue)"])  \(status)",
                                        style: r.isOpen && r.due < today ? Style(bold: true, foreground: .red) : .plain))
            }
        }
        if !state.disclosures.isEmpty {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: strings["card.disclosures"], style: Style(bold: true, underline: true)))
            for d in state.disclosures.reversed() {
                lines.append(StyledLine(text: "  \(d.date.finnish)  \(d.recipient): \(d.what)" + (d.reason.map { " (\($0))" } ?? "")))
            }
        }
        lines.append(StyledLine(text: ""))
        lines.append(StyledLine(text: strings["card.consent_history"], style: Style(bold: true, underline: true)))
        if card.consents.isEmpty { lines.append(StyledLine(text: "  " + strings["card.no_consents"], style: .dim)) }
        for event in card.consents.reversed() {
            let verb = event.kind.isBan ? (event.granted ? "card.ban_set" : "card.ban_lifted") : (event.granted ? "card.consent_given" : "card.consent_withdrawn")
            lines.append(StyledLine(text: "  \(event.date.finnish)  " + strings(verb, strings.consent(event.kind)) + (event.source.map { " (\(consentSource($0)))" } ?? "")))
        }
        return lines
    }

}

extension CardState {
    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        let customer = card.customer, strings = context.strings
        // The code shows only until the next key (or the seconds run out).
        let wasRevealed = revealCode
        revealSecondsLeft = 0
        guard let command = App.cardKeys.command(for: key) else { return [] }
        switch command {
        case .reveal:
            guard customer.identityCode != nil else { return [.say(strings["message.no_identity_code"])] }
            if !wasRevealed { revealSecondsLeft = CardState.revealSeconds }
        case .tags: return context.openTagsForm(for: customer)
        case .attend: return context.openAttendForm(for: customer)
        case .feedback: return context.openFeedbackForm(for: customer)
        case .back: return [.pop, .reloadList]
        case .down: orderCursor.move(.down, count: card.orders.count); followsOrder = true
        case .up: orderCursor.move(.up, count: card.orders.count); followsOrder = true
        case .pageDown: scroll.apply(.pageDown, lines: context.cardLines(self).count, visible: context.textHeight); followsOrder = false
        case .pageUp: scroll.apply(.pageUp, lines: context.cardLines(self).count, visible: context.textHeight); followsOrder = false
        case .pay, .editOrder:
            guard card.orders.indices.contains(orderCursor.index) else { return [.warn(strings["message.no_order_selected"])] }
            let order = card.orders[orderCursor.index]
            return command == .pay ? context.openPayForm(order) : context.openOrderEditForm(order)
        case .newOrder: return context.openOrderForm(for: customer)
        case .edit: return context.openCustomerForm(editing: customer)
        case .contact: return context.openContactForm(for: customer)
        case .forget: return context.confirmForget(customer)
        case .report: return context.openAccessReport(customer, language: nil)
        case .help: return [.push(.help(HelpState()))]
        case let .privacy(privacy): return context.handlePrivacy(privacy, for: customer)
        }
        return []
    }

    /// The card's own fields and orders again, and what it lists beside them.
    mutating func reload(_ context: ScreenContext) throws {
        if let fresh = try context.data.card(card.customer.number) { card = fresh }
        try loadRecords(context)
        orderCursor.clamp(count: card.orders.count)
    }

    /// What the card lists beside the customer's own fields.
    mutating func loadRecords(_ context: ScreenContext) throws {
        let number = card.customer.number, data = context.data
        requests = try data.requests(ofCustomer: number)
        disclosures = try data.disclosures(ofCustomer: number)
        participations = try data.participations(ofCustomer: number)
        campaigns = try data.campaigns(ofCustomer: number)
        feedback = try data.feedback(ofCustomer: number)
        orderChanges = try data.orderChanges(ofCustomer: number)
    }
}

extension ScreenContext {
    /// Opens the full card with everything on it.
    func openCard(_ card: CustomerCard) -> [Effect] {
        var state = CardState(card: card)
        do { try state.loadRecords(self) } catch { return [.push(.card(state)), .report(error)] }
        return [.push(.card(state))]
    }

    /// Opens the full card of a customer by number (nothing when they are gone), with an
    /// order selected (an invoice opened from the receivables), else the newest.
    func openCard(_ number: Int64, selecting order: Int64? = nil) -> [Effect] {
        do {
            guard let card = try data.card(number) else { return [] }
            var effects = openCard(card)
            if let order, let index = card.orders.firstIndex(where: { $0.id == order }), case var .push(.card(state))? = effects.first {
                state.orderCursor = Selection(index)
                effects[0] = .push(.card(state))
            }
            return effects
        } catch { return [.report(error)] }
    }
}

extension App {
    func drawCard(_ state: CardState, into screen: inout Screen) {
        let c = state.card.customer
        drawTitle("#\(c.number)", into: &screen)
        screen.write(c.fullName, x: 1, y: 1, width: width - 2, style: .bold)
        let lines = context.cardLines(state)
        let visible = height - 4
        var first = state.scroll.first(lines: lines.count, visible: visible)
        if state.followsOrder, let selected = lines.firstIndex(where: { $0.text.hasPrefix("▸ ") }) {
            if selected < first { first = selected } else if selected >= first + visible { first = selected - visible + 1 }
        }
        for (index, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            screen.write(line.text, x: 1, y: 2 + index, width: width - 2, style: line.style)
        }
        drawFooter(keys: context.footer(App.cardKeys), into: &screen)
    }
}
