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

    /// What was typed, each value checked (nil: not given; `.some(nil)`: given empty).
    private struct Parsed {
        var cents: Int?
        var description: String?
        var date: LocalDate??
        var invoiceNumber: String??
        var invoiceDate: LocalDate??
        var due: String?
        var status: OrderStatus?
    }

    /// Checks every given value, collecting the errors. `required`: amount and description
    /// must be given (a new order).
    private func parse(today: LocalDate, required: Bool, into errors: inout FieldErrors) -> Parsed {
        var parsed = Parsed()
        func parseDate(_ raw: String?, _ field: String) -> LocalDate?? {
            guard let raw else { return nil }
            return errors.check { () throws(FieldError) in try DateInput.parse(raw, field: field, today: today) }
        }
        if required || amount != nil { parsed.cents = errors.check { () throws(FieldError) in try Money.parseCents(amount ?? "") } }
        if required || description != nil {
            parsed.description = errors.check { () throws(FieldError) in try TextInput.required(description, field: "description", maxLength: FieldLimits.description) }
        }
        parsed.date = parseDate(date, "date")
        if let invoice {
            parsed.invoiceNumber = errors.check { () throws(FieldError) in try TextInput.clean(invoice, field: "invoice", maxLength: FieldLimits.invoiceNumber) }
        }
        parsed.invoiceDate = parseDate(invoiceDate, "invoice_date")
        parsed.due = due
        if let status, !status.trimmingCharacters(in: .whitespaces).isEmpty {
            parsed.status = OrderStatus.parse(status)
            if parsed.status == nil { errors.append(FieldError("status", "unknown status '{0}' (ordered, delivered, invoiced, paid, cancelled)", "\(status)").unknownChoice()) }
        }
        return parsed
    }

    /// The due date typed, counted from the invoice date (`14`, `+14`, `14.12.`), or nil.
    private func dueDate(_ raw: String?, invoiced: LocalDate, today: LocalDate, into errors: inout FieldErrors) -> LocalDate?? {
        guard let raw else { return nil }
        return errors.check { () throws(FieldError) in try DateInput.ahead(raw, field: "due", from: invoiced, today: today) }
    }

    /// A valid order for `customer`, or every problem at once. The status defaults to invoiced
    /// when invoice details are given; an invoice's due date defaults to 14 days after it.
    public func validate(customer: Int64, today: LocalDate) throws(ValidationErrors) -> Order {
        var errors = FieldErrors()
        let p = parse(today: today, required: true, into: &errors)
        let day = (p.date ?? nil) ?? today
        let invoiced = (p.invoiceDate ?? nil) ?? day
        let dueDay = dueDate(p.due, invoiced: invoiced, today: today, into: &errors)
        guard errors.isEmpty, let cents = p.cents, let text = p.description else { throw ValidationErrors(errors.all) }
        let invoiceNumber = p.invoiceNumber ?? nil, hasInvoice = invoiceNumber != nil || (p.invoiceDate ?? nil) != nil || (dueDay ?? nil) != nil
        var order = Order(customerNumber: customer, date: day, description: text, amountCents: cents,
                          status: p.status ?? (hasInvoice ? .invoiced : .ordered), invoiceNumber: invoiceNumber)
        if hasInvoice || order.status == .invoiced || order.status == .paid {
            let dueDate = (dueDay ?? nil) ?? invoiced.adding(days: 14)
            guard dueDate >= invoiced else {
                throw ValidationErrors([FieldError("due", "{0} is before the invoice date {1}", "\(dueDate.finnish)", "\(invoiced.finnish)")])
            }
            order.invoiceDate = invoiced
            order.dueDate = dueDate
        }
        if order.status == .paid { order.paidDate = order.invoiceDate ?? day }
        return order
    }

    /// `order` corrected with the values given (the others kept), or every problem at once.
    /// Invoice details make an ordered or delivered order invoiced; an invoice gets its dates
    /// (the order date, 14 days after); becoming paid dates the payment `today`, leaving paid
    /// clears it; only an open invoice stays in debt collection.
    public func edit(_ order: Order, today: LocalDate) throws(ValidationErrors) -> Order {
        var errors = FieldErrors()
        let p = parse(today: today, required: false, into: &errors)
        var new = order
        if let cents = p.cents { new.amountCents = cents }
        if let text = p.description { new.description = text }
        if let date = p.date { new.date = date ?? order.date }
        if let number = p.invoiceNumber { new.invoiceNumber = number }
        if let day = p.invoiceDate { new.invoiceDate = day }
        if let due = dueDate(p.due, invoiced: new.invoiceDate ?? new.date, today: today, into: &errors) { new.dueDate = due }
        guard errors.isEmpty else { throw ValidationErrors(errors.all) }
        let invoiceGiven = (p.invoiceNumber ?? nil) != nil || (p.invoiceDate ?? nil) != nil || (p.due != nil && new.dueDate != nil)
        if let status = p.status {
            // The same rules as `order cancel` and `order pay`, whichever way they are asked.
            if order.status == .paid && status == .cancelled {
                throw ValidationErrors([FieldError("status", "a paid order is cancelled once its payment is taken back (status invoiced first)")])
            }
            if order.status == .cancelled && status == .paid {
                throw ValidationErrors([FieldError("status", "a cancelled order cannot be paid")])
            }
            new.status = status
        } else if invoiceGiven, order.status == .ordered || order.status == .delivered {
            new.status = .invoiced
        }
        if new.status == .invoiced || new.status == .paid, new.invoiceNumber != nil || new.invoiceDate != nil || new.status == .invoiced {
            new.invoiceDate = new.invoiceDate ?? new.date
            new.dueDate = new.dueDate ?? new.invoiceDate!.adding(days: 14)
        }
        if let invoiced = new.invoiceDate, let due = new.dueDate, due < invoiced {
            throw ValidationErrors([FieldError("due", "{0} is before the invoice date {1}", "\(due.finnish)", "\(invoiced.finnish)")])
        }
        if new.status == .paid { new.paidDate = order.status == .paid ? order.paidDate : today } else { new.paidDate = nil }
        if new.status != .invoiced { new.inCollection = false }
        return new
    }
}

/// A contact event as typed, before validation.
public struct ContactInput: Sendable, Equatable {
    public var channel: String?
    public var date: String?
    public var note: String?
    /// When to get back to them (`+7`, `14.12.`, a date), counted from the contact's day.
    public var followUp: String?

    public init(channel: String? = nil, date: String? = nil, note: String? = nil, followUp: String? = nil) {
        self.channel = channel
        self.date = date
        self.note = note
        self.followUp = followUp
    }

    public func validate(today: LocalDate) throws(ValidationErrors) -> ContactEvent {
        var errors = FieldErrors()
        let parsedChannel = channel.flatMap(ContactChannel.parse)
        if parsedChannel == nil {
            errors.append(FieldError("channel", "unknown channel '{0}' (phone, email, sms, meeting, letter, other)", "\(channel ?? "")").unknownChoice())
        }
        let day = errors.check { () throws(FieldError) in try DateInput.past(date ?? "", field: "date", today: today) } ?? nil
        let cleanNote = errors.check { () throws(FieldError) in try TextInput.clean(note ?? "", field: "note", maxLength: FieldLimits.shortNote) } ?? nil
        let back = errors.check { () throws(FieldError) in try DateInput.ahead(followUp ?? "", field: "follow_up", from: day ?? today, today: today) } ?? nil
        if let back, back < (day ?? today) {
            errors.append(FieldError("follow_up", "{0} is before the contact", "\(back.finnish)"))
        }
        guard errors.isEmpty, let parsedChannel else { throw ValidationErrors(errors.all) }
        return ContactEvent(date: day ?? today, channel: parsedChannel, note: cleanNote, followUp: back)
    }
}
