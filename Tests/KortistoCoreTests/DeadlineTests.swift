import Testing
@testable import KortistoCore

@Suite struct DeadlineTests {
    func d(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// The examples in the shared privacy notes.
    @Test(arguments: [("2025-01-15", "2025-02-17"), ("2025-01-31", "2025-02-28"), ("2024-01-31", "2024-02-29"), ("2025-03-21", "2025-04-22")])
    func oneMonth(_ received: String, _ due: String) {
        #expect(FinnishCalendar.deadline(from: d(received), months: 1) == d(due))
    }

    @Test func easterDates() {
        #expect(FinnishCalendar.easter(2024) == d("2024-03-31"))
        #expect(FinnishCalendar.easter(2025) == d("2025-04-20"))
        #expect(FinnishCalendar.easter(2026) == d("2026-04-05"))
        #expect(FinnishCalendar.easter(2038) == d("2038-04-25"))
    }

    @Test func holidaysMoveDeadlines() {
        let h = FinnishCalendar.holidays(2025)
        for iso in ["2025-01-01", "2025-01-06", "2025-04-18", "2025-04-21", "2025-05-01", "2025-05-29", "2025-06-20", "2025-12-06",
                    "2025-12-24", "2025-12-25", "2025-12-26"] {
            #expect(h.contains(d(iso)), "\(iso)")
        }
        // Received 24.11. -> 24.12. Christmas Eve, 25., 26. and the weekend: the next working day is Monday 29.12.
        #expect(FinnishCalendar.deadline(from: d("2025-11-24"), months: 1) == d("2025-12-29"))
        // Midsummer Eve 2025 is Friday 20.6.
        #expect(FinnishCalendar.deadline(from: d("2025-05-20"), months: 1) == d("2025-06-23"))
        // Extension: three months from receipt.
        #expect(FinnishCalendar.deadline(from: d("2025-01-15"), months: 3) == d("2025-04-15"))
        // 30.11. + 3 months: 28.2.2026 is a Saturday, so Monday 2.3.
        #expect(FinnishCalendar.deadline(from: d("2025-11-30"), months: 3) == d("2026-03-02"))
    }

    @Test func requestTypes() {
        #expect(RequestType.parse("tarkastus") == .access)
        #expect(RequestType.parse("Erasure") == .erasure)
        #expect(RequestType.parse("refund") == nil)
    }
}
