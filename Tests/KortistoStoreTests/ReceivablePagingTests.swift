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

    /// The headings' figures are read from the open invoices' index alone.
    @Test func totalsReadTheIndexAlone() throws {
        let f = try Self.register()
        for span in [ReceivableSpan.all, .overdue(on: f.today), Agenda.thisWeek(from: f.today)] {
            let plan = try f.register.explainReceivableTotal(in: span)
            #expect(plan.contains { $0.contains("COVERING INDEX customer_order_open") }, "\(plan)")
        }
    }
}
