import Foundation
import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore
import KortistoTestSupport
import Testing
import TUIKit
@testable import KortistoUI

/// Found: the Finnish interface spoke English whenever something went wrong, and in places
/// when nothing did. Every screen and dialog is walked in Finnish, with its errors, and no word
/// that only the English table uses may show; every key the code names is in both tables.
@Suite struct FinnishEverywhereTests {
    /// Words only English text uses: those of the English table's texts that the Finnish
    /// table never uses (names of things both languages share drop out this way).
    static func englishOnlyWords() -> Set<String> {
        let folder = ResourceFiles.builtIn
        let en = Strings.load(.en, from: folder), fi = Strings.load(.fi, from: folder)
        func words(_ strings: Strings) -> Set<String> {
            var all = Set<String>()
            for key in strings.keys {
                for word in strings[key].lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 4 { all.insert(String(word)) }
            }
            return all
        }
        _ = fi
        return words(en).subtracting(shared)
    }

    /// Words both languages write the same: names of formats and programs, key names, the
    /// test register's own data.
    static let shared: Set<String> = ["kortisto", "vcard", "json", "avery", "home", "enter", "example",
                                      // Finnish words in the English table (a file name, `mark.kielto` abbreviated).
                                      "tarkastusraportti", "mark", "tunnus", "muuta"]

    /// Every screen the interface has, and the errors its forms give, as text.
    static func walk(_ h: Harness) -> [(step: String, text: String)] {
        var seen: [(String, String)] = []
        func look(_ step: String, _ script: String) {
            h.type(script)
            seen.append((step, h.text))
        }
        /// Back on the main list with nothing said, whatever was open.
        func home() {
            h.app.stack.removeAll()
            h.app.message = nil
            h.app.reloadList(keeping: true)
        }
        look("list", "")
        look("search", "/virt")
        look("search count", "<Enter>")
        look("no matches", "/zzzz<Enter>")
        look("number search", "<Esc>/#1002<Enter>")
        look("cleared", "<Esc>")
        home()
        look("card", "<Enter>")
        look("card page", "<PgDn>")
        look("order form", "o")
        look("order errors", "<Tab>abc<Tab><C-u>eilen<Tab><Tab>huomenna<C-s>")
        look("discard question", "<Esc>")
        look("kept editing", "n")
        look("closed", "<Esc>y")
        home()
        look("pay form", "<Enter>kP")
        look("pay errors", "<C-u>huomenna<C-s>")
        look("pay closed", "<Esc>")
        home()
        look("correct form", "<Enter>kO")
        look("correct errors", "<Tab><C-u>x<Tab><Tab><C-u>kadonnut<C-s>")
        look("correct closed", "<Esc>y")
        home()
        look("contact form", "<Enter>c")
        look("contact errors", "<C-u>kyyhky<Tab><C-u>eilen<Tab><Tab><C-u>joskus<C-s>")
        look("contact closed", "<Esc>y")
        home()
        look("tags form", "<Enter>t")
        look("tags closed", "<Esc>")
        home()
        look("attend form", "<Enter>v")
        look("attend errors", "999<C-s>")
        look("attend closed", "<Esc>y")
        home()
        look("feedback form", "<Enter>f")
        look("feedback errors", "<Tab>ehkä<C-s>")
        look("feedback closed", "<Esc>y")
        home()
        look("reveal without a code", "<Enter>h")
        look("ban", "p")
        look("lift question", "p")
        look("lift cancelled", "n")
        look("newsletter question", "u")
        look("newsletter given", "y")
        home()
        look("hold form", "<Enter>H")
        look("hold errors", "<C-s>")
        look("hold closed", "<Esc>")
        home()
        look("report", "<Enter>x")
        look("report end", "G")
        look("report other language", "l")
        look("report back", "lq")
        look("report file", "xw")
        look("report written", "<C-s>")
        look("report again", "xw<C-s>")
        look("report file closed", "<Esc>yq")
        home()
        look("forget question", "/#1003<Enter><Enter>F")
        look("forget cancelled", "n")
        home()
        look("help", "?")
        look("help end", "G")
        look("card back", "qq")
        home()
        look("edit form", "e")
        look("edit errors", "<Down><Down><Down><Down><C-u>matti(at)example.fi<Down><C-u>123<Down><Down><C-u>ABC<Down><Down><Down><C-u>31.2.1985<C-s>")
        look("edit closed", "<Esc>y")
        home()
        look("add form", "a")
        look("add errors", "<C-s>")
        look("add closed", "<Esc>")
        home()
        look("birthdays", "b")
        look("birthdays back", "q")
        home()
        look("settings", "S")
        look("settings errors", "<Down><Down><Down><C-u>x@<Down><C-u>123<C-s>")
        look("notice", "<C-n>")
        look("notice back", "q<Esc>y")
        home()
        look("requests", "R")
        look("requests back", "q")
        home()
        look("breaches", "B")
        look("breach form", "a")
        look("breach errors", "<C-s>")
        look("breach closed", "<Esc>qq")
        home()
        look("retention", "r")
        look("retention back", "q")
        home()
        look("labels", "l")
        look("labels preview", "<C-p>")
        look("labels preview back", "q")
        look("labels errors", "<C-u><Tab><C-u>kaikille<Tab><C-u>-1<C-s>")
        look("labels closed", "<Esc>y")
        home()
        look("import", "i")
        look("import errors", "/ei/ole/tiedosto.csv<Tab><Tab><C-u>kyllä<C-p>")
        look("import preview", "<Up><Up><C-u>~/tuonti.csv<Tab><Tab><C-u>ohita<C-p>")
        look("import preview end", "G")
        look("import done", "q<C-s>")
        look("import closed", "<Esc>q")
        home()
        look("kind filter", "/laji:jäsen<Enter>")
        look("kind filter cleared", "<Esc>")
        home()
        look("kind error", "e" + String(repeating: "<Down>", count: 21) + "<C-u>asiakasjäsen<Up><Up><Up><C-u>tapahtumassa<C-s>")
        look("kind error closed", "<Esc>y")
        home()
        look("events", "v")
        look("event form", "a")
        look("event errors", "<C-s>")
        look("events closed", "<Esc>q")
        home()
        look("receivables", "I")
        look("receivables card", "<Enter>")
        look("receivables back", "qq")
        home()
        look("today", "T")
        look("today back", "q")
        home()
        look("forget blocked", "F")
        home()
        look("quit question", "a<Tab>X<C-c>")
        return seen
    }

    /// The working day's register in the Finnish interface, with the privacy notice's words.
    static func finnish() throws -> Harness {
        let h = try Harness(language: .fi, setup: { register, today in
            try WorkingDayTests.day(register, today)
            try register.addRequest(customer: 1002, type: .access, received: today.adding(days: -29), note: nil)
        })
        let resources = ResourceFiles.builtIn
        h.app = App(data: h.register, strings: h.app.strings, today: h.today, width: 100, height: 30,
                    noticeTemplate: PrivacyNotice.template("fi", from: resources))
        // The real services: label sheets, imports and access reports, as the program has them.
        h.app.labelPrinting = LabelPrinter(register: h.register, templates: try LabelTemplate.all(resources: resources, environment: [:]),
                                           today: h.today, fontPath: nil, home: h.folder.path)
        h.app.importer = CustomerImporter(register: h.register, today: h.today, home: h.folder.path)
        h.app.accessReports = AccessReporter(register: h.register, today: h.today, resources: resources, home: h.folder.path)
        try Data("Etunimi;Sukunimi;Sähköposti;Lempiväri\nSanni;Mäki;sanni@example.fi;sininen\nBertta;Öhman;bertta(at)example.fi;\n".utf8)
            .write(to: URL(fileURLWithPath: h.folder.file("tuonti.csv")))
        return h
    }

    @Test func noEnglishWordOnAnyFinnishScreen() throws {
        let h = try Self.finnish()
        let english = Self.englishOnlyWords()
        #expect(english.count > 100)
        var found: [String: Set<String>] = [:]
        // `l` in the access report shows it in English on purpose (the person's language).
        for (step, text) in Self.walk(h) where step != "report other language" {
            // The settings for the English notice hold English on purpose; the notice marks a
            // missing setting by the key that sets it (`[PUUTTUU: controller_name]`).
            let finnish = text.split(separator: "\n").filter { !$0.contains("englanniksi") }.joined(separator: "\n")
                .replacing(/\[PUUTTUU: [a-z_]+\]/, with: "")
            for word in finnish.lowercased().split(whereSeparator: { !$0.isLetter }) where english.contains(String(word)) {
                found[step, default: []].insert(String(word))
            }
        }
        if ProcessInfo.processInfo.environment["KORTISTO_WALK"] != nil {
            for (step, text) in Self.walk(try Self.finnish()) {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                print("\(step) | \(lines.first ?? "") | \(lines.dropLast().last ?? "") | \(lines.last ?? "")")
            }
        }
        if ProcessInfo.processInfo.environment["KORTISTO_PEEK"] != nil {
            for (step, text) in Self.walk(try Self.finnish()) where found[step] != nil { print("=== \(step)\n\(text)") }
        }
        #expect(found.isEmpty, "\(found.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.sorted().joined(separator: " "))" }.joined(separator: "\n"))")
    }
}

/// The import preview names fields by their labels, and the Columns field takes them back.
@Suite struct ImportFieldNameTests {
    @Test(arguments: [Strings.Language.fi, .en])
    func everyFieldsNameReadsBack(_ language: Strings.Language) {
        let strings = Strings.load(language, from: ResourceFiles.builtIn)
        for field in ImportField.allCases {
            let name = strings.importField(field.rawValue)
            #expect(ImportField(rawValue: name) ?? ImportField.field(forHeader: name) == field, "\(language): '\(name)' does not read back as \(field.rawValue)")
        }
    }
}

extension FinnishEverywhereTests {
    /// `1 kenttää`, `1 osumaa`, `1 pyyntö(ä)`, "Peruttu." after choosing to keep editing: one is
    /// one in Finnish, and going on with a form says nothing.
    @Test func oneIsOneAndKeepingOnSaysNothing() throws {
        let h = try Self.finnish()
        #expect(h.text.split(separator: "\n")[0].contains("1 pyyntö erääntymässä"))
        h.type("/matti<Enter>")
        #expect(h.text.contains("1 osuma") && !h.text.contains("1 osumaa"))
        h.type("<Esc>eX<Down><Down><Down><Down><C-u>x@<C-s>")
        #expect(h.text.contains("1 kenttä vaatii korjausta"))
        h.type("<Esc>n")
        #expect(!h.text.contains("Peruttu"))
        #expect(h.text.contains("Muokkaa: Matti Virtanen"))
    }
}

extension FinnishEverywhereTests {
    /// Every key the interface's code names as a literal (`strings["key.add"]`, a key table's
    /// `footer:`/`help:`, `"message.saved"`) is in both tables: a key missing from one would
    /// show itself raw in that language.
    @Test func everyKeyTheCodeNamesIsInBothTables() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/KortistoUI")
        var keys = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
            for match in text.matches(of: /"([a-z]+(?:_[a-z]+)*\.[a-z_]+(?:\.[a-z_]+)*)"/) { keys.insert(String(match.output.1)) }
        }
        // Strings that look like keys but are not looked up (file names, a host).
        keys = keys.filter { !$0.hasSuffix(".txt") && !$0.hasSuffix(".pdf") && !$0.hasSuffix(".fi") && !$0.hasSuffix(".json") }
        #expect(keys.count > 200)
        let folder = ResourceFiles.builtIn
        for language in [Strings.Language.fi, .en] {
            let table = Strings.load(language, from: folder).keys
            let missing = keys.filter { !table.contains($0) && !table.contains($0 + ".one") }
            #expect(missing.isEmpty, "\(language): \(missing.sorted())")
        }
    }
}

extension FinnishEverywhereTests {
    /// Found: help lines were cut at 80 columns. Every key's text is there whole, wrapped.
    @Test(arguments: [Strings.Language.fi, .en])
    func theHelpIsNeverCut(_ language: Strings.Language) throws {
        let h = try Harness(language: language, width: 80, height: 24)
        let lines = h.app.context.helpLines()
        for line in lines { #expect(DisplayWidth.of(line.text) <= (line.heading ? 78 : 62), "\(line.text)") }
        var entries: [String] = []
        for line in lines where !line.heading {
            if line.keys.isEmpty, !line.text.isEmpty, !entries.isEmpty { entries[entries.count - 1] += " " + line.text } else { entries.append(line.text) }
        }
        for (keys, text) in App.helpKeys where !keys.isEmpty && !text.isEmpty {
            #expect(entries.contains(h.app.strings[text]), "\(language): \(text)")
        }
        h.type("?")
        var last = ""
        while h.text != last {
            last = h.text
            #expect(!h.text.contains("…"), "\(h.text)")
            h.type("<PgDn>")
        }

    }
}

extension FinnishEverywhereTests {
    /// Found in a trial: a consent recorded in an English session read `(entered in Kortisto)`
    /// on the Finnish card; the demo's sources were English words. They are keywords now.
    @Test func consentSourcesInTheReadersLanguage() throws {
        let h = try Harness(language: .fi, setup: { register, today in
            try Harness.basic(register, today)
            for (kind, source) in [(ConsentKind.publication, "entered in Kortisto"), (.marketing, ConsentEvent.sourceKortisto),
                                   (.newsletter, ConsentEvent.sourceWebForm), (.research, "puhelinsoitto")] {
                try register.recordConsent(ConsentEvent(kind: kind, granted: true, date: today, source: source), customer: 1001)
            }
        })
        h.type("<Enter>")
        #expect(h.lines(containing: "kirjattu Kortistoon").count == 2, "\(h.text)")
        #expect(h.text.contains("(verkkolomakkeelta)") && h.text.contains("(puhelinsoitto)"))
        #expect(!h.text.contains("entered in") && !h.text.contains("web form"))
    }
}
