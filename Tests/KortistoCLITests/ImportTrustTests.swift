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
        #expect(exported.contains("ADR:PL 123;c/o Virtanen;Kirkkokatu 2–4;Pori;;28100;Suomi"), "\(exported)")
        #expect(sh.run("edit", "1001", "--po-box", "postilokero 45").status == 0)
        #expect((try sh.json("show", "1001", "--format", "json") as? [String: Any])?["po_box"] as? String == "PL 45")
    }
}

extension ImportTrustTests {
    /// Found: a `Postinro` column was ignored (every postcode left empty, "0 invalid"), and
    /// columns nobody takes were not said. Finnish and Swedish header variants are read, and
    /// every column left unused is named.
    @Test func headerVariantsAreReadAndUnusedColumnsSaid() throws {
        let sh = Shell()
        let csv = "Etunimi;Sukunimi;Puh;Postinro;Kaupunki;Katu;S-posti;Saldo\nAino;Äijälä;040 123 4567;33100;Tampere;Hämeenkatu 1;aino@example.fi;12,50\n"
        let file = try Self.write(Array(csv.utf8), sh, "lista.csv")
        let imported = sh.run("import", file)
        #expect(imported.status == 0)
        #expect(imported.err.contains("Not imported (no field takes them): Saldo"), "\(imported.err)")
        let c = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(c["postcode"] as? String == "33100" && c["town"] as? String == "Tampere" && c["phone"] as? String == "+358401234567")
        #expect(c["street"] as? String == "Hämeenkatu 1" && c["email"] as? String == "aino@example.fi")
        let swedish = try Self.write(Array("Förnamn;Efternamn;Postnummer;Ort;Land\nÅsa;Öberg;11122;Stockholm;Sverige\n".utf8), sh, "sv.csv")
        #expect(sh.run("import", swedish).status == 0)
        let asa = try #require(try sh.json("show", "1002", "--format", "json") as? [String: Any])
        #expect(asa["country"] as? String == "SE" && asa["postcode"] as? String == "11122" && asa["town"] as? String == "Stockholm")
    }

    /// Found, in files as Outlook and phones write them: `0/0/00` for no birthday refused every
    /// row; Outlook's `Title` (a salutation) beat `Job Title`; a home phone beat the mobile; a
    /// two-line street refused the contact; `Sverige` was refused and its postcode checked as
    /// Finnish; a line break in a name. Each is read as meant, and every change said.
    @Test func producersHabitsAreReadAsMeant() throws {
        let sh = Shell()
        let header = "\"First Name\",\"Last Name\",\"Title\",\"Job Title\",\"Birthday\",\"Home Phone\",\"Mobile Phone\",\"Home Street\",\"Home City\",\"Home Postal Code\",\"Home Country\"\r\n"
        let rows = "\"Åsa\",\"Öberg\",\"Ms.\",\"Förvaltare\",\"0/0/00\",\"+46 8 123 456\",\"+46 70 123 45 67\",\"Storgatan 1\r\nLgh 1102\",\"Stockholm\",\"111 22\",\"Sverige\"\r\n"
            + "\"Matti\r\nJuhani\",\"Mäkelä\",\"Mr.\",\"\",\"12.4.1985\",\"09 123 4567\",\"\",\"\",\"\",\"\",\"\"\r\n"
        var bytes: [UInt8] = []
        for scalar in (header + rows).unicodeScalars { bytes.append(UInt8(truncatingIfNeeded: scalar.value)) } // Windows-1252, as Outlook writes
        let file = try Self.write(bytes, sh, "outlook.csv")
        let imported = sh.run("import", file)
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.err.contains("street: line break → ','") && imported.err.contains("first_name: line break"), "\(imported.err)")
        let people = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        let asa = try #require(people.first { $0["first_name"] as? String == "Åsa" })
        #expect(asa["title"] as? String == "Förvaltare", "the job title, not the salutation")
        #expect(asa["birthdate"] is NSNull)
        #expect(asa["phone"] as? String == "+46701234567", "the mobile wins")
        #expect(asa["street"] as? String == "Storgatan 1, Lgh 1102")
        #expect(asa["country"] as? String == "SE" && asa["postcode"] as? String == "111 22")
        let matti = try #require(people.first { $0["last_name"] as? String == "Mäkelä" })
        #expect(matti["first_name"] as? String == "Matti Juhani" && matti["phone"] as? String == "+35891234567" && matti["title"] as? String == "Mr.")
    }
}

extension ImportTrustTests {
    /// Found: `Anna-Liisa von Schmidt` in a whole-name column split as first name `Anna-Liisa
    /// von`. Particles go with the last name; `Last, First` and one word are read as meant.
    @Test func wholeNamesSplitAsPeopleMeanThem() {
        let cases: [(String, String, String)] = [
            ("Anna-Liisa von Schmidt", "Anna-Liisa", "von Schmidt"), ("Ludwig van der Berg", "Ludwig", "van der Berg"),
            ("Carl af Ugglas", "Carl", "af Ugglas"), ("María de la Cruz", "María", "de la Cruz"), ("Matti Juhani Meikäläinen", "Matti Juhani", "Meikäläinen"),
            ("Meikäläinen, Matti", "Matti", "Meikäläinen"), ("Nimetön", "", "Nimetön"), ("De Vries Jan", "De Vries", "Jan"),
        ]
        for (full, first, last) in cases {
            let split = PersonName.split(full)
            #expect(split.first == first && split.last == last, "\(full) → \(split)")
        }
    }

    /// `import -` reads standard input (a pipe from another program), as a file.
    @Test func standardInputIsAFile() throws {
        let sh = Shell()
        let r = sh.run(["import", "-"], input: ["Nimi;Sähköposti", "Anna-Liisa von Schmidt;anna@example.fi"])
        #expect(r.status == 0, "\(r.err)")
        let c = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(c["first_name"] as? String == "Anna-Liisa" && c["last_name"] as? String == "von Schmidt")
        #expect(sh.run(["import", "-"], input: []).err.contains("nothing came on standard input"))
    }
}

extension ImportTrustTests {
    /// Found: a CSV without a header line used its first person as the header (and lost them).
    /// Such a file is refused, saying why, and read whole with --no-header and columns by number.
    @Test func aFileWithoutAHeaderKeepsItsFirstPerson() throws {
        let sh = Shell()
        let file = try Self.write(Array("Aino;Äijälä;aino@example.fi\nEero;Öhman;eero@example.fi\n".utf8), sh, "ilman.csv")
        let refused = sh.run("import", file)
        #expect(refused.status == 1 && refused.err.contains("the first line looks like a person (aino@example.fi)"), "\(refused.err)")
        let imported = sh.run("import", file, "--no-header", "--map", "1=first_name,2=last_name,3=email")
        #expect(imported.status == 0 && imported.err.contains("Imported: 2 new"), "\(imported.err)")
        let people = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        #expect(people.compactMap { $0["email"] as? String }.sorted() == ["aino@example.fi", "eero@example.fi"])
        let broken = try Self.write(Array("Aino;Äijälä;rikki@\n".utf8), sh, "rikki.csv")
        #expect(sh.run("import", broken, "--no-header", "--map", "1=first_name,2=last_name,3=email").err.contains("line 1: email:"))
    }
}

extension ImportTrustTests {
    /// Found: a contact that is only an organisation became a fake person (first name "Kahvila
    /// Kulma", last name "Oy") from a vCard, and was refused from a CSV. It becomes an
    /// organisation with its own contact details.
    @Test func aFirmIsAnOrganisationNotAPerson() throws {
        let sh = Shell()
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Kahvila Kulma Oy\r\nORG:Kahvila Kulma Oy\r\nTEL;TYPE=WORK:02 123 4567\r\n"
            + "EMAIL:kulma@example.fi\r\nADR;TYPE=WORK:;;Kauppatori 1;Turku;;20100;Suomi\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Järvi;Pirjo;;;\r\nFN:Pirjo Järvi\r\nORG:Kahvila Kulma Oy\r\nEND:VCARD\r\n"
        let vcf = try Self.write(Array(card.utf8), sh, "yritykset.vcf")
        let imported = sh.run("import", vcf)
        #expect(imported.status == 0 && imported.err.contains("1 new") && imported.err.contains("1 organisation(s)"), "\(imported.err)")
        let orgs = try #require(try sh.json("org", "list", "--format", "json") as? [[String: Any]])
        #expect(orgs.count == 1)
        #expect(orgs.first?["email"] as? String == "kulma@example.fi" && orgs.first?["phone"] as? String == "+35821234567")
        #expect(orgs.first?["street"] as? String == "Kauppatori 1" && orgs.first?["town"] as? String == "Turku")
        let people = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        #expect(people.count == 1 && people.first?["last_name"] as? String == "Järvi" && people.first?["organisation"] as? String == "Kahvila Kulma Oy")
        let csv = try Self.write(Array("Yritys;Etunimi;Sukunimi;Puhelin\nPutkiliike Vesi Oy;;;09 555 1234\n".utf8), sh, "firmat.csv")
        let fromSheet = sh.run("import", csv)
        #expect(fromSheet.status == 0 && fromSheet.err.contains("1 organisation(s)"), "\(fromSheet.err)")
        #expect(try #require(try sh.json("org", "list", "--format", "json") as? [[String: Any]]).count == 2)
    }
}

extension ImportTrustTests {
    /// Re-importing a file with a changed address only filled empty fields. `--duplicates
    /// update` puts the file's non-empty values in place (a dry run shows every change first),
    /// leaves what the file leaves empty, never lifts a ban, and is recorded as a correction.
    @Test func updateCorrectsFromTheFileAndShowsEveryChangeFirst() throws {
        let sh = Shell()
        #expect(sh.run("add", "--first", "Matti", "--last", "Meikäläinen", "--email", "matti@example.fi", "--town", "Espoo",
                       "--phone", "040 123 4567").status == 0)
        #expect(sh.run("ban", "1001", "publication").status == 0)
        let file = try Self.write(Array("Etunimi;Sukunimi;Sähköposti;Lähiosoite;Postitoimipaikka;Puhelin;Kiellot\nMatti;Meikäläinen;matti@example.fi;Mannerheimintie 1;Helsinki;;marketing\n".utf8),
                                  sh, "korjaus.csv")
        let dry = sh.run("import", file, "--duplicates", "update", "--dry-run")
        #expect(dry.status == 0)
        #expect(dry.err.contains("Would correct:") && dry.err.contains("line 2: #1001 street: (empty) → Mannerheimintie 1; town: Espoo → Helsinki"),
                "\(dry.err)")
        #expect((try sh.json("show", "1001", "--format", "json") as? [String: Any])?["town"] as? String == "Espoo", "a dry run changes nothing")
        let done = sh.run("import", file, "--duplicates", "update")
        #expect(done.status == 0 && done.err.contains("1 existing customer(s) corrected"), "\(done.err)")
        let c = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(c["town"] as? String == "Helsinki" && c["street"] as? String == "Mannerheimintie 1")
        #expect(c["phone"] as? String == "+358401234567", "an empty cell changes nothing")
        #expect(Set(c["bans"] as? [String] ?? []) == ["publication", "marketing"], "a ban is added, none lifted")
        let register = try Register.open(at: sh.db)
        #expect(try register.db.scalarInt("SELECT count(*) FROM audit_log WHERE action = 'correct' AND entity_id = 1001") == 1)
    }
}

/// What a review of the import found, each a test.
extension ImportTrustTests {
    /// A person repeated in the same file: the repeat's ban is honoured (it was dropped with
    /// the row), whatever is done with the rest of it.
    @Test func aRepeatInTheSameFileKeepsItsBan() throws {
        let sh = Shell()
        let file = try Self.write(Array("Etunimi;Sukunimi;Sähköposti;Kiellot\nAnna;Virtanen;anna@example.fi;\nAnna;Virtanen;anna@example.fi;marketing\n".utf8),
                                  sh, "kahdesti.csv")
        let r = sh.run("import", file)
        #expect(r.status == 0 && r.err.contains("1 new, 1 duplicate(s)"), "\(r.err)")
        #expect((try sh.json("show", "1001", "--format", "json") as? [String: Any])?["bans"] as? [String] == ["marketing"])
    }

    /// `--duplicates update` keeps where the data came from, and refuses (saying so) to turn
    /// one person into another who shares their e-mail.
    @Test func updateKeepsTheSourceAndNeverRenamesSomeoneElse() throws {
        let sh = Shell()
        #expect(sh.run("add", "--first", "Matti", "--last", "Virta", "--email", "virrat@example.fi", "--source", "web-form: tilaus").status == 0)
        let file = try Self.write(Array("Etunimi;Sukunimi;Sähköposti;Postitoimipaikka\nLiisa;Virta;virrat@example.fi;Oulu\nMatti;Virta;virrat@example.fi;Kemi\n".utf8),
                                  sh, "perhe.csv")
        let r = sh.run("import", file, "--duplicates", "update")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("line 2: #1001 is Matti Virta in the register but Liisa Virta in the file; not corrected"), "\(r.err)")
        let c = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(c["first_name"] as? String == "Matti" && c["town"] as? String == "Kemi")
        #expect(c["source"] as? String == "web_form" && c["source_detail"] as? String == "tilaus")
    }

    /// Someone with only a PO box gets letters and labels (the box is their address).
    @Test func aPOBoxIsAnAddress() throws {
        let sh = Shell()
        #expect(sh.run("add", "--first", "Säde", "--last", "Ylijärvi", "--po-box", "123", "--postcode", "28101", "--town", "Pori").status == 0)
        let r = sh.run("labels", "--format", "txt", "--purpose", "service", "--out", sh.folder.file("t.txt"))
        #expect(r.status == 0, "\(r.err)")
        #expect(try String(contentsOfFile: sh.folder.file("t.txt"), encoding: .utf8).contains("PL 123\n28101 PORI"))
    }

    /// A name column and a whole-name column saying the same one name give one name, not two.
    @Test func oneNameIsNotDoubled() throws {
        let sh = Shell()
        let file = try Self.write(Array("Etunimi;Nimi;Puhelin\nÄiti;Äiti;040 111 2233\n".utf8), sh, "aiti.csv")
        #expect(sh.run("import", file).status == 0)
        let c = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(c["first_name"] as? String == "Äiti" && (c["last_name"] as? String ?? "").isEmpty)
    }

    /// Forgetting a person takes their own e-mail and phone off the firm's card they belong to.
    @Test func forgettingClearsThePersonsContactsOnTheirOrganisation() throws {
        let sh = Shell()
        #expect(sh.run("org", "add", "--name", "Parturi Kulma", "--email", "aino@example.fi", "--phone", "040 765 4321").status == 0)
        #expect(sh.run("add", "--first", "Aino", "--last", "Laine", "--org", "Parturi Kulma", "--email", "aino@example.fi", "--phone", "040 765 4321").status == 0)
        #expect(sh.run("add", "--first", "Eero", "--last", "Laine", "--org", "Parturi Kulma").status == 0)
        #expect(sh.run("forget", "1001", "--yes").status == 0)
        let org = try #require(try sh.json("org", "list", "--format", "json") as? [[String: Any]]).first
        #expect(org?["email"] is NSNull && org?["phone"] is NSNull, "\(String(describing: org))")
    }
}

extension ImportTrustTests {
    /// Found: a second e-mail, a second phone and a second address were dropped without a word.
    /// Each is kept with its use (home, work, mobile), shown, searched, exported and forgotten.
    @Test func secondEmailsPhonesAndAddressesAreKept() throws {
        let sh = Shell()
        let csv = "First Name,Last Name,E-mail Address,E-mail 2 Address,Mobile Phone,Home Phone,Business Phone\r\n"
            + "Åsa,Öberg,asa@example.fi,asa.oberg@firma.example.fi,040 123 4567,09 765 4321,040 123 4567\r\n"
        let file = try Self.write(Array(csv.utf8), sh, "outlook.csv")
        #expect(sh.run("import", file).status == 0)
        let c = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(c["email"] as? String == "asa@example.fi" && c["phone"] as? String == "+358401234567")
        #expect(c["other_emails"] as? [String] == ["other: asa.oberg@firma.example.fi"], "\(c)")
        #expect(c["other_phones"] as? [String] == ["home: +35897654321"], "the business phone repeated the mobile: kept once")
        // Google writes several values in one cell.
        let google = "Name,E-mail 1 - Value,Phone 1 - Value\r\nEero Ärje,eero@example.fi ::: eero@koti.example.fi,050 111 2222\r\n"
        #expect(sh.run("import", try Self.write(Array(google.utf8), sh, "google.csv")).status == 0)
        let eero = try #require(try sh.json("show", "1002", "--format", "json") as? [String: Any])
        #expect(eero["other_emails"] as? [String] == ["other: eero@koti.example.fi"])
        // A phone's vCard with home, work and a second address; our own vCards carry them back.
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Laine;Aino;;;\r\nEMAIL;TYPE=HOME:aino@koti.example.fi\r\nEMAIL;TYPE=WORK:aino@tyo.example.fi\r\n"
            + "TEL;TYPE=CELL:040 555 6666\r\nTEL;TYPE=WORK:09 555 7777\r\nADR;TYPE=HOME:;;Kotikatu 1;Turku;;20100;Suomi\r\n"
            + "ADR;TYPE=WORK:;;Työkatu 2;Turku;;20200;Suomi\r\nEND:VCARD\r\n"
        #expect(sh.run("import", try Self.write(Array(card.utf8), sh, "puhelin.vcf")).status == 0)
        let aino = try #require(try sh.json("show", "1003", "--format", "json") as? [String: Any])
        #expect(aino["other_emails"] as? [String] == ["work: aino@tyo.example.fi"] && aino["other_phones"] as? [String] == ["work: +35895557777"])
        #expect(aino["other_addresses"] as? [String] == ["work: Työkatu 2, 20200 TURKU"], "\(aino)")
        #expect(sh.run("search", "aino@tyo").out.contains("Laine, Aino"), "the other e-mail finds her")
        #expect(sh.run("search", "09 555 7777").out.contains("Laine, Aino"), "the other phone finds her")
        #expect(sh.run("show", "1003").out.contains("work: 09 555 7777"))
        let vcf = sh.run("export", "--format", "vcf").out
        #expect(vcf.contains("EMAIL;TYPE=WORK:aino@tyo.example.fi") && vcf.contains("TEL;TYPE=WORK,VOICE:+35895557777"))
        #expect(sh.run("edit", "1003", "--other-phone", "koti: 02 123 4567", "--other-phone", "mobiili: 050 999 8888").status == 0)
        let edited = try #require(try sh.json("show", "1003", "--format", "json") as? [String: Any])
        #expect(edited["other_phones"] as? [String] == ["home: +35821234567", "mobile: +358509998888"])
        #expect(sh.run("forget", "1003", "--yes").status == 0)
        let register = try Register.open(at: sh.db)
        #expect(try register.db.scalarInt("SELECT count(*) FROM customer_contact WHERE customer_number = 1003") == 0)
    }
}
