import Testing
import Foundation
@testable import KortistoCore

@Suite struct TextInputTests {
    @Test func refusesTerminalEscapes() {
        #expect { try TextInput.clean("Matti\u{1B}[31m", field: "first_name", maxLength: 100) } throws: {
            ($0 as? FieldError)?.field == "first_name" && ($0 as? FieldError)?.message.contains("control character") == true
        }
        #expect(throws: FieldError.self) { try TextInput.clean("a\u{9B}31m", field: "x", maxLength: 100) }   // C1 CSI
        #expect(throws: FieldError.self) { try TextInput.clean("a\u{7}", field: "x", maxLength: 100) }       // BEL
        #expect(throws: FieldError.self) { try TextInput.clean("a\u{202E}b", field: "x", maxLength: 100) }   // RTL override
        #expect(throws: FieldError.self) { try TextInput.clean("a\u{FFFD}b", field: "x", maxLength: 100) }   // invalid UTF-8
    }

    @Test func normalisesToNFC() throws {
        let decomposed = "Ma\u{0308}kela\u{0308}" // a + combining diaeresis, as macOS writes it
        let cleaned = try TextInput.clean(decomposed, field: "x", maxLength: 100)
        #expect(cleaned == "Mäkelä")
        #expect(cleaned?.unicodeScalars.count == 6)
    }

    @Test func tidiesSpacing() throws {
        #expect(try TextInput.clean("  Matti \t Virtanen  ", field: "x", maxLength: 100) == "Matti Virtanen")
        #expect(try TextInput.clean("   ", field: "x", maxLength: 100) == nil)
        #expect(throws: FieldError.self) { try TextInput.clean("a\nb", field: "x", maxLength: 100) }
        #expect(try TextInput.clean("a\r\nb", field: "x", maxLength: 100, lines: .multiple) == "a\nb")
    }

    @Test func limitsLength() {
        #expect(throws: FieldError.self) { try TextInput.clean(String(repeating: "ä", count: 101), field: "x", maxLength: 100) }
    }

    @Test func stripRemovesWhatCleanRefuses() {
        #expect(TextInput.strip("Ma\u{1B}[31mtti\u{0}") == "Ma[31mtti")
    }
}

@Suite struct FinnishOrderTests {
    @Test func sortsÅÄÖAfterZ() {
        let names = ["Öhman", "Åberg", "Zetterberg", "aalto", "Ähtäri", "Virtanen", "Wikström", "Östman", "Ääri"]
        let sorted = names.sorted(by: FinnishOrder.areInIncreasingOrder)
        #expect(sorted == ["aalto", "Virtanen", "Wikström", "Zetterberg", "Åberg", "Ähtäri", "Ääri", "Öhman", "Östman"])
    }

    @Test func lastNameThenFirstName() {
        #expect(FinnishOrder.personKey(last: "Virtanen", first: "Aino") < FinnishOrder.personKey(last: "Virtanen", first: "Matti"))
        #expect(FinnishOrder.personKey(last: "Virta", first: "Ö") < FinnishOrder.personKey(last: "Virtanen", first: "A"))
    }

    @Test func caseInsensitive() {
        #expect(FinnishOrder.key("ÖHMAN") == FinnishOrder.key("öhman"))
    }
}

@Suite struct SearchTests {
    @Test func foldsDiacritics() {
        #expect(SearchFolding.fold("Öhman") == "ohman")
        #expect(SearchFolding.fold("Jyväskylä") == "jyvaskyla")
        #expect(SearchFolding.fold("Straße Ærø") == "strasse aero")
    }

    @Test func hostileInputIsText() {
        #expect(SearchQuery("\"virt\" AND -x *").terms == ["virt", "and", "x"])
        #expect(SearchQuery("'; DROP TABLE customer; --").terms == ["customer", "table", "drop"])
        #expect(SearchQuery("***").isEmpty)
    }

    @Test func phoneQueries() {
        #expect(SearchQuery("040 123 45").terms == ["04012345"])
        #expect(SearchQuery("+358 40").terms == ["040"])
        #expect(SearchQuery("00358 40").terms == ["040"])
        #expect(SearchQuery("+46 70 1").terms == ["46701"])
    }

    @Test func customerTerms() {
        let c = Customer(number: 1, firstName: "Matti", lastName: "Öhman", organisationName: "Virtasen Puu Oy", email: "matti.ohman@example.fi",
                         phone: "+358401234567", town: "Jyväskylä", since: LocalDate(year: 2025, month: 1, day: 1)!, createdAt: .now, updatedAt: .now)
        var terms = SearchTerms.forCustomer(c)
        for expected in ["matti", "ohman", "virtasen", "puu", "example", "jyvaskyla", "0401234567"] {
            #expect(terms.contains(expected), "missing \(expected)")
        }
        // Legal forms and address endings tell nobody apart: not indexed from those fields.
        #expect(!terms.contains("oy") && !terms.contains("fi"))
        #expect(SearchQuery("Virtasen Puu Oy").terms == ["virtasen", "puu"])
        #expect(SearchQuery("matti.ohman@example.fi").terms == ["example", "matti", "ohman"])
        #expect(SearchQuery("oy").terms == ["oy"], "alone it is still a prefix")
        // The name before @ counts in full, even a word that is noise elsewhere.
        var office = c
        office.email = "info@virtasenpuu.fi"
        #expect(SearchTerms.forCustomer(office).isSuperset(of: ["info", "virtasenpuu"]))
        #expect(!terms.contains("358401234567"), "a Finnish number once, in its national form")
        // The list the index is written from holds each term once ("matti" is in the name and the e-mail).
        let list = SearchTerms.list(for: c)
        #expect(list.count == Set(list).count && Set(list) == terms)
        // The department, and web addresses by their host (not the path).
        var member = c
        member.department = "Henkilöstöhallinto"
        member.links = [ProfileLink(kind: .website, url: "https://www.hieronta-aalto.fi/ajanvaraus"),
                        ProfileLink(kind: .linkedin, url: "https://linkedin.com/in/matti-ohman-123")]
        terms = SearchTerms.forCustomer(member)
        for expected in ["henkilostohallinto", "hieronta", "aalto", "linkedin"] { #expect(terms.contains(expected), "missing \(expected)") }
        #expect(!terms.contains("ajanvaraus") && !terms.contains("www") && !terms.contains("123"))
    }
}

/// The byte-level fast paths imports rely on must agree with the plain definitions.
@Suite struct FastTextTests {
    static let samples = ["Mäkelä", "ÅSTRÖM", "Øystein Ærø", "Łukasz Żółć", "Straße", "İlkay", "Ğül", "Þór Ðað", "josé-maría o'neil",
                          "  Väinö  ", "Ma\u{0308}kela\u{0308}", "Σοφία", "Иван", "李", "e\u{301}", "a\r\nb", "Ǆemal", "ǅ", "\u{A0}x\u{A0}"]

    @Test func foldingAndKeysAgreeWithTheSlowDefinitions() {
        var texts = Self.samples
        texts += (0..<0x250).map { String(Unicode.Scalar($0)!) }
        for text in texts {
            #expect(SearchFolding.fold(text) == SearchFolding.slowFold(text), "fold \(text.unicodeScalars.map(\.value))")
            #expect(FinnishOrder.key(text) == FinnishOrder.slowKey(text), "key \(text.unicodeScalars.map(\.value))")
            #expect(SearchFolding.terms(text) == SearchFolding.generalTerms(text), "terms \(text.unicodeScalars.map(\.value))")
        }
        for text in ["matti.virtanen4231@example.fi", "Läntinen Rantakatu 22 C 9", "Metsä-Kärsämäki Oy", "O'Neil, Åsa (VIP)", "Æbleø 12½", ""] {
            #expect(SearchFolding.terms(text) == SearchFolding.generalTerms(text), "terms \(text)")
        }
        #expect(SearchFolding.terms("Läntinen Rantakatu 22 C 9") == ["lantinen", "rantakatu", "22", "c", "9"])
    }

    @Test func trimmingAndByteChecksAgreeWithFoundation() {
        for text in Self.samples + ["", " ", "\n\t x \u{2003}", "a  b", "ab", "\u{3000}Åke\u{3000}"] {
            #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.unicodeScalars.map(\.value))")
            #expect(text.containsBytePair(0x20, 0x20) == text.contains("  "))
            #expect(text.containsByte(0x0A) == text.unicodeScalars.contains("\n"))
            if text.isCertainlyNFC { #expect(text.precomposedStringWithCanonicalMapping == text) }
        }
        #expect(!"Ma\u{0308}kela".isCertainlyNFC)
    }
}

@Suite struct FastLowercaseTests {
    @Test func agreesWithLowercased() {
        for text in ["ABC@Example.FI", "tänään", "TÄNÄÄN", "İ", "", "Straße", "MATTI.VIRTANEN@EXAMPLE.FI"] {
            #expect(text.lowercasedFast == text.lowercased())
        }
    }
}

@Suite struct ProgressBarTests {
    @Test func barsFillInProportionAndNeverOverflow() {
        #expect(ProgressBar.bar(done: 0, total: 100, width: 10) == "[          ]")
        #expect(ProgressBar.bar(done: 50, total: 100, width: 10) == "[====>     ]")
        #expect(ProgressBar.bar(done: 100, total: 100, width: 10) == "[==========]")
        #expect(ProgressBar.bar(done: 150, total: 100, width: 10) == "[==========]")
        #expect(ProgressBar.bar(done: 0, total: 0, width: 4) == "[====]")
        #expect(ProgressBar.line("Writing", done: 26_000, total: 50_000, width: 10) == "Writing [====>     ]  52%  26000/50000")
    }
}

/// Paths as typed, split by their slashes (Foundation's NSString methods trapped on `x`).
@Suite struct PathNameTests {
    @Test(arguments: [
        ("x", "", ".", "x", "x"), ("-", "", ".", "-", "-"), ("a.csv", "", ".", "a.csv", "a"), (".profile", "", ".", ".profile", ".profile"),
        ("/", "/", "/", "/", "/"), ("/x", "/", "/", "x", "x"), ("a/b", "a", "a", "b", "b"), ("a/b/", "a", "a", "b", "b"),
        ("/tmp/r.sqlite", "/tmp", "/tmp", "r.sqlite", "r"), ("./-", ".", ".", "-", "-"), ("a//b.tar.gz", "a", "a", "b.tar.gz", "b.tar"),
        ("~/Tarrat/syksy.pdf", "~/Tarrat", "~/Tarrat", "syksy.pdf", "syksy"),
    ])
    func parts(_ path: String, _ folder: String, _ folderOrCurrent: String, _ name: String, _ stem: String) {
        #expect(PathName.folder(path) == folder, "\(path)")
        #expect(PathName.folderOrCurrent(path) == folderOrCurrent, "\(path)")
        #expect(PathName.name(path) == name, "\(path)")
        #expect(PathName.stem(path) == stem, "\(path)")
    }
}
