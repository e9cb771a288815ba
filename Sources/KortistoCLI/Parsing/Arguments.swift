import Foundation
import KortistoCore

/// A command's options, as its help lists them and the parser accepts them.
struct OptionSpec: Sendable {
    enum Kind: Sendable { case value(String), flag, repeatable(String) }
    let name: String
    let kind: Kind
    let help: String
    /// The values a choice accepts (checked, case-insensitive, before the command runs) and
    /// the one it has when not given; empty for free values.
    var choices: [String] = []
    var defaultChoice: String?

    static func value(_ name: String, _ placeholder: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .value(placeholder), help: help)
    }

    /// An option that may be given several times (`--tag a --tag b`).
    static func repeatable(_ name: String, _ placeholder: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .repeatable(placeholder), help: help + " (repeatable)")
    }

    /// One of `choices` (`--format table|json`), `fallback` when not given.
    static func choice(_ name: String, _ choices: [String], default fallback: String? = nil, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .value(choices.joined(separator: "|")), help: help, choices: choices, defaultChoice: fallback)
    }

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, help: help)
    }

    /// Every command reads the register from here.
    static let db = OptionSpec.value("db", "PATH", "register file (default $KORTISTO_DB, else $XDG_DATA_HOME/kortisto/kortisto.sqlite)")
}

/// What a command accepts and how its help reads: the usage line, the help, the man page and
/// the shell completions are all made from this one declaration.
struct CommandSpec: Sendable {
    let name: String
    /// The positional arguments and the options that must be given (`ID --reason R`); every
    /// other option is `[OPTIONS]` in the usage and listed, from `options`, in the help.
    let synopsis: String
    let summary: String
    var options: [OptionSpec] = []
    var positionals: ClosedRange<Int> = 0...0
    var details: String = ""

    /// Commands that may make a new register where there is none (they add something); every
    /// other command refuses a path with no register.
    static let creating: Set<String> = ["add", "import", "generate", "tui", "settings set", "org add", "event add", "campaign add", "breach add"]
    var createsRegister: Bool { Self.creating.contains(name) }

    /// `name synopsis [OPTIONS]`.
    var usage: String {
        let optional = options.contains { !synopsis.contains("--\($0.name)") }
        return [name, synopsis, optional ? "[OPTIONS]" : ""].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The options the synopsis names (`--reason`).
    var synopsisOptions: [String] {
        synopsis.matches(of: /--([a-z][a-z-]*)/).map { String($0.output.1) }
    }

    var help: String {
        var text = "Usage: kortisto \(usage)\n\n\(summary)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        let all = options + [OptionSpec.db, .flag("help", "show this help")]
        text += "\nOptions:\n"
        let rows = all.map { option -> (String, String) in
            switch option.kind {
            case let .value(placeholder), let .repeatable(placeholder): ("--\(option.name) \(placeholder)", option.help)
            case .flag: ("--\(option.name)", option.help)
            }
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (left, right) in rows {
            text += "  " + left.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + right + "\n"
        }
        return text
    }
}

/// Parsed command line: option values by name, flags, and positional arguments.
struct Arguments {
    var spec: CommandSpec?
    var values: [String: String] = [:]
    var lists: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ name: String) -> String? { values[name] }
    /// `--out FILE`; nil for standard output (none given, or `-`).
    var outputFile: String? { outputFile("out") }

    /// A file option's value; nil for standard output (none given, or `-`).
    func outputFile(_ option: String) -> String? { values[option].flatMap { $0 == "-" ? nil : $0 } }
    func has(_ name: String) -> Bool { flags.contains(name) }
    /// Every value of a repeatable option, in order.
    func all(_ name: String) -> [String] { lists[name] ?? [] }

    /// A choice option's value (checked by `parse`), else its declared default.
    func choice(_ name: String) -> String {
        values[name] ?? spec?.options.first { $0.name == name }?.defaultChoice ?? ""
    }

    /// A date option as Finnish users type it; `fallback` (usually today) when absent.
    func date(_ name: String, today: LocalDate, default fallback: LocalDate? = nil) throws(FieldError) -> LocalDate? {
        guard let raw = values[name] else { return fallback }
        return try DateInput.parse(raw, field: name, today: today) ?? fallback
    }

    /// A date option for something that has happened: today when absent, refused when after it.
    func pastDate(_ name: String, today: LocalDate) throws(FieldError) -> LocalDate {
        guard let raw = values[name] else { return today }
        return try DateInput.past(raw, field: name, today: today) ?? today
    }

    /// The positional at `index`, which the spec guarantees exists.
    subscript(_ index: Int) -> String { positionals[index] }

    /// Parses `--name value`, `--name=value`, flags and positionals against `spec`.
    /// `--` ends options. Unknown options, missing values and repeated options are usage errors.
    static func parse(_ raw: [String], spec: CommandSpec) throws(CLIError) -> Arguments {
        var parsed = Arguments(spec: spec)
        let known = Dictionary(uniqueKeysWithValues: (spec.options + [.db]).map { ($0.name, $0) })
        var index = 0
        var optionsEnded = false
        while index < raw.count {
            let word = raw[index]
            index += 1
            if optionsEnded || !word.hasPrefix("--") || word == "-" {
                if word.hasPrefix("-") && !optionsEnded && word.count > 1 && Double(word) == nil {
                    throw .usage("unknown option '\(word)'", command: spec.name)
                }
                parsed.positionals.append(word)
                continue
            }
            if word == "--" { optionsEnded = true; continue }
            var name = String(word.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = known[name] else {
                throw .usage("unknown option '--\(name)'", command: spec.name)
            }
            switch option.kind {
            case .flag:
                guard inline == nil else { throw .usage("--\(name) takes no value", command: spec.name) }
                parsed.flags.insert(name)
            case .value, .repeatable:
                let value: String
                if let inline {
                    value = inline
                } else {
                    // `--first --last X` is a forgotten value, not a first name "--last".
                    guard index < raw.count, !(raw[index].hasPrefix("--") && known[String(raw[index].dropFirst(2).prefix { $0 != "=" })] != nil) else {
                        throw .usage("--\(name) needs a value", command: spec.name)
                    }
                    value = raw[index]
                    index += 1
                }
                if case .repeatable = option.kind {
                    parsed.lists[name, default: []].append(value)
                    continue
                }
                guard parsed.values[name] == nil else { throw .usage("--\(name) given twice", command: spec.name) }
                if !option.choices.isEmpty {
                    guard option.choices.contains(value.lowercased()) else {
                        throw .usage("unknown \(name) '\(value)' (\(option.choices.joined(separator: " or ")))", command: spec.name)
                    }
                    parsed.values[name] = value.lowercased()
                    continue
                }
                parsed.values[name] = value
            }
        }
        guard spec.positionals.contains(parsed.positionals.count) else {
            let expected = spec.positionals.lowerBound == spec.positionals.upperBound
                ? "\(spec.positionals.lowerBound)" : "\(spec.positionals.lowerBound) to \(spec.positionals.upperBound)"
            if parsed.positionals.count > spec.positionals.upperBound {
                throw .usage("unexpected argument '\(parsed.positionals[spec.positionals.upperBound])' (expected \(expected))", command: spec.name)
            }
            throw .usage("missing argument (usage: kortisto \(spec.usage))", command: spec.name)
        }
        return parsed
    }
}

/// Failures the CLI reports: usage errors exit 2, everything else exits 1.
enum CLIError: Error {
    case usage(String, command: String?)
    case failure(String)
}
