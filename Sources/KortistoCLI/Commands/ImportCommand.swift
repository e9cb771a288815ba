import Foundation
import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore

struct ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import", synopsis: "FILE|-",
        summary: "import customers from a spreadsheet (CSV as Excel, LibreOffice, Google or Outlook write it) or vCards",
        options: [
            .choice("format", ["csv", "vcf", "json"], "csv, vcf or json (detected from the content when not given; json restores a whole register into an empty one)"),
            .value("map", "COL=FIELD,...", "override the column mapping (a header or a column number; field 'ignore' drops one)"),
            .flag("no-header", "the first line is already a person: the columns are named by number (--map 1=first_name,2=last_name,…)"),
            .flag("dry-run", "show what would be imported, change nothing"),
            .flag("skip-invalid", "import the good rows when some are invalid (the rejected go to rejected/ beside the register)"),
            .choice("duplicates", ["skip", "merge", "update"], default: "skip",
                    "a row that is someone already here (the same e-mail, or phone and name): skip (default), merge (fill what is empty) or update (the file's values replace the register's; --dry-run first shows every change)"),
            .value("source", "S", "where the data came from (default: other: import FILE)"),
        ],
        positionals: 1...1,
        details: "All or nothing: one transaction. Excel's damage is repaired where safe (postcode 100 -> 00100) and flagged where not (3,58401E+11).")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        // `-` is standard input (`… | kortisto import -`).
        let stdin = a[0] == "-", path = stdin ? "stdin" : a[0]
        // A vCard or whole-register JSON file is read a part at a time, anything else whole.
        let format: String, file: ImportJob.File
        if stdin {
            let data = context.input.readAll()
            guard !data.isEmpty else { throw CLIError.failure("nothing came on standard input") }
            (format, file) = (a.value("format") ?? ImportJob.detectFormat(data), .whole(data))
        } else {
            guard let opened = ImportJob.open(path, format: a.value("format")) else { throw CLIError.failure("cannot read \(path)") }
            (format, file) = opened
        }
        let duplicates = a.choice("duplicates")
        if format == "json" {
            // A whole register (kortisto export --format json): restored as it was, into an empty
            // register, a customer at a time as the file is read (a dry run reads and checks them all).
            let snapshot: SnapshotFile
            switch file {
            case let .register(opened): snapshot = try SnapshotFile(opened, path: path)
            case let .whole(data): snapshot = try SnapshotFile(data: data)
            case .vCards: throw CLIError.failure("cannot read \(path)")
            }
            let organisations = snapshot.head.organisations.count
            if a.has("dry-run") {
                var known = Set<Int64>()
                try snapshot.forEachCustomer { known.insert($0.customer.number) }
                _ = try snapshot.rest(known: known)
                context.stderr.line("Dry run: \(known.count) customer(s) and \(organisations) organisation(s) would be restored.")
                return 0
            }
            let restored = try context.openRegister(a).restore(snapshot.head, customers: { try snapshot.forEachCustomer($0) }, rest: snapshot.rest)
            context.stderr.line("Restored \(restored) customer(s) and \(organisations) organisation(s).")
            return 0
        }
        // A dry run writes nothing at all: not even a new register where none is yet (it checks
        // against an empty one in a private temporary folder, removed at once).
        let (registerPath, _) = RegisterLocation.resolve(explicit: a.value("db"), environment: context.environment)
        var scratch: TemporaryRegisterFolder? = nil
        let register: Register
        if a.has("dry-run") && !FileManager.default.fileExists(atPath: registerPath) {
            scratch = try TemporaryRegisterFolder()
            register = try Register.open(at: scratch!.path + "/dry-run.sqlite")
        } else {
            register = try context.openRegister(a)
        }
        defer { register.close(); scratch = nil }
        // The file's bytes go once it is read: not held while the rows are written.
        let input = try ImportJob.read(consume file, path: path, format: format, mapSpec: a.value("map"), source: a.value("source"),
                                       hasHeader: !a.has("no-header"))
        let checker = try ImportChecker(input, register: register, today: context.today)
        // A bar drawn on one line, ended when it is full or when the import fails first (a full
        // disk): what is said next begins a line of its own.
        var barOpen = false
        func bar(_ label: String) -> (Int, Int) -> Void {
            { done, total in
                guard total > 5000 else { return }
                context.stderr.write("\r" + ProgressBar.line(label, done: done, total: total) + (done == total ? "\n" : ""))
                barOpen = done != total
            }
        }
        func endingTheBar<T>(_ body: () throws -> T) throws -> T {
            do { return try body() } catch {
                if barOpen { context.stderr.write("\n") }
                barOpen = false
                throw error
            }
        }
        /// What was read, the first invalid rows, and (not in a dry run) all of them in a private
        /// file beside the register, never beside the input (a shared or read-only folder).
        func report(_ plan: ImportPlan, keep: Bool) {
            context.stderr.line(checker.description)
            for n in plan.notes.prefix(10) { context.stderr.line("  line \(n.line): \(n.notes.map(\.description).joined(separator: "; "))") }
            if plan.notes.count > 10 { context.stderr.line("  … and \(plan.notes.count - 10) more row(s) repaired") }
            for r in plan.rejected.prefix(10) { context.stderr.line("  line \(r.line): \(r.reasons.joined(separator: "; "))") }
            if plan.rejected.count > 10 { context.stderr.line("  … and \(plan.rejected.count - 10) more") }
            if keep && !plan.rejected.isEmpty { writeRejected(plan.rejected, header: input.header, input: path, register: register.path, context) }
        }
        let changed = CLIError.failure("\(path) changed while it was read; nothing was imported")
        if a.has("dry-run") {
            guard let plan = try? endingTheBar({ try ImportJob.checkAll(checker, progress: bar("Checking")) }) else { throw changed }
            report(plan, keep: false)
            if duplicates == "update" { sayCorrections(try ImportJob.corrections(plan, register: register, apply: false), would: true, context) }
            context.stderr.line("Dry run: \(plan.summary(duplicates: duplicates)). Nothing was changed.")
            return plan.rejected.isEmpty ? 0 : 1
        }
        // One transaction: every new customer and every merge land together, or none. Rows
        // are checked while the ones before them are written; invalid rows without
        // --skip-invalid undo it all.
        let merged: Int
        do {
            merged = try endingTheBar {
                try ImportJob.checkAndApply(checker, merge: duplicates == "merge", update: duplicates == "update",
                                            skipInvalid: a.has("skip-invalid"), register: register, today: context.today, progress: bar("Importing"))
            }
        } catch is ImportJob.FileChanged {
            throw changed
        } catch is ImportJob.InvalidRows {
            report(checker.plan, keep: true)
            throw CLIError.failure("nothing imported: \(checker.plan.rejected.count) row(s) are invalid (see above). Fix them, or add --skip-invalid to import the \(checker.plan.freshCount) good row(s)")
        }
        report(checker.plan, keep: true)
        if duplicates == "update" { sayCorrections(checker.corrections, would: false, context) }
        context.stderr.line("Imported: \(checker.plan.summary(duplicates: duplicates))" + (duplicates == "merge" ? "; \(merged) existing customer(s) completed."
                            : duplicates == "update" ? "; \(checker.corrections.filter { $0.refused == nil }.count) existing customer(s) corrected." : "."))
        return 0
    }

    /// Every change a correction makes (or would make), by file line and customer.
    static func sayCorrections(_ corrections: [Correction], would: Bool, _ context: Context) {
        if corrections.contains(where: { $0.refused == nil }) { context.stderr.line(would ? "Would correct:" : "Corrected:") }
        for c in corrections where c.refused == nil {
            context.stderr.line("  line \(c.line): #\(c.customer) " + c.changes.map(\.description).joined(separator: "; "))
        }
        for c in corrections { if let reason = c.refused { context.stderr.line("  line \(c.line): \(reason)") } }
    }

    static func writeRejected(_ rows: [(line: Int, row: [String], reasons: [String])], header: [String], input: String, register: String,
                              _ context: Context) {
        do {
            let out = try ImportJob.writeRejected(rows, header: header, input: input, register: register, today: context.today)
            context.stderr.line("The invalid rows and their reasons are in \(out).")
        } catch {
            context.stderr.line("Warning: the invalid rows could not be written to \(ImportJob.rejectedFolder(register)) (\(error)); the first of them are listed above.")
        }
    }
}

/// A private temporary folder for a register that must not outlive the command (a dry run).
final class TemporaryRegisterFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/kortisto-\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
