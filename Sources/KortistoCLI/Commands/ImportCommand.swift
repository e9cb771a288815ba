import Foundation
import KortistoCore
import KortistoExchange
import KortistoStore

struct ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import", usage: "import FILE [--format csv|vcf|json] [--map column=field,...] [--dry-run] [--skip-invalid] [--duplicates skip|merge]",
        summary: "import customers from a spreadsheet (CSV as Excel, LibreOffice, Google or Outlook write it) or vCards",
        options: [
            .value("format", "F", "csv, vcf or json (detected from the content when not given; json restores a whole register into an empty one)"),
            .value("map", "COL=FIELD,...", "override the column mapping (a header or a column number; field 'ignore' drops one)"),
            .flag("dry-run", "show what would be imported, change nothing"),
            .flag("skip-invalid", "import the good rows when some are invalid (the rejected go to FILE.rejected.csv)"),
            .value("duplicates", "D", "skip (default) or merge: a row with an existing customer's e-mail or phone"),
            .value("source", "S", "where the data came from (default: other: import FILE)"),
        ],
        positionals: 1...1,
        details: "All or nothing: one transaction. Excel's damage is repaired where safe (postcode 100 -> 00100) and flagged where not (3,58401E+11).")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let path = a[0]
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.failure("cannot read \(path)") }
        let duplicates = try a.choice("duplicates", ["skip", "merge"], default: "skip", command: spec.name)
        let detected = detectFormat(data)
        let format = try a.choice("format", ["csv", "vcf", "json"], default: detected, command: spec.name)
        if format == "json" {
            // A whole register (kortisto export --format json): restored as it was, into an empty register.
            let snapshot = try SnapshotReader.read(data)
            if a.has("dry-run") {
                context.stderr.line("Dry run: \(snapshot.customers.count) customer(s) and \(snapshot.organisations.count) organisation(s) would be restored.")
                return 0
            }
            try context.openRegister(a).restore(snapshot)
            context.stderr.line("Restored \(snapshot.customers.count) customer(s) and \(snapshot.organisations.count) organisation(s).")
            return 0
        }
        let register = try context.openRegister(a)
        let input = try ImportJob.read(data, path: path, format: format, mapSpec: a.value("map"), source: a.value("source"))
        let checker = try ImportChecker(input, register: register, today: context.today)
        func bar(_ label: String) -> (Int, Int) -> Void {
            { done, total in
                if total > 5000 { context.stderr.write("\r" + ProgressBar.line(label, done: done, total: total)) }
                if total > 5000 && done == total { context.stderr.write("\n") }
            }
        }
        /// What was read, the first invalid rows, and all of them in a file beside the input.
        func report(_ plan: ImportPlan) throws {
            context.stderr.line(input.description)
            for r in plan.rejected.prefix(10) { context.stderr.line("  line \(r.line): \(r.reasons.joined(separator: "; "))") }
            if plan.rejected.count > 10 { context.stderr.line("  … and \(plan.rejected.count - 10) more") }
            if !plan.rejected.isEmpty { try writeRejected(plan.rejected, header: input.header, beside: path, context) }
        }
        if a.has("dry-run") {
            let plan = ImportJob.checkAll(checker, progress: bar("Checking"))
            try report(plan)
            context.stderr.line("Dry run: \(plan.summary(duplicates: duplicates)). Nothing was changed.")
            return plan.rejected.isEmpty ? 0 : 1
        }
        // One transaction: every new customer and every merge land together, or none. Rows
        // are checked while the ones before them are written; invalid rows without
        // --skip-invalid undo it all.
        let merged: Int
        do {
            merged = try ImportJob.checkAndApply(checker, merge: duplicates == "merge", skipInvalid: a.has("skip-invalid"),
                                                 register: register, today: context.today, progress: bar("Importing"))
        } catch is ImportJob.InvalidRows {
            try report(checker.plan)
            throw CLIError.failure("nothing imported: \(checker.plan.rejected.count) row(s) are invalid (see above). Fix them, or add --skip-invalid to import the \(checker.plan.fresh.count) good row(s)")
        }
        try report(checker.plan)
        context.stderr.line("Imported: \(checker.plan.summary(duplicates: duplicates))" + (duplicates == "merge" ? "; \(merged) existing customer(s) completed." : "."))
        return 0
    }

    static func detectFormat(_ data: Data) -> String {
        let head = String(decoding: data.prefix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
        if head.uppercased().hasPrefix("BEGIN:VCARD") { return "vcf" }
        if head.hasPrefix("{") { return "json" }
        return "csv"
    }

    /// The rejected rows with their reasons, beside the input, so they can be fixed and imported.
    static func writeRejected(_ rows: [(line: Int, row: [String], reasons: [String])], header: [String], beside path: String, _ context: Context) throws {
        let out = path + ".rejected.csv"
        let text = CSVWriter.document([["line", "reasons"] + header] + rows.map { [String($0.line), $0.reasons.joined(separator: "; ")] + $0.row }, .excel)
        try Exporting.write(text, to: out, replace: true, context)
        context.stderr.line("The invalid rows and their reasons are in \(out).")
    }
}
