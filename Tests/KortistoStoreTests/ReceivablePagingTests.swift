import KortistoCore
@testable import KortistoStore
import Testing

/// The receivables read a page at a time, and their headings' figures from the index.
@Suite struct ReceivablePagingTests {
    /// Open invoices on 41 due dates around today, several a day, some without a due date, and
    /// paid, cancelled and plain orders beside them.
    static func register() throws -> Fixture {
        let f = try Fixture()
        let people = try [f.add("Aino", "Laine"), f.add("Eino", "Leino"), f.add("Åsa", "Öhman")]
        for i in 0..<130 {
            let due: LocalDate? = i % 17 == 0 ? nil : f.today.adding(days: (i * 7) % 41 - 20)
            let status: OrderStatus = i % 11 == 3 ? .paid : (i % 13 == 5 ? .cancelled : (i % 19 == 7 ? .ordered : .invoiced))
            _ = try f.register.addOrder(Order(customerNumber: people[i % 3], date: f.today.adding(days: -30), description: "Hieronta \(i)",
                                              amountCents: 1000 + i * 37, status: status, invoiceNumber: status == .ordered ? nil : "7\(i)",
                                              invoiceDate: status == .ordered ? nil : f.today.adding(days: -30), dueDate: due,
                                              paidDate: status == .paid ? f.today : nil))
        }
        return f
    }

    /// Every span's pages, at every page size from one to nine, are its whole list in order;
    /// its total is the count and sum of that list.
    @Test func pagesJoinIntoTheWholeListOfEverySpan() throws {
        let f = try Self.register()
        let open = try f.register.receivables(overdueOn: nil)
        #expect(open.count > 80 && open.contains { $0.order.dueDate == nil })
        // The order worked out here, not by the query under test: no due date first, then by
        // due date, then as added; every invoiced order and nothing else.
        let invoiced = try (1...130).compactMap { try f.register.order(Int64($0)) }.filter { $0.status == .invoiced }
        let expectedOrder = invoiced.sorted { a, b in
            switch (a.dueDate, b.dueDate) {
            case (nil, nil): a.id < b.id
            case (nil, _): true
            case (_, nil): false
            case let (x?, y?): x != y ? x < y : a.id < b.id
            }
        }
        #expect(open.map(\.order.id) == expectedOrder.map(\.id))
        let spans: [ReceivableSpan] = [.all, .overdue(on: f.today), Agenda.thisWeek(from: f.today), ReceivableSpan(dueFrom: f.today.adding(days: -5)),
                                       ReceivableSpan(dueFrom: f.today.adding(days: 30))]
        for span in spans {
            let expected = open.filter { r in
                span == .all || r.order.dueDate.map { due in (span.dueFrom.map { due >= $0 } ?? true) && (span.dueBefore.map { due < $0 } ?? true) } ?? false
            }
            #expect(try f.register.receivables(in: span) == expected, "\(span)")
            #expect(try f.register.receivableTotal(in: span) == ReceivableTotal(count: expected.count, cents: expected.reduce(0) { $0 + $1.order.amountCents }))
            for size in 1...9 {
                var paged: [Receivable] = []
                var after: Order?
                while true {
                    let page = try f.register.receivables(in: span, after: after, limit: size)
                    #expect(page.count <= size)
                    if page.isEmpty { break }
                    paged += page
                    after = page.last!.order
                }
                #expect(paged == expected, "\(span), pages of \(size)")
            }
        }
        #expect(try f.register.receivables(overdueOn: f.today) == open.filter { $0.order.isOverdue(on: f.today) })
    }

    /// The headings' figures are added up from the days the invoices fall due on (v32; before,
    /// the open invoices' index alone), a span's days sought by their key, and a page is read
    /// in the index's own order (no sorting of what a span holds), from the start or after an
    /// invoice.
    @Test func totalsAndPagesReadTheIndexInItsOrder() throws {
        let f = try Self.register()
        let open = try f.register.receivables(overdueOn: nil)
        for span in [ReceivableSpan.all, .overdue(on: f.today), Agenda.thisWeek(from: f.today)] {
            let plan = try f.register.explainReceivableTotal(in: span)
            #expect(plan.allSatisfy { $0.contains("receivable_day") } && !plan.contains { $0.contains("customer_order") }, "\(plan)")
            #expect(span == .all || plan.contains { $0.contains("SEARCH receivable_day USING PRIMARY KEY (dated=? AND due_date>? AND due_date<?)")
                || $0.contains("SEARCH receivable_day USING PRIMARY KEY (dated=? AND due_date<?)") }, "\(plan)")
            for after in [nil, open[0].order, open[40].order] {
                let page = try f.register.explainReceivables(in: span, after: after)
                #expect(page.contains { $0.contains("INDEX customer_order_open") } && !page.contains { $0.contains("TEMP B-TREE") }, "\(page)")
            }
        }
    }
}
