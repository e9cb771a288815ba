import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// Found: searching `1004`, `#1004`, invoice `69039`, `0866` or `111 0866` found nobody.
@Suite struct FindAnyoneTests {
    static func register() throws -> Fixture {
        let f = try Fixture()
        try f.add("Aino", "Länsiö") { $0.phone = "040 111 0866" }
        try f.add("Eino", "Öhman") { $0.phone = "+46 70 123 4567"; $0.otherPhones = ["work: 09 876 5432"] }
        try f.add("Åke", "Åberg")
        try f.add("Matti", "Virtanen") { $0.phone = "050 222 3333" }
        try f.register.addOrder(Order(customerNumber: 1003, date: f.today, description: "Kurssi", amountCents: 100, status: .invoiced,
                                      invoiceNumber: "69039", invoiceDate: f.today, dueDate: f.today))
        try f.register.addOrder(Order(customerNumber: 1004, date: f.today, description: "Kurssi", amountCents: 100, status: .invoiced,
                                      invoiceNumber: "LASKU-2025-17", invoiceDate: f.today, dueDate: f.today))
        return f
    }

    @Test(arguments: [
        ("1004", ["Matti Virtanen"]), ("#1004", ["Matti Virtanen"]), ("#1002", ["Eino Öhman"]),
        ("69039", ["Åke Åberg"]), ("#69039", ["Åke Åberg"]), ("lasku-2025", ["Matti Virtanen"]), ("202517", ["Matti Virtanen"]),
        ("0866", ["Aino Länsiö"]), ("110866", ["Aino Länsiö"]), ("111 0866", ["Aino Länsiö"]), ("040 111 0866", ["Aino Länsiö"]),
        ("040 111", ["Aino Länsiö"]), ("111", ["Aino Länsiö"]), ("+358 40 111 0866", ["Aino Länsiö"]),
        // Typed digit by digit, a group as written and what follows find it at every key.
        ("111 0", ["Aino Länsiö"]), ("111 08", ["Aino Länsiö"]), ("111 086", ["Aino Länsiö"]), ("10866", ["Aino Länsiö"]),
        ("876", ["Eino Öhman"]), ("876 54", ["Eino Öhman"]), ("09 876", ["Eino Öhman"]),
        ("4567", ["Eino Öhman"]), ("123 4567", ["Eino Öhman"]), ("5432", ["Eino Öhman"]), ("3333", ["Matti Virtanen"]),
        ("9999", []), ("#9999", []),
    ])
    func byNumberInvoiceOrTheLastDigits(_ query: String, _ expected: [String]) throws {
        let f = try Self.register()
        #expect(try f.names(query) == expected, "\(query)")
        #expect(try f.register.countCustomers(matching: SearchQuery(query)) == expected.count)
    }

    /// Kept up to date: a corrected invoice number finds the customer, the old one no longer;
    /// a forgotten customer is found by none of them; a register written before (v19) finds them
    /// after its upgrade.
    @Test func theIndexFollowsCorrectionsAndForgetting() throws {
        let f = try Self.register()
        var order = try #require(try f.register.orders(ofCustomer: 1003).first)
        order.invoiceNumber = "70001"
        try f.register.correctOrder(order, on: f.today, expected: nil)
        #expect(try f.names("70001") == ["Åke Åberg"])
        #expect(try f.names("69039").isEmpty)
        try f.register.payOrder(order.id, on: f.today)
        try f.register.forget(1003, on: f.today)
        #expect(try f.names("70001").isEmpty && f.names("1003").isEmpty)
        // Someone whose name has no word is found by number too.
        let noise = try f.add("-", "")
        #expect(try f.names("#\(noise)").count == 1)
        // A digits-only tag is still a tag with `tag:`.
        try f.add("Liisa", "Ek") { $0.addTags = ["2024"] }
        #expect(try f.names("tag:2024") == ["Liisa Ek"])
    }
}
