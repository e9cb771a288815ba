import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// The privacy notice written from a real register's settings and content.
@Suite struct NoticeTests {
    static let headings: [String: [String]] = [
        "fi": ["Rekisterinpitäjä", "Yhteyshenkilö", "Rekisterin nimi", "Henkilötietojen käsittelyn tarkoitus ja oikeusperuste",
               "Rekisterin tietosisältö", "Säännönmukaiset tietolähteet", "Tietojen säännönmukaiset luovutukset",
               "Tietojen siirto EU:n tai ETA:n ulkopuolelle", "Tietojen säilytysaika", "Rekisterin suojauksen periaatteet",
               "Rekisteröidyn oikeudet", "Oikeus tehdä valitus valvontaviranomaiselle", "Tietojen antamisen vaatimus",
               "Automaattinen päätöksenteko ja profilointi", "Selosteen laatimispäivä"],
        "en": ["Controller", "Contact person", "Name of the register", "Purposes and legal basis", "Data content", "Regular sources",
               "Regular disclosures", "Transfers outside the EU or EEA", "Retention period", "Principles of protecting",
               "Rights of the data subject", "Right to lodge a complaint", "Whether giving the data is required",
               "Automated decision-making and profiling", "Date of this notice"],
    ]

    func notice(_ f: Fixture, _ language: String, _ format: PrivacyNotice.Format = .md) throws -> PrivacyNotice {
        let template = try #require(PrivacyNotice.template(language, from: ResourceFiles.builtIn))
        return PrivacyNotice(settings: try f.register.settings(), usage: try f.register.usage(), template: template, format: format, date: f.today)
    }

    func configure(_ f: Fixture) throws {
        try f.register.setSettings([
            .controllerName: "Tmi Hyvinvointi Mäkelä", .controllerBusinessID: "1234567-1", .controllerAddress: "Myllytie 3, 33100 Tampere",
            .controllerEmail: "toimisto@example.fi", .contactPerson: "Väinö Mäkelä, toimisto@example.fi",
            .recipients: "Tilitoimisto (kirjanpito); Perintätoimisto", .recipientsEnglish: "Accounting firm (bookkeeping); Perintätoimisto",
            .transfers: "none", .profiling: "none",
        ])
    }

    @Test(arguments: ["fi", "en"])
    func everyHeadingInOrder(_ language: String) throws {
        let f = try Fixture()
        try configure(f)
        let text = try notice(f, language).text
        var position = text.startIndex
        for heading in Self.headings[language]! {
            let range = try #require(text.range(of: heading, range: position..<text.endIndex), "\(language): no '\(heading)' after the previous heading")
            position = range.upperBound
        }
        #expect(text.contains(language == "fi" ? "tietosuojavaltuutetun" : "Data Protection Ombudsman"))
        #expect(text.contains(language == "fi" ? "Ehdoton oikeus kieltää suoramarkkinointi" : "absolute right to refuse direct marketing"))
        #expect(text.contains("15.6.2025"))
        #expect(text.contains("Tmi Hyvinvointi Mäkelä"))
        #expect(text.contains("Perintätoimisto"))
        #expect(try notice(f, language).missing.isEmpty)
    }

    @Test func missingSettingsAreNamedAndMarked() throws {
        let f = try Fixture()
        let n = try notice(f, "fi")
        #expect(n.missing == [.controllerName, .controllerAddress, .controllerEmail, .contactPerson, .recipients, .transfers, .profiling])
        #expect(n.text.contains("[PUUTTUU: controller_name]"))
        #expect(try notice(f, "en").text.contains("[MISSING: contact_person]"))
    }

    @Test func dataContentFollowsTheRegister() throws {
        let f = try Fixture()
        try configure(f)
        var text = try notice(f, "en").text
        #expect(!text.contains("date of birth"))
        #expect(!text.contains("invoice details"))
        #expect(text.contains("- the data subject"))
        #expect(!text.contains("events and fairs"))
        let n = try f.add("Aino", "Laine") { $0.birthdate = "12.4.1985"; $0.source = "event: Messut" }
        let d = f.today
        try f.register.addOrder(Order(customerNumber: n, date: d, description: "Hieronta", amountCents: 100, status: .invoiced,
                                      invoiceNumber: "1", invoiceDate: d, dueDate: d))
        text = try notice(f, "en").text
        #expect(text.contains("date of birth"))
        #expect(text.contains("invoice details"))
        #expect(text.contains("events and fairs"))
        #expect(!text.contains("personal identity code"))
    }

    @Test func retentionStatesTheSettingAndAccountingPeriods() throws {
        let f = try Fixture()
        try f.register.setSettings([.retentionYears: "7", .fiscalYearEnd: "30.6."])
        let markdown = try notice(f, "fi").text
        #expect(markdown.contains("on kulunut 7 vuotta"))
        #expect(markdown.contains("tositteet kuusi vuotta"))
        #expect(markdown.contains("(tilikausi päättyy 30.6.)"))
        // Plain text: headings underlined, lines within 78 columns.
        let text = try notice(f, "fi", .txt).text
        #expect(text.contains("1. Rekisterinpitäjä\n-------------------"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 })
    }

    /// Every unit and number form, in both languages, from the same setting the review uses.
    @Test func theRetentionPeriodInProperWords() throws {
        let f = try Fixture()
        let cases: [(SettingKey, String, String, String)] = [
            (.retentionYears, "1", "on kulunut 1 vuosi,", "after 1 year without activity"),
            (.retentionYears, "5", "on kulunut 5 vuotta,", "after 5 years without activity"),
            (.retentionMonths, "1", "on kulunut 1 kuukausi,", "after 1 month without activity"),
            (.retentionMonths, "6", "on kulunut 6 kuukautta,", "after 6 months without activity"),
        ]
        for (key, value, finnish, english) in cases {
            try f.register.setSettings([key: value])
            #expect(try notice(f, "fi").text.contains(finnish), "\(key) \(value)")
            #expect(try notice(f, "en").text.contains(english), "\(key) \(value)")
        }
    }

    /// Found: the default security text promised encrypted backups, which `kortisto backup`
    /// does not make; "no profiling" was fixed text; the English notice carried Finnish free
    /// text. Now every sentence comes from the program's own facts or from a setting the
    /// controller gave, in the notice's language, and a missing one is flagged.
    @Test func theNoticeSaysOnlyWhatIsTrue() throws {
        let f = try Fixture()
        try configure(f)
        for language in ["fi", "en"] {
            let text = try notice(f, language).text.lowercased()
            for claim in ["encrypt", "salat", "password", "salasana"] { #expect(!text.contains(claim), "\(language): \(claim)") }
        }
        // Profiling is the controller's to say; unset, it is flagged, not denied.
        try f.register.setSettings([.profiling: nil])
        let unset = try notice(f, "fi")
        #expect(unset.missing == [.profiling])
        #expect(!unset.text.contains("profilointiin"))
        try f.register.setSettings([.profiling: "Asiakkaat ryhmitellään ostohistorian mukaan."])
        #expect(try notice(f, "fi").text.contains("Asiakkaat ryhmitellään ostohistorian mukaan."))
        // Finnish free text never reaches the English notice: each translation is flagged.
        try f.register.setSettings([.registerName: "Hierontarekisteri", .purposes: "Asiakkuus = contract", .security: "Kone on lukitussa huoneessa."])
        let english = try notice(f, "en")
        for finnish in ["Hierontarekisteri", "Asiakkuus", "ostohistorian", "lukitussa"] { #expect(!english.text.contains(finnish), "\(finnish)") }
        #expect(english.missing == [.registerNameEnglish, .purposesEnglish, .securityEnglish, .profilingEnglish])
        #expect(english.text.contains("[MISSING: purposes_en]"))
        try f.register.setSettings([.registerNameEnglish: "Massage register", .purposesEnglish: "Customer relationship = contract",
                                    .profilingEnglish: "Customers are grouped by what they buy.", .securityEnglish: "The computer is in a locked room."])
        let translated = try notice(f, "en")
        #expect(translated.missing.isEmpty)
        #expect(translated.text.contains("# Privacy notice: Massage register"))
        #expect(translated.text.contains("Customer relationship: performance of a contract"))
        // The rules for members and event participants appear when the register has them.
        #expect(!translated.text.contains("while they are a member") && !translated.text.contains("Participant lists"))
        try f.add("Jäsen", "Pitkä") { $0.kind = "member"; $0.memberSince = "1.1.2020" }
        try f.register.addEvent(Event(name: "Kevätseminaari", date: f.today))
        let fuller = try notice(f, "en").text
        #expect(fuller.contains("while they are a member") && fuller.contains("Participant lists of events are deleted 5 years after the event."))
    }

    @Test func settingsRoundTrip() throws {
        let f = try Fixture()
        try f.register.setSettings([.retentionYears: "7", .controllerName: "Tmi Ääri"])
        #expect(try Register.open(at: f.register.path).settings().value(.controllerName) == "Tmi Ääri")
        try f.register.setSettings([.retentionYears: nil])
        #expect(try f.register.settings().retentionYears == 5)
        #expect(try !f.register.settings().isSet(.retentionYears))
        // Internal marks (demo) are not settings.
        try f.register.markAsDemo()
        #expect(try f.register.settings().stored.keys.sorted() == ["controller_name"])
    }
}
