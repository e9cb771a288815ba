/// Finnish public holidays and the EU rule for periods in months (Reg. 1182/71), for the
/// deadlines of data-subject requests (GDPR Art. 12(3): one month, extendable by two).
public enum FinnishCalendar {
    /// Easter Sunday (Anonymous Gregorian algorithm).
    public static func easter(_ year: Int) -> LocalDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)!
    }

    /// Days on which a deadline cannot fall under the Finnish act on time limits (150/1930):
    /// public holidays plus Midsummer Eve, Christmas Eve and May Day.
    public static func holidays(_ year: Int) -> Set<LocalDate> {
        let easter = easter(year)
        func date(_ month: Int, _ day: Int) -> LocalDate { LocalDate(year: year, month: month, day: day)! }
        /// The first date from `start` that falls on `weekday` (1 = Monday).
        func first(_ weekday: Int, from start: LocalDate) -> LocalDate {
            start.adding(days: (weekday - start.weekday + 7) % 7)
        }
        let midsummerEve = first(5, from: date(6, 19))
        return [
            date(1, 1), date(1, 6), easter.adding(days: -2), easter, easter.adding(days: 1), date(5, 1),
            easter.adding(days: 39), easter.adding(days: 49), midsummerEve, midsummerEve.adding(days: 1),
            first(6, from: date(10, 31)), date(12, 6), date(12, 24), date(12, 25), date(12, 26),
        ]
    }

    public static func isWorkingDay(_ date: LocalDate) -> Bool {
        date.weekday <= 5 && !holidays(date.year).contains(date)
    }

    /// The same day `months` later; the month's last day when that day does not exist; then
    /// moved past weekends and holidays to the next working day.
    public static func deadline(from received: LocalDate, months: Int) -> LocalDate {
        let total = received.month - 1 + months
        let year = received.year + total / 12, month = total % 12 + 1
        var due = LocalDate(year: year, month: month, day: min(received.day, LocalDate.daysIn(month: month, year: year)))!
        while !isWorkingDay(due) { due = due.adding(days: 1) }
        return due
    }
}

/// The rights a data-subject request can invoke.
public enum RequestType: String, CaseIterable, Sendable {
    case access, rectification, erasure, restriction, objection, portability

    public static func parse(_ raw: String) -> RequestType? {
        let text = SearchFolding.fold(raw)
        if let type = RequestType(rawValue: text) { return type }
        switch text {
        case "tarkastus", "tarkastuspyynto": return .access
        case "oikaisu": return .rectification
        case "poisto", "poistaminen", "unohda": return .erasure
        case "rajoitus": return .restriction
        case "vastustus", "vastustaminen": return .objection
        case "siirto": return .portability
        default: return nil
        }
    }
}

/// A data-subject request with its deadline.
public struct DataRequest: Sendable, Equatable {
    public var id: Int64
    public var customerNumber: Int64
    public var type: RequestType
    public var received: LocalDate
    public var due: LocalDate
    public var extensionReason: String?
    public var isOpen: Bool
    public var resolution: String?
    public var note: String?
    public var closedOn: LocalDate?

    public init(id: Int64 = 0, customerNumber: Int64, type: RequestType, received: LocalDate, due: LocalDate,
                extensionReason: String? = nil, isOpen: Bool = true, resolution: String? = nil, note: String? = nil, closedOn: LocalDate? = nil) {
        self.id = id
        self.customerNumber = customerNumber
        self.type = type
        self.received = received
        self.due = due
        self.extensionReason = extensionReason
        self.isOpen = isOpen
        self.resolution = resolution
        self.note = note
        self.closedOn = closedOn
    }

    /// Open and due within `days` days (or already late).
    public func isDue(within days: Int, on today: LocalDate) -> Bool {
        isOpen && due.daysSinceEpoch - today.daysSinceEpoch <= days
    }
}

/// A disclosure of a customer's data to someone outside (to whom, what, when, why).
public struct Disclosure: Sendable, Equatable {
    public var id: Int64
    public var date: LocalDate
    public var recipient: String
    public var what: String
    public var reason: String?
    /// The law that required a disclosure the person had banned (or while processing was restricted).
    public var legalBasis: String?

    public init(id: Int64 = 0, date: LocalDate, recipient: String, what: String, reason: String? = nil, legalBasis: String? = nil) {
        self.id = id
        self.date = date
        self.recipient = recipient
        self.what = what
        self.reason = reason
        self.legalBasis = legalBasis
    }
}
