import KortistoCore
import TUIKit

extension ScreenContext {
    /// `i`: a CSV or vCard file, what to do with duplicates and with invalid rows.
    func openImport() -> [Effect] {
        guard importer != nil else { return [.warn(strings["message.import_unavailable"])] }
        let fields = FormState.fields(["file", "map", "duplicates", "skip_invalid"], defaults: ["duplicates": strings["import.duplicates.skip"], "skip_invalid": strings["answer.no"]],
                                      maxLength: 500)
        return [.push(.form(FormState(kind: .importFile, title: strings["import.title"], fields: fields) { context, form, _ in try context.runImport(&form) }))]
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

    func previewImport(_ form: inout FormState) -> [Effect] {
        guard let importer else { return [] }
        do {
            let o = try importOptions(form)
            // The column mapping and the list of fields run long: wrapped to the screen, not cut.
            let lines = importLines(try importer.preview(path: o.path, map: o.map, merge: o.merge)).flatMap { Layout.wrapKeepingIndent($0, width: width - 2) }
            return [.push(.text(TextViewState(title: strings["import.preview_title"], lines: lines)))]
        } catch let error as ValidationErrors {
            return form.show(error, strings)
        } catch { return [.report(error)] }
    }

    /// Checks the dialog's answers now (errors at their fields), then imports as a job with a
    /// progress bar; the form closes when the import is done.
    func runImport(_ form: inout FormState) throws -> [Effect] {
        guard let importer else { return [] }
        let o = try importOptions(form)
        let job = Job { progress in
            let summary = try importer.importFile(path: o.path, map: o.map, merge: o.merge, skipInvalid: o.skipInvalid) { phase, done, total in
                progress(strings["import.progress.\(phase.rawValue)"], done, total)
            }
            let counts = importCounts("import.report.imported", summary) + (summary.merge ? " " + strings("import.report.merged", summary.merged) : "")
            var effects: [Effect] = [.pop, summary.rejectedNotWritten ? .warn(counts) : .say(counts), .refresh]
            // Rows were left out: where they are (a path longer than the message line) is shown whole.
            if summary.rejectedFile != nil || summary.rejectedNotWritten {
                let whereTheyAre = summary.rejectedFile.map { strings("import.report.rejected_file", $0) } ?? strings["import.report.rejected_not_written"]
                effects.append(.push(.text(TextViewState(title: strings["import.done_title"], lines: Layout.wrap(counts, width: width - 2) + [""]
                                                         + Layout.wrap(whereTheyAre, width: width - 2)))))
            }
            return effects
        }
        return [.job(job)]
    }

    /// The counts of an import in the interface's words (`key` says would or did).
    func importCounts(_ key: String, _ r: ImportReport) -> String {
        // What happens to duplicates, said in the tense of the sentence (would / did).
        let done = key == "import.report.imported" ? "_done" : ""
        return strings(key, r.fresh, r.duplicates, strings[(r.merge ? "import.report.mode_merge" : "import.report.mode_skip") + done], r.invalid, r.repairs)
    }

    /// The preview of an import, every sentence in the interface's language.
    func importLines(_ r: ImportReport) -> [String] {
        var lines: [String]
        switch r.source {
        case let .vCards(count): lines = [strings("import.report.read_cards", count)]
        case let .rows(count, encoding, delimiter, columns):
            // Fields by their labels: the Columns field takes those too (`Muuta=ohita`).
            let mapped = columns.map { "\($0.header) → \(fieldName($0.field))" }.joined(separator: ", ")
            lines = [strings("import.report.read_rows", count, encoding, delimiter, mapped)]
            if !r.unusedColumns.isEmpty { lines.append(strings("import.report.unused", r.unusedColumns.joined(separator: ", "))) }
            lines += ["", strings["import.report.help_columns"], strings("import.report.fields", r.fields.map(fieldName).joined(separator: ", "))]
        }
        lines += ["", importCounts("import.report.would", r)]
        if r.organisations > 0 { lines.append(strings("import.report.organisations", r.organisations)) }
        lines.append("")
        lines += r.examples.map { "  " + strings("import.report.line", $0.line, $0.text) }
        if r.moreExamples > 0 { lines.append("  " + strings("import.report.more", r.moreExamples)) }
        if !r.notes.isEmpty {
            lines += ["", strings["import.report.notes_heading"]]
            lines += r.notes.map { "  " + strings("import.report.line", $0.line, $0.notes.map(note).joined(separator: "; ")) }
        }
        if !r.invalidRows.isEmpty {
            lines += ["", strings["import.report.invalid_heading"]]
            lines += r.invalidRows.map { "  " + strings("import.report.line", $0.line, $0.notes.map(note).joined(separator: "; ")) }
        }
        return lines
    }
}

extension Strings {
    /// An import field as the Columns field takes it in this language: in English its key
    /// (as `--map` writes it), in Finnish its label, lower case (both are read back).
    func importField(_ key: String) -> String {
        guard language == .fi else { return key }
        switch key {
        case "ignore": return self["import.ignore"]
        case "name": return self["import.whole_name"]
        default: return label(key).lowercased()
        }
    }
}

extension ScreenContext {
    func fieldName(_ key: String) -> String { strings.importField(key) }

    /// A repair or a value left out, in the interface's words.
    func note(_ note: ImportNote) -> String {
        (note.problem.field.isEmpty ? "" : strings.label(note.problem.field) + ": ") + strings.validation(note.problem)
            + (note.leftOut ? "; " + strings["import.left_out"] : "")
    }
}
