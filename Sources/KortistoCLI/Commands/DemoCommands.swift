import Foundation
import KortistoCore
import KortistoStore

struct DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo", synopsis: "",
        summary: "open a demo register of ~200 invented customers (never your real register)",
        options: [.flag("reset", "throw the demo register away and make a new one")],
        details: "Without --db the demo lives in demo.sqlite beside your register and is reused if it exists.")

    static let customers = 200
    static let organisations = 25

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        if context.stdout.isTerminal {
            // The interface: what opening says, and why it cannot, in its language.
            let (register, strings) = try FullScreen.opening(context) { strings in
                try open(try location(a, context), reset: a.has("reset"), context) { strings.sentence($0.format, $0.arguments) }
            }
            return try FullScreen.run(register, context, opening: strings)
        }
        let path = try location(a, context)
        let register = try open(path, reset: a.has("reset"), context) { $0.message }
        let count = try register.countCustomers()
        context.stdout.line("Demo register: \(path) (\(count) customers)")
        context.stdout.line("")
        context.stdout.line("Try:")
        let db = path.contains(" ") ? "'\(path)'" : path
        context.stdout.line("  kortisto --db \(db) list")
        context.stdout.line("  kortisto --db \(db) search virt")
        context.stdout.line("  kortisto --db \(db) show 1001")
        return 0
    }

    /// The demo's file: `--db`, else demo.sqlite beside the register.
    static func location(_ a: Arguments, _ context: Context) throws -> String {
        if let explicit = a.value("db") { return explicit }
        let (registerPath, isDefault) = RegisterLocation.resolve(explicit: nil, environment: context.environment)
        let folder = PathName.folder(registerPath)
        if isDefault { try RegisterLocation.prepareDefaultFolder(folder) }
        return (folder.isEmpty ? "." : folder) + "/demo.sqlite"
    }

    /// The demo register at `path`, made and filled when new (again with `reset`); a register
    /// that is not a demo is refused, never changed. What opening says (an upgrade of an old
    /// demo) goes to stderr in the words `saying` gives.
    static func open(_ path: String, reset: Bool, _ context: Context, saying: @escaping (Announcement) -> String) throws -> Register {
        let announce: (Announcement) -> Void = { [stderr = context.stderr] in stderr.line(saying($0)) }
        if reset {
            // Only ever a demo file: refuse to reset something that is not a demo register.
            if FileManager.default.fileExists(atPath: path) {
                // (Its upgrade, if it is old, goes unsaid: it is thrown away next.)
                let existing = try Register.open(at: path)
                guard try existing.isDemo() else {
                    throw Refusal("{0} is not a demo register; --reset only replaces demo registers", path)
                }
                existing.close()
            }
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let register = try Register.open(at: path, announce: announce)
        if try register.countCustomers() == 0 {
            try register.fillSynthetic(customers: customers, organisations: organisations, seed: 2025, today: context.today)
            try fillPrivacyExamples(register, today: context.today)
            try fillActivityExamples(register, today: context.today)
            try register.markAsDemo()
        } else if !(try register.isDemo()) {
            throw Refusal("{0} already holds a register that is not a demo; give another --db PATH", path)
        }
        return register
    }
}

extension DemoCommand {
    /// An invented controller and a few requests, so the notice, `R` and the card have something to show.
    static func fillPrivacyExamples(_ register: Register, today: LocalDate) throws {
        try register.setSettings([
            .controllerName: "Esimerkkivalmennus Mäkelä", .controllerBusinessID: "1234567-1",
            .controllerAddress: "Myllytie 3, 33100 Tampere", .controllerEmail: "toimisto@example.fi",
            .controllerPhone: "+358401234567", .contactPerson: "Väinö Mäkelä, toimisto@example.fi",
            .recipients: "Tilitoimisto (kirjanpito); Laskutuspalvelu; Perintätoimisto (perintä)",
        ])
        let people = try register.customers(limit: 12)
        guard people.count >= 12 else { return }
        try register.addRequest(customer: people[3].number, type: .access, received: today.adding(days: -26), note: "Sähköpostilla")
        try register.addRequest(customer: people[7].number, type: .rectification, received: today.adding(days: -3), note: "Uusi osoite")
        let answered = try register.addRequest(customer: people[11].number, type: .access, received: today.adding(days: -60), note: nil)
        try register.closeRequest(answered.id, resolution: "Tarkastusraportti lähetetty", on: today.adding(days: -40))
        try register.addDisclosure(Disclosure(date: today.adding(days: -90), recipient: "Perintätoimisto (perintä)",
                                              what: "nimi, osoite, erääntynyt lasku", reason: "perintä"), customer: people[5].number)
    }
}

extension DemoCommand {
    /// Events with participants and certificates (one list old enough for the retention review),
    /// a letter campaign to those tagged for Christmas cards who may receive it, and feedback.
    static func fillActivityExamples(_ register: Register, today: LocalDate) throws {
        let people = try register.customers(limit: 60)
        guard people.count >= 60 else { return }
        let first = try register.addEvent(Event(name: "Ensiapukurssi EA1", date: today.adding(years: -6), place: "Tampere", trainer: "Väinö Mäkelä", kind: .training))
        let course = try register.addEvent(Event(name: "Ensiapukurssi EA1", date: today.adding(days: -200), place: "Tampere", trainer: "Väinö Mäkelä", kind: .training))
        let seminar = try register.addEvent(Event(name: "Työhyvinvointiseminaari", date: today.adding(days: -30), place: "Jyväskylä"))
        for person in people[0..<6] {
            try register.attend(event: first, customer: person.number, certificate: "EA1", certificateDate: today.adding(years: -6), expires: today.adding(years: -3))
        }
        for person in people[10..<22] where !person.isRestricted {
            try register.attend(event: course, customer: person.number, certificate: "EA1", certificateDate: today.adding(days: -200),
                                expires: today.adding(days: -200).adding(years: 3))
        }
        for (i, person) in people[20..<40].enumerated() where !person.isRestricted {
            try register.attend(event: seminar, customer: person.number, attended: i % 7 != 0)
        }
        try register.attend(event: seminar, customer: nil, walkIn: "Kävijä Kyläläinen")
        let letter = try register.addCampaign(Campaign(name: "Joulukortti", channel: .letter, date: today.adding(days: -330)))
        var recipients: [Int64] = []
        try register.forEachCustomer(matching: SearchQuery("", tags: ["joulukortti"])) { c in
            if CampaignRules.exclusion(c, channel: .letter, purpose: .marketing) == nil { recipients.append(c.number) }
        }
        if !recipients.isEmpty { try register.addRecipients(campaign: letter, customers: recipients, today: today.adding(days: -330)) }
        // A newsletter reaches only people whose consent is current.
        var subscribers: [Customer] = []
        try register.forEachCustomer(matching: SearchQuery("")) { c in
            if c.email != nil, CampaignRules.exclusion(c, channel: .email, purpose: .newsletter) == nil { subscribers.append(c) }
        }
        if !subscribers.isEmpty {
            try register.recordCampaign(Campaign(name: "Uutiskirje, syksy", channel: .email, date: today.adding(days: -60), purpose: .newsletter),
                                        reaching: subscribers, today: today.adding(days: -60))
        }
        try register.addFeedback(Feedback(customerNumber: people[12].number, date: today.adding(days: -190), text: "Selkeä ja käytännöllinen kurssi."))
        try register.addFeedback(Feedback(customerNumber: people[25].number, date: today.adding(days: -25), text: "Seminaaritila oli liian kylmä.",
                                          isComplaint: true, resolution: "Pahoiteltu; seuraava seminaari toisessa tilassa"))
    }
}

struct GenerateCommand: Command {
    static let spec = CommandSpec(
        name: "generate", synopsis: "--count N",
        summary: "fill a new, empty register with N invented customers (for benchmarks)",
        options: [
            .value("count", "N", "how many customers (1 to 10000000)"),
            .value("seed", "S", "random seed (default 1); the same seed gives the same register"),
        ])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        guard let rawCount = a.value("count") else { throw CLIError.usage("--count is required", command: spec.name) }
        guard let count = Int(rawCount), (1...10_000_000).contains(count) else {
            throw CLIError.usage("--count must be a number from 1 to 10000000", command: spec.name)
        }
        let seed = try a.value("seed").map { raw throws(CLIError) -> UInt64 in
            guard let seed = UInt64(raw) else { throw .usage("--seed must be a non-negative number", command: spec.name) }
            return seed
        } ?? 1
        let register = try context.openRegister(a)
        guard try register.countCustomers() == 0 else {
            throw CLIError.failure("\(register.path) already has customers; generate fills only a new, empty register")
        }
        let started = Date()
        try register.fillSynthetic(customers: count, organisations: max(1, count / 20), seed: seed, today: context.today)
        context.stderr.line("Generated \(count) customers in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(register.path)")
        return 0
    }
}
