import Foundation
import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore

/// The options `add` and `edit` share, and how they map to a CustomerInput.
enum CustomerOptions {
    /// An option for each field that has one (`CustomerField.spec.option`), then the tags.
    static let options: [OptionSpec] = CustomerField.allCases.flatMap { field -> [OptionSpec] in
        guard let name = field.spec.option else { return [] }
        let option: OptionSpec = field.spec.repeatable ? .repeatable(name, field.spec.optionValue, field.spec.optionHelp)
            : .value(name, field.spec.optionValue, field.spec.optionHelp)
        guard field == .identityCode else { return [option] }
        return [option, .flag("allow-temporary-code", "accept a temporary identity code (individual number 900–999)")]
    } + [.repeatable("tag", "T", "a tag such as joulukortti or VIP")]

    static func input(_ a: Arguments) -> CustomerInput {
        var input = CustomerInput()
        for field in CustomerField.allCases {
            guard let name = field.spec.option else { continue }
            // A repeated option's values are one list, joined as a CSV cell joins them.
            let value = field.spec.repeatable ? (a.all(name).isEmpty ? nil : a.all(name).joined(separator: field.spec.separator)) : a.value(name)
            if let value { field.give(value, to: &input) }
        }
        input.addTags = a.all("tag")
        input.removeTags = a.all("untag")
        input.allowTemporaryCode = a.has("allow-temporary-code")
        return input
    }

    /// `--kind` and `--tag` as a list filter (list, labels, export).
    static let filterOptions: [OptionSpec] = [
        .value("kind", "K", "only this relationship: customer, prospect, partner, member or marketing (several: comma-separated)"),
        .repeatable("tag", "T", "only people with this tag"),
    ]

    static func query(_ a: Arguments, search: String = "") throws -> SearchQuery {
        var kinds: [CustomerKind] = []
        for part in (a.value("kind") ?? "").split(separator: ",") { kinds.append(try CustomerKind.parse(String(part))) }
        return SearchQuery(search, kinds: kinds, tags: a.all("tag"))
    }
}

struct AddCommand: Command {
    static let spec = CommandSpec(
        name: "add", synopsis: "[--first NAME] [--last NAME]", summary: "add a customer; prints the new customer number",
        options: CustomerOptions.options,
        details: "A person needs a name: a first or a last name, or both.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let changes = try CustomerOptions.input(a).validate(today: context.today)
        let register = try context.openRegister(a)
        let number = try register.addCustomer(changes, today: context.today)
        context.stdout.line(String(number))
        return 0
    }
}

struct EditCommand: Command {
    static let spec = CommandSpec(
        name: "edit", synopsis: "ID", summary: "change a customer's details (an empty value clears a field)",
        options: CustomerOptions.options + [.repeatable("untag", "T", "remove this tag")], positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        let input = CustomerOptions.input(a)
        guard input != CustomerInput() else {
            throw CLIError.usage("nothing to change: give at least one option such as --email", command: spec.name)
        }
        let register = try context.openRegister(a)
        let existing = try register.requireCustomer(number)
        let changes = try input.validate(today: context.today, existing: existing)
        try register.updateCustomer(number, changes)
        context.stderr.line("Customer \(number) updated.")
        // GDPR Art. 19: whoever received the data must hear of the correction.
        let recipients = try register.recipientsToNotify(number)
        if !recipients.isEmpty {
            context.stderr.line("Tell the recipients of their data about the correction: \(recipients.joined(separator: ", ")).")
        }
        return 0
    }
}

struct ListCommand: Command {
    static let spec = CommandSpec(
        name: "list", synopsis: "", summary: "list customers in name order",
        options: CustomerOptions.filterOptions + [
            .value("search", "Q", "only customers matching Q (names, organisation, e-mail, phone, town, notes)"),
            .choice("format", ["table", "json", "csv"], default: "table", "table (default), json or csv"),
            .flag("include-restricted", "also list customers whose processing is restricted (left out by default)"),
        ],
        details: "Flags in the table: P publication ban, M direct-marketing ban, R research ban, D disclosure ban,\nH legal hold, X restriction of processing.")

    enum Format: String { case table, json, csv }

    static func format(_ a: Arguments) throws(CLIError) -> Format {
        Format(rawValue: a.choice("format"))!
    }

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        try list(query: CustomerOptions.query(a, search: a.value("search") ?? ""), format: format(a), a, context)
    }

    static func list(query: SearchQuery, format: Format, _ a: Arguments, _ context: Context) throws -> Int32 {
        // A search's list is a selection; without words it is everyone in name order.
        let register = try context.openRegister(a, memory: query.terms.isEmpty ? .everything : .small)
        let out = context.stdout
        // Restriction of processing: kept, but out of every bulk list unless asked for.
        let includeRestricted = a.has("include-restricted")
        let shown = { @Sendable (c: Customer) in includeRestricted || !c.isRestricted }
        // Read a chunk at a time, each part's lines made on every core and written at once: a large
        // register never sits in memory whole, and no format costs much more than the CSV.
        // `line` adds a customer's bytes; `separator` goes between two.
        @Sendable func bytes(_ slice: [Customer], separator: [UInt8] = [], _ line: @Sendable (Customer, inout [UInt8]) -> Void) -> [UInt8] {
            ParallelMap.joinedBytes(count: slice.count, chunk: 250, separator: separator) { line(slice[$0], &$1) }
        }
        // A part's customers are made and their bytes written on the other cores while this
        // thread reads the next chunk's rows (`Exporting.render`); `separator` goes between
        // parts that have any. Returns whether there was any.
        func writeSlices(first: [UInt8] = [], separator: [UInt8] = [], _ text: @escaping @Sendable (_ slice: [Customer]) -> [UInt8]) throws -> Bool {
            var any = false
            try Exporting.render(register, matching: query) { part in
                let slice = part.filter(shown)
                return slice.isEmpty ? nil : text(slice)
            } deliver: { (text: [UInt8]?) in
                guard let text else { return }
                out.write(stored: (any ? separator : first) + text)
                any = true
            }
            return any
        }
        switch format {
        case .json:
            out.write("[")
            let separator = Array(",\n".utf8)
            let any = try writeSlices(first: Array("\n".utf8), separator: separator) { slice in
                bytes(slice, separator: separator) { c, out in JSON.object(pretty: false, into: &out) { CustomerFormat.write(c, into: &$0) } }
            }
            out.write(any ? "\n]\n" : "]\n")
        case .csv:
            let header = ["number", "first_name", "last_name", "organisation", "title", "email", "phone", "street", "postcode",
                          "town", "country", "birthdate", "language", "bans", "legal_hold", "restricted", "kind", "tags"]
            out.write(CSVWriter.row(header, .plain))
            _ = try writeSlices { slice in
                bytes(slice) { c, out in
                    CSVWriter.append([String(c.number), c.firstName, c.lastName, c.organisationName ?? "", c.title ?? "", c.email ?? "",
                                      c.phone ?? "", c.street ?? "", c.postcode ?? "", c.town ?? "", c.country, c.birthdate?.iso ?? "",
                                      c.language ?? "", c.bans.map(\.rawValue).joined(separator: " "),
                                      c.hasLegalHold ? "yes" : "no", c.isRestricted ? "yes" : "no", c.kind.rawValue,
                                      c.tags.joined(separator: ", ")], .plain, to: &out)
                }
            }
        case .table:
            let header = ["No", "Name", "Organisation", "Town", "Phone", "Flags"], maxWidths = [8, 34, 30, 20, 18, 6]
            let cells = { @Sendable (c: Customer) -> [String] in
                [String(c.number), c.listName, c.organisationName ?? "", c.town ?? "", c.phone.map(Phone.display) ?? "", c.badges]
            }
            // Up to 2,000 customers are measured for their widths; a longer list is written at
            // the widest each column may be. A part's cells, and its lines at those widths, are
            // made on another thread while this one reads on (`Exporting.render`).
            let widest = Table.widths(header: header, rows: [], maxWidths: nil).enumerated().map { max($1, maxWidths[$0]) }
            var atTheWidest = false
            var pending: [[String]] = []
            var pendingLines: [String] = []
            try Exporting.render(register, matching: query) { part in
                let rows = part.filter(shown).map(cells)
                return (rows, rows.map { Table.line($0, widths: widest) }.joined())
            } deliver: { (rows: [[String]], lines: String) in
                guard !atTheWidest else { return out.write(lines) }
                pending += rows
                pendingLines.append(lines)
                guard pending.count > 2000 else { return }
                atTheWidest = true
                out.write(Table.line(header, widths: widest) + pendingLines.joined())
                pending = []
                pendingLines = []
            }
            if !atTheWidest {
                if pending.isEmpty {
                    context.stderr.line(query.isEmpty ? "The register has no customers yet. Add one with 'kortisto add --first NAME --last NAME'."
                                                      : "No customers match.")
                } else {
                    out.write(Table.render(header: header, rows: pending, maxWidths: maxWidths))
                }
            }
        }
        return 0
    }
}

struct SearchCommand: Command {
    static let spec = CommandSpec(
        name: "search", synopsis: "Q", summary: "find customers (same as list --search Q)",
        options: CustomerOptions.filterOptions + [.choice("format", ["table", "json", "csv"], default: "table", "table (default), json or csv"),
                  .flag("include-restricted", "also list customers whose processing is restricted")], positionals: 1...20)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        try ListCommand.list(query: CustomerOptions.query(a, search: a.positionals.joined(separator: " ")), format: ListCommand.format(a), a, context)
    }
}

struct ShowCommand: Command {
    static let spec = CommandSpec(
        name: "show", synopsis: "ID", summary: "show one customer with orders, contacts and consent history",
        options: [.choice("format", ["text", "json"], default: "text", "text (default) or json")], positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        let format = a.choice("format")
        let register = try context.openRegister(a)
        let customer = try register.requireCustomer(number)
        let orders = try register.orders(ofCustomer: number)
        let orderChanges = try register.orderChanges(ofCustomer: number)
        let contacts = try register.contacts(ofCustomer: number)
        let consents = try register.consentEvents(ofCustomer: number)
        let lastActivity = try register.lastActivity(number)
        let activities = try CustomerActivities.load(register, number)
        if format == "json" {
            let object = CustomerFormat.json(customer) + [
                ("last_activity", .string(lastActivity?.iso)),
                ("orders", .array(orders.map(CustomerFormat.json))),
                ("order_changes", .array(orderChanges.map(CustomerFormat.json))),
                ("contacts", .array(contacts.map(CustomerFormat.json))),
                ("consent_events", .array(consents.map(CustomerFormat.json))),
            ] + activities.json
            context.stdout.line(JSON.object(object).rendered())
        } else {
            context.stdout.write(CustomerFormat.text(customer, orders: orders, orderChanges: orderChanges, contacts: contacts, consents: consents,
                                                     lastActivity: lastActivity, today: context.today, organisation: try register.card(number)?.organisation))
            let more = activities.text
            if !more.isEmpty { context.stdout.line(more.dropFirst().joined(separator: "\n")) }
        }
        return 0
    }
}
