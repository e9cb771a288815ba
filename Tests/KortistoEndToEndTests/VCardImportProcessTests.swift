import Foundation
import KortistoTestSupport
import Testing

/// A vCard file is imported from disk a part at a time, and from a pipe whole.
@Suite struct VCardImportProcessTests {
    /// Several parts' worth of cards: from disk, from a pipe and from a process substitution
    /// (read whole, as it cannot be read twice), the same customers, all counted, one report.
    @Test func aFileOfManyPartsImportsAsAPipeOfTheSameCards() throws {
        let folder = TemporaryFolder()
        let made = try Binary.shell("cd \(folder.path) && $K generate --count 6000 --seed 5 --db source.sqlite >/dev/null "
                                    + "&& $K export --format vcf --out cards.vcf --db source.sqlite", folder)
        #expect(made.status == 0, "\(made.stderr)")
        let file = try Data(contentsOf: URL(fileURLWithPath: folder.file("cards.vcf")))
        #expect(file.count > 2 << 20, "more parts than are read at once")
        let cards = String(decoding: file, as: UTF8.self).components(separatedBy: "BEGIN:VCARD").count - 1
        var reports: [String] = [], registers: [String] = []
        for (name, line) in [("disk", "$K import cards.vcf"), ("pipe", "cat cards.vcf | $K import -"),
                             ("substitution", "$K import <(cat cards.vcf)")] {
            let imported = try Binary.shell("cd \(folder.path) && \(line) --db \(name).sqlite", folder)
            #expect(imported.status == 0, "\(name): \(imported.stderr)")
            #expect(imported.stderr.contains("Read \(cards) vCard(s)."), "\(name): \(imported.stderr)")
            #expect(imported.stderr.contains("Imported: \(cards) new"), "\(name): \(imported.stderr)")
            // Without the progress bar, drawn as far as it had come when it was drawn.
            reports.append(imported.stderr.split(separator: "\n").filter { !$0.contains("Importing [") }.joined(separator: "\n")
                .replacingOccurrences(of: name, with: "register"))
            let listed = try Binary.run(["export", "--format", "csv", "--plain", "--db", folder.file("\(name).sqlite")], folder)
            #expect(listed.status == 0)
            #expect(listed.stdout.split(whereSeparator: \.isNewline).count == cards + 1)
            registers.append(listed.stdout)
        }
        #expect(Set(reports).count == 1, "\(reports)")
        #expect(Set(registers).count == 1)
    }

    /// A spreadsheet that is not a regular file (`<(…)`) is read once, whole: its header too.
    @Test func aSpreadsheetFromAProcessSubstitutionKeepsItsHeader() throws {
        let folder = TemporaryFolder()
        try Data("etunimi;sukunimi;sähköposti\nÄijä;Öhman;aija@example.fi\nÅsa;Kärkkäinen;asa@example.fi\n".utf8)
            .write(to: URL(fileURLWithPath: folder.file("people.csv")))
        for line in ["$K import people.csv --db disk.sqlite", "$K import <(cat people.csv) --db substitution.sqlite"] {
            let imported = try Binary.shell("cd \(folder.path) && \(line)", folder)
            #expect(imported.status == 0, "\(line): \(imported.stderr)")
            #expect(imported.stderr.contains("Imported: 2 new"), "\(line): \(imported.stderr)")
        }
    }
}
