import Foundation
import KortistoCore
import KortistoStore

/// The whole register as one file (`export --format json`): read back by `SnapshotFile`.
public enum RegisterDocument {
    /// The whole register in one documented JSON file (format `kortisto-register/1`), handed to
    /// `write` in parts: the customers a chunk at a time, each chunk's histories read in one
    /// query a table (a tree of the whole register held 1.5 GB and took 18 s at 100k), and
    /// rendered on the other cores a slice at a time while this thread reads on.
    /// `write` is called one part at a time, in order, but the customers' parts from the
    /// threads that rendered them. Returns how many customers it holds.
    @discardableResult
    public static func write(_ register: Register, today: LocalDate, to write: ([UInt8]) throws -> Void) throws -> Int {
        let settings = try register.settings()
        try write(Array(("{\n" + [
            member("format", .string("kortisto-register/1")),
            member("exported_on", .string(today.iso)),
            // The register's own id: read back, its cards keep their UIDs (a synced phone sees no change).
            member("register_id", .string(try register.registerID())),
            member("settings", .object(SettingKey.allCases.compactMap { key in settings.isSet(key) ? (key.rawValue, .string(settings.value(key))) : nil })),
            member("organisations", .array(try register.organisations().map { .object(CustomerFormat.json($0)) })),
        ].joined(separator: ",\n") + ",\n  \"customers\": [").utf8))
        var exported = Set<Int64>()
        // A slice of customers at a time is made and rendered on the other cores while this
        // thread reads on (the connection is this thread's), and written, in order, as soon as
        // it is done (`deliverAsDone`): a rendered slice is not held while this thread reads a
        // chunk's histories, so a chunk and half the next can be ahead. Five slices ahead of
        // 10,000-customer chunks, written by this thread, let the other core wait while this
        // one read (dec 2, in the same minutes: 3.35-3.66 -> 2.75-2.80 s at 100k, 97 -> 93-95
        // MB; 45 -> 40 s at a million, 150 MB).
        let ahead = 3 * chunk / slice / 2
        try SlicePipeline.run(ahead: ahead, deliverAsDone: true, deliver: write) { handOver in
            try register.forEachChunk(chunk: chunk) { rows in
                // The chunk's histories at once: each table is walked in its customers' order
                // and a page read once for all of them on it, where 500 at a time read most
                // pages again for each slice (with chunks of 10,000: sys 0.7-1.4 -> 0.4 s at
                // 100k; 11 MB more held).
                let histories = try register.histories(of: rows.numbers)
                for part in rows.parts(of: slice) {
                    let numbers = rows.numbers[part]
                    let lead = exported.isEmpty ? "\n    " : ",\n    "
                    exported.formUnion(numbers)
                    try handOver {
                        let customers = try rows.customers(part)
                        // A customer's history is made from its rows here, beside its rendering.
                        return try ParallelMap.joinedBytes(count: customers.count, chunk: 64, lead: Array(lead.utf8), separator: separator) {
                            i, out throws(StoreError) in
                            writeCustomer(customers[i], try histories.history(of: customers[i].number), into: &out)
                        }
                    }
                }
            }
        }
        // Participants and recipients only as far as their customers are in the file.
        let events = try register.events(limit: Int.max).map { summary -> JSON in
            let people = try register.participants(ofEvent: summary.event.id).filter { $0.customerNumber.map(exported.contains) ?? true }
            return .object(EventFormat.pairs(summary.event, participants: people.count).filter { $0.0 != "participants" } + [
                ("participant_list", .array(people.map(EventFormat.json))),
            ])
        }
        return try withoutActuallyEscaping(write) { write in try writeTail(register, today: today, events: events, exported: exported, to: Streamed(write)) }
    }

    /// The file after its customers: events, campaigns, forgotten customers and breaches.
    private static func writeTail(_ register: Register, today: LocalDate, events: [JSON], exported: Set<Int64>, to tail: Streamed) throws -> Int {
        try tail.raw((exported.isEmpty ? "]" : "\n  ]") + ",\n" + member("events", .array(events)) + ",\n  \"campaigns\": ")
        // A campaign's recipients are written as they are read: a campaign to everyone has as
        // many as the register has customers (a million of them as values took 430 MB).
        try tail.list(level: 1) { item in
            for k in try register.campaigns() {
                try item()
                try tail.object(level: 2, [("id", .int(k.id))] + CampaignFormat.pairs(k), last: "recipients") {
                    try tail.list(level: 3) { item in
                        try register.forEachRecipient(ofCampaign: k.id) { customer, addedOn in
                            guard exported.contains(customer) else { return }
                            try item()
                            try tail.raw(JSON.object([("customer", .int(customer)), ("added_on", .string(addedOn.iso))]).rendered(level: 4))
                        }
                    }
                }
            }
        }
        // Forgotten customers: the number, the dates, the orders the books need, the requests
        // kept as evidence; each written as it is read (there may be as many as customers),
        // their kept rows read a chunk at a time as the customers' are (`histories(of:)`: a
        // query a table, where three for each forgotten customer made a retention sweep's
        // tens of thousands a hundred thousand queries).
        try tail.raw(",\n  \"forgotten\": ")
        try tail.list(level: 1) { item in
            let tombstones = try register.tombstones()
            for start in stride(from: 0, to: tombstones.count, by: chunk) {
                let part = tombstones[start..<min(tombstones.count, start + chunk)]
                let kept = try register.histories(of: part.map(\.number))
                for t in part {
                    let h = try kept.history(of: t.number)
                    try item()
                    try tail.raw(JSON.object([
                        ("number", .int(t.number)), ("forgotten_on", .string(t.forgottenOn.iso)), ("since", .string(t.since.iso)),
                        ("created_at", .string(t.createdAt)), ("updated_at", .string(t.updatedAt)),
                        ("orders", .array(h.orders.map(CustomerFormat.json))),
                        ("order_changes", .array(h.orderChanges.map(CustomerFormat.json))),
                        ("requests", .array(h.requests.map(RequestFormat.json))),
                    ]).rendered(level: 2))
                }
            }
        }
        try tail.raw(",\n" + member("breaches", .array(try register.breaches().map { BreachFormat.json($0, today: today) })) + "\n}\n")
        try tail.flush()
        return exported.count
    }

    /// The end of the file written as it is made, a mebibyte at a time, in the layout of
    /// `JSON.rendered`: lists and an object whose last member is a list written item by item.
    private final class Streamed {
        private let write: ([UInt8]) throws -> Void
        private var out: [UInt8] = []

        init(_ write: @escaping ([UInt8]) throws -> Void) {
            self.write = write
        }

        func raw(_ text: String) throws {
            out.append(contentsOf: text.utf8)
            if out.count >= 1 << 20 { try flush() }
        }

        func flush() throws {
            guard !out.isEmpty else { return }
            try write(out)
            out.removeAll(keepingCapacity: true)
        }

        /// A list at `level` as `JSON.array` renders it: `items` calls `item` before writing
        /// each item, which is written as a value one level in.
        func list(level: Int, _ items: (_ item: () throws -> Void) throws -> Void) throws {
            var count = 0
            try items {
                try raw((count == 0 ? "[\n" : ",\n") + Self.indent(level + 1))
                count += 1
            }
            try raw(count == 0 ? "[]" : "\n" + Self.indent(level) + "]")
        }

        /// An object at `level` of `pairs` and then `last`, whose value `value` writes.
        func object(level: Int, _ pairs: [(String, JSON)], last: String, _ value: () throws -> Void) throws {
            let head = JSON.object(pairs).rendered(level: level), close = "\n" + Self.indent(level) + "}"
            precondition(!pairs.isEmpty && head.hasSuffix(close))
            try raw(String(head.dropLast(close.count)) + ",\n" + Self.indent(level + 1) + JSON.string(last).rendered() + ": ")
            try value()
            try raw(close)
        }

        private static func indent(_ level: Int) -> String { String(repeating: "  ", count: level) }
    }

    /// A member of the file's top object.
    private static func member(_ key: String, _ value: JSON) -> String { "  \"\(key)\": " + value.rendered(level: 1) }

    /// Customers read at once, with their histories, and rendered at once (a slice).
    private static let chunk = 5_000, slice = 500

    /// Between two customers in the list.
    private static let separator = Array(",\n    ".utf8)

    /// One customer as the file holds them, written on `out` in its place in the customers' list.
    /// Identity codes are never exported, not even masked: the file would only promise one.
    static func writeCustomer(_ c: Customer, _ h: CustomerHistory, into out: inout [UInt8]) {
        JSON.object(level: 2, into: &out) { object in
            CustomerFormat.write(c, into: &object, withMaskedIdentityCode: false)
            object.member(Keys.lastActivity, .string(h.lastActivity?.iso))
            object.member(Keys.orders, objects: h.orders, CustomerFormat.order)
            object.member(Keys.orderChanges, objects: h.orderChanges, CustomerFormat.orderChange)
            object.member(Keys.contacts, objects: h.contacts, CustomerFormat.contact)
            object.member(Keys.consents, objects: h.consents, CustomerFormat.consent)
            object.member(Keys.requests, objects: h.requests, RequestFormat.request)
            object.member(Keys.feedback, objects: h.feedback, CustomerFormat.feedback)
            object.member(Keys.disclosures, objects: h.disclosures, DisclosureFormat.disclosure)
        }
    }

    /// The keys of a customer's history in the file.
    private enum Keys {
        static let lastActivity = JSON.Key("last_activity"), orders = JSON.Key("orders"), orderChanges = JSON.Key("order_changes"),
                   contacts = JSON.Key("contacts"), consents = JSON.Key("consent_events"), requests = JSON.Key("requests"),
                   feedback = JSON.Key("feedback"), disclosures = JSON.Key("disclosures")
    }
}
