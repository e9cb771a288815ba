import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// Orders can be corrected, and every correction leaves its line in the order's history and the
/// audit log: what changed, from what, when.
@Suite struct OrderCorrectionTests {
    static let d = LocalDate(year: 2025, month: 5, day: 2)!

    static func invoice(_ f: Fixture, _ n: Int64, due: LocalDate = d.adding(days: 14), number: String = "20001") throws -> Int64 {
        try f.register.addOrder(Order(customerNumber: n, date: d, description: "Hieronta 60 min", amountCents: 12000,
                                      status: .invoiced, invoiceNumber: number, invoiceDate: d, dueDate: due))
    }

    func audit(_ f: Fixture, _ id: Int64) throws -> [String] {
        try f.register.db.rows("SELECT action FROM audit_log WHERE entity = 'order' AND entity_id = ? ORDER BY id", [id]) { $0.text(0) }
    }

    /// Every field an edit can change is recorded with its old and new value.
    @Test(arguments: OrderField.allCases)
    func everyFieldChangedIsInTheHistory(_ field: OrderField) throws {
        let f = try Fixture()
        let n = try f.add("Aino", "Laine")
        let id = try Self.invoice(f, n)
        let order = try #require(try f.register.order(id))
        var new = order
        switch field {
        case .date: new.date = Self.d.adding(days: -1)
        case .description: new.description = "Hieronta 90 min"
        case .amount: new.amountCents = 15000
        case .status: new.status = .delivered
        case .invoiceNumber: new.invoiceNumber = "20002"
        case .invoiceDate: new.invoiceDate = Self.d.adding(days: 1)
        case .dueDate: new.dueDate = Self.d.adding(days: 30)
        case .paidDate: new.paidDate = f.today
        case .inCollection: new.inCollection = true
        }
        let changes = try f.register.correctOrder(new, on: f.today, expected: order)
        #expect(changes.map(\.field) == [field])
        #expect(try f.register.order(id) == new)
        let history = try f.register.orderChanges(ofCustomer: n)
        #expect(history == changes)
        #expect(history.map { [String($0.orderID), $0.date.iso, $0.field.rawValue, $0.old ?? "", $0.new ?? ""] }
                == [[String(id), f.today.iso, field.rawValue, field.value(in: order) ?? "", field.value(in: new) ?? ""]])
        #expect(try audit(f, id) == ["add", "edit"])
    }

    @Test func anEditThatChangesNothingWritesNothing() throws {
        let f = try Fixture()
        let id = try Self.invoice(f, try f.add("Aino", "Laine"))
        let order = try #require(try f.register.order(id))
        #expect(try f.register.correctOrder(order, on: f.today, expected: order).isEmpty)
        #expect(try audit(f, id) == ["add"])
    }

    @Test func anEditOverSomeoneElsesChangeIsRefused() throws {
        let f = try Fixture()
        let id = try Self.invoice(f, try f.add("Aino", "Laine"))
        let read = try #require(try f.register.order(id))
        try f.register.payOrder(id, on: f.today)
        var mine = read
        mine.amountCents = 1
        #expect(throws: StoreError.orderChangedElsewhere(order: id)) { try f.register.correctOrder(mine, on: f.today, expected: read) }
        #expect(try f.register.order(id)?.amountCents == 12000)
    }

    /// Paying by mistake is taken back; a paid order is not cancelled before that; each step
    /// is in the history and the audit log.
    @Test func payUnpayAndCancel() throws {
        let f = try Fixture()
        let n = try f.add("Aino", "Laine")
        let id = try Self.invoice(f, n)
        try f.register.setCollection(id, true, date: f.today)
        try f.register.payOrder(id, on: f.today)
        #expect(throws: StoreError.self) { try f.register.cancelOrder(id, on: f.today) }
        try f.register.unpayOrder(id, on: f.today)
        let open = try #require(try f.register.order(id))
        #expect(open.status == .invoiced && open.paidDate == nil && open.isOpenInvoice)
        #expect(throws: StoreError.self) { try f.register.unpayOrder(id, on: f.today) }
        try f.register.cancelOrder(id, on: f.today)
        #expect(try f.register.order(id)?.status == .cancelled)
        #expect(throws: StoreError.self) { try f.register.cancelOrder(id, on: f.today) }
        #expect(throws: StoreError.self) { try f.register.payOrder(id, on: f.today) }
        #expect(try audit(f, id) == ["add", "collection on", "pay", "unpay", "cancel"])
        let statuses = try f.register.orderChanges(ofCustomer: n).filter { $0.field == .status }.map { "\($0.old ?? "")→\($0.new ?? "")" }
        #expect(statuses == ["invoiced→paid", "paid→invoiced", "invoiced→cancelled"])
        // An order paid without ever being invoiced goes back to ordered.
        let cash = try f.register.addOrder(Order(customerNumber: n, date: Self.d, description: "Lahjakortti", amountCents: 5000))
        try f.register.payOrder(cash, on: f.today)
        try f.register.unpayOrder(cash, on: f.today)
        #expect(try f.register.order(cash)?.status == .ordered)
    }

    @Test func receivablesAreOpenInvoicesOldestDueFirst() throws {
        let f = try Fixture()
        let aino = try f.add("Aino", "Laine"), eino = try f.add("Eino", "Leino")
        let late = try Self.invoice(f, eino, due: f.today.adding(days: -10), number: "1")
        let soon = try Self.invoice(f, aino, due: f.today.adding(days: 3), number: "2")
        let paid = try Self.invoice(f, aino, due: f.today.adding(days: -20), number: "3")
        try f.register.payOrder(paid, on: f.today)
        _ = try f.register.addOrder(Order(customerNumber: aino, date: Self.d, description: "Tilaus", amountCents: 100))
        #expect(try f.register.receivables(overdueOn: nil).map(\.order.id) == [late, soon])
        #expect(try f.register.receivables(overdueOn: nil).map(\.customerName) == ["Eino Leino", "Aino Laine"])
        #expect(try f.register.receivables(overdueOn: f.today).map(\.order.id) == [late])
        #expect(try f.register.receivables(overdueOn: f.today).first?.order.daysOverdue(on: f.today) == 10)
    }

    @Test func aFollowUpIsDueUntilALaterContactAnswersIt() throws {
        let f = try Fixture()
        let n = try f.add("Aino", "Laine")
        try f.register.addContact(ContactEvent(date: f.today.adding(days: -5), channel: .phone, note: "Soita takaisin", followUp: f.today.adding(days: -1)), customer: n)
        try f.register.addContact(ContactEvent(date: f.today.adding(days: -5), channel: .email, followUp: f.today.adding(days: 4)), customer: try f.add("Eino", "Leino"))
        #expect(try f.register.followUps(through: f.today).map(\.customerName) == ["Aino Laine"])
        #expect(try f.register.followUps(through: f.today.adding(days: 6)).map(\.customerName) == ["Aino Laine", "Eino Leino"])
        try f.register.addContact(ContactEvent(date: f.today, channel: .sms), customer: n)
        #expect(try f.register.followUps(through: f.today).isEmpty)
    }

    /// An earlier description that named the person goes when they are forgotten; one that did
    /// not stays with the order kept for the books.
    @Test func forgettingScrubsTheHistoryOfDescriptions() throws {
        let f = try Fixture()
        let n = try f.add("Ari", "Virtanen")
        let id = try f.register.addOrder(Order(customerNumber: n, date: Self.d, description: "Virtasen lahjakortti", amountCents: 100,
                                               status: .paid, paidDate: Self.d))
        var order = try #require(try f.register.order(id))
        order.description = "Lahjakortti"
        try f.register.correctOrder(order, on: f.today, expected: nil)
        order.description = "Lahjakortti 2 h"
        try f.register.correctOrder(order, on: f.today, expected: nil)
        #expect(try f.register.forgetPreview(n).erases.contains(.orderTexts))
        try f.register.forget(n, on: f.today)
        let texts = try f.register.orderChanges(ofCustomer: n).flatMap { [$0.old, $0.new] }
        #expect(texts == ["[poistettu]", "Lahjakortti", "Lahjakortti", "Lahjakortti 2 h"])
        #expect(try f.register.order(id)?.description == "Lahjakortti 2 h")
    }
}
