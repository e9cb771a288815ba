import Foundation
import KortistoApp
import KortistoCore
import KortistoStore

struct ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report", synopsis: "ID",
        summary: "the access report: everything held on the customer, with purposes, retention, recipients and rights",
        options: [.choice("lang", ["fi", "en"], "fi or en (default: the customer's language, else the register's)"),
                  .choice("format", ["text", "json"], default: "text", "text (default) or json (complete, machine-readable)"), .value("out", "FILE", "write to FILE (mode 0600)"),
                  .flag("force", "replace an existing FILE (or write through a link)")],
        positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        let format = a.choice("format")
        let register = try context.openRegister(a)
        let requested = a.value("lang")
        let content = try AccessReport.load(register, number)
        let language = AccessReport.language(requested: requested, customer: content.card.customer, settings: content.settings)
        let files = ResourceFiles.locate(environment: context.environment)
        guard let template = PrivacyNotice.template(language, from: files) else {
            throw CLIError.failure("the report's words could not be read from \(files.origin("notice/\(language).json"))")
        }
        let output = format == "json" ? AccessReport.json(content, today: context.today, template: template).rendered() + "\n"
                                      : AccessReport.text(content, today: context.today, template: template)
        guard let out = a.outputFile else {
            context.stdout.write(output)
            return 0
        }
        try PrivateFile.write(output, to: out, replace: a.has("force"), hint: "choose another --out or add --force to replace it")
        context.stderr.line("Access report for customer \(number) written to \(out) (readable only by you).")
        return 0
    }
}
