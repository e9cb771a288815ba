import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// The week's birthdays are read through the days' index entries: the same people, in the same
/// order (day, then as the list is), as reading every customer, for every 13th start day of a
/// year and, from where those steps reach late February or late December, each day to 1 March
/// and to the year's end, with 29 February birthdays (with and without a year) in a common
/// year and a leap year.
@Suite struct BirthdayIndexTests {
    nonisolated(unsafe) static let shared: Fixture = {
        let f = try! Fixture()
        try! f.register.fillSynthetic(customers: 1200, organisations: 40, seed: 3, today: f.today)
        try! f.register.db.execute("UPDATE customer SET birthdate = '--02-29' WHERE number % 101 = 0")
        try! f.register.db.execute("UPDATE customer SET birthdate = '2000-02-29' WHERE number % 103 = 0")
        try! f.register.db.execute("UPDATE customer SET birthdate = '--12-31' WHERE number % 107 = 0")
        for number in stride(from: Int64(1005), through: 2200, by: 89) { _ = try? f.register.forget(number, on: f.today) }
        return f
    }()

    let register: Register

    init() throws {
        register = try Register.open(at: Self.shared.register.path)
    }

    /// Everyone read, each birthday placed on the coming days by hand.
    func plain(from today: LocalDate, days: Int) throws -> [String] {
        var all: [Customer] = []
        try register.forEachCustomer { all.append($0) }
        var found: [(LocalDate, String, Int64, String)] = []
        for c in all {
            guard let birthdate = c.birthdate else { continue }
            for offset in 0..<days {
                let day = today.adding(days: offset)
                let (month, dayOfMonth) = (birthdate.month, birthdate.day)
                let leapDayInCommonYear = month == 2 && dayOfMonth == 29 && !LocalDate.isLeap(day.year) && day.month == 2 && day.day == 28
                if (day.month == month && day.day == dayOfMonth) || leapDayInCommonYear {
                    found.append((day, FinnishOrder.personKey(last: c.lastName, first: c.firstName), c.number, "\(day.iso) \(c.number) \(birthdate.year.map { String(day.year - $0) } ?? "-")"))
                }
            }
        }
        return found.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.3)
    }

    @Test(arguments: [2025, 2028])
    func theWeeksBirthdaysEqualReadingEveryone(_ year: Int) throws {
        var day = LocalDate(year: year, month: 1, day: 1)!
        while day.year == year {
            for days in [7, 30] {
                let indexed = try register.upcomingBirthdays(from: day, days: days).map { "\($0.date.iso) \($0.customer.number) \($0.turns.map(String.init) ?? "-")" }
                #expect(indexed == (try plain(from: day, days: days)), "\(day.iso) +\(days)")
                // Read a page at a time, as the views do: the same birthdays in the same order.
                let order = try register.birthdayOrder(from: day, days: days)
                var paged: [String] = []
                for start in stride(from: 0, to: order.count, by: 7) {
                    paged += try register.upcomingBirthdays(order[start..<min(order.count, start + 7)]).map { "\($0.date.iso) \($0.customer.number) \($0.turns.map(String.init) ?? "-")" }
                }
                #expect(paged == indexed, "\(day.iso) +\(days) in pages")
                // And each page read from where the one before ended, as the views read them,
                // with the count that the today view shows.
                try expectPagesEqual(order, from: day, days: days)
            }
            // Every 13th day; each day from 20 February to 1 March and from 24 December on.
            let next = day.adding(days: 1)
            day = (next.month == 2 && next.day >= 20) || next.month == 3 && next.day == 1 || (next.month == 12 && next.day >= 24) ? next : day.adding(days: 13)
        }
    }

    /// Pages of 1, 7 and 200 entries, each after the last of the one before, make `order`, and
    /// the count is its length.
    func expectPagesEqual(_ order: [BirthdayEntry], from day: LocalDate, days: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for limit in [1, 7, 200] {
            var pages: [BirthdayEntry] = []
            var page = try register.birthdayPage(from: day, days: days, after: nil, limit: limit)
            while !page.isEmpty {
                #expect(page.count <= limit, sourceLocation: sourceLocation)
                pages += page
                page = try register.birthdayPage(from: day, days: days, after: pages.last, limit: limit)
            }
            #expect(pages == order, "\(day.iso) +\(days) in pages of \(limit)", sourceLocation: sourceLocation)
        }
        #expect(try register.birthdayCount(from: day, days: days) == order.count, "\(day.iso) +\(days) counted", sourceLocation: sourceLocation)
    }

    /// A span past a year holds each birthday once, on its first day, a page at a time too.
    @Test func aSpanPastAYearIsPagedAsItIsRead() throws {
        for day in [LocalDate(year: 2027, month: 12, day: 30)!, LocalDate(year: 2028, month: 2, day: 28)!] {
            let order = try register.birthdayOrder(from: day, days: 400)
            #expect(Set(order.map(\.number)).count == order.count && !order.isEmpty)
            try expectPagesEqual(order, from: day, days: 400)
        }
    }

    /// A day's birthdays come from the index alone, in its order: no customer's row is read
    /// and nothing sorted, but for 28 February's two days in a common year (a few rows).
    @Test func aDaysBirthdaysAreReadFromTheIndexAloneInItsOrder() throws {
        func plan(_ days: [String]) throws -> [String] {
            try register.db.rows("EXPLAIN QUERY PLAN " + Register.birthdaysQuery(days: days.count), days) { $0.text(3) }
        }
        for day in ["01-01", "02-29", "12-31"] {
            #expect(try plan([day]) == ["SEARCH customer USING COVERING INDEX customer_by_birthday (<expr>=?)"], "\(day)")
        }
        #expect(try plan(["02-28", "02-29"]).first == "SEARCH customer USING COVERING INDEX customer_by_birthday (<expr>=?)")
    }

    /// A register written by v28 (a fixture) upgraded holds every index a new register holds,
    /// defined the same (v31's birthdays index among them), and its days are read from it alone.
    @Test func anUpgradedRegisterHasTheNewRegistersIndexes() throws {
        func indexes(_ r: Register) throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try r.db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") { ($0.text(0), $0.text(1)) })
        }
        let (folder, upgraded) = try VersionTwentyEightTests.upgraded()
        _ = folder
        let fresh = try Fixture()
        #expect(try indexes(upgraded) == indexes(fresh.register))
        let plan = try upgraded.db.rows("EXPLAIN QUERY PLAN " + Register.birthdaysQuery(days: 1), ["06-15"]) { $0.text(3) }
        #expect(plan == ["SEARCH customer USING COVERING INDEX customer_by_birthday (<expr>=?)"])
    }

    /// No days, or fewer than none: no birthdays.
    @Test(arguments: [0, -1, -30])
    func noDaysHaveNoBirthdays(days: Int) throws {
        #expect(try register.birthdayOrder(from: LocalDate(year: 2025, month: 2, day: 27)!, days: days).isEmpty)
    }

    @Test func theDaysIndexIsUsed() throws {
        let plan = try register.db.rows("EXPLAIN QUERY PLAN SELECT number FROM customer WHERE forgotten_on IS NULL AND birthdate IS NOT NULL AND substr(birthdate, -5) IN (?, ?)", ["02-28", "02-29"]) { $0.text(3) }
        #expect(plan.contains { $0.contains("customer_by_birthday") }, "\(plan)")
    }
}
