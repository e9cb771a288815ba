/// A value that failed validation, with the field it belongs to and a message a person can act on.
///
/// Every boundary (CLI options, forms, imports) turns raw input into domain values through the
/// validators in this folder; nothing is stored when one of them throws.
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
