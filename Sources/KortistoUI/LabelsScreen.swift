import KortistoCore
import TUIKit

extension ScreenContext {
    /// `l`: template, purpose, skip and file, for the customers the current search shows.
    func openLabels(search: String) -> [Effect] {
        guard labelPrinting != nil else { return [.warn(strings["message.labels_unavailable"])] }
        var defaults: [String: String] = ["template": "avery-l7160", "purpose": strings["labels.purpose.marketing"], "skip": "0",
                                          "file": strings("labels.default_file", today.iso)]
        do { defaults["template"] = try data.settings().value(.labelTemplate) ?? "avery-l7160" } catch { return [.report(error)] }
        let fields = FormState.fields(["template", "purpose", "skip", "file", "campaign"], defaults: defaults, maxLength: 500)
        let title = search.isEmpty ? strings["labels.title_all"] : strings("labels.title_search", search)
        return [.push(.form(FormState(kind: .labels(search: search), title: title, fields: fields) {
            context, form, _ in try context.writeLabels(&form, search: search)
        }))]
    }

    /// Reads the dialog's fields, reporting the first bad one.
    func labelOptions(_ form: FormState) throws(ValidationErrors) -> (template: String, purpose: LabelPurpose, skip: Int, file: String) {
        var errors: [FieldError] = []
        let template = form.value("template")?.trimmingCharacters(in: .whitespaces) ?? ""
        if template.isEmpty { errors.append(FieldError("template", strings["labels.need_template"])) }
        let purposeText = SearchFolding.fold(form.value("purpose") ?? "")
        let purpose: LabelPurpose? = ["marketing", "markkinointi"].contains(purposeText) ? .marketing : (["service", "asiointi"].contains(purposeText) ? .service : nil)
        if purpose == nil { errors.append(FieldError("purpose", strings["labels.bad_purpose"])) }
        let skip = Int(form.value("skip")?.trimmingCharacters(in: .whitespaces) ?? "")
        if skip == nil || skip! < 0 { errors.append(FieldError("skip", strings["labels.bad_skip"])) }
        let file = form.value("file")?.trimmingCharacters(in: .whitespaces) ?? ""
        if file.isEmpty { errors.append(FieldError("file", strings["labels.need_file"])) }
        guard errors.isEmpty, let purpose, let skip else { throw ValidationErrors(errors) }
        return (template, purpose, skip, file)
    }

    func previewLabels(_ form: inout FormState, search: String) -> [Effect] {
        guard let labelPrinting else { return [] }
        do {
            let o = try labelOptions(form)
            let report = try labelPrinting.preview(search: search, template: o.template, purpose: o.purpose, skip: o.skip)
            // The reasons left out run long: wrapped to the screen, not cut.
            let summary = ([strings("labels.report.would", report.labels, report.sheets, report.sheet)] + leftOutLines(report))
                .flatMap { Layout.wrapKeepingIndent($0, width: width - 2) }
            let lines = summary + [""] + report.firstSheet
            return [.push(.text(TextViewState(title: strings["labels.preview_title"], lines: lines)))]
        } catch let error as ValidationErrors {
            return form.show(error, strings)
        } catch { return [.report(error)] }
    }

    func writeLabels(_ form: inout FormState, search: String) throws -> [Effect] {
        guard let labelPrinting else { return [] }
        let o = try labelOptions(form)
        let campaign = form.value("campaign")?.trimmingCharacters(in: .whitespaces) ?? ""
        // Unnamed, a marketing run is recorded after its file in the interface's language (the
        // campaign log and each person's report show the name).
        let report = try labelPrinting.write(search: search, template: o.template, purpose: o.purpose, skip: o.skip,
                                             campaign: campaign.isEmpty ? nil : campaign,
                                             unnamed: { strings("labels.campaign_default", $0) }, to: o.file)
        // The campaign first: the one-line message cuts what comes after the file's path.
        var parts: [String] = []
        if let recorded = report.campaign { parts.append(strings("labels.report.campaign", recorded.id, recorded.name, recorded.recipients)) }
        parts.append(strings("labels.report.written", report.labels, report.path ?? "", report.sheets, report.sheet))
        parts += leftOutLines(report)
        if let font = report.embeddedFont { parts.append(strings("labels.report.font", font)) }
        if !report.transliterated.isEmpty { parts.append(strings("labels.report.transliterated", report.transliterated.joined(separator: ", "))) }
        if !report.overflowed.isEmpty { parts.append(strings("labels.report.overflowed", report.overflowed.joined(separator: ", "))) }
        return [.pop, .say(parts.joined(separator: " ")), .refresh]
    }

    /// "Left out: 2 publication bans, …" in the interface's words; nothing when nobody was.
    func leftOutLines(_ report: LabelReport) -> [String] {
        guard !report.leftOut.isEmpty else { return [] }
        let parts = report.leftOut.map { strings("labels.report.left_out_one", $0.count, strings["exclusion.\($0.reason.rawValue)"]) }
        return [strings("labels.report.left_out", parts.joined(separator: ", "))]
    }
}
