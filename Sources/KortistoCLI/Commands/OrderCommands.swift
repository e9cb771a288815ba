import KortistoApp
import KortistoExchange
import KortistoCore
import KortistoStore

struct OrderAddCommand: Command {
    static let spec = CommandSpec(
        name: "order add",
        synopsis: "ID --amount 120,00 --description TEXT",
        summary: "add an order for a customer; prints the order number",
        options: [
            .value("amount", "EUR", "amount in euros: 120,00 or 120.00"),
            .value("description", "TEXT", "what was ordered"),
            .value("date", "D", "order date (default today)"),
            .value("status", "S", "ordered, delivered, invoiced, paid or cancelled (default: invoiced with --invoice, else ordered)"),
            .value("invoice", "NUMBER", "invoice number in your accounting"),
            .value("invoice-date", "D", "invoice date (default the order date)"),
            .value("due", "D", "due date (default 14 days after the invoice date)"),
        ],
        positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        guard a.value("amount") != nil else { throw CLIError.usage("--amount is required", command: spec.name) }
        guard a.value("description") != nil else { throw CLIError.usage("--description is required", command: spec.name) }
        let order = try OrderInput(amount: a.value("amount"), description: a.value("description"), date: a.value("date"),
                                   status: a.value("status"), invoice: a.value("invoice"), invoiceDate: a.value("invoice-date"),
                                   due: a.value("due")).validate(customer: number, today: context.today)
        let register = try context.openRegister(a)
        let id = try register.addOrder(order)
        context.stdout.line(String(id))
        return 0
    }
}

struct OrderPayCommand: Command {
    static let spec = CommandSpec(
        name: "order pay", synopsis: "ORDER", summary: "mark an order's invoice paid",
        options: [.value("date", "D", "payment date (default today)")], positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "an order")
        let date = try a.pastDate("date", today: context.today)
        let register = try context.openRegister(a)
        try register.payOrder(id, on: date, recordedOn: context.today)
        context.stderr.line("Order \(id) marked paid on \(date.finnish).")
        return 0
    }
}

struct OrderCollectionCommand: Command {
    static let spec = CommandSpec(
        name: "order collection", synopsis: "ORDER on|off", summary: "put an open invoice into debt collection, or take it out",
        positionals: 2...2)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "an order")
        let on: Bool
        switch a[1].lowercased() {
        case "on", "yes", "true": on = true
        case "off", "no", "false": on = false
        default: throw CLIError.usage("expected on or off, not '\(a[1])'", command: spec.name)
        }
        let register = try context.openRegister(a)
        try register.setCollection(id, on)
        context.stderr.line(on ? "Order \(id) is in debt collection." : "Order \(id) is no longer in debt collection.")
        return 0
    }
}

struct OrderEditCommand: Command {
    static let spec = CommandSpec(
        name: "order edit", synopsis: "ORDER", summary: "correct an order: amount, description, dates, status or invoice",
        options: [
            .value("amount", "EUR", "amount in euros: 120,00 or 120.00"),
            .value("description", "TEXT", "what was ordered"),
            .value("date", "D", "order date"),
            .value("status", "S", "ordered, delivered, invoiced, paid or cancelled"),
            .value("invoice", "NUMBER", "invoice number (empty removes it)"),
            .value("invoice-date", "D", "invoice date"),
            .value("due", "D", "due date: a date, 14.12. or +14 (days after the invoice date)"),
        ],
        positionals: 1...1,
        details: """
            Only the values given change. Each changed field is kept in the order's history (what it was, when it \
            changed), shown on the card and in the access report, and the correction is in the audit log. Invoice \
            details make an ordered or delivered order invoiced; becoming paid dates the payment today (use \
            'order pay --date' for another day).
            """)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "an order")
        let input = OrderInput(amount: a.value("amount"), description: a.value("description"), date: a.value("date"), status: a.value("status"),
                               invoice: a.value("invoice"), invoiceDate: a.value("invoice-date"), due: a.value("due"))
        guard input != OrderInput() else {
            throw CLIError.usage("nothing to change: give --amount, --description, --date, --status, --invoice, --invoice-date or --due", command: spec.name)
        }
        let register = try context.openRegister(a)
        let order = try register.requireOrder(id)
        let changes = try register.correctOrder(try input.edit(order, today: context.today), on: context.today, expected: order)
        guard !changes.isEmpty else {
            context.stderr.line("Order \(id) already had those values; nothing was changed.")
            return 0
        }
        for change in changes {
            context.stderr.line("Order \(id): \(change.field.english) \(change.field.englishDisplay(change.old)) → \(change.field.englishDisplay(change.new))")
        }
        return 0
    }
}

struct OrderCancelCommand: Command {
    static let spec = CommandSpec(
        name: "order cancel", synopsis: "ORDER", summary: "cancel an order (a paid one needs 'order unpay' first)", positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "an order")
        let register = try context.openRegister(a)
        try register.cancelOrder(id, on: context.today)
        context.stderr.line("Order \(id) cancelled.")
        return 0
    }
}

struct OrderUnpayCommand: Command {
    static let spec = CommandSpec(
        name: "order unpay", synopsis: "ORDER", summary: "take back a payment marked by mistake: the invoice is open again", positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "an order")
        let register = try context.openRegister(a)
        try register.unpayOrder(id, on: context.today)
        let status = try register.requireOrder(id).status
        context.stderr.line("Order \(id) is no longer paid; it is \(status.rawValue) again.")
        return 0
    }
}

struct OrderListCommand: Command {
    static let spec = CommandSpec(
        name: "order list", synopsis: "ID | --open | --overdue", summary: "list a customer's orders, or everyone's open or overdue invoices",
        options: [
            .flag("open", "every open invoice, the oldest due date first, with the total"),
            .flag("overdue", "only the invoices past their due date"),
            .choice("format", ["table", "json", "csv"], default: "table", "table (default), json or csv"),
        ], positionals: 0...1,
        details: "A forgotten customer's orders, kept for the books without the name, are listed under the tombstone.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        if a.has("open") || a.has("overdue") {
            guard a.positionals.isEmpty else { throw CLIError.usage("give a customer or --open/--overdue, not both", command: spec.name) }
            return try receivables(overdue: a.has("overdue"), format: format, a, in: context)
        }
        guard !a.positionals.isEmpty else { throw CLIError.usage("missing argument (usage: kortisto \(spec.usage))", command: spec.name) }
        let number = try context.customerNumber(a[0])
        let register = try context.openRegister(a)
        if try register.customer(number) == nil {
            // A tombstone keeps its orders for the books: say whose they were, then list them.
            guard let forgotten = try register.forgottenOn(number) else { _ = try register.requireCustomer(number); return 1 }
            context.stderr.line("Customer \(number) was forgotten on \(forgotten.finnish); the orders are kept for the books without the name.")
        }
        let orders = try register.orders(ofCustomer: number)
        Listing(header: ["Order", "Date", "Description", "Amount", "Status", "Invoice", "Due", "Paid", ""],
                maxWidths: [8, 10, 40, 14, 10, 12, 10, 10, 10], json: CustomerFormat.json, row: { o in
            [String(o.id), o.date.finnish, o.description, Money.display(cents: o.amountCents), o.status.rawValue,
             o.invoiceNumber ?? "", o.dueDate?.finnish ?? "", o.paidDate?.finnish ?? "",
             o.inCollection ? "collection" : (o.isOverdue(on: context.today) ? "overdue" : "")]
        }, csv: (["id", "customer", "date", "description", "amount", "status", "invoice_number", "invoice_date", "due_date", "paid_date", "in_collection"], { o in
            [String(o.id), String(o.customerNumber), o.date.iso, o.description, Money.decimal(cents: o.amountCents), o.status.rawValue,
             o.invoiceNumber ?? "", o.invoiceDate?.iso ?? "", o.dueDate?.iso ?? "", o.paidDate?.iso ?? "", o.inCollection ? "yes" : "no"]
        })).write(orders, format: format, empty: "Customer \(number) has no orders.", context)
        return 0
    }

    /// Everyone's open invoices (or the overdue ones): customer, invoice, amount, due date and
    /// days overdue, the oldest due first; the table ends with the total.
    static func receivables(overdue: Bool, format: String, _ a: Arguments, in context: Context) throws -> Int32 {
        let today = context.today
        let register = try context.openRegister(a)
        let items = try register.receivables(overdueOn: overdue ? today : nil)
        let json = { (r: Receivable) -> JSON in
            .object([("order", .int(r.order.id)), ("customer", .int(r.order.customerNumber)), ("name", .string(r.customerName)),
                     ("description", .string(r.order.description)), ("invoice_number", .string(r.order.invoiceNumber)),
                     ("amount_cents", .int(r.order.amountCents)), ("amount", .string(Money.decimal(cents: r.order.amountCents))),
                     ("invoice_date", .string(r.order.invoiceDate?.iso)), ("due_date", .string(r.order.dueDate?.iso)),
                     ("days_overdue", .int(r.order.daysOverdue(on: today))), ("in_collection", .bool(r.order.inCollection))])
        }
        let total = items.reduce(0) { $0 + $1.order.amountCents }
        if format == "json" {
            // The invoices with their count and total (the table's last line, the CSV's last row).
            context.stdout.line(JSON.object([("invoices", .array(items.map(json))), ("count", .int(items.count)),
                                             ("total_cents", .int(total)), ("total", .string(Money.decimal(cents: total)))]).rendered())
            return 0
        }
        Listing(header: ["Customer", "Name", "Invoice", "Amount", "Due", "Days overdue", ""], maxWidths: [8, 30, 12, 14, 10, 12, 10],
                json: json, row: { r in
            [String(r.order.customerNumber), r.customerName, r.order.invoiceNumber ?? "#\(r.order.id)", Money.display(cents: r.order.amountCents),
             r.order.dueDate?.finnish ?? "", r.order.isOverdue(on: today) ? String(r.order.daysOverdue(on: today)) : "",
             r.order.inCollection ? "collection" : ""]
        }, csv: (["order", "customer", "name", "description", "invoice_number", "amount", "invoice_date", "due_date", "days_overdue", "in_collection"], { r in
            [String(r.order.id), String(r.order.customerNumber), r.customerName, r.order.description, r.order.invoiceNumber ?? "",
             Money.decimal(cents: r.order.amountCents), r.order.invoiceDate?.iso ?? "", r.order.dueDate?.iso ?? "",
             String(r.order.daysOverdue(on: today)), r.order.inCollection ? "yes" : "no"]
        })).write(items, format: format, empty: overdue ? "No invoice is overdue." : "No invoice is open.", context)
        if format == "csv" {
            // The total as a last row, under the amounts, as a spreadsheet user sums them.
            context.stdout.write(CSVWriter.row(["total", "", "", "\(items.count) invoice(s)", "", Money.decimal(cents: total), "", "", "", ""], .plain))
        } else if !items.isEmpty {
            context.stdout.line("\(items.count) invoice(s), \(Money.display(cents: total)) in all")
        }
        return 0
    }
}

struct ContactCommand: Command {
    static let spec = CommandSpec(
        name: "contact", synopsis: "ID --channel phone|email|sms|meeting|letter|other",
        summary: "log a contact event with a customer",
        options: [
            .value("channel", "C", "phone, email, sms, meeting, letter or other"),
            .value("date", "D", "date (default today)"),
            .value("note", "N", "a short note"),
            .value("follow-up", "D", "when to get back to them: a date, 14.12. or +7 (days after the contact); the today view lists it"),
        ],
        positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        guard a.value("channel") != nil else { throw CLIError.usage("--channel is required", command: spec.name) }
        let event = try ContactInput(channel: a.value("channel"), date: a.value("date"), note: a.value("note"),
                                     followUp: a.value("follow-up")).validate(today: context.today)
        let register = try context.openRegister(a)
        let id = try register.addContact(event, customer: number)
        context.stdout.line(String(id))
        return 0
    }
}
