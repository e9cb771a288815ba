import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoCLI
@testable import KortistoStore

@Suite struct ExportCommandTests {
    @Test func exportsLeaveOutRestrictedAndAreRecorded() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("add", "--first", "Rajoitettu", "--last", "Henkilö", "--birthdate", "29.2.1988")
        sh.run("add", "--first", "Aino", "--last", "=Laine", "--birthdate", "29.2.1988")
        sh.run("restrict", "1002", "--reason", "Kiistää tiedot")
        let csv = sh.folder.file("e.csv")
        #expect(sh.run("export", "--format", "csv", "--out", csv).status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: csv))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let excel = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(excel.hasPrefix("number;first_name;last_name;"))
        #expect(excel.contains("1003;Aino;'=Laine;"))
        #expect(!excel.contains("Rajoitettu"))
        #expect(sh.folder.permissions(csv) == 0o600)
        #expect(sh.run("export", "--format", "csv", "--out", csv).status == 1)
        #expect(sh.run("export", "--format", "csv", "--plain").out.contains("1003,Aino,=Laine,"))
        let vcf = sh.run("export", "--format", "vcf")
        #expect(vcf.out.components(separatedBy: "BEGIN:VCARD").count == 3)
        #expect(!vcf.out.contains("Rajoitettu"))
        // The same customer keeps the same UID across exports.
        let uid = vcf.out.split(separator: "\r\n").first { $0.hasPrefix("UID:") }
        #expect(sh.run("export", "--format", "vcf").out.split(separator: "\r\n").first { $0.hasPrefix("UID:") } == uid)
        let json = try #require(try sh.json("export", "--format", "json") as? [String: Any])
        #expect(json["format"] as? String == "kortisto-register/1")
        // The whole-register file is a private backup, not a list: the restricted customer is in it, marked so.
        #expect((json["customers"] as? [[String: Any]])?.count == 3)
        #expect((json["customers"] as? [[String: Any]])?.filter { $0["restricted"] as? Bool == true }.count == 1)
        let ics = sh.folder.file("b.ics")
        #expect(sh.run("birthdays", "--ics", ics).status == 0)
        let calendar = try String(contentsOfFile: ics, encoding: .utf8)
        #expect(calendar.contains("BYMONTHDAY=-1") && calendar.contains("Aino =Laine") && !calendar.contains("Rajoitettu"))
        let register = try Register.open(at: sh.db)
        let audits = try register.db.rows("SELECT action, entity_id FROM audit_log WHERE action LIKE 'export%' ORDER BY id", []) { "\($0.text(0)) \($0.int(1))" }
        #expect(audits.first == "export csv 2")
        #expect(audits.contains("export ics 2"))
    }

    /// Exports are written in pieces: a replaced file becomes private, a failed write says why,
    /// and many customers (several slices) arrive complete and in name order.
    @Test func streamedExportsAreCompletePrivateAndFailCleanly() throws {
        let sh = Shell()
        let register = try Register.open(at: sh.db)
        try register.fillSynthetic(customers: 4500, organisations: 50, seed: 7, today: LocalDate(year: 2026, month: 11, day: 22)!)
        let csv = sh.folder.file("all.csv")
        _ = FileManager.default.createFile(atPath: csv, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        #expect(sh.run("export", "--format", "csv", "--plain", "--out", csv, "--force").status == 0)
        #expect(sh.folder.permissions(csv) == 0o600)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n")
        var expected: [String] = []
        try register.forEachCustomer { if !$0.isRestricted { expected.append(String($0.number)) } }
        #expect(lines.count == expected.count + 1)
        #expect(lines.dropFirst().map { String($0.prefix { $0 != "," }) } == expected)
        let vcf = sh.run("export", "--format", "vcf")
        #expect(vcf.out.components(separatedBy: "END:VCARD\r\n").count == expected.count + 1)
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = sh.run("export", "--format", "vcf", "--out", "/dev/full", "--force")
            #expect(full.status == 1)
            #expect(full.err.contains("cannot write /dev/full"))
            #expect(FileManager.default.fileExists(atPath: "/dev/full"))
        }
        // The whole register, rendered a slice at a time beside the reading (ten slices of
        // 500): every customer once, in list order, each with their orders; a full disk fails.
        var everyone: [Int64] = [], orders = 0
        try register.forEachCustomer { everyone.append($0.number) }
        for number in everyone { orders += try register.orders(ofCustomer: number).count }
        let json = sh.folder.file("all.json")
        #expect(sh.run("export", "--format", "json", "--out", json).status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let customers = try #require(document["customers"] as? [[String: Any]])
        #expect(customers.compactMap { ($0["number"] as? NSNumber)?.int64Value } == everyone)
        #expect(customers.reduce(0) { $0 + (($1["orders"] as? [Any])?.count ?? 0) } == orders)
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = sh.run("export", "--format", "json", "--out", "/dev/full", "--force")
            #expect(full.status == 1 && full.err.contains("cannot write /dev/full"))
        }
    }

    /// Each text format's file holds the bytes standard output gets (the whole-register file is
    /// written to a file as bytes and to standard output as text). A name with a quote, a
    /// backslash and letters of two and three bytes goes through both (the tab typed into it is
    /// stored as a space).
    @Test(arguments: [["csv"], ["csv", "--plain"], ["vcf"], ["vcf", "--vcard", "4"], ["json"]])
    func aFileHoldsWhatStandardOutputGets(format: [String]) throws {
        let sh = Shell()
        let register = try Register.open(at: sh.db)
        try register.fillSynthetic(customers: 1200, organisations: 20, seed: 5, today: LocalDate(year: 2026, month: 11, day: 22)!)
        #expect(sh.run("add", "--first", "Åsa \"Ö\\\tö\"", "--last", "Lähde€", "--email", "asa@example.fi").status == 0)
        let file = sh.folder.file("out")
        #expect(sh.run(["export", "--format"] + format + ["--out", file]).status == 0)
        let written = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(written.count > 100_000)
        #expect(written == Data(sh.run(["export", "--format"] + format).out.utf8))
    }
}

@Suite struct LabelsCommandTests {
    @Test func bansAreHonouredAndTheSummaryNamesNobody() throws {
        let sh = Shell()
        let people: [(String, String, [String])] = [
            ("Aino", "Laine", []), ("Bea", "Banned", ["publication"]), ("Cecilia", "Mainokseton", ["marketing"]), ("Dan", "Rajattu", []),
        ]
        for (first, last, bans) in people {
            let n = sh.run("add", "--first", first, "--last", last, "--street", "Katu 1", "--postcode", "00100", "--town", "Helsinki").out
                .trimmingCharacters(in: .whitespacesAndNewlines)
            for ban in bans { sh.run("ban", n, ban) }
        }
        sh.run("restrict", "1004", "--reason", "Kiistää tiedot")
        sh.run("add", "--first", "Eero", "--last", "Osoitteeton")
        let out = sh.folder.file("l.pdf")
        let r = sh.run("labels", "--template", "L7160", "--out", out)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("1 label(s) written"))
        #expect(r.err.contains("Left out: 1 publication ban, 1 direct-marketing ban, 1 restriction of processing, 1 incomplete address."))
        #expect(!r.err.contains("Banned") && !r.err.contains("Rajattu"))
        let text = try spawn(["pdftotext", out, "-"]).stdout
        #expect(text.contains("Aino Laine"))
        for hidden in ["Banned", "Mainokseton", "Rajattu", "Osoitteeton"] { #expect(!text.contains(hidden)) }
        // For service letters the marketing ban does not apply; the publication ban does.
        let service = sh.run("labels", "--template", "L7160", "--out", sh.folder.file("s.txt"), "--format", "txt", "--purpose", "service")
        #expect(service.status == 0)
        let letters = try String(contentsOfFile: sh.folder.file("s.txt"), encoding: .utf8)
        #expect(letters.contains("Cecilia Mainokseton") && !letters.contains("Banned"))
        #expect(sh.folder.permissions(sh.folder.file("s.txt")) == 0o600)
    }

    @Test func existingFilesNoMatchesAndBadOptions() throws {
        let sh = Shell()
        sh.run("add", "--first", "Aino", "--last", "Laine", "--street", "Katu 1", "--postcode", "00100", "--town", "Helsinki")
        let out = sh.folder.file("l.csv")
        #expect(sh.run("labels", "--template", "L7160", "--out", out, "--format", "csv").status == 0)
        let again = sh.run("labels", "--template", "L7160", "--out", out, "--format", "csv")
        #expect(again.status == 1)
        #expect(again.err.contains("already exists"))
        #expect(sh.run("labels", "--template", "L7160", "--out", out, "--format", "csv", "--force").status == 0)
        let none = sh.run("labels", "--template", "L7160", "--out", sh.folder.file("none.pdf"), "--search", "zzz")
        #expect(none.status == 1)
        #expect(none.err.contains("no labels to make"))
        #expect(!FileManager.default.fileExists(atPath: sh.folder.file("none.pdf")))
        #expect(sh.run("labels", "--template", "nope", "--out", out).status == 2)
        #expect(sh.run("labels", "--template", "L7160", "--out", out, "--skip", "21").status == 2)
        #expect(sh.run("labels", "--list-templates").out.contains("avery-l7160"))
    }

    @Test func labelDefaultsComeFromTheSettings() throws {
        let sh = Shell()
        sh.run("add", "--first", "Aino", "--last", "Laine", "--street", "Katu 1", "--postcode", "00100", "--town", "Helsinki")
        #expect(sh.run("settings", "set", "label_template", "avery-l7163").status == 0)
        #expect(sh.run("settings", "set", "label_offset", "2,1").status == 0)
        let r = sh.run("labels", "--out", sh.folder.file("l.pdf"))
        #expect(r.err.contains("Avery L7163"))
        let raw = String(decoding: try #require(FileManager.default.contents(atPath: sh.folder.file("l.pdf"))), as: UTF8.self)
        let line = try #require(raw.split(separator: "\n").first { $0.contains("(Aino Laine)") })
        let x = Double(line.split(separator: " ")[4])!
        // L7163: left 4.65 mm + padding 3 mm + offset 2 mm.
        #expect(abs(x / (72.0 / 25.4) - 9.65) < 0.2)
    }
}

@Suite struct CSVRoundTripTests {
    @Test func excelExportReadsBackUnchanged() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("add", "--first", "Åsa", "--last", "-Åström", "--birthdate", "22.4.", "--phone", "+46 70 123 45 67", "--note", "Rivi; \"lainaus\"")
        let file = sh.folder.file("excel.csv")
        #expect(sh.run("export", "--format", "csv", "--out", file).status == 0)
        let other = Shell()
        let err = StringSink()
        #expect(CLI.run(["import", file, "--db", other.db], environment: other.environment, stdout: StringSink(), stderr: err) == 0, "\(err.text)")
        let fields = ["first_name", "last_name", "email", "phone", "street", "postcode", "town", "country", "birthdate", "organisation", "title", "notes", "language"]
        let before = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        let after = try #require(try other.json("list", "--format", "json") as? [[String: Any]])
        #expect(before.count == after.count)
        for (a, b) in zip(before, after) {
            for field in fields { #expect("\(a[field] ?? "")" == "\(b[field] ?? "")", "\(field): \(a[field] ?? "") -> \(b[field] ?? "")") }
        }
    }

    /// Every column our CSV has reads back: relationship, tags, membership, links, where the
    /// data came from, and the bans, which keep a banned person off the next label sheet.
    @Test func everyExportedColumnReadsBack() throws {
        let sh = Shell()
        _ = sh.addMatti()
        let r = sh.run("add", "--first", "Sisko", "--last", "Häkkinen", "--kind", "member", "--tag", "VIP", "--tag", "joulukortti",
                       "--member-since", "1.3.2020", "--member-until", "31.12.2025", "--department", "Talous", "--preferred-channel", "sms",
                       "--website", "https://hakkinen-hieronta.fi", "--profile", "https://www.linkedin.com/in/sisko-hakkinen",
                       "--source", "web-form: kevään kampanja", "--since", "2.3.2020",
                       "--street", "Rantatie 4", "--postcode", "33100", "--town", "Tampere")
        #expect(r.status == 0, "\(r.err)")
        let sisko = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(sh.run("ban", sisko, "publication").status == 0)
        #expect(sh.run("ban", sisko, "marketing").status == 0)
        let file = sh.folder.file("all.csv")
        #expect(sh.run("export", "--format", "csv", "--out", file).status == 0)
        let other = Shell()
        let err = StringSink()
        #expect(CLI.run(["import", file, "--db", other.db], environment: other.environment, stdout: StringSink(), stderr: err) == 0, "\(err.text)")
        let fields = ["first_name", "last_name", "source", "source_detail", "since", "bans", "kind", "tags", "member_since", "member_until",
                      "department", "preferred_channel", "websites", "profiles"]
        let before = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        let after = try #require(try other.json("list", "--format", "json") as? [[String: Any]])
        #expect(before.count == 2 && after.count == 2)
        // As JSON text with sorted keys: the same value reads the same whatever the order.
        func text(_ value: Any?) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
        }
        for (a, b) in zip(before, after) {
            for field in fields { #expect(try text(a[field]) == text(b[field]), "\(field)") }
        }
        let imported = try #require(after.first { $0["last_name"] as? String == "Häkkinen" })
        #expect(imported["bans"] as? [String] == ["publication", "marketing"])
        // The ban holds at once: a label sheet leaves her out.
        let labels = other.run("labels", "--out", other.folder.file("l.pdf"), "--no-campaign")
        #expect(labels.status == 0, "\(labels.err)")
        #expect((labels.out + labels.err).contains("1 label(s) written"), "\(labels.out)\(labels.err)")
        #expect((labels.out + labels.err).contains("Left out: 1 publication ban."), "\(labels.out)\(labels.err)")

        // Merging a duplicate adds the bans the file names; nothing else stored changes.
        let again = sh.folder.file("again.csv")
        try "email;first_name;last_name;bans;kind\nmatti@example.fi;Matti;Virtanen;publication;prospect\n".write(toFile: again, atomically: true, encoding: .utf8)
        #expect(sh.run("import", again, "--duplicates", "merge").status == 0)
        let matti = try #require(try sh.json("search", "virtanen", "--format", "json") as? [[String: Any]]).first
        #expect(matti?["bans"] as? [String] == ["publication"])
        #expect(matti?["kind"] as? String == "customer")

        // A word that is no ban is refused with the row, not dropped in silence.
        let bad = sh.folder.file("bad.csv")
        try "first_name;last_name;bans\nAimo;Ärölä;publication kielto\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let third = Shell()
        let badErr = StringSink()
        #expect(CLI.run(["import", bad, "--db", third.db], environment: third.environment, stdout: StringSink(), stderr: badErr) != 0)
        #expect(badErr.text.contains("'kielto' is not a ban"), "\(badErr.text)")
    }
}
