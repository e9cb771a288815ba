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
        let text = SearchFolding.fold(raw)
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
}

public enum ContactChannel: String, CaseIterable, Sendable, Codable {
    case phone, email, meeting, letter, other

    public var finnish: String {
        switch self {
        case .phone: "puhelu"
        case .email: "sähköposti"
        case .meeting: "tapaaminen"
        case .letter: "kirje"
        case .other: "muu"
        }
    }

    public static func parse(_ raw: String) -> ContactChannel? {
        let text = SearchFolding.fold(raw).replacingOccurrences(of: "-", with: "")
        if let channel = ContactChannel(rawValue: text) { return channel }
        switch text {
        case "puhelin", "puhelu", "call": return .phone
        case "sahkoposti", "mail": return .email
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

    public init(id: Int64 = 0, date: LocalDate, channel: ContactChannel, note: String? = nil) {
        self.id = id
        self.date = date
        self.channel = channel
        self.note = note
    }
}
