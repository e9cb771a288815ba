import Foundation
import KortistoCore
import KortistoStore

/// A campaign's own fields in JSON, as the list, the whole-register file and a customer's
/// record all write them (each with its own key for the id, and its own recipients).
public enum CampaignFormat {
    public static func pairs(_ c: Campaign) -> [(String, JSON)] {
        [("name", .string(c.name)), ("channel", .string(c.channel.rawValue)), ("date", .string(c.date.iso)), ("purpose", .string(c.purpose.rawValue))]
    }
}

public enum EventFormat {
    public static func json(_ e: Event, participants: Int) -> JSON { .object(pairs(e, participants: participants)) }

    public static func pairs(_ e: Event, participants: Int) -> [(String, JSON)] {
        [("id", .int(e.id)), ("name", .string(e.name)), ("date", .string(e.date.iso)), ("kind", .string(e.kind.rawValue)),
         ("place", .string(e.place)), ("trainer", .string(e.trainer)), ("participants", .int(Int64(participants)))]
    }

    public static func json(_ p: Participant) -> JSON {
        .object([("id", .int(p.id)), ("customer", p.customerNumber.map { .int($0) } ?? .null), ("name", .string(p.name)),
                 ("walk_in", .bool(p.isWalkIn)), ("attended", .bool(p.attended)), ("certificate", .string(p.certificate)),
                 ("certificate_date", .string(p.certificateDate?.iso)), ("certificate_expires", .string(p.certificateExpires?.iso))])
    }

    /// The participant list as a page to print: event, then one person per line with a box to tick.
    public static func participantList(_ e: Event, _ people: [Participant]) -> String {
        var lines = ["\(e.name)", "\(e.date.finnish)" + (e.place.map { ", \($0)" } ?? "") + (e.trainer.map { " · \($0)" } ?? ""), ""]
        if people.isEmpty { lines.append("Nobody recorded yet.") }
        for (i, p) in people.enumerated() {
            var line = String(format: "%3d. ", i + 1) + (p.attended ? "[x] " : "[ ] ") + p.name
            if let n = p.customerNumber { line += "  #\(n)" } else { line += "  (walk-in)" }
            if let c = p.certificate { line += "  · \(c)" + (p.certificateExpires.map { " until \($0.finnish)" } ?? "") }
            lines.append(line)
        }
        lines += ["", "\(people.count) participant(s), \(people.filter(\.attended).count) attended."]
        return lines.joined(separator: "\n") + "\n"
    }
}

public enum RequestFormat {
    public static func json(_ r: DataRequest) -> JSON { request.json(r) }

    public static let request = JSON.Members<DataRequest>([
        .init("id", { .int($0.id) }), .init("customer", { .int($0.customerNumber) }), .init("type", { .string($0.type.rawValue) }),
        .init("received", date: { $0.received }), .init("due", date: { $0.due }),
        .init("extended", { .bool($0.extensionReason != nil) }), .init("extension_reason", { .string($0.extensionReason) }),
        .init("status", { .string($0.isOpen ? "open" : "closed") }), .init("resolution", { .string($0.resolution) }),
        .init("note", { .string($0.note) }), .init("closed_on", date: { $0.closedOn }),
    ])
}

public enum DisclosureFormat {
    public static func json(_ d: Disclosure) -> JSON { disclosure.json(d) }

    public static let disclosure = JSON.Members<Disclosure>([
        .init("id", { .int($0.id) }), .init("date", date: { $0.date }), .init("recipient", { .string($0.recipient) }),
        .init("what", { .string($0.what) }), .init("reason", { .string($0.reason) }), .init("legal_basis", { .string($0.legalBasis) }),
    ])
}

public enum BreachFormat {
    public static func json(_ b: Breach, today: LocalDate) -> JSON {
        .object([
            ("id", .int(b.id)), ("what", .string(b.what)), ("when", .string(b.happenedOn.iso)), ("found", .string(b.foundOn.iso)),
            ("people", b.people.map { .int(Int64($0)) } ?? .null), ("reported_on", .string(b.reportedOn?.iso)),
            ("notified_on", .string(b.notifiedOn?.iso)), ("measures", .string(b.measures)), ("report_due", .string(b.reportDue.iso)),
            ("state", .string(b.state(on: today).rawValue)),
        ])
    }
}
