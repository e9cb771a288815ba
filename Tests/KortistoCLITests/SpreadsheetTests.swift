import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoCLI

/// Spreadsheets keep what Kortisto writes: the workbook's every cell is text (checked with
/// openpyxl, as LibreOffice and Excel read the same package), and the Excel CSV's phones are
/// grouped so a spreadsheet keeps them as text; a CSV a spreadsheet did change imports with
/// the damage repaired and said.
@Suite struct SpreadsheetTests {
    static func register() -> Shell {
        let sh = Shell()
        sh.run("add", "--first", "Äijä", "--last", "Öljynen", "--phone", "040 123 4567", "--street", "Mannerheimintie 1", "--postcode", "00100",
               "--town", "Helsinki", "--email", "aija@example.fi", "--note", "=SUM(A1:A9) & <b>\"lainaus\"</b>", "--org", "Öljy & Rasva Oy")
        sh.run("add", "--first", "Åsa", "--last", "Åberg", "--phone", "+46 70 123 45 67", "--postcode", "00990", "--other-phone", "work: 09 876 5432")
        sh.run("add", "--first", "Eino", "--last", "Leino")
        return sh
    }

    @Test func theExcelCSVGroupsPhones() {
        let sh = Self.register()
        let csv = sh.run("export", "--format", "csv").out
        #expect(csv.contains(";+358 40 123 4567;") && csv.contains(";+46 701234567;"), "\(csv)")
        #expect(sh.run("export", "--format", "csv", "--plain").out.contains(",+358401234567,"))
    }

    @Test(arguments: [("+358401234567", "+358 40 123 4567"), ("+35891234567", "+358 9 123 4567"), ("+46701234567", "+46 701234567"),
                      ("+12025550123", "+1 2025550123"), ("+3725123456", "+372 5123456"), ("+4915112345678", "+49 15112345678")])
    func phonesGroupedInternationally(_ e164: String, _ grouped: String) {
        #expect(Phone.international(e164) == grouped)
    }

    /// LibreOffice turned `00100` into `100` and `+358401234567` into 358401234567.
    @Test func aCSVASpreadsheetChangedImportsRepaired() throws {
        let sh = Shell()
        let file = sh.folder.file("tallennettu.csv")
        try Data("first_name;last_name;phone;postcode\nÄijä;Öljynen;358401234567;100\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = sh.run("import", file)
        #expect(result.status == 0 && result.err.contains("1 new"), "\(result.err)")
        #expect(result.err.contains("phone 358401234567 → +358401234567") && result.err.contains("postcode 100 → 00100"), "\(result.err)")
        let show = sh.run("show", "1001").out
        #expect(show.contains("040 123 4567") && show.contains("00100"), "\(show)")
    }

    @Test(.enabled(if: ThirdParty.python("openpyxl"), "openpyxl is not installed (pip install openpyxl)"))
    func theWorkbookIsReadCellForCellAsText() throws {
        let sh = Self.register()
        let file = sh.folder.file("asiakkaat.xlsx")
        let written = sh.run("export", "--format", "xlsx", "--out", file)
        #expect(written.status == 0, "\(written.err)")
        // What a spreadsheet shows, cell for cell, with each cell's type and number format.
        let script = """
        import json, sys, openpyxl, zipfile
        assert zipfile.ZipFile(sys.argv[1]).testzip() is None
        book = openpyxl.load_workbook(sys.argv[1])
        sheet = book.active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        kinds = sorted({(c.data_type, c.number_format) for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None})
        print(json.dumps({"title": sheet.title, "rows": rows, "kinds": kinds}))
        """
        let read = try ThirdParty.runPython(script, [file])
        #expect(read.status == 0, "\(read.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[Any]])
        #expect(json["title"] as? String == "Asiakkaat")
        // Every value is the string the CSV holds (phones grouped as in the Excel CSV); empty cells are empty.
        let csv = sh.run("export", "--format", "csv", "--plain").out.split(separator: "\r\n").map { String($0) }
        #expect(rows.count == csv.count)
        let header = try #require(rows.first as? [String])
        #expect(header == csv[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        func cell(_ row: Int, _ column: String) -> String? {
            guard let i = header.firstIndex(of: column) else { return nil }
            return rows[row][i] as? String
        }
        let aija = try #require(rows.indices.first { cell($0, "first_name") == "Äijä" })
        #expect(cell(aija, "postcode") == "00100" && cell(aija, "phone") == "+358 40 123 4567")
        #expect(cell(aija, "notes") == "=SUM(A1:A9) & <b>\"lainaus\"</b>" && cell(aija, "organisation") == "Öljy & Rasva Oy")
        let asa = try #require(rows.indices.first { cell($0, "first_name") == "Åsa" })
        #expect(cell(asa, "postcode") == "00990" && cell(asa, "phone") == "+46 701234567")
        // Strings in the text format only: nothing is a number, a date or a formula.
        #expect((json["kinds"] as? [[String]]) == [["s", "@"]], "\(json["kinds"] ?? "")")
    }

    @Test func aWorkbookIsNotPouredOntoATerminal() {
        let sh = Self.register()
        let out = StringSink(), err = StringSink()
        out.isTerminal = true
        #expect(CLI.run(["export", "--format", "xlsx", "--db", sh.db], environment: sh.environment, stdout: out, stderr: err, input: ScriptedInput([])) == 2)
        #expect(sh.run("export", "--format", "xlsx", "--plain").status == 2)
        let piped = sh.run("export", "--format", "xlsx")
        #expect(piped.status == 0 && piped.out.hasPrefix("PK"))
    }
}
