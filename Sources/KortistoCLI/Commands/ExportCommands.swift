import Foundation
import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore
import Synchronization

/// Exports leave out restricted and forgotten customers, are written 0600, and are recorded.
enum Exporting {
    /// Every customer an export may contain, in name order.
    static func customers(_ register: Register) throws -> [Customer] {
        var out: [Customer] = []
        try register.forEachCustomer { if !$0.isRestricted { out.append($0) } }
        return out
    }

    /// Every matching customer, a chunk at a time: while this thread reads the next chunk's
    /// rows from the register, another makes the customers of the one before, 500 at a time,
    /// and renders each part (`render` may spread a part's text over the cores itself); once
    /// the walk has read and handed over its last chunk, the parts left are made on every core.
    /// The parts reach `deliver` on this thread, in order.
    static func render<Part: Sendable>(_ register: Register, matching query: SearchQuery,
                                       _ render: @escaping @Sendable (_ customers: [Customer]) throws -> Part,
                                       deliver: (Part) throws -> Void) throws {
        let read = Finished()
        try SlicePipeline.run(deliver: { (parts: [Part]) in for part in parts { try deliver(part) } }) { handOver in
            // Also when the walk fails: the parts in flight then end sooner.
            defer { read.finish() }
            try register.forEachChunk(matching: query) { rows in
                try handOver {
                    // One thread while this one reads (both cores on the parts took the reading
                    // thread's time: a CSV export at a million 8.5-8.9 -> 9.7 s); every core for
                    // the tail (a search's list read in four chunks: 72-81 -> 63-69 ms at 100k).
                    let parts = rows.parts(of: 500)
                    return try ParallelMap.map(count: parts.count, oneAtATimeWhile: { !read.isFinished }) { i in
                        try render(try rows.customers(parts[i]))
                    }
                }
            }
        }
    }

    /// Whether a walk has read its last chunk, asked by the threads that make its parts.
    private final class Finished: Sendable {
        private let flag = Atomic<Bool>(false)
        var isFinished: Bool { flag.load(ordering: .acquiring) }
        func finish() { flag.store(true, ordering: .releasing) }
    }

    /// Writes every exportable customer formatted by `format` (which adds a customer's bytes to
    /// the part's), the customers made, chosen (whom `campaign` lets in) and formatted on
    /// another thread (`render`). Returns how many.
    static func write(_ register: Register, matching query: SearchQuery, to out: Destination, campaign: MarketingExport,
                      _ format: @escaping @Sendable (Customer, inout [UInt8]) -> Void) throws -> Int {
        let emptyTally = MarketingExport.Tally(campaign: campaign.campaign)
        try render(register, matching: query) { customers in
            var tally = emptyTally
            var bytes: [UInt8] = []
            for customer in customers where !customer.isRestricted && tally.include(customer) { format(customer, &bytes) }
            return (bytes, tally)
        } deliver: { (bytes: [UInt8], tally: MarketingExport.Tally) in
            try out.write(utf8: bytes)
            campaign.tally.merge(tally)
        }
        return campaign.tally.included
    }

    /// Where an export goes: a private file written in pieces, or standard output. A workbook
    /// (`workbook`) takes the text as its sheet's rows and writes its package's bytes.
    final class Destination {
        private let file: PrivateFile.Writer?
        private let context: Context
        private var pending: [UInt8] = []
        private var workbook: XLSXWriter?

        init(_ path: String?, replace: Bool, _ context: Context, workbook: XLSXWriter? = nil) throws {
            file = try path.map { try PrivateFile.Writer(path: $0, replace: replace) }
            self.context = context
            self.workbook = workbook
            if workbook != nil { try write(bytes: self.workbook!.start()) }
        }

        /// The workbook's bold first row.
        func header(_ cells: [String]) throws {
            guard workbook != nil else { return }
            try write(bytes: workbook!.header(cells))
        }

        func write(_ text: String) throws {
            if workbook != nil { return try write(bytes: workbook!.add(Array(text.utf8), rows: 0)) }
            if let file { return try file.write(text) }
            pending.append(contentsOf: text.utf8)
            if pending.count >= 1 << 20 { flushOutput() }
        }

        /// Text as its UTF-8 bytes: to a file or a pipe as they are, to a terminal as text (a
        /// terminal shows stored data, never obeys it). Made into a string only for a terminal:
        /// decoding a whole-register file of 262 MB again cost a tenth of its time.
        func write(utf8 text: [UInt8]) throws {
            if workbook != nil { return try write(bytes: workbook!.add(text, rows: 0)) }
            if let file { return try file.write(bytes: text) }
            pending.append(contentsOf: text)
            if pending.count >= 1 << 20 { flushOutput() }
        }

        private func write(bytes: [UInt8]) throws {
            if let file { return try file.write(bytes: bytes) }
            context.stdout.write(bytes: bytes)
        }

        /// What waits for standard output, written a megabyte at a time: as bytes to a pipe or
        /// a file, as text (control characters shown, never obeyed) to a terminal.
        private func flushOutput() {
            guard !pending.isEmpty else { return }
            context.stdout.write(stored: pending)
            pending.removeAll(keepingCapacity: true)
        }

        /// Ends the export: a file gets its name only after `beforeNaming` (the register's record
        /// of the export) has succeeded, so the two land together; standard output is written,
        /// then recorded. `rows`: a workbook's rows, checked against what a sheet holds.
        func finish(rows: Int? = nil, beforeNaming: () throws -> Void = {}) throws {
            if workbook != nil {
                do { try write(bytes: workbook!.finish(rows: rows)) } catch {
                    file?.discard()
                    throw CLIError.failure("\(error)")
                }
            }
            if let file { return try file.finish(beforeNaming: beforeNaming) }
            flushOutput()
            // Recorded only when it arrived: a campaign must not list people a cut-off file lost.
            // A full disk, or `export | head`: the rows after it never left, so the export (and
            // its campaign) did not happen as a whole.
            if let why = context.stdout.cutShort {
                throw CLIError.failure("cannot write to standard output: \(why); the export is incomplete and was not recorded")
            }
            try beforeNaming()
        }
    }

    /// Writes `text` to `path` (0600; an existing file only with `replace`), or to stdout.
    static func write(_ text: String, to path: String?, replace: Bool, _ context: Context) throws {
        guard let path else {
            context.stdout.write(text)
            return
        }
        try PrivateFile.write(text, to: path, replace: replace)
    }

    /// The customer fields a CSV export carries (`CustomerField`'s order: a contract).
    static let csvColumns = CustomerField.carried(by: .csv)
    static let csvHeader = csvColumns.map(\.key)

    private static let csvAccess = CustomerField.Access(csvColumns)

    private static let phoneColumn = csvColumns.firstIndex(of: .phone)

    /// A customer's cells; for Excel the phone grouped (`+358 40 123 4567`), which a
    /// spreadsheet keeps as text (the import reads both).
    static func csvFields(_ c: Customer, _ dialect: CSVWriter.Dialect = .plain) -> [String] {
        var cells = csvAccess.cells(c)
        if dialect == .excel, let phoneColumn, let phone = c.phone { cells[phoneColumn] = Phone.international(phone) }
        return cells
    }
}

struct ExportCommand: Command {
    static let spec = CommandSpec(
        name: "export", synopsis: "--format csv|xlsx|json|vcf",
        summary: "export the register: CSV for Excel (or --plain), a workbook (xlsx), the whole register as JSON, or vCards",
        options: [
            .choice("format", ["csv", "xlsx", "json", "vcf"], default: "csv", "csv, xlsx (every cell text: postcodes and phones stay as they are), json or vcf"),
            .flag("plain", "CSV as RFC 4180 for programs (',' no BOM, values untouched)"),
            .choice("vcard", ["3", "4"], default: "3", "vCard version 3 (default) or 4"),
            .value("out", "FILE", "write to FILE (mode 0600) instead of standard output"),
            .flag("force", "replace an existing FILE"),
            .value("campaign", "NAME", "a marketing export (a newsletter list): only people the channel may reach, recorded as this campaign"),
            .choice("channel", Campaign.Channel.allCases.map(\.rawValue), default: "email", "with --campaign: email (default), sms, phone or letter"),
            .choice("purpose", CampaignPurpose.allCases.map(\.rawValue), default: "marketing", "with --campaign: newsletter (only current consents), marketing (default) or research"),
        ] + CustomerOptions.filterOptions,
        details: "--kind and --tag choose whom a CSV, workbook or vCard export holds (the JSON is always the whole register).\n"
            + "Restricted and forgotten customers are never exported. Each export is recorded in the audit log.\n"
            + "With --campaign the file holds only people the purpose's rule allows and the channel can reach, and the\n"
            + "campaign log records everyone in it with the purpose, so each person's report shows it:\n"
            + "  newsletter  only people whose newsletter consent is current (and no direct-marketing ban)\n"
            + "  marketing   no direct-marketing ban; e-mail and SMS to prospects and marketing contacts only with consent\n"
            + "  research    no market-research ban\n"
            + "Letters also leave out publication bans; restricted customers are never on a list.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        guard a.value("format") != nil else { throw CLIError.usage("--format is required (csv, xlsx, json or vcf)", command: spec.name) }
        let format = a.choice("format")
        if a.has("plain") && format != "csv" { throw CLIError.usage("--plain goes with --format csv", command: spec.name) }
        if format == "xlsx" && a.outputFile == nil { try BinaryOutput.check(a, what: "A workbook", command: spec.name, context) }
        let version = Int(a.choice("vcard"))!
        let register = try context.openRegister(a, memory: .everything)
        let query = try CustomerOptions.query(a)
        if format == "json" && query.hasFilters { throw CLIError.usage("--kind and --tag go with csv and vcf; the JSON export is the whole register", command: spec.name) }
        let campaign = try MarketingExport(a, format: format, today: context.today, command: spec.name)
        // Every format is written as the register is read, a part at a time.
        let out = try Exporting.Destination(a.outputFile, replace: a.has("force"), context,
                                            workbook: format == "xlsx" ? XLSXWriter(sheetName: "Asiakkaat", columns: Exporting.csvHeader.count) : nil)
        var count = 0
        switch format {
        case "vcf":
            let uid = try register.exportUIDs()
            count = try Exporting.write(register, matching: query, to: out, campaign: campaign) { c, bytes in
                VCardWriter.append(c, uid: uid(c.number), version: version, revised: c.updatedAt, to: &bytes)
            }
        case "json":
            // The whole register: restricted customers too (it is a private backup, not a list).
            // Called from the threads that render the customers, one call at a time: nothing
            // else writes to `out` until the document is written.
            count = try RegisterDocument.write(register, today: context.today) { try out.write(utf8: $0) }
        case "xlsx":
            // The CSV's columns, every cell text; phones grouped as in the CSV for Excel.
            try out.header(Exporting.csvHeader)
            count = try Exporting.write(register, matching: query, to: out, campaign: campaign) { c, bytes in
                bytes += XLSXWriter.rowXML(Exporting.csvFields(c, .excel))
            }
        default:
            let dialect: CSVWriter.Dialect = a.has("plain") ? .plain : .excel
            try out.write(CSVWriter.document([Exporting.csvHeader], dialect))
            count = try Exporting.write(register, matching: query, to: out, campaign: campaign) { c, bytes in
                CSVWriter.append(Exporting.csvFields(c, dialect), dialect, to: &bytes)
            }
        }
        var campaignLines: [String] = []
        do {
            try out.finish(rows: count) {
                try register.recordExport(format, count: count)
                campaignLines = try campaign.record(register)
            }
        } catch {
            // The file did not get its name: neither may its campaign stand.
            try? campaign.takeBack(register)
            throw error
        }
        if let path = a.outputFile { context.stderr.line("\(count) customer(s) exported to \(path).") }
        for line in campaignLines { context.stderr.line(line) }
        return 0
    }
}

/// `export --campaign NAME`: the file is a marketing list, so it holds only people the campaign
/// rule lets through and the channel can reach, and the campaign log records exactly them.
final class MarketingExport {
    fileprivate let campaign: Campaign?
    private let today: LocalDate
    /// Everyone judged so far: the parts' tallies, merged in the file's order.
    fileprivate var tally: Tally
    private var recordedID: Int64?

    /// Removes the campaign `record` made, when the file it describes could not be kept.
    func takeBack(_ register: Register) throws {
        if let recordedID { try register.deleteCampaign(recordedID) }
        recordedID = nil
    }

    init(_ a: Arguments, format: String, today: LocalDate, command: String) throws {
        self.today = today
        guard let name = try ActivityInput.text(a, "campaign", max: FieldLimits.description, command: command) else {
            if a.value("channel") != nil { throw CLIError.usage("--channel goes with --campaign NAME", command: command) }
            if a.value("purpose") != nil { throw CLIError.usage("--purpose goes with --campaign NAME", command: command) }
            campaign = nil
            tally = Tally(campaign: campaign)
            return
        }
        if format == "json" { throw CLIError.usage("--campaign goes with csv and vcf; the JSON export is the whole register", command: command) }
        let channel = Campaign.Channel(rawValue: a.choice("channel"))!
        campaign = Campaign(name: name, channel: channel, date: today, purpose: try CampaignPurposeOption.parse(a, command: command))
        tally = Tally(campaign: campaign)
    }

    /// Who went into a part of the file and who was left out, and why: counted on the thread
    /// that formats the part, added up in the file's order (`add`).
    struct Tally: Sendable {
        fileprivate let campaign: Campaign?
        private(set) var included = 0
        fileprivate var reached: [Customer] = []
        fileprivate var leftOut: [LabelExclusion: Int] = [:]
        fileprivate var unreachable = 0

        /// Whether the customer goes into the file (everyone, without --campaign), counted.
        mutating func include(_ c: Customer) -> Bool {
            guard let campaign else {
                included += 1
                return true
            }
            if let exclusion = CampaignRules.exclusion(c, channel: campaign.channel, purpose: campaign.purpose) {
                leftOut[exclusion, default: 0] += 1
                return false
            }
            guard CampaignRules.canReach(c, by: campaign.channel) else {
                unreachable += 1
                return false
            }
            included += 1
            reached.append(c)
            return true
        }

        /// Adds a later part's tally (the file's order).
        mutating func merge(_ part: Tally) {
            included += part.included
            reached += part.reached
            leftOut.merge(part.leftOut, uniquingKeysWith: +)
            unreachable += part.unreachable
        }
    }

    /// Records the campaign once the file is written; returns what to tell the user.
    func record(_ register: Register) throws -> [String] {
        guard let campaign else { return [] }
        var lines: [String] = []
        let parts = tally.leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.english)" }
            + (tally.unreachable > 0 ? ["\(tally.unreachable) without \(Self.contact(campaign.channel))"] : [])
        if !parts.isEmpty { lines.append("Left out: " + parts.joined(separator: ", ") + ".") }
        guard !tally.reached.isEmpty else { return lines + ["Nobody was exported, so no campaign was recorded."] }
        let id = try register.recordCampaign(campaign, reaching: tally.reached, today: today)
        recordedID = id
        lines.append("Recorded as campaign \(id) (\(campaign.name), \(campaign.channel.rawValue), \(campaign.purpose.rawValue), \(tally.reached.count) recipient(s)). See kortisto campaign list.")
        return lines
    }

    static func contact(_ channel: Campaign.Channel) -> String {
        switch channel {
        case .letter: "a complete address"
        case .email: "an e-mail address"
        case .sms, .phone: "a phone number"
        }
    }
}

struct BirthdaysCommand: Command {
    static let spec = CommandSpec(
        name: "birthdays", synopsis: "--ics FILE",
        summary: "write customers' birthdays as a yearly calendar (iCalendar) for a phone or mail program",
        options: [.value("ics", "FILE", "the calendar file to write (mode 0600); - for standard output"), .flag("force", "replace an existing FILE")],
        details: "29 February birthdays fall on 28 February in common years. Restricted customers are left out.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        guard a.value("ics") != nil else { throw CLIError.usage("--ics FILE is required", command: spec.name) }
        let register = try context.openRegister(a, memory: .everything)
        let customers = try Exporting.customers(register).filter { $0.birthdate != nil }
        let uid = try register.exportUIDs()
        let text = BirthdayCalendar.calendar(customers, uid: { c in "bday-" + uid(c.number).dropFirst(9) },
                                                 stamp: Date(), summary: { c in
            "Syntymäpäivä: \(c.fullName)" + (c.birthdate?.year.map { " (s. \($0))" } ?? "")
        })
        let file = a.outputFile("ics")
        try Exporting.write(text, to: file, replace: a.has("force"), context)
        if file == nil, let why = context.stdout.cutShort {
            throw CLIError.failure("cannot write to standard output: \(why); the calendar is incomplete and was not recorded")
        }
        try register.recordExport("ics", count: customers.count)
        context.stderr.line("\(customers.count) birthday(s) written to \(file ?? "standard output").")
        return 0
    }
}
