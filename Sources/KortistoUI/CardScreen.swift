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
    var orderCursor = 0
    var scroll = Scroll()
    /// `h` shows the identity code in full for a few seconds (counted down by ticks), or
    /// until the next key: no longer than the person at the screen needs it.
    var revealSecondsLeft = 0
    var revealCode: Bool { revealSecondsLeft > 0 }
    static let revealSeconds = 5
}

struct StyledLine {
    var text: String
    var style: Style = .plain
}

extension App {
    /// The short card beside the list.
    func cardSummary(_ card: CustomerCard) -> [StyledLine] {
        let c = card.customer
        var lines = [StyledLine(text: "\(c.fullName)  #\(c.number)", style: .bold)]
        let org = [c.organisationName, c.title].compactMap { $0 }.joined(separator: " · ")
        if !org.isEmpty { lines.append(StyledLine(text: org)) }
        let reach = [c.email, c.phone.map(Phone.display)].compactMap { $0 }.joined(separator: " · ")
        if !reach.isEmpty { lines.append(StyledLine(text: reach)) }
        if let address = address(c) { lines.append(StyledLine(text: address)) }
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
        field("field.address", address(c))
        field("field.birthdate", c.birthdate.map { $0.finnish + ($0.age(on: today).map { " (\($0))" } ?? "") })
        field("field.language", c.language)
        field("field.preferred_channel", c.preferredChannel.map { strings["preferred.\($0.rawValue)"] })
        field("field.web", c.links.map(\.display).joined(separator: "\n"))
        field("field.source", c.source.map { (strings.language == .fi ? $0.kind.finnish : $0.kind.english) + ($0.detail.map { ": \($0)" } ?? "") })
        field("field.since", c.since.finnish + (card.lastActivity.map { " · " + strings("card.last_activity", $0.finnish) } ?? ""))
        field("field.legal_hold", c.legalHoldReason)
        field("field.restricted", c.restrictionReason)
        field("field.notes", c.notes)
        let consentState = ConsentEvent.currentState(of: card.consents)
        field("field.bans", c.bans.map { "\(strings.consent($0)) \(consentState[$0]?.date.finnish ?? "")" }.joined(separator: ", "))
        let consents = ConsentKind.allCases.filter { !$0.isBan && consentState[$0]?.granted == true }
        field("field.consents", consents.map { "\(strings.consent($0)) \(consentState[$0]?.date.finnish ?? "")" }.joined(separator: ", "))
        lines.append(StyledLine(text: ""))
        lines.append(StyledLine(text: strings["card.orders"], style: Style(bold: true, underline: true)))
        if card.orders.isEmpty { lines.append(StyledLine(text: "  " + strings["card.no_orders"], style: .dim)) }
        for (index, order) in card.orders.enumerated() {
            var text = "\(order.date.finnish)  \(order.description)  \(Money.display(cents: order.amountCents))  \(strings.status(order.status))"
            if let invoice = order.invoiceNumber { text += "  #\(invoice)" }
            if order.isOpenInvoice, let due = order.dueDate { text += "  " + strings("card.due", due.finnish) }
            if let paid = order.paidDate { text += "  " + strings("card.paid_on", paid.finnish) }
            if order.inCollection { text += "  " + strings["card.in_collection"] }
            let selected = index == state.orderCursor
            lines.append(StyledLine(text: (selected ? "▸ " : "  ") + text,
                                    style: selected ? .reverse : (order.isOverdue(on: today) ? Style(foreground: .red) : .plain)))
        }
        lines.append(StyledLine(text: ""))
        lines.append(StyledLine(text: strings["card.contacts"], style: Style(bold: true, underline: true)))
        if card.contacts.isEmpty { lines.append(StyledLine(text: "  " + strings["card.no_contacts"], style: .dim)) }
        for contact in card.contacts.reversed() {
            lines.append(StyledLine(text: "  \(contact.date.finnish)  \(strings.channel(contact.channel))" + (contact.note.map { "  \($0)" } ?? "")))
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
            lines.append(StyledLine(text: "  \(event.date.finnish)  " + strings(verb, strings.consent(event.kind)) + (event.source.map { " (\($0))" } ?? "")))
        }
        return lines
    }

    mutating func handleCard(_ key: Key, _ state: inout CardState) -> AppAction {
        let customer = state.card.customer
        // The code shows only until the next key (or the seconds run out).
        let wasRevealed = state.revealCode
        state.revealSecondsLeft = 0
        guard let command = App.cardKeys.command(for: key) else { return .none }
        switch command {
        case .reveal:
            if !wasRevealed && customer.identityCode != nil { state.revealSecondsLeft = CardState.revealSeconds }
        case .tags: openTagsForm(for: customer)
        case .attend: openAttendForm(for: customer)
        case .feedback: openFeedbackForm(for: customer)
        case .back:
            stack.removeLast()
            reloadList(keeping: true)
        case .down: state.orderCursor = min(state.orderCursor + 1, max(0, state.card.orders.count - 1))
        case .up: state.orderCursor = max(0, state.orderCursor - 1)
        case .pageDown: state.scroll.apply(.pageDown, lines: cardLines(state).count, visible: textHeight)
        case .pageUp: state.scroll.apply(.pageUp, lines: cardLines(state).count, visible: textHeight)
        case .markPaid:
            // In the card, `o` marks the selected order paid.
            guard state.card.orders.indices.contains(state.orderCursor) else {
                message = (strings["message.no_order_selected"], true)
                return .none
            }
            let order = state.card.orders[state.orderCursor]
            do {
                try data.payOrder(order.id, on: today)
                message = (strings("message.order_paid", order.description, today.finnish), false)
                if let fresh = try data.card(customer.number) { state.card = fresh }
            } catch { report(error) }
        case .newOrder: openOrderForm(for: customer)
        case .edit: openCustomerForm(editing: customer)
        case .contact: openContactForm(for: customer)
        case .forget: confirmForget(customer)
        case .report: openAccessReport(customer, language: nil)
        case .help: stack.append(.help(Scroll()))
        case let .privacy(privacy):
            // The privacy keys refresh the card on the stack; write our copy back first, and
            // take the fresh one when the card is still on top (no question or form over it).
            stack[stack.count - 1] = .card(state)
            handlePrivacy(privacy, for: customer)
            if case let .card(fresh) = stack.last { state = fresh }
        }
        return .none
    }

    /// Opens the full card with everything on it.
    mutating func openCard(_ card: CustomerCard) {
        var state = CardState(card: card)
        loadRecords(&state)
        stack.append(.card(state))
    }

    /// What the card lists beside the customer's own fields.
    mutating func loadRecords(_ state: inout CardState) {
        let number = state.card.customer.number
        do {
            state.requests = try data.requests(ofCustomer: number)
            state.disclosures = try data.disclosures(ofCustomer: number)
            state.participations = try data.participations(ofCustomer: number)
            state.campaigns = try data.campaigns(ofCustomer: number)
            state.feedback = try data.feedback(ofCustomer: number)
        } catch { report(error) }
    }

    func drawCard(_ state: CardState, into screen: inout Screen) {
        let c = state.card.customer
        drawTitle("#\(c.number)", into: &screen)
        screen.write(c.fullName, x: 1, y: 1, width: width - 2, style: .bold)
        let lines = cardLines(state)
        let visible = height - 4
        for (index, line) in lines.dropFirst(state.scroll.first(lines: lines.count, visible: visible)).prefix(visible).enumerated() {
            screen.write(line.text, x: 1, y: 2 + index, width: width - 2, style: line.style)
        }
        drawFooter(keys: footer(App.cardKeys), into: &screen)
    }
}
