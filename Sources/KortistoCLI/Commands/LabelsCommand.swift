import Foundation
import KortistoCore
import KortistoExchange
import KortistoStore
import KortistoApp

struct LabelsCommand: Command {
    static let spec = CommandSpec(
        name: "labels",
        synopsis: "--out FILE | --list-templates",
        summary: "address labels that honour every ban (PDF for a label sheet, or text, or CSV)",
        options: [
            .value("template", "ID", "label sheet, e.g. avery-l7160 or L7163 (default: the label_template setting)"),
            .value("out", "FILE", "where to write (mode 0600; an existing file is kept unless --force)"),
            .choice("format", ["pdf", "txt", "csv", "json"], default: "pdf", "pdf (default), txt or csv; with --list-templates table (default) or json"),
            .choice("purpose", ["marketing", "service"], default: "marketing", "marketing (default: leaves out direct-marketing bans too) or service"),
            .value("search", "Q", "only customers matching Q"),
            CustomerOptions.filterOptions[0], CustomerOptions.filterOptions[1],
            .value("org", "NAME", "only people of this organisation"),
            .value("town", "T", "only this town"),
            .value("postcodes", "FROM-TO", "only postcodes in this range, e.g. 00100-00990"),
            .value("skip", "N", "leave the first N labels of the first sheet empty (a half-used sheet)"),
            .choice("sort", ["postcode", "name"], default: "postcode", "postcode (default) or name"),
            .value("offset", "X,Y", "printer offset in millimetres, e.g. 1.5,-0.5 (default: the label_offset setting)"),
            .value("campaign", "NAME", "name the campaign this marketing run is recorded as (default: Labels FILE)"),
            .flag("no-campaign", "a test print: do not record the run in the campaign log"),
            .flag("print", "send the PDF to the printer with lp (CUPS)"),
            .flag("force", "replace an existing output file"),
            .flag("list-templates", "list the label sheets known"),
        ],
        details: "Always left out: publication bans, restricted customers and incomplete addresses; for marketing also direct-marketing bans.\n"
            + "A marketing run is recorded in the campaign log (channel letter) with everyone on the sheet, so each person's report shows it.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let resources = ResourceFiles.locate(environment: context.environment)
        let templates: [LabelTemplate]
        do { templates = try LabelTemplate.all(resources: resources, environment: context.environment) } catch { throw CLIError.failure("\(error)") }
        if a.has("list-templates") {
            if a.value("format") == "json" {
                context.stdout.line(JSON.array(templates.map(templateJSON)).rendered())
                return 0
            }
            context.stdout.write(Table.render(header: ["Id", "Sheet", "Labels", "Size (mm)"], rows: templates.map {
                [$0.id, "\($0.brand) \($0.part)" + (($0.aliases ?? []).isEmpty ? "" : " (\($0.aliases!.joined(separator: ", ")))"),
                 "\($0.layout.columns)×\($0.layout.rows)", "\(PDFNumber.mm($0.label.widthMM))×\(PDFNumber.mm($0.label.heightMM))"]
            }, maxWidths: [24, 50, 7, 14]))
            return 0
        }
        // Every argument is checked before the register is opened (or created).
        if a.choice("format") == "json" { throw CLIError.usage("--format json goes with --list-templates; labels are pdf, txt or csv", command: spec.name) }
        guard a.value("out") != nil else { throw CLIError.usage("--out is required (- for standard output)", command: spec.name) }
        let out = a.outputFile
        let format = a.choice("format")
        if out == nil {
            try BinaryOutput.check(a, what: format == "pdf" ? "A label PDF" : nil, command: spec.name, context)
            if a.has("print") { throw CLIError.usage("--print sends a file: give --out FILE", command: spec.name) }
        }
        let purpose = LabelPurpose(rawValue: a.choice("purpose"))!
        let sort = a.choice("sort")
        if let name = a.value("template") {
            guard let given = templates.first(where: { $0.matches(name) }) else {
                throw CLIError.usage("unknown label template '\(name)' (see kortisto labels --list-templates)", command: spec.name)
            }
            if let raw = a.value("skip"), !(Int(raw).map { $0 >= 0 && $0 < given.labelsPerSheet } ?? false) {
                throw CLIError.usage("--skip must be a number from 0 to \(given.labelsPerSheet - 1) (labels on one sheet)", command: spec.name)
            }
        }
        if let out, FileManager.default.fileExists(atPath: out) && !a.has("force") {
            throw CLIError.failure("\(out) already exists; give another --out or add --force to replace it")
        }
        // The table is read once, in its own order: small memory is as fast as the map.
        let register = try context.openRegister(a, memory: .small)
        let settings = try register.settings()
        // The register's label defaults stand in for --template and --offset.
        let templateName = a.value("template") ?? settings.value(.labelTemplate) ?? "avery-l7160"
        guard let template = templates.first(where: { $0.matches(templateName) }) else {
            throw CLIError.usage("unknown label template '\(templateName)' (see kortisto labels --list-templates)", command: spec.name)
        }
        let skip = try a.value("skip").map { raw throws(CLIError) -> Int in
            guard let n = Int(raw), n >= 0, n < template.labelsPerSheet else {
                throw .usage("--skip must be a number from 0 to \(template.labelsPerSheet - 1) (labels on one sheet)", command: spec.name)
            }
            return n
        } ?? 0
        guard let offset = LabelOffset(a.value("offset") ?? settings.value(.labelOffset) ?? "0,0") else {
            throw CLIError.usage("--offset must be X,Y in millimetres (at most 20), e.g. 1.5,-0.5", command: spec.name)
        }
        let postcodes = try a.value("postcodes").map { raw throws(CLIError) -> ClosedRange<String> in
            let parts = raw.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0] <= parts[1] else { throw .usage("--postcodes must be FROM-TO, e.g. 00100-00990", command: spec.name) }
            return parts[0]...parts[1]
        }
        let campaignName = try LabelCampaign.name(a, purpose: purpose, out: out ?? "standard output", command: spec.name)
        let filter = LabelFilter(organisation: a.value("org"), town: a.value("town"), postcodes: postcodes)
        let selection = try register.labelSelection(matching: try CustomerOptions.query(a, search: a.value("search") ?? ""), purpose: purpose,
                                                    sortByPostcode: sort == "postcode", filter: filter)
        var run = LabelRun(template: template, purpose: purpose)
        run.format = LabelRun.Format(rawValue: format)!
        run.skip = skip
        run.offset = offset
        run.campaign = campaignName
        run.replace = a.has("force") || out == nil
        run.fontPath = LabelSheet.defaultFontPath(environment: context.environment)
        var report = try BinaryOutput.write(to: out, context) { path in try run.write(selection, to: path, register: register, today: context.today) }
        if out == nil {
            report.path = "standard output"
            // The sheet is recorded as its file is named, before it is copied out: cut short on
            // its way (a full disk, `| head`), its campaign must not stand.
            if let why = context.stdout.cutShort {
                var said = "cannot write to standard output: \(why); the sheet is incomplete"
                if let campaign = report.campaign {
                    // Taken back as a sheet whose file cannot be named is; what stops that is said too.
                    do {
                        try register.deleteCampaign(campaign.id)
                        said += " and its campaign was not recorded"
                    } catch {
                        said += ", but its campaign \(campaign.name) could not be taken back (\(error))"
                    }
                }
                throw CLIError.failure(said)
            }
        }
        for line in LabelSummary.lines(report) { context.stderr.line(line) }
        if let out, a.has("print") { try printFile(out, format: format, context) }
        return 0
    }

    /// A label sheet as `--list-templates --format json` gives it; measures in millimetres.
    static func templateJSON(_ t: LabelTemplate) -> JSON {
        .object([
            ("id", .string(t.id)), ("brand", .string(t.brand)), ("part", .string(t.part)), ("aliases", .array((t.aliases ?? []).map(JSON.string))),
            ("columns", .int(t.layout.columns)), ("rows", .int(t.layout.rows)), ("labels_per_sheet", .int(t.labelsPerSheet)),
            ("label_width_mm", .decimal(PDFNumber.mm(t.label.widthMM))), ("label_height_mm", .decimal(PDFNumber.mm(t.label.heightMM))),
            ("page_width_mm", .decimal(PDFNumber.mm(t.page.widthMM))), ("page_height_mm", .decimal(PDFNumber.mm(t.page.heightMM))),
        ])
    }

    /// Hands the PDF to CUPS's `lp`, or says plainly that there is none.
    static func printFile(_ path: String, format: String, _ context: Context) throws {
        guard format == "pdf" else { throw CLIError.failure("--print sends PDFs only; the \(format) file was written") }
        let lp = ["/usr/bin/lp", "/bin/lp", "/usr/local/bin/lp"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let lp else {
            throw CLIError.failure("no printing system (CUPS 'lp') is installed; the PDF was written to \(path): print it at 100 % (no scaling)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: lp)
        process.arguments = ["-o", "fit-to-page=false", "-o", "scaling=100", path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLIError.failure("lp could not print \(path) (status \(process.terminationStatus))") }
        context.stderr.line("Sent to the printer. Print at 100 %.")
    }
}

/// Millimetres as people read them (`63.5`, `70`).
enum PDFNumber {
    static func mm(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(Double(Int((value * 10).rounded())) / 10)
    }
}

/// A marketing label run goes into the campaign log by itself: whom it reached is exactly the
/// sheet, so nobody has to type it in, and each person's report lists it.
enum LabelCampaign {
    /// The campaign's name, or nil when the run is not recorded (service labels, a test print).
    static func name(_ a: Arguments, purpose: LabelPurpose, out: String, command: String) throws -> String? {
        if a.has("no-campaign") {
            if a.value("campaign") != nil { throw CLIError.usage("--campaign and --no-campaign exclude each other", command: command) }
            return nil
        }
        guard purpose == .marketing else {
            if a.value("campaign") != nil { throw CLIError.usage("--campaign goes with marketing labels; service labels (invoices, appointments) are not marketing", command: command) }
            return nil
        }
        return try ActivityInput.text(a, "campaign", max: FieldLimits.description, required: false, command: command)
            ?? LabelRun.defaultCampaign(for: out)
    }

}

/// The summary people read after writing labels; it counts the left-out, never names them.
enum LabelSummary {
    /// What a run did, in the command line's English.
    static func lines(_ report: LabelReport) -> [String] {
        var lines = ["\(report.labels) label(s) written to \(report.path ?? "")" + (report.sheets > 0 ? " (\(report.sheets) sheet(s) of \(report.sheet))." : ".")]
        if !report.leftOut.isEmpty { lines.append("Left out: " + report.leftOut.map { "\($0.count) \($0.reason.english)" }.joined(separator: ", ") + ".") }
        if let font = report.embeddedFont { lines.append("Letters outside the standard PDF font are printed with \(font) (embedded).") }
        if !report.transliterated.isEmpty {
            lines.append("Warning: letters the font lacks were replaced (e.g. ł -> l) for: \(report.transliterated.joined(separator: ", ")).")
        }
        if !report.overflowed.isEmpty {
            lines.append("Warning: these addresses did not fit even at 8 pt and were cut with …: \(report.overflowed.joined(separator: ", ")).")
        }
        if let campaign = report.campaign {
            lines.append("Recorded as campaign \(campaign.id) (\(campaign.name), letter, \(campaign.recipients) recipient(s)). See kortisto campaign list.")
        }
        return lines
    }
}
