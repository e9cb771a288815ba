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

/// The interface's `i` dialog with the real importer and a real register.
@Suite struct ImportDialogTests {
    static let today = LocalDate(year: 2025, month: 6, day: 15)!

    /// A register and Finnish Excel's CSV with one invalid row (shared vector 02), in a folder
    /// that lives as long as the caller keeps it.
    static func excelFile() throws -> (TemporaryFolder, Register, String) {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let file = folder.file("asiakkaat.csv")
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KortistoExchangeTests/Fixtures/csv").path
        try FileManager.default.copyItem(atPath: fixtures + "/02-excel-fi-cp1252-semicolon.csv", toPath: file)
        // And a row without a name, which no import can take.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(";;Torikatu 5;00100;Helsinki;;nimeton@example.fi;;\r\n".utf8))
        try handle.close()
        return (folder, register, file)
    }

    /// The interface over `register` in `language`, with the real importer.
    static func dialog(_ register: Register, _ language: Strings.Language, width: Int) -> App {
        var app = App(data: register, strings: Strings.load(language, from: ResourceFiles.builtIn), today: today, width: width, height: 30)
        app.importer = CustomerImporter(register: register, today: today)
        return app
    }

    /// Found: the Finnish dialog showed the importer's English sentences ("Would import: …").
    @Test func thePreviewAndTheSummaryInFinnish() throws {
        let (folder, register, file) = try Self.excelFile()
        var app = Self.dialog(register, .fi, width: 120)
        defer { withExtendedLifetime(folder) {} }
        app.type("i\(file)<C-p>")
        let preview = app.screen.text
        #expect(preview.contains("Luettiin 5 riviä (cp1252, erotin ';')"), "\(preview)")
        #expect(preview.contains("Tuotaisiin: uusia 4, kaksoiskappaleita 0 (ohitetaan), virheellisiä 1, korjauksia 2."), "\(preview)")
        #expect(preview.contains("Virheelliset rivit") && preview.contains("rivi 6:"))
        #expect(preview.contains("Korjattu tai arvo jätetty pois") && preview.contains("rivi 2:"))
        // The repairs and the values left out in Finnish too.
        #expect(preview.contains("postinumero 100 → 00100") && preview.contains("jätettiin pois") && !preview.contains("left out"), "\(preview)")
        #expect(!preview.contains("Would import") && !preview.contains("Read 4"))
        app.type("q<Down><Down><Down><C-u>kyllä<C-s>")
        #expect(app.screen.text.contains("Tuotu: uusia 4"), "\(app.screen.text)")
    }

    /// Found: a file that cannot be read as CSV was refused in English in the Finnish dialog
    /// ("…: the file is empty"). Every reason, in both languages, beside the file field.
    @Test(arguments: [Strings.Language.fi, .en])
    func everyUnreadableFileIsRefusedInTheInterfacesLanguage(_ language: Strings.Language) throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let files: [(String, Data, fi: String, en: String)] = [
            ("tyhja.csv", Data(), "on tyhjä", "is empty"),
            ("rivit.csv", Data("\n\r\n\n".utf8), "ei ole otsikkoriviä", "has no header line"),
            ("bom8.csv", Data([0xEF, 0xBB, 0xBF, 0xC3, 0x28, 0x41]), "UTF-8-merkistöä, mutta ei ole", "says UTF-8 but is not"),
            ("bom16.csv", Data([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]), "UTF-16-merkistöä, mutta ei ole", "says UTF-16 but is not"),
            ("kuva.csv", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49]), "ei ole tekstitiedosto", "is not a text file"),
        ]
        for (name, data, fi, en) in files {
            try data.write(to: URL(fileURLWithPath: folder.file(name)))
            var app = Self.dialog(register, language, width: 160)
            app.type("i\(folder.file(name))<C-p>")
            let shown = app.screen.text
            #expect(shown.contains(language == .fi ? fi : en), "\(name): \(shown)")
            if language == .fi { #expect(!shown.contains(en) && !shown.contains("the file"), "\(name): \(shown)") }
        }
    }

    @Test func previewThenImportWithInvalidRowsLeftOut() throws {
        let (folder, register, file) = try Self.excelFile()
        var app = Self.dialog(register, .en, width: 100)
        defer { withExtendedLifetime(folder) {} }
        app.type("i\(file)<C-p>")
        let preview = app.screen.text
        #expect(preview.contains("Read 5 row(s) (cp1252, ';')"))
        #expect(preview.contains("Would import: 4 new, 0 duplicate(s) (skip), 1 invalid, 2 repair(s)."), "\(preview)")
        // In the interface's words: the fields by their labels.
        #expect(preview.contains("line 2: Phone: '3,58401E+11'") && preview.contains("line 6: First name: is required"), "\(preview)")
        // Invalid rows stop the import until the user says to leave them out.
        app.type("q<C-s>")
        #expect(app.screen.text.contains("1 row(s) are invalid"))
        #expect(try register.countCustomers() == 0)
        // The failed save put the cursor on the field that needs an answer.
        app.type("<C-u>yes<C-s>")
        #expect(app.screen.text.contains("Imported: 4 new"))
        // The row left out is kept where it can be fixed and imported (beside the register).
        let rejected = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.file("rejected")).first)
        #expect(app.screen.text.contains("The rows left out and their reasons are in"), "\(app.screen.text)")
        #expect(String(decoding: FileManager.default.contents(atPath: folder.file("rejected/" + rejected)) ?? Data(), as: UTF8.self)
                    .contains("nimeton@example.fi"))
        #expect(try register.countCustomers() == 4)
        app.type("q")
        #expect(app.screen.text.contains("4 customers"))
    }

    /// Every label ends before its field begins: the Finnish "Ohita virheelliset rivit" ran
    /// into its answer ("Ohita virheelliset rivitei").
    @Test func labelsNeverRunIntoTheirFields() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        var app = App(data: register, strings: Strings.load(.fi, from: ResourceFiles.builtIn), today: today, width: 80, height: 24)
        app.importer = CustomerImporter(register: register, today: today)
        app.type("i")
        let row = try #require(app.screen.text.split(separator: "\n").first { $0.contains("Ohita virheelliset rivit") }, "\(app.screen.text)")
        #expect(row.contains(/Ohita virheelliset rivit +ei/), "\(row)")
    }

    /// Our own export's 26 columns: the whole mapping and the list of fields are on screen at
    /// 80 columns, wrapped rather than cut.
    @Test func longMappingsWrapInThePreview() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        let file = folder.file("oma.csv")
        let header = "number;first_name;last_name;organisation;title;email;phone;street;postcode;town;country;birthdate;language;notes;"
            + "source;source_detail;since;bans;kind;tags;department;preferred_channel;member_since;member_until;websites;profiles"
        try Data((header + "\n1001;Aino;Äijälä;;;;;;;;FI;;;;;;2024-01-02;publication;member;;;;;;;\n").utf8).write(to: URL(fileURLWithPath: file))
        var app = App(data: register, strings: Strings.load(.en, from: ResourceFiles.builtIn), today: today, width: 80, height: 40)
        app.importer = CustomerImporter(register: register, today: today)
        app.type("i\(file)<C-p>")
        let text = app.screen.text
        #expect(text.contains("websites → websites, profiles → profiles"), "\(text)")
        // The list's end, from the table itself (a field added to the table moves it).
        let last = ImportField.allCases.suffix(3).map(\.rawValue).joined(separator: ", ")
        #expect(text.replacingOccurrences(of: "\n   ", with: " ").contains(last), "\(last)\n\(text)")
        #expect(!text.contains("…"), "\(text)")
    }

    /// Headers no alias knows: the Columns field maps them (as --map does), and the import
    /// shows its progress on screen while it runs.
    @Test func columnsAreMappedInTheDialogAndProgressIsShown() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        let file = folder.file("lista.csv")
        try Data("Etu;Suku;Kännykkä\nÄiny;Östlund;040 111 2233\nJörö;Åberg;050 444 5566\n".utf8).write(to: URL(fileURLWithPath: file))
        var app = App(data: register, strings: Strings.load(.en, from: ResourceFiles.builtIn), today: today, width: 100, height: 30)
        app.importer = CustomerImporter(register: register, today: today)
        var shown: [String] = []
        app.present = { shown.append($0.text) }
        // Without a mapping nothing names a person: the error sits beside the file.
        app.type("i\(file)<C-p>")
        #expect(app.screen.text.contains("no name columns recognised"))
        app.type("<Tab>Etu=first_name,Suku=last_name,3=phone<C-p>")
        let preview = app.screen.text
        #expect(preview.contains("Etu → first_name, Suku → last_name, Kännykkä → phone"))
        #expect(preview.contains("Would import: 2 new"))
        #expect(preview.contains("Fields: first_name, last_name"))
        app.type("q<C-s>")
        #expect(app.screen.text.contains("Imported: 2 new"))
        #expect(try register.customers(matching: SearchQuery("östlund"), limit: 5).first?.phone == "+358401112233")
        #expect(shown.contains { $0.contains("Importing the customers…") && $0.contains("100%  2/2") && $0.contains("[====") })
        // The bar is gone once the import is done.
        #expect(!app.screen.text.contains("Importing the customers…"))
        // A mapping naming a column that does not exist is refused beside the field.
        app.type("i\(file)<Tab>Puhelin=phone<C-p>")
        #expect(app.screen.text.contains("no column 'Puhelin'"))
    }
}

extension ImportDialogTests {
    /// Found in a trial: an unknown field in the Finnish Columns field listed the fields by
    /// their English keys; they are listed as the field takes them, in Finnish.
    @Test func anUnknownFieldListsTheFieldsInFinnish() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        let file = folder.file("lista.csv")
        try Data("Etunimi;Sukunimi\nAino;Äijälä\n".utf8).write(to: URL(fileURLWithPath: file))
        var app = App(data: register, strings: Strings.load(.fi, from: ResourceFiles.builtIn), today: today, width: 200, height: 30)
        app.importer = CustomerImporter(register: register, today: today)
        app.type("i\(file)<Tab>Etunimi=bar<C-p>")
        let text = app.screen.text
        #expect(text.contains("tuntematon kenttä 'bar' (etunimi, sukunimi"), "\(text)")
        #expect(!text.contains("first_name") && !text.contains("last_name"), "\(text)")
    }
}
