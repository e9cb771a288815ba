import KortistoApp
import KortistoCore
import KortistoStore



struct RequestAddCommand: Command {
    static let spec = CommandSpec(
        name: "request add", synopsis: "ID --type access|rectification|erasure|restriction|objection|portability",
        summary: "register a data-subject request; prints its number and due date",
        options: [
            .value("type", "T", "access, rectification, erasure, restriction, objection or portability"),
            .value("received", "DATE", "when it arrived (default today)"),
            .value("note", "N", "a short note"),
        ],
        positionals: 1...1,
        details: "The due date is one month after receipt (EU rule for periods), moved to the next working day in Finland.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        guard let rawType = a.value("type") else { throw CLIError.usage("--type is required", command: spec.name) }
        guard let type = RequestType.parse(rawType) else {
            throw CLIError.usage("unknown request type '\(rawType)' (\(RequestType.allCases.map(\.rawValue).joined(separator: ", ")))", command: spec.name)
        }
        let received = try a.pastDate("received", today: context.today)
        let note = try a.value("note").flatMap { n throws(FieldError) in try TextInput.clean(n, field: "note", maxLength: FieldLimits.shortNote) }
        let request = try context.openRegister(a).addRequest(customer: number, type: type, received: received, note: note)
        context.stdout.line("\(request.id) \(request.due.iso)")
        context.stderr.line("Request \(request.id) (\(type.rawValue)) for customer \(number): due \(request.due.finnish).")
        return 0
    }
}

struct RequestListCommand: Command {
    static let spec = CommandSpec(
        name: "request list", synopsis: "", summary: "list data-subject requests, soonest due first",
        options: [.flag("open", "only open requests"), .choice("format", ["table", "json"], default: "table", "table (default) or json")])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        let requests = try context.openRegister(a).requests(openOnly: a.has("open"))
        Listing(header: ["Req", "Customer", "Type", "Received", "Due", "State"], maxWidths: [6, 8, 14, 10, 18, 10], json: RequestFormat.json) { r in
            let state = r.isOpen ? (r.due < context.today ? "OVERDUE" : (r.isDue(within: 7, on: context.today) ? "due soon" : "open")) : "closed"
            return [String(r.id), String(r.customerNumber), r.type.rawValue, r.received.finnish, r.due.finnish + (r.extensionReason != nil ? " (ext.)" : ""), state]
        }.write(requests, asJSON: format == "json", empty: a.has("open") ? "No open requests." : "No requests yet.", context)
        return 0
    }
}

struct RequestExtendCommand: Command {
    static let spec = CommandSpec(
        name: "request extend", synopsis: "REQ --reason R", summary: "extend a request's deadline by two months (tell the person why)",
        options: [.value("reason", "R", "why more time is needed")], positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "a request")
        let reason = try TextInput.required(a.value("reason"), field: "reason", maxLength: FieldLimits.reason)
        let request = try context.openRegister(a).extendRequest(id, reason: reason)
        context.stdout.line("\(request.id) \(request.due.iso)")
        context.stderr.line("Request \(id) now due \(request.due.finnish). Tell the person within the first month, with the reason.")
        return 0
    }
}

struct RequestCloseCommand: Command {
    static let spec = CommandSpec(
        name: "request close", synopsis: "REQ --resolution R", summary: "close a request, saying how it was answered",
        options: [.value("resolution", "R", "what was done")], positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "a request")
        let resolution = try TextInput.required(a.value("resolution"), field: "resolution", maxLength: FieldLimits.reason)
        let register = try context.openRegister(a)
        try register.closeRequest(id, resolution: resolution, on: context.today)
        context.stderr.line("Request \(id) closed.")
        if let request = try register.request(id), request.type == .rectification {
            let recipients = try register.recipientsToNotify(request.customerNumber)
            if !recipients.isEmpty { context.stderr.line("Tell the recipients of the data about the correction: \(recipients.joined(separator: ", ")).") }
        }
        return 0
    }
}

struct DiscloseCommand: Command {
    static let spec = CommandSpec(
        name: "disclose", synopsis: "ID --to RECIPIENT --what TEXT",
        summary: "log a disclosure of a customer's data (to whom, what, when, why)",
        options: [
            .value("to", "RECIPIENT", "who received the data"),
            .value("what", "TEXT", "which data"),
            .value("date", "D", "when (default today)"),
            .value("reason", "R", "why (e.g. debt collection)"),
            .value("legal-basis", "LAW", "the law that requires the disclosure (needed when the person bans disclosure or processing is restricted)"),
        ],
        positionals: 1...1,
        details: "Refused when the customer has banned disclosure of their data, or processing is restricted, unless\n"
            + "--legal-basis names the law that requires it; the basis is kept with the disclosure.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        var errors = FieldErrors()
        let recipient = errors.check { () throws(FieldError) in try TextInput.required(a.value("to"), field: "to", maxLength: 200) }
        let what = errors.check { () throws(FieldError) in try TextInput.required(a.value("what"), field: "what", maxLength: FieldLimits.shortNote) }
        let date = (errors.check { () throws(FieldError) in try a.date("date", today: context.today) } ?? nil) ?? context.today
        let reason = errors.check { () throws(FieldError) in try a.value("reason").flatMap { r throws(FieldError) in try TextInput.clean(r, field: "reason", maxLength: FieldLimits.reason) } } ?? nil
        let basis = errors.check { () throws(FieldError) in try a.value("legal-basis").flatMap { r throws(FieldError) in try TextInput.clean(r, field: "legal-basis", maxLength: FieldLimits.reason) } } ?? nil
        guard errors.isEmpty, let recipient, let what else { throw ValidationErrors(errors.all) }
        let id = try context.openRegister(a).addDisclosure(Disclosure(date: date, recipient: recipient, what: what, reason: reason, legalBasis: basis),
                                                           customer: number)
        context.stdout.line(String(id))
        return 0
    }
}
