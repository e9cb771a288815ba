import Foundation
import KortistoCore
import KortistoStore

/// Everything held on one person and what the law says goes with it (GDPR Art. 15): the JSON
/// is complete and machine-readable (portability), the text is for the person to read.
enum AccessReport {
    /// Every stored column, by table, and where it appears in the JSON. A column added to the
    /// schema must be added here (a test compares this with the database) or listed as internal.
    static let coverage: [String: [String: String]] = [
        "customer": [
            "number": "number", "first_name": "first_name", "last_name": "last_name", "organisation_id": "organisation",
            "title": "title", "email": "email", "phone": "phone", "street": "street", "postcode": "postcode", "town": "town",
            "country": "country", "birthdate": "birthdate", "language": "language", "notes": "notes", "source_kind": "source",
            "source_detail": "source_detail", "since": "since", "legal_hold_reason": "legal_hold_reason",
            "restriction_reason": "restriction_reason", "created_at": "created_at", "updated_at": "updated_at",
            "kind": "kind", "identity_code": "identity_code", "member_since": "member_since", "member_until": "member_until",
            "department": "department", "preferred_channel": "preferred_channel",
        ],
        "customer_tag": ["tag": "customer.tags"],
        "customer_link": ["kind": "profiles.kind", "url": "profiles.url"],
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
        "contact_event": ["id": "id", "date": "date", "channel": "channel", "note": "note"],
        "consent_event": ["id": "id", "kind": "kind", "granted": "action", "date": "date", "source": "source", "note": "note"],
        "request": [
            "id": "id", "type": "type", "received": "received", "due": "due", "extension_reason": "extension_reason",
            "status": "status", "resolution": "resolution", "note": "note", "closed_on": "closed_on",
        ],
        "disclosure": ["id": "id", "date": "date", "recipient": "recipient", "what": "what", "reason": "reason", "legal_basis": "legal_basis"],
        "organisation": ["name": "organisation"],
    ]

    /// Columns that hold no personal data of their own (keys, sort helpers, bookkeeping).
    static let internalColumns: [String: Set<String>] = [
        "customer": ["sort_key", "forgotten_on", "revision"],
        "customer_order": ["customer_number", "created_at", "updated_at"],
        "contact_event": ["customer_number", "created_at"],
        "consent_event": ["customer_number", "created_at"],
        "request": ["customer_number", "created_at"],
        "disclosure": ["customer_number", "created_at"],
        "customer_tag": ["customer_number", "tag_key"],
        "customer_link": ["id", "customer_number"],
        // A walk-in is not the person the report is about; trainer and creation time are the business's own.
        "event_participant": ["id", "event_id", "customer_number", "walk_in_name"],
        "event": ["trainer", "created_at"],
        "campaign_recipient": ["customer_number", "added_on"],
        "campaign": ["created_at"],
        "feedback": ["customer_number", "created_at"],
        "organisation": ["id", "sort_key", "business_id", "street", "postcode", "town", "country", "website", "notes", "created_at", "updated_at"],
    ]

    /// Tables that only hold copies of covered values (the search index).
    /// Tables with a customer number that the report leaves out: the search index (derived from
    /// the columns above) and erasure-log lines waiting to be written (ids and times of people
    /// already forgotten).
    static let derivedTables: Set<String> = ["search_term", "erasure_pending"]

    struct Content {
        var card: CustomerCard
        var requests: [DataRequest]
        var disclosures: [Disclosure]
        var settings: RegisterSettings
        var activities: CustomerActivities
    }

    static func load(_ register: Register, _ number: Int64) throws -> Content {
        guard let card = try register.card(number) else { throw StoreError.notFound("customer \(number)") }
        return Content(card: card, requests: try register.requests(ofCustomer: number), disclosures: try register.disclosures(ofCustomer: number),
                       settings: try register.settings(), activities: try CustomerActivities.load(register, number))
    }

    static func json(_ c: Content, today: LocalDate, template: [String: String]?) -> JSON {
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
            ("contacts", .array(c.card.contacts.map(CustomerFormat.json))),
            ("consent_events", .array(c.card.consents.map(CustomerFormat.json))),
            ("requests", .array(c.requests.map(RequestFormat.json))),
        ] + c.activities.json + [
            ("disclosures", .array(c.disclosures.map { d in
                .object([("id", .int(d.id)), ("date", .string(d.date.iso)), ("recipient", .string(d.recipient)), ("what", .string(d.what)),
                         ("reason", .string(d.reason)), ("legal_basis", .string(d.legalBasis))])
            })),
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

    static func text(_ c: Content, today: LocalDate, template: [String: String]?) -> String {
        let customer = c.card.customer
        var lines = ["Access report: everything \(c.settings.value(.controllerName) ?? "the controller") holds on \(customer.fullName)",
                     "Drawn up \(today.finnish) from the register \(c.settings.value(.registerName) ?? "")", ""]
        lines.append(CustomerFormat.text(customer, orders: c.card.orders, contacts: c.card.contacts, consents: c.card.consents,
                                         lastActivity: c.card.lastActivity, today: today, revealIdentityCode: true).trimmingCharacters(in: .newlines))
        lines += c.activities.text
        lines.append("")
        lines.append("Recorded on \(customer.createdAt.ISO8601Format()), last changed \(customer.updatedAt.ISO8601Format())")
        if !c.requests.isEmpty {
            lines += ["", "Your requests"]
            lines += c.requests.map { r in
                "  \(r.received.finnish)  \(r.type.rawValue), due \(r.due.finnish)" + (r.isOpen ? " (open)" : ", answered \(r.closedOn?.finnish ?? "")")
                    + (r.resolution.map { ": \($0)" } ?? "")
            }
        }
        lines += ["", "Disclosures of your data"]
        lines += c.disclosures.isEmpty ? ["  none"] : c.disclosures.map {
            "  \($0.date.finnish)  to \($0.recipient): \($0.what)" + ($0.reason.map { " (\($0))" } ?? "") + ($0.legalBasis.map { "; required by \($0)" } ?? "")
        }
        lines += ["", "Why we keep the data"]
        lines += c.settings.purposes.map { "  - \($0.description) (\($0.basis.key.replacingOccurrences(of: "_", with: " ")))" }
        let recipients = c.settings.recipients
        lines += ["", "Recipients and processors: " + (recipients.isEmpty ? "none" : recipients.joined(separator: ", "))]
        let transfers = c.settings.value(.transfers) ?? "none"
        lines.append("Transfers outside the EU/EEA: " + (transfers == "none" ? "none" : transfers))
        lines.append("Retention: deleted \(c.settings.retentionPeriod) after the last activity, unless the law or an open invoice prevents it.")
        lines += ["", "Your rights"]
        for key in ["access", "rectification", "erasure", "restriction", "objection", "marketing", "portability", "consent"] {
            lines.append("  - " + (template?["rights.\(key)"] ?? key))
        }
        if let complaint = template?["complaint"] { lines += ["", complaint] }
        if let contact = c.settings.value(.contactPerson) { lines.append("Contact: \(contact)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

struct ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report", usage: "report ID [--format text|json] [--out FILE]",
        summary: "the access report: everything held on the customer, with purposes, retention, recipients and rights",
        options: [.value("format", "F", "text (default) or json (complete, machine-readable)"), .value("out", "FILE", "write to FILE (mode 0600)")],
        positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        let format = try a.choice("format", ["text", "json"], default: "text", command: spec.name)
        let register = try context.openRegister(a)
        let content = try AccessReport.load(register, number)
        let template = PrivacyNotice.template("en", folder: ResourceFolder.locate(environment: context.environment))
        let output = format == "json" ? AccessReport.json(content, today: context.today, template: template).rendered() + "\n"
                                      : AccessReport.text(content, today: context.today, template: template)
        guard let out = a.value("out") else {
            context.stdout.write(output)
            return 0
        }
        try PrivateFile.write(output, to: out, replace: false, hint: "choose another --out")
        context.stderr.line("Access report for customer \(number) written to \(out) (readable only by you).")
        return 0
    }
}
