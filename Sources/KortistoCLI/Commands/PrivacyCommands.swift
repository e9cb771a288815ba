import KortistoCore
import KortistoStore

/// `ban`, `unban` and `consent` append to the customer's consent log; nothing is overwritten.
enum ConsentChange {
    static let options: [OptionSpec] = [
        .value("source", "S", "how the request came (e.g. phone call, e-mail of 3.2.2025)"),
        .value("note", "N", "a short note"),
        .value("date", "D", "date of the request (default today)"),
    ]

    static func record(kind: ConsentKind, granted: Bool, number: Int64, _ a: Arguments, _ context: Context) throws -> Int32 {
        let date = try a.pastDate("date", today: context.today)
        let source = try a.value("source").flatMap { s throws(FieldError) in try TextInput.clean(s, field: "source", maxLength: FieldLimits.sourceDetail) }
        let note = try a.value("note").flatMap { n throws(FieldError) in try TextInput.clean(n, field: "note", maxLength: FieldLimits.shortNote) }
        let register = try context.openRegister(a)
        let event = ConsentEvent(kind: kind, granted: granted, date: date, source: source, note: note)
        let changed = try register.recordConsent(event, customer: number)
        let what = kind.isBan ? (granted ? "\(kind.english) set" : "\(kind.english) lifted") : (granted ? "\(kind.english) given" : "\(kind.english) withdrawn")
        context.stderr.line(changed ? "Customer \(number): \(what) (\(date.finnish))." : "Customer \(number): nothing to change (already so).")
        return 0
    }

    static func kind(_ raw: String, bansOnly: Bool, command: String) throws(CLIError) -> ConsentKind {
        guard let kind = ConsentKind.parse(raw), !bansOnly || kind.isBan else {
            throw .usage("unknown ban '\(raw)' (publication, marketing, research or disclosure)", command: command)
        }
        return kind
    }
}

struct BanCommand: Command {
    static let spec = CommandSpec(
        name: "ban", synopsis: "ID publication|marketing|research|disclosure",
        summary: "record a ban: publication (no lists or labels), direct marketing, market research, disclosure",
        options: ConsentChange.options, positionals: 2...2)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        try ConsentChange.record(kind: ConsentChange.kind(a[1], bansOnly: true, command: spec.name), granted: true,
                                 number: context.customerNumber(a[0]), a, context)
    }
}

struct UnbanCommand: Command {
    static let spec = CommandSpec(
        name: "unban", synopsis: "ID publication|marketing|research|disclosure",
        summary: "lift a ban at the customer's request (the history keeps both)",
        options: ConsentChange.options, positionals: 2...2)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        try ConsentChange.record(kind: ConsentChange.kind(a[1], bansOnly: true, command: spec.name), granted: false,
                                 number: context.customerNumber(a[0]), a, context)
    }
}

struct ConsentCommand: Command {
    static let spec = CommandSpec(
        name: "consent", synopsis: "ID newsletter|sms give|withdraw",
        summary: "record a consent (newsletter, SMS marketing) being given or withdrawn",
        options: ConsentChange.options, positionals: 3...3)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let kind = ConsentKind.parse(a[1])
        guard let kind, !kind.isBan else {
            let consents = ConsentKind.allCases.filter { !$0.isBan }.map(\.rawValue).joined(separator: ", ")
            throw CLIError.usage("unknown consent '\(a[1])' (\(consents)); bans use 'kortisto ban'", command: spec.name)
        }
        let granted: Bool
        switch a[2].lowercased() {
        case "give", "grant", "granted", "yes", "on": granted = true
        case "withdraw", "withdrawn", "no", "off": granted = false
        default: throw CLIError.usage("expected give or withdraw, not '\(a[2])'", command: spec.name)
        }
        return try ConsentChange.record(kind: kind, granted: granted, number: context.customerNumber(a[0]), a, context)
    }
}

/// `hold`/`restrict` set a flag with a reason; `unhold`/`unrestrict` clear it.
enum FlagChange {
    enum Flag { case legalHold, restriction }

    static func set(_ flag: Flag, on: Bool, _ a: Arguments, _ context: Context, command: String) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        var reason: String? = nil
        if on {
            guard let raw = a.value("reason") else { throw CLIError.usage("--reason is required", command: command) }
            reason = try TextInput.required(raw, field: "reason", maxLength: FieldLimits.reason)
        }
        let register = try context.openRegister(a)
        switch flag {
        case .legalHold: try register.setLegalHold(number, reason: reason)
        case .restriction: try register.setRestriction(number, reason: reason)
        }
        let name = flag == .legalHold ? "legal hold" : "restriction of processing"
        context.stderr.line("Customer \(number): \(name) \(on ? "set" : "lifted").")
        return 0
    }
}

struct HoldCommand: Command {
    static let spec = CommandSpec(
        name: "hold", synopsis: "ID --reason R", summary: "set a legal hold: the customer cannot be forgotten while it lasts",
        options: [.value("reason", "R", "why the data must be kept (e.g. a pending dispute)")], positionals: 1...1)
    static func run(_ a: Arguments, in context: Context) throws -> Int32 { try FlagChange.set(.legalHold, on: true, a, context, command: spec.name) }
}

struct UnholdCommand: Command {
    static let spec = CommandSpec(name: "unhold", synopsis: "ID", summary: "lift a legal hold", positionals: 1...1)
    static func run(_ a: Arguments, in context: Context) throws -> Int32 { try FlagChange.set(.legalHold, on: false, a, context, command: spec.name) }
}

struct RestrictCommand: Command {
    static let spec = CommandSpec(
        name: "restrict", synopsis: "ID --reason R",
        summary: "restrict processing: the customer is kept but left out of lists and cannot be edited",
        options: [.value("reason", "R", "why (e.g. the person contests the data's accuracy)")], positionals: 1...1)
    static func run(_ a: Arguments, in context: Context) throws -> Int32 { try FlagChange.set(.restriction, on: true, a, context, command: spec.name) }
}

struct UnrestrictCommand: Command {
    static let spec = CommandSpec(name: "unrestrict", synopsis: "ID", summary: "lift the restriction of processing", positionals: 1...1)
    static func run(_ a: Arguments, in context: Context) throws -> Int32 { try FlagChange.set(.restriction, on: false, a, context, command: spec.name) }
}
