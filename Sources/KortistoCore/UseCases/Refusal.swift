/// A use case that cannot be carried out, with the reason: an English sentence with `{0}`,
/// `{1}` … for its values (the command line prints it), which the interface looks up in its
/// language table under `validation.` + the sentence, as it does a `FieldError`'s.
public struct Refusal: Error, Sendable, CustomStringConvertible, Equatable, ExpressibleByStringLiteral {
    public let format: String
    public let arguments: [String]

    public init(_ format: String, _ arguments: String...) {
        self.format = format
        self.arguments = arguments
    }

    /// A sentence without values (`"order 999"` in a test's expectation).
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// Two refusals are the same when they say the same thing.
    public static func == (a: Refusal, b: Refusal) -> Bool { a.message == b.message }

    /// The English sentence.
    public var message: String { FieldError.fill(format, arguments) }

    public var description: String { message }
}
