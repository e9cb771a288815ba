import Foundation
import KortistoApp
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoCLI
@testable import KortistoStore

/// Tests over the one table of a customer's fields (`CustomerField`): every field is stored,
/// exported and imported back, erased by forgetting, shown on the card and in the report. They
/// enumerate the table, so a field added to it is checked without a new test, and a field left
/// out of a derived list fails here.
@Suite struct CustomerFieldTests {
    /// The customer table's columns that are no field of their own (the consents and tags:
    /// copies of their tables, v36).
    static let internalColumns: Set<String> = ["sort_key", "forgotten_on", "consents", "tags"]
    /// What a forgotten customer's row keeps: the number and the dates the books and the
    /// erasure log need, nothing that describes the person.
    static let keptByForgetting: Set<CustomerField> = [.number, .since, .createdAt, .updatedAt, .revision]

    /// A register with one customer, 1001, whose every field is filled (`FullCustomer`), with a
    /// ban and a legal hold's reason.
    static func full() throws -> (Shell, Register, Customer) {
        let sh = Shell()
        let register = try Register.open(at: sh.db)
        let today = LocalDate(iso: "2025-06-15")!
        let number = try register.addCustomer(try FullCustomer.input.validate(today: today), today: today)
        #expect(number == 1001)
        // What no one types: the UID a card from elsewhere gave them.
        #expect(try register.keepUID(FullCustomer.cardUID, for: number))
        #expect(sh.run("ban", "1001", "publication").status == 0)
        #expect(sh.run("hold", "1001", "--reason", "Riita laskusta").status == 0)
        return (sh, register, try #require(try register.customer(number)))
    }

    @Test func theTableMatchesTheSchemaAndTheLanguageTables() throws {
        let (_, register, _) = try Self.full()
        let columns = Set(try register.db.rows("SELECT name FROM pragma_table_info('customer')", []) { $0.text(0) })
        let fieldColumns = Set(CustomerField.stored.map(\.column))
        #expect(columns == fieldColumns.union(Self.internalColumns),
                "not in the table: \(columns.subtracting(fieldColumns).subtracting(Self.internalColumns).sorted()), no column: \(fieldColumns.subtracting(columns).sorted())")
        for language in ["en", "fi"] {
            let data = try #require(ResourceFiles.builtIn.data("i18n/\(language).json"))
            let table = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
            for field in CustomerField.allCases {
                #expect(table[field.labelKey]?.isEmpty == false, "\(language): no label for \(field.key)")
            }
        }
        // Everything a person types has an example for the generator, and a way in.
        for field in CustomerField.allCases where field.spec.option != nil || field.spec.edited {
            #expect(field.spec.example != nil, "\(field.key) has no example")
        }
    }

    @Test func theGeneratorFillsEveryFieldAndEveryColumn() throws {
        let (_, register, customer) = try Self.full()
        for field in CustomerField.allCases where field != .restrictionReason {
            #expect(!field.value(in: customer).isEmpty, "\(field.key) is empty")
        }
        // Every column of the row holds something (but the forgetting date and the restriction,
        // which would stop the exports).
        let columns = try register.db.rows("SELECT name FROM pragma_table_info('customer')", []) { $0.text(0) }
        for column in columns where column != "forgotten_on" && column != "restriction_reason" {
            #expect(try register.db.scalarInt("SELECT count(*) FROM customer WHERE number = 1001 AND \(column) IS NOT NULL") == 1, "\(column)")
        }
    }

    /// Export, import into an empty register, and every field the format carries is the same.
    @Test(arguments: ExchangeFormat.allCases)
    func exportThenImportKeepsEveryCarriedField(_ format: ExchangeFormat) throws {
        let (sh, _, customer) = try Self.full()
        let file = sh.folder.file("export.\(format == .vcard ? "vcf" : format.rawValue)")
        let exported = sh.run("export", "--format", format == .vcard ? "vcf" : format.rawValue, "--out", file)
        #expect(exported.status == 0, "\(exported.err)")
        let other = Shell()
        let imported = other.run("import", file)
        #expect(imported.status == 0, "\(imported.out)\(imported.err)")
        let register = try Register.open(at: other.db)
        let number: Int64 = format == .json ? customer.number : 1001
        let back = try #require(try register.customer(number))
        // The JSON is the whole register (number and times too); a spreadsheet or a card gives
        // a new customer.
        let record: Set<CustomerField> = format == .json ? [] : [.number, .createdAt, .updatedAt]
        for field in CustomerField.carried(by: format) where !record.contains(field) {
            #expect(field.value(in: back) == field.value(in: customer), "\(format): \(field.key)")
        }
    }

    @Test func forgettingEmptiesEveryPersonalColumn() throws {
        let (sh, register, _) = try Self.full()
        #expect(sh.run("unhold", "1001").status == 0)
        #expect(try register.db.scalarInt("SELECT count(*) FROM customer WHERE number = 1001 AND tags IS NOT NULL") == 1)
        #expect(sh.run("forget", "1001", "--yes").status == 0)
        let columns = try register.db.rows("SELECT name FROM pragma_table_info('customer')", []) { $0.text(0) }
        for column in columns where !Self.internalColumns.contains(column) {
            let field = try #require(CustomerField.stored.first { $0.column == column }, "\(column) is no field")
            if Self.keptByForgetting.contains(field) { continue }
            #expect(field.isPersonal, "\(column) is kept after forgetting")
            let left = try register.db.first("SELECT \(column) FROM customer WHERE number = 1001", []) { $0.optionalText(0) } ?? nil
            #expect(left == field.spec.erasedText, "\(column) holds \(left ?? "NULL") after forgetting")
        }
        #expect(try register.db.scalarInt("SELECT count(*) FROM customer WHERE number = 1001 AND sort_key = ''") == 1)
        #expect(try register.db.scalarInt("SELECT count(*) FROM customer WHERE number = 1001 AND consents IS NULL AND tags IS NULL") == 1)
        for table in ["customer_tag", "customer_link", "consent_event", "customer_contact"] {
            #expect(try register.db.scalarInt("SELECT count(*) FROM \(table) WHERE customer_number = 1001") == 0, "\(table)")
        }
    }

    /// Every filled field shows in `show` and in the person's report, in both languages, as a
    /// person reads it.
    @Test func everyFieldShowsOnTheCardAndInTheReport() throws {
        let (sh, _, customer) = try Self.full()
        let show = sh.run("show", "1001").out
        for (name, text) in [("show", show), ("report en", sh.run("report", "1001", "--lang", "en").out),
                             ("report fi", sh.run("report", "1001", "--lang", "fi").out)] {
            for field in CustomerField.allCases {
                for shown in Self.shown(field, of: customer, on: name) {
                    #expect(text.contains(shown), "\(name): \(field.key) '\(shown)' not shown")
                }
            }
        }
    }

    /// What a person sees of a field (nothing for the record's own bookkeeping).
    static func shown(_ field: CustomerField, of c: Customer, on surface: String) -> [String] {
        let language = surface.hasSuffix("fi") ? "fi" : "en", report = surface.hasPrefix("report")
        return switch field {
        case .number: [String(c.number)]
        case .createdAt, .updatedAt, .revision: []
        case .restrictionReason: c.restrictionReason.map { [$0] } ?? []
        // In full only in the person's own report.
        case .identityCode: (report ? c.identityCode : c.identityCodeMasked).map { [$0] } ?? []
        case .kind: [language == "fi" ? "jäsen" : "member"]
        case .customerType: [report ? (language == "fi" ? "yritysasiakas" : "business customer") : "business"]
        case .preferredChannel: [report ? (language == "fi" ? "tekstiviesti" : "text message") : "sms"]
        case .source: [language == "fi" ? DataSource.Kind.event.finnish : DataSource.Kind.event.english]
        case .bans: [language == "fi" ? "julkaisu" : "publication"]
        // A Finnish address names no country; the town is written as Posti wants it.
        case .country: c.country == Country.finland ? [] : [c.country]
        case .town: [c.town?.uppercased() ?? ""]
        // Each other contact by its value as shown (a phone grouped); its use in the surface's words.
        case .otherEmails, .otherPhones, .otherAddresses:
            c.otherContacts.filter { field.value(in: c).cell(separator: "|").contains($0.value) }.map { $0.kind == .phone ? Phone.display($0.value) : $0.value }
        case .websites, .profiles, .tags: field.value(in: c).cell(separator: " ").split(separator: " ").map { String($0).trimmingCharacters(in: [","]) }
        default: [field.typed(in: c)]
        }
    }
}

extension CustomerFieldTests {
    /// `ordinal` reads the case's stored index: it must be the field's place in `allCases`.
    /// A customer written into a JSON object field by field (`CustomerFormat.write`: stored
    /// values straight, keys escaped once) is the object of their pairs rendered whole, at
    /// every depth, indented and not, with and without the masked identity code: for the
    /// customer with every field filled, one with only a name, and a generated register's.
    @Test func theJSONWrittenFieldByFieldIsThePairsRendered() throws {
        let (_, register, full) = try Self.full()
        try register.fillSynthetic(customers: 300, organisations: 10, seed: 11, today: LocalDate(iso: "2025-06-15")!)
        var customers = [full, Customer(number: 7, firstName: "Åsa", lastName: "Öhman", since: LocalDate(iso: "2025-06-15")!,
                                         createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))]
        try register.forEachCustomer { customers.append($0) }
        #expect(customers.contains { !$0.tags.isEmpty } && customers.contains { !$0.links.isEmpty })
        for c in customers {
            for (level, pretty) in [(0, true), (2, true), (3, true), (0, false)] {
                for masked in [true, false] {
                    let pairs = CustomerFormat.json(c).filter { masked || $0.0 != "identity_code_masked" }
                    let written = JSON.renderedObject(level: level, pretty: pretty) { CustomerFormat.write(c, into: &$0, withMaskedIdentityCode: masked) }
                    #expect(written == JSON.object(pairs).rendered(level: level, pretty: pretty), "\(c.number) level \(level) pretty \(pretty) masked \(masked)")
                }
            }
        }
    }

    @Test func ordinalsAreThePlacesInAllCases() {
        #expect(MemoryLayout<CustomerField>.size == 1)
        for (index, field) in CustomerField.allCases.enumerated() { #expect(field.ordinal == index, "\(field)") }
    }
}
