import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import KortistoUI
import Testing
import TUIKit
@testable import KortistoCLI

/// The interface's `i` dialog with the real importer and a real register.
@Suite struct ImportDialogTests {
    @Test func previewThenImportWithInvalidRowsLeftOut() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        let file = folder.file("asiakkaat.csv")
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KortistoExchangeTests/Fixtures/csv").path
        try FileManager.default.copyItem(atPath: fixtures + "/02-excel-fi-cp1252-semicolon.csv", toPath: file)
        var app = App(data: register, strings: Strings.load(.en, from: ResourceFolder.locate()), today: today, width: 100, height: 30)
        app.importer = CustomerImporter(register: register, today: today)
        app.type("i\(file)<C-p>")
        let preview = app.screen.text
        #expect(preview.contains("Read 4 row(s) (cp1252, ';')"))
        #expect(preview.contains("Would import: 3 new, 0 duplicate(s) (skip), 1 invalid, 1 repair(s)."))
        #expect(preview.contains("line 2: phone: '3,58401E+11'"))
        // Invalid rows stop the import until the user says to leave them out.
        app.type("q<C-s>")
        #expect(app.screen.text.contains("1 row(s) are invalid"))
        #expect(try register.countCustomers() == 0)
        // The failed save put the cursor on the field that needs an answer.
        app.type("<C-u>yes<C-s>")
        #expect(app.screen.text.contains("Imported: 3 new"))
        #expect(try register.countCustomers() == 3)
        #expect(app.screen.text.contains("3 customers"))
    }
}
