import KortistoCore
import TUIKit

/// What the import dialog needs from outside the interface (the command line's importer).
public protocol CustomerImporting: AnyObject {
    /// What importing the file would do, as lines to read; nothing is written. `map`: column
    /// overrides as `column=field,...` (the command line's `--map`), or empty.
    func preview(path: String, map: String, merge: Bool) throws -> [String]
    /// Imports in one transaction; returns the summary to show. `progress` is called now and
    /// then with the phase, rows done and rows in all.
    func importFile(path: String, map: String, merge: Bool, skipInvalid: Bool,
                    progress: (ImportPhase, Int, Int) -> Void) throws -> String
}

/// What a long import is doing, for its progress bar.
public enum ImportPhase: String, Sendable {
    /// Rows checked while the ones before them are written.
    case importing
}

extension App {
    /// `i`: a CSV or vCard file, what to do with duplicates and with invalid rows.
    mutating func openImport() {
        guard importer != nil else {
            message = (strings["message.import_unavailable"], true)
            return
        }
        let defaults = ["file": "", "map": "", "duplicates": "skip", "skip_invalid": strings["answer.no"]]
        let fields = ["file", "map", "duplicates", "skip_invalid"].map {
            FormState.Field(key: $0, field: TextField(defaults[$0] ?? "", maxLength: 500), original: defaults[$0] ?? "")
        }
        stack.append(.form(FormState(kind: .importFile, title: strings["import.title"], fields: fields)))
    }

    func importOptions(_ form: FormState) throws(ValidationErrors) -> (path: String, map: String, merge: Bool, skipInvalid: Bool) {
        var errors: [FieldError] = []
        let path = form.value("file")?.trimmingCharacters(in: .whitespaces) ?? ""
        if path.isEmpty { errors.append(FieldError("file", strings["import.need_file"])) }
        let mode = SearchFolding.fold(form.value("duplicates") ?? "")
        let merge = ["merge", "yhdista"].contains(mode)
        if !merge && !["skip", "ohita"].contains(mode) { errors.append(FieldError("duplicates", strings["import.bad_duplicates"])) }
        let answer = SearchFolding.fold(form.value("skip_invalid") ?? "")
        let yes = ["yes", "y", "kylla", "k"].contains(answer)
        if !yes && !["no", "n", "ei", "e"].contains(answer) { errors.append(FieldError("skip_invalid", strings["import.bad_answer"])) }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return (path, form.value("map")?.trimmingCharacters(in: .whitespaces) ?? "", merge, yes)
    }

    mutating func previewImport(_ form: inout FormState) {
        guard let importer else { return }
        do {
            let o = try importOptions(form)
            // The column mapping and the list of fields run long: wrapped to the screen, not cut.
            let lines = try importer.preview(path: o.path, map: o.map, merge: o.merge).flatMap { App.wrapKeepingIndent($0, width: width - 2) }
            stack.append(.text(TextViewState(title: strings["import.preview_title"], lines: lines)))
        } catch let error as ValidationErrors {
            for e in error.errors { form.errors[e.field] = e.message }
        } catch { report(error) }
    }

    mutating func runImport(_ form: inout FormState) throws {
        guard let importer else { return }
        let o = try importOptions(form)
        defer { progress = nil }
        let summary = try importer.importFile(path: o.path, map: o.map, merge: o.merge, skipInvalid: o.skipInvalid) { phase, done, total in
            progress = (strings["import.progress.\(phase.rawValue)"], done, total)
            present?(screen)
        }
        stack.removeLast()
        message = (summary, false)
        refreshAfterChange()
    }
}
