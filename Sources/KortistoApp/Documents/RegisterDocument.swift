import Foundation
import KortistoCore
import KortistoStore

/// The whole register as one file (`export --format json`): read back by `SnapshotReader`.
public enum RegisterDocument {
    /// The whole register in one documented JSON file (format `kortisto-register/1`).
    public static func json(_ register: Register, _ customers: [Customer], today: LocalDate) throws -> JSON {
        let settings = try register.settings()
        var people: [JSON] = []
        for c in customers {
            guard let card = try register.card(c.number) else { continue }
            // Identity codes are never exported, not even masked: the file would only promise one.
            people.append(.object(CustomerFormat.json(c).filter { $0.0 != "identity_code_masked" } + [
                ("last_activity", .string(card.lastActivity?.iso)),
                ("orders", .array(card.orders.map(CustomerFormat.json))),
                ("order_changes", .array(try register.orderChanges(ofCustomer: c.number).map(CustomerFormat.json))),
                ("contacts", .array(card.contacts.map(CustomerFormat.json))),
                ("consent_events", .array(card.consents.map(CustomerFormat.json))),
                ("requests", .array(try register.requests(ofCustomer: c.number).map(RequestFormat.json))),
                ("feedback", .array(try register.feedback(ofCustomer: c.number).map(CustomerFormat.json))),
                ("disclosures", .array(try register.disclosures(ofCustomer: c.number).map(DisclosureFormat.json))),
            ]))
        }
        // Forgotten customers: the number, the dates, the orders the books need, the requests kept as evidence.
        let forgotten = try register.tombstones().map { t -> JSON in
            .object([("number", .int(t.number)), ("forgotten_on", .string(t.forgottenOn.iso)), ("since", .string(t.since.iso)),
                     ("created_at", .string(t.createdAt)), ("updated_at", .string(t.updatedAt)),
                     ("orders", .array(try register.orders(ofCustomer: t.number).map(CustomerFormat.json))),
                     ("order_changes", .array(try register.orderChanges(ofCustomer: t.number).map(CustomerFormat.json))),
                     ("requests", .array(try register.requests(ofCustomer: t.number).map(RequestFormat.json)))])
        }
        // Participants and recipients only as far as their customers are in the file.
        let exported = Set(customers.map(\.number))
        let events = try register.events(limit: Int.max).map { summary -> JSON in
            let people = try register.participants(ofEvent: summary.event.id).filter { $0.customerNumber.map(exported.contains) ?? true }
            return .object(EventFormat.pairs(summary.event, participants: people.count).filter { $0.0 != "participants" } + [
                ("participant_list", .array(people.map(EventFormat.json))),
            ])
        }
        let campaigns = try register.campaigns().map { k -> JSON in
            .object([("id", .int(k.id))] + CampaignFormat.pairs(k) + [
                ("recipients", .array(try register.recipients(ofCampaign: k.id).filter { exported.contains($0.customer) }.map { r in
                    .object([("customer", .int(r.customer)), ("added_on", .string(r.addedOn.iso))])
                })),
            ])
        }
        return .object([
            ("format", .string("kortisto-register/1")),
            ("exported_on", .string(today.iso)),
            // The register's own id: read back, its cards keep their UIDs (a synced phone sees no change).
            ("register_id", .string(try register.registerID())),
            ("settings", .object(SettingKey.allCases.compactMap { key in settings.isSet(key) ? (key.rawValue, .string(settings.value(key))) : nil })),
            ("organisations", .array(try register.organisations().map { .object(CustomerFormat.json($0)) })),
            ("customers", .array(people)),
            ("events", .array(events)),
            ("campaigns", .array(campaigns)),
            ("forgotten", .array(forgotten)),
            ("breaches", .array(try register.breaches().map { BreachFormat.json($0, today: today) })),
        ])
    }
}
