import Foundation
import KortistoCore
import Testing
@testable import KortistoExchange

@Suite struct ExportFormatTests {
    let today = LocalDate(year: 2025, month: 6, day: 15)!

    func customer(_ first: String, _ last: String, birthdate: Birthdate? = nil, notes: String? = nil) -> Customer {
        Customer(number: 1001, firstName: first, lastName: last, email: "asa@example.fi", phone: "+358401234567", street: "Åbovägen 3",
                 postcode: "22100", town: "Mariehamn", country: "AX", birthdate: birthdate, notes: notes, since: today,
                 createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }

    @Test func foldingNeverSplitsACharacter() {
        let line = "NOTE:" + String(repeating: "äöå€", count: 40)
        let folded = ContentLines.fold(line)
        for physical in folded.split(separator: "\r\n", omittingEmptySubsequences: true) {
            #expect(physical.utf8.count <= 75)
            #expect(String(validating: Array(physical.utf8), as: UTF8.self) != nil)
        }
        // Unfolding gives the line back.
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n", with: "") == line)
    }

    @Test func vcardThreeAndFour() {
        let c = customer("Åsa", "Åström", birthdate: Birthdate(year: nil, month: 4, day: 12), notes: "Rivi 1; rivi 2\nkolmas")
        let v3 = VCardWriter.card(c, uid: "urn:uuid:x", version: 3, revised: Date(timeIntervalSince1970: 0))
        #expect(v3.hasPrefix("BEGIN:VCARD\r\nVERSION:3.0\r\n"))
        #expect(v3.contains("N:Åström;Åsa;;;\r\n"))
        // No year: --MMDD, as khard and khal read it (1604 showed as a 423rd birthday).
        #expect(v3.contains("BDAY:--0412\r\n"))
        #expect(v3.contains("NOTE:Rivi 1\\; rivi 2\\nkolmas\r\n"))
        // Whose address it is, home or work, is not known here: not guessed.
        #expect(v3.contains("ADR:;;Åbovägen 3;Mariehamn;;22100;Ahvenanmaa\r\n"))
        // A Finnish mobile is a cell phone; in 4.0 too a number is text (Evolution showed `tel:` URIs as such).
        #expect(v3.contains("TEL;TYPE=CELL:+358401234567\r\n"))
        let v4 = VCardWriter.card(c, uid: "urn:uuid:x", version: 4, revised: Date(timeIntervalSince1970: 0))
        #expect(v4.contains("VERSION:4.0\r\n") && v4.contains("BDAY:--0412\r\n") && v4.contains("TEL;TYPE=cell:+358401234567\r\n"))
        #expect(v4.hasSuffix("END:VCARD\r\n"))
    }

    /// What only our import reads rides along as X-KORTISTO- properties, the identity code never.
    @Test func ourOwnPropertiesTravelWithTheCard() {
        var c = customer("Sisko", "Häkkinen")
        c.kind = .member
        c.bans = [.publication, .marketing]
        c.identityCode = "131052-308T"
        c.memberSince = LocalDate(year: 2020, month: 3, day: 1)
        c.source = DataSource(kind: .webForm, detail: "kevät; kampanja")
        let card = VCardWriter.card(c, uid: "urn:uuid:x", version: 3, revised: Date(timeIntervalSince1970: 0))
        for line in ["X-KORTISTO-KIND:member", "X-KORTISTO-BANS:publication,marketing", "X-KORTISTO-SINCE:2025-06-15",
                     "X-KORTISTO-MEMBER-SINCE:2020-03-01", "X-KORTISTO-SOURCE:web_form: kevät\\; kampanja"] {
            #expect(card.contains(line + "\r\n"), "\(line)")
        }
        #expect(!card.contains("131052"))
        let read = VCardReader.read(Data(card.utf8))[0]
        #expect(read.kortisto["SOURCE"] == "web_form: kevät; kampanja")
        let row = ImportRow(read, index: 1)
        #expect(row.bans == [.publication, .marketing] && row.input.kind == "member" && row.input.memberSince == "2020-03-01")
    }

    @Test func leapDayBirthdaysRecurOnTheLastDayOfFebruary() {
        let leap = customer("Karkaus", "Kalle", birthdate: Birthdate(year: 1988, month: 2, day: 29))
        let normal = customer("Aino", "Laine", birthdate: Birthdate(year: 1990, month: 6, day: 18))
        let ics = BirthdayCalendar.calendar([leap, normal], uid: { "bday-\($0.firstName)" }, stamp: Date(timeIntervalSince1970: 0),
                                            summary: { "Syntymäpäivä: \($0.fullName)" })
        #expect(ics.contains("DTSTART;VALUE=DATE:19880229\r\nDTEND;VALUE=DATE:19880301\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n"))
        #expect(ics.contains("DTSTART;VALUE=DATE:19900618\r\nDTEND;VALUE=DATE:19900619\r\nRRULE:FREQ=YEARLY\r\n"))
        #expect(ics.components(separatedBy: "CLASS:PRIVATE").count == 3)
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && ics.hasSuffix("END:VCALENDAR\r\n"))
    }
}

@Suite struct ContentLineFastPathTests {
    @Test func stampsAgreeWithFoundation() {
        for seconds in [0, 59, 86_399, 86_400, 951_782_400, 1_795_000_000, 1_798_761_599, -1, -86_401] {
            let date = Date(timeIntervalSince1970: Double(seconds))
            let foundation = date.ISO8601Format().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            #expect(VCardWriter.stamp(date) == foundation, "\(seconds)")
        }
    }

    @Test func escapingAndFoldingLeavePlainTextAsItIs() {
        #expect(ContentLines.escape("Mäkelä") == "Mäkelä")
        #expect(ContentLines.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        #expect(ContentLines.fold(String(repeating: "ä", count: 37) + "x") == String(repeating: "ä", count: 37) + "x\r\n")
        #expect(ContentLines.fold(String(repeating: "ä", count: 38)).contains("\r\n "))
    }

    /// Escaping reads bytes: each character a value must escape is escaped wherever it stands,
    /// also with a combining mark after it (`,\u{301}` is one Character, which the reading by
    /// Characters let through unescaped: a reader then split the value there), and the card
    /// reads back as written.
    @Test func everyEscapedCharacterIsEscapedWhereverItStands() {
        let escaped: [(String, String)] = [(",", "\\,"), (";", "\\;"), ("\\", "\\\\"), ("\n", "\\n"), ("\r\n", "\\n"), ("\r", "\\n")]
        for (raw, written) in escaped {
            for after in ["", "\u{301}", "ä", "x"] {
                for (value, expected) in [(raw + after, written + after), ("a" + raw + after, "a" + written + after),
                                          ("Åsa " + raw + after + " Öhman", "Åsa " + written + after + " Öhman"), (raw + raw + after, written + written + after)] {
                    #expect(ContentLines.escape(value) == expected, "\(value.debugDescription)")
                    var lines = ContentLines.Writer()
                    lines.escaped(value)
                    #expect(lines.bytes == Array(expected.utf8), "\(value.debugDescription)")
                    guard !raw.contains("\r") else { continue }   // a line break reads back as \n
                    var c = ExportFormatTests().customer("Åsa", "Öhman", notes: value)
                    c.title = value
                    let read = VCardReader.read(Data(VCardWriter.card(c, uid: "urn:uuid:x", revised: Date(timeIntervalSince1970: 0)).utf8))
                    #expect(read.count == 1 && read.first?.note.map { Array($0.utf8) } == Array(value.utf8)
                            && read.first?.title.map { Array($0.utf8) } == Array(value.utf8), "\(value.debugDescription)")
                }
            }
        }
    }

    /// A card as writers before dec 2026 wrote it, a `;` before a combining mark left unescaped,
    /// reads as it always did (a sync must not see a changed card): no separator there.
    @Test func aCardOfTheWriterBeforeReadsAsItDid() {
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Öhman;Åsa;;;\r\nADR:;;Katu ;\u{301}1;Turku;;20100;Suomi\r\nCATEGORIES:a,\u{301}b,c\r\nEND:VCARD\r\n"
        let read = VCardReader.read(Data(card.utf8))
        #expect(read.count == 1)
        #expect(read.first?.adrs.first.map { Array($0.street.utf8) } == Array("Katu ;\u{301}1".utf8))
        #expect(read.first?.adrs.first?.locality == "Turku" && read.first?.adrs.first?.code == "20100")
        #expect(read.first?.categories == ["a,\u{301}b", "c"])
    }

    /// Cards added one after another are the cards written alone, one after another.
    @Test func cardsAddedToBytesAreTheCardsWrittenAlone() {
        var first = ExportFormatTests().customer("Åsa", "Öhman", notes: String(repeating: "Pitkä muistiinpano, ", count: 9))
        first.tags = ["kevät; 2026", "jäsen"]
        first.otherContacts = [ContactDetail(kind: .phone, label: .work, value: "+35891234567"), ContactDetail(kind: .email, label: .other, value: "a@b.fi"),
                               ContactDetail(kind: .address, label: .home, value: "Kotikatu 1, Turku")]
        let second = ExportFormatTests().customer("Väinö", "Äijälä", birthdate: Birthdate(year: 1961, month: 2, day: 28))
        for version in [3, 4] {
            var bytes: [UInt8] = []
            for c in [first, second] { VCardWriter.append(c, uid: "urn:uuid:\(c.firstName)", version: version, revised: Date(timeIntervalSince1970: 0), to: &bytes) }
            let alone = [first, second].map { VCardWriter.card($0, uid: "urn:uuid:\($0.firstName)", version: version, revised: Date(timeIntervalSince1970: 0)) }
            #expect(String(decoding: bytes, as: UTF8.self) == alone.joined())
            #expect(alone[0].contains(version == 4 ? "TEL;TYPE=work,voice:+35891234567\r\n" : "TEL;TYPE=WORK,VOICE:+35891234567\r\n"))
            #expect(alone[0].contains("CATEGORIES:kevät\\; 2026,jäsen\r\n"))
        }
    }
}

@Suite struct CSVCellTests {
    /// Each cell as Excel and programs need it: quoted when it holds the delimiter, a quote or a
    /// line break (quotes doubled), and for Excel an apostrophe before what would run as a formula.
    @Test func cellsAreQuotedAndNeutralised() {
        let excel: [(String, String)] = [
            ("", ""), ("Mäkelä", "Mäkelä"), ("=SUM(A1)", "'=SUM(A1)"), ("@x", "'@x"), ("-abc", "'-abc"), ("+358401234567", "+358401234567"),
            ("-5", "-5"), ("+", "'+"), ("a;b", "\"a;b\""), ("a,b", "a,b"), ("sanoi \"hei\"", "\"sanoi \"\"hei\"\"\""),
            ("rivi 1\nrivi 2", "\"rivi 1\nrivi 2\""), ("=1;2", "\"'=1;2\""), ("ä\r\nö", "\"ä\r\nö\""),
        ]
        for (raw, written) in excel { #expect(CSVWriter.cell(raw, .excel) == written, "\(raw)") }
        #expect(CSVWriter.cell("=SUM(A1)", .plain) == "=SUM(A1)")
        #expect(CSVWriter.cell("a,b", .plain) == "\"a,b\"")
        #expect(CSVWriter.row(["1001", "Åsa", "=x", "a;b", ""], .excel) == "1001;Åsa;'=x;\"a;b\";\r\n")
        #expect(CSVWriter.row(["1001", "a,b"], .plain) == "1001,\"a,b\"\r\n")
    }
}

/// Found: Excel's formula guard let `+`/`-` followed by a digit through, so OWASP's
/// `-2+3+cmd|' /C calc'!A0` went out verbatim. Every cell a spreadsheet would evaluate gets the
/// apostrophe; phone numbers and amounts stay as they are.
@Suite struct CSVInjectionTests {
    static let payloads = ["=1+1", "@SUM(1+1)", "+1+1", "-1+1", "-2+3+cmd|' /C calc'!A0", "+358 40 123 4567 =cmd", "=HYPERLINK(\"http://x\")",
                           "\t=1+1", "\r=1+1", "-", "+", "--04-12", "-0x1", "+1e3", "-1;2", "+45-1"]
    static let safe = ["+358401234567", "+358 40 123 4567", "-12,50", "-12.50", "040 123 4567", "Matti", "12", "1+1", "a=b", "Kauppakatu 1"]

    @Test func everyFormulaIsNeutralisedAndNumbersStay() {
        for payload in Self.payloads {
            let cell = CSVWriter.cell(payload, .excel)
            let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
            #expect(unquoted.hasPrefix("'"), "\(payload) → \(cell)")
            #expect(CSVWriter.cell(payload, .plain).contains(payload.replacingOccurrences(of: "\"", with: "\"\"")), "plain keeps \(payload)")
        }
        for value in Self.safe {
            let cell = CSVWriter.cell(value, .excel)
            #expect(!cell.contains("'"), "\(value) → \(cell)")
        }
    }
}
