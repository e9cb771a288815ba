import Foundation
import KortistoCore
import KortistoStore

/// How customers, orders and events look in JSON (snake_case keys: a contract for scripts)
/// and as text for people.
public enum CustomerFormat {
    /// Every field the JSON carries (`CustomerField`), then what is derived from them.
    public static func json(_ c: Customer) -> [(String, JSON)] {
        let access = jsonAccess
        return access.fields.enumerated().map { i, field in (field.key, json(field, access.value(i, in: c), of: c)) }
            + derived.map { key, value in (key.name, value(c)) }
    }

    /// The members of `json(c)` written into `object` as they come, in that order: a stored
    /// field's value straight from the field, its key escaped once for every customer (a long
    /// list, the whole-register file: a `JSON` value made for each field and each key escaped
    /// again were a third of rendering a customer). `withMaskedIdentityCode: false` leaves the
    /// masked identity code out (the whole-register file never holds one).
    public static func write(_ c: Customer, into object: inout JSON.ObjectWriter, withMaskedIdentityCode: Bool = true) {
        let access = jsonAccess
        for (i, field) in access.fields.enumerated() {
            if field == .profiles { object.member(jsonKeys[i], json(field, of: c)) } else { object.member(jsonKeys[i], access.value(i, in: c)) }
        }
        for (key, value) in derived where withMaskedIdentityCode || key.name != "identity_code_masked" { object.member(key, value(c)) }
    }

    private static let jsonAccess = CustomerField.Access(CustomerField.carried(by: .json))
    private static let jsonKeys = jsonAccess.fields.map { JSON.Key($0.key) }

    /// What the JSON derives from the fields, after them, in this order.
    private static let derived: [(key: JSON.Key, value: @Sendable (Customer) -> JSON)] = [
        (JSON.Key("newsletter_consent"), { .bool($0.newsletterConsent) }),
        (JSON.Key("sms_consent"), { .bool($0.smsConsent) }),
        (JSON.Key("legal_hold"), { .bool($0.hasLegalHold) }),
        (JSON.Key("restricted"), { .bool($0.isRestricted) }),
        (JSON.Key("identity_code_masked"), { .string($0.identityCodeMasked) }),
    ]

    /// One field's value; a profile with its kind.
    public static func json(_ field: CustomerField, of c: Customer) -> JSON { json(field, field.value(in: c), of: c) }

    static func json(_ field: CustomerField, _ value: FieldValue, of c: Customer) -> JSON {
        if field == .profiles {
            return .array(c.links.filter { $0.kind != .website }.map { .object([("kind", .string($0.kind.rawValue)), ("url", .string($0.url))]) })
        }
        switch value {
        case .none: return .null
        case let .text(text): return .string(text)
        case let .integer(n): return .int(n)
        case let .list(items): return .array(items.map { .string($0) })
        }
    }

    public static func json(_ o: Order) -> JSON { order.json(o) }
    public static func json(_ f: Feedback) -> JSON { feedback.json(f) }
    public static func json(_ e: ContactEvent) -> JSON { contact.json(e) }
    /// One correction of an order, its values as stored (ISO dates, cents, status keywords).
    public static func json(_ c: OrderChange) -> JSON { orderChange.json(c) }
    public static func json(_ e: ConsentEvent) -> JSON { consent.json(e) }

    public static let order = JSON.Members<Order>([
        .init("id", { .int($0.id) }),
        .init("customer", { .int($0.customerNumber) }),
        .init("date", date: { $0.date }),
        .init("description", { .string($0.description) }),
        .init("amount_cents", { .int($0.amountCents) }),
        .init("amount", { .string(Money.decimal(cents: $0.amountCents)) }),
        .init("status", { .string($0.status.rawValue) }),
        .init("invoice_number", { .string($0.invoiceNumber) }),
        .init("invoice_date", date: { $0.invoiceDate }),
        .init("due_date", date: { $0.dueDate }),
        .init("paid_date", date: { $0.paidDate }),
        .init("in_collection", { .bool($0.inCollection) }),
    ])

    public static let feedback = JSON.Members<Feedback>([
        .init("id", { .int($0.id) }), .init("date", date: { $0.date }), .init("text", { .string($0.text) }),
        .init("complaint", { .bool($0.isComplaint) }), .init("resolution", { .string($0.resolution) }),
    ])

    public static let contact = JSON.Members<ContactEvent>([
        .init("id", { .int($0.id) }), .init("date", date: { $0.date }), .init("channel", { .string($0.channel.rawValue) }),
        .init("note", { .string($0.note) }), .init("follow_up", date: { $0.followUp }),
    ])

    public static let orderChange = JSON.Members<OrderChange>([
        .init("id", { .int($0.id) }), .init("order", { .int($0.orderID) }), .init("date", date: { $0.date }),
        .init("at", { .string($0.at) }), .init("field", { .string($0.field.rawValue) }), .init("old", { .string($0.old) }),
        .init("new", { .string($0.new) }), .init("action", { .string($0.action.rawValue) }),
    ])

    public static let consent = JSON.Members<ConsentEvent>([
        .init("id", { .int($0.id) }), .init("kind", { .string($0.kind.rawValue) }),
        .init("action", { .string($0.granted ? "granted" : "withdrawn") }), .init("date", date: { $0.date }),
        .init("source", { .string($0.source) }), .init("note", { .string($0.note) }),
    ])

    public static func json(_ o: Organisation) -> [(String, JSON)] {
        [
            ("id", .int(o.id)), ("name", .string(o.name)), ("business_id", .string(o.businessID)), ("street", .string(o.street)),
            ("postcode", .string(o.postcode)), ("town", .string(o.town)), ("country", .string(o.country)),
            ("website", .string(o.website)), ("notes", .string(o.notes)), ("email", .string(o.email)), ("phone", .string(o.phone)),
        ]
    }

    public static func orderLine(_ o: Order, today: LocalDate) -> String {
        var line = "#\(o.id)  \(o.date.finnish)  \(o.description)  \(Money.display(cents: o.amountCents))  \(o.status.rawValue)"
        if let number = o.invoiceNumber { line += "  invoice \(number)" }
        if let due = o.dueDate, o.isOpenInvoice { line += " due \(due.finnish)" }
        if let paid = o.paidDate { line += " paid \(paid.finnish)" }
        if o.isOverdue(on: today) { line += "  OVERDUE" }
        if o.inCollection { line += "  IN DEBT COLLECTION" }
        return line
    }

    /// The customer card as text.
    public static func text(_ c: Customer, orders: [Order], orderChanges: [OrderChange] = [], contacts: [ContactEvent], consents: [ConsentEvent],
                     lastActivity: LocalDate?, today: LocalDate, revealIdentityCode: Bool = false, organisation: Organisation? = nil) -> String {
        var lines: [String] = ["\(c.fullName)  #\(c.number)"]
        func field(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            let label = label.padding(toLength: 16, withPad: " ", startingAt: 0)
            let indented = value.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: 16))
            lines.append(label + indented)
        }
        if c.kind != .customer { field("Kind", c.kind.rawValue) }
        field("Type", c.customerType?.rawValue)
        field("Tags", c.tags.joined(separator: ", "))
        // A title without an organisation is a title, not an organisation.
        if c.organisationName == nil {
            field("Title", [c.department, c.title].compactMap { $0 }.joined(separator: " · "))
        } else {
            field("Organisation", [c.organisationName, c.department, c.title].compactMap { $0 }.joined(separator: " · "))
        }
        field("E-mail", c.email)
        field("Phone", c.phone.map(Phone.display))
        field("Other contacts", c.otherContacts.map { "\($0.label.rawValue): " + ($0.kind == .phone ? Phone.display($0.value) : $0.value) }.joined(separator: "\n"))
        // A business contact without an address of their own is reached at the organisation's.
        field("Address", c.oneLineAddress() ?? LabelRules.addressed(c, organisation: organisation).oneLineAddress().map { $0 + " (the organisation's)" })
        if let birthdate = c.birthdate {
            field("Born", birthdate.finnish + (birthdate.age(on: today).map { " (\($0))" } ?? ""))
        }
        // In full only in the person's own access report.
        field("Identity code", revealIdentityCode ? c.identityCode : c.identityCodeMasked)
        if c.memberSince != nil || c.memberUntil != nil {
            field("Member", [c.memberSince.map { "since \($0.finnish)" }, c.memberUntil.map { "until \($0.finnish)" }].compactMap { $0 }.joined(separator: ", "))
        }
        field("Language", c.language)
        field("Prefers", c.preferredChannel?.rawValue)
        field("Web", c.links.map(\.display).joined(separator: "\n"))
        field("Source", c.source?.display)
        field("Customer since", c.since.finnish + (lastActivity.map { " · last activity \($0.finnish)" } ?? ""))
        let state = ConsentEvent.currentState(of: consents)
        field("Bans", c.bans.map { kind in "\(kind.english) \(state[kind].map { $0.date.finnish } ?? "")" }.joined(separator: ", "))
        field("Newsletter", c.newsletterConsent ? "consent given \(state[.newsletter]?.date.finnish ?? "")" : nil)
        field("SMS marketing", c.smsConsent ? "consent given \(state[.sms]?.date.finnish ?? "")" : nil)
        field("Legal hold", c.legalHoldReason)
        field("Restricted", c.restrictionReason)
        field("Notes", c.notes)
        field("Card id", c.vcardUID)
        if !orders.isEmpty {
            lines.append("")
            lines.append("Orders")
            for order in orders {
                lines.append("  " + orderLine(order, today: today))
                // Its history under it: what changed, when, and how.
                for change in orderChanges where change.orderID == order.id {
                    lines.append("      \(change.date.finnish) \(change.action.english): \(change.field.english) "
                                 + "\(change.field.englishDisplay(change.old)) → \(change.field.englishDisplay(change.new))")
                }
            }
        }
        if !contacts.isEmpty {
            lines.append("")
            lines.append("Contacts")
            lines += contacts.map {
                "  \($0.date.finnish)  \($0.channel.rawValue)" + ($0.note.map { "  \($0)" } ?? "") + ($0.followUp.map { "  · follow up \($0.finnish)" } ?? "")
            }
        }
        if !consents.isEmpty {
            lines.append("")
            lines.append("Consent and ban history")
            lines += consents.map { e in
                let verb = e.kind.isBan ? (e.granted ? "set" : "lifted") : (e.granted ? "given" : "withdrawn")
                return "  \(e.date.finnish)  \(e.kind.english) \(verb)" + (e.source.map { " (source: \($0))" } ?? "") + (e.note.map { "  \($0)" } ?? "")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A person's events, the campaigns aimed at them and their feedback: shown with the customer
/// (`show`) and in full in the access report.
public struct CustomerActivities {
    public var participations: [Participation]
    public var campaigns: [Campaign]
    public var feedback: [Feedback]

    public static func load(_ register: Register, _ number: Int64) throws -> CustomerActivities {
        CustomerActivities(participations: try register.participations(ofCustomer: number), campaigns: try register.campaigns(ofCustomer: number),
                           feedback: try register.feedback(ofCustomer: number))
    }

    public var json: [(String, JSON)] {
        [
            ("events", .array(participations.map { p in
                .object([("event", .int(p.event.id)), ("name", .string(p.event.name)), ("date", .string(p.event.date.iso)),
                         ("kind", .string(p.event.kind.rawValue)), ("place", .string(p.event.place)), ("attended", .bool(p.participant.attended)),
                         ("certificate", .string(p.participant.certificate)), ("certificate_date", .string(p.participant.certificateDate?.iso)),
                         ("certificate_expires", .string(p.participant.certificateExpires?.iso))])
            })),
            ("campaigns", .array(campaigns.map { c in
                .object([("campaign", .int(c.id))] + CampaignFormat.pairs(c))
            })),
            ("feedback", .array(feedback.map(CustomerFormat.json))),
        ]
    }

    public var text: [String] {
        var lines: [String] = []
        if !participations.isEmpty {
            lines += ["", "Events and trainings"]
            lines += participations.map { p in
                "  \(p.event.date.finnish)  \(p.event.name)" + (p.participant.attended ? "" : " (did not attend)")
                    + (p.participant.certificate.map { " · certificate \($0)" + (p.participant.certificateExpires.map { ", valid until \($0.finnish)" } ?? "") } ?? "")
            }
        }
        if !campaigns.isEmpty {
            lines += ["", "Marketing aimed at you"]
            lines += campaigns.map { "  \($0.date.finnish)  \($0.name) (\($0.channel.rawValue))" }
        }
        if !feedback.isEmpty {
            lines += ["", "Feedback"]
            lines += feedback.map { "  \($0.date.finnish)  " + ($0.isComplaint ? "complaint: " : "") + $0.text + ($0.resolution.map { " → \($0)" } ?? "") }
        }
        return lines
    }
}
