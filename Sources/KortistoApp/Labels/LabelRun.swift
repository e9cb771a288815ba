import Foundation
import KortistoCore
import KortistoExchange
import KortistoStore

/// One run of address labels, the same for `kortisto labels` and the interface's `l`: the
/// people a selection lets through, written as a sheet (PDF) or as text or CSV, and, for
/// marketing, recorded in the campaign log together with the file. Returns what was done as
/// facts (`LabelReport`), for each surface to say in its language.
public struct LabelRun: Sendable {
    public enum Format: String, Sendable { case pdf, txt, csv }

    public var template: LabelTemplate
    public var purpose: LabelPurpose
    public var format: Format = .pdf
    /// Labels of the first sheet left empty (a half-used sheet).
    public var skip = 0
    public var offset = LabelOffset("0,0")!
    /// The campaign a marketing run is recorded as; nil: not recorded (service labels, a test print).
    public var campaign: String?
    /// Replace an existing file.
    public var replace = false
    /// A Unicode font for letters outside the standard PDF font (`LabelSheet.defaultFontPath`).
    public var fontPath: String?

    public init(template: LabelTemplate, purpose: LabelPurpose) {
        self.template = template
        self.purpose = purpose
    }

    /// What the sheet would hold and the first sheet's addresses, written nowhere.
    public func preview(_ selection: LabelSelection) throws -> LabelReport {
        preview(labels: selection.count, excluded: selection.excluded, first: try selection.labels(0..<min(selection.count, firstSheetLabels)))
    }

    /// The same of a sheet of everyone, from the counts the register keeps (`labelGlance`).
    public func preview(_ glance: LabelGlance) -> LabelReport {
        preview(labels: glance.labels, excluded: glance.excluded, first: glance.first)
    }

    private func preview(labels: Int, excluded: [LabelExclusion: Int], first: [(number: Int64, lines: [String])]) -> LabelReport {
        LabelReport(labels: labels, sheets: sheets(labels), sheet: sheetName, leftOut: Self.leftOut(excluded),
                    firstSheet: LabelSheet.text(first.map(Self.entry)).components(separatedBy: "\n"))
    }

    /// The labels of the first sheet (the rest of it after `skip`).
    var firstSheetLabels: Int { max(0, template.labelsPerSheet - skip) }

    /// How many sheets `labels` labels take after `skip` (one however few).
    func sheets(_ labels: Int) -> Int { max(1, (labels + skip + template.labelsPerSheet - 1) / template.labelsPerSheet) }

    /// A label's customer and lines as the writers take them.
    static func entry(_ label: (number: Int64, lines: [String])) -> LabelEntry {
        LabelEntry(number: label.number, name: label.lines.first ?? "", lines: label.lines)
    }

    /// Writes the labels of `selection` to `path`, one at a time from the selection's compact
    /// lines, a stretch of the sheet at a time (memory stays flat however many). The campaign
    /// record is made once every byte is written, before the file gets its name, and taken
    /// back if the file cannot be named: the sheet and its record land together or not at all.
    public func write(_ selection: LabelSelection, to path: String, register: Register, today: LocalDate) throws -> LabelReport {
        guard skip >= 0, skip < template.labelsPerSheet else {
            throw ValidationErrors([FieldError("skip", "from 0 to {0}", "\(template.labelsPerSheet - 1)")])
        }
        guard !selection.isEmpty else { throw Self.nobody(selection) }
        let labels: LabelSheet.Source = { each in
            try selection.forEachLabel { number, lines in try each(Self.entry((number, lines))) }
        }
        var recorded: Int64?
        let record = { () throws in
            if let campaign = self.campaign, self.purpose == .marketing {
                recorded = try register.recordCampaign(Campaign(name: campaign, channel: .letter, date: today, purpose: .marketing),
                                                       reaching: selection, today: today)
            }
        }
        var outcome = LabelOutcome()
        do {
            switch format {
            case .pdf:
                outcome = try LabelSheet.writePDF(labels: labels, template: template, skip: skip, offsetMM: (offset.x, offset.y), to: path, replace: replace,
                                                  fontPath: fontPath, beforeNaming: record)
            case .txt, .csv:
                let file = try PrivateFile.Writer(path: path, replace: replace, hint: "give another --out or add --force to replace it")
                // Written as the labels come (the writer buffers).
                if format == .csv { try file.write(LabelSheet.csvHeader) }
                try labels { entry in
                    try file.write(format == .csv ? LabelSheet.csvRow(entry) : LabelSheet.textBlock(entry, first: outcome.labels == 0))
                    outcome.labels += 1
                }
                if format == .txt && outcome.labels > 0 { try file.write("\n") }
                try file.finish(beforeNaming: record)
            }
        } catch {
            if let recorded { try? register.deleteCampaign(recorded) }
            throw error
        }
        return LabelReport(labels: outcome.labels, sheets: outcome.pages, sheet: sheetName, leftOut: Self.leftOut(selection.excluded), path: path,
                           campaign: recorded.map { .init(id: $0, name: campaign ?? "", recipients: selection.count) },
                           embeddedFont: outcome.embeddedFont, transliterated: outcome.transliterated, overflowed: outcome.overflowed)
    }

    /// Nobody to put on a sheet, with how many were left out and why.
    private static func nobody(_ selection: LabelSelection) -> Refusal {
        let left = leftOut(selection.excluded).map { "\($0.count) \($0.reason.english)" }
        return Refusal("no labels to make: nobody matched who may be printed{0}", left.isEmpty ? "" : " (Left out: " + left.joined(separator: ", ") + ".)")
    }

    var sheetName: String { "\(template.brand) \(template.part)" }

    /// Who was left off and why, counted, never named; in a fixed order.
    static func leftOut(_ excluded: [LabelExclusion: Int]) -> [LabelReport.LeftOut] {
        excluded.sorted { $0.key < $1.key }.map { LabelReport.LeftOut(reason: $0.key, count: $0.value) }
    }

    /// The campaign a marketing run is recorded as when it is not named: after the file.
    public static func defaultCampaign(for path: String) -> String {
        "Labels " + PathName.name(path)
    }
}

/// The interface's `l` dialog: a `LabelRun` over the customers its search shows.
public final class LabelPrinter: LabelPrinting {
    let register: Register
    let templates: [LabelTemplate]
    let today: LocalDate
    let fontPath: String?
    let home: String?

    public var sheets: LabelSheetCatalog { LabelTemplate.catalog(templates) }

    public init(register: Register, templates: [LabelTemplate], today: LocalDate, fontPath: String?, home: String? = nil) {
        self.register = register
        self.templates = templates
        self.today = today
        self.fontPath = fontPath
        self.home = home
    }

    private func run(_ name: String, _ purpose: LabelPurpose, skip: Int) throws -> LabelRun {
        guard let template = templates.first(where: { $0.matches(name) }) else {
            throw ValidationErrors([FieldError("template", "unknown label sheet '{0}' (the sheets: {1})", name, templates.map(\.id).joined(separator: ", "))])
        }
        var run = LabelRun(template: template, purpose: purpose)
        run.skip = skip
        run.fontPath = fontPath
        run.offset = LabelOffset(try register.settings().value(.labelOffset) ?? "0,0") ?? run.offset
        return run
    }

    private func select(_ search: String, _ purpose: LabelPurpose) throws -> LabelSelection {
        try register.labelSelection(matching: SearchQuery(search), purpose: purpose, sortByPostcode: true)
    }

    /// A sheet of everyone from the counts the register keeps (flat at any size); a search's
    /// few, or everyone if the kept counts ever disagreed with the rules, read and weighed.
    public func preview(search: String, template: String, purpose: LabelPurpose, skip: Int) throws -> LabelReport {
        let run = try run(template, purpose, skip: skip)
        if SearchQuery(search).isEmpty, let glance = try register.labelGlance(purpose: purpose, first: run.firstSheetLabels) {
            return run.preview(glance)
        }
        return try run.preview(try select(search, purpose))
    }

    public func write(search: String, template: String, purpose: LabelPurpose, skip: Int, campaign: String?,
                      unnamed: (_ fileName: String) -> String, to path: String) throws -> LabelReport {
        var run = try run(template, purpose, skip: skip)
        do {
            run.campaign = try campaign.flatMap { raw throws(FieldError) in try TextInput.clean(raw, field: "campaign", maxLength: FieldLimits.description) }
        } catch {
            throw ValidationErrors([error])
        }
        let expanded = PrivateFile.resolve(path, home: home)
        guard !FileManager.default.fileExists(atPath: expanded) else {
            throw ValidationErrors([FieldError("file", "{0} already exists; choose another name", expanded)])
        }
        if purpose == .marketing, run.campaign == nil { run.campaign = unnamed(PathName.name(expanded)) }
        return try run.write(try select(search, purpose), to: expanded, register: register, today: today)
    }
}
