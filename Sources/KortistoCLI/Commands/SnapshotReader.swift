import Foundation
import KortistoCore
import KortistoStore

/// Reads `kortisto export --format json` (format `kortisto-register/1`) back into a snapshot,
/// checking every value as an import must; a damaged file is refused whole.
enum SnapshotReader {
    struct Bad: Error { let message: String }

    static func read(_ data: Data) throws -> RegisterSnapshot {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw CLIError.failure("the file is not valid JSON") }
        guard root["format"] as? String == "kortisto-register/1" else {
            throw CLIError.failure("this JSON is not a Kortisto register export (format kortisto-register/1)")
        }
        do {
            var settings: [SettingKey: String] = [:]
            for (key, value) in root["settings"] as? [String: Any] ?? [:] {
                guard let settingKey = SettingKey(rawValue: key), let text = value as? String else { continue }
                if let valid = try SettingValidation.validate(settingKey, text) { settings[settingKey] = valid }
            }
            let organisations = try (root["organisations"] as? [[String: Any]] ?? []).map { o -> Organisation in
                Organisation(id: try int(o, "id"), name: try TextInput.required(o["name"] as? String, field: "organisation name", maxLength: FieldLimits.organisationName),
                             businessID: try (o["business_id"] as? String).flatMap { try BusinessID.validate($0) },
                             street: o["street"] as? String, postcode: o["postcode"] as? String, town: o["town"] as? String,
                             country: (o["country"] as? String) ?? Country.finland, website: o["website"] as? String, notes: o["notes"] as? String)
            }
            let customers = try (root["customers"] as? [[String: Any]] ?? []).map(entry)
            let known = Set(customers.map(\.customer.number))
            let events = try (root["events"] as? [[String: Any]] ?? []).map { try event($0, customers: known) }
            let campaigns = try (root["campaigns"] as? [[String: Any]] ?? []).map { try campaign($0, customers: known) }
            return RegisterSnapshot(settings: settings, organisations: organisations, customers: customers, events: events, campaigns: campaigns)
        } catch let error as Bad {
            throw CLIError.failure(error.message)
        } catch let error as FieldError {
            throw CLIError.failure("invalid value in the file: \(error)")
        } catch let error as ValidationErrors {
            throw CLIError.failure("invalid customer in the file: \(error)")
        }
    }

    static func int(_ o: [String: Any], _ key: String) throws -> Int64 {
        guard let n = o[key] as? Int else { throw Bad(message: "'\(key)' missing or not a number") }
        return Int64(n)
    }

    static func date(_ o: [String: Any], _ key: String) throws -> LocalDate {
        guard let text = o[key] as? String, let d = LocalDate(iso: text) else { throw Bad(message: "'\(key)' missing or not a date") }
        return d
    }

    static func optionalDate(_ o: [String: Any], _ key: String) -> LocalDate? { (o[key] as? String).flatMap(LocalDate.init(iso:)) }

    static func entry(_ o: [String: Any]) throws -> RegisterSnapshot.Entry {
        let number = try int(o, "number")
        let today = LocalDate.today()
        // The person's fields go through the same validation as typing them in.
        var input = CustomerInput(firstName: o["first_name"] as? String, lastName: o["last_name"] as? String,
                                  organisation: o["organisation"] as? String, title: o["title"] as? String, email: o["email"] as? String,
                                  phone: o["phone"] as? String, street: o["street"] as? String, postcode: o["postcode"] as? String,
                                  town: o["town"] as? String, country: o["country"] as? String, birthdate: o["birthdate"] as? String,
                                  language: o["language"] as? String, notes: o["notes"] as? String)
        if let kind = o["source"] as? String { input.source = kind + ((o["source_detail"] as? String).map { ": \($0)" } ?? "") }
        input.kind = o["kind"] as? String
        input.tags = (o["tags"] as? [String])?.joined(separator: ",")
        input.memberSince = o["member_since"] as? String
        input.memberUntil = o["member_until"] as? String
        input.department = o["department"] as? String
        input.preferredChannel = o["preferred_channel"] as? String
        input.websites = o["websites"] as? [String]
        input.profiles = (o["profiles"] as? [[String: Any]])?.compactMap { $0["url"] as? String }
        let changes = try input.validate(today: today)
        var customer = Customer(number: number, firstName: "", lastName: "", since: try date(o, "since"),
                                createdAt: (o["created_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) } ?? Date(),
                                updatedAt: (o["updated_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) } ?? Date())
        changes.apply(to: &customer)
        customer.organisationName = changes.organisation ?? nil
        customer.legalHoldReason = o["legal_hold_reason"] as? String
        customer.restrictionReason = o["restriction_reason"] as? String
        let orders = try (o["orders"] as? [[String: Any]] ?? []).map { x -> Order in
            guard let status = (x["status"] as? String).flatMap(OrderStatus.init(rawValue:)), let cents = x["amount_cents"] as? Int, cents >= 0 else {
                throw Bad(message: "customer \(number): an order has a bad status or amount")
            }
            return Order(id: try int(x, "id"), customerNumber: number, date: try date(x, "date"),
                         description: try TextInput.required(x["description"] as? String, field: "description", maxLength: FieldLimits.description),
                         amountCents: cents, status: status, invoiceNumber: x["invoice_number"] as? String, invoiceDate: optionalDate(x, "invoice_date"),
                         dueDate: optionalDate(x, "due_date"), paidDate: optionalDate(x, "paid_date"), inCollection: x["in_collection"] as? Bool ?? false)
        }
        let contacts = try (o["contacts"] as? [[String: Any]] ?? []).map { x -> ContactEvent in
            guard let channel = (x["channel"] as? String).flatMap(ContactChannel.init(rawValue:)) else { throw Bad(message: "customer \(number): a contact has a bad channel") }
            return ContactEvent(id: try int(x, "id"), date: try date(x, "date"), channel: channel,
                                note: try (x["note"] as? String).flatMap { try TextInput.clean($0, field: "note", maxLength: FieldLimits.shortNote) })
        }
        let consents = try (o["consent_events"] as? [[String: Any]] ?? []).map { x -> ConsentEvent in
            guard let kind = (x["kind"] as? String).flatMap(ConsentKind.init(rawValue:)), let action = x["action"] as? String else {
                throw Bad(message: "customer \(number): a consent event has a bad kind or action")
            }
            return ConsentEvent(id: try int(x, "id"), kind: kind, granted: action == "granted", date: try date(x, "date"),
                                source: x["source"] as? String, note: x["note"] as? String)
        }
        let requests = try (o["requests"] as? [[String: Any]] ?? []).map { x -> DataRequest in
            guard let type = (x["type"] as? String).flatMap(RequestType.init(rawValue:)) else { throw Bad(message: "customer \(number): a request has a bad type") }
            return DataRequest(id: try int(x, "id"), customerNumber: number, type: type, received: try date(x, "received"), due: try date(x, "due"),
                               extensionReason: x["extension_reason"] as? String, isOpen: x["status"] as? String != "closed",
                               resolution: x["resolution"] as? String, note: x["note"] as? String, closedOn: optionalDate(x, "closed_on"))
        }
        let feedback = try (o["feedback"] as? [[String: Any]] ?? []).map { x -> Feedback in
            Feedback(id: try int(x, "id"), customerNumber: number, date: try date(x, "date"),
                     text: try TextInput.required(x["text"] as? String, field: "feedback", maxLength: FieldLimits.shortNote * 4),
                     isComplaint: x["complaint"] as? Bool ?? false,
                     resolution: try (x["resolution"] as? String).flatMap { try TextInput.clean($0, field: "resolution", maxLength: FieldLimits.shortNote, lines: .multiple) })
        }
        return RegisterSnapshot.Entry(customer: customer, orders: orders, contacts: contacts, consents: consents, requests: requests, feedback: feedback)
    }

    static func event(_ o: [String: Any], customers: Set<Int64>) throws -> RegisterSnapshot.EventEntry {
        let id = try int(o, "id")
        guard let kind = Event.Kind(rawValue: o["kind"] as? String ?? "event") else { throw Bad(message: "event \(id) has a bad kind") }
        let event = Event(id: id, name: try TextInput.required(o["name"] as? String, field: "event name", maxLength: FieldLimits.description),
                          date: try date(o, "date"), place: o["place"] as? String, trainer: o["trainer"] as? String, kind: kind)
        let participants = try (o["participant_list"] as? [[String: Any]] ?? []).map { x -> Participant in
            let customer = (x["customer"] as? Int).map(Int64.init)
            if let customer, !customers.contains(customer) { throw Bad(message: "event \(id) names customer \(customer), who is not in the file") }
            let name = customer == nil ? try TextInput.required(x["name"] as? String, field: "participant", maxLength: FieldLimits.name) : ""
            return Participant(id: try int(x, "id"), eventID: id, customerNumber: customer, name: name, attended: x["attended"] as? Bool ?? true,
                               certificate: x["certificate"] as? String, certificateDate: optionalDate(x, "certificate_date"),
                               certificateExpires: optionalDate(x, "certificate_expires"))
        }
        return RegisterSnapshot.EventEntry(event: event, participants: participants)
    }

    static func campaign(_ o: [String: Any], customers: Set<Int64>) throws -> RegisterSnapshot.CampaignEntry {
        let id = try int(o, "id")
        guard let channel = (o["channel"] as? String).flatMap(Campaign.Channel.init(rawValue:)) else { throw Bad(message: "campaign \(id) has a bad channel") }
        // Files written before campaigns had a purpose hold marketing lists.
        guard let purpose = CampaignPurpose(rawValue: o["purpose"] as? String ?? CampaignPurpose.marketing.rawValue) else {
            throw Bad(message: "campaign \(id) has a bad purpose")
        }
        let campaign = Campaign(id: id, name: try TextInput.required(o["name"] as? String, field: "campaign name", maxLength: FieldLimits.description),
                                channel: channel, date: try date(o, "date"), purpose: purpose)
        let recipients = try (o["recipients"] as? [[String: Any]] ?? []).map { x -> (customer: Int64, addedOn: LocalDate) in
            let customer = try int(x, "customer")
            guard customers.contains(customer) else { throw Bad(message: "campaign \(id) names customer \(customer), who is not in the file") }
            return (customer, try date(x, "added_on"))
        }
        return RegisterSnapshot.CampaignEntry(campaign: campaign, recipients: recipients)
    }
}
