import Foundation
import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore
import KortistoTestSupport
import KortistoUI
import Testing
import TUIKit
@testable import KortistoCLI

/// The interface's `l` dialog with the real label writer and a real register.
@Suite struct LabelsDialogTests {
    @Test func previewThenWriteForTheCurrentSearch() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        for (first, last, town) in [("Aino", "Laine", "Turku"), ("Eino", "Leino", "Turku"), ("Iida", "Niemi", "Oulu")] {
            try register.addCustomer(CustomerInput(firstName: first, lastName: last, street: "Katu 1", postcode: "20100", town: town).validate(today: today), today: today)
        }
        try register.recordConsent(ConsentEvent(kind: .publication, granted: true, date: today), customer: 1002)
        let resources = ResourceFiles.builtIn
        var app = App(data: register, strings: Strings.load(.en, from: resources), today: today, width: 100, height: 30)
        app.labelPrinting = LabelPrinter(register: register, templates: try LabelTemplate.all(resources: resources, environment: [:]), today: today,
                                         fontPath: LabelSheet.defaultFontPath(environment: ProcessInfo.processInfo.environment))
        app.type("/turku<Enter>l")
        #expect(app.screen.text.contains("Address labels for the search 'turku'"))
        app.type("<C-p>")
        let preview = app.screen.text
        #expect(preview.contains("1 label on 1 sheet(s) of Avery L7160."))
        #expect(preview.contains("Left out: 1 publication ban."))
        #expect(preview.contains("Aino Laine"))
        #expect(!preview.contains("Leino") && !preview.contains("Niemi"))
        let pdf = folder.file("turku.pdf")
        app.type("q<Tab><Tab><Tab><C-u>\(pdf)<Tab>Joulukortit 2026<C-s>")
        #expect(app.screen.text.contains("Recorded as campaign 1 (Joulukortit 2026, letter, 1 recipient(s)). 1 label written to"))
        let text = try spawn(["pdftotext", pdf, "-"]).stdout
        #expect(text.contains("Aino Laine") && !text.contains("Eino Leino"))
        // A marketing sheet records itself in the campaign log, with exactly the people on it.
        let campaigns = try register.campaigns()
        #expect(campaigns.map(\.name) == ["Joulukortit 2026"] && campaigns.first?.channel == .letter)
        #expect(app.screen.text.contains("Recorded as campaign 1 (Joulukortit 2026, letter, 1 recipient(s))"))
        #expect(try register.recipients(ofCampaign: 1).map(\.customer) == [1001])
        // An existing file is never replaced from the dialog.
        app.type("l<Tab><Tab><Tab><C-u>\(pdf)<C-s>")
        #expect(app.screen.text.contains("already exists"))
    }

    /// Found: the Finnish dialog showed the summary the command line builds in English. Every
    /// sentence of it is now the interface's own.
    @Test func theSummaryInFinnish() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        for (first, last) in [("Aino", "Laine"), ("Eino", "Leino")] {
            try register.addCustomer(CustomerInput(firstName: first, lastName: last, street: "Katu 1", postcode: "20100", town: "Turku").validate(today: today), today: today)
        }
        try register.recordConsent(ConsentEvent(kind: .publication, granted: true, date: today), customer: 1002)
        let resources = ResourceFiles.builtIn
        var app = App(data: register, strings: Strings.load(.fi, from: resources), today: today, width: 160, height: 30)
        app.labelPrinting = LabelPrinter(register: register, templates: try LabelTemplate.all(resources: resources, environment: [:]), today: today,
                                         fontPath: LabelSheet.defaultFontPath(environment: ProcessInfo.processInfo.environment))
        app.type("l<C-p>")
        #expect(app.screen.text.contains("1 tarra 1 arkille (Avery L7160)."), "\(app.screen.text)")
        #expect(app.screen.text.contains("Jätettiin pois: 1 × julkaisukielto."))
        let pdf = folder.file("tarrat.pdf")
        app.type("q<Tab><Tab><Tab><C-u>\(pdf)<Tab>Joulu<C-s>")
        #expect(app.screen.text.contains("Kirjattu kampanjaksi 1 (Joulu, kirje, 1 vastaanottajaa). 1 tarra kirjoitettu tiedostoon"), "\(app.screen.text)")
        #expect(!app.screen.text.contains("label(s)") && !app.screen.text.contains("Recorded as"))
    }
}

extension LabelsDialogTests {
    /// Found trying the demo in Finnish: a marketing sheet written without a campaign name was
    /// recorded as "Labels tarrat.pdf", in English, in the campaign log and each person's report.
    @Test(arguments: [(Strings.Language.fi, "Tarrat tarrat.pdf"), (.en, "Labels tarrat.pdf")])
    func anUnnamedCampaignIsNamedInTheInterfacesLanguage(_ language: Strings.Language, _ expected: String) throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        try register.addCustomer(CustomerInput(firstName: "Äijä", lastName: "Öhman", street: "Katu 1", postcode: "20100", town: "Turku").validate(today: today), today: today)
        let resources = ResourceFiles.builtIn
        var app = App(data: register, strings: Strings.load(language, from: resources), today: today, width: 160, height: 30)
        app.labelPrinting = LabelPrinter(register: register, templates: try LabelTemplate.all(resources: resources, environment: [:]), today: today,
                                         fontPath: LabelSheet.defaultFontPath(environment: ProcessInfo.processInfo.environment))
        app.type("l<Tab><Tab><Tab><C-u>\(folder.file("tarrat.pdf"))<C-s>")
        #expect(try register.campaigns().map(\.name) == [expected], "\(app.screen.text)")
    }

    /// Found in review: "no labels to make" was said in English in the Finnish dialog.
    @Test func nobodyToPrintIsSaidInFinnish() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        try register.addCustomer(CustomerInput(firstName: "Aino", lastName: "Laine").validate(today: today), today: today) // no address
        let resources = ResourceFiles.builtIn
        var app = App(data: register, strings: Strings.load(.fi, from: resources), today: today, width: 110, height: 30)
        app.labelPrinting = LabelPrinter(register: register, templates: try LabelTemplate.all(resources: resources, environment: [:]), today: today,
                                         fontPath: nil)
        app.type("l<Tab><Tab><Tab><C-u>\(folder.file("t.pdf"))<C-s>")
        #expect(app.screen.text.contains("tarroja ei tehty"), "\(app.screen.text)")
        #expect(!app.screen.text.contains("no labels to make"))
    }
}

extension LabelsDialogTests {
    /// Found in a trial: "Tiedostoa … ei voi kirjoittaa: No such file or directory." The
    /// system's reasons are said in Finnish, every one a file can fail with.
    @Test func aFileThatCannotBeWrittenSaysWhyInFinnish() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        try register.addCustomer(CustomerInput(firstName: "Aino", lastName: "Laine", street: "Katu 1", postcode: "20100", town: "Turku").validate(today: today), today: today)
        let resources = ResourceFiles.builtIn
        let fi = Strings.load(.fi, from: resources)
        var app = App(data: register, strings: fi, today: today, width: 160, height: 30)
        app.labelPrinting = LabelPrinter(register: register, templates: try LabelTemplate.all(resources: resources, environment: [:]), today: today,
                                         fontPath: LabelSheet.defaultFontPath(environment: ProcessInfo.processInfo.environment))
        app.type("l<Tab><Tab><Tab><C-u>\(folder.file("ei/ole/x.pdf"))<C-s>")
        #expect(app.screen.text.contains("kansiota tai tiedostoa ei ole"), "\(app.screen.text)")
        #expect(!app.screen.text.contains("No such file"))
        for code in [ENOENT, EACCES, EPERM, EROFS, EISDIR, ENOTDIR, ENOSPC, EDQUOT, EFBIG, ENAMETOOLONG, ELOOP, EIO, EEXIST, EBUSY, ETXTBSY] {
            let english = String(cString: strerror(code))
            #expect(fi.systemReason(english) != english, "\(english)")
        }
    }
}

extension LabelsDialogTests {
    /// Found trying the preview at 100 columns: the line of reasons left out was cut after the
    /// third ("…"), hiding the fourth. Every reason shows whole at 80 columns, in both languages.
    @Test(arguments: [Strings.Language.fi, .en])
    func everyReasonLeftOutShowsWhole(_ language: Strings.Language) throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        for (first, last) in [("Aino", "Laine"), ("Eino", "Leino"), ("Iida", "Niemi"), ("Olli", "Öhman"), ("Åsa", "Mäki")] {
            try register.addCustomer(CustomerInput(firstName: first, lastName: last, street: "Katu 1", postcode: "20100", town: "Turku").validate(today: today), today: today)
        }
        try register.recordConsent(ConsentEvent(kind: .publication, granted: true, date: today), customer: 1002)
        try register.recordConsent(ConsentEvent(kind: .marketing, granted: true, date: today), customer: 1003)
        try register.db.execute("UPDATE customer SET restriction_reason = 'kiistetty' WHERE number = 1004")
        try register.db.execute("UPDATE customer SET town = NULL WHERE number = 1005")
        let resources = ResourceFiles.builtIn
        let strings = Strings.load(language, from: resources)
        var app = App(data: register, strings: strings, today: today, width: 80, height: 30)
        app.labelPrinting = LabelPrinter(register: register, templates: try LabelTemplate.all(resources: resources, environment: [:]), today: today,
                                         fontPath: nil)
        app.type("l<C-p>")
        let screen = app.screen.text
        // A reason may wrap onto the next line: read as words.
        let words = screen.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for reason in LabelExclusion.allCases where [.publicationBan, .marketingBan, .restricted, .incompleteAddress].contains(reason) {
            #expect(words.contains(strings["exclusion.\(reason.rawValue)"]), "\(reason) in \(screen)")
        }
        #expect(!screen.contains("…"))
    }
}
