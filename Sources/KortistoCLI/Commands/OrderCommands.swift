import KortistoApp
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
        let date = try a.date("date", today: context.today, default: context.today)!
        let register = try context.openRegister(a)
        try register.payOrder(id, on: date)
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

struct OrderListCommand: Command {
    static let spec = CommandSpec(
        name: "order list", synopsis: "ID", summary: "list a customer's orders",
        options: [.choice("format", ["table", "json"], default: "table", "table (default) or json")], positionals: 1...1,
        details: "A forgotten customer's orders, kept for the books without the name, are listed under the tombstone.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        let format = a.choice("format")
        let register = try context.openRegister(a)
        if try register.customer(number) == nil {
            // A tombstone keeps its orders for the books: say whose they were, then list them.
            guard let forgotten = try register.forgottenOn(number) else { _ = try register.requireCustomer(number); return 1 }
            context.stderr.line("Customer \(number) was forgotten on \(forgotten.finnish); the orders are kept for the books without the name.")
        }
        let orders = try register.orders(ofCustomer: number)
        Listing(header: ["Order", "Date", "Description", "Amount", "Status", "Invoice", "Due", "Paid", ""],
                maxWidths: [8, 10, 40, 14, 10, 12, 10, 10, 10], json: CustomerFormat.json) { o in
            [String(o.id), o.date.finnish, o.description, Money.display(cents: o.amountCents), o.status.rawValue,
             o.invoiceNumber ?? "", o.dueDate?.finnish ?? "", o.paidDate?.finnish ?? "",
             o.inCollection ? "collection" : (o.isOverdue(on: context.today) ? "overdue" : "")]
        }.write(orders, asJSON: format == "json", empty: "Customer \(number) has no orders.", context)
        return 0
    }
}

struct ContactCommand: Command {
    static let spec = CommandSpec(
        name: "contact", synopsis: "ID --channel phone|email|meeting|letter|other",
        summary: "log a contact event with a customer",
        options: [
            .value("channel", "C", "phone, email, meeting, letter or other"),
            .value("date", "D", "date (default today)"),
            .value("note", "N", "a short note"),
        ],
        positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        guard a.value("channel") != nil else { throw CLIError.usage("--channel is required", command: spec.name) }
        let event = try ContactInput(channel: a.value("channel"), date: a.value("date"), note: a.value("note")).validate(today: context.today)
        let register = try context.openRegister(a)
        let id = try register.addContact(event, customer: number)
        context.stdout.line(String(id))
        return 0
    }
}
