/// The access report as the interface asks for it (KortistoApp's `AccessReporter` makes it).
public protocol AccessReporting: AnyObject {
    /// A customer's access report as text in `language` (`fi`, `en`; nil: the customer's own,
    /// else the register's), and the language it was written in.
    func report(_ customer: Int64, language: String?) throws -> (text: String, language: String)
    /// Writes a report to a new file readable only by the user, never over another file;
    /// returns the whole path written (`~` and a relative path resolved).
    func save(_ text: String, to path: String) throws -> String
}
