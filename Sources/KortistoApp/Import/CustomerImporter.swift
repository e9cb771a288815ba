import Foundation
import KortistoCore
import KortistoExchange
import KortistoStore

/// The `i` dialog's importer: the same plan and transaction as `kortisto import`.
public final class CustomerImporter: CustomerImporting {
    public let register: Register
    public let today: LocalDate
    let home: String?

    public init(register: Register, today: LocalDate, home: String? = nil) {
        self.register = register
        self.today = today
        self.home = home
    }

    /// The file read and mapped, with what goes wrong said beside the field it concerns.
    private func checker(_ path: String, map: String) throws -> ImportChecker {
        let expanded = PrivateFile.resolve(path, home: home)
        // A vCard file is read a part at a time, a spreadsheet whole.
        guard let (format, file) = ImportJob.open(expanded, format: nil) else {
            throw ValidationErrors([FieldError("file", "cannot read {0}", "\(expanded)")])
        }
        guard format != "json" else { throw ValidationErrors([FieldError("file", "a whole-register JSON is imported with kortisto import")]) }
        do {
            let input = try ImportJob.read(file, path: expanded, format: format, mapSpec: map.isEmpty ? nil : map, source: nil)
            return try ImportChecker(input, register: register, today: today)
        } catch let error as FieldError {
            throw ValidationErrors([error])
        } catch let refusal as Refusal {
            // A mapping that names no column, a file without names.
            throw ValidationErrors([FieldError(map.isEmpty ? "file" : "map", refusal.format, arguments: refusal.arguments)])
        }
    }

    public func preview(path: String, map: String, merge: Bool) throws -> ImportReport {
        let checker = try checker(path, map: map)
        guard let plan = try? ImportJob.checkAll(checker) else { throw changed(path) }
        var result = report(checker, plan, merge: merge,
                      examples: plan.freshExamples.map { row in
                          let c = row.record.fields
                          return .init(line: row.line, text: [c.firstName, c.lastName, c.email ?? nil, c.town ?? nil].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "))
                      },
                      moreExamples: max(0, plan.freshCount - plan.freshExamples.count),
                      invalidRows: plan.rejectedErrors.prefix(15).map { .init(line: $0.line, notes: $0.errors.map { ImportNote($0) }) })
        result.organisations = plan.organisations.count
        return result
    }

    private func report(_ checker: ImportChecker, _ plan: ImportPlan, merge: Bool, merged: Int = 0, examples: [ImportReport.Line] = [],
                        moreExamples: Int = 0, invalidRows: [ImportReport.NoteLine] = []) -> ImportReport {
        ImportReport(source: checker.read, fresh: plan.freshCount, duplicates: plan.duplicates.count, invalid: plan.rejected.count,
                     repairs: plan.repairs, merge: merge, merged: merged, fields: ImportField.allCases.map(\.rawValue),
                     examples: examples, moreExamples: moreExamples, invalidRows: invalidRows,
                     notes: plan.notes.prefix(15).map { .init(line: $0.line, notes: $0.notes) }, unusedColumns: checker.input.unused)
    }

    /// The file changed while it was read: nothing was imported.
    private func changed(_ path: String) -> ValidationErrors {
        ValidationErrors([FieldError("file", "{0} changed while it was read; nothing was imported", PrivateFile.resolve(path, home: home))])
    }

    public func importFile(path: String, map: String, merge: Bool, skipInvalid: Bool,
                    progress: (ImportPhase, Int, Int) -> Void) throws -> ImportReport {
        let checker = try checker(path, map: map)
        let merged: Int
        do {
            merged = try withoutActuallyEscaping(progress) { progress in
                try ImportJob.checkAndApply(checker, merge: merge, skipInvalid: skipInvalid, register: register, today: today) {
                    progress(.importing, $0, $1)
                }
            }
        } catch is ImportJob.FileChanged {
            throw changed(path)
        } catch is ImportJob.InvalidRows {
            throw ValidationErrors([FieldError("skip_invalid", "{0} row(s) are invalid; answer yes to import the {1} good ones",
                                               "\(checker.plan.rejected.count)", "\(checker.plan.freshCount)")])
        }
        var result = report(checker, checker.plan, merge: merge, merged: merged)
        result.organisations = checker.plan.organisations.count
        // The rows the user chose to leave out are kept where they can be fixed and imported.
        if !checker.plan.rejected.isEmpty {
            do {
                result.rejectedFile = try ImportJob.writeRejected(checker.plan.rejected, header: checker.input.header, input: path,
                                                                  register: register.path, today: today)
            } catch {
                result.rejectedFile = nil
                result.rejectedNotWritten = true
            }
        }
        return result
    }
}
