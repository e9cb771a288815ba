import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoCLI

/// Our vCards read by the programs people use: python-vobject (the library khard, Radicale and
/// vdirsyncer build on) and khard itself over a folder of cards, as a phone sync leaves them.
@Suite struct ThirdPartyReaderTests {
    /// A register of varied invented people, and its vCards as one file and as a vdir.
    static func exported(version: String = "3") throws -> (sh: Shell, file: String, vdir: String, count: Int) {
        let sh = Shell()
        #expect(sh.run("generate", "--count", "150", "--seed", "7").status == 0)
        sh.run("add", "--first", "Åsa", "--last", "Åström", "--birthdate", "12.4.", "--phone", "040 123 4567", "--other-phone", "work: 09 876 5432")
        sh.run("add", "--first", "Eino", "--last", "Leino", "--birthdate", "3.5.1980", "--phone", "09 123 4567", "--type", "business",
               "--street", "Katu 1", "--postcode", "00100", "--town", "Helsinki")
        let file = sh.folder.file("kaikki.vcf"), vdir = sh.folder.file("vdir")
        let result = sh.run("export", "--format", "vcf", "--vcard", version, "--out", file)
        #expect(result.status == 0, "\(result.err)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let cards = text.components(separatedBy: "BEGIN:VCARD\r\n").dropFirst().map { "BEGIN:VCARD\r\n" + $0 }
        try FileManager.default.createDirectory(atPath: vdir, withIntermediateDirectories: true)
        for (i, card) in cards.enumerated() { try Data(card.utf8).write(to: URL(fileURLWithPath: "\(vdir)/\(i).vcf")) }
        return (sh, file, vdir, cards.count)
    }

    @Test(.enabled(if: ThirdParty.python("vobject"), "python-vobject is not installed (pip install vobject)"), arguments: ["3", "4"])
    func vobjectReadsEveryCard(_ version: String) throws {
        let (sh, file, _, count) = try Self.exported(version: version)
        defer { withExtendedLifetime(sh) {} }
        let script = """
        import sys, vobject
        cards = list(vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()))
        for c in cards:
            assert c.fn.value and c.uid.value, c
        bdays = {c.fn.value: c.bday.value for c in cards if "bday" in c.contents}
        tels = {c.fn.value: sorted((t.value, ",".join(t.params.get("TYPE", []))) for t in c.contents.get("tel", [])) for c in cards}
        print(len(cards), bdays["Åsa Åström"], tels["Åsa Åström"], tels["Eino Leino"])
        """
        let read = try ThirdParty.runPython(script, [file])
        #expect(read.status == 0, "\(read.stderr)")
        let cell = version == "4" ? "cell" : "CELL", voice = version == "4" ? "voice" : "VOICE", work = version == "4" ? "work" : "WORK"
        #expect(read.stdout == "\(count) --0412 [('+358401234567', '\(cell)'), ('+35898765432', '\(work),\(voice)')] [('+35891234567', '\(voice)')]\n",
                "\(read.stdout)")
    }

    @Test(.enabled(if: ThirdParty.program("khard") != nil, "khard is not installed (pip install khard)"))
    func khardListsEveryoneWithTheirBirthdaysAndPhones() throws {
        let (sh, _, vdir, count) = try Self.exported()
        let config = sh.folder.file("khard.conf")
        try Data("[addressbooks]\n[[kortisto]]\npath = \(vdir)\n".utf8).write(to: URL(fileURLWithPath: config))
        let khard = try #require(ThirdParty.program("khard"))
        let list = try spawn([khard, "-c", config, "list", "--parsable"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == count)
        // A birthday without a year is khard's year-less date (1900), not the year 1604.
        let birthdays = try spawn([khard, "-c", config, "birthdays", "--parsable"]).stdout
        #expect(birthdays.contains("1900.04.12\tÅsa Åström") && birthdays.contains("1980.05.03\tEino Leino"), "\(birthdays)")
        #expect(!birthdays.contains("1604"))
        let phones = try spawn([khard, "-c", config, "phone", "--parsable", "Åström"]).stdout
        #expect(phones.contains("+358401234567\tÅsa Åström\tCELL") && phones.contains("+35898765432\tÅsa Åström\tWORK, VOICE"), "\(phones)")
    }
}

extension ThirdPartyReaderTests {
    /// The birthday calendar read by python icalendar (what khal and many sync tools build on):
    /// every birthday an event recurring yearly on its day, a year-less one too.
    @Test(.enabled(if: ThirdParty.python("icalendar"), "python icalendar is not installed (pip install icalendar)"))
    func icalendarReadsTheBirthdayCalendar() throws {
        let (sh, _, _, _) = try Self.exported()
        defer { withExtendedLifetime(sh) {} }
        let file = sh.folder.file("syntymapaivat.ics")
        let written = sh.run("birthdays", "--ics", file)
        #expect(written.status == 0, "\(written.err)")
        let script = """
        import sys, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
        events = [e for e in cal.walk("VEVENT")]
        byname = {str(e.get("summary")): e for e in events}
        def show(name):
            e = next(v for k, v in byname.items() if name in k)
            d = e.decoded("dtstart")
            return "%02d-%02d %s" % (d.month, d.day, e.get("rrule").to_ical().decode())
        print(len(events), show("Åsa Åström"), show("Eino Leino"))
        """
        let read = try ThirdParty.runPython(script, [file])
        #expect(read.status == 0, "\(read.stderr)")
        let count = Int(read.stdout.split(separator: " ").first ?? "") ?? 0
        #expect(count > 2 && read.stdout.contains("04-12 FREQ=YEARLY") && read.stdout.contains("05-03 FREQ=YEARLY"), "\(read.stdout)")
    }
}
