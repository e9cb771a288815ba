import Foundation

/// Where an order is in its life. Kortisto is not the book of account: it keeps what links an
/// order to the invoice in the user's accounting (number, dates, amount) and whether it is paid.
public enum OrderStatus: String, CaseIterable, Sendable, Codable {
    case ordered, delivered, invoiced, paid, cancelled

    public var finnish: String {
        switch self {
        case .ordered: "tilattu"
        case .delivered: "toimitettu"
        case .invoiced: "laskutettu"
        case .paid: "maksettu"
        case .cancelled: "peruttu"
        }
    }

    public static func parse(_ raw: String) -> OrderStatus? {
        let text = SearchFolding.fold(raw.trimmingCharacters(in: .whitespaces))
        if let status = OrderStatus(rawValue: text) { return status }
        return allCases.first { SearchFolding.fold($0.finnish) == text }
    }
}

public struct Order: Sendable, Equatable {
    public var id: Int64
    public var customerNumber: Int64
    public var date: LocalDate
    public var description: String
    public var amountCents: Int
    public var status: OrderStatus
    public var invoiceNumber: String?
    public var invoiceDate: LocalDate?
    public var dueDate: LocalDate?
    public var paidDate: LocalDate?
    public var inCollection: Bool

    public init(id: Int64 = 0, customerNumber: Int64, date: LocalDate, description: String, amountCents: Int,
                status: OrderStatus = .ordered, invoiceNumber: String? = nil, invoiceDate: LocalDate? = nil,
                dueDate: LocalDate? = nil, paidDate: LocalDate? = nil, inCollection: Bool = false) {
        self.id = id
        self.customerNumber = customerNumber
        self.date = date
        self.description = description
        self.amountCents = amountCents
        self.status = status
        self.invoiceNumber = invoiceNumber
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.paidDate = paidDate
        self.inCollection = inCollection
    }

    /// Invoiced and neither paid nor cancelled: blocks forgetting the customer.
    public var isOpenInvoice: Bool { status == .invoiced }

    public func isOverdue(on date: LocalDate) -> Bool {
        isOpenInvoice && (dueDate.map { $0 < date } ?? false)
    }

    /// Days past the due date on `date` (0 when not yet due or not an open invoice).
    public func daysOverdue(on date: LocalDate) -> Int {
        guard isOverdue(on: date), let dueDate else { return 0 }
        return date.daysSinceEpoch - dueDate.daysSinceEpoch
    }

    /// What differs from `earlier`, field by field, as stored text (so a history can say what
    /// changed from what).
    public func changes(from earlier: Order) -> [(field: OrderField, old: String?, new: String?)] {
        OrderField.allCases.compactMap { field in
            let old = field.value(in: earlier), new = field.value(in: self)
            return old == new ? nil : (field, old, new)
        }
    }
}

/// An order's fields as its history names them (`order_field` in the register).
public enum OrderField: String, CaseIterable, Sendable, Codable {
    case date, description, amount, status
    case invoiceNumber = "invoice_number", invoiceDate = "invoice_date", dueDate = "due_date", paidDate = "paid_date"
    case inCollection = "in_collection"

    /// The field's value as stored in the history: ISO dates, cents, the status keyword.
    public func value(in order: Order) -> String? {
        switch self {
        case .date: order.date.iso
        case .description: order.description
        case .amount: String(order.amountCents)
        case .status: order.status.rawValue
        case .invoiceNumber: order.invoiceNumber
        case .invoiceDate: order.invoiceDate?.iso
        case .dueDate: order.dueDate?.iso
        case .paidDate: order.paidDate?.iso
        case .inCollection: order.inCollection ? "1" : "0"
        }
    }
}

extension OrderField {
    /// In the command line's English (the interface and the report use their tables).
    public var english: String {
        switch self {
        case .date: "date"
        case .description: "description"
        case .amount: "amount"
        case .status: "status"
        case .invoiceNumber: "invoice number"
        case .invoiceDate: "invoice date"
        case .dueDate: "due date"
        case .paidDate: "payment date"
        case .inCollection: "in debt collection"
        }
    }

    /// A stored history value in the command line's English.
    public func englishDisplay(_ stored: String?) -> String {
        display(stored, status: { $0.rawValue }, flag: { $0 ? "yes" : "no" })
    }

    /// A stored history value as a person reads it: amounts in euros, Finnish dates, the
    /// status and the collection flag in the reader's words; `–` for empty.
    public func display(_ stored: String?, status: (OrderStatus) -> String, flag: (Bool) -> String) -> String {
        guard let stored, !stored.isEmpty else { return "–" }
        switch self {
        case .amount: return Int(stored).map { Money.display(cents: $0) } ?? stored
        case .date, .invoiceDate, .dueDate, .paidDate: return LocalDate(iso: stored)?.finnish ?? stored
        case .status: return OrderStatus(rawValue: stored).map(status) ?? stored
        case .inCollection: return flag(stored == "1")
        case .description, .invoiceNumber: return stored
        }
    }
}

/// What a change of an order was (`order_action` in the register).
public enum OrderAction: String, CaseIterable, Sendable, Codable {
    case edit, pay, unpay, cancel
    case collectionOn = "collection_on", collectionOff = "collection_off"

    /// In the command line's English (the interface and the report use their tables).
    public var english: String {
        switch self {
        case .edit: "corrected"
        case .pay: "payment recorded"
        case .unpay: "payment taken back"
        case .cancel: "cancelled"
        case .collectionOn: "to debt collection"
        case .collectionOff: "out of debt collection"
        }
    }
}

/// One correction of an order: on `date`, `field` went from `old` to `new` (stored text, as
/// `OrderField.value` writes it; nil is empty).
public struct OrderChange: Sendable, Equatable {
    /// The history line's number and when it was written (kept through a whole-register file).
    public var id: Int64
    public var at: String
    public var orderID: Int64
    public var date: LocalDate
    public var field: OrderField
    public var old: String?
    public var new: String?
    /// A payment, a payment taken back, a cancellation, debt collection, or a correction.
    public var action: OrderAction

    public init(id: Int64 = 0, at: String = "", orderID: Int64, date: LocalDate, field: OrderField, old: String?, new: String?,
                action: OrderAction = .edit) {
        self.id = id
        self.at = at
        self.action = action
        self.orderID = orderID
        self.date = date
        self.field = field
        self.old = old
        self.new = new
    }
}

/// An open invoice with whom it is owed by: one row of the receivables.
public struct Receivable: Sendable, Equatable {
    public var order: Order
    /// The customer's name as the list shows it (a forgotten customer's orders are not here:
    /// an open invoice blocks forgetting).
    public var customerName: String

    public init(order: Order, customerName: String) {
        self.order = order
        self.customerName = customerName
    }
}

/// Which open invoices: every one, or those due in a span of days (`dueFrom` on or after,
/// `dueBefore` before; an invoice without a due date is in no span with a bound).
public struct ReceivableSpan: Sendable, Equatable {
    public var dueFrom: LocalDate?
    public var dueBefore: LocalDate?

    public init(dueFrom: LocalDate? = nil, dueBefore: LocalDate? = nil) {
        self.dueFrom = dueFrom
        self.dueBefore = dueBefore
    }

    /// Every open invoice.
    public static let all = ReceivableSpan()
    /// Those past due on `day`.
    public static func overdue(on day: LocalDate) -> ReceivableSpan { ReceivableSpan(dueBefore: day) }
}

/// How many open invoices and their sum in cents.
public struct ReceivableTotal: Sendable, Equatable {
    public var count: Int
    public var cents: Int

    public init(count: Int, cents: Int) {
        self.count = count
        self.cents = cents
    }
}

public enum ContactChannel: String, CaseIterable, Sendable, Codable {
    case phone, email, sms, meeting, letter, other

    public var finnish: String {
        switch self {
        case .phone: "puhelu"
        case .email: "sähköposti"
        case .sms: "tekstiviesti"
        case .meeting: "tapaaminen"
        case .letter: "kirje"
        case .other: "muu"
        }
    }

    public static func parse(_ raw: String) -> ContactChannel? {
        let text = SearchFolding.fold(raw.trimmingCharacters(in: .whitespaces)).replacingOccurrences(of: "-", with: "")
        if let channel = ContactChannel(rawValue: text) { return channel }
        switch text {
        case "puhelin", "puhelu", "call": return .phone
        case "sahkoposti", "mail": return .email
        case "tekstiviesti", "tekstari", "text", "textmessage": return .sms
        case "tapaaminen", "visit": return .meeting
        case "kirje", "post": return .letter
        case "muu": return .other
        default: return nil
        }
    }
}

/// A logged contact with the customer (yhteydenotto).
public struct ContactEvent: Sendable, Equatable {
    public var id: Int64
    public var date: LocalDate
    public var channel: ContactChannel
    public var note: String?
    /// When to get back to the customer ("call back on"): shown on the card and in the today view.
    public var followUp: LocalDate?

    public init(id: Int64 = 0, date: LocalDate, channel: ContactChannel, note: String? = nil, followUp: LocalDate? = nil) {
        self.id = id
        self.date = date
        self.channel = channel
        self.note = note
        self.followUp = followUp
    }
}
