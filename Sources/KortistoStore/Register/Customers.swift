import Foundation
import KortistoCore

extension Register {
    static let customerSelect = """
        SELECT c.number, c.first_name, c.last_name, c.organisation_id, o.name, c.title, c.email, c.phone,
               c.street, c.postcode, c.town, c.country, c.birthdate, c.language, c.notes,
               c.source_kind, c.source_detail, c.since, c.created_at, c.updated_at,
               c.legal_hold_reason, c.restriction_reason
        FROM customer c LEFT JOIN organisation o ON o.id = c.organisation_id
        """

    func customer(from row: Row) throws -> Customer {
        let source = row.optionalText(15).flatMap(DataSource.Kind.init(rawValue:)).map { DataSource(kind: $0, detail: row.optionalText(16)) }
        var customer = Customer(
            number: row.int(0), firstName: row.text(1), lastName: row.text(2), organisationID: row.optionalInt(3),
            organisationName: row.optionalText(4), title: row.optionalText(5), email: row.optionalText(6), phone: row.optionalText(7),
            street: row.optionalText(8), postcode: row.optionalText(9), town: row.optionalText(10), country: row.text(11),
            birthdate: row.optionalText(12).flatMap(Birthdate.init(iso:)), language: row.optionalText(13), notes: row.optionalText(14),
            source: source, since: LocalDate(iso: row.text(17)) ?? LocalDate(year: 1970, month: 1, day: 1)!,
            createdAt: (try? Date(row.text(18), strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0),
            updatedAt: (try? Date(row.text(19), strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0),
            legalHoldReason: row.optionalText(20), restrictionReason: row.optionalText(21))
        try loadConsentFlags(into: &customer)
        return customer
    }

    private func loadConsentFlags(into customer: inout Customer) throws {
        var bans: Set<ConsentKind> = []
        var newsletter = false
        try db.forEach("SELECT kind, granted FROM current_consent WHERE customer_number = ?", [customer.number]) { row in
            guard let kind = ConsentKind(rawValue: row.text(0)), row.bool(1) else { return }
            if kind.isBan { bans.insert(kind) } else { newsletter = true }
        }
        customer.bans = ConsentKind.bans.filter(bans.contains)
        customer.newsletterConsent = newsletter
    }

    /// The customer with this number, or nil (forgotten customers are not customers any more).
    public func customer(_ number: Int64) throws(StoreError) -> Customer? {
        try read {
            try db.first(Self.customerSelect + " WHERE c.number = ? AND c.forgotten_on IS NULL", [number], customer(from:))
        }
    }

    /// Like `customer(_:)` but throws a clear "not found".
    public func requireCustomer(_ number: Int64) throws(StoreError) -> Customer {
        guard let customer = try customer(number) else { throw .notFound("customer \(number)") }
        return customer
    }

    /// Adds a customer; returns the new customer number.
    @discardableResult
    public func addCustomer(_ changes: CustomerChanges, today: LocalDate) throws(StoreError) -> Int64 {
        try write {
            let stamp = timestamp
            var customer = Customer(number: 0, firstName: "", lastName: "", since: today, createdAt: now(), updatedAt: now())
            changes.apply(to: &customer)
            if let organisation = changes.organisation {
                customer.organisationID = try organisation.map { name throws(StoreError) in try organisationID(named: name) }
                customer.organisationName = organisation
            }
            try db.run("""
                INSERT INTO customer (first_name, last_name, sort_key, organisation_id, title, email, phone, street, postcode,
                    town, country, birthdate, language, notes, source_kind, source_detail, since, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                customer.firstName, customer.lastName, FinnishOrder.personKey(last: customer.lastName, first: customer.firstName),
                customer.organisationID, customer.title, customer.email, customer.phone, customer.street, customer.postcode,
                customer.town, customer.country, customer.birthdate?.iso, customer.language, customer.notes,
                customer.source?.kind.rawValue, customer.source?.detail, customer.since.iso, stamp, stamp)
            customer.number = db.lastInsertRowID
            try index(customer)
            try audit("add", "customer", customer.number)
            return customer.number
        }
    }

    /// Applies validated changes to a customer. Refused while processing is restricted.
    public func updateCustomer(_ number: Int64, _ changes: CustomerChanges) throws(StoreError) {
        try write {
            var customer = try requireCustomer(number)
            if let reason = customer.restrictionReason {
                throw StoreError.refused("customer \(number) is under restriction of processing (\(reason)): lift it first with 'kortisto unrestrict \(number)'")
            }
            changes.apply(to: &customer)
            if let organisation = changes.organisation {
                customer.organisationID = try organisation.map { name throws(StoreError) in try organisationID(named: name) }
                customer.organisationName = organisation
            }
            try db.run("""
                UPDATE customer SET first_name = ?, last_name = ?, sort_key = ?, organisation_id = ?, title = ?, email = ?,
                    phone = ?, street = ?, postcode = ?, town = ?, country = ?, birthdate = ?, language = ?, notes = ?,
                    source_kind = ?, source_detail = ?, since = ?, updated_at = ?
                WHERE number = ?
                """,
                customer.firstName, customer.lastName, FinnishOrder.personKey(last: customer.lastName, first: customer.firstName),
                customer.organisationID, customer.title, customer.email, customer.phone, customer.street, customer.postcode,
                customer.town, customer.country, customer.birthdate?.iso, customer.language, customer.notes,
                customer.source?.kind.rawValue, customer.source?.detail, customer.since.iso, timestamp, number)
            try index(customer)
            try audit("edit", "customer", number)
        }
    }

    /// Rewrites the customer's search terms.
    func index(_ customer: Customer) throws(StoreError) {
        try db.run("DELETE FROM search_term WHERE customer_number = ?", customer.number)
        for term in SearchTerms.forCustomer(customer) {
            try db.run("INSERT OR IGNORE INTO search_term(term, customer_number) VALUES (?, ?)", term, customer.number)
        }
    }

    // MARK: Lists and search

    /// The WHERE clause and arguments that select customers matching `query`.
    /// Each term is a prefix range scan over the term index: `virt` matches `virtanen`.
    private func filter(_ query: SearchQuery) -> (sql: String, arguments: [any SQLBindable]) {
        var sql = "c.forgotten_on IS NULL"
        var arguments: [any SQLBindable] = []
        for term in query.terms {
            sql += " AND c.number IN (SELECT customer_number FROM search_term WHERE term >= ? AND term < ?)"
            arguments.append(term)
            arguments.append(term + "\u{10FFFF}")
        }
        return (sql, arguments)
    }

    /// One window of the list, in Finnish name order. The list never loads the whole register:
    /// callers ask for the rows they show.
    public func customers(matching query: SearchQuery = SearchQuery(""), limit: Int, offset: Int = 0) throws(StoreError) -> [Customer] {
        let (whereSQL, arguments) = filter(query)
        return try read {
            try db.rows(Self.customerSelect + " WHERE \(whereSQL) ORDER BY c.sort_key, c.number LIMIT ? OFFSET ?",
                        arguments + [limit, offset], customer(from:))
        }
    }

    /// Calls `body` with every matching customer in name order, one at a time (CLI listings).
    public func forEachCustomer(matching query: SearchQuery = SearchQuery(""), _ body: (Customer) throws -> Void) throws {
        let (whereSQL, arguments) = filter(query)
        // Numbers first, then each row: the row reader reuses cached statements of its own.
        let numbers = try db.rows("SELECT c.number FROM customer c WHERE \(whereSQL) ORDER BY c.sort_key, c.number", arguments) { $0.int(0) }
        for number in numbers {
            if let customer = try customer(number) { try body(customer) }
        }
    }

    public func countCustomers(matching query: SearchQuery = SearchQuery("")) throws(StoreError) -> Int {
        let (whereSQL, arguments) = filter(query)
        return try read {
            Int(try db.first("SELECT count(*) FROM customer c WHERE \(whereSQL)", arguments) { $0.int(0) } ?? 0)
        }
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

    /// Newest of: customer since, orders, invoices, payments, contact events.
    public func lastActivity(_ number: Int64) throws(StoreError) -> LocalDate? {
        try read {
            try db.first("""
                SELECT max(d) FROM (
                    SELECT since AS d FROM customer WHERE number = ?1
                    UNION ALL SELECT max(date, coalesce(invoice_date, ''), coalesce(paid_date, '')) FROM customer_order WHERE customer_number = ?1
                    UNION ALL SELECT date FROM contact_event WHERE customer_number = ?1)
                """, [number]) { $0.optionalText(0).flatMap(LocalDate.init(iso:)) } ?? nil
        }
    }
}
