import KortistoApp
import KortistoCore
import KortistoStore

/// `kortisto query TEXT`: e-mail addresses for mutt, neomutt and aerc, in the format abook
/// (`--mutt-query`) and khard (`email --parsable`) answer with: a first line for the mail
/// program to show, then `address<TAB>name<TAB>info`, one line per e-mail. Everyone whom a
/// search finds but restricted people: writing to a customer is service, not marketing, so
/// bans do not apply, but a restriction of processing does.
struct QueryCommand: Command {
    static let spec = CommandSpec(
        name: "query", synopsis: "TEXT...", summary: "e-mail addresses for a mail program's address query (mutt, neomutt, aerc)",
        options: [.flag("remove-first-line", "leave out the first line (aerc reads every line as an address)")],
        positionals: 1...20,
        details: "mutt/neomutt:  set query_command = \"kortisto query '%s'\"\n"
            + "aerc:          address-book-cmd = kortisto query --remove-first-line '%s'\n"
            + "Exit status 1 when nobody matches, as abook and khard.")

    /// As many as a mail program's menu is for; a query is narrowed by typing more.
    static let limit = 500

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let text = a.positionals.joined(separator: " ")
        let register = try context.openRegister(a)
        var lines: [String] = []
        var people = 0
        for customer in try register.customers(matching: SearchQuery(text), limit: limit) where !customer.isRestricted {
            let emails = QueryLines.emails(of: customer)
            if !emails.isEmpty { people += 1 }
            lines += emails.map { QueryLines.line(address: $0.address, name: customer.fullName, info: $0.info) }
        }
        if !a.has("remove-first-line") {
            context.stdout.line(lines.isEmpty ? "Kortisto: no e-mail address matches '\(QueryLines.clean(text))'"
                                              : "Kortisto: \(lines.count) address(es) of \(people) people")
        }
        for line in lines { context.stdout.line(line) }
        return lines.isEmpty ? 1 : 0
    }
}

/// One e-mail per line as mail programs read a query's answer.
enum QueryLines {
    /// The main e-mail, then the others, each with what tells them apart (organisation, use).
    static func emails(of c: Customer) -> [(address: String, info: String)] {
        var found: [(String, String)] = []
        let organisation = c.organisationName ?? ""
        if let email = c.email { found.append((email, organisation)) }
        for contact in c.otherContacts where contact.kind == .email && !found.contains(where: { $0.0 == contact.value }) {
            found.append((contact.value, [contact.label.rawValue, organisation].filter { !$0.isEmpty }.joined(separator: ", ")))
        }
        return found
    }

    /// A tab or a line break in a stored value would split the line: they become spaces.
    static func clean(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }

    static func line(address: String, name: String, info: String) -> String {
        [address, name, info].map(clean).joined(separator: "\t")
    }
}
