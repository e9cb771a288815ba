/// What a program says while it works, not a refusal: an English sentence with `{0}`, `{1}` …
/// for its values (the command line prints it), which the interface looks up in its language
/// table under `validation.` + the sentence, as it does a `Refusal`'s (opening a register says
/// that it is being brought up to date, or that it was readable by others).
public struct Announcement: Sendable, Equatable, CustomStringConvertible {
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
