import Foundation
import KortistoTestSupport
import Testing

/// A vCard file is imported from disk a part at a time, and from a pipe whole.
@Suite struct VCardImportProcessTests {
    /// Several parts' worth of cards: from disk and from a pipe, the same customers, all of them
    /// counted, and the same report.
    @Test func aFileOfManyPartsImportsAsAPipeOfTheSameCards() throws {
        let folder = TemporaryFolder()
        let made = try Binary.shell("cd \(folder.path) && $K generate --count 6000 --seed 5 --db source.sqlite >/dev/null "
                                    + "&& $K export --format vcf --out cards.vcf --db source.sqlite", folder)
        #expect(made.status == 0, "\(made.stderr)")
        let file = try Data(contentsOf: URL(fileURLWithPath: folder.file("cards.vcf")))
        #expect(file.count > 2 << 20, "more parts than are read at once")
        let cards = String(decoding: file, as: UTF8.self).components(separatedBy: "BEGIN:VCARD").count - 1
        var reports: [String] = [], registers: [String] = []
        for (name, line) in [("disk", "$K import cards.vcf"), ("pipe", "cat cards.vcf | $K import -")] {
            let imported = try Binary.shell("cd \(folder.path) && \(line) --db \(name).sqlite", folder)
            #expect(imported.status == 0, "\(name): \(imported.stderr)")
            #expect(imported.stderr.contains("Read \(cards) vCard(s)."), "\(name): \(imported.stderr)")
            #expect(imported.stderr.contains("Imported: \(cards) new"), "\(name): \(imported.stderr)")
            reports.append(imported.stderr.replacingOccurrences(of: name, with: "register"))
            let listed = try Binary.run(["export", "--format", "csv", "--plain", "--db", folder.file("\(name).sqlite")], folder)
            #expect(listed.status == 0)
            #expect(listed.stdout.split(whereSeparator: \.isNewline).count == cards + 1)
            registers.append(listed.stdout)
        }
        #expect(reports[0] == reports[1])
        #expect(registers[0] == registers[1])
    }
}
