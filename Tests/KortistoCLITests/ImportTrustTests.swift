import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoCLI

/// Imports never silently lose, change or merge a person (files shaped as real programs write
/// them): each test is one finding.
@Suite struct ImportTrustTests {
    static func write(_ bytes: [UInt8], _ sh: Shell, _ name: String) throws -> String {
        let file = sh.folder.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Found: one invalid byte in a UTF-8 file made every ä and ö mojibake, and the Finnish
    /// headers (Sähköposti, Syntymäaika) stopped matching. The encoding is decided from the
    /// whole file; the damaged cells are flagged by line, nobody else changes.
    @Test func oneBadByteDoesNotReinterpretEveryone() throws {
        let sh = Shell()
        var bytes = Array("Etunimi;Sukunimi;Sähköposti;Syntymäaika;Muistiinpanot\n".utf8)
        bytes += Array("Björk;Öhman;bjork@example.fi;1.2.1980;\n".utf8)
        bytes += Array("Pe".utf8) + [0xFF] + Array("kka;Äijälä;pekka@example.fi;3.4.1975;\n".utf8)
        bytes += Array("Åsa;Ärrälä;asa@example.fi;5.6.1990;soita ".utf8) + [0xE4, 0x20] + Array("illalla\n".utf8)
        let file = try Self.write(bytes, sh, "vaurio.csv")
        let refused = sh.run("import", file)
        #expect(refused.err.contains("(utf-8, ';')"), "\(refused.err)")
        #expect(refused.err.contains("Sähköposti → email") && refused.err.contains("Syntymäaika → birthdate"))
        #expect(refused.err.contains("line 3: first_name: contains invalid UTF-8 text"), "\(refused.err)")
        #expect(refused.err.contains("line 4: notes: contains invalid UTF-8 text; left out"), "\(refused.err)")
        #expect(refused.status == 1, "the person whose name is damaged is flagged, not guessed")
        let imported = sh.run("import", file, "--skip-invalid")
        #expect(imported.status == 0)
        let people = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        #expect(people.map { "\($0["first_name"] ?? "") \($0["last_name"] ?? "")" } == ["Åsa Ärrälä", "Björk Öhman"])
        #expect(people.allSatisfy { $0["email"] is String && $0["birthdate"] is String })
    }

    /// Found: eight people sharing one phone (a family, a switchboard) were one person: seven
    /// skipped, or with merge their e-mails lost. A duplicate is the same e-mail, or the same
    /// phone and the same name.
    @Test func peopleSharingAPhoneAreDifferentPeople() throws {
        let sh = Shell()
        var csv = "Etunimi;Sukunimi;Puhelin;Sähköposti\n"
        for (first, last) in [("Aino", "Äijälä"), ("Eero", "Äijälä"), ("Liisa", "Öhman"), ("Pekka", "Ström"), ("Saara", "Åberg"),
                              ("Toivo", "Kärki"), ("Ulla", "Mäki"), ("Väinö", "Hyvönen")] {
            csv += "\(first);\(last);09 123 4567;\(SearchFolding.fold(first)).\(SearchFolding.fold(last))@example.fi\n"
        }
        csv += "aino;ÄIJÄLÄ;09 123 4567;\n" // the same person again: same phone, same name
        let file = try Self.write(Array(csv.utf8), sh, "vaihde.csv")
        let imported = sh.run("import", file, "--duplicates", "merge")
        #expect(imported.status == 0)
        #expect(imported.err.contains("Imported: 8 new, 1 duplicate(s) (merge)"), "\(imported.err)")
        let people = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        #expect(people.count == 8)
        #expect(Set(people.compactMap { $0["email"] as? String }).count == 8, "nobody's e-mail was lost")
        // Again: every row is someone already here.
        let again = sh.run("import", file)
        #expect(again.err.contains("Imported: 0 new, 9 duplicate(s) (skip)"), "\(again.err)")
    }
}

extension ImportTrustTests {
    /// Found: a contact with one name (`N:Nimetön;;;;`, "Äiti", a plumber) was refused: a
    /// person needs a name, one will do. Only a row with no name at all is refused.
    @Test func oneNameIsEnough() throws {
        let sh = Shell()
        let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nimetön;;;;\r\nFN:Nimetön\r\nTEL;TYPE=CELL:040 765 4321\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;Äiti;;;\r\nFN:Äiti\r\nTEL:050 111 2222\r\nEND:VCARD\r\n"
        let vcf = try Self.write(Array(cards.utf8), sh, "puhelin.vcf")
        let fromPhone = sh.run("import", vcf)
        #expect(fromPhone.status == 0, "\(fromPhone.err)")
        #expect(fromPhone.err.contains("2 new"), "\(fromPhone.err)")
        let csv = try Self.write(Array("Etunimi;Sukunimi;Puhelin\nPutkimies;;040 555 6666\n;;040 777 8888\n".utf8), sh, "lista.csv")
        let refused = sh.run("import", csv)
        #expect(refused.status == 1 && refused.err.contains("line 3: first_name: is required"), "\(refused.err)")
        #expect(sh.run("import", csv, "--skip-invalid").status == 0)
        #expect(sh.run("add", "--first", "Naapuri").status == 0)
        #expect(sh.run("add", "--email", "kuka@example.fi").status == 1)
        let people = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        let names = people.map { "\($0["first_name"] ?? "")|\($0["last_name"] ?? "")" }
        #expect(Set(names) == ["|Nimetön", "Äiti|", "Putkimies|", "Naapuri|"], "\(names)")
        #expect(sh.run("list").out.contains("Nimetön") && sh.run("show", "1002").out.hasPrefix("Äiti  #1002"))
    }
}

extension ImportTrustTests {
    /// Found: `ADR:PL 123;c/o Virtanen;Kirkkokatu 2–4;Pori;;28100;Suomi` became street `PL PL
    /// 123`, the street and the c/o line lost, "0 repair(s)". Each part is kept, and the label
    /// is written as Posti wants it (the c/o line under the name, the post to the box).
    @Test func everyPartOfAnAddressIsKept() throws {
        let sh = Shell()
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ylijärvi;Säde;;;\r\nFN:Säde Ylijärvi\r\n"
            + "ADR;TYPE=HOME:PL 123;c/o Virtanen;Kirkkokatu 2–4;Pori;;28100;Suomi\r\nEND:VCARD\r\n"
        let file = try Self.write(Array(card.utf8), sh, "osoite.vcf")
        #expect(sh.run("import", file).status == 0)
        let c = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(c["po_box"] as? String == "PL 123" && c["care_of"] as? String == "c/o Virtanen" && c["street"] as? String == "Kirkkokatu 2–4")
        #expect(c["town"] as? String == "Pori" && c["postcode"] as? String == "28100" && c["country"] as? String == "FI")
        let labels = sh.run("labels", "--format", "txt", "--purpose", "service", "--out", sh.folder.file("tarrat.txt"))
        #expect(labels.status == 0, "\(labels.err)")
        let sheet = try String(contentsOfFile: sh.folder.file("tarrat.txt"), encoding: .utf8)
        #expect(sheet.contains("Säde Ylijärvi\nc/o Virtanen\nPL 123\n28100 PORI"), "\(sheet)")
        // Our own vCard carries each part back.
        let exported = sh.run("export", "--format", "vcf").out
        #expect(exported.contains("ADR;TYPE=HOME:PL 123;c/o Virtanen;Kirkkokatu 2–4;Pori;;28100;Suomi"), "\(exported)")
        #expect(sh.run("edit", "1001", "--po-box", "postilokero 45").status == 0)
        #expect((try sh.json("show", "1001", "--format", "json") as? [String: Any])?["po_box"] as? String == "PL 45")
    }
}
