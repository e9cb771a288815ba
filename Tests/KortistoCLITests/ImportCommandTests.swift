import Foundation
import KortistoApp
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoCLI
@testable import KortistoStore

@Suite struct ImportCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KortistoExchangeTests/Fixtures/csv").path

    /// A spreadsheet of 12,000 rows (enough for a progress bar and several slices) in the
    /// shell's folder: `header`, then `row(i)` for each.
    func largeFile(_ sh: Shell, _ name: String, header: String, row: (Int) -> String) throws -> String {
        var csv = header + "\n"
        for i in 0..<12_000 { csv += row(i) + "\n" }
        let file = sh.folder.file(name)
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// A large file: a progress bar on stderr, every row lands, and
    /// rows repeating an e-mail address within the file count as duplicates.
    @Test func largeFilesShowProgressAndLandWhole() throws {
        let sh = Shell()
        let file = try largeFile(sh, "iso.csv", header: "etunimi;sukunimi;sähköposti;postinumero") { "Äinö\($0);Öhman;aino\($0 % 11_000)@example.fi;100" }
        let r = sh.run("import", file)
        #expect(r.status == 0)
        // One bar: rows are checked while the ones before them are written.
        #expect(r.err.contains("Importing [") && r.err.contains("100%  12000/12000"))
        #expect(r.err.components(separatedBy: "Importing [").count > 2, "the bar moves")
        #expect(r.err.contains("Imported: 11000 new, 1000 duplicate(s) (skip), 0 invalid, 12000 repair(s)."))
        let register = try Register.open(at: sh.db)
        #expect(try register.countCustomers() == 11_000)
        #expect(try register.customers(matching: SearchQuery("äinö10999"), limit: 2).first?.postcode == "00100")
    }

    /// An import that fails after its bar is drawn (here the register refuses a late row, as a
    /// full disk would) says why on a line of its own, not at the end of the bar; nothing lands.
    @Test func aFailureAfterTheBarIsSaidOnItsOwnLine() throws {
        let sh = Shell()
        sh.run("add", "--first", "Vanha", "--last", "Asiakas")
        let register = try Register.open(at: sh.db)
        try register.db.execute("CREATE TRIGGER late_failure AFTER INSERT ON customer WHEN NEW.first_name = 'Äinö9000' BEGIN SELECT RAISE(ABORT, 'no room'); END")
        register.close()
        let file = try largeFile(sh, "iso.csv", header: "etunimi;sukunimi") { "Äinö\($0);Öhman" }
        let r = sh.run("import", file)
        #expect(r.status == 1)
        #expect(r.err.contains("Importing ["), "the bar was drawn: \(r.err)")
        let said = try #require(r.err.range(of: "kortisto: "), "\(r.err)")
        #expect(r.err[..<said.lowerBound].hasSuffix("\n"), "\(r.err.suffix(200))")
        #expect(try Register.open(at: sh.db).countCustomers() == 1)
    }

    /// Rows are written while later ones are still being checked: a bad row far down a large
    /// file still undoes everything, and every bad row is reported, not just the first.
    @Test func aLateInvalidRowUndoesALargeImport() throws {
        let sh = Shell()
        sh.run("add", "--first", "Vanha", "--last", "Asiakas", "--email", "vanha@example.fi")
        // Two rows without a name: the only rows an import cannot take.
        let file = try largeFile(sh, "myohainen.csv", header: "etunimi;sukunimi;sähköposti") { i in
            i == 9_500 || i == 11_900 ? ";;henkilo\(i)@example.fi" : "Åke\(i);Ärrä;henkilo\(i)@example.fi"
        }
        let refused = sh.run("import", file)
        #expect(refused.status == 1)
        #expect(refused.err.contains("line 9502: first_name:") && refused.err.contains("line 11902: first_name:"))
        #expect(refused.err.contains("nothing imported: 2 row(s) are invalid"))
        let register = try Register.open(at: sh.db)
        #expect(try register.countCustomers() == 1)
        #expect(try register.db.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
        #expect(try register.customers(matching: SearchQuery("henkilo5"), limit: 1).isEmpty)
        let accepted = sh.run("import", file, "--skip-invalid")
        #expect(accepted.status == 0 && accepted.err.contains("Imported: 11998 new, 0 duplicate(s) (skip), 2 invalid"))
        #expect(try register.countCustomers() == 11_999)
        #expect(try register.customers(matching: SearchQuery("henkilo11999"), limit: 1).first?.firstName == "Åke11999")
    }

    /// Opening an older register says that it is being brought up to date, once; a new
    /// register is made silently.
    @Test func anOlderRegisterIsUpdatedAndSaysSo() throws {
        let sh = Shell()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KortistoStoreTests/Fixtures/register-v1.sqlite").path
        try FileManager.default.copyItem(atPath: fixture, toPath: sh.db)
        let first = sh.run("list")
        #expect(first.status == 0 && first.out.contains("Virtanen, Matti"))
        #expect(first.err.contains("Updating the register to version \(Register.latestSchemaVersion): requests and disclosures;"))
        // Every step since the fixture's version is named, the last one ending the sentence.
        for migration in Schema.migrations.dropFirst() {
            #expect(first.err.contains(migration.name + (migration.version == Schema.latestVersion ? "…" : ";")), "\(migration.name)")
        }
        let second = sh.run("list")
        #expect(second.status == 0 && !second.err.contains("Updating"))
        let fresh = Shell()
        #expect(!fresh.run("list").err.contains("Updating"))
    }

    /// A copy of a shared vector in the shell's folder.
    func copy(_ sh: Shell, _ name: String) throws -> String {
        let target = sh.folder.file(name)
        try FileManager.default.copyItem(atPath: Self.fixtures + "/" + name, toPath: target)
        return target
    }

    /// Shared vector 02 with a row that has no name at all (line 6), which no import can take.
    func copyWithNamelessRow(_ sh: Shell) throws -> String {
        let file = try copy(sh, "02-excel-fi-cp1252-semicolon.csv")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(";;Torikatu 5;00100;Helsinki;;nimeton@example.fi;;\r\n".utf8))
        try handle.close()
        return file
    }

    /// Found: a phone Excel had shortened (3,58401E+11) cost the whole person. The person is
    /// imported, the number left out and said by line and column.
    @Test func anUnusableValueNeverCostsThePerson() throws {
        let sh = Shell()
        let imported = sh.run("import", try copy(sh, "02-excel-fi-cp1252-semicolon.csv"))
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.err.contains("line 2: phone: '3,58401E+11' is a number Excel shortened; the digits are lost, type it again; left out"),
                "\(imported.err)")
        #expect(imported.err.contains("Imported: 4 new, 0 duplicate(s) (skip), 0 invalid, 2 repair(s)."))
        let matti = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(matti["last_name"] as? String == "Meikäläinen" && matti["phone"] is NSNull && matti["postcode"] as? String == "00100")
    }

    @Test func excelFileIsAllOrNothing() throws {
        let sh = Shell()
        let file = try copyWithNamelessRow(sh)
        let refused = sh.run("import", file)
        #expect(refused.status == 1)
        #expect(refused.err.contains("line 6: first_name: is required"), "\(refused.err)")
        #expect(refused.err.contains("nothing imported"))
        #expect(try Register.open(at: sh.db).countCustomers() == 0)
        // The rejected rows go beside the register (private), never beside the input.
        #expect(!FileManager.default.fileExists(atPath: file + ".rejected.csv"))
        let rejectedPath = sh.folder.file("rejected/02-excel-fi-cp1252-semicolon-2025-06-15.rejected.csv")
        #expect(refused.err.contains(rejectedPath), "\(refused.err)")
        let rejected = try #require(FileManager.default.contents(atPath: rejectedPath))
        #expect(String(decoding: rejected, as: UTF8.self).contains("nimeton@example.fi"))
        #expect(sh.folder.permissions(sh.folder.file("rejected")) == 0o700 && sh.folder.permissions(rejectedPath) == 0o600)
        // A dry run writes nothing at all: no second rejected file, no register where none was.
        let before = try FileManager.default.contentsOfDirectory(atPath: sh.folder.file("rejected"))
        let dry = sh.run("import", file, "--dry-run")
        #expect(dry.err.contains("Dry run: 4 new, 0 duplicate(s) (skip), 1 invalid, 2 repair(s)."), "\(dry.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sh.folder.file("rejected")) == before)
        let elsewhere = sh.folder.file("uusi/r.sqlite")
        try FileManager.default.createDirectory(atPath: sh.folder.file("uusi"), withIntermediateDirectories: false)
        let dryNew = CLI.run(["import", file, "--dry-run", "--db", elsewhere], environment: sh.environment, stdout: StringSink(), stderr: StringSink())
        #expect(dryNew == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sh.folder.file("uusi")).isEmpty, "a dry run created files")
        // The rejected rows cannot be written (a file where the folder would be): the import that
        // happened is not called a failure; it says where the rows could not go.
        let blocked = Shell()
        _ = FileManager.default.createFile(atPath: blocked.folder.file("rejected"), contents: Data())
        let imported = blocked.run("import", try copyWithNamelessRow(blocked), "--skip-invalid")
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.err.contains("Warning: the invalid rows could not be written"), "\(imported.err)")
        #expect(try Register.open(at: blocked.db).countCustomers() == 4)
        #expect(sh.run("import", file, "--skip-invalid").status == 0)
        let people = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        #expect(people.map { $0["last_name"] as? String } == ["Euronen", "Meikäläinen", "Mäkelä-Öhman", "Söderström"])
        let maija = try #require(people.first { $0["first_name"] as? String == "Maija" })
        #expect(maija["birthdate"] as? String == "1990-12-01")
        #expect(maija["phone"] as? String == "+358401234567")
        #expect(maija["source"] as? String == "other")
    }

    @Test func everySharedVectorImports() throws {
        let sh = Shell()
        for name in ["01-rfc4180-utf8.csv", "03-excel-fi-utf8bom-semicolon.csv", "04-google-contacts.csv", "05-google-legacy.csv",
                     "06-outlook-en-cp1252.csv", "09-libreoffice-utf8-lf.csv"] {
            let r = sh.run("import", try copy(sh, name), "--skip-invalid")
            #expect(r.status == 0, "\(name): \(r.err)")
        }
        let names = try #require(try sh.json("list", "--format", "json") as? [[String: Any]]).map { "\($0["first_name"]!) \($0["last_name"]!)" }
        for expected in ["Matti Meikäläinen", "Åsa Åström", "Łukasz Wałęsa", "Иван Петров", "Kaisa-Liisa Kärkkäinen", "Jörg Düsseldörfer"] {
            #expect(names.contains(expected), "\(expected) missing from \(names)")
        }
        let helene = try #require(try sh.json("search", "helene", "--format", "json") as? [[String: Any]]).first
        #expect(helene?["email"] as? String == "helene@example.fr")
    }

    @Test func duplicatesAreSkippedOrMergedNeverOverwritten() throws {
        let sh = Shell()
        sh.run("add", "--first", "Matti", "--last", "Meikäläinen", "--email", "matti@example.fi", "--town", "Espoo")
        let file = try copy(sh, "01-rfc4180-utf8.csv")
        let skipped = sh.run("import", file)
        // Maija shares Matti's phone but is someone else: only the e-mail names Matti again.
        #expect(skipped.err.contains("2 new, 1 duplicate(s) (skip)"), "\(skipped.err)")
        let merged = sh.run("import", try copy(sh, "09-libreoffice-utf8-lf.csv"))
        #expect(merged.status == 0)
        sh.run("import", file, "--duplicates", "merge")
        let matti = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(matti["town"] as? String == "Espoo")
        // An address is merged whole or not at all: a Helsinki street never joins an Espoo town.
        #expect(matti["street"] is NSNull)
        #expect(matti["birthdate"] as? String == "1985-04-12")
    }

    @Test func hostileFiles() throws {
        let sh = Shell()
        let binary = sh.folder.file("kuva.csv")
        _ = FileManager.default.createFile(atPath: binary, contents: Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D, 0xFF, 0x00]))
        let r = sh.run("import", binary)
        #expect(r.status == 1 && r.err.contains("not a text file"))
        let empty = sh.folder.file("tyhja.csv")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(sh.run("import", empty).err.contains("empty"))
        let escapes = sh.folder.file("esc.csv")
        _ = FileManager.default.createFile(atPath: escapes, contents: Data("Etunimi;Sukunimi\nMat\u{1B}[31mti;Virtanen\nAino;Laine\n".utf8))
        let refused = sh.run("import", escapes)
        #expect(refused.status == 1 && refused.err.contains("control character"))
        #expect(sh.run("import", sh.folder.file("missing.csv")).status == 1)
        let noNames = sh.folder.file("x.csv")
        _ = FileManager.default.createFile(atPath: noNames, contents: Data("a;b\n1;2\n".utf8))
        #expect(sh.run("import", noNames).err.contains("no name columns"))
        #expect(sh.run("import", noNames, "--map", "a=first_name,b=last_name").status == 0)
        #expect(try Register.open(at: sh.db).countCustomers() == 1)
    }
}

@Suite struct VCardImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KortistoExchangeTests/Fixtures/vcard").path

    @Test func phoneAndMailProgramCardsImport() throws {
        let sh = Shell()
        for name in ["01-v40-our-export.vcf", "03-v30-iphone.vcf", "05-v21-outlook-cp1252.vcf"] {
            let target = sh.folder.file(name)
            try FileManager.default.copyItem(atPath: Self.fixtures + "/" + name, toPath: target)
            #expect(sh.run("import", target, "--skip-invalid").status == 0, "\(name)")
        }
        let asa = try #require(try sh.json("search", "astrom", "--format", "json") as? [[String: Any]]).first
        #expect(asa?["birthdate"] as? String == "--04-12")
        #expect(asa?["phone"] as? String == "+358407654321")
        #expect(asa?["town"] as? String == "Mariehamn")
        let sven = try #require(try sh.json("search", "soderstrom", "--format", "json") as? [[String: Any]]).first
        #expect(sven?["title"] as? String == "Ägare")
        #expect(sven?["birthdate"] as? String == "1962-09-09")
        #expect((sven?["notes"] as? String)?.contains("€ 25,00") == true)
    }

    @Test func ourExportRoundTrips() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("add", "--first", "Åsa", "--last", "Åström", "--birthdate", "12.4.", "--note", "Rivi 1; rivi 2\nkolmas, neljäs", "--language", "sv")
        let sisko = sh.run("add", "--first", "Sisko", "--last", "Häkkinen", "--org", "Hieronta Häkkinen Oy", "--department", "Talous", "--tag", "VIP",
               "--tag", "joulukortti", "--website", "https://hakkinen-hieronta.fi", "--profile", "https://www.linkedin.com/in/sisko-hakkinen",
               "--kind", "member", "--member-since", "1.3.2020", "--member-until", "31.12.2025", "--preferred-channel", "sms",
               "--source", "web-form: kevään kampanja", "--since", "2.3.2020").out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(sh.run("ban", sisko, "publication").status == 0)
        // As JSON text with sorted keys: the same value reads the same whatever the order.
        func text(_ value: Any?) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
        }
        for version in ["3", "4"] {
            let file = sh.folder.file("export\(version).vcf")
            #expect(sh.run("export", "--format", "vcf", "--vcard", version, "--out", file).status == 0)
            let other = Shell()
            let r = CLI.run(["import", file, "--db", other.db], environment: other.environment, stdout: StringSink(), stderr: StringSink(), input: ScriptedInput([]))
            #expect(r == 0)
            let fields = ["first_name", "last_name", "email", "phone", "street", "postcode", "town", "country", "birthdate", "organisation", "title", "notes",
                          "language", "department", "tags", "websites", "profiles", "kind", "source", "source_detail", "since", "bans",
                          "preferred_channel", "member_since", "member_until"]
            let before = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
            let after = try #require(try other.json("list", "--format", "json") as? [[String: Any]])
            #expect(after.count == before.count)
            for (a, b) in zip(before, after) {
                for field in fields {
                    let (x, y) = (try text(a[field]), try text(b[field]))
                    // Without a source of its own, a customer's source becomes the file it came in.
                    if (field == "source" || field == "source_detail") && x == "null" { continue }
                    #expect(x == y, "vCard \(version): \(field) \(x) -> \(y)")
                }
            }
        }
    }
}

@Suite struct OwnVCardTests {
    /// Our own vCards read back into the register they came from are all duplicates, by the
    /// customer their UID names: also someone with neither e-mail nor phone.
    @Test func ourOwnCardsAreRecognisedByTheirUID() throws {
        let sh = Shell()
        _ = sh.addMatti()
        #expect(sh.run("add", "--first", "Iiris", "--last", "Ylönen", "--town", "Oulu").status == 0)
        let file = sh.folder.file("own.vcf")
        #expect(sh.run("export", "--format", "vcf", "--out", file).status == 0)
        let again = sh.run("import", file)
        #expect(again.status == 0 && again.err.contains("Imported: 0 new, 2 duplicate(s) (skip)"), "\(again.err)")
        // Another register's cards are not its customers, whatever their numbers.
        let other = Shell()
        #expect(other.run("add", "--first", "Aimo", "--last", "Ärölä").status == 0)
        #expect(other.run("add", "--first", "Eino", "--last", "Åman").status == 0)
        #expect(other.run("export", "--format", "vcf", "--out", other.folder.file("theirs.vcf")).status == 0) // it has an id of its own now
        let there = other.run("import", file)
        #expect(there.err.contains("Imported: 2 new, 0 duplicate(s) (skip)"), "\(there.err)")
    }
}

@Suite struct HostileImportTests {
    @Test func hugeFieldsTruncatedCardsAndBinaryVCards() throws {
        let sh = Shell()
        let huge = sh.folder.file("iso.csv")
        let big = String(repeating: "ä", count: 1_000_000)
        _ = FileManager.default.createFile(atPath: huge, contents: Data("Etunimi;Sukunimi;Muistiinpanot\nAino;Laine;\(big)\nEino;Leino;ok\n".utf8))
        // Notes too long to keep are left out and said; both people come in.
        let r = sh.run("import", huge)
        #expect(r.status == 0)
        #expect(r.err.contains("line 2: notes: is too long") && r.err.contains("left out"))
        #expect(try Register.open(at: sh.db).countCustomers() == 2)
        // A vCard cut off in the middle still gives what it has.
        let cut = sh.folder.file("cut.vcf")
        _ = FileManager.default.createFile(atPath: cut, contents: Data("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Öhman;Åsa;;;\r\nEMAIL:asa@exa".utf8))
        let imported = sh.run("import", cut)
        #expect(imported.status == 0)
        #expect(imported.err.contains("email:") && imported.err.contains("left out"))
        let garbage = sh.folder.file("x.vcf")
        _ = FileManager.default.createFile(atPath: garbage, contents: Data([0x42, 0x45, 0x47, 0x49, 0x4E, 0x3A, 0x56, 0x43, 0x41, 0x52, 0x44, 0x0A, 0xFF, 0x00, 0xFE]))
        let g = sh.run("import", garbage)
        #expect(g.status == 1)
        #expect(!g.err.contains("Fatal"))
    }
}

/// A vCard file read a part at a time (VCardParts) that changes on disk while it is checked:
/// nothing is written, whether the import was checking only or writing as it checked.
@Suite struct VCardFileChangedTests {
    @Test(arguments: [false, true])
    func aFileChangedWhileReadImportsNothing(writing: Bool) throws {
        let folder = TemporaryFolder()
        let path = folder.file("cards.vcf")
        var cards = ""
        for n in 0..<24_000 { cards += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Äijä Öhman \(n)\r\nN:Öhman \(n);Äijä;;;\r\nEND:VCARD\r\n" }
        try Data(cards.utf8).write(to: URL(fileURLWithPath: path))
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        let (format, file) = try #require(ImportJob.open(path, format: nil))
        let input = try ImportJob.read(file, path: path, format: format, mapSpec: nil, source: nil)
        #expect(input.partCount > 1, "a part left to read after the first slice")
        let checker = try ImportChecker(input, register: register, today: today, partsAtOnce: 1)
        checker.checkNext(1)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("BEGIN:VCARD\r\nFN:Åke Åström\r\nEND:VCARD\r\n".utf8))
        try handle.close()
        #expect(throws: ImportJob.FileChanged.self) {
            if writing {
                _ = try ImportJob.checkAndApply(checker, merge: false, skipInvalid: true, register: register, today: today)
            } else {
                _ = try ImportJob.checkAll(checker)
            }
        }
        #expect(try register.countCustomers() == 0)
    }
}

/// Two imports at once (or the interface writing while an import waits for the register): the
/// rows are judged inside the write that adds them, against the register as it is then, not
/// as it was when the file was read.
@Suite struct ImportMeetsAnotherWriterTests {
    @Test(arguments: [false, true], [false, true])
    func aCustomerAddedMeanwhileIsADuplicateNotASecondCustomer(merge: Bool, sameConnection: Bool) throws {
        let folder = TemporaryFolder()
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        let register = try Register.open(at: folder.file("r.sqlite"))
        let csv = "first_name;last_name;email;phone\nÄijä;Öhman;aija@example.fi;\nÅsa;Kärkkäinen;;040 765 4321\nÖrjan;Hämäläinen;orjan@example.fi;\n"
        let input = try ImportJob.read(Data(csv.utf8), path: "people.csv", format: "csv", mapSpec: nil, source: nil)
        let checker = try ImportChecker(input, register: register, today: today)
        // Meanwhile another process (or the interface, on the import's own connection) adds two
        // of the file's people: one by e-mail, one by phone and name.
        let other = sameConnection ? register : try Register.open(at: folder.file("r.sqlite"))
        let aija = try other.addCustomer(CustomerInput(firstName: "Äijä", lastName: "Öhman", email: "AIJA@example.fi").validate(today: today), today: today)
        let asa = try other.addCustomer(CustomerInput(firstName: "Åsa", lastName: "Kärkkäinen", phone: "+358407654321").validate(today: today), today: today)
        if !sameConnection { other.close() }
        _ = try ImportJob.checkAndApply(checker, merge: merge, skipInvalid: false, register: register, today: today)
        #expect(try register.countCustomers() == 3)
        #expect(checker.plan.freshCount == 1)
        #expect(checker.plan.duplicates.map(\.existing) == [aija, asa])
    }
}
