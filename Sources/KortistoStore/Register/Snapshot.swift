import Foundation
import KortistoCore

/// A whole register as `kortisto export --format json` writes it, to be read back losslessly.
public struct RegisterSnapshot: Sendable {
    public struct Entry: Sendable {
        public var customer: Customer
        public var orders: [Order]
        public var orderChanges: [OrderChange] = []
        public var contacts: [ContactEvent]
        public var consents: [ConsentEvent]
        public var requests: [DataRequest]
        public var feedback: [Feedback]
        public var disclosures: [Disclosure]

        public init(customer: Customer, orders: [Order], contacts: [ContactEvent], consents: [ConsentEvent], requests: [DataRequest],
                    feedback: [Feedback] = [], disclosures: [Disclosure] = []) {
            self.customer = customer
            self.orders = orders
            self.contacts = contacts
            self.consents = consents
            self.requests = requests
            self.feedback = feedback
            self.disclosures = disclosures
        }
    }

    /// A forgotten customer: the number, the dates, and what the books still need (the orders
    /// without the name) and the requests kept as evidence without their free text.
    public struct Tombstone: Sendable {
        public var number: Int64
        public var forgottenOn: LocalDate
        public var since: LocalDate
        public var createdAt: String
        public var updatedAt: String
        public var orders: [Order]
        public var orderChanges: [OrderChange] = []
        public var requests: [DataRequest]

        public init(number: Int64, forgottenOn: LocalDate, since: LocalDate, createdAt: String, updatedAt: String, orders: [Order],
                    requests: [DataRequest]) {
            self.number = number
            self.forgottenOn = forgottenOn
            self.since = since
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.orders = orders
            self.requests = requests
        }
    }

    /// An event with its participant list.
    public struct EventEntry: Sendable {
        public var event: Event
        public var participants: [Participant]

        public init(event: Event, participants: [Participant]) {
            self.event = event
            self.participants = participants
        }
    }

    /// A campaign with whom it reached and when they were recorded.
    public struct CampaignEntry: Sendable {
        public var campaign: Campaign
        public var recipients: [(customer: Int64, addedOn: LocalDate)]

        public init(campaign: Campaign, recipients: [(customer: Int64, addedOn: LocalDate)]) {
            self.campaign = campaign
            self.recipients = recipients
        }
    }

    public var settings: [SettingKey: String]
    /// The register's id (its cards' UIDs come from it), when the file gives one.
    public var registerID: String?
    public var organisations: [Organisation]
    public var customers: [Entry]
    public var events: [EventEntry]
    public var campaigns: [CampaignEntry]
    public var forgotten: [Tombstone]
    public var breaches: [Breach]

    public init(settings: [SettingKey: String], organisations: [Organisation], customers: [Entry], events: [EventEntry] = [],
                campaigns: [CampaignEntry] = [], forgotten: [Tombstone] = [], breaches: [Breach] = []) {
        self.settings = settings
        self.organisations = organisations
        self.customers = customers
        self.events = events
        self.campaigns = campaigns
        self.forgotten = forgotten
        self.breaches = breaches
    }
}

extension Register {
    /// Loads a whole register into this one, which must hold no customers yet: numbers, ids,
    /// dates and histories are kept as they were. `snapshot`'s settings, organisations,
    /// forgotten and breaches, then each customer `customers` hands over in turn (a file read a
    /// customer at a time), then the events and campaigns `rest` gives for the customers
    /// restored; one transaction. A failure of `customers` or `rest` (a damaged file) ends it
    /// with nothing written and is thrown as it is. Returns how many customers were restored.
    @discardableResult
    public func restore(_ snapshot: RegisterSnapshot, customers: ((RegisterSnapshot.Entry) throws -> Void) throws -> Void,
                        rest: (_ known: Set<Int64>) throws -> (events: [RegisterSnapshot.EventEntry],
                                                                campaigns: [RegisterSnapshot.CampaignEntry])) throws -> Int {
        // What the caller's reading threw, thrown again as it was (not as a store error).
        var readingFailure: (any Error)?
        func reading<T>(_ body: () throws -> T) throws -> T {
            do { return try body() } catch {
                if !(error is StoreError) { readingFailure = error }
                throw error
            }
        }
        var known = Set<Int64>()
        do {
            try write {
                guard try db.scalarInt("SELECT count(*) FROM customer") == 0 else {
                    throw StoreError.refused(Refusal("a whole-register JSON file is read into a new, empty register only; give another --db PATH"))
                }
                let stamp = timestamp
                for org in snapshot.organisations {
                    try db.run("""
                        INSERT INTO organisation (id, name, sort_key, business_id, street, postcode, town, country, website, notes, email, phone,
                            created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, org.id, org.name, FinnishOrder.key(org.name), org.businessID, org.street, org.postcode, org.town, org.country,
                        org.website, org.notes, org.email, org.phone, stamp, stamp)
                }
                func insert(_ order: Order, of number: Int64) throws(StoreError) {
                    try db.run("""
                        INSERT INTO customer_order (id, customer_number, date, description, amount_cents, status, invoice_number,
                            invoice_date, due_date, paid_date, in_collection, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, order.id, number, order.date.iso, order.description, order.amountCents, order.status.rawValue,
                        order.invoiceNumber, order.invoiceDate?.iso, order.dueDate?.iso, order.paidDate?.iso, order.inCollection, stamp, stamp)
                }
                func insert(_ changes: [OrderChange]) throws(StoreError) {
                    for h in changes {
                        try db.run("INSERT INTO order_change (id, order_id, changed_on, at, field, old, new, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   h.id, h.orderID, h.date.iso, h.at, h.field.rawValue, h.old, h.new, h.action.rawValue)
                    }
                }
                func insert(_ r: DataRequest, of number: Int64) throws(StoreError) {
                    try db.run("""
                        INSERT INTO request (id, customer_number, type, received, due, extension_reason, status, resolution, note, closed_on, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, r.id, number, r.type.rawValue, r.received.iso, r.due.iso, r.extensionReason, r.isOpen ? "open" : "closed",
                        r.resolution, r.note, r.closedOn?.iso, stamp)
                }
                // Tombstones first: their numbers are taken, and their orders stay for the books.
                for t in snapshot.forgotten {
                    try db.run("""
                        INSERT INTO customer (number, first_name, last_name, sort_key, since, forgotten_on, created_at, updated_at)
                        VALUES (?, '', '', '', ?, ?, ?, ?)
                        """, t.number, t.since.iso, t.forgottenOn.iso, t.createdAt, t.updatedAt)
                    for order in t.orders { try insert(order, of: t.number) }
                    try insert(t.orderChanges)
                    for r in t.requests { try insert(r, of: t.number) }
                }
                for b in snapshot.breaches {
                    try db.run("""
                        INSERT INTO breach(id, what, happened_on, found_on, people, reported_on, notified_on, measures, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, b.id, b.what, b.happenedOn.iso, b.foundOn.iso, b.people.map(Int64.init), b.reportedOn?.iso, b.notifiedOn?.iso,
                        b.measures, stamp, stamp)
                }
                // The customers, with the triggers that keep the label standing, the last
                // activity and the receivable days in step set aside and those made once after, as
                // a batch import does; their search terms are written 2,000 customers at a time in
                // the order of the index by pair in name order. With the triggers run for every row
                // and each customer's terms written where they fell, 100k took 93 s; this way 36 s.
                known = Set(try withBatchBookkeepingAfter { _ in
                    var numbers: [Int64] = [], terms: [(String, Int64, String)] = []
                    try reading { try customers { entry in
                        var c = entry.customer
                        c.organisationID = try c.organisationName.map { name throws(StoreError) in try organisationID(named: name) }
                        let key = FinnishOrder.personKey(last: c.lastName, first: c.firstName)
                        try db.run(Self.restoreCustomerSQL, arguments: [key] + Self.restoredFields.map { $0.sqlValue(c) })
                        try saveTags(c)
                        try saveLinks(c)
                        try saveContacts(c)
                        for f in entry.feedback {
                            try db.run("INSERT INTO feedback (id, customer_number, date, text, is_complaint, resolution, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                       f.id, c.number, f.date.iso, f.text, f.isComplaint, f.resolution, stamp)
                        }
                        for order in entry.orders { try insert(order, of: c.number) }
                        try insert(entry.orderChanges)
                        // Their invoices' numbers find them too.
                        terms += Self.searchTerms(of: c, invoices: entry.orders.compactMap(\.invoiceNumber), sortKey: key)
                        for d in entry.disclosures {
                            try db.run("INSERT INTO disclosure (id, customer_number, date, recipient, what, reason, legal_basis, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                       d.id, c.number, d.date.iso, d.recipient, d.what, d.reason, d.legalBasis, stamp)
                        }
                        for e in entry.contacts {
                            try db.run("INSERT INTO contact_event (id, customer_number, date, channel, note, follow_up, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                       e.id, c.number, e.date.iso, e.channel.rawValue, e.note, e.followUp?.iso, stamp)
                        }
                        for e in entry.consents {
                            try db.run("INSERT INTO consent_event (id, customer_number, kind, granted, date, source, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                       e.id, c.number, e.kind.rawValue, e.granted, e.date.iso, e.source, e.note, stamp)
                        }
                        for r in entry.requests { try insert(r, of: c.number) }
                        numbers.append(c.number)
                        if numbers.count % 2000 == 0 {
                            try insertTerms(terms.sorted(by: Self.inPairOrder))
                            terms.removeAll(keepingCapacity: true)
                        }
                    } }
                    try insertTerms(terms.sorted(by: Self.inPairOrder))
                    return numbers
                })
                let (events, campaigns) = try reading { try rest(known) }
                for entry in events {
                    let e = entry.event
                    try db.run("INSERT INTO event (id, name, date, place, trainer, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               e.id, e.name, e.date.iso, e.place, e.trainer, e.kind.rawValue, stamp)
                    for p in entry.participants {
                        try db.run("""
                            INSERT INTO event_participant (id, event_id, customer_number, walk_in_name, attended, certificate, certificate_date, certificate_expires)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """, p.id, e.id, p.customerNumber, p.isWalkIn ? p.name : nil, p.attended, p.certificate, p.certificateDate?.iso,
                            p.certificateExpires?.iso)
                    }
                }
                for entry in campaigns {
                    let k = entry.campaign
                    try db.run("INSERT INTO campaign (id, name, channel, date, created_at, purpose) VALUES (?, ?, ?, ?, ?, ?)",
                               k.id, k.name, k.channel.rawValue, k.date.iso, stamp, k.purpose.rawValue)
                    for r in entry.recipients {
                        try db.run("INSERT INTO campaign_recipient (campaign_id, customer_number, added_on) VALUES (?, ?, ?)", k.id, r.customer, r.addedOn.iso)
                    }
                }
                for (key, value) in snapshot.settings { try setSetting(key.rawValue, value) }
                if let id = snapshot.registerID { try setSetting("register_id", id) }
                try audit("import json", "register", Int64(known.count))
            }
        } catch {
            throw readingFailure ?? error
        }
        // Committed: the planner's statistics are a nicety a full disk must not turn into "failed".
        try? analyze()
        return known.count
    }
}

extension Register {
    /// A whole record restores every column but the revision, which starts again.
    private static let restoredFields = CustomerField.stored.filter { $0 != .revision }
    private static let restoreCustomerSQL = """
        INSERT INTO customer (sort_key, \(restoredFields.map(\.column).joined(separator: ", ")))
        VALUES (?\(String(repeating: ", ?", count: restoredFields.count)))
        """

    /// Forgotten customers as the whole-register file keeps them: number and dates only.
    public func tombstones() throws(StoreError) -> [(number: Int64, forgottenOn: LocalDate, since: LocalDate, createdAt: String, updatedAt: String)] {
        try read {
            try db.rows("SELECT number, forgotten_on, since, created_at, updated_at FROM customer WHERE forgotten_on IS NOT NULL ORDER BY number", []) {
                ($0.int(0), try $0.date(1), try $0.date(2), $0.text(3), $0.text(4))
            }
        }
    }
}
