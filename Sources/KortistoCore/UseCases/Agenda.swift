/// A follow-up due: the contact that set it and whom it concerns.
public struct FollowUp: Sendable, Equatable {
    public var customerNumber: Int64
    public var customerName: String
    public var contact: ContactEvent

    public init(customerNumber: Int64, customerName: String, contact: ContactEvent) {
        self.customerNumber = customerNumber
        self.customerName = customerName
        self.contact = contact
    }
}

/// What needs doing today (`T` in the interface, `kortisto today`): facts, said by each
/// surface in its language, each item leading to its customer.
public struct Agenda: Sendable, Equatable {
    /// Open invoices past their due date, the oldest first (with a limit, the oldest so many).
    public var overdue: [Receivable] = []
    /// Open invoices due from today to the end of the coming week (with a limit, the first so many).
    public var dueThisWeek: [Receivable] = []
    /// How many are overdue and their sum, every one counted.
    public var overdueTotal = ReceivableTotal(count: 0, cents: 0)
    /// How many are due this week and their sum, every one counted.
    public var dueThisWeekTotal = ReceivableTotal(count: 0, cents: 0)
    /// Birthdays today and in the next six days (with a limit, the first so many).
    public var birthdays: [UpcomingBirthday] = []
    /// How many birthdays there are this week, every one counted.
    public var birthdayCount = 0
    /// Follow-ups due today or earlier, not yet answered by a later contact.
    public var followUps: [FollowUp] = []
    /// Data-subject requests due within a week, or late.
    public var requests: [DataRequest] = []
    /// The names of the requests' customers, by number.
    public var requestNames: [Int64: String] = [:]
    /// The yearly retention review has not been done in twelve months.
    public var retentionReviewDue = false

    /// The days "this week" covers: today and the six after it.
    public static let weekDays = 7

    public init() {}

    /// Nothing to do.
    public var isEmpty: Bool {
        overdue.isEmpty && dueThisWeek.isEmpty && birthdays.isEmpty && followUps.isEmpty && requests.isEmpty && !retentionReviewDue
    }

    /// Something is late: what opening the interface shows first (unless the setting turns it off).
    public var hasOverdue: Bool {
        !overdue.isEmpty || followUps.contains { $0.contact.followUp.map { $0 < today } ?? false } || requests.contains { $0.due < today }
    }

    /// The day the agenda was made for.
    public var today = LocalDate(daysSinceEpoch: 0)

    /// The days "this week" spans: today and the six after it.
    public static func thisWeek(from today: LocalDate) -> ReceivableSpan {
        ReceivableSpan(dueFrom: today, dueBefore: today.adding(days: weekDays))
    }

    /// The agenda of `today` read from the register. `limit`: at most so many invoices of each
    /// kind (a screen's worth; the totals count every one), where a listing takes them all.
    public static func make(from data: any RegisterAccess, today: LocalDate, limit: Int? = nil) throws -> Agenda {
        var agenda = Agenda()
        agenda.today = today
        agenda.overdue = try data.receivables(in: .overdue(on: today), after: nil, limit: limit)
        agenda.dueThisWeek = try data.receivables(in: thisWeek(from: today), after: nil, limit: limit)
        agenda.overdueTotal = try data.receivableTotal(in: .overdue(on: today))
        agenda.dueThisWeekTotal = try data.receivableTotal(in: thisWeek(from: today))
        // A screen's worth read, and the rest counted (a million customers have 19,000 birthdays
        // a week: reading them all to show a hundred took most of the view's time).
        if let limit {
            agenda.birthdays = try data.upcomingBirthdays(try data.birthdayPage(from: today, days: weekDays, after: nil, limit: limit))
            agenda.birthdayCount = try data.birthdayCount(from: today, days: weekDays)
        } else {
            let birthdays = try data.birthdayOrder(from: today, days: weekDays)
            agenda.birthdays = try data.upcomingBirthdays(birthdays)
            agenda.birthdayCount = birthdays.count
        }
        agenda.followUps = try data.followUps(through: today)
        agenda.requests = try data.requests(openOnly: true).filter { $0.isDue(within: weekDays, on: today) }
        for request in agenda.requests { agenda.requestNames[request.customerNumber] = try data.card(request.customerNumber)?.customer.fullName }
        // Anyone at all, not everyone counted (1.5 ms at a million).
        agenda.retentionReviewDue = try data.holdsCustomers() && data.retentionReviewDue(on: today)
        return agenda
    }
}
