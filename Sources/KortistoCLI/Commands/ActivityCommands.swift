import Foundation
import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore

// Events and trainings, campaigns and feedback (issue #8's command names are a contract).

enum ActivityInput {
    static func text(_ a: Arguments, _ name: String, max: Int, required: Bool = false, command: String) throws -> String? {
        guard let raw = a.value(name) else {
            if required { throw CLIError.usage("--\(name) is required", command: command) }
            return nil
        }
        let text = try TextInput.clean(raw, field: name, maxLength: max)
        if required && text == nil { throw FieldError(name, "is required") }
        return text
    }
}

struct EventAddCommand: Command {
    static let spec = CommandSpec(
        name: "event add", synopsis: "--name N --date D",
        summary: "add an event or a training; prints the event id",
        options: [.value("name", "N", "what the event is called"), .value("date", "D", "when (12.4.2026 or 2026-04-12)"),
                  .value("place", "P", "where"), .value("trainer", "T", "who leads it"), .choice("kind", ["event", "training"], default: "event", "event (default) or training")])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        guard a.value("name") != nil else { throw CLIError.usage("--name is required", command: spec.name) }
        guard a.value("date") != nil else { throw CLIError.usage("--date is required", command: spec.name) }
        let kind = a.choice("kind")
        let event = try EventInput(name: a.value("name"), date: a.value("date"), place: a.value("place"), trainer: a.value("trainer"),
                                   kind: kind).validate(today: context.today)
        context.stdout.line(String(try context.openRegister(a).addEvent(event)))
        return 0
    }
}

struct EventAttendCommand: Command {
    static let spec = CommandSpec(
        name: "event attend", synopsis: "EVENT ID|--walk-in NAME",
        summary: "record that a customer (or a walk-in by name) took part, with a certificate earned",
        options: [.value("walk-in", "NAME", "a participant who is not a customer"), .value("certificate", "NAME", "certificate earned"),
                  .value("certified-on", "D", "certificate date (default the event date)"), .value("expires", "D", "certificate valid until"),
                  .flag("absent", "registered but did not attend")],
        positionals: 1...2,
        details: "Attending counts as activity for the retention rule. Participant lists are removed by the retention review\n"
            + "participant_retention_years after the event (default 5).")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "an event")
        let customer = a.positionals.count == 2 ? try context.customerNumber(a[1]) : nil
        let walkIn = try ActivityInput.text(a, "walk-in", max: FieldLimits.name, command: spec.name)
        guard (customer == nil) != (walkIn == nil) else {
            throw CLIError.usage("give a customer number or --walk-in NAME (one of them)", command: spec.name)
        }
        let certificate = try ActivityInput.text(a, "certificate", max: FieldLimits.title, command: spec.name)
        if certificate == nil && (a.value("expires") != nil || a.value("certified-on") != nil) {
            throw CLIError.usage("--expires and --certified-on go with --certificate", command: spec.name)
        }
        let register = try context.openRegister(a)
        guard let event = try register.event(id) else { throw CLIError.failure("no event \(id) (see kortisto event list)") }
        let certifiedOn = certificate == nil ? nil : try a.date("certified-on", today: context.today, default: event.date)
        let expires = try a.date("expires", today: context.today)
        if let expires, let certifiedOn, expires < certifiedOn { throw FieldError("expires", "{0} is before the certificate date", "\(expires.finnish)") }
        try register.attend(event: id, customer: customer, walkIn: walkIn, attended: !a.has("absent"), certificate: certificate,
                            certificateDate: certifiedOn, expires: expires)
        context.stderr.line("\(customer.map { "Customer \($0)" } ?? walkIn!) recorded at event \(id) (\(event.name)).")
        return 0
    }
}

struct EventListCommand: Command {
    static let spec = CommandSpec(name: "event list", synopsis: "", summary: "events and trainings, newest first",
                                  options: [.choice("format", ["table", "json"], default: "table", "table (default) or json")])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        let events = try context.openRegister(a).events()
        Listing(header: ["id", "date", "kind", "name", "place", "people"], json: { EventFormat.json($0.event, participants: $0.participants) }) {
            [String($0.event.id), $0.event.date.finnish, $0.event.kind.rawValue, $0.event.name, $0.event.place ?? "", String($0.participants)]
        }.write(events, asJSON: format == "json", empty: "No events yet. Add one with 'kortisto event add --name N --date D'.", context)
        return 0
    }
}

struct EventShowCommand: Command {
    static let spec = CommandSpec(name: "event show", synopsis: "EVENT",
                                  summary: "an event with its participant list, to print as text or PDF",
                                  options: [.choice("format", ["text", "json", "pdf"], default: "text", "text (default), json, or pdf (needs --out)"),
                                            .value("out", "FILE", "write to FILE (mode 0600) instead of standard output"),
                                            .flag("force", "replace an existing FILE")],
                                  positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "an event")
        let format = a.choice("format")
        let out = a.outputFile
        if format == "pdf" && out == nil { try BinaryOutput.check(a, what: "A PDF", command: spec.name, context) }
        if let out, FileManager.default.fileExists(atPath: out), !a.has("force") {
            throw CLIError.failure("\(out) already exists; give another --out or add --force to replace it")
        }
        let register = try context.openRegister(a)
        guard let event = try register.event(id) else { throw CLIError.failure("no event \(id) (see kortisto event list)") }
        let people = try register.participants(ofEvent: id)
        switch format {
        case "json":
            try Exporting.write(JSON.object(EventFormat.pairs(event, participants: people.count) + [
                ("participant_list", .array(people.map(EventFormat.json))),
            ]).rendered() + "\n", to: out, replace: a.has("force"), context)
        case "pdf":
            var lines = EventFormat.participantList(event, people).components(separatedBy: "\n")
            lines.removeFirst() // the name is the page's title
            try BinaryOutput.write(to: out, context) { path in
                do {
                    try TextPages.writePDF(title: event.name, lines: lines, to: path, replace: a.has("force") || out == nil,
                                           fontPath: LabelSheet.defaultFontPath(environment: context.environment))
                } catch { throw CLIError.failure("\(error)") }
            }
        default:
            try Exporting.write(EventFormat.participantList(event, people), to: out, replace: a.has("force"), context)
        }
        if let out { context.stderr.line("Participant list of event \(id) (\(people.count) people) written to \(out).") }
        return 0
    }
}



/// `--purpose newsletter|marketing|research`, marketing when not given.
enum CampaignPurposeOption {
    static func parse(_ a: Arguments, command: String) throws -> CampaignPurpose {
        CampaignPurpose(rawValue: a.choice("purpose"))!
    }
}

struct CampaignAddCommand: Command {
    static let spec = CommandSpec(
        name: "campaign add", synopsis: "--name N --channel letter|email|sms|phone",
        summary: "record a marketing action (newsletter, letter, offer); prints the campaign id",
        options: [.value("name", "N", "what was sent"), .choice("channel", Campaign.Channel.allCases.map(\.rawValue), default: "letter", "letter, email, sms or phone"),
                  .choice("purpose", CampaignPurpose.allCases.map(\.rawValue), default: "marketing", "newsletter (consent needed), marketing (default: bans apply) or research (research bans apply)"),
                  .value("date", "D", "when (default today)")])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let name = try ActivityInput.text(a, "name", max: FieldLimits.description, required: true, command: spec.name)!
        guard a.value("channel") != nil else { throw CLIError.usage("--channel is required (letter, email, sms or phone)", command: spec.name) }
        let channel = Campaign.Channel(rawValue: a.choice("channel"))!
        let purpose = try CampaignPurposeOption.parse(a, command: spec.name)
        let date = try a.date("date", today: context.today, default: context.today)!
        context.stdout.line(String(try context.openRegister(a).addCampaign(Campaign(name: name, channel: channel, date: date, purpose: purpose))))
        return 0
    }
}

struct CampaignSendCommand: Command {
    static let spec = CommandSpec(
        name: "campaign send", synopsis: "CAMPAIGN ID... | --kind K --tag T",
        summary: "record whom a campaign was sent to; refuses everyone who has banned it, naming them and why",
        options: CustomerOptions.filterOptions + [.flag("skip-banned", "with --kind/--tag: leave out the banned instead of refusing")],
        positionals: 1...10_000,
        details: "All or nothing: if one person may not receive it (by the campaign's purpose: no newsletter consent, a direct-marketing\n"
            + "or research ban; for letters also a publication ban; restricted processing), nobody is added and the reasons are listed.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let id = try context.recordNumber(a[0], of: "a campaign")
        var numbers = try a.positionals.dropFirst().map { try context.customerNumber($0) }
        let register = try context.openRegister(a)
        guard let campaign = try register.campaign(id) else { throw CLIError.failure("no campaign \(id) (see kortisto campaign list)") }
        if a.value("kind") != nil || !a.all("tag").isEmpty {
            var skipped = 0
            try register.forEachCustomer(matching: try CustomerOptions.query(a)) { c in
                if a.has("skip-banned"), CampaignRules.exclusion(c, channel: campaign.channel, purpose: campaign.purpose) != nil { skipped += 1; return }
                numbers.append(c.number)
            }
            if skipped > 0 { context.stderr.line("\(skipped) banned or restricted customer(s) left out.") }
        }
        guard !numbers.isEmpty else { throw CLIError.usage("give customer numbers, or --kind/--tag", command: spec.name) }
        let added = try register.addRecipients(campaign: id, customers: numbers, today: context.today)
        context.stderr.line("Campaign \(id) (\(campaign.name)): \(added) recipient(s) recorded.")
        return 0
    }
}

struct CampaignListCommand: Command {
    static let spec = CommandSpec(name: "campaign list", synopsis: "", summary: "marketing actions, newest first",
                                  options: [.choice("format", ["table", "json"], default: "table", "table (default) or json")])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        let campaigns = try context.openRegister(a).campaigns()
        Listing(header: ["id", "date", "channel", "purpose", "name", "recipients"], json: { c in
            .object([("id", .int(c.id))] + CampaignFormat.pairs(c) + [("recipients", .int(Int64(c.recipients)))])
        }) { [String($0.id), $0.date.finnish, $0.channel.rawValue, $0.purpose.rawValue, $0.name, String($0.recipients)] }
            .write(campaigns, asJSON: format == "json", empty: "No campaigns yet. Add one with 'kortisto campaign add --name N --channel letter'.", context)
        return 0
    }
}

struct FeedbackCommand: Command {
    static let spec = CommandSpec(
        name: "feedback", synopsis: "ID --text T",
        summary: "record feedback or a complaint from a customer (shown in the card and the access report)",
        options: [.value("text", "T", "what the customer said"), .value("date", "D", "when (default today)"),
                  .flag("complaint", "it is a complaint"), .value("resolution", "R", "how it was resolved")],
        positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        guard a.value("text") != nil else { throw CLIError.usage("--text is required", command: spec.name) }
        let feedback = try FeedbackInput(text: a.value("text"), date: a.value("date"), complaint: a.has("complaint") ? "yes" : nil,
                                         resolution: a.value("resolution")).validate(customer: number, today: context.today)
        let id = try context.openRegister(a).addFeedback(feedback)
        context.stdout.line(String(id))
        return 0
    }
}
