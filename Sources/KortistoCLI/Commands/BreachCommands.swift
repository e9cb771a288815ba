import KortistoApp
import KortistoCore
import KortistoStore


struct BreachAddCommand: Command {
    static let spec = CommandSpec(
        name: "breach add",
        synopsis: "--what TEXT --when DATE",
        summary: "document a personal-data breach (GDPR Art. 33(5)); prints its number and the 72-hour reporting deadline",
        options: [
            .value("what", "TEXT", "what happened and what data it concerns (e.g. a laptop with the register was stolen)"),
            .value("when", "DATE", "when it happened"),
            .value("found", "DATE", "when you became aware of it (default: --when); the 72 hours run from here"),
            .value("people", "N", "how many people it concerns"),
            .value("reported-on", "DATE", "when it was reported to the Data Protection Ombudsman"),
            .value("notified-on", "DATE", "when the people concerned were told"),
            .value("measures", "TEXT", "what was done about it"),
        ],
        details: "Every breach is documented, also one that need not be reported. A breach that is a risk to people must be\n"
            + "reported to the Data Protection Ombudsman (tietosuojavaltuutettu) within 72 hours of becoming aware of it.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let breach = try BreachInput(what: a.value("what"), when: a.value("when"), found: a.value("found"), people: a.value("people"),
                                     reportedOn: a.value("reported-on"), notifiedOn: a.value("notified-on"), measures: a.value("measures"))
            .validate(today: context.today)
        let id = try context.openRegister(a).addBreach(breach)
        context.stdout.line("\(id) \(breach.reportDue.iso)")
        if breach.reportedOn == nil {
            let late = breach.state(on: context.today) == .late
            context.stderr.line("Breach \(id) documented. If it is a risk to people, report it to the Data Protection Ombudsman "
                + (late ? "at once: the 72 hours ended on \(breach.reportDue.finnish) (give the reasons for the delay)." : "by \(breach.reportDue.finnish) (72 hours)."))
        } else {
            context.stderr.line("Breach \(id) documented.")
        }
        return 0
    }
}

struct BreachUpdateCommand: Command {
    static let spec = CommandSpec(
        name: "breach update", synopsis: "BREACH",
        summary: "record that a breach was reported, the people were told, or what was done",
        options: [
            .value("reported-on", "DATE", "when it was reported to the Data Protection Ombudsman"),
            .value("notified-on", "DATE", "when the people concerned were told"),
            .value("measures", "TEXT", "what was done about it"),
        ],
        positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "a breach")
        let input = BreachInput(reportedOn: a.value("reported-on"), notifiedOn: a.value("notified-on"), measures: a.value("measures"))
        guard input.reportedOn != nil || input.notifiedOn != nil || input.measures != nil else {
            throw CLIError.usage("give --reported-on, --notified-on or --measures", command: spec.name)
        }
        let register = try context.openRegister(a)
        guard let breach = try register.breach(id) else { throw CLIError.failure("no breach \(id) (see kortisto breach list)") }
        let changes = try input.changes(today: context.today, found: breach.foundOn)
        try register.updateBreach(id, reportedOn: changes.reportedOn, notifiedOn: changes.notifiedOn, measures: changes.measures)
        context.stderr.line("Breach \(id) updated.")
        return 0
    }
}

struct BreachListCommand: Command {
    static let spec = CommandSpec(
        name: "breach list", synopsis: "",
        summary: "the breach log, newest first, with the 72-hour reporting deadline of each",
        options: [.choice("format", ["table", "json"], default: "table", "table (default) or json")])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        let breaches = try context.openRegister(a).breaches()
        Listing(header: ["No", "Happened", "Found", "Report by", "Reported", "Told", "People", "What"],
                maxWidths: [5, 10, 10, 10, 10, 10, 7, 50], json: { BreachFormat.json($0, today: context.today) }) { b in
            let reported = b.reportedOn?.finnish ?? (b.state(on: context.today) == .late ? "LATE" : "not yet")
            return [String(b.id), b.happenedOn.finnish, b.foundOn.finnish, b.reportDue.finnish, reported, b.notifiedOn?.finnish ?? "",
                    b.people.map(String.init) ?? "", b.what]
        }.write(breaches, asJSON: format == "json", empty: "No breaches documented.", context)
        return 0
    }
}
