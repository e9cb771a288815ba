import KortistoApp
import KortistoCore
import KortistoStore

struct OrgAddCommand: Command {
    static let spec = CommandSpec(
        name: "org add", synopsis: "--name N",
        summary: "add an organisation; prints its number",
        options: [
            .value("name", "N", "the organisation's name"),
            .value("business-id", "Y", "Y-tunnus, e.g. 1234567-1 (check digit verified)"),
            .value("street", "S", "street address or PL nnn"),
            .value("postcode", "C", "postcode"),
            .value("town", "T", "town"),
            .value("country", "C", "country code or name (default FI)"),
            .value("website", "W", "web address"),
            .value("note", "N", "free-text notes"),
            .value("email", "E", "the organisation's own e-mail address"),
            .value("phone", "P", "the organisation's own phone (a switchboard)"),
        ])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        var input = OrganisationInput(name: a.value("name"))
        input.businessID = a.value("business-id")
        input.street = a.value("street")
        input.postcode = a.value("postcode")
        input.town = a.value("town")
        input.country = a.value("country")
        input.website = a.value("website")
        input.notes = a.value("note")
        input.email = a.value("email")
        input.phone = a.value("phone")
        let organisation = try input.validate()
        let name = organisation.name
        let register = try context.openRegister(a)
        if let existing = try register.organisation(name), existing.name == name {
            throw CLIError.failure("organisation '\(name)' already exists (number \(existing.id))")
        }
        let id = try register.addOrganisation(organisation)
        context.stdout.line(String(id))
        return 0
    }
}

struct OrgListCommand: Command {
    static let spec = CommandSpec(
        name: "org list", synopsis: "", summary: "list organisations",
        options: [.choice("format", ["table", "json"], default: "table", "table (default) or json")])

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        let register = try context.openRegister(a)
        let organisations = try register.organisations()
        if format == "json" {
            context.stdout.line(JSON.array(organisations.map { .object(CustomerFormat.json($0)) }).rendered())
        } else if organisations.isEmpty {
            context.stderr.line("No organisations yet. Add one with 'kortisto org add --name NAME'.")
        } else {
            let rows = organisations.map { [String($0.id), $0.name, $0.businessID ?? "", $0.town ?? ""] }
            context.stdout.write(Table.render(header: ["No", "Name", "Y-tunnus", "Town"], rows: rows, maxWidths: [6, 40, 10, 20]))
        }
        return 0
    }
}

struct OrgShowCommand: Command {
    static let spec = CommandSpec(
        name: "org show", synopsis: "ORG", summary: "show an organisation (by number or name) and its people",
        options: [.choice("format", ["text", "json"], default: "text", "text (default) or json")], positionals: 1...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        let register = try context.openRegister(a)
        guard let org = try register.organisation(a[0]) else { throw StoreError.notFound(Refusal("organisation '{0}'", "\(a[0])")) }
        let members = try register.members(ofOrganisation: org.id)
        if format == "json" {
            let people: [JSON] = members.map { .object([("number", .int($0.number)), ("first_name", .string($0.firstName)),
                                                        ("last_name", .string($0.lastName)), ("title", .string($0.title))]) }
            context.stdout.line(JSON.object(CustomerFormat.json(org) + [("customers", .array(people))]).rendered())
            return 0
        }
        var lines = ["\(org.name)  (organisation \(org.id))"]
        if let id = org.businessID { lines.append("Y-tunnus        \(id)") }
        if let address = AddressFormat.oneLine(street: org.street, postcode: org.postcode, town: org.town, country: org.country) {
            lines.append("Address         \(address)")
        }
        if let website = org.website { lines.append("Website         \(website)") }
        if let notes = org.notes { lines.append("Notes           \(notes)") }
        lines.append("")
        lines.append(members.isEmpty ? "No customers belong to it." : "Customers")
        lines += members.map { "  #\($0.number)  \($0.listName)" + ($0.title.map { " · \($0)" } ?? "") }
        context.stdout.write(lines.joined(separator: "\n") + "\n")
        return 0
    }
}
