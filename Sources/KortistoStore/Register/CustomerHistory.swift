import KortistoCore

/// What the register holds with a customer beside their fields, read for many customers at
/// once: the whole-register file reads it a chunk at a time, one query a table, where reading
/// it customer by customer cost a dozen queries each (18 s at 100k).
public struct CustomerHistory: Sendable {
    public var orders: [Order] = []
    public var orderChanges: [OrderChange] = []
    public var contacts: [ContactEvent] = []
    public var consents: [ConsentEvent] = []
    public var requests: [DataRequest] = []
    public var feedback: [Feedback] = []
    public var disclosures: [Disclosure] = []
    public var lastActivity: LocalDate?

    public init() {}
}

extension Register {
    /// The histories of `numbers`, each list in the order its one-customer reader gives it.
    public func histories(of numbers: [Int64]) throws(StoreError) -> [Int64: CustomerHistory] {
        var all: [Int64: CustomerHistory] = [:]
        guard !numbers.isEmpty else { return all }
        for number in numbers { all[number] = CustomerHistory() }
        // The list as one argument, of any length: each table is walked in the order of the
        // customers' numbers, so a page is read once for all of them on it.
        let list = "(SELECT value FROM json_each(?))"
        let arguments: [any SQLBindable] = [Database.jsonArray(numbers)]
        try read {
            try db.forEachOnce(Self.orderSelect + " WHERE customer_number IN \(list) ORDER BY customer_number, date, id", arguments) { row in
                let order = try order(from: row)
                all[order.customerNumber]?.orders.append(order)
            }
            // Tables most registers hold nothing in are probed first: looking up the customers in
            // an empty one still walks an index for each (a third of a second at 100k, 500 a time).
            if try holdsAny(.orderChange) {
                try db.forEachOnce("""
                    SELECT h.order_id, h.changed_on, h.field, h.old, h.new, h.id, h.at, coalesce(h.action, 'edit'), o.customer_number FROM order_change h
                    JOIN customer_order o ON o.id = h.order_id WHERE o.customer_number IN \(list) ORDER BY o.customer_number, h.id
                    """, arguments) { row in
                    all[row.int(8)]?.orderChanges.append(OrderChange(id: row.int(5), at: row.text(6), orderID: row.int(0), date: try row.date(1),
                                                                     field: try row.known(2, OrderField.self), old: row.optionalText(3),
                                                                     new: row.optionalText(4), action: try row.known(7, OrderAction.self)))
                }
            }
            try db.forEachOnce("""
                SELECT id, date, channel, note, follow_up, customer_number FROM contact_event WHERE customer_number IN \(list)
                ORDER BY customer_number, date, id
                """, arguments) { row in
                all[row.int(5)]?.contacts.append(ContactEvent(id: row.int(0), date: try row.date(1), channel: try row.known(2, ContactChannel.self),
                                                              note: row.optionalText(3), followUp: try row.optionalDate(4)))
            }
            try db.forEachOnce("""
                SELECT id, kind, granted, date, source, note, customer_number FROM consent_event WHERE customer_number IN \(list)
                ORDER BY customer_number, date, id
                """, arguments) { row in
                all[row.int(6)]?.consents.append(ConsentEvent(id: row.int(0), kind: try row.known(1, ConsentKind.self), granted: row.bool(2),
                                                              date: try row.date(3), source: row.optionalText(4), note: row.optionalText(5)))
            }
            if try holdsAny(.request) {
                try db.forEachOnce(Self.requestSelect + " WHERE customer_number IN \(list) ORDER BY customer_number, received, id", arguments) { row in
                    let request = try request(from: row)
                    all[request.customerNumber]?.requests.append(request)
                }
            }
            if try holdsAny(.feedback) {
                try db.forEachOnce("""
                    SELECT id, customer_number, date, text, is_complaint, resolution FROM feedback WHERE customer_number IN \(list)
                    ORDER BY customer_number, date DESC, id DESC
                    """, arguments) { row in
                    all[row.int(1)]?.feedback.append(Feedback(id: row.int(0), customerNumber: row.int(1), date: try Self.storedDate(row, 2), text: row.text(3),
                                                              isComplaint: row.bool(4), resolution: row.optionalText(5)))
                }
            }
            if try holdsAny(.disclosure) {
                try db.forEachOnce("""
                    SELECT id, date, recipient, what, reason, legal_basis, customer_number FROM disclosure WHERE customer_number IN \(list)
                    ORDER BY customer_number, date, id
                    """, arguments) { row in
                    all[row.int(6)]?.disclosures.append(Disclosure(id: row.int(0), date: try row.date(1), recipient: row.text(2), what: row.text(3),
                                                                   reason: row.optionalText(4), legalBasis: row.optionalText(5)))
                }
            }
            // The last activity as kept (v30): a lookup a customer, where working it out from the
            // rows took three (a sixth of the whole-register file's reading at 100k).
            try db.forEachOnce("SELECT customer_number, dealt FROM customer_activity WHERE customer_number IN \(list)", arguments) { row in
                all[row.int(0)]?.lastActivity = LocalDate(iso: row.text(1))
            }
        }
        return all
    }
}
