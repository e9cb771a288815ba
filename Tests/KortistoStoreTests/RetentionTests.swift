import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// The retention review: who is due, who is kept and why, and the accounting period of kept orders.
@Suite struct RetentionTests {
    @Test func fiveYearsAfterLastActivity() throws {
        let f = try Fixture()
        let old = try f.add("Vanha", "Asiakas") { $0.since = "1.6.2019" }
        let recent = try f.add("Tuore", "Asiakas") { $0.since = "1.6.2019" }
        try f.register.addContact(ContactEvent(date: LocalDate(year: 2023, month: 1, day: 5)!, channel: .phone), customer: recent)
        let held = try f.add("Pidätetty", "Asiakas") { $0.since = "1.1.2015" }
        try f.register.setLegalHold(held, reason: "Riita")
        let owing = try f.add("Velallinen", "Asiakas") { $0.since = "1.1.2015" }
        let d = LocalDate(year: 2016, month: 1, day: 1)!
        try f.register.addOrder(Order(customerNumber: owing, date: d, description: "x", amountCents: 1, status: .invoiced,
                                      invoiceNumber: "1", invoiceDate: d, dueDate: d))
        let candidates = try f.register.retentionCandidates(years: 5, today: f.today)
        #expect(candidates.map(\.customer.number) == [old])
        #expect(candidates.first?.lastActivity == LocalDate(year: 2019, month: 6, day: 1))
        #expect(try f.register.retentionCandidates(years: 2, today: f.today).map(\.customer.number) == [old, recent])
    }

    @Test func leapDayPlusFiveYearsIsTheTwentyEighth() throws {
        let f = try Fixture()
        let n = try f.add("Karkaus", "Päivä") { $0.since = "29.2.2020" }
        #expect(try f.register.retentionCandidates(years: 5, today: LocalDate(year: 2025, month: 2, day: 27)!).isEmpty)
        #expect(try f.register.retentionCandidates(years: 5, today: LocalDate(year: 2025, month: 2, day: 28)!).map(\.customer.number) == [n])
    }

    /// An open invoice without a number keeps its customer as one with a number does, named by
    /// its order ("#" and the id), in the whole review and in the interface's pages alike.
    @Test func anInvoiceWithoutANumberKeepsItsCustomer() throws {
        let f = try Fixture()
        let n = try f.add("Numeroton", "Lasku") { $0.since = "1.1.2010" }
        let d = LocalDate(year: 2011, month: 1, day: 1)!
        let id = try f.register.addOrder(Order(customerNumber: n, date: d, description: "x", amountCents: 1, status: .invoiced,
                                               invoiceNumber: "1", invoiceDate: d, dueDate: d))
        try f.register.db.run("UPDATE customer_order SET invoice_number = '' WHERE id = ?", id)
        let period = RetentionPeriod(5, .years)
        let review = try f.register.retentionReview(period, today: f.today)
        #expect(review.candidates.isEmpty && review.kept.map(\.reasons) == [[.openInvoice(invoice: "#\(id)")]])
        #expect(try f.register.retentionPage(period, today: f.today, kept: true, after: nil, limit: 5).rows == review.kept)
        #expect(try f.register.retentionPage(period, today: f.today, kept: false, after: nil, limit: 5).rows.isEmpty)
    }

    /// The interface's pages end where the exact calendar rule does: the last day due is on a
    /// page, the day after it (inside the rough range the index is read to) on none, and the
    /// page before it says no page follows.
    @Test func thePagesEndWhereTheCalendarRuleDoes() throws {
        let f = try Fixture()
        let today = LocalDate(year: 2025, month: 2, day: 27)!
        let period = RetentionPeriod(5, .years)
        let due = try f.add("Viimeinen", "Päivä") { $0.since = "27.2.2020" }
        _ = try f.add("Seuraava", "Päivä") { $0.since = "28.2.2020" }
        #expect(period.roughCutoff(today) >= LocalDate(year: 2020, month: 2, day: 28)!, "the day after is read, and left out")
        let first = try f.register.retentionPage(period, today: today, kept: false, after: nil, limit: 1)
        #expect(first.rows.map(\.customer.number) == [due])
        let second = try f.register.retentionPage(period, today: today, kept: false, after: first.next, limit: 1)
        #expect(second.rows.isEmpty && second.next == nil)
        let whole = try f.register.retentionPage(period, today: today, kept: false, after: nil, limit: 2)
        #expect(whole.rows.map(\.customer.number) == [due] && whole.next == nil)
    }

    @Test func forgetAllIsOneStepAndChecksEveryoneFirst() throws {
        let f = try Fixture()
        let a = try f.add("Aaro", "Vanha") { $0.since = "1.1.2010" }
        let b = try f.add("Bea", "Vanha") { $0.since = "1.1.2010" }
        let c = try f.add("Cecilia", "Vanha") { $0.since = "1.1.2010" }
        try f.register.setLegalHold(c, reason: "Riita")
        #expect(throws: StoreError.self) { try f.register.forgetAll([a, b, c], on: f.today, reference: .retentionReview) }
        #expect(try f.register.countCustomers() == 3)
        try f.register.forgetAll([a, b], on: f.today, reference: .retentionReview)
        #expect(try f.register.countCustomers() == 1)
        #expect(try f.register.erasureLog().map(\.customer) == [a, b])
    }

    /// Forgetting many at once (their search terms are deleted before each is erased, by term
    /// and customer): the forgotten keep no term, and everyone else keeps every term they had,
    /// with its name key, terms they shared with the forgotten among them.
    @Test func forgettingManyLeavesEveryoneElsesTermsAsTheyWere() throws {
        let f = try Fixture()
        try f.register.fillSynthetic(customers: 300, organisations: 20, seed: 11, today: f.today)
        var chosen: [Int64] = []
        for number in stride(from: Int64(1001), through: 1300, by: 7) where try f.register.forgetPlan(number).isAllowed { chosen.append(number) }
        #expect(chosen.count > 20)
        /// Every term row: its customer, its term, and the whole row as text to compare.
        func terms() throws -> [(number: Int64, term: String, row: String)] {
            try f.register.db.rows("SELECT customer_number, term, sort_key FROM search_term ORDER BY term, customer_number", []) {
                ($0.int(0), $0.text(1), "\($0.int(0)) \($0.text(1)) \($0.text(2))")
            }
        }
        let before = try terms()
        let gone = Set(chosen)
        // A term held by someone forgotten and someone kept: deleted by the term alone, it would go.
        let termsOfTheForgotten = Set(before.filter { gone.contains($0.number) }.map(\.term))
        #expect(before.contains { !gone.contains($0.number) && termsOfTheForgotten.contains($0.term) })
        try f.register.forgetAll(chosen, on: f.today, reference: .retentionReview)
        let after = try terms()
        #expect(after.allSatisfy { !gone.contains($0.number) })
        #expect(after.map(\.row) == before.filter { !gone.contains($0.number) }.map(\.row))
        #expect(before.count > after.count)
    }
}

/// The review accounts for everyone past the period: due, or kept with every reason.
@Suite struct RetentionReviewTests {
    /// Found: `retention --forget --yes` forgot an active member, a customer whose access request
    /// was still open, and a restricted customer. One customer per reason to keep, each past the
    /// period: none is due, each is listed as kept with exactly its reason.
    @Test func everyReasonToKeepKeepsAndIsShown() throws {
        let f = try Fixture()
        let old = LocalDate(year: 2016, month: 1, day: 1)!
        func inactive(_ first: String, _ configure: (inout CustomerInput) -> Void = { _ in }) throws -> Int64 {
            try f.add(first, "Säilö") { $0.since = "1.1.2015"; configure(&$0) }
        }
        func invoice(_ n: Int64, _ number: String) throws -> Int64 {
            try f.register.addOrder(Order(customerNumber: n, date: old, description: "Kurssi", amountCents: 5000, status: .invoiced,
                                          invoiceNumber: number, invoiceDate: old, dueDate: old.adding(days: 14)))
        }
        let due = try inactive("Erkki")
        let endedMember = try inactive("Elli") { $0.kind = "member"; $0.memberSince = "1.1.2010"; $0.memberUntil = "31.12.2015" }
        var expected: [Int64: [RetentionKeepReason]] = [:]
        for reason in [RetentionKeepReason.currentMember, .openRequest(id: 0), .restricted, .legalHold, .openInvoice(invoice: ""), .inCollection(invoice: "")] {
            switch reason {
            case .currentMember:
                let n = try inactive("Jäsen") { $0.kind = "member"; $0.memberSince = "1.1.2010" }
                expected[n] = [.currentMember]
            case .openRequest:
                let n = try inactive("Pyytäjä")
                let request = try f.register.addRequest(customer: n, type: .access, received: f.today.adding(days: -3), note: nil)
                expected[n] = [.openRequest(id: request.id)]
            case .restricted:
                let n = try inactive("Rajoitettu")
                try f.register.setRestriction(n, reason: "Kiistää tiedot")
                expected[n] = [.restricted]
            case .legalHold:
                let n = try inactive("Pidätetty")
                try f.register.setLegalHold(n, reason: "Riita")
                expected[n] = [.legalHold]
            case .openInvoice:
                let n = try inactive("Velallinen")
                _ = try invoice(n, "7001")
                expected[n] = [.openInvoice(invoice: "7001")]
            case .inCollection:
                let n = try inactive("Perittävä")
                try f.register.setCollection(try invoice(n, "7002"), true)
                expected[n] = [.inCollection(invoice: "7002")]
            }
        }
        #expect(expected.count == 6, "one customer per reason")
        let review = try f.register.retentionReview(RetentionPeriod(5, .years), today: f.today)
        #expect(review.candidates.map(\.customer.number) == [due, endedMember])
        #expect(review.candidates.last?.lastActivity == LocalDate(year: 2015, month: 12, day: 31), "a membership's end is activity")
        #expect(Dictionary(uniqueKeysWithValues: review.kept.map { ($0.customer.number, $0.reasons) }) == expected)
        // The interface's pages, one customer each: the same kept with every reason, the same due.
        for kept in [false, true] {
            var pages: [KeptCustomer] = [], after: RetentionPosition? = nil
            repeat {
                let page = try f.register.retentionPage(RetentionPeriod(5, .years), today: f.today, kept: kept, after: after, limit: 1)
                pages += page.rows
                after = page.next
            } while after != nil
            #expect(pages == (kept ? review.kept : review.candidates.map { KeptCustomer(customer: $0.customer, lastActivity: $0.lastActivity, reasons: []) }))
        }
        // Forgetting what the review lists touches none of them.
        try f.register.forgetAll(review.candidates.map(\.customer.number), on: f.today, reference: .retentionReview)
        for number in expected.keys { #expect(try f.register.customer(number) != nil) }
        #expect(try f.register.retentionReview(RetentionPeriod(5, .years), today: f.today).candidates.isEmpty)
    }

    /// The list a review showed may be old by the time it is confirmed: whoever got an order,
    /// a request or a restriction meanwhile is kept.
    @Test func forgettingTheListChecksEachIsStillDue() throws {
        let f = try Fixture()
        let people = try (1...4).map { i in try f.add("Vanha\(i)", "Säilö") { $0.since = "1.1.2015" } }
        let period = RetentionPeriod(5, .years)
        let listed = try f.register.retentionReview(period, today: f.today).candidates.map(\.customer.number)
        #expect(listed == people)
        try f.register.addOrder(Order(customerNumber: people[0], date: f.today, description: "Uusi tilaus", amountCents: 100))
        try f.register.addRequest(customer: people[1], type: .access, received: f.today, note: nil)
        try f.register.setRestriction(people[2], reason: "Kiistää tiedot")
        let outcome = try f.register.forgetAll(listed, on: f.today, reference: .retentionReview, stillDue: period)
        #expect(outcome.forgotten == [people[3]])
        for kept in people.prefix(3) { #expect(try f.register.customer(kept) != nil) }
    }

    /// A period in months: 31 August + 6 months is the last day of February.
    @Test func aPeriodInMonthsCountsToTheMonthsLastDay() throws {
        let f = try Fixture()
        let n = try f.add("Kuukausi", "Säilö") { $0.since = "31.8.2024" }
        let period = RetentionPeriod(6, .months)
        #expect(try f.register.retentionReview(period, today: LocalDate(year: 2025, month: 2, day: 27)!).candidates.isEmpty)
        #expect(try f.register.retentionReview(period, today: LocalDate(year: 2025, month: 2, day: 28)!).candidates.map(\.customer.number) == [n])
        // The setting: months win, and setting one unit clears the other.
        try f.register.setSettings([.retentionMonths: "6"])
        #expect(try f.register.settings().retentionPeriod == period)
        #expect(try !f.register.settings().isSet(.retentionYears))
        try f.register.setSettings([.retentionYears: "1"])
        #expect(try f.register.settings().retentionPeriod == RetentionPeriod(1, .years))
        #expect(try !f.register.settings().isSet(.retentionMonths))
    }

    /// Orders kept for the books without the name go once the Accounting Act lets them: six years
    /// from the end of the year in which their fiscal year ended; open ones never.
    @Test func ordersKeptForTheBooksGoAfterTheAccountingPeriod() throws {
        let f = try Fixture()
        let n = try f.add("Tilaaja", "Säilö")
        let active = try f.add("Ostaja", "Säilö")
        @discardableResult
        func order(_ customer: Int64, _ date: LocalDate, paid: Bool = true) throws -> Int64 {
            let id = try f.register.addOrder(Order(customerNumber: customer, date: date, description: "Tuote", amountCents: 100, status: .invoiced,
                                                   invoiceNumber: nil, invoiceDate: date, dueDate: date))
            if paid { try f.register.payOrder(id, on: date) }
            return id
        }
        let old = try order(n, LocalDate(year: 2018, month: 5, day: 2)!)          // removable from 1.1.2025
        let newer = try order(n, LocalDate(year: 2019, month: 2, day: 1)!)        // removable from 1.1.2026
        try order(active, LocalDate(year: 2010, month: 1, day: 1)!)               // the person is still a customer: kept
        try f.register.forget(n, on: f.today)
        #expect(try f.register.expiredOrders(today: f.today) == [old])
        #expect(try f.register.retentionReview(RetentionPeriod(5, .years), today: f.today).expiredOrders == 1)
        #expect(try f.register.removeExpiredOrders(today: f.today) == 1)
        #expect(try f.register.orders(ofCustomer: n).map(\.id) == [newer])
        #expect(try f.register.orders(ofCustomer: active).count == 1)
    }
}
