import Foundation
import KortistoTestSupport
import Testing
@testable import KortistoCLI

/// `kortisto query` answers a mail program's address query as abook and khard do: a first
/// line, then `address<TAB>name<TAB>info` per e-mail; restricted people are left out.
@Suite struct QueryTests {
    static func register() -> Shell {
        let sh = Shell()
        sh.run("add", "--first", "Äijä", "--last", "Öljynen", "--email", "aija@example.fi", "--org", "Öljy Oy", "--other-email", "work: aija.oljynen@oljy.example.fi")
        sh.run("add", "--first", "Eino", "--last", "Öljynen")                                   // no e-mail
        sh.run("add", "--first", "Åsa", "--last", "Öljynen", "--email", "asa@example.fi")
        sh.run("restrict", "1003", "--reason", "Kiistää tietojensa oikeellisuuden")
        sh.run("add", "--first", "Matti", "--last", "Virtanen", "--email", "matti@example.fi")
        sh.run("ban", "1004", "direct-marketing")                                              // writing to him is service
        return sh
    }

    @Test func everyAddressOfEveryoneFoundButTheRestricted() {
        let sh = Self.register()
        let result = sh.run("query", "oljynen")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "Kortisto: 2 address(es) of 1 people\n"
                + "aija@example.fi\tÄijä Öljynen\tÖljy Oy\n"
                + "aija.oljynen@oljy.example.fi\tÄijä Öljynen\twork, Öljy Oy\n", "\(result.out)")
        // Diacritics as search ignores them, several words, a ban that is not a restriction.
        #expect(sh.run("query", "aija", "öljy").out.split(separator: "\n").count == 3)
        #expect(sh.run("query", "virtanen").out.contains("matti@example.fi\tMatti Virtanen\t"))
        #expect(!sh.run("query", "åsa").out.contains("asa@example.fi"))
    }

    @Test func aercGetsAddressesOnlyAndNobodyIsExitOne() {
        let sh = Self.register()
        #expect(sh.run("query", "--remove-first-line", "virtanen").out == "matti@example.fi\tMatti Virtanen\t\n")
        let none = sh.run("query", "eino")
        #expect(none.status == 1 && none.out == "Kortisto: no e-mail address matches 'eino'\n")
        #expect(sh.run("query").status == 2)
    }
}
