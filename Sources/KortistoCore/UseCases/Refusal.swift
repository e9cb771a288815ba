/// A use case that cannot be carried out, with the reason: an English sentence with `{0}`,
/// `{1}` … for its values (the command line prints it), which the interface looks up in its
/// language table under `validation.` + the sentence, as it does a `FieldError`'s.
public struct Refusal: Error, Sendable, CustomStringConvertible {
    public let format: String
    public let arguments: [String]

    public init(_ format: String, _ arguments: String...) {
        self.format = format
        self.arguments = arguments
    }

    /// The English sentence.
    public var message: String { FieldError.fill(format, arguments) }

    public var description: String { message }
}
