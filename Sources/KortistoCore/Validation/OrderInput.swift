import Foundation

/// An order as typed (CLI options, the order form), before validation.
public struct OrderInput: Sendable, Equatable {
    public var amount: String?
    public var description: String?
    public var date: String?
    public var status: String?
    public var invoice: String?
    public var invoiceDate: String?
    public var due: String?

    public init(amount: String? = nil, description: String? = nil, date: String? = nil, status: String? = nil,
                invoice: String? = nil, invoiceDate: String? = nil, due: String? = nil) {
        self.amount = amount
        self.description = description
        self.date = date
        self.status = status
        self.invoice = invoice
        self.invoiceDate = invoiceDate
        self.due = due
    }

    /// A valid order for `customer`, or every problem at once. The status defaults to invoiced
    /// when invoice details are given; an invoice's due date defaults to 14 days after it.
    public func validate(customer: Int64, today: LocalDate) throws(ValidationErrors) -> Order {
        var errors = FieldErrors()
        func parseDate(_ raw: String?, _ field: String) -> LocalDate?? {
            errors.check { () throws(FieldError) in try raw.flatMap { text throws(FieldError) in try DateInput.parse(text, field: field, today: today) } }
        }
        let cents = errors.check { () throws(FieldError) in try Money.parseCents(amount ?? "") }
        let text = errors.check { () throws(FieldError) in try TextInput.required(description, field: "description", maxLength: FieldLimits.description) }
        let orderDate = parseDate(date, "date")
        let invoiceNumber = errors.check { () throws(FieldError) in try invoice.flatMap { n throws(FieldError) in try TextInput.clean(n, field: "invoice", maxLength: FieldLimits.invoiceNumber) } }
        let invoiceDay = parseDate(invoiceDate, "invoice_date")
        let dueDay = parseDate(due, "due")
        var parsedStatus: OrderStatus?
        if let status, !status.trimmingCharacters(in: .whitespaces).isEmpty {
            parsedStatus = OrderStatus.parse(status)
            if parsedStatus == nil { errors.append(FieldError("status", "unknown status '{0}' (ordered, delivered, invoiced, paid, cancelled)", "\(status)")) }
        }
        guard errors.isEmpty, let cents, let text, let orderDate, let invoiceNumber, let invoiceDay, let dueDay else {
            throw ValidationErrors(errors.all)
        }
        let day = orderDate ?? today
        let hasInvoice = invoiceNumber != nil || invoiceDay != nil || dueDay != nil
        var order = Order(customerNumber: customer, date: day, description: text, amountCents: cents,
                          status: parsedStatus ?? (hasInvoice ? .invoiced : .ordered), invoiceNumber: invoiceNumber)
        if hasInvoice || order.status == .invoiced || order.status == .paid {
            let invoiced = invoiceDay ?? day
            let dueDate = dueDay ?? invoiced.adding(days: 14)
            guard dueDate >= invoiced else {
                throw ValidationErrors([FieldError("due", "{0} is before the invoice date {1}", "\(dueDate.finnish)", "\(invoiced.finnish)")])
            }
            order.invoiceDate = invoiced
            order.dueDate = dueDate
        }
        if order.status == .paid { order.paidDate = order.invoiceDate ?? day }
        return order
    }
}

/// A contact event as typed, before validation.
public struct ContactInput: Sendable, Equatable {
    public var channel: String?
    public var date: String?
    public var note: String?

    public init(channel: String? = nil, date: String? = nil, note: String? = nil) {
        self.channel = channel
        self.date = date
        self.note = note
    }

    public func validate(today: LocalDate) throws(ValidationErrors) -> ContactEvent {
        var errors = FieldErrors()
        let parsedChannel = channel.flatMap(ContactChannel.parse)
        if parsedChannel == nil {
            errors.append(FieldError("channel", "unknown channel '{0}' (phone, email, meeting, letter, other)", "\(channel ?? "")"))
        }
        let day = errors.check { () throws(FieldError) in try DateInput.past(date ?? "", field: "date", today: today) } ?? nil
        let cleanNote = errors.check { () throws(FieldError) in try TextInput.clean(note ?? "", field: "note", maxLength: FieldLimits.shortNote) } ?? nil
        guard errors.isEmpty, let parsedChannel else { throw ValidationErrors(errors.all) }
        return ContactEvent(date: day ?? today, channel: parsedChannel, note: cleanNote)
    }
}
