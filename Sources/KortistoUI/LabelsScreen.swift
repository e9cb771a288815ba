import KortistoCore
import TUIKit

/// What the labels dialog needs from outside the interface (the command line's label writer,
/// which reaches the register and the PDF code).
public protocol LabelPrinting: AnyObject {
    /// The summary and a text preview of the first sheet, written nowhere.
    func preview(search: String, template: String, purpose: LabelPurpose, skip: Int) throws -> [String]
    /// Writes the sheet; a marketing sheet is recorded as the campaign `campaign` (nil: named
    /// after the file). Returns the summary to show.
    func write(search: String, template: String, purpose: LabelPurpose, skip: Int, campaign: String?, to path: String) throws -> String
}

extension App {
    /// `l`: template, purpose, skip and file, for the customers the current search shows.
    mutating func openLabels() {
        guard labelPrinting != nil else {
            message = (strings["message.labels_unavailable"], true)
            return
        }
        var defaults: [String: String] = ["template": "avery-l7160", "purpose": "marketing", "skip": "0",
                                          "file": strings("labels.default_file", today.iso)]
        do { defaults["template"] = try data.settings().value(.labelTemplate) ?? "avery-l7160" } catch { report(error) }
        let fields = ["template", "purpose", "skip", "file", "campaign"].map {
            FormState.Field(key: $0, field: TextField(defaults[$0] ?? "", maxLength: 500), original: defaults[$0] ?? "")
        }
        let title = list.query.isEmpty ? strings["labels.title_all"] : strings("labels.title_search", list.query)
        stack.append(.form(FormState(kind: .labels, title: title, fields: fields)))
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

    mutating func previewLabels(_ form: inout FormState) {
        guard let labelPrinting else { return }
        do {
            let o = try labelOptions(form)
            let lines = try labelPrinting.preview(search: list.query, template: o.template, purpose: o.purpose, skip: o.skip)
            stack.append(.text(TextViewState(title: strings["labels.preview_title"], lines: lines)))
        } catch let error as ValidationErrors {
            for e in error.errors { form.errors[e.field] = e.message }
        } catch { report(error) }
    }

    mutating func writeLabels(_ form: inout FormState) throws {
        guard let labelPrinting else { return }
        let o = try labelOptions(form)
        let campaign = form.value("campaign")?.trimmingCharacters(in: .whitespaces) ?? ""
        let summary = try labelPrinting.write(search: list.query, template: o.template, purpose: o.purpose, skip: o.skip,
                                              campaign: campaign.isEmpty ? nil : campaign, to: o.file)
        stack.removeLast()
        message = (summary, false)
    }
}
