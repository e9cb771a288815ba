import KortistoCore

/// What the register holds with a customer beside their fields, read for many customers at
/// once: the whole-register file reads it a chunk at a time, one query a table, where reading
/// it customer by customer cost a dozen queries each (18 s at 100k).
public struct CustomerHistory: Sendable, Equatable {
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

    init(_ numbers: [Int64]) {
        var slots: [Int64: Int] = [:]
        slots.reserveCapacity(numbers.count)
        for (slot, number) in numbers.enumerated() { slots[number] = slot }
        self.slots = slots
        tables = HistoryKind.allCases.map { _ in Table(rows: CopiedRows(), spans: Array(repeating: (0, 0), count: numbers.count)) }
    }

    /// Keeps `row` of `kind`, whose rows come a customer's together (`HistoryKind.sql`); a
    /// customer not asked for is not kept.
    mutating func append(_ row: Row, of kind: HistoryKind) {
        guard let slot = slots[row.int(kind.numberColumn)] else { return }
        let index = Int32(tables[kind.rawValue].rows.count)
        if tables[kind.rawValue].spans[slot].end != index {
            precondition(tables[kind.rawValue].spans[slot].end == 0, "customer \(row.int(kind.numberColumn))'s \(kind) rows did not come together")
            tables[kind.rawValue].spans[slot].start = index
        }
        tables[kind.rawValue].spans[slot].end = index + 1
        tables[kind.rawValue].rows.append(row)
    }

    /// The customer's history (empty for a customer not read); a stored value this program does
    /// not know is an error, as where a single customer's history is read (a last activity that
    /// is not a date is none, as `Register.lastActivity` reads it).
    public func history(of number: Int64) throws(StoreError) -> CustomerHistory {
        var history = CustomerHistory()
        guard let slot = slots[number] else { return history }
        func rows<T>(_ kind: HistoryKind, _ make: (CopiedRows.CopiedRow) throws(StoreError) -> T) throws(StoreError) -> [T] {
            let table = tables[kind.rawValue], span = table.spans[slot]
            var made: [T] = []
            made.reserveCapacity(Int(span.end - span.start))
            for index in span.start..<span.end { made.append(try make(table.rows[Int(index)])) }
            return made
        }
        history.orders = try rows(.orders, Register.order(from:))
        history.orderChanges = try rows(.orderChanges, Register.orderChange(from:))
        history.contacts = try rows(.contacts, Register.contact(from:))
        history.consents = try rows(.consents, Register.consentEvent(from:))
        history.requests = try rows(.requests, Register.request(from:))
        history.feedback = try rows(.feedback, Register.feedback(from:))
        history.disclosures = try rows(.disclosures, Register.disclosure(from:))
        let activity = tables[HistoryKind.lastActivity.rawValue], span = activity.spans[slot]
        history.lastActivity = span.start < span.end ? LocalDate(iso: activity.rows[Int(span.start)].text(1)) : nil
        return history
    }
}

extension Register {
    /// The histories of `numbers`, each list in the order its one-customer reader gives it.
    public func histories(of numbers: [Int64]) throws(StoreError) -> CustomerHistories {
        var found = CustomerHistories(numbers)
        guard !numbers.isEmpty else { return found }
        // Each table is walked in the order of the customers' numbers, so a page is read once
        // for all of them on it.
        try read {
            try withListed(numbers) { list in
                for kind in HistoryKind.allCases {
                    if let sparse = kind.sparse, try !holdsAny(sparse) { continue }
                    try db.forEach(kind.sql(ofCustomer: "IN \(list)")) { row in found.append(row, of: kind) }
                }
            }
        }
        return found
    }
}

/// What is read with a customer beside their fields: a table each (the last activity as kept,
/// v30), read for one customer by its reader (`orders(ofCustomer:)`, …) and for a chunk of them
/// at once (`histories(of:)`), by the same query and made by the same function.
enum HistoryKind: Int, CaseIterable {
    case orders, orderChanges, contacts, consents, requests, feedback, disclosures, lastActivity

    /// The query for the customers `which` picks (`= ?`, `IN (…)`): a customer's rows in the
    /// order their reader gives them, and a customer's together, in their numbers' order.
    func sql(ofCustomer which: String) -> String {
        let (select, customer, order): (String, String, String?) = switch self {
        case .orders: (Register.orderSelect, "customer_number", "date, id")
        case .orderChanges: (Register.orderChangeSelect, "o.customer_number", "h.id")
        case .contacts: (Register.contactSelect, "customer_number", "date, id")
        case .consents: (Register.consentSelect, "customer_number", "date, id")
        case .requests: (Register.requestSelect, "customer_number", "received, id")
        case .feedback: (Register.feedbackSelect, "customer_number", "date DESC, id DESC")
        case .disclosures: (Register.disclosureSelect, "customer_number", "date, id")
        // A lookup a customer, where working the last activity out from the rows took three
        // (a sixth of the whole-register file's reading at 100k).
        case .lastActivity: ("SELECT customer_number, dealt FROM customer_activity", "customer_number", nil)
        }
        return "\(select) WHERE \(customer) \(which) ORDER BY \(customer)" + (order.map { ", " + $0 } ?? "")
    }

    /// The column of its query's rows that holds the customer's number.
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
