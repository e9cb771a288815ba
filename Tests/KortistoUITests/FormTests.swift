import Foundation
import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore
import KortistoUI
import Testing
import TUIKit

@Suite struct FormTests {
    @Test func addACustomerThroughTheForm() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("a")
        #expect(h.text.contains("New customer"))
        // Fields in the contract's order.
        let labels = ["First name", "Last name", "Organisation", "Title", "E-mail", "Phone", "Street", "Postcode", "Town", "Country",
                      "Birthdate", "Language", "Notes", "Source"]
        let rows = h.text.split(separator: "\n").map(String.init)
        let positions = labels.map { label in rows.firstIndex { $0.hasPrefix(" " + label) } ?? -1 }
        #expect(positions == positions.sorted() && !positions.contains(-1), "\(positions)")
        h.type("Väinö<Tab>Mäkelä<Tab>Kide Media Oy<Tab><Tab>vaino@example.fi<Tab>050 765 4321<Tab>Myllytie 3<Tab>33100<Tab>Tampere<C-s>")
        #expect(h.text.contains("Customer 1004 added."))
        let saved = try #require(try h.register.customer(1004))
        #expect(saved.fullName == "Väinö Mäkelä")
        #expect(saved.phone == "+358507654321")
        #expect(saved.organisationName == "Kide Media Oy")
        #expect(saved.country == "FI")
        // The new customer is selected in the list.
        #expect(h.text.contains("│ Väinö Mäkelä  #1004"))
    }

    @Test func validationErrorsStandByTheFieldAndNothingIsLost() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("aEino<Tab>Leino<Tab><Tab><Tab>eino@<Tab><Tab><Tab>123<Enter>")
        // Enter on a middle field moves on; save explicitly.
        h.type("<C-s>")
        let text = h.text
        #expect(text.contains("2 field(s) need fixing"))
        #expect(h.lines(containing: "E-mail").first?.contains("← 'eino@' is not an e-mail") == true)
        #expect(h.lines(containing: "Postcode").first?.contains("← '123' is not a Finnish") == true)
        // The focused field's error in full on the message line.
        #expect(h.text.contains("'eino@' is not an e-mail address (expected name@example.fi)"))
        #expect(h.lines(containing: "First name").first?.contains("Eino") == true)
        #expect(try h.register.countCustomers() == 3)
        // Focus went to the first bad field; fix both and save.
        h.type("<End><BS><BS><BS><BS><BS>eino@example.fi<Down><Down><Down><C-u>00100<C-s>")
        #expect(h.text.contains("Customer 1004 added."))
        #expect(try h.register.customer(1004)?.postcode == "00100")
    }

    @Test func editKeepsWhatIsNotTouched() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("e")
        #expect(h.text.contains("Edit Matti Virtanen"))
        #expect(h.lines(containing: "Phone").first?.contains("040 123 4567") == true)
        h.type("<Down><Down><Down><Down><Down><Down><Down><Down><C-u>Kuopio<C-s>")
        #expect(h.text.contains("Customer 1001 saved."))
        let c = try #require(try h.register.customer(1001))
        #expect(c.town == "Kuopio")
        #expect(c.phone == "+358401234567")
        #expect(c.birthdate?.iso == "1985-04-12")
        #expect(c.since.iso == "2019-02-01")
    }

    /// The #8 fields are edited in the same form; words show in the interface's language and
    /// save back unchanged.
    @Test func relationshipMembershipAndWebFieldsInTheForm() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("e")
        #expect(h.lines(containing: "Kind").first?.contains("customer") == true)
        h.type("<S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><S-Tab>")
        h.type("<C-u>jäsen<Tab>Hallinto<Tab>kirje<Tab>virtasenpuu.example.fi, https://www.virtanen.example.fi<Tab>https://linkedin.com/in/mattiv"
               + "<Tab>1.1.2020<Tab>1.1.2019<C-s>")
        #expect(h.lines(containing: "Membership ended").first?.contains("← 1.1.2019 is before the membership") == true)
        #expect(try h.register.customer(1001)?.kind == .customer)
        h.type("<C-u><C-s>")
        #expect(h.text.contains("Customer 1001 saved."))
        let c = try #require(try h.register.customer(1001))
        #expect(c.kind == .member && c.department == "Hallinto" && c.preferredChannel == .letter && c.memberSince?.iso == "2020-01-01")
        #expect(c.links.map(\.url) == ["virtasenpuu.example.fi", "https://www.virtanen.example.fi", "https://linkedin.com/in/mattiv"])
        // Opened again, the form shows what was saved; saving untouched changes nothing.
        h.type("e")
        #expect(h.lines(containing: "Prefers").first?.contains("letter") == true)
        // (a long value reads from its beginning when its field is not focused)
        #expect(h.lines(containing: "Websites").first?.contains("virtasenpuu.example.fi https://www.virt") == true)
        h.type("<C-s>")
        #expect(try h.register.customer(1001)?.links == c.links)
        // In Finnish the words are Finnish, and they save back too.
        let fi = try Harness(language: .fi, setup: Harness.basic)
        fi.type("e")
        #expect(fi.lines(containing: "Suhde").first?.contains("asiakas") == true)
        fi.type("<S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><C-u>sähköposti<C-s>")
        #expect(try fi.register.customer(1001)?.preferredChannel == .email)
        #expect(try fi.register.customer(1001)?.kind == .customer)
    }

    @Test func aChangeElsewhereIsNeverSilentlyDropped() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("e<Down><Down><Down><Down><C-u>uusi@example.fi")
        // Another process edits the same customer meanwhile.
        try h.register.updateCustomer(1001, CustomerInput(town: "Oulu").validate(today: h.today, existing: h.register.customer(1001)))
        h.type("<C-s>")
        #expect(h.text.contains("r reload theirs · o overwrite with yours"))
        #expect(try h.register.customer(1001)?.email == "matti@example.fi")
        // Reload takes theirs…
        h.type("r")
        #expect(h.lines(containing: "Town").first?.contains("Oulu") == true)
        #expect(h.lines(containing: "E-mail").first?.contains("matti@example.fi") == true)
        // …and a second conflict can be overwritten with ours.
        h.type("<Down><Down><Down><Down><C-u>Vaasa")
        try h.register.updateCustomer(1001, CustomerInput(title: "Hallituksen puheenjohtaja").validate(today: h.today, existing: h.register.customer(1001)))
        h.type("<C-s>o")
        let c = try #require(try h.register.customer(1001))
        #expect(c.town == "Vaasa")
        // Found in a new user's trial: overwriting also undid their change to a field never
        // touched here. "Overwrite with yours" writes what was changed in this form only.
        #expect(c.title == "Hallituksen puheenjohtaja")
    }

    @Test func cancellingAskWhenThereAreChanges() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("a<Esc>")
        #expect(!h.text.contains("New customer"))
        h.type("aX<Esc>")
        #expect(h.text.contains("Discard your changes?"))
        h.type("n")
        #expect(h.lines(containing: "First name").first?.contains("X") == true)
        h.type("<Esc>y")
        #expect(!h.text.contains("New customer"))
        #expect(try h.register.countCustomers() == 3)
    }

    @Test func quitWithUnsavedChangesAsks() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("aSanna")
        #expect(h.app.update(.key(.ctrl("c"))) == .none)
        #expect(h.text.contains("Quit without saving your changes?"))
        #expect(h.type("n") == .none)
        #expect(h.lines(containing: "First name").first?.contains("Sanna") == true)
        #expect(h.app.update(.key(.ctrl("c"))) == .none)
        #expect(h.type("y") == .quit)
    }

    @Test func ordersAndPayingInTheCard() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("o")
        #expect(h.text.contains("New order for Matti Virtanen"))
        #expect(h.lines(containing: "Date").first?.contains("15.6.2025") == true)
        h.type("Hieronta 60 min<Tab>120,00<Tab><Tab>20001<C-s>")
        #expect(h.text.contains("Order added: Hieronta 60 min."))
        #expect(h.text.contains("Open invoice 120,00\u{00A0}€ due 29.6.2025"))
        h.type("<Enter>")
        #expect(h.text.contains("▸ 15.6.2025  Hieronta 60 min  120,00\u{00A0}€  invoiced  #20001  due 29.6.2025"))
        // `P` asks the payment date (today unless changed); Enter on it saves.
        h.type("P")
        #expect(h.text.contains("Mark paid: Hieronta 60 min 120,00\u{00A0}€"))
        #expect(try h.register.orders(ofCustomer: 1001).first?.status == .invoiced)
        h.type("<Enter>")
        #expect(h.text.contains("marked paid on 15.6.2025"))
        #expect(try h.register.orders(ofCustomer: 1001).first?.status == .paid)
        h.type("nLahjakortti<Tab>abc<C-s>")
        #expect(h.lines(containing: "Amount").first?.contains("not an amount") == true)
        h.type("<C-u>50<C-s>")
        #expect(try h.register.orders(ofCustomer: 1001).count == 2)
        #expect(h.text.contains("Lahjakortti"))
    }

    @Test func loggingAContact() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("c")
        #expect(h.lines(containing: "Channel").first?.contains("phone") == true)
        h.type("<Tab><Tab>Sovittiin tapaaminen<Enter><Enter>")
        #expect(h.text.contains("Contact logged."))
        #expect(h.text.contains("Last contact 15.6.2025 phone"))
        h.type("c<C-u>pigeon<C-s>")
        #expect(h.lines(containing: "Channel").first?.contains("unknown channel") == true)
    }

    @Test func restrictedCustomersCannotBeEdited() throws {
        let h = try Harness(setup: { register, today in
            try Harness.basic(register, today)
            try register.setRestriction(1001, reason: "Kiistää tiedot")
        })
        h.type("e")
        #expect(!h.text.contains("Edit Matti"))
        #expect(h.text.contains("Processing is restricted (Kiistää tiedot)"))
        #expect(h.lines(containing: "Virtanen, Matti").first?.contains("X") == true)
    }
}

@Suite struct SettingsScreenTests {
    @Test func settingsFormSavesAndValidates() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("S")
        #expect(h.text.contains("Register settings"))
        #expect(h.lines(containing: "Register name").first?.contains("Asiakasrekisteri") == true)
        h.type("Tmi Ääri<Tab><Tab><Tab>toimisto@<C-s>")
        #expect(h.lines(containing: "Controller's e-mail").first?.contains("←") == true)
        #expect(try h.register.settings().value(.controllerName) == nil)
        h.type("example.fi<C-s>")
        #expect(h.text.contains("Settings saved."))
        let settings = try h.register.settings()
        #expect(settings.value(.controllerName) == "Tmi Ääri")
        #expect(settings.value(.controllerEmail) == "toimisto@example.fi")
        #expect(!settings.isSet(.registerName))
    }

    /// Found in a trial: the settings form took `zzz` as the default label sheet.
    @Test func theLabelSheetIsOneKortistoKnows() throws {
        let h = try Harness(language: .fi, setup: Harness.basic)
        h.app.labelPrinting = LabelPrinter(register: h.register, templates: try LabelTemplate.all(resources: .builtIn, environment: [:]), today: h.today, fontPath: nil)
        let tabs = String(repeating: "<Tab>", count: try #require(SettingKey.allCases.firstIndex(of: .labelTemplate)))
        h.type("S\(tabs)<C-u>zzz<C-s>")
        #expect(h.text.contains("Kortisto ei tunne tarra-arkkia 'zzz' (avery-l7160"), "\(h.text)")
        #expect(try !h.register.settings().isSet(.labelTemplate))
        h.type("<C-u>L7163<C-s>")
        #expect(try h.register.settings().value(.labelTemplate) == "avery-l7163")
    }

    @Test func noticePreviewFromTheSettings() throws {
        let folder = ResourceFiles.builtIn
        let h = try Harness(language: .fi, setup: Harness.basic)
        h.app = App(data: h.register, strings: Strings.load(.fi, from: folder), today: h.today, width: 100, height: 30,
                    noticeTemplate: PrivacyNotice.template("fi", from: folder))
        h.type("S<C-n>")
        #expect(h.text.contains("Tietosuojaseloste (esikatselu)"))
        #expect(h.text.contains("Puuttuvat asetukset, merkitty tekstiin: Rekisterinpitäjä (toiminimi)"))
        #expect(h.text.contains("1. Rekisterinpitäjä"))
        h.type("G")
        #expect(h.text.contains("Selosteen laatimispäivä"))
        h.type("q")
        #expect(h.text.contains("Rekisterin asetukset"))
    }
}

@Suite struct ForgetScreenTests {
    @Test func forgetConfirmsThenErases() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("F")
        #expect(h.text.contains("Forget Matti Virtanen?"))
        #expect(h.text.contains("Cannot be undone."))
        h.type("n")
        #expect(h.text.contains("Cancelled."))
        #expect(try h.register.customer(1001) != nil)
        h.type("Fy")
        #expect(h.text.contains("Customer 1001 forgotten."))
        #expect(try h.register.customer(1001) == nil)
        #expect(!h.text.contains("Virtanen"))
        #expect(h.text.contains("2 customers"))
    }

    @Test func forgetNamesTheRecipientsToTell() throws {
        let h = try Harness(setup: { register, today in
            try Harness.basic(register, today)
            try register.addDisclosure(Disclosure(date: today, recipient: "Perintätoimisto Oy", what: "lasku"), customer: 1001)
        })
        h.type("Fy")
        #expect(h.text.contains("Customer 1001 forgotten. Tell the recipients of their data: Perintätoimisto Oy."))
    }

    @Test func blockedForgetSaysWhy() throws {
        let h = try Harness(setup: { register, today in
            try Harness.basic(register, today)
            try register.addOrder(Order(customerNumber: 1001, date: today, description: "Hieronta", amountCents: 12000, status: .invoiced,
                                        invoiceNumber: "20001", invoiceDate: today, dueDate: today))
        })
        h.type("F")
        #expect(h.text.contains("Matti Virtanen cannot be forgotten yet: open invoice 20001"))
        #expect(try h.register.customer(1001) != nil)
    }
}

@Suite struct PrivacyScreenTests {
    @Test func requestsShowInTheTitleTheCardAndTheList() throws {
        let h = try Harness(setup: { register, today in
            try Harness.basic(register, today)
            try register.addRequest(customer: 1001, type: .access, received: today.adding(days: -28), note: nil)
            try register.addRequest(customer: 1002, type: .erasure, received: today.adding(days: -2), note: nil)
        })
        #expect(h.text.split(separator: "\n")[0].contains("1 request due"))
        h.type("R")
        #expect(h.text.contains("Open requests, soonest due first"))
        let rows = h.lines(containing: "#")
        #expect(rows.first?.contains("access") == true)
        #expect(rows.dropFirst().first?.contains("erasure") == true)
        h.type("q<Enter>")
        #expect(h.text.contains("Requests"))
        #expect(h.text.contains("access  due 18.6.2025"))
    }

    @Test func retentionReviewForgetsAllAfterOneConfirmation() throws {
        let h = try Harness(setup: { register, today in
            try Harness.basic(register, today)
            for (first, last) in [("Vanha", "Asiakas"), ("Toinen", "Vanha")] {
                _ = try Harness.add(register, today, first, last) { $0.since = "1.1.2015" }
            }
            try register.markRetentionReviewed(on: LocalDate(year: 2024, month: 1, day: 2)!)
        })
        #expect(h.text.contains("retention review due"))
        h.type("r")
        #expect(h.text.contains("Inactive for 5 years"))
        // Matti Virtanen's last activity (1.2.2019) is over five years ago too.
        #expect(h.lines(containing: "1.1.2015").count == 2)
        #expect(h.lines(containing: "  #10").count == 3)
        #expect(!h.text.contains("retention review due"))
        h.type("A")
        #expect(h.text.contains("Forget all 3 listed customers?"))
        h.type("y")
        #expect(h.text.contains("Forgot 3 customers."))
        #expect(h.text.contains("Nobody has been inactive for 5 years without a reason to keep them."))
        #expect(try h.register.countCustomers() == 2)
        h.type("q")
        #expect(h.text.contains("2 customers"))
    }

    /// More due than a page: the first screen shows the oldest, End the last one due and then
    /// the kept with their count, and A forgets everyone due, not only those read so far.
    @Test func aLongReviewIsReadAPageAtATime() throws {
        let h = try Harness(setup: { register, today in
            try register.addRecords(try (0..<450).map { i in
                var input = CustomerInput(firstName: "Äijä\(i)", lastName: "Vanha")
                input.since = LocalDate(year: 2010, month: 1, day: 1)!.adding(days: i).finnish
                return CustomerRecord(fields: try input.validate(today: today))
            }, today: today)
            let held = try Harness.add(register, today, "Pidätetty", "Öhman") { $0.since = "1.1.2012" }
            try register.setLegalHold(held, reason: "Riita")
        })
        h.type("r")
        #expect(h.text.contains("Inactive for 5 years"))
        #expect(h.lines(containing: "Äijä0").count == 1 && !h.text.contains("Äijä449") && !h.text.contains("Kept, though inactive"), "\(h.text)")
        h.type("A")
        #expect(h.text.contains("Forget all 450 listed customers?"))
        h.type("n")
        #expect(try h.register.countCustomers() == 451)
        h.type("<End>")
        #expect(h.lines(containing: "Äijä449").count == 1, "\(h.text)")
        #expect(h.text.contains("Kept, though inactive (1):") && h.lines(containing: "Öhman").count == 1, "\(h.text)")
        h.type("<Home>A")
        #expect(h.text.contains("Forget all 450 listed customers?"))
        h.type("y")
        #expect(h.text.contains("Forgot 450 customers."))
        #expect(h.text.contains("Kept, though inactive (1):"))
    }

    /// In Finnish: the period in words, the kept with their reasons; F on a kept line forgets
    /// nobody and Enter opens the card.
    @Test func theReviewShowsTheKeptInFinnish() throws {
        let h = try Harness(language: .fi, setup: { register, today in
            _ = try Harness.add(register, today, "Jäsen", "Pitkäaikainen") { $0.since = "1.1.2015"; $0.kind = "member"; $0.memberSince = "1.1.2015" }
            let held = try Harness.add(register, today, "Pidätetty", "Vanha") { $0.since = "1.1.2015" }
            try register.setLegalHold(held, reason: "Riita")
            try register.setSettings([.retentionMonths: "6"])
        })
        h.type("r")
        #expect(h.text.contains("Ei asiointia: 6 kuukautta"), "\(h.text)")
        #expect(h.text.contains("Kukaan ei ole ollut ilman asiointia säilytysaikaa (6 kuukautta)"))
        #expect(h.text.contains("Säilytetään, vaikka ilman asiointia (2):"))
        #expect(h.lines(containing: "#1001").first?.contains("jäsenyys voimassa") == true)
        #expect(h.lines(containing: "#1002").first?.contains("säilytysvelvoite") == true)
        h.type("F")
        #expect(h.text.contains("tarkistus ei unohda häntä"))
        #expect(try h.register.countCustomers() == 2)
        h.type("<Down><Enter>")
        #expect(h.text.contains("#1002"))
        #expect(h.text.contains("Pidätetty Vanha"))
    }

    @Test func accessReportFromTheCard() throws {
        let h = try Harness(setup: Harness.basic)
        let reports = StubReports { number, language in
            ((language ?? "fi") == "fi" ? "Tarkastusraportti asiakkaasta \(number)\nrivi kaksi" : "Access report line one for \(number)\nline two", language ?? "fi")
        }
        h.app.accessReports = reports
        var saved: [(String, String)] { reports.saved }
        h.type("<Enter>x")
        #expect(h.text.contains("Access report: Matti Virtanen"))
        #expect(h.text.contains("Tarkastusraportti asiakkaasta 1001"), "the customer's or the register's language first")
        h.type("l")
        #expect(h.text.contains("Access report line one for 1001"))
        h.type("w")
        #expect(h.text.contains("access-report-1001.txt"))
        h.type("<C-s>")
        #expect(saved.map(\.1) == ["~/access-report-1001.txt"])
        #expect(saved.first?.0.hasPrefix("Access report line one") == true)
        #expect(h.text.contains("Report written to ~/access-report-1001.txt (readable only by you)."))
        h.type("q")
        #expect(h.text.contains("#1001"))
    }
}

/// Access reports without the register's report: what the card's `x` shows and what `w` saves.
final class StubReports: AccessReporting {
    let make: (Int64, String?) -> (text: String, language: String)
    var saved: [(String, String)] = []

    init(_ make: @escaping (Int64, String?) -> (text: String, language: String)) { self.make = make }

    func report(_ customer: Int64, language: String?) throws -> (text: String, language: String) { make(customer, language) }
    func save(_ text: String, to path: String) throws -> String { saved.append((text, path)); return path }
}

extension FormTests {
    /// Found in review: after `r` took the other change, the form still saved against the
    /// revision it first opened on, so the next save cried conflict again.
    @Test func aReloadedFormSavesWithoutAnotherConflict() throws {
        let h = try Harness(setup: Harness.basic)
        h.type("e<Down><Down><Down><Down><C-u>uusi@example.fi")
        try h.register.updateCustomer(1001, CustomerInput(town: "Oulu").validate(today: h.today, existing: h.register.customer(1001)))
        h.type("<C-s>r")
        h.type("<C-u>uusi@example.fi<C-s>") // the focus stays on the e-mail after the reload
        #expect(h.text.contains("Customer 1001 saved."), "\(h.text)")
        let c = try #require(try h.register.customer(1001))
        #expect(c.email == "uusi@example.fi" && c.town == "Oulu")
    }
}
