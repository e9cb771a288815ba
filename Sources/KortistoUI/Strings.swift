import Foundation
import KortistoCore

/// The UI's words in one language, from `Resources/i18n/LANG.json` (a flat key -> text table).
/// `{0}`, `{1}` … are replaced by arguments. A missing key shows itself rather than crashing.
public struct Strings: Sendable {
    public enum Language: String, Sendable { case fi, en }

    public let language: Language
    private let table: [String: String]

    public init(language: Language, table: [String: String]) {
        self.language = language
        self.table = table
    }

    /// Loads the table for `language` (`i18n/LANG.json` of the program's files).
    public static func load(_ language: Language, from files: ResourceFiles) -> Strings {
        guard let data = files.data("i18n/\(language.rawValue).json"),
              let table = try? JSONDecoder().decode([String: String].self, from: data) else {
            return Strings(language: language, table: [:])
        }
        return Strings(language: language, table: table)
    }

    /// `KORTISTO_LANG`, else `LC_ALL`, `LC_MESSAGES`, `LANG`: `fi…` means Finnish, anything else English.
    public static func language(environment: [String: String]) -> Language {
        for key in ["KORTISTO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("fi") ? .fi : .en
        }
        return .en
    }

    public subscript(_ key: String) -> String { table[key] ?? key }

    public func callAsFunction(_ key: String, _ arguments: Any...) -> String { format(key, arguments) }

    /// The text of `key` with `{0}`, `{1}` … replaced by `arguments`. A count of one first
    /// takes the key's singular where the table has one (`search.matches.one`: "1 osuma").
    public func format(_ key: String, _ arguments: [Any]) -> String {
        var text = self[key]
        if let count = arguments.first as? Int, count == 1, let one = table[key + ".one"] { text = one }
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: "\(argument)")
        }
        return text
    }

    public var keys: Set<String> { Set(table.keys) }

    /// A field's label (`field.email`), else its name as the program knows it.
    public func label(_ field: String) -> String { table["field.\(field)"] ?? field }

    /// A validation message in this language: the translation of its sentence
    /// (`validation.` + the English), with its values filled in.
    public func validation(_ error: FieldError) -> String {
        // The import's fields, listed by their `--map` keys, are said as the Columns field
        // takes them in this language (ColumnMapping's sentence).
        if error.format == "unknown field '{0}' ({1})", error.arguments.count == 2 {
            let fields = error.arguments[1].components(separatedBy: ", ").map(importField).joined(separator: ", ")
            return sentence(error.format, [error.arguments[0], fields])
        }
        return sentence(error.format, error.arguments)
    }

    /// An operating system's reason (strerror's English: `No such file or directory`) in this
    /// language, when the table has it (`os.` keys); else as it is.
    public func systemReason(_ text: String) -> String { table["os." + text] ?? text }

    /// An English sentence of the use cases (`{0}` for values) in this language.
    public func sentence(_ format: String, _ arguments: [String]) -> String {
        FieldError.fill(table["validation." + format] ?? format, arguments)
    }

    /// An error as this language says it: those the register or a use case can name in their
    /// words (the message line; what the interface says when its register cannot be opened).
    public func say(_ error: any Error) -> String {
        if let explainable = error as? Explainable, let (key, arguments) = explainable.explanation {
            return format(key, arguments.map(systemReason))
        } else if let explainable = error as? Explainable, let (format, arguments, what) = explainable.sentence {
            // `{0} not found` names what in this language too.
            let named = what.map { [sentence($0.format, $0.arguments)] } ?? []
            return sentence(format, named + arguments.map(systemReason))
        } else if let error = error as? ValidationErrors {
            return error.errors.map { label($0.field) + ": " + validation($0) }.joined(separator: "; ")
        } else if let refusal = error as? Refusal {
            return sentence(refusal.format, refusal.arguments.map(systemReason))
        } else if let error = error as? FieldError {
            return label(error.field) + ": " + validation(error)
        }
        return "\(error)"
    }

    /// Dates as this language writes them (`12.4.1985`; ISO would confuse nobody but looks foreign).
    public func date(_ date: LocalDate) -> String { date.finnish }

    public func consent(_ kind: ConsentKind) -> String { self["consent.\(kind.rawValue)"] }
    public func status(_ status: OrderStatus) -> String { self["order.status.\(status.rawValue)"] }
    public func channel(_ channel: ContactChannel) -> String { self["contact.channel.\(channel.rawValue)"] }
}
