import Foundation
import KortistoTestSupport
import Testing

/// A sole trader's day in a real terminal: the program opens on what is late, the receivables,
/// paying with a date, correcting an amount, finding by number, today. In Finnish at 80×24
/// and in English at 120×40.
@Suite(.serialized) struct WorkingDayTerminalTests {
    /// Matti (1001) owes an invoice 14 days overdue; Aino (1002) one due in three days.
    static func register(_ folder: TemporaryFolder) throws -> String {
        let db = folder.file("r.sqlite")
        for arguments in [["add", "--first", "Matti", "--last", "Virtanen", "--phone", "040 111 0866"],
                          ["add", "--first", "Aino", "--last", "Länsiö", "--town", "Pori"],
                          ["order", "add", "1001", "--amount", "120", "--description", "Hieronta", "--invoice", "69039",
                           "--invoice-date", "18.5.2025", "--due", "+14"],
                          ["order", "add", "1002", "--amount", "80", "--description", "Kurssi", "--invoice", "69040", "--due", "18.6."]] {
            let r = try Binary.run(arguments + ["--db", db], folder)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
        }
        return db
    }

    static func session(_ folder: TemporaryFolder, db: String, language: String, width: Int, height: Int) throws -> TmuxSession {
        try TmuxSession(width: width, height: height, command: TerminalTests.command(folder, db: db, extra: "KORTISTO_LANG=\(language)"))
    }

    @Test func aDayInFinnishAt80x24() throws {
        let folder = TemporaryFolder()
        let db = try Self.register(folder)
        let tmux = try Self.session(folder, db: db, language: "fi", width: 80, height: 24)
        // Something is late: the program opens on today.
        try tmux.waitFor("Tänään 15.6.2025")
        try tmux.waitFor("Erääntyneet laskut: 1 kpl, 120,00")
        try tmux.keys("q")
        // Who owes: the receivables, the oldest due first; Enter opens Matti.
        try tmux.keys("I")
        try tmux.waitFor("Avoimet laskut: 2 kpl, yhteensä 200,00")
        try tmux.waitFor("14 pv myöhässä")
        try tmux.keys("Enter")
        try tmux.waitFor("#1001")
        // Paid on the 12th: P asks the date.
        try tmux.keys("P")
        try tmux.waitFor("Merkitse maksetuksi: Hieronta")
        try tmux.keys("C-u")
        try tmux.type("12.6.2025")
        try tmux.keys("Enter")
        try tmux.waitFor("Hieronta merkitty maksetuksi 12.6.2025.")
        // The amount was wrong: O corrects it, and the card keeps what it was.
        try tmux.keys("O")
        try tmux.waitFor("Korjaa tilaus: Hieronta")
        try tmux.keys("Tab", "C-u")
        try tmux.type("150,00")
        try tmux.keys("C-s")
        try tmux.waitFor("summa 120,00\u{00A0}€ → 150,00\u{00A0}€")
        try tmux.keys("q")
        try tmux.waitFor("Avoimet laskut: 1 kpl, yhteensä 80,00")
        try tmux.keys("q")
        // Found by number and by the last digits of the phone.
        try tmux.keys("/")
        try tmux.type("#1002")
        try tmux.waitFor("Länsiö, Aino")
        try tmux.keys("Escape", "/")
        try tmux.type("0866")
        try tmux.waitUntil("only Matti") { $0.contains("Virtanen, Matti") && !$0.contains("Länsiö, Aino") }
        try tmux.keys("Enter", "Escape", "T")
        try tmux.waitFor("Tällä viikolla erääntyvät: 1 kpl, 80,00")
        let today = try tmux.waitUntilGone("Erääntyneet laskut")
        #expect(!today.contains("…"))
        try tmux.keys("q", "q")
        try tmux.waitFor("EXITED 0")
        let orders = try Binary.run(["order", "list", "1001", "--format", "json", "--db", db], folder).stdout
        #expect(orders.contains("\"amount_cents\" : 15000") || orders.contains("\"amount_cents\": 15000"), "\(orders)")
        #expect(orders.contains("2025-06-12"))
    }

    @Test func aDayInEnglishAt120x40() throws {
        let folder = TemporaryFolder()
        let db = try Self.register(folder)
        let tmux = try Self.session(folder, db: db, language: "en", width: 120, height: 40)
        try tmux.waitFor("Today 15.6.2025")
        try tmux.waitFor("Overdue invoices: 1, 120,00")
        // Enter on the overdue invoice opens its customer.
        try tmux.keys("Enter")
        try tmux.waitFor("#1001")
        try tmux.keys("P", "Enter")
        try tmux.waitFor("Hieronta marked paid on 15.6.2025.")
        try tmux.keys("O", "Tab", "C-u")
        try tmux.type("150")
        try tmux.keys("C-s")
        try tmux.waitFor("amount 120,00\u{00A0}€ → 150,00\u{00A0}€")
        try tmux.keys("q")
        try tmux.waitUntilGone("Overdue invoices")
        try tmux.keys("q", "I")
        try tmux.waitFor("Open invoices: 1, 80,00")
        try tmux.keys("q", "/")
        try tmux.type("69040")
        try tmux.waitUntil("only Aino") { $0.contains("Länsiö, Aino") && !$0.contains("Virtanen, Matti") }
        try tmux.keys("Enter", "q")
        try tmux.waitFor("EXITED 0")
    }
}
