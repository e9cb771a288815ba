import Foundation
import KortistoCore

extension Register {
    /// The columns of `CustomerField.stored`, in its order, then the organisation's name and
    /// the customer's consents and tags as their row keeps them (v36): `customerFields` reads
    /// them. `extra`: more columns, after those (from `selectedColumnCount` on).
    static func customerSelect(from: String = "customer c", extra: [String] = []) -> String {
        "SELECT \(([selectedColumns] + extra).joined(separator: ", ")) FROM \(from) LEFT JOIN organisation o ON o.id = c.organisation_id"
    }

    private static let selectedColumns = (CustomerField.stored.map { "c." + $0.column } + afterFields).joined(separator: ", ")
    /// What `customerSelect` reads after the fields.
    private static let afterFields = ["o.name", "c.consents", "c.tags"]
    /// Where `customerSelect` puts the organisation's name, the consents and the tags.
    static let organisationNameColumn = afterField("o.name"), consentsColumn = afterField("c.consents"), tagsColumn = afterField("c.tags")
    /// How many columns `customerSelect` reads before `extra`.
    static let selectedColumnCount = Int32(CustomerField.stored.count + afterFields.count)

    private static func afterField(_ column: String) -> Int32 { Int32(CustomerField.stored.count + afterFields.firstIndex(of: column)!) }
    /// Where `customerSelect` puts the customer's number.
    static let numberColumn = Int32(CustomerField.stored.firstIndex(of: .number)!)

    /// A customer row with their consents and tags (`customerSelect`), each column read back by
    /// its field; a value the field does not know is an error. Links and other contacts are
    /// in tables of their own (`completed`).
    static func customerFields(from row: some ColumnValues) throws(StoreError) -> Customer {
        var customer = Customer(number: 0, firstName: "", lastName: "", since: LocalDate(daysSinceEpoch: 0),
                                createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
        let access = Self.storedAccess
        for i in access.fields.indices {
            do {
                try access.set(i, row.value(Int32(i)), in: &customer)
            } catch {
                throw .unknownStoredValue(what: "a \(error.field.key)", value: error.value)
            }
        }
        customer.organisationName = row.optionalText(Self.organisationNameColumn)
        try ConsentBits(stored: row.int(Self.consentsColumn)).set(on: &customer)
        customer.tags = StoredTags.list(row.optionalText(Self.tagsColumn))
        return customer
    }

    /// The customer with this number, or nil (forgotten customers are not customers any more).
    public func customer(_ number: Int64) throws(StoreError) -> Customer? {
        try read {
            try db.first(Self.customerSelect() + " WHERE c.number = ? AND c.forgotten_on IS NULL", [number], Self.customerFields(from:))
                .map { try completed([$0])[0] }
        }
    }

    /// The customer, refused while processing is restricted: restriction blocks every
    /// processing but storing the data and lifting it (new orders, contacts, edits, events).
    @discardableResult
    public func requireProcessable(_ number: Int64) throws(StoreError) -> Customer {
        let customer = try requireCustomer(number)
        if let reason = customer.restrictionReason { throw .restricted(customer: number, reason: reason) }
        return customer
    }

    /// Like `customer(_:)` but throws a clear "not found".
    public func requireCustomer(_ number: Int64) throws(StoreError) -> Customer {
        guard let customer = try customer(number) else {
            if let date = try forgottenOn(number) { throw .notFound(Refusal("customer {0} (forgotten on {1})", "\(number)", "\(date.finnish)")) }
            throw .notFound(Refusal("customer {0}", "\(number)"))
        }
        return customer
    }

    /// Adds a customer; returns the new customer number.
    @discardableResult
    public func addCustomer(_ changes: CustomerChanges, today: LocalDate) throws(StoreError) -> Int64 {
        var organisations: [String: Int64] = [:]
        return try write {
            let new = NewCustomer(changes, today: today, at: now())
            let number = try insert(new, stamp: timestamp, organisations: &organisations)
            try insertTerms(new.terms.map { ($0, number, new.sortKey) })
            return number
        }
    }

    /// Adds (term, customer number, the customer's sort key) rows to the search index: a
    /// search's window reads its word's rows in name order without the customers (v28).
    func insertTerms(_ terms: [(String, Int64, String)]) throws(StoreError) {
        try db.insertTriples("INSERT OR IGNORE INTO search_term(term, customer_number, sort_key) VALUES", terms)
    }

    /// Whether term row `a` comes before `b` in `search_term_by_pair_in_name_order` (v34): by
    /// the term's first two letters, then the name's sort key, then the customer, as SQLite
    /// compares them. A batch inserts a slice's terms in this order, so each page of that
    /// index is changed once a slice instead of at random over the whole batch (a CSV of 99k
    /// people, the same hour: 15-18 -> 7-8 s; set aside and sorted after, 6.4-8.2 s but 50 MB
    /// more while SQLite sorted it); the terms' own table is then met a pair at a time.
    static func inPairOrder(_ a: (String, Int64, String), _ b: (String, Int64, String)) -> Bool {
        let pairs = (pair(a.0), pair(b.0))
        if pairs.0 != pairs.1 { return pairs.0 < pairs.1 }
        if a.2 != b.2 { return a.2.utf8.lexicographicallyPrecedes(b.2.utf8) }
        return a.1 < b.1
    }

    /// A term's first two letters as one number that orders as SQLite orders their text.
    private static func pair(_ term: String) -> UInt64 {
        var scalars = term.unicodeScalars.makeIterator()
        let first = scalars.next().map { UInt64($0.value) + 1 } ?? 0, second = scalars.next().map { UInt64($0.value) + 1 } ?? 0
        return first << 22 | second
    }

    /// The stored sort key of a customer (their terms carry it).
    func sortKey(of number: Int64) throws(StoreError) -> String {
        guard let key = try read({ try db.first("SELECT sort_key FROM customer WHERE number = ?", [number]) { $0.text(0) } }) else {
            throw .notFound(Refusal("customer {0}", "\(number)"))
        }
        return key
    }

    /// The prepared insert of a customer row, for a batch to hold on to.
    func insertCustomerStatement() throws(StoreError) -> Statement { try db.reusable(Self.insertCustomerSQL) }

    /// What every add and edit writes: the sort key, then the fields `written`.
    private static let writtenFields = CustomerField.stored.filter { $0.spec.written }
    private static let writtenAccess = CustomerField.Access(writtenFields)
    static let storedAccess = CustomerField.Access(CustomerField.stored)

    private static let insertCustomerSQL = """
        INSERT INTO customer (sort_key, created_at, updated_at, \(writtenFields.map(\.column).joined(separator: ", ")))
        VALUES (?, ?, ?\(String(repeating: ", ?", count: writtenFields.count)))
        """

    /// Writes a new customer with their tags and links; their search terms are the caller's to
    /// insert (a batch inserts a slice's terms at once, in their index's order); `organisations`
    /// caches the ids of organisations by name across a batch. Call inside a transaction.
    /// A batch records itself in the audit log once (`audited: false` here).
    /// `statement`: `insertCustomerStatement()`, fetched once for a batch.
    func insert(_ new: NewCustomer, stamp: String, organisations: inout [String: Int64],
                audited: Bool = true, statement: Statement? = nil) throws -> Int64 {
        let c = new.customer
        var organisationID: Int64?
        if let name = c.organisationName {
            if let known = organisations[name] {
                organisationID = known
            } else {
                organisationID = try self.organisationID(named: name)
                organisations[name] = organisationID
            }
        }
        let s = try statement ?? db.reusable(Self.insertCustomerSQL)
        // Texts bound from one buffer (a bulk import binds two dozen a row); the organisation by its id.
        var texts: [(Int32, String?)] = [(1, new.sortKey), (2, stamp), (3, stamp)]
        texts.reserveCapacity(3 + Self.writtenFields.count)
        let access = Self.writtenAccess
        for (i, field) in access.fields.enumerated() {
            if field == .organisation { s.bind(Int32(4 + i), organisationID) } else { texts.append((Int32(4 + i), access.value(i, in: c).storedText)) }
        }
        try s.run(texts: texts)
        let number = db.lastInsertRowID
        // A new customer has no rows to replace: their tags and links are only added.
        if !c.tags.isEmpty { try addTags(c.tags, keys: new.tagKeys, to: number) }
        if !c.links.isEmpty { try addLinks(c.links, to: number) }
        if !c.otherContacts.isEmpty { try addContacts(c.otherContacts, to: number) }
        if audited { try audit("add", "customer", number) }
        return number
    }

    /// Applies validated changes to a customer. Refused while processing is restricted, and
    /// when `expectedRevision` is given but someone else has edited the customer since.
    public func updateCustomer(_ number: Int64, _ changes: CustomerChanges, expectedRevision: Int64? = nil) throws(StoreError) {
        try write {
            let current = try requireCustomer(number)
            if let expectedRevision, expectedRevision != current.revision {
                throw StoreError.changedElsewhere(customer: number)
            }
            var customer = current
            changes.apply(to: &customer)
            if let organisation = changes.organisation { customer.organisationName = organisation }
            try rewrite(customer, was: current)
        }
    }

    /// Writes `customer`'s fields over `current`'s (read in this transaction): every written
    /// column, the search terms, and the tags and links when they changed. Refused while
    /// processing is restricted.
    func rewrite(_ customer: Customer, was current: Customer) throws(StoreError) {
        if let reason = current.restrictionReason { throw StoreError.restricted(customer: current.number, reason: reason) }
        var customer = customer
        if customer.organisationName != current.organisationName {
            customer.organisationID = try customer.organisationName.map { name throws(StoreError) in try organisationID(named: name) }
        }
        try db.run("UPDATE customer SET sort_key = ?, updated_at = ?, revision = revision + 1, "
                   + Self.writtenFields.map { "\($0.column) = ?" }.joined(separator: ", ") + " WHERE number = ?",
                   arguments: [FinnishOrder.personKey(last: customer.lastName, first: customer.firstName), timestamp]
                       + Self.writtenFields.map { $0.sqlValue(customer) } + [customer.number])
        try index(customer)
        if customer.tags != current.tags { try saveTags(customer) }
        if customer.links != current.links { try saveLinks(customer) }
        if customer.otherContacts != current.otherContacts { try saveContacts(customer) }
        try audit("edit", "customer", customer.number)
    }

    /// Rewrites the customer's tags.
    func saveTags(_ customer: Customer) throws(StoreError) {
        try db.run("DELETE FROM customer_tag WHERE customer_number = ?", customer.number)
        try addTags(customer.tags, keys: customer.tags.map(Tag.key), to: customer.number)
    }

    /// Adds tags (with their folded keys, in the same order) to a customer's.
    func addTags(_ tags: [String], keys: [String], to number: Int64) throws(StoreError) {
        let insert = try db.reusable("INSERT OR IGNORE INTO customer_tag(customer_number, tag, tag_key) VALUES (?, ?, ?)")
        for (tag, key) in zip(tags, keys) {
            insert.bind(1, number); insert.bind(2, tag); insert.bind(3, key)
            try insert.run()
        }
    }

    /// Rewrites the customer's other e-mails, phones and addresses.
    func saveContacts(_ customer: Customer) throws(StoreError) {
        try db.run("DELETE FROM customer_contact WHERE customer_number = ?", customer.number)
        try addContacts(customer.otherContacts, to: customer.number)
    }

    func addContacts(_ contacts: [ContactDetail], to number: Int64) throws(StoreError) {
        let insert = try db.reusable("INSERT INTO customer_contact(customer_number, kind, label, value) VALUES (?, ?, ?, ?)")
        for contact in contacts {
            insert.bind(1, number); insert.bind(2, contact.kind.rawValue); insert.bind(3, contact.label.rawValue); insert.bind(4, contact.value)
            try insert.run()
        }
    }

    /// Rewrites the customer's websites and profiles.
    func saveLinks(_ customer: Customer) throws(StoreError) {
        try db.run("DELETE FROM customer_link WHERE customer_number = ?", customer.number)
        try addLinks(customer.links, to: customer.number)
    }

    /// Adds websites and profiles to a customer's.
    func addLinks(_ links: [ProfileLink], to number: Int64) throws(StoreError) {
        let insert = try db.reusable("INSERT INTO customer_link(customer_number, kind, url) VALUES (?, ?, ?)")
        for link in links {
            insert.bind(1, number); insert.bind(2, link.kind.rawValue); insert.bind(3, link.url)
            try insert.run()
        }
    }

    /// Fills the emptied search index with every customer's terms (after a migration changed
    /// what is indexed), a slice at a time with the terms computed on every core.
    func rebuildSearchIndex() throws {
        try write {
            try withIndexesSetAside(of: ["search_term"]) {
                var slice: [Customer] = []
                func flush() throws {
                    let customers = slice
                    // The sort keys are set from the customers once every term is in (below).
                    let terms = ParallelMap.map(count: customers.count, chunk: 256) { i in
                        SearchTerms.list(for: customers[i]).map { ($0, customers[i].number, "") }
                    }
                    try insertTerms(terms.flatMap { $0 })
                    slice.removeAll(keepingCapacity: true)
                }
                try forEachCustomer { customer in
                    slice.append(customer)
                    if slice.count == 4096 { try flush() }
                }
                try flush()
                // Invoice numbers find their customer too (a forgotten one's are not indexed).
                let invoices = try db.rows("""
                    SELECT o.customer_number, o.invoice_number FROM customer_order o JOIN customer c ON c.number = o.customer_number
                    WHERE o.invoice_number IS NOT NULL AND c.forgotten_on IS NULL
                    """, []) { row in SearchTerms.invoiceForms(row.text(1)).map { ($0, row.int(0), "") } }
                try insertTerms(invoices.flatMap { $0 })
                try db.run("UPDATE search_term SET sort_key = (SELECT c.sort_key FROM customer c WHERE c.number = search_term.customer_number)")
            }
        }
    }

    /// Rewrites the customer's search terms: their fields' and their invoices'.
    func index(_ customer: Customer) throws(StoreError) {
        try db.run("DELETE FROM search_term WHERE customer_number = ?", customer.number)
        let invoices = try read {
            try db.rows("SELECT invoice_number FROM customer_order WHERE customer_number = ? AND invoice_number IS NOT NULL", [customer.number]) { $0.text(0) }
        }
        try insertTerms(Self.searchTerms(of: customer, invoices: invoices, sortKey: try sortKey(of: customer.number)))
    }

    /// A customer's search terms as rows of the terms' table: their fields' and their invoices'.
    static func searchTerms(of customer: Customer, invoices: [String], sortKey: String) -> [(String, Int64, String)] {
        (SearchTerms.list(for: customer) + invoices.flatMap(SearchTerms.invoiceForms)).map { ($0, customer.number, sortKey) }
    }

    // MARK: Holds and restriction

    /// Sets (reason) or clears (nil) the legal hold that blocks erasure.
    public func setLegalHold(_ number: Int64, reason: String?) throws(StoreError) {
        try write {
            _ = try requireCustomer(number)
            try db.run("UPDATE customer SET legal_hold_reason = ?, updated_at = ? WHERE number = ?", reason, timestamp, number)
            try audit(reason == nil ? "unhold" : "hold", "customer", number)
        }
    }

    /// Sets (reason) or clears (nil) restriction of processing.
    public func setRestriction(_ number: Int64, reason: String?) throws(StoreError) {
        try write {
            _ = try requireCustomer(number)
            try db.run("UPDATE customer SET restriction_reason = ?, updated_at = ? WHERE number = ?", reason, timestamp, number)
            try audit(reason == nil ? "unrestrict" : "restrict", "customer", number)
        }
    }

    /// The last activity of customer row `c` as an SQL expression: the newest of customer
    /// since, order dates, invoice dates, payments and contact events. The card, the access
    /// report and the retention review all read it from here; the register keeps it for every
    /// live customer as `customer_activity.dealt` (v30, the same expression: a change here is a
    /// new migration, and a test holds the two equal).
    static let lastActivitySQL = """
        max(c.since,
            coalesce((SELECT max(max(o.date, coalesce(o.invoice_date, ''), coalesce(o.paid_date, '')))
                      FROM customer_order o WHERE o.customer_number = c.number), ''),
            coalesce((SELECT max(e.date) FROM contact_event e WHERE e.customer_number = c.number), ''),
            coalesce((SELECT max(v.date) FROM event_participant p JOIN event v ON v.id = p.event_id
                      WHERE p.customer_number = c.number AND p.attended = 1), ''))
        """

    /// Newest of: customer since, orders, invoices, payments, contact events, events attended.
    public func lastActivity(_ number: Int64) throws(StoreError) -> LocalDate? {
        try read {
            try db.first("SELECT \(Self.lastActivitySQL) FROM customer c WHERE c.number = ?", [number]) {
                $0.optionalText(0).flatMap(LocalDate.init(iso:))
            } ?? nil
        }
    }
}

/// A new customer with what is derived from them (sort key, search terms): pure work, so a
/// batch computes it on every core while another slice is written.
struct NewCustomer: Sendable {
    var customer: Customer
    var sortKey: String
    var terms: [String]
    /// The folded keys of the customer's tags, in their order.
    var tagKeys: [String]

    init(_ changes: CustomerChanges, today: LocalDate, at date: Date) {
        var customer = Customer(number: 0, firstName: "", lastName: "", since: today, createdAt: date, updatedAt: date)
        changes.apply(to: &customer)
        if let organisation = changes.organisation { customer.organisationName = organisation }
        self.customer = customer
        sortKey = FinnishOrder.personKey(last: customer.lastName, first: customer.firstName)
        terms = SearchTerms.list(for: customer)
        tagKeys = customer.tags.map(Tag.key)
    }
}

extension CustomerField {
    /// The customer table's column (only for `stored` fields).
    public var column: String { spec.column! }

    /// The column's value for `c`: the organisation as its id, a list as words.
    func sqlValue(_ c: Customer) -> SQLValue {
        if self == .organisation { return c.organisationID.sqlValue }
        switch value(in: c) {
        case .none: return .null
        case let .integer(n): return .integer(n)
        case let .text(text): return .text(text)
        case let .list(items): return .text(items.joined(separator: " "))
        }
    }
}
