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

/// The histories of a chunk of customers as `Register.histories(of:)` read them: each table's
/// rows copied out as SQLite gave them, made into a customer's `CustomerHistory` only where it
/// is wanted (`history(of:)`, on any thread). The thread that reads the whole-register file's
/// chunks bounds its time: it only copies bytes, where making every order, contact and consent
/// there and keeping them in a dictionary of histories (each one copied as it grew) took a
/// quarter of its time (perf at 100k: 2.8 -> 2.0 s of that thread's).
public struct CustomerHistories: Sendable {
    /// Where each customer's rows are kept in `tables` (their place in the numbers read).
    private let slots: [Int64: Int]
    private var tables: [Table]

    /// One table's rows, in their customers' order, and each customer's span of them.
    private struct Table: Sendable {
        var rows: CopiedRows
        /// By slot: the first row and the one after the last (none: both 0).
        var spans: [(start: Int32, end: Int32)]
    }

    /// What is read with a customer, a query a table, in the order of the numbers asked for.
    enum Kind: Int, CaseIterable {
        case orders, orderChanges, contacts, consents, requests, feedback, disclosures, lastActivity

        /// The query for the customers of `list` (an `IN` list), their rows in the order their
        /// one-customer reader gives them, a customer's together.
        func sql(_ list: String) -> String {
            switch self {
            case .orders: Register.orderSelect + " WHERE customer_number IN \(list) ORDER BY customer_number, date, id"
            case .orderChanges: """
                SELECT h.order_id, h.changed_on, h.field, h.old, h.new, h.id, h.at, coalesce(h.action, 'edit'), o.customer_number FROM order_change h
                JOIN customer_order o ON o.id = h.order_id WHERE o.customer_number IN \(list) ORDER BY o.customer_number, h.id
                """
            case .contacts: """
                SELECT id, date, channel, note, follow_up, customer_number FROM contact_event WHERE customer_number IN \(list)
                ORDER BY customer_number, date, id
                """
            case .consents: """
                SELECT id, kind, granted, date, source, note, customer_number FROM consent_event WHERE customer_number IN \(list)
                ORDER BY customer_number, date, id
                """
            case .requests: Register.requestSelect + " WHERE customer_number IN \(list) ORDER BY customer_number, received, id"
            case .feedback: """
                SELECT id, customer_number, date, text, is_complaint, resolution FROM feedback WHERE customer_number IN \(list)
                ORDER BY customer_number, date DESC, id DESC
                """
            case .disclosures: """
                SELECT id, date, recipient, what, reason, legal_basis, customer_number FROM disclosure WHERE customer_number IN \(list)
                ORDER BY customer_number, date, id
                """
            // The last activity as kept (v30): a lookup a customer, where working it out from the
            // rows took three (a sixth of the whole-register file's reading at 100k).
            case .lastActivity: "SELECT customer_number, dealt FROM customer_activity WHERE customer_number IN \(list)"
            }
        }

        /// How many columns the query reads, and which holds the customer's number.
        var columns: Int32 {
            switch self {
            case .orders: 11
            case .orderChanges: 9
            case .contacts: 6
            case .consents, .disclosures: 7
            case .requests: 10
            case .feedback: 6
            case .lastActivity: 2
            }
        }

        var numberColumn: Int32 {
            switch self {
            case .orders, .requests, .feedback: 1
            case .orderChanges: 8
            case .contacts: 5
            case .consents, .disclosures: 6
            case .lastActivity: 0
            }
        }

        /// A table most registers hold nothing in: probed first, since looking up the customers
        /// in an empty one still walks an index for each (a third of a second at 100k, 500 a time).
        var sparse: Register.SparseTable? {
            switch self {
            case .orderChanges: .orderChange
            case .requests: .request
            case .feedback: .feedback
            case .disclosures: .disclosure
            case .orders, .contacts, .consents, .lastActivity: nil
            }
        }
    }

    init(_ numbers: [Int64]) {
        var slots: [Int64: Int] = [:]
        slots.reserveCapacity(numbers.count)
        for (slot, number) in numbers.enumerated() { slots[number] = slot }
        self.slots = slots
        tables = Kind.allCases.map { Table(rows: CopiedRows(columns: $0.columns), spans: Array(repeating: (0, 0), count: numbers.count)) }
    }

    /// Keeps `row` of `kind` (rows come a customer's together); a customer not asked for is not kept.
    mutating func append(_ row: Row, of kind: Kind) {
        guard let slot = slots[row.int(kind.numberColumn)] else { return }
        let index = Int32(tables[kind.rawValue].rows.count)
        if tables[kind.rawValue].spans[slot].end != index { tables[kind.rawValue].spans[slot].start = index }
        tables[kind.rawValue].spans[slot].end = index + 1
        tables[kind.rawValue].rows.append(row)
    }

    /// The customer's history (empty for a customer not read); a stored value this program does
    /// not know is an error, as where a single customer's history is read.
    public func history(of number: Int64) throws(StoreError) -> CustomerHistory {
        var history = CustomerHistory()
        guard let slot = slots[number] else { return history }
        func rows<T>(_ kind: Kind, _ make: (CopiedRows.CopiedRow) throws(StoreError) -> T) throws(StoreError) -> [T] {
            let table = tables[kind.rawValue], span = table.spans[slot]
            var made: [T] = []
            made.reserveCapacity(Int(span.end - span.start))
            for index in span.start..<span.end { made.append(try make(table.rows[Int(index)])) }
            return made
        }
        history.orders = try rows(.orders) { row throws(StoreError) in try Register.order(from: row) }
        history.orderChanges = try rows(.orderChanges) { row throws(StoreError) in
            OrderChange(id: row.int(5), at: row.text(6), orderID: row.int(0), date: try row.date(1), field: try row.known(2, OrderField.self),
                        old: row.optionalText(3), new: row.optionalText(4), action: try row.known(7, OrderAction.self))
        }
        history.contacts = try rows(.contacts) { row throws(StoreError) in
            ContactEvent(id: row.int(0), date: try row.date(1), channel: try row.known(2, ContactChannel.self), note: row.optionalText(3),
                         followUp: try row.optionalDate(4))
        }
        history.consents = try rows(.consents) { row throws(StoreError) in
            ConsentEvent(id: row.int(0), kind: try row.known(1, ConsentKind.self), granted: row.bool(2), date: try row.date(3),
                         source: row.optionalText(4), note: row.optionalText(5))
        }
        history.requests = try rows(.requests) { row throws(StoreError) in try Register.request(from: row) }
        history.feedback = try rows(.feedback) { row throws(StoreError) in
            Feedback(id: row.int(0), customerNumber: row.int(1), date: try row.date(2), text: row.text(3), isComplaint: row.bool(4),
                     resolution: row.optionalText(5))
        }
        history.disclosures = try rows(.disclosures) { row throws(StoreError) in
            Disclosure(id: row.int(0), date: try row.date(1), recipient: row.text(2), what: row.text(3), reason: row.optionalText(4),
                       legalBasis: row.optionalText(5))
        }
        history.lastActivity = try rows(.lastActivity) { row throws(StoreError) in LocalDate(iso: row.text(1)) }.first ?? nil
        return history
    }
}

extension Register {
    /// The histories of `numbers`, each list in the order its one-customer reader gives it.
    public func histories(of numbers: [Int64]) throws(StoreError) -> CustomerHistories {
        var found = CustomerHistories(numbers)
        guard !numbers.isEmpty else { return found }
        // The list as one argument, of any length: each table is walked in the order of the
        // customers' numbers, so a page is read once for all of them on it.
        let list = "(SELECT value FROM json_each(?))"
        let arguments: [any SQLBindable] = [Database.jsonArray(numbers)]
        try read {
            for kind in CustomerHistories.Kind.allCases {
                if let sparse = kind.sparse, try !holdsAny(sparse) { continue }
                try db.forEachOnce(kind.sql(list), arguments) { row in found.append(row, of: kind) }
            }
        }
        return found
    }
}
