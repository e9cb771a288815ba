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
        // Every format becomes rows of typed-in customer fields, checked the same way below.
        var candidates: [(row: ImportRow, raw: [String])] = []
        var header: [String] = []
        if format == "vcf" {
            let cards = VCardReader.read(data)
            guard !cards.isEmpty else { throw CLIError.failure("\(path) has no vCards (BEGIN:VCARD … END:VCARD)") }
            header = ["name"]
            candidates = cards.enumerated().map { (ImportRow($1, index: $0 + 1), [$1.fn ?? "\($1.n.given) \($1.n.family)"]) }
            context.stderr.line("Read \(cards.count) vCard(s).")
        } else {
            let table: CSVTable
            do { table = try CSVReader.read(data) } catch { throw CLIError.failure("\(path): \(error)") }
            var mapping = ColumnMapping(header: table.header)
            if let spec = a.value("map") { try mapping.apply(spec, header: table.header) }
            context.stderr.line("Read \(table.rows.count) row(s) (\(table.encoding), '\(table.delimiter == "\t" ? "TAB" : String(table.delimiter))'). Columns: \(mapping.describe(header: table.header))")
            guard mapping.columns[.firstName] != nil || mapping.columns[.fullName] != nil, mapping.columns[.lastName] != nil || mapping.columns[.fullName] != nil else {
                throw CLIError.failure("no name columns recognised; name them with --map, e.g. --map 'Column A=first_name,Column B=last_name'")
            }
            header = table.header
            candidates = table.rows.enumerated().map { (ImportRow($1, line: $0 + 2, mapping: mapping), $1) }
        }
        let source = a.value("source") ?? "other: import \((path as NSString).lastPathComponent)"
        let register = try context.openRegister(a)

        var good: [(line: Int, changes: CustomerChanges)] = []
        var rejected: [(line: Int, row: [String], reasons: [String])] = []
        var repairs = 0
        var seenEmails = Set<String>(), seenPhones = Set<String>()
        var duplicateRows: [(line: Int, existing: Int64?, changes: CustomerChanges)] = []
        for (offset, candidate) in candidates.enumerated() {
            let row = candidate.raw
            var imported = candidate.row
            let line = imported.line
            if candidates.count > 5000 && offset % 5000 == 0 { context.stderr.write("\rChecking \(offset)/\(candidates.count)…") }
            imported.input.source = source
            repairs += imported.repairs.count
            var reasons = imported.problems.map(\.description)
            var changes: CustomerChanges?
            do { changes = try imported.input.validate(today: context.today) } catch { reasons += error.errors.map(\.description) }
            guard reasons.isEmpty, let changes else {
                rejected.append((line, row, reasons))
                continue
            }
            let email = (changes.email ?? nil)?.lowercased(), phone = changes.phone ?? nil
            let existing = try register.existingCustomer(email: email, phone: phone)
            let repeated = (email.map { seenEmails.contains($0) } ?? false) || (phone.map { seenPhones.contains($0) } ?? false)
            if let email { seenEmails.insert(email) }
            if let phone { seenPhones.insert(phone) }
            if existing != nil || repeated {
                duplicateRows.append((line, existing, changes))
            } else {
                good.append((line, changes))
            }
        }
        if candidates.count > 5000 { context.stderr.line("\rChecked \(candidates.count) rows.        ") }
        for r in rejected.prefix(10) { context.stderr.line("  line \(r.line): \(r.reasons.joined(separator: "; "))") }
        if rejected.count > 10 { context.stderr.line("  … and \(rejected.count - 10) more") }
        if !rejected.isEmpty { try writeRejected(rejected, header: header, beside: path, context) }

        let summary = "\(good.count) new, \(duplicateRows.count) duplicate(s) (\(duplicates)), \(rejected.count) invalid, \(repairs) repair(s)"
        if a.has("dry-run") {
            context.stderr.line("Dry run: \(summary). Nothing was changed.")
            return rejected.isEmpty ? 0 : 1
        }
        if !rejected.isEmpty && !a.has("skip-invalid") {
            throw CLIError.failure("nothing imported: \(rejected.count) row(s) are invalid (see above). Fix them, or add --skip-invalid to import the \(good.count) good row(s)")
        }
        // One transaction: every new customer and every merge land together, or none.
        var merged = 0
        try register.db.write {
            try register.addRecords(good.map { CustomerRecord(fields: $0.changes) }, today: context.today)
            if duplicates == "merge" {
                for d in duplicateRows {
                    if let existing = d.existing, try register.merge(existing, with: d.changes) { merged += 1 }
                }
            }
        }
        context.stderr.line("Imported: \(summary)" + (duplicates == "merge" ? "; \(merged) existing customer(s) completed." : "."))
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
        func cell(_ v: String) -> String { v.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" }) ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v }
        var text = "\u{FEFF}" + (["line", "reasons"] + header).map(cell).joined(separator: ";") + "\r\n"
        for r in rows { text += ([String(r.line), r.reasons.joined(separator: "; ")] + r.row).map(cell).joined(separator: ";") + "\r\n" }
        try Exporting.write(text, to: out, replace: true, context)
        context.stderr.line("The invalid rows and their reasons are in \(out).")
    }
}
