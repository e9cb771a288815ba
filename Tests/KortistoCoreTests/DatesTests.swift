import Testing
@testable import KortistoCore

@Suite struct DateInputTests {
    let today = LocalDate(year: 2025, month: 6, day: 15)!

    @Test(arguments: ["12.4.1985", "12.4.85", "1985-04-12", "12.04.1985"])
    func birthdateForms(_ raw: String) throws {
        #expect(try DateInput.birthdate(raw, today: today)?.iso == "1985-04-12")
    }

    @Test func birthdateWithoutYear() throws {
        let b = try DateInput.birthdate("12.4.", today: today)
        #expect(b?.iso == "--04-12")
        #expect(b?.year == nil)
        #expect(try DateInput.birthdate("29.2.", today: today)?.iso == "--02-29")
    }

    @Test func twoDigitBirthYearIsInThePast() throws {
        #expect(try DateInput.birthdate("1.1.20", today: today)?.year == 2020)
        #expect(try DateInput.birthdate("1.1.30", today: today)?.year == 1930)
    }

    @Test(arguments: ["31.4.1985", "29.2.2023", "1.13.1985", "1985-02-30", "12/4/1985", "huomenna", "1.1.12345"])
    func refusesNonDates(_ raw: String) {
        #expect(throws: FieldError.self) { try DateInput.birthdate(raw, today: today) }
    }

    @Test func refusesFutureBirthdate() {
        #expect { try DateInput.birthdate("16.6.2025", today: today) } throws: { ($0 as? FieldError)?.message.contains("future") == true }
    }

    @Test func orderDates() throws {
        #expect(try DateInput.parse("1.2.25", field: "date", today: today) == LocalDate(year: 2025, month: 2, day: 1))
        #expect(try DateInput.parse("today", field: "date", today: today) == today)
        #expect(throws: FieldError.self) { try DateInput.parse("1.2.", field: "date", today: today) }
    }
}

@Suite struct LocalDateTests {
    @Test func weekdays() {
        #expect(LocalDate(year: 2025, month: 4, day: 21)!.weekday == 1) // Easter Monday 2025
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.weekday == 4)
        #expect(LocalDate(year: 2024, month: 2, day: 29)!.weekday == 4)
    }

    @Test func epochRoundTrip() {
        for days in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test func leapDayPlusYears() {
        #expect(LocalDate(year: 2024, month: 2, day: 29)!.adding(years: 5).iso == "2029-02-28")
        #expect(LocalDate(year: 2024, month: 2, day: 29)!.adding(years: 4).iso == "2028-02-29")
    }

    @Test func age() {
        let b = Birthdate(year: 1985, month: 4, day: 12)!
        #expect(b.age(on: LocalDate(year: 2025, month: 4, day: 11)!) == 39)
        #expect(b.age(on: LocalDate(year: 2025, month: 4, day: 12)!) == 40)
        #expect(Birthdate(year: nil, month: 4, day: 12)!.age(on: LocalDate(year: 2025, month: 4, day: 12)!) == nil)
    }
}

@Suite struct ISODateParsingTests {
    @Test func readsExactlyTheStoredForm() {
        #expect(LocalDate(iso: "2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(iso: "2023-02-29") == nil)
        #expect(LocalDate(iso: "2024-2-9") == LocalDate(year: 2024, month: 2, day: 9))
        for bad in ["2024-02-2x", "20240229", "2024/02/29", "", "-024-02-29", "2024-13-01"] { #expect(LocalDate(iso: bad) == nil, "\(bad)") }
        #expect(LocalDate(iso: "1985-04-12")?.iso == "1985-04-12")
        #expect(Birthdate(iso: "--04-12")?.iso == "--04-12")
    }
}

@Suite struct RetentionPeriodTests {
    @Test func monthsKeepTheDayOrTakeTheMonthsLast() {
        let d = { (y: Int, m: Int, day: Int) in LocalDate(year: y, month: m, day: day)! }
        #expect(d(2024, 8, 31).adding(months: 6) == d(2025, 2, 28))
        #expect(d(2023, 8, 31).adding(months: 6) == d(2024, 2, 29))
        #expect(d(2025, 1, 15).adding(months: 12) == d(2026, 1, 15))
        #expect(d(2025, 3, 31).adding(months: -1) == d(2025, 2, 28))
        #expect(d(2025, 1, 10).adding(months: -13) == d(2023, 12, 10))
    }

    /// The words come from the language tables, one form for one and another for more.
    @Test func periodsInBothLanguages() {
        let fi = ["period.years.one": "{0} vuosi", "period.years.other": "{0} vuotta", "period.months.one": "{0} kuukausi", "period.months.other": "{0} kuukautta"]
        let text = { (p: RetentionPeriod) in p.text { fi[$0] ?? $0 } }
        #expect(text(RetentionPeriod(1, .years)) == "1 vuosi")
        #expect(text(RetentionPeriod(5, .years)) == "5 vuotta")
        #expect(text(RetentionPeriod(1, .months)) == "1 kuukausi")
        #expect(text(RetentionPeriod(6, .months)) == "6 kuukautta")
        #expect(RetentionPeriod(1, .years).description == "1 year")
        #expect(RetentionPeriod(6, .months).description == "6 months")
    }

    /// Six years from the end of the year in which the fiscal year ended (kirjanpitolaki 2:10 §).
    @Test func accountingRetentionFollowsTheFiscalYear() {
        let d = { (y: Int, m: Int, day: Int) in LocalDate(year: y, month: m, day: day)! }
        #expect(AccountingRetention.removableFrom(d(2018, 5, 2), fiscalYearEnd: (31, 12)) == d(2025, 1, 1))
        #expect(AccountingRetention.removableFrom(d(2018, 12, 31), fiscalYearEnd: (31, 12)) == d(2025, 1, 1))
        #expect(AccountingRetention.removableFrom(d(2018, 6, 30), fiscalYearEnd: (30, 6)) == d(2025, 1, 1))
        #expect(AccountingRetention.removableFrom(d(2018, 7, 1), fiscalYearEnd: (30, 6)) == d(2026, 1, 1))
    }
}
