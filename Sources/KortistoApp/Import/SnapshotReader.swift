import Foundation
import KortistoCore
import KortistoStore

/// Reads the values of `kortisto export --format json` (format `kortisto-register/1`), checking
/// every one as an import must (`SnapshotFile` walks the file); a damaged file is refused whole.
public enum SnapshotReader {
    public struct Bad: Error { let message: String }

    /// `body`'s findings about the file's values as refusals that name them.
    static func checking<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as Bad {
            throw Refusal(error.message)
        } catch let error as FieldError {
            throw Refusal("invalid value in the file: {0}", "\(error)")
        } catch let error as ValidationErrors {
            throw Refusal("invalid customer in the file: {0}", "\(error)")
        }
    }

    public static func organisation(_ o: [String: Any]) throws -> Organisation {
        Organisation(id: try int(o, "id"), name: try TextInput.required(o["name"] as? String, field: "organisation name", maxLength: FieldLimits.organisationName),
                     businessID: try (o["business_id"] as? String).flatMap { try BusinessID.validate($0) },
                     street: try text(o, "street", FieldLimits.street), postcode: try text(o, "postcode", FieldLimits.postcode),
                     town: try text(o, "town", FieldLimits.town), country: try text(o, "country", 60) ?? Country.finland,
                     website: try text(o, "website", FieldLimits.website), notes: try text(o, "notes", FieldLimits.notes, lines: .multiple),
                     email: try (o["email"] as? String).flatMap { try Email.validate($0) },
                     phone: try (o["phone"] as? String).flatMap { try Phone.normalise($0) })
    }

    public static func int(_ o: [String: Any], _ key: String) throws -> Int64 {
        guard let n = o[key] as? Int else { throw Bad(message: "'\(key)' missing or not a number") }
        return Int64(n)
    }

    public static func date(_ o: [String: Any], _ key: String) throws -> LocalDate {
        guard let text = o[key] as? String, let d = LocalDate(iso: text) else { throw Bad(message: "'\(key)' missing or not a date") }
        return d
    }

    public static func optionalDate(_ o: [String: Any], _ key: String) -> LocalDate? { (o[key] as? String).flatMap(LocalDate.init(iso:)) }

    /// A free-text value checked as typing it would be: control characters (an escape sequence
    /// that would take over the terminal `show` prints to) refuse the file.
    public static func text(_ o: [String: Any], _ key: String, _ maxLength: Int, lines: TextInput.Lines = .single) throws -> String? {
        guard let raw = o[key] as? String else { return nil }
        return try TextInput.clean(raw, field: key, maxLength: maxLength, lines: lines)
    }

    public static func tombstone(_ o: [String: Any]) throws -> RegisterSnapshot.Tombstone {
        let number = try int(o, "number")
        let forgottenOn = try date(o, "forgotten_on")
        var tombstone = RegisterSnapshot.Tombstone(number: number, forgottenOn: forgottenOn, since: optionalDate(o, "since") ?? forgottenOn,
                                          createdAt: try stamp(o, "created_at"), updatedAt: try stamp(o, "updated_at"),
                                          orders: try (o["orders"] as? [[String: Any]] ?? []).map { try order($0, of: number) },
                                          requests: try (o["requests"] as? [[String: Any]] ?? []).map { try request($0, of: number) })
        tombstone.orderChanges = try orderChanges(o, orders: tombstone.orders, of: number)
        return tombstone
    }

    /// The corrections of a customer's orders, each of an order in the file, its values
    /// checked as the field's own (an amount in cents, ISO dates, a known status).
    public static func orderChanges(_ o: [String: Any], orders: [Order], of number: Int64) throws -> [OrderChange] {
        let ids = Set(orders.map(\.id))
        return try (o["order_changes"] as? [[String: Any]] ?? []).map { x in
            let orderID = try int(x, "order")
            guard ids.contains(orderID), let field = (x["field"] as? String).flatMap(OrderField.init(rawValue:)) else {
                throw Bad(message: "customer \(number): an order correction names no order of theirs or a bad field")
            }
            let values = try ["old", "new"].map { key -> String? in
                guard let text = try self.text(x, key, FieldLimits.description) else { return nil }
                let fits: Bool
                switch field {
                case .amount: fits = Int(text).map { $0 >= 0 } ?? false
                case .date, .invoiceDate, .dueDate, .paidDate: fits = LocalDate(iso: text) != nil
                case .status: fits = OrderStatus(rawValue: text) != nil
                case .inCollection: fits = text == "0" || text == "1"
                case .description, .invoiceNumber: fits = true
                }
                guard fits else { throw Bad(message: "customer \(number): order \(orderID)'s \(field.rawValue) '\(text)' is not a value it can hold") }
                return text
            }
            guard let action = OrderAction(rawValue: x["action"] as? String ?? OrderAction.edit.rawValue) else {
                throw Bad(message: "customer \(number): an order correction has a bad action")
            }
            return OrderChange(id: try int(x, "id"), at: try stamp(x, "at"), orderID: orderID, date: try date(x, "date"), field: field,
                               old: values[0], new: values[1], action: action)
        }
    }

    /// A time as the register writes it (ISO 8601), checked.
    public static func stamp(_ o: [String: Any], _ key: String) throws -> String {
        guard let text = o[key] as? String, (try? Date(text, strategy: .iso8601)) != nil else { throw Bad(message: "'\(key)' missing or not a time") }
        return text
    }

    public static func breach(_ o: [String: Any]) throws -> Breach {
        let id = try int(o, "id")
        let people = try (o["people"] as? Int).map { n throws -> Int in
            guard n >= 0 else { throw Bad(message: "breach \(id): a negative number of people") }
            return n
        }
        return Breach(id: id, what: try TextInput.required(o["what"] as? String, field: "what", maxLength: FieldLimits.shortNote),
                      happenedOn: try date(o, "when"), foundOn: try date(o, "found"), people: people, reportedOn: optionalDate(o, "reported_on"),
                      notifiedOn: optionalDate(o, "notified_on"), measures: try text(o, "measures", FieldLimits.shortNote))
    }

    public static func order(_ x: [String: Any], of number: Int64) throws -> Order {
        guard let status = (x["status"] as? String).flatMap(OrderStatus.init(rawValue:)), let cents = x["amount_cents"] as? Int, cents >= 0 else {
            throw Bad(message: "customer \(number): an order has a bad status or amount")
        }
        return Order(id: try int(x, "id"), customerNumber: number, date: try date(x, "date"),
                     description: try TextInput.required(x["description"] as? String, field: "description", maxLength: FieldLimits.description),
                     amountCents: cents, status: status, invoiceNumber: try text(x, "invoice_number", FieldLimits.invoiceNumber),
                     invoiceDate: optionalDate(x, "invoice_date"), dueDate: optionalDate(x, "due_date"), paidDate: optionalDate(x, "paid_date"),
                     inCollection: x["in_collection"] as? Bool ?? false)
    }

    public static func request(_ x: [String: Any], of number: Int64) throws -> DataRequest {
        guard let type = (x["type"] as? String).flatMap(RequestType.init(rawValue:)) else { throw Bad(message: "customer \(number): a request has a bad type") }
        return DataRequest(id: try int(x, "id"), customerNumber: number, type: type, received: try date(x, "received"), due: try date(x, "due"),
                           extensionReason: try text(x, "extension_reason", FieldLimits.reason), isOpen: x["status"] as? String != "closed",
                           resolution: try text(x, "resolution", FieldLimits.shortNote, lines: .multiple), note: try text(x, "note", FieldLimits.shortNote),
                           closedOn: optionalDate(x, "closed_on"))
    }

    public static func entry(_ o: [String: Any]) throws -> RegisterSnapshot.Entry {
        let number = try int(o, "number")
        let today = LocalDate.today()
        // The person's fields go through the same validation as typing them in: each field the
        // JSON carries, given as typed (a list as its CSV cell, a profile by its address).
        var input = CustomerInput()
        for field in CustomerField.carried(by: .json) {
            let typed: String?
            switch o[field.key] {
            case let text as String: typed = text
            case let items as [String]: typed = items.joined(separator: field.spec.separator)
            case let objects as [[String: Any]]: typed = objects.compactMap { $0["url"] as? String }.joined(separator: " ")
            default: typed = nil
            }
            if let typed { field.give(typed, to: &input) }
        }
        let changes = try input.validate(today: today)
        var customer = Customer(number: number, firstName: "", lastName: "", since: try date(o, "since"),
                                createdAt: (o["created_at"] as? String).flatMap(Timestamp.parse) ?? Date(),
                                updatedAt: (o["updated_at"] as? String).flatMap(Timestamp.parse) ?? Date())
        changes.apply(to: &customer)
        customer.organisationName = changes.organisation ?? nil
        customer.legalHoldReason = try text(o, "legal_hold_reason", FieldLimits.reason)
        customer.restrictionReason = try text(o, "restriction_reason", FieldLimits.reason)
        // A card's UID from elsewhere (restored as written, so every export names them the same).
        customer.vcardUID = try text(o, "vcard_uid", 255)
        let orders = try (o["orders"] as? [[String: Any]] ?? []).map { try order($0, of: number) }
        let contacts = try (o["contacts"] as? [[String: Any]] ?? []).map { x -> ContactEvent in
            guard let channel = (x["channel"] as? String).flatMap(ContactChannel.init(rawValue:)) else { throw Bad(message: "customer \(number): a contact has a bad channel") }
            return ContactEvent(id: try int(x, "id"), date: try date(x, "date"), channel: channel,
                                note: try (x["note"] as? String).flatMap { try TextInput.clean($0, field: "note", maxLength: FieldLimits.shortNote) },
                                followUp: optionalDate(x, "follow_up"))
        }
        let consents = try (o["consent_events"] as? [[String: Any]] ?? []).map { x -> ConsentEvent in
            guard let kind = (x["kind"] as? String).flatMap(ConsentKind.init(rawValue:)), let action = x["action"] as? String else {
                throw Bad(message: "customer \(number): a consent event has a bad kind or action")
            }
            return ConsentEvent(id: try int(x, "id"), kind: kind, granted: action == "granted", date: try date(x, "date"),
                                source: try text(x, "source", FieldLimits.sourceDetail), note: try text(x, "note", FieldLimits.shortNote))
        }
        let requests = try (o["requests"] as? [[String: Any]] ?? []).map { try request($0, of: number) }
        let disclosures = try (o["disclosures"] as? [[String: Any]] ?? []).map { x -> Disclosure in
            Disclosure(id: try int(x, "id"), date: try date(x, "date"),
                       recipient: try TextInput.required(x["recipient"] as? String, field: "recipient", maxLength: 200),
                       what: try TextInput.required(x["what"] as? String, field: "what", maxLength: FieldLimits.shortNote),
                       reason: try text(x, "reason", FieldLimits.reason), legalBasis: try text(x, "legal_basis", FieldLimits.reason))
        }
        let feedback = try (o["feedback"] as? [[String: Any]] ?? []).map { x -> Feedback in
            Feedback(id: try int(x, "id"), customerNumber: number, date: try date(x, "date"),
                     text: try TextInput.required(x["text"] as? String, field: "feedback", maxLength: FieldLimits.shortNote * 4),
                     isComplaint: x["complaint"] as? Bool ?? false,
                     resolution: try (x["resolution"] as? String).flatMap { try TextInput.clean($0, field: "resolution", maxLength: FieldLimits.shortNote, lines: .multiple) })
        }
        var entry = RegisterSnapshot.Entry(customer: customer, orders: orders, contacts: contacts, consents: consents, requests: requests, feedback: feedback,
                                           disclosures: disclosures)
        entry.orderChanges = try orderChanges(o, orders: orders, of: number)
        return entry
    }

    public static func event(_ o: [String: Any], customers: Set<Int64>) throws -> RegisterSnapshot.EventEntry {
        let id = try int(o, "id")
        guard let kind = Event.Kind(rawValue: o["kind"] as? String ?? "event") else { throw Bad(message: "event \(id) has a bad kind") }
        let event = Event(id: id, name: try TextInput.required(o["name"] as? String, field: "event name", maxLength: FieldLimits.description),
                          date: try date(o, "date"), place: try text(o, "place", FieldLimits.description),
                          trainer: try text(o, "trainer", FieldLimits.name), kind: kind)
        let participants = try (o["participant_list"] as? [[String: Any]] ?? []).map { x -> Participant in
            let customer = (x["customer"] as? Int).map(Int64.init)
            if let customer, !customers.contains(customer) { throw Bad(message: "event \(id) names customer \(customer), who is not in the file") }
            let name = customer == nil ? try TextInput.required(x["name"] as? String, field: "participant", maxLength: FieldLimits.name) : ""
            return Participant(id: try int(x, "id"), eventID: id, customerNumber: customer, name: name, attended: x["attended"] as? Bool ?? true,
                               certificate: try text(x, "certificate", FieldLimits.description), certificateDate: optionalDate(x, "certificate_date"),
                               certificateExpires: optionalDate(x, "certificate_expires"))
        }
        return RegisterSnapshot.EventEntry(event: event, participants: participants)
    }

    public static func campaign(_ o: [String: Any], customers: Set<Int64>) throws -> RegisterSnapshot.CampaignEntry {
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
