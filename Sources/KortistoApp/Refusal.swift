/// A use case that cannot be carried out, with the reason in a sentence (English: the command
/// line prints it; the interface shows it as the register's other refusals).
public struct Refusal: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
