import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoExchange

/// Label PDFs checked the way a printer shop would: qpdf, pdftotext, pdfinfo.
@Suite struct LabelSheetTests {
    static let templates = try! LabelTemplate.all(resources: ResourceFiles.builtIn, environment: ["HOME": "/nonexistent"])
    static func template(_ id: String) -> LabelTemplate { templates.first { $0.matches(id) }! }

    func entry(_ n: Int64, _ lines: String...) -> LabelEntry { LabelEntry(number: n, name: lines[0], lines: lines) }

    func tool(_ arguments: [String]) throws -> ProcessResult { try spawn(arguments) }

    @Test func usersCanAddTemplates() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("config/kortisto"), withIntermediateDirectories: true)
        let own = """
        {"schema": "label-templates/1", "templates": [{"id": "oma-3x8", "brand": "Oma", "part": "3x8",
          "page": {"width_mm": 210, "height_mm": 297}, "label": {"width_mm": 70, "height_mm": 37},
          "layout": {"columns": 3, "rows": 8, "left_mm": 0, "top_mm": 0.5, "pitch_x_mm": 70, "pitch_y_mm": 37}}]}
        """
        _ = FileManager.default.createFile(atPath: folder.file("config/kortisto/labels.json"), contents: Data(own.utf8))
        let all = try LabelTemplate.all(resources: ResourceFiles.builtIn, environment: ["XDG_CONFIG_HOME": folder.file("config")])
        #expect(all.count == 24)
        #expect(all.first { $0.matches("oma-3x8") }?.labelsPerSheet == 24)
        _ = FileManager.default.createFile(atPath: folder.file("config/kortisto/labels.json"), contents: Data("{\"schema\": 1}".utf8))
        #expect(throws: (any Error).self) { try LabelTemplate.all(resources: ResourceFiles.builtIn, environment: ["XDG_CONFIG_HOME": folder.file("config")]) }
    }

    @Test func shipsTheSharedTemplates() {
        #expect(Self.templates.count == 23)
        #expect(Self.template("L7160").labelsPerSheet == 21)
        #expect(Self.template("J8160").id == "avery-l7160")
    }

    @Test func pdfIsValidAndHoldsExactlyTheAddresses() throws {
        let folder = TemporaryFolder()
        let path = folder.file("labels.pdf")
        let entries = [entry(1, "Åsa Öhman", "Kide Media Oy", "Myllytie 3 A 1", "33100 TAMPERE"),
                       entry(2, "Hans Müller", "Musterstraße 12", "8000 ZÜRICH", "SWITZERLAND"),
                       entry(3, "Eila (Äijä) Laine", "PL 74", "06151 PORVOO €\\")]
        let outcome = try LabelSheet.writePDF(entries, template: Self.template("avery-l7160"), to: path)
        #expect(outcome.labels == 3 && outcome.pages == 1 && outcome.transliterated.isEmpty)
        #expect(folder.permissions(path) == 0o600)
        #expect(try tool(["qpdf", "--check", path]).status == 0)
        let info = try tool(["pdfinfo", path]).stdout
        #expect(info.contains("Page size:       595.28 x 841.89 pts (A4)"))
        // Printed at actual size: the viewer is told not to scale (Acrobat's "Fit" moved labels).
        let catalog = try tool(["qpdf", "--show-object=1", path]).stdout
        #expect(catalog.contains("/ViewerPreferences << /PrintScaling /None >>"), "\(catalog)")
        let text = try tool(["pdftotext", path, "-"])
        #expect(text.stderr.isEmpty)
        for line in entries.flatMap(\.lines) { #expect(text.stdout.contains(line), "'\(line)' missing") }
        // Never replaces a file unless told to.
        #expect(throws: (any Error).self) { try LabelSheet.writePDF(entries, template: Self.template("avery-l7160"), to: path) }
    }

    @Test func labelsSitWhereTheTemplateSays() throws {
        let folder = TemporaryFolder()
        let path = folder.file("labels.pdf")
        let t = Self.template("avery-l7163")
        let entries = (1...3).map { entry(Int64($0), "Asiakas \($0)", "Katu \($0)", "00100 HELSINKI") }
        _ = try LabelSheet.writePDF(entries, template: t, skip: 1, to: path)
        // Decompress nothing (we write plain streams): read the positions of each name's line.
        let raw = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        let k = 72.0 / 25.4
        for (index, n) in (1...3).enumerated() {
            let slot = index + 1
            let origin = t.origin(of: slot)
            let line = try #require(raw.split(separator: "\n").first { $0.contains("(Asiakas \(n))") })
            let parts = line.split(separator: " ")
            let x = Double(parts[4])!, y = Double(parts[5])!
            #expect(abs(x / k - (origin.x + t.insets.left)) < 0.2, "label \(n) x")
            let top = t.page.heightMM - y / k
            #expect(top > origin.y + t.insets.top && top < origin.y + t.insets.top + 5, "label \(n) y")
        }
    }

    @Test func lettersOutsideWinAnsiAreTransliteratedAndReported() throws {
        let folder = TemporaryFolder()
        let path = folder.file("labels.pdf")
        let outcome = try LabelSheet.writePDF([entry(1, "Zbysław Łęcki", "Čiekurkalna 5", "00100 HELSINKI"), entry(2, "Aino Laine", "Katu 1", "00100 HELSINKI")],
                                             template: Self.template("avery-l7160"), to: path)
        #expect(outcome.transliterated == ["Zbysław Łęcki"])
        let text = try tool(["pdftotext", path, "-"]).stdout
        #expect(text.contains("Zbyslaw Lecki"))
        #expect(text.contains("Ciekurkalna 5"))
    }

    @Test func aTrueTypeFontIsEmbeddedForOtherScripts() throws {
        let fontPath = try #require(LabelSheet.defaultFontPath(environment: [:]), "DejaVu Sans (fonts-dejavu-core) is expected on this machine")
        let folder = TemporaryFolder()
        let path = folder.file("labels.pdf")
        let entries = [entry(1, "Zbysław Łęcki", "Čiekurkalna 5", "00100 HELSINKI"), entry(2, "Ольга Иванова", "Ähtärintie 1", "63700 ÄHTÄRI"),
                       entry(3, "Aino Laine", "Katu 1", "00100 HELSINKI")]
        let outcome = try LabelSheet.writePDF(entries, template: Self.template("avery-l7160"), to: path, fontPath: fontPath)
        #expect(outcome.embeddedFont == "DejaVuSans")
        #expect(outcome.transliterated.isEmpty)
        #expect(try tool(["qpdf", "--check", path]).status == 0)
        let text = try tool(["pdftotext", path, "-"])
        #expect(text.stderr.isEmpty)
        for line in entries.flatMap(\.lines) { #expect(text.stdout.contains(line), "'\(line)' missing") }
        let fonts = try tool(["pdffonts", path]).stdout
        #expect(fonts.contains("+DejaVuSans") && fonts.contains("CID TrueType"))
        // A subset, not the whole 700 kB font.
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size < 200_000, "\(size) bytes")
        // Ordinary sheets stay with the standard font: nothing to embed.
        let plain = try LabelSheet.writePDF([entries[2]], template: Self.template("avery-l7160"), to: folder.file("plain.pdf"), fontPath: fontPath)
        #expect(plain.embeddedFont == nil)
    }

    /// A streamed sheet learns it needs the font only at a late label (the 70th, on the fourth
    /// page, found while later batches of sheets are laid out; the 391st and the 791st, past
    /// the first batches, the last found once every label is handed over): it is laid out
    /// again with the font, so every label has one typeface, and the file equals the one
    /// written from the whole list at once. Without a font nothing restarts.
    @Test(arguments: [0, 1, 69, 390, 790])
    func aLetterFoundLateEmbedsTheFontForTheWholeSheet(_ at: Int) throws {
        let fontPath = try #require(LabelSheet.defaultFontPath(environment: [:]), "DejaVu Sans (fonts-dejavu-core) is expected on this machine")
        let folder = TemporaryFolder()
        var entries = (0..<800).map { entry(Int64($0), "Äijä Kääriäinen \($0)", "Jäkäläpolku \($0)", "40100 JYVÄSKYLÄ") }
        entries[at] = entry(Int64(at), "Zbysław Łęcki", "Čiekurkalna 5", "00100 HELSINKI")
        var runs = 0
        let streamed = try LabelSheet.writePDF(labels: { each in
            runs += 1
            for e in entries { try each(e) }
        }, template: Self.template("avery-l7160"), to: folder.file("streamed.pdf"), fontPath: fontPath)
        let whole = try LabelSheet.writePDF(entries, template: Self.template("avery-l7160"), to: folder.file("whole.pdf"), fontPath: fontPath)
        #expect(runs == 2)
        #expect(streamed == whole && streamed.embeddedFont == "DejaVuSans" && streamed.labels == 800 && streamed.pages == 39)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file("streamed.pdf"))) == Data(contentsOf: URL(fileURLWithPath: folder.file("whole.pdf"))))
        let fonts = try tool(["pdffonts", folder.file("streamed.pdf")]).stdout
        #expect(!fonts.contains("Helvetica"), "one typeface on the whole sheet")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["streamed.pdf", "whole.pdf"], "the first try left nothing")

        var plainRuns = 0
        let plain = try LabelSheet.writePDF(labels: { each in
            plainRuns += 1
            for e in entries where e.number != Int64(at) { try each(e) }
        }, template: Self.template("avery-l7160"), to: folder.file("plain.pdf"), fontPath: fontPath)
        #expect(plainRuns == 1 && plain.embeddedFont == nil && plain.labels == 799)
    }

    /// Printed lists (an event's participants): valid, numbered pages, every line on one of them.
    @Test func textPagesBreakAndNumberEveryPage() throws {
        let folder = TemporaryFolder()
        let path = folder.file("list.pdf")
        let lines = (1...120).map { "\($0). [ ] Osallistuja Åström-Łęcki \($0)" }
        let pages = try TextPages.writePDF(title: "Ensiapukurssi – Jyväskylä", lines: lines, to: path,
                                           fontPath: LabelSheet.defaultFontPath(environment: [:]))
        #expect(pages == 3)
        #expect(try tool(["qpdf", "--check", path]).status == 0)
        let info = try tool(["pdfinfo", path]).stdout
        #expect(info.contains("(A4)") && info.split(separator: "\n").contains { $0.hasPrefix("Pages:") && $0.hasSuffix(" 3") })
        let text = try tool(["pdftotext", path, "-"]).stdout
        #expect(text.components(separatedBy: "Ensiapukurssi – Jyväskylä").count == 4, "the title on every page")
        for line in lines { #expect(text.contains(line), "'\(line)' missing") }
        #expect(text.contains("3 / 3") || text.contains("3/3"))
        #expect(throws: (any Error).self) { try TextPages.writePDF(title: "x", lines: [], to: path) }
    }

    @Test func longAddressesShrinkThenAreCutAndReported() throws {
        let folder = TemporaryFolder()
        let path = folder.file("labels.pdf")
        let long = "Pitkänimisen Rakennuttajaosuuskunnan Hallinnointipalvelut Oy, Kiinteistöosasto"
        let outcome = try LabelSheet.writePDF([entry(1, "Aino Laine", long, "Katu 1", "00100 HELSINKI")],
                                             template: Self.template("avery-l7160"), to: path)
        #expect(outcome.overflowed == ["Aino Laine"])
        let raw = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        #expect(raw.contains("/F1 8 Tf"))
        #expect(raw.contains("\\205) Tj"))  // … in WinAnsi
        #expect(try tool(["qpdf", "--check", path]).status == 0)
        // A moderately long line shrinks but fits.
        let fits = try LabelSheet.writePDF([entry(1, "Aino Laine", "Rakennuttajaosuuskunta Kiinteistö Oy", "00100 HELSINKI")],
                                          template: Self.template("avery-l7160"), to: folder.file("b.pdf"))
        #expect(fits.overflowed.isEmpty)
    }

    @Test func manyPagesStayValid() throws {
        let folder = TemporaryFolder()
        let path = folder.file("labels.pdf")
        let entries = (1...1000).map { entry(Int64($0), "Asiakas \($0)", "Katu \($0)", "00100 HELSINKI") }
        let outcome = try LabelSheet.writePDF(entries, template: Self.template("avery-l7160"), skip: 20, to: path)
        #expect(outcome.pages == 49)  // 20 skipped + 1000 = 1020 slots = 48.6 sheets
        #expect(try tool(["qpdf", "--check", path]).status == 0)
        #expect(try tool(["pdfinfo", path]).stdout.contains("Pages:           49"))
        // Sheets are laid out a batch at a time on other threads: each page holds exactly its
        // own labels, in order, at every batch's edge (8 sheets) and on the last, part-used one.
        for page in [1, 2, 8, 9, 10, 17, 48, 49] {
            let first = page == 1 ? 1 : 21 * (page - 2) + 2, last = min(1000, 21 * (page - 1) + 1)
            let text = try tool(["pdftotext", "-f", "\(page)", "-l", "\(page)", path, "-"]).stdout
            let names = text.split(separator: "\n").filter { $0.hasPrefix("Asiakas ") }.map { String($0) }
            #expect(names == (first...last).map { "Asiakas \($0)" }, "page \(page)")
        }
    }

    @Test func numbersNeverUseADecimalComma() {
        #expect(PDFWriter.number(595.2755) == "595.28")
        #expect(PDFWriter.number(10) == "10")
        #expect(PDFWriter.number(8.5) == "8.5")
        #expect(PDFWriter.number(-0.05) == "-0.05")
    }

    @Test func textAndCSV() {
        let entries = [entry(1, "Åsa Öhman", "=SUM(A1)", "00100 HELSINKI"), entry(2, "Aino; Laine", "Katu 1", "00100 HELSINKI")]
        #expect(LabelSheet.text(entries) == "Åsa Öhman\n=SUM(A1)\n00100 HELSINKI\n\nAino; Laine\nKatu 1\n00100 HELSINKI\n")
        let csv = LabelSheet.csv(entries)
        #expect(csv.hasPrefix("\u{FEFF}number;line1;line2;line3;line4;line5\r\n"))
        #expect(csv.contains("1;Åsa Öhman;'=SUM(A1);00100 HELSINKI;;\r\n"))
        #expect(csv.contains("2;\"Aino; Laine\";Katu 1;00100 HELSINKI;;\r\n"))
    }

    @Test func addressLinesFollowPosti() {
        let today = LocalDate(year: 2025, month: 1, day: 1)!
        var c = Customer(number: 1, firstName: "Hans", lastName: "Muster", street: "Musterstrasse 12", postcode: "8000", town: "Zürich",
                         country: "CH", birthdate: Birthdate(year: 1970, month: 1, day: 1), notes: "salaista", since: today, createdAt: .now, updatedAt: .now)
        #expect(LabelRules.addressLines(c) == ["Hans Muster", "Musterstrasse 12", "8000 ZÜRICH", "SWITZERLAND"])
        c.country = "AX"
        #expect(LabelRules.addressLines(c).last == "8000 ZÜRICH")
        c.bans = [.marketing]
        #expect(LabelRules.exclusion(c, purpose: .marketing) == .marketingBan)
        #expect(LabelRules.exclusion(c, purpose: .service) == nil)
        c.bans = [.publication]
        #expect(LabelRules.exclusion(c, purpose: .service) == .publicationBan)
        c.bans = []
        c.restrictionReason = "x"
        #expect(LabelRules.exclusion(c, purpose: .service) == .restricted)
        c.restrictionReason = nil
        c.street = nil
        #expect(LabelRules.exclusion(c, purpose: .service) == .incompleteAddress)
    }

    /// Every line a label can have, each present and absent: the name; c/o; the organisation; the
    /// PO box in place of the street, or alone; the postcode and town in capitals on one line,
    /// either alone (a line even when both are missing); the country for addresses outside
    /// Finland and Åland, by its English name or, unknown, by its code.
    @Test(arguments: [false, true], [false, true])
    func everyLineOfALabel(_ careOf: Bool, _ organisation: Bool) {
        let today = LocalDate(year: 2025, month: 1, day: 1)!
        for (poBox, street) in [("PL 12", "Kauppakatu 3 B"), ("PL 12", nil), (nil, "Kauppakatu 3 B"), (nil, nil)] as [(String?, String?)] {
            for (postcode, town) in [("40100", "Jyväskylä"), ("40100", nil), (nil, "Jyväskylä"), (nil, nil)] as [(String?, String?)] {
                // A code the country table does not know is printed as it is, in capitals.
                for country in ["FI", "AX", "SE", "QZ"] {
                    var c = Customer(number: 1, firstName: "Äijä", lastName: "Öhman", street: street, postcode: postcode, town: town,
                                     country: country, since: today, createdAt: .now, updatedAt: .now)
                    c.poBox = poBox
                    c.careOf = careOf ? "c/o Åsa Väänänen" : nil
                    c.organisationName = organisation ? "Öljy Oy" : nil
                    var expected = ["Äijä Öhman"]
                    if careOf { expected.append("c/o Åsa Väänänen") }
                    if organisation { expected.append("Öljy Oy") }
                    if let line = poBox ?? street { expected.append(line) }
                    expected.append([postcode, town.map { $0.uppercased() }].compactMap { $0 }.joined(separator: " "))
                    if country == "SE" { expected.append("SWEDEN") }
                    if country == "QZ" { expected.append("QZ") }
                    #expect(LabelRules.addressLines(c) == expected, "\(poBox ?? "-") \(street ?? "-") \(postcode ?? "-") \(town ?? "-") \(country)")
                }
            }
        }
    }
}
