import KortistoCore

extension Register {
    static let requestSelect = """
        SELECT id, customer_number, type, received, due, extension_reason, status, resolution, note, closed_on FROM request
        """

    static func request(from row: some ColumnValues) throws(StoreError) -> DataRequest {
        DataRequest(id: row.int(0), customerNumber: row.int(1), type: try row.known(2, RequestType.self),
                    received: try row.date(3), due: try row.date(4), extensionReason: row.optionalText(5),
                    isOpen: row.text(6) == "open", resolution: row.optionalText(7), note: row.optionalText(8),
                    closedOn: row.optionalText(9).flatMap(LocalDate.init(iso:)))
    }

    /// Registers a request; the due date is one month from receipt, on a working day.
    @discardableResult
    public func addRequest(customer number: Int64, type: RequestType, received: LocalDate, note: String?) throws(StoreError) -> DataRequest {
        try write {
            _ = try requireCustomer(number)
            let due = FinnishCalendar.deadline(from: received, months: 1)
            try db.run("INSERT INTO request (customer_number, type, received, due, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       number, type.rawValue, received.iso, due.iso, note, timestamp)
            let id = db.lastInsertRowID
            try audit("add", "request", id)
            return DataRequest(id: id, customerNumber: number, type: type, received: received, due: due, note: note)
        }
    }

    public func request(_ id: Int64) throws(StoreError) -> DataRequest? {
        try read { try db.first(Self.requestSelect + " WHERE id = ?", [id], Self.request(from:)) }
    }

    /// All requests (or only open ones), soonest due first.
    public func requests(openOnly: Bool = false) throws(StoreError) -> [DataRequest] {
        try read {
            try db.rows(Self.requestSelect + (openOnly ? " WHERE status = 'open'" : "") + " ORDER BY status DESC, due, id", [], Self.request(from:))
        }
    }

    public func requests(ofCustomer number: Int64) throws(StoreError) -> [DataRequest] {
        try read { try db.rows(HistoryKind.requests.sql(ofCustomer: "= ?"), [number], Self.request(from:)) }
    }

    /// Extends an open request by two more months (once), with the reason the person is told.
    public func extendRequest(_ id: Int64, reason: String) throws(StoreError) -> DataRequest {
        try write {
            guard let request = try request(id) else { throw StoreError.notFound(Refusal("request {0}", "\(id)")) }
            guard request.isOpen else { throw StoreError.refused(Refusal("request {0} is already closed", "\(id)")) }
            guard request.extensionReason == nil else { throw StoreError.refused(Refusal("request {0} was already extended (by two months, the most allowed)", "\(id)")) }
            let due = FinnishCalendar.deadline(from: request.received, months: 3)
            try db.run("UPDATE request SET due = ?, extension_reason = ? WHERE id = ?", due.iso, reason, id)
            try audit("extend", "request", id)
            var extended = request
            extended.due = due
            extended.extensionReason = reason
            return extended
        }
    }

    public func closeRequest(_ id: Int64, resolution: String, on date: LocalDate) throws(StoreError) {
        _ = try write {
            guard let request = try request(id) else { throw StoreError.notFound(Refusal("request {0}", "\(id)")) }
            guard request.isOpen else { throw StoreError.refused(Refusal("request {0} is already closed", "\(id)")) }
            try db.run("UPDATE request SET status = 'closed', resolution = ?, closed_on = ? WHERE id = ?", resolution, date.iso, id)
            try audit("close", "request", id)
        }
    }

    // MARK: Disclosures

    @discardableResult
    /// Logs a disclosure. Refused while the person bans disclosure or processing is restricted,
    /// unless `legalBasis` names the law that requires it (kept with the disclosure).
    public func addDisclosure(_ disclosure: Disclosure, customer number: Int64) throws(StoreError) -> Int64 {
        try write {
            let customer = try requireCustomer(number)
            if disclosure.legalBasis == nil {
                if customer.bans.contains(.disclosure) {
                    throw StoreError.refused(Refusal("customer {0} has banned disclosure of their data; a disclosure the law requires needs --legal-basis naming that law", "\(number)"))
                }
                if customer.isRestricted {
                    throw StoreError.refused(Refusal("processing of customer {0}'s data is restricted; a disclosure the law requires needs --legal-basis naming that law", "\(number)"))
                }
            }
            try db.run("INSERT INTO disclosure (customer_number, date, recipient, what, reason, created_at, legal_basis) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       number, disclosure.date.iso, disclosure.recipient, disclosure.what, disclosure.reason, timestamp, disclosure.legalBasis)
            let id = db.lastInsertRowID
            try audit("add", "disclosure", id)
            return id
        }
    }

    public func disclosures(ofCustomer number: Int64) throws(StoreError) -> [Disclosure] {
        try read { try db.rows(HistoryKind.disclosures.sql(ofCustomer: "= ?"), [number], Self.disclosure(from:)) }
    }

    static let disclosureSelect = "SELECT id, date, recipient, what, reason, legal_basis, customer_number FROM disclosure"

    static func disclosure(from row: some ColumnValues) throws(StoreError) -> Disclosure {
        Disclosure(id: row.int(0), date: try row.date(1), recipient: row.text(2), what: row.text(3), reason: row.optionalText(4),
                   legalBasis: row.optionalText(5))
    }

    /// Recipients who got the customer's data and must be told of a rectification or erasure.
    public func recipientsToNotify(_ number: Int64) throws(StoreError) -> [String] {
        var seen = Set<String>()
        return try disclosures(ofCustomer: number).map(\.recipient).filter { seen.insert($0).inserted }
    }
}
