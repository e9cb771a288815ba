import Foundation
import KortistoCore
import KortistoStore

/// Everything held on one person and what the law says goes with it (GDPR Art. 15): the JSON
/// is complete and machine-readable (portability), the text is for the person to read.
public enum AccessReport {
    /// Every stored column, by table, and where it appears in the JSON. A column added to the
    /// schema must be added here (a test compares this with the database) or listed as internal.
    public static let coverage: [String: [String: String]] = [
        // A customer's columns are their fields' (`CustomerField`), under the field's key.
        "customer": Dictionary(uniqueKeysWithValues: CustomerField.stored.filter { $0 != .revision }.map { ($0.column, $0.key) }),
        "customer_tag": ["tag": "customer.tags"],
        "customer_link": ["kind": "profiles.kind", "url": "profiles.url"],
        "customer_contact": ["kind": "customer.other_emails", "label": "customer.other_emails", "value": "customer.other_emails"],
        "event_participant": ["attended": "events.attended", "certificate": "events.certificate", "certificate_date": "events.certificate_date",
                              "certificate_expires": "events.certificate_expires"],
        "event": ["name": "events.name", "date": "events.date", "place": "events.place", "kind": "events.kind", "id": "events.event"],
        "campaign_recipient": ["campaign_id": "campaigns.campaign"],
        "campaign": ["name": "campaigns.name", "channel": "campaigns.channel", "date": "campaigns.date", "id": "campaigns.campaign",
                     "purpose": "campaigns.purpose"],
        "feedback": ["id": "feedback.id", "date": "feedback.date", "text": "feedback.text", "is_complaint": "feedback.complaint",
                     "resolution": "feedback.resolution"],
        "customer_order": [
            "id": "id", "date": "date", "description": "description", "amount_cents": "amount_cents", "status": "status",
            "invoice_number": "invoice_number", "invoice_date": "invoice_date", "due_date": "due_date", "paid_date": "paid_date",
            "in_collection": "in_collection",
        ],
        "contact_event": ["id": "id", "date": "date", "channel": "channel", "note": "note", "follow_up": "follow_up"],
        "order_change": ["changed_on": "order_changes.date", "field": "order_changes.field", "old": "order_changes.old", "new": "order_changes.new",
                         "action": "order_changes.action"],
        "consent_event": ["id": "id", "kind": "kind", "granted": "action", "date": "date", "source": "source", "note": "note"],
        "request": [
            "id": "id", "type": "type", "received": "received", "due": "due", "extension_reason": "extension_reason",
            "status": "status", "resolution": "resolution", "note": "note", "closed_on": "closed_on",
        ],
        "disclosure": ["id": "id", "date": "date", "recipient": "recipient", "what": "what", "reason": "reason", "legal_basis": "legal_basis"],
        "organisation": ["name": "organisation"],
        "sync_card": ["vdir": "synced_cards.vdir", "file": "synced_cards.file", "uid": "synced_cards.uid"],
    ]

    /// Columns that hold no personal data of their own (keys, sort helpers, bookkeeping).
    public static let internalColumns: [String: Set<String>] = [
        // The consents and tags kept on the row are copies of the consent events and the tags
        // (v36), which the report shows.
        "customer": ["sort_key", "forgotten_on", "revision", "consents", "tags"],
        "customer_order": ["customer_number", "created_at", "updated_at"],
        "contact_event": ["customer_number", "created_at"],
        "order_change": ["id", "order_id", "at"],
        "consent_event": ["customer_number", "created_at"],
        "request": ["customer_number", "created_at"],
        "disclosure": ["customer_number", "created_at"],
        // Hashes of agreed values, never the values.
        "sync_card": ["customer_number", "base"],
        "customer_tag": ["customer_number", "tag_key"],
        "customer_link": ["id", "customer_number"],
        "customer_contact": ["id", "customer_number"],
        // A walk-in is not the person the report is about; trainer and creation time are the business's own.
        "event_participant": ["id", "event_id", "customer_number", "walk_in_name"],
        "event": ["trainer", "created_at"],
        "campaign_recipient": ["customer_number", "added_on"],
        "campaign": ["created_at"],
        "feedback": ["customer_number", "created_at"],
        "organisation": ["id", "sort_key", "business_id", "street", "postcode", "town", "country", "website", "notes", "email", "phone",
                         "created_at", "updated_at"],
    ]

    /// Tables with a customer number that the report leaves out: the search index, the label
    /// standing and the last activity (derived from the rows above) and erasure-log lines
    /// waiting to be written (ids and times of people already forgotten).
    public static let derivedTables: Set<String> = ["search_term", "label_standing", "customer_activity", "erasure_pending"]

    public struct Content {
        public var card: CustomerCard
        public var orderChanges: [OrderChange]
        public var requests: [DataRequest]
        public var disclosures: [Disclosure]
        /// Copies of the card kept in step with an address book (vdir and file).
        public var syncedCards: [(vdir: String, card: SyncCard)] = []
        public var settings: RegisterSettings
        public var activities: CustomerActivities
    }

    public static func load(_ register: Register, _ number: Int64) throws -> Content {
        guard let card = try register.card(number) else { throw StoreError.notFound(Refusal("customer {0}", "\(number)")) }
        return Content(card: card, orderChanges: try register.orderChanges(ofCustomer: number), requests: try register.requests(ofCustomer: number), disclosures: try register.disclosures(ofCustomer: number),
                       syncedCards: try register.syncCards(ofCustomer: number),
                       settings: try register.settings(), activities: try CustomerActivities.load(register, number))
    }

    public static func json(_ c: Content, today: LocalDate, template: [String: String]?) -> JSON {
        let s = c.settings
        let rights = ["access", "rectification", "erasure", "restriction", "objection", "marketing", "portability", "consent"]
        return .object([
            ("report", .object([
                ("generated", .string(today.iso)),
                ("controller", .object([
                    ("name", .string(s.value(.controllerName))), ("business_id", .string(s.value(.controllerBusinessID))),
                    ("address", .string(s.value(.controllerAddress))), ("email", .string(s.value(.controllerEmail))),
                    ("phone", .string(s.value(.controllerPhone))), ("contact_person", .string(s.value(.contactPerson))),
                ])),
                ("register_name", .string(s.value(.registerName))),
            ])),
            // The report is the one place the full identity code appears (besides the card on request).
            ("customer", .object(CustomerFormat.json(c.card.customer) + [("identity_code", .string(c.card.customer.identityCode)),
                                                                         ("last_activity", .string(c.card.lastActivity?.iso))])),
            ("orders", .array(c.card.orders.map(CustomerFormat.json))),
            ("order_changes", .array(c.orderChanges.map(CustomerFormat.json))),
            ("contacts", .array(c.card.contacts.map(CustomerFormat.json))),
            ("consent_events", .array(c.card.consents.map(CustomerFormat.json))),
            ("requests", .array(c.requests.map(RequestFormat.json))),
        ] + c.activities.json + [
            ("disclosures", .array(c.disclosures.map(DisclosureFormat.json))),
            ("synced_cards", .array(c.syncedCards.map { .object([("vdir", .string($0.vdir)), ("file", .string($0.card.file)), ("uid", .string($0.card.uid))]) })),
            ("processing", .object([
                ("purposes", .array(s.purposes.map { p in
                    var pairs: [(String, JSON)] = [("purpose", .string(p.description)), ("basis", .string(p.basis.key))]
                    if case let .legitimateInterest(interest) = p.basis { pairs.append(("interest", .string(interest))) }
                    return .object(pairs)
                })),
                ("recipients", .array(s.recipients.map { .string($0) })),
                ("transfers_outside_eu", .string(s.value(.transfers))),
                (s.retentionPeriod.unit == .years ? "retention_years_after_last_activity" : "retention_months_after_last_activity",
                 .int(s.retentionPeriod.count)),
                ("rights", .array(rights.map { .string(template?["rights.\($0)"] ?? $0) })),
                ("complaint", .string(template?["complaint"])),
            ])),
        ])
    }

    /// The report as the person reads it, every word from the language's table (`report.…` in
    /// `Resources/notice/LANG.json`, the same table as the privacy notice), the free-text
    /// settings in that language too (`purposes_en` …).
    public static func text(_ c: Content, today: LocalDate, template: [String: String]?) -> String {
        let words = template ?? [:]
        func t(_ key: String, _ arguments: String...) -> String {
            var text = words[key] ?? key
            for (index, argument) in arguments.enumerated() { text = text.replacingOccurrences(of: "{\(index)}", with: argument) }
            return text
        }
        let language = words["language"] ?? "en"
        let customer = c.card.customer
        let settings = c.settings
        func setting(_ key: SettingKey) -> String? { settings.value(key, in: language).value }
        var lines = [t("report.title", settings.value(.controllerName) ?? t("report.controller"), customer.fullName),
                     t("report.drawn", today.finnish, setting(.registerName) ?? ""), "", "\(customer.fullName)  #\(customer.number)"]
        func field(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            let label = t("report.field.\(label)")
            let width = max(18, label.count + 2)
            lines.append(label.padding(toLength: width, withPad: " ", startingAt: 0)
                         + value.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: width)))
        }
        func consentName(_ kind: ConsentKind) -> String { t("report.consent.\(kind.rawValue)") }
        if customer.kind != .customer { field("kind", t("report.kind.\(customer.kind.rawValue)")) }
        field("type", customer.customerType.map { t("report.type.\($0.rawValue)") })
        field("tags", customer.tags.joined(separator: ", "))
        field("organisation", [customer.organisationName, customer.department, customer.title].compactMap { $0 }.joined(separator: " · "))
        field("email", customer.email)
        field("phone", customer.phone.map(Phone.display))
        field("other_contacts", customer.otherContacts.map { t("report.contact_label.\($0.label.rawValue)") + ": " + ($0.kind == .phone ? Phone.display($0.value) : $0.value) }
            .joined(separator: "\n"))
        field("address", customer.oneLineAddress { language == "fi" ? $0.finnish : $0.english })
        if let birthdate = customer.birthdate { field("born", birthdate.finnish + (birthdate.age(on: today).map { " (\($0))" } ?? "")) }
        // The report is the one place the full identity code appears (besides the card on request).
        field("identity_code", customer.identityCode)
        field("member", [customer.memberSince.map { t("report.member_since", $0.finnish) }, customer.memberUntil.map { t("report.member_until", $0.finnish) }]
            .compactMap { $0 }.joined(separator: ", "))
        field("language", customer.language)
        field("prefers", customer.preferredChannel.map { t("report.channel.\($0.rawValue)") })
        field("web", customer.links.map(\.display).joined(separator: "\n"))
        field("source", customer.source.map { (language == "fi" ? $0.kind.finnish : $0.kind.english) + ($0.detail.map { ": \($0)" } ?? "") })
        field("since", customer.since.finnish + (c.card.lastActivity.map { " · " + t("report.last_activity", $0.finnish) } ?? ""))
        let state = ConsentEvent.currentState(of: c.card.consents)
        field("bans", customer.bans.map { "\(consentName($0)) \(state[$0].map { $0.date.finnish } ?? "")" }.joined(separator: ", "))
        field("newsletter", customer.newsletterConsent ? t("report.consent_given_on", state[.newsletter]?.date.finnish ?? "") : nil)
        field("sms", customer.smsConsent ? t("report.consent_given_on", state[.sms]?.date.finnish ?? "") : nil)
        field("legal_hold", customer.legalHoldReason)
        field("restricted", customer.restrictionReason)
        field("notes", customer.notes)
        field("card_id", customer.vcardUID)
        if !c.card.orders.isEmpty {
            lines += ["", t("report.orders")]
            lines += c.card.orders.map { o in
                var line = "  \(o.date.finnish)  \(o.description)  \(Money.display(cents: o.amountCents))  \(t("report.status.\(o.status.rawValue)"))"
                if let number = o.invoiceNumber { line += "  " + t("report.invoice", number) }
                if let due = o.dueDate, o.isOpenInvoice { line += ", " + t("report.due", due.finnish) }
                if let paid = o.paidDate { line += ", " + t("report.paid_on", paid.finnish) }
                if o.isOverdue(on: today) { line += "  " + t("report.overdue") }
                if o.inCollection { line += "  " + t("report.in_collection") }
                return line
            } + c.orderChanges.map { change in
                let order = c.card.orders.first { $0.id == change.orderID }
                let value = { (stored: String?) in
                    change.field.display(stored, status: { t("report.status.\($0.rawValue)") }, flag: { t($0 ? "report.yes" : "report.no") })
                }
                return "  " + t("report.order_changed", change.date.finnish, order?.description ?? "#\(change.orderID)",
                                t("report.order_field.\(change.field.rawValue)"), value(change.old), value(change.new),
                                t("report.order_action.\(change.action.rawValue)"))
            }
        }
        if !c.card.contacts.isEmpty {
            lines += ["", t("report.contacts")]
            lines += c.card.contacts.map {
                "  \($0.date.finnish)  \(t("report.channel.\($0.channel.rawValue)"))" + ($0.note.map { "  \($0)" } ?? "")
                    + ($0.followUp.map { "  " + t("report.follow_up", $0.finnish) } ?? "")
            }
        }
        if !c.card.consents.isEmpty {
            lines += ["", t("report.consent_history")]
            lines += c.card.consents.map { e in
                let verb: String
                switch e.kind {
                case .publication, .marketing, .research, .disclosure: verb = t(e.granted ? "report.ban_set" : "report.ban_lifted")
                case .newsletter, .sms: verb = t(e.granted ? "report.consent_given" : "report.consent_withdrawn")
                }
                return "  \(e.date.finnish)  \(consentName(e.kind)) \(verb)" + (e.source.map { " (" + t("report.event_source", ConsentEvent.knownSources.contains($0) ? t("report.consent_source.\($0.replacingOccurrences(of: " ", with: "_"))") : $0) + ")" } ?? "")
                    + (e.note.map { "  \($0)" } ?? "")
            }
        }
        let activities = c.activities
        if !activities.participations.isEmpty {
            lines += ["", t("report.events")]
            lines += activities.participations.map { p in
                "  \(p.event.date.finnish)  \(p.event.name)" + (p.participant.attended ? "" : " (" + t("report.did_not_attend") + ")")
                    + (p.participant.certificate.map { " · " + t("report.certificate", $0) + (p.participant.certificateExpires.map { ", " + t("report.valid_until", $0.finnish) } ?? "") } ?? "")
            }
        }
        if !activities.campaigns.isEmpty {
            lines += ["", t("report.campaigns")]
            lines += activities.campaigns.map { "  \($0.date.finnish)  \($0.name) (\(t("report.channel.\($0.channel.rawValue)")))" }
        }
        if !activities.feedback.isEmpty {
            lines += ["", t("report.feedback")]
            lines += activities.feedback.map { "  \($0.date.finnish)  " + ($0.isComplaint ? t("report.complaint") + ": " : "") + $0.text + ($0.resolution.map { " → \($0)" } ?? "") }
        }
        // Found: ISO times in UTC (`2026-11-30T14:11:27Z`) for a reader in Finland.
        func time(_ date: Date) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/Helsinki") ?? .current
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return t("report.time", "\(c.day!).\(c.month!).\(c.year!)", String(format: "%02d", c.hour!), String(format: "%02d", c.minute!))
        }
        lines += ["", t("report.recorded", time(customer.createdAt), time(customer.updatedAt))]
        if !c.requests.isEmpty {
            lines += ["", t("report.requests")]
            lines += c.requests.map { r in
                "  \(r.received.finnish)  \(t("report.request.\(r.type.rawValue)")), \(t("report.request_due", r.due.finnish))"
                    + (r.isOpen ? " (" + t("report.request_open") + ")" : ", " + t("report.request_answered", r.closedOn?.finnish ?? ""))
                    + (r.resolution.map { ": \($0)" } ?? "")
            }
        }
        lines += ["", t("report.disclosures")]
        lines += c.disclosures.isEmpty ? ["  " + t("report.none")] : c.disclosures.map {
            "  \($0.date.finnish)  " + t("report.disclosed_to", $0.recipient, $0.what) + ($0.reason.map { " (\($0))" } ?? "")
                + ($0.legalBasis.map { "; " + t("report.required_by", $0) } ?? "")
        }
        if !c.syncedCards.isEmpty {
            lines += ["", t("report.synced_cards")]
            lines += c.syncedCards.map { "  " + $0.vdir + "/" + ($0.card.file ?? "–") }
        }
        lines += ["", t("report.purposes")]
        let purposes = (try? Purpose.parseList(setting(.purposes) ?? "")) ?? []
        lines += purposes.map { "  - \($0.description): \($0.basisText { t($0) })" }
        // Found: an unset setting read as "none" (transfers nobody had stated), and English
        // recipients as none when only the Finnish list was written. The report says what the
        // register holds: the list (in the other language when not translated), "none" only
        // when the controller said so, else that it was not stated.
        func listed(_ key: SettingKey) -> String {
            guard let text = setting(key) ?? settings.stored[key.rawValue] else { return t("report.not_stated") }
            guard text != "none" else { return t("report.none") }
            return text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        }
        lines += ["", t("report.recipients", listed(.recipients)), t("report.transfers", listed(.transfers))]
        lines.append(t("report.retention", settings.retentionPeriod.text { t($0) }))
        lines += ["", t("report.rights")]
        for key in ["access", "rectification", "erasure", "restriction", "objection", "marketing", "portability", "consent"] {
            lines.append("  - " + t("rights.\(key)"))
        }
        if words["complaint"] != nil { lines += ["", t("complaint")] }
        if let contact = settings.value(.contactPerson) { lines.append(t("report.contact", contact)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report's language: `--lang`, else the customer's own when it is one the report is
    /// written in, else the register's (its `language` setting, Finnish by default).
    public static func language(requested: String?, customer: Customer, settings: RegisterSettings) -> String {
        if let requested { return requested }
        if let own = customer.language?.lowercased().prefix(2), ["fi", "en"].contains(String(own)) { return String(own) }
        return settings.value(.language) ?? "fi"
    }
}

/// The interface's `x`: a customer's access report in a language, and writing it to a file.
public final class AccessReporter: AccessReporting {
    let register: Register
    let today: LocalDate
    let resources: ResourceFiles
    let home: String?

    public init(register: Register, today: LocalDate, resources: ResourceFiles, home: String? = nil) {
        self.register = register
        self.today = today
        self.resources = resources
        self.home = home
    }

    public func report(_ customer: Int64, language requested: String?) throws -> (text: String, language: String) {
        let content = try AccessReport.load(register, customer)
        let language = AccessReport.language(requested: requested, customer: content.card.customer, settings: content.settings)
        return (AccessReport.text(content, today: today, template: PrivacyNotice.template(language, from: resources)), language)
    }

    public func save(_ text: String, to path: String) throws -> String {
        let resolved = PrivateFile.resolve(path, home: home)
        guard !FileManager.default.fileExists(atPath: resolved) else {
            throw ValidationErrors([FieldError("file", "{0} already exists; choose another name", resolved)])
        }
        try PrivateFile.write(text, to: resolved, replace: false, hint: "choose another file")
        return resolved
    }
}
