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
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw ValidationErrors([FieldError("file", "cannot read {0}", "\(expanded)")])
        }
        let format = ImportJob.detectFormat(data)
        guard format != "json" else { throw ValidationErrors([FieldError("file", "a whole-register JSON is imported with kortisto import")]) }
        do {
            let input = try ImportJob.read(data, path: expanded, format: format, mapSpec: map.isEmpty ? nil : map, source: nil)
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
        let plan = ImportJob.checkAll(checker)
        var result = report(checker.input, plan, merge: merge,
                      examples: plan.fresh.prefix(15).map { row in
                          let c = row.record.fields
                          return .init(line: row.line, text: [c.firstName, c.lastName, c.email ?? nil, c.town ?? nil].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "))
                      },
                      moreExamples: max(0, plan.fresh.count - 15),
                      invalidRows: plan.rejectedErrors.prefix(15).map { .init(line: $0.line, notes: $0.errors.map { ImportNote($0) }) })
        result.organisations = plan.organisations.count
        return result
    }

    private func report(_ input: ImportInput, _ plan: ImportPlan, merge: Bool, merged: Int = 0, examples: [ImportReport.Line] = [],
                        moreExamples: Int = 0, invalidRows: [ImportReport.NoteLine] = []) -> ImportReport {
        ImportReport(source: input.read, fresh: plan.fresh.count, duplicates: plan.duplicates.count, invalid: plan.rejected.count,
                     repairs: plan.repairs, merge: merge, merged: merged, fields: ImportField.allCases.map(\.rawValue),
                     examples: examples, moreExamples: moreExamples, invalidRows: invalidRows,
                     notes: plan.notes.prefix(15).map { .init(line: $0.line, notes: $0.notes) }, unusedColumns: input.unused)
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
        } catch is ImportJob.InvalidRows {
            throw ValidationErrors([FieldError("skip_invalid", "{0} row(s) are invalid; answer yes to import the {1} good ones",
                                               "\(checker.plan.rejected.count)", "\(checker.plan.fresh.count)")])
        }
        var result = report(checker.input, checker.plan, merge: merge, merged: merged)
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
