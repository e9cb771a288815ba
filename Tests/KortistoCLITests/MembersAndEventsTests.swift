import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoCLI

/// Issue #8 end to end through the command line against real register files.
@Suite struct MembersAndEventsTests {
    /// Every byte of every file beside the register (database, WAL, erasure log).
    func allBytes(_ sh: Shell) -> Data {
        var data = Data()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: sh.folder.path)) ?? [] {
            if let contents = FileManager.default.contents(atPath: sh.folder.file(name)) { data.append(contents) }
        }
        return data
    }

    @Test func identityCodesAreValidatedAndFillTheBirthdate() throws {
        let sh = Shell()
        for (code, message) in [("131052-308U", "wrong check character"), ("290201A002C", "does not exist"), ("131052Z308T", "not a henkilötunnus"),
                                ("010101-900R", "temporary code")] {
            let r = sh.run("add", "--first", "Äijä", "--last", "Öljynen", "--kind", "member", "--identity-code", code)
            #expect(r.status == 1, "\(code)")
            #expect(r.err.contains(message), "\(code): \(r.err)")
        }
        #expect(try Register.open(at: sh.db).countCustomers() == 0)
        // A temporary code only when the user says so.
        #expect(sh.run("add", "--first", "Väinö", "--last", "Åkerlund", "--identity-code", "010101-900R", "--allow-temporary-code").status == 0)
        // The code fills an empty birthdate, and must agree with one given.
        #expect(sh.run("add", "--first", "Äijä", "--last", "Öljynen", "--kind", "member", "--identity-code", "131052-308T").status == 0)
        let shown = try #require(try sh.json("show", "1002", "--format", "json") as? [String: Any])
        #expect(shown["birthdate"] as? String == "1952-10-13")
        #expect(shown["identity_code_masked"] as? String == "131052-****")
        #expect(shown["kind"] as? String == "member")
        let clash = sh.run("add", "--first", "Iida", "--last", "Ärräpää", "--birthdate", "1.1.1990", "--identity-code", "290200A002C")
        #expect(clash.status == 1 && clash.err.contains("does not agree with the birthdate"))
        #expect(sh.run("add", "--first", "Iida", "--last", "Ärräpää", "--birthdate", "29.2.", "--identity-code", "290200A002C").status == 0)
        #expect((try sh.json("show", "1003", "--format", "json") as? [String: Any])?["birthdate"] as? String == "2000-02-29")
    }

    @Test func theIdentityCodeNeverLeavesTheCardAndTheReport() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("edit", "1001", "--kind", "member", "--birthdate", "", "--identity-code", "131052-308T")
        let secret = "131052-308T"
        var outputs = [sh.run("list").out, sh.run("list", "--format", "json").out, sh.run("list", "--format", "csv").out,
                       sh.run("search", "308T").out, sh.run("search", "131052").out, sh.run("show", "1001").out,
                       sh.run("show", "1001", "--format", "json").out, sh.run("export", "--format", "csv", "--plain").out,
                       sh.run("export", "--format", "vcf").out, sh.run("export", "--format", "json").out]
        let labels = sh.folder.file("l.txt")
        #expect(sh.run("labels", "--format", "txt", "--out", labels, "--purpose", "service").status == 0)
        outputs.append(try String(contentsOfFile: labels, encoding: .utf8))
        for (i, output) in outputs.enumerated() { #expect(!output.contains(secret) && !output.contains("308T"), "output \(i)") }
        #expect(sh.run("show", "1001").out.contains("131052-****"))
        #expect(sh.run("search", "308T").err.contains("No customers match"))
        let register = try Register.open(at: sh.db)
        #expect(try register.db.rows("SELECT term FROM search_term WHERE term LIKE '%308%' OR term LIKE '131052%'", []) { $0.text(0) }.isEmpty)
        // The access report is where the person sees it in full.
        #expect(sh.run("report", "1001").out.contains(secret))
    }

    /// The notice's data content names identity codes, events, campaigns and feedback only once
    /// the register holds them.
    @Test func theNoticeMentionsWhatIsStored() throws {
        let sh = Shell()
        _ = sh.addMatti()
        let extras = ["personal identity code", "participation in events", "marketing sent to the person", "feedback and complaints",
                      "membership and its dates", "social-media profiles"]
        let before = sh.run("notice", "--lang", "en", "--format", "txt").out
        for extra in extras { #expect(!before.contains(extra), "\(extra)") }
        sh.run("edit", "1001", "--kind", "member", "--birthdate", "", "--identity-code", "131052-308T", "--profile", "https://www.linkedin.com/in/m")
        sh.run("event", "add", "--name", "Kurssi", "--date", "1.3.2025")
        sh.run("event", "attend", "1", "1001")
        sh.run("campaign", "add", "--name", "Uutiskirje", "--channel", "email")
        sh.run("campaign", "send", "1", "1001")
        sh.run("feedback", "1001", "--text", "Kiitos")
        let after = sh.run("notice", "--lang", "en", "--format", "txt").out
        for extra in extras { #expect(after.contains(extra), "\(extra)") }
        #expect(sh.run("notice", "--lang", "fi", "--format", "txt").out.contains("henkilötunnus"))
    }

    @Test func kindsAndTagsFilterListsLabelsAndExports() throws {
        let sh = Shell()
        sh.run("add", "--first", "Aino", "--last", "Äärelä", "--kind", "member", "--tag", "joulukortti", "--tag", "VIP",
               "--street", "Kauppakatu 1", "--postcode", "40100", "--town", "Jyväskylä")
        sh.run("add", "--first", "Eino", "--last", "Öster", "--kind", "prospect", "--tag", "vip",
               "--street", "Torikatu 2", "--postcode", "00100", "--town", "Helsinki")
        sh.run("add", "--first", "Åke", "--last", "Ström", "--street", "Rantatie 3", "--postcode", "20100", "--town", "Turku")
        func names(_ args: String...) throws -> [String] {
            let r = sh.run(["list", "--format", "json"] + args)
            #expect(r.status == 0, "\(args): \(r.err)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]]).map { "\($0["first_name"]!)" }
        }
        #expect(try names("--kind", "member") == ["Aino"])
        #expect(try names("--tag", "VIP") == ["Aino", "Eino"])
        #expect(try names("--tag", "vip", "--kind", "prospect,member") == ["Aino", "Eino"])
        #expect(try names("--tag", "joulukortti", "--tag", "vip") == ["Aino"])
        #expect(try names("--kind", "jäsen") == ["Aino"])
        #expect(sh.run("list", "--kind", "asiakkaat").err.contains("not a kind"))
        let all = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        #expect(all.first { $0["first_name"] as? String == "Aino" }?["tags"] as? [String] == ["joulukortti", "VIP"])
        // Untag on edit.
        sh.run("edit", "1001", "--untag", "vip")
        #expect(try names("--tag", "vip") == ["Eino"])
        // Labels and exports take the same filters.
        let labels = sh.folder.file("l.txt")
        #expect(sh.run("labels", "--format", "txt", "--out", labels, "--purpose", "service", "--tag", "vip").status == 0)
        let text = try String(contentsOfFile: labels, encoding: .utf8)
        #expect(text.contains("Eino Öster") && !text.contains("Aino") && !text.contains("Åke"))
        let csv = sh.run("export", "--format", "csv", "--plain", "--kind", "member").out
        #expect(csv.contains("Aino") && !csv.contains("Eino") && !csv.contains("Åke"))
        #expect(sh.run("export", "--format", "vcf", "--tag", "joulukortti").out.contains("CATEGORIES:joulukortti"))
    }

    @Test func eventsParticipantsCertificatesAndRetention() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.environment["KORTISTO_TODAY"] = "2026-11-22"
        #expect(sh.run("event", "add", "--name", "Ensiapu 1", "--date", "15.1.2020", "--place", "Jyväskylä", "--kind", "training").out == "1\n")
        #expect(sh.run("event", "add", "--name", "Syysseminaari", "--date", "1.10.2026").out == "2\n")
        #expect(sh.run("event", "attend", "1", "1001", "--certificate", "EA1", "--expires", "15.1.2023").status == 0)
        #expect(sh.run("event", "attend", "1", "--walk-in", "Kävijä Kyläläinen").status == 0)
        #expect(sh.run("event", "attend", "2", "1001").status == 0)
        #expect(sh.run("event", "attend", "1", "1001", "--walk-in", "X").status == 2)
        #expect(sh.run("event", "attend", "9", "1001").err.contains("no event 9"))
        let list = sh.run("event", "show", "1").out
        #expect(list.contains("[x] Kävijä Kyläläinen  (walk-in)") && list.contains("Matti Virtanen  #1001  · EA1 until 15.1.2023"))
        // The same list as a PDF to print (elsewhere: the byte scan below covers the register's folder).
        let printed = TemporaryFolder(), pdf = printed.file("ensiapu.pdf")
        // Without --out the PDF goes to standard output (a pipe here; refused on a terminal).
        #expect(sh.run("event", "show", "1", "--format", "pdf").out.hasPrefix("%PDF-"))
        let wrote = sh.run("event", "show", "1", "--format", "pdf", "--out", pdf)
        #expect(wrote.status == 0 && wrote.err.contains("(2 people) written to"))
        let pdfText = try spawn(["pdftotext", "-layout", pdf, "-"]).stdout
        #expect(pdfText.contains("Ensiapu 1") && pdfText.contains("15.1.2020, Jyväskylä"))
        #expect(pdfText.contains("[x] Kävijä Kyläläinen (walk-in)") && pdfText.contains("2 participant(s), 2 attended."))
        #expect(pdfText.replacingOccurrences(of: " ", with: "").contains("1/1")) // the page number
        #expect(sh.run("event", "show", "1", "--format", "pdf", "--out", pdf).err.contains("already exists"))
        #expect(sh.run("show", "1001").out.contains("15.1.2020  Ensiapu 1 · certificate EA1, valid until 15.1.2023"))
        let events = try #require(try sh.json("event", "list", "--format", "json") as? [[String: Any]])
        #expect(events.map { $0["participants"] as? Int } == [1, 2])
        // Attending counts as activity.
        #expect((try sh.json("show", "1001", "--format", "json") as? [String: Any])?["last_activity"] as? String == "2026-10-01")
        // The 2020 list is older than five years: the retention review removes it, the 2026 one stays.
        let review = sh.run("retention", "--forget", "--yes")
        #expect(review.err.contains("event 1 Ensiapu 1 15.1.2020 (2)"))
        #expect(review.err.contains("Removed 2 participant(s) from 1 old event(s)."))
        #expect(!sh.run("event", "show", "1").out.contains("Kävijä"))
        #expect(sh.run("event", "show", "2").out.contains("Matti Virtanen"))
        #expect(!allBytes(sh).contains(Data("Kävijä Kyläläinen".utf8)))
    }

    @Test func campaignsRefuseBannedPeopleAndAppearInTheReport() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("add", "--first", "Kielto", "--last", "Kärkkäinen")
        sh.run("add", "--first", "Julka", "--last", "Isokääntä", "--tag", "uutiset")
        sh.run("ban", "1002", "marketing")
        sh.run("ban", "1003", "publication")
        #expect(sh.run("campaign", "add", "--name", "Joulukirje", "--channel", "letter").out == "1\n")
        #expect(sh.run("campaign", "add", "--name", "Tarjous", "--channel", "fax").status == 2)
        let refused = sh.run("campaign", "send", "1", "1001", "1002", "1003")
        #expect(refused.status == 1)
        #expect(refused.err.contains("1002 Kielto Kärkkäinen: has banned direct marketing"))
        #expect(refused.err.contains("1003 Julka Isokääntä: has banned address lists"))
        #expect((try sh.json("campaign", "list", "--format", "json") as? [[String: Any]])?.first?["recipients"] as? Int == 0)
        #expect(sh.run("campaign", "send", "1", "1001").status == 0)
        // An e-mail campaign by tag: the publication ban does not stop e-mail.
        sh.run("campaign", "add", "--name", "Uutiskirje", "--channel", "email")
        #expect(sh.run("campaign", "send", "2", "--tag", "uutiset").status == 0)
        #expect(sh.run("report", "1003", "--lang", "en").out.contains("Uutiskirje (e-mail)"))
        #expect(sh.run("report", "1001").out.contains("Joulukirje (kirje)"))
    }

    /// A campaign export past one chunk of rows (10,000) and over many parts of 2,000: whom
    /// each part lets in is counted on the thread that formats it and added up in the file's
    /// order, so the file, the count said, the reasons left out and the log agree on everyone.
    @Test func aCampaignExportPastOneChunkRecordsExactlyItsFile() throws {
        let sh = Shell()
        #expect(sh.run("generate", "--count", "12500", "--seed", "5").status == 0)
        for (channel, number) in [("letter", 1), ("email", 2)] {
            let csv = sh.folder.file("talvi-\(channel).csv")
            let export = sh.run("export", "--format", "csv", "--plain", "--out", csv, "--campaign", "Talvi", "--channel", channel)
            #expect(export.status == 0, "\(export.err)")
            let rows = try String(contentsOfFile: csv, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
            let inFile = rows.compactMap { Int64($0.prefix { $0 != "," }) }
            #expect(inFile.count == rows.count && inFile.count > 6000, "\(channel): \(inFile.count)")
            let register = try Register.open(at: sh.db)
            let recipients = try register.recipients(ofCampaign: Int64(number)).map(\.customer)
            #expect(recipients.count == inFile.count && Set(recipients) == Set(inFile), "\(channel)")
            #expect(export.err.contains("\(inFile.count) customer(s) exported"), "\(export.err)")
            // Everyone not restricted is in the file or left out with a reason.
            let leftOutLine = export.err.split(separator: "\n").first { $0.hasPrefix("Left out:") } ?? ""
            let leftOut = leftOutLine.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.reduce(0, +)
            let listed = try register.db.scalarInt("SELECT count(*) FROM customer WHERE forgotten_on IS NULL AND restriction_reason IS NULL") ?? 0
            #expect(inFile.count + leftOut == Int(listed), "\(channel): \(leftOutLine)")
        }
    }

    /// A marketing label run and a marketing export record their campaign with exactly the
    /// people in the file; service labels and test prints are not marketing and are not logged.
    @Test func labelRunsAndMarketingExportsRecordTheirCampaign() throws {
        let sh = Shell()
        for (first, last, email) in [("Aino", "Ärväs", "aino@example.fi"), ("Eino", "Öhman", "eino@example.fi"), ("Åsa", "Lind", "")] {
            var args = ["add", "--first", first, "--last", last, "--street", "Katu 1", "--postcode", "00100", "--town", "Helsinki"]
            if !email.isEmpty { args += ["--email", email] }
            #expect(sh.run(args).status == 0)
        }
        sh.run("ban", "1002", "marketing")
        let campaigns = { (try sh.json("campaign", "list", "--format", "json") as? [[String: Any]]) ?? [] }
        // Service labels and a test print leave the log alone.
        #expect(sh.run("labels", "--format", "txt", "--out", sh.folder.file("s.txt"), "--purpose", "service").status == 0)
        #expect(sh.run("labels", "--format", "txt", "--out", sh.folder.file("t.txt"), "--no-campaign").status == 0)
        #expect(try campaigns().isEmpty)
        #expect(sh.run("labels", "--out", sh.folder.file("x.txt"), "--purpose", "service", "--campaign", "Joulu").status == 2)
        // A marketing run: the sheet holds 1001 and 1003 (1002 banned marketing), and so does the log.
        let run = sh.run("labels", "--format", "txt", "--out", sh.folder.file("joulu.txt"), "--campaign", "Joulukortit")
        #expect(run.status == 0)
        #expect(run.err.contains("Recorded as campaign 1 (Joulukortit, letter, 2 recipient(s))"))
        #expect(try campaigns().first?["name"] as? String == "Joulukortit")
        #expect(try campaigns().first?["recipients"] as? Int == 2)
        #expect(try Register.open(at: sh.db).recipients(ofCampaign: 1).map(\.customer) == [1001, 1003])
        // Without a name the file names it.
        #expect(sh.run("labels", "--format", "csv", "--out", sh.folder.file("kevät.csv")).status == 0)
        #expect(try campaigns().first?["name"] as? String == "Labels kevät.csv")
        // A newsletter export: only those with an e-mail and no marketing ban, recorded as sent to them.
        let csv = sh.folder.file("uutiskirje.csv")
        let export = sh.run("export", "--format", "csv", "--plain", "--out", csv, "--campaign", "Uutiskirje 12/2026")
        #expect(export.status == 0)
        #expect(export.err.contains("1 customer(s) exported"))
        #expect(export.err.contains("Left out: 1 direct-marketing ban, 1 without an e-mail address."))
        let file = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(file.contains("aino@example.fi") && !file.contains("eino@example.fi") && !file.contains("Lind"))
        #expect(try Register.open(at: sh.db).recipients(ofCampaign: 3).map(\.customer) == [1001])
        #expect(sh.run("report", "1001").out.contains("Uutiskirje 12/2026 (sähköposti)"))
        #expect(!sh.run("report", "1002").out.contains("Uutiskirje 12/2026"))
        // A plain export is not marketing; a JSON export cannot be a campaign.
        #expect(sh.run("export", "--format", "csv", "--out", sh.folder.file("all.csv")).status == 0)
        #expect(try campaigns().count == 3)
        #expect(sh.run("export", "--format", "json", "--campaign", "X").status == 2)
        #expect(sh.run("export", "--format", "csv", "--channel", "sms").status == 2)
    }

    @Test func forgettingRemovesFeedbackProfilesTagsAndParticipation() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("edit", "1001", "--tag", "Salainenmerkki", "--profile", "https://www.linkedin.com/in/virtasenmatti", "--website", "virtasenpuu.example.fi",
               "--department", "Hämäränosasto", "--kind", "member", "--birthdate", "", "--identity-code", "131052-308T")
        sh.run("feedback", "1001", "--text", "Valitus äänekkäästä naapurista", "--complaint", "--resolution", "Anteeksipyyntö")
        sh.run("event", "add", "--name", "Kurssi", "--date", "1.3.2025")
        sh.run("event", "attend", "1", "1001", "--certificate", "Sertifikaattiöö")
        sh.run("campaign", "add", "--name", "Kirje", "--channel", "email")
        sh.run("campaign", "send", "1", "1001")
        let shown = sh.run("show", "1001").out
        #expect(shown.contains("Valitus äänekkäästä naapurista") && shown.contains("linkedin: https://www.linkedin.com/in/virtasenmatti"))
        // The department and the website's host are searchable (and so in the search index).
        #expect(sh.run("search", "hämäränosasto").out.contains("Virtanen, Matti"))
        #expect(sh.run("search", "virtasenpuu").out.contains("Virtanen, Matti"))
        let secrets = ["Salainenmerkki", "virtasenmatti", "virtasenpuu.example.fi", "Hämäränosasto", "hamaranosasto", "131052-308T",
                       "Valitus äänekkäästä", "Anteeksipyyntö", "Sertifikaattiöö"]
        for secret in secrets { #expect(allBytes(sh).contains(Data(secret.utf8)), "\(secret) must be there before") }
        #expect(sh.run("forget", "1001", "--yes").status == 0)
        let after = allBytes(sh)
        for secret in secrets { #expect(!after.contains(Data(secret.utf8)), "'\(secret)' is still in the files") }
        #expect(sh.run("event", "show", "1").out.contains("Nobody recorded yet."))
        #expect((try sh.json("campaign", "list", "--format", "json") as? [[String: Any]])?.first?["recipients"] as? Int == 0)
    }
}

private extension Data {
    func contains(_ other: Data) -> Bool { range(of: other) != nil }
}

/// The breach log (GDPR Art. 33(5)): every breach documented, with its 72-hour deadline.
@Suite struct BreachLogTests {
    @Test func addListUpdateAndTheDeadline() throws {
        let sh = Shell()
        // Today is 15.6.2025: found on 13.6. → report by 16.6. (still open); found 1.6. → late.
        let added = sh.run("breach", "add", "--what", "Asiakaslista lähti väärälle vastaanottajalle", "--when", "12.6.2025", "--found", "13.6.2025", "--people", "40")
        #expect(added.status == 0, "\(added.err)")
        #expect(added.out == "1 2025-06-16\n")
        #expect(added.err.contains("by 16.6.2025 (72 hours)"))
        let late = sh.run("breach", "add", "--what", "Kannettava varastettiin", "--when", "1.6.2025")
        #expect(late.err.contains("at once: the 72 hours ended on 4.6.2025"), "\(late.err)")
        sh.run("breach", "add", "--what", "Tulostettu lista hukattiin", "--when", "10.6.2025", "--reported-on", "11.6.2025", "--measures", "Lista löytyi")
        let list = try #require(try sh.json("breach", "list", "--format", "json") as? [[String: Any]])
        #expect(list.map { $0["id"] as? Int } == [1, 3, 2])
        #expect(list.map { $0["state"] as? String } == ["open", "reported", "late"])
        #expect(list.first?["report_due"] as? String == "2025-06-16")
        #expect(list.first?["people"] as? Int == 40)
        for key in ["id", "what", "when", "found", "people", "reported_on", "notified_on", "measures", "report_due", "state"] {
            #expect(list.first?.keys.contains(key) == true, "\(key)")
        }
        #expect(sh.run("breach", "update", "2", "--reported-on", "15.6.2025", "--notified-on", "15.6.2025").status == 0)
        let updated = try #require(try sh.json("breach", "list", "--format", "json") as? [[String: Any]])
        #expect(updated.last?["state"] as? String == "reported")
        #expect(sh.run("breach", "list").out.contains("Asiakaslista"))
        // Every input is checked at the door, every error named.
        let bad = sh.run("breach", "add", "--what", "", "--when", "1.1.2030", "--people", "-3")
        #expect(bad.status == 1 && bad.err.contains("what") && bad.err.contains("when") && bad.err.contains("people"), "\(bad.err)")
        #expect(sh.run("breach", "add", "--what", "X", "--when", "10.6.2025", "--found", "9.6.2025").err.contains("before the breach happened"))
        #expect(sh.run("breach", "update", "9", "--measures", "x").status == 1)
        // An update is checked as a new breach is: not reported before it was found.
        let early = sh.run("breach", "update", "1", "--reported-on", "1.6.2025")
        #expect(early.status == 1 && early.err.contains("before the breach was found"), "\(early.err)")
        #expect(sh.run("breach", "update", "1").status == 2)
        #expect(sh.run("breach").status == 2)
    }
}
