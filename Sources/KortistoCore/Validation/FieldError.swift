/// A value that failed validation, with the field it belongs to and a message a person can act on.
///
/// Every boundary (CLI options, forms, imports) turns raw input into domain values through the
/// validators in this folder; nothing is stored when one of them throws.
///
/// The message is a sentence with `{0}`, `{1}` … for the values it names, written in English:
/// the command line says it so, and the interface looks its words up in its language table
/// under `validation.` + the sentence (a test checks that every sentence has its Finnish).
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let format: String
    public let arguments: [String]
    /// A word outside a closed set (a status, a channel, a kind): on the command line a usage
    /// error (exit 2), as a choice the parser checks is.
    public private(set) var isUnknownChoice = false

    public init(_ field: String, _ format: String, _ arguments: String...) {
        self.init(field, format, arguments: arguments)
    }

    public init(_ field: String, _ format: String, arguments: [String]) {
        self.field = field
        self.format = format
        self.arguments = arguments
    }

    /// The same error, marked as a word outside a closed set.
    public func unknownChoice() -> FieldError {
        var error = self
        error.isUnknownChoice = true
        return error
    }

    /// The English message.
    public var message: String { Self.fill(format, arguments) }

    public var description: String { "\(field): \(message)" }

    /// `format` with `{0}`, `{1}` … replaced by `arguments`.
    public static func fill(_ format: String, _ arguments: [String]) -> String {
        var text = format
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return text
    }
}
