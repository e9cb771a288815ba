import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// The receivables' figures (how many open invoices a span holds, and their sum) are added up
/// from the days they fall due on, kept in step by triggers (v32). Whatever is written, through
/// the register's calls or plain SQL, the kept days must equal the invoices they count, and
/// every span's figures must equal those read from the invoices themselves.
@Suite struct ReceivableDayTests {
    /// A generated register (its open invoices due on many days, before and after today) with
    /// invoices without a due date beside them.
    static func register() throws -> Fixture {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 1500, organisations: 60, seed: 7, today: f.today)
        let people = try [f.add("Aino", "Laine"), f.add("Åsa", "Öhman")]
        for i in 0..<6 {
            _ = try f.register.addOrder(Order(customerNumber: people[i % 2], date: f.today.adding(days: -40), description: "Hieronta \(i)",
                                              amountCents: 4000 + i, status: .invoiced, invoiceNumber: "90\(i)",
                                              invoiceDate: f.today.adding(days: -40), dueDate: nil))
        }
        return f
    }

    /// Spans of every shape: none, either bound, both, empty, and those the views ask for.
    static func spans(_ today: LocalDate) -> [ReceivableSpan] {
        [.all, .overdue(on: today), .overdue(on: today.adding(days: -30)), Agenda.thisWeek(from: today),
         ReceivableSpan(dueFrom: today.adding(days: -5)), ReceivableSpan(dueFrom: today.adding(days: 30)),
         ReceivableSpan(dueFrom: today.adding(days: -60), dueBefore: today.adding(days: 60)),
         ReceivableSpan(dueFrom: today.adding(days: 5000)), ReceivableSpan(dueFrom: today, dueBefore: today)]
    }

    /// The invoices' own figures for a span (the query before v32): a bound leaves out those
    /// without a due date.
    static func counted(_ r: Register, _ span: ReceivableSpan) throws -> ReceivableTotal {
        try #require(try r.db.first("""
            SELECT count(*), coalesce(sum(amount_cents), 0) FROM customer_order
            WHERE status = 'invoiced' AND (?1 IS NULL OR due_date >= ?1) AND (?2 IS NULL OR due_date < ?2)
            """, [span.dueFrom?.iso, span.dueBefore?.iso]) { ReceivableTotal(count: Int($0.int(0)), cents: Int($0.int(1))) })
    }

    static func expectFiguresTrue(_ r: Register, _ today: LocalDate, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let days = """
            SELECT due_date IS NOT NULL, coalesce(due_date, ''), count(*), sum(amount_cents) FROM customer_order
            WHERE status = 'invoiced' GROUP BY 1, 2
            """
        let stale = try r.db.scalarInt("""
            SELECT (SELECT count(*) FROM (SELECT dated, due_date, invoices, cents FROM receivable_day EXCEPT \(days)))
                 + (SELECT count(*) FROM (\(days) EXCEPT SELECT dated, due_date, invoices, cents FROM receivable_day))
            """)
        #expect(stale == 0, "\(step): kept days that differ from the invoices", sourceLocation: sourceLocation)
        for span in spans(today) {
            #expect(try r.receivableTotal(in: span) == counted(r, span), "\(step): \(span)", sourceLocation: sourceLocation)
        }
    }

    @Test func aGeneratedRegister() throws {
        let f = try Self.register()
        try Self.expectFiguresTrue(f.register, f.today, "as made")
        // The spans are not all alike: some hold many, one nothing, and one the undated too.
        let totals = try Self.spans(f.today).map { try f.register.receivableTotal(in: $0) }
        #expect(Set(totals.map(\.count)).count > 5 && totals.contains { $0.count == 0 } && totals.allSatisfy { $0.count <= totals[0].count })
        #expect(try Self.counted(f.register, .all).count > Self.counted(f.register, ReceivableSpan(dueFrom: f.today.adding(days: -9000))).count)
    }

    /// A batch counts its customers' open invoices on their days once after (the triggers set
    /// aside), on days the register already counts and on days of its own, whether it is
    /// smaller than the register or larger (its indexes set aside too, and the planner's
    /// figures read again: those of the register before it are left far behind).
    @Test(arguments: [40, 10_000])
    func aBatchCountsItsInvoicesOnTheirDays(size: Int) throws {
        let f = try Self.register()
        let today = f.today
        let statement = "SELECT stat FROM sqlite_stat1 WHERE tbl = 'customer' AND idx = 'customer_by_name'"
        let customersBefore = try #require(try f.register.db.first(statement, []) { Int($0.text(0).split(separator: " ")[0]) ?? 0 })
        let records = try (0..<size).map { i in
            var record = CustomerRecord(fields: try CustomerInput(firstName: "Tuomas", lastName: "Ylä-Mäkelä \(i)").validate(today: today))
            if i % 3 != 2 {
                record.orders.append(Order(customerNumber: 0, date: today, description: "Tuotu", amountCents: 100 + i,
                                           status: i % 5 == 0 ? .paid : .invoiced, invoiceNumber: "B\(i)", invoiceDate: today,
                                           dueDate: i % 4 == 0 ? nil : today.adding(days: i % 90 - 45), paidDate: i % 5 == 0 ? today : nil))
            }
            return record
        }
        try f.register.addRecords(records, today: today)
        try Self.expectFiguresTrue(f.register, today, "a batch of \(size)")
        let customersAfter = try #require(try f.register.db.first(statement, []) { Int($0.text(0).split(separator: " ")[0]) ?? 0 })
        if size > customersBefore {
            #expect(customersAfter > 3 * customersBefore, "the planner's figures after a batch larger than the register")
        }
    }

    /// Each kind of write, one after another: the figures stay true after every one.
    @Test func everyKindOfWriteKeepsTheFiguresTrue() throws {
        let f = try Self.register()
        let r = f.register
        let today = f.today
        func open(every: Int) throws -> [Int64] {
            try r.db.rows("SELECT id FROM customer_order WHERE status = 'invoiced' ORDER BY id") { $0.int(0) }
                .enumerated().filter { $0.offset % every == 0 }.map(\.element)
        }
        func correct(every: Int, _ change: (inout Order) -> Void) throws {
            for id in try open(every: every) {
                var order = try r.requireOrder(id)
                change(&order)
                try r.correctOrder(order, on: today)
            }
        }
        let someone = try r.db.rows("SELECT number FROM customer WHERE forgotten_on IS NULL ORDER BY number LIMIT 1") { $0.int(0) }[0]
        let steps: [(String, () throws -> Void)] = [
            ("an invoice due on a new day", {
                _ = try r.addOrder(Order(customerNumber: someone, date: today, description: "Uusi", amountCents: 777, status: .invoiced,
                                         invoiceNumber: "A1", invoiceDate: today, dueDate: today.adding(days: 4321)))
            }),
            ("an invoice due on a day that has some", {
                let day = try #require(try r.db.first("SELECT due_date FROM receivable_day WHERE dated = 1 LIMIT 1 OFFSET 3") { LocalDate(iso: $0.text(0)) })
                _ = try r.addOrder(Order(customerNumber: someone, date: today, description: "Toinen", amountCents: 1, status: .invoiced,
                                         invoiceNumber: "A2", invoiceDate: today, dueDate: day))
            }),
            ("an invoice without a due date", {
                _ = try r.addOrder(Order(customerNumber: someone, date: today, description: "Kolmas", amountCents: 2, status: .invoiced,
                                         invoiceNumber: "A3", invoiceDate: today))
            }),
            ("an order not invoiced", { _ = try r.addOrder(Order(customerNumber: someone, date: today, description: "Tilaus", amountCents: 3)) }),
            ("paid", { for id in try open(every: 7) { try r.payOrder(id, on: today) } }),
            ("payments taken back", {
                for id in try r.db.rows("SELECT id FROM customer_order WHERE status = 'paid' AND invoice_date IS NOT NULL AND id % 3 = 0", [], { $0.int(0) }) {
                    try r.unpayOrder(id, on: today)
                }
            }),
            ("cancelled", { for id in try open(every: 11) { try r.cancelOrder(id, on: today) } }),
            ("into collection and out", {
                for id in try open(every: 13) { try r.setCollection(id, true, date: today) }
                for id in try open(every: 26) { try r.setCollection(id, false, date: today) }
            }),
            ("amounts corrected", { try correct(every: 5) { $0.amountCents += 250 } }),
            ("due dates moved", { try correct(every: 6) { $0.dueDate = $0.dueDate?.adding(days: 3) } }),
            ("due dates taken away", { try correct(every: 9) { $0.dueDate = nil } }),
            ("due dates given", { try correct(every: 1) { if $0.dueDate == nil { $0.dueDate = today } } }),
            ("paid by correcting the status", { try correct(every: 8) { $0.status = .paid; $0.paidDate = today } }),
            ("amounts changed in SQL", { try r.db.execute("UPDATE customer_order SET amount_cents = amount_cents + 1 WHERE id % 3 = 0") }),
            ("due dates changed in SQL", { try r.db.execute("UPDATE customer_order SET due_date = date(due_date, '+1 day') WHERE id % 4 = 0") }),
            ("due dates taken away in SQL", { try r.db.execute("UPDATE customer_order SET due_date = NULL WHERE id % 7 = 0") }),
            ("statuses changed in SQL", {
                try r.db.execute("UPDATE customer_order SET status = 'invoiced' WHERE status IN ('ordered', 'delivered', 'paid') AND id % 2 = 0")
                try r.db.execute("UPDATE customer_order SET status = 'cancelled' WHERE status = 'invoiced' AND id % 5 = 0")
            }),
            ("everything at once in SQL", {
                try r.db.execute("UPDATE customer_order SET status = 'invoiced', due_date = '2030-01-01', amount_cents = 5 WHERE id % 10 = 1")
            }),
            ("nothing changed in SQL", { try r.db.execute("UPDATE customer_order SET status = status, due_date = due_date WHERE id % 2 = 1") }),
            ("orders deleted", { try r.db.execute("DELETE FROM customer_order WHERE id % 9 = 0") }),
            ("a batch added (import) with invoices", {
                var records: [CustomerRecord] = []
                for i in 0..<30 {
                    var record = CustomerRecord(fields: try CustomerInput(firstName: "Tuomas", lastName: "Ylä-Mäkelä \(i)").validate(today: today))
                    record.orders.append(Order(customerNumber: 0, date: today, description: "Tuotu", amountCents: 100 + i,
                                               status: i % 3 == 0 ? .paid : .invoiced, invoiceNumber: "T\(i)", invoiceDate: today,
                                               dueDate: i % 4 == 0 ? nil : today.adding(days: i - 15), paidDate: i % 3 == 0 ? today : nil))
                    records.append(record)
                }
                try r.addRecords(records, today: today)
            }),
            ("forgotten (their orders kept)", {
                let free = try r.db.rows("""
                    SELECT number FROM customer c WHERE forgotten_on IS NULL AND number % 3 = 0
                    AND NOT EXISTS (SELECT 1 FROM customer_order o WHERE o.customer_number = c.number AND (o.status = 'invoiced' OR o.in_collection = 1))
                    LIMIT 40
                    """) { $0.int(0) }
                // Some have another reason to be kept (a legal hold): they are refused.
                let forgotten = free.filter { (try? r.forget($0, on: today)) != nil }
                #expect(forgotten.count > 10)
            }),
            ("expired orders removed", { try r.removeExpiredOrders(today: today.adding(years: 20)) }),
            ("customers deleted with their orders", { try r.db.execute("DELETE FROM customer WHERE number % 31 = 0 AND forgotten_on IS NULL") }),
            ("every open invoice paid", { try r.db.execute("UPDATE customer_order SET status = 'paid' WHERE status = 'invoiced'") }),
        ]
        for (name, step) in steps {
            do { try step() } catch {
                Issue.record("\(name): \(error)")
                throw error
            }
            try Self.expectFiguresTrue(r, today, name)
        }
        #expect(try r.db.scalarInt("SELECT count(*) FROM receivable_day") == 0)
    }

    /// The upgrade to v32 counts the days (the migration's own SQL, on the register taken back to v31).
    @Test func theUpgradeCountsTheDays() throws {
        let f = try Self.register()
        try LabelStandingTests.takeBack(f.register, to: 31)
        #expect(try f.register.db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'receivable_day'") == 0)
        let upgraded = try Register.open(at: f.register.path)
        #expect(try upgraded.schemaVersion() == Register.latestSchemaVersion)
        try Self.expectFiguresTrue(upgraded, f.today, "upgraded")
    }
}
