import Foundation
import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore

struct SettingsListCommand: Command {
    static let spec = CommandSpec(
        name: "settings list", synopsis: "", summary: "show every register setting (defaults marked)",
        options: [.choice("format", ["table", "json"], default: "table", "table (default) or json")])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        let settings = try context.openRegister(a).settings()
        if format == "json" {
            context.stdout.line(JSON.object(SettingKey.allCases.map { ($0.rawValue, .string(settings.value($0))) }).rendered())
        } else {
            let rows = SettingKey.allCases.map { key -> [String] in
                let shown = settings.value(key) ?? (key.isRequiredForNotice ? "(missing)" : "")
                return [key.rawValue, shown + (settings.isSet(key) || settings.value(key) == nil ? "" : "  (default)")]
            }
            context.stdout.write(Table.render(header: ["Key", "Value"], rows: rows, maxWidths: [24, 200]))
        }
        return 0
    }
}

struct SettingsGetCommand: Command {
    static let spec = CommandSpec(name: "settings get", synopsis: "KEY", summary: "print one setting's value", positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let key = try SettingsSetCommand.key(a[0], command: spec.name)
        guard let value = try context.openRegister(a).settings().value(key) else {
            context.stderr.line("\(key.rawValue) is not set.")
            return 1
        }
        context.stdout.line(value)
        return 0
    }
}

struct SettingsSetCommand: Command {
    static let spec = CommandSpec(
        name: "settings set", synopsis: "KEY VALUE", summary: "change a setting (an empty VALUE restores the default)",
        positionals: 2...2,
        details: """
        Keys: \(SettingKey.allCases.map(\.rawValue).joined(separator: ", ")).
        purposes: 'description = basis; …' with basis contract, legal_obligation, consent or
        legitimate_interest: INTEREST. recipients: 'Kirjanpitäjä; Laskutuspalvelu' or none.
        transfers: none, or where and the safeguard. fiscal_year_end: 31.12. language: fi or en.
        """)

    static func key(_ raw: String, command: String) throws(CLIError) -> SettingKey {
        guard let key = SettingKey(rawValue: raw.lowercased().replacingOccurrences(of: "-", with: "_")) else {
            throw .usage("unknown setting '\(raw)' (\(SettingKey.allCases.map(\.rawValue).joined(separator: ", ")))", command: command)
        }
        return key
    }

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let key = try key(a[0], command: spec.name)
        var sheets: LabelSheetCatalog?
        if key == .labelTemplate {
            do {
                sheets = LabelTemplate.catalog(try LabelTemplate.all(resources: ResourceFiles.locate(environment: context.environment), environment: context.environment))
            } catch { throw CLIError.failure("\(error)") }
        }
        let value = try SettingValidation.validate(key, a[1], sheets: sheets)
        try context.openRegister(a).setSettings([key: value])
        context.stderr.line(value == nil ? "\(key.rawValue) restored to its default." : "\(key.rawValue) set.")
        return 0
    }
}

struct NoticeCommand: Command {
    static let spec = CommandSpec(
        name: "notice", synopsis: "",
        summary: "write the privacy notice (tietosuojaseloste) from the settings and the register's content",
        options: [
            .choice("lang", ["fi", "en"], default: "fi", "fi (default) or en"),
            .choice("format", ["md", "txt"], default: "md", "md (default) or txt"),
            .value("out", "FILE", "write to FILE (0600, whole or not at all) instead of standard output"),
            .flag("force", "replace an existing FILE (or write through a link)"),
        ])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let language = a.choice("lang")
        let format = PrivacyNotice.Format(rawValue: a.choice("format"))!
        let files = ResourceFiles.locate(environment: context.environment)
        guard let template = PrivacyNotice.template(language, from: files) else {
            throw CLIError.failure("the notice's words could not be read from \(files.origin("notice/\(language).json"))")
        }
        let register = try context.openRegister(a)
        let notice = PrivacyNotice(settings: try register.settings(), usage: try register.usage(), template: template, format: format,
                                   date: context.today)
        if let out = a.outputFile {
            try PrivateFile.write(notice.text, to: out, replace: a.has("force"))
            context.stderr.line("Privacy notice written to \(out).")
        } else {
            context.stdout.write(notice.text)
        }
        if !notice.missing.isEmpty {
            context.stderr.line("Warning: the notice lacks \(notice.missing.map(\.rawValue).joined(separator: ", ")); "
                                + "they are marked in the text. Set them with 'kortisto settings set KEY VALUE'.")
        }
        return 0
    }
}
