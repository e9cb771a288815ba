/// How long a customer is kept after their last activity: years (`retention_years`, five by
/// default) or months (`retention_months`: some notices promise deletion six months after the
/// need ends).
public struct RetentionPeriod: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable { case years, months }

    public var count: Int
    public var unit: Unit

    public init(_ count: Int, _ unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// The day a customer last active on `date` is due for deletion (29.2. + 5 years is 28.2.).
    public func ends(after date: LocalDate) -> LocalDate {
        switch unit {
        case .years: date.adding(years: count)
        case .months: date.adding(months: count)
        }
    }

    /// A day no earlier than the latest last activity that is due on `today`; `ends(after:)`
    /// settles the days between. Slack for the days a shorter month lacks: 31 August + 6 months
    /// is due on 28 February, three days past 28 August.
    public func roughCutoff(_ today: LocalDate) -> LocalDate {
        switch unit {
        case .years: today.adding(years: -count).adding(days: 1)
        case .months: today.adding(months: -count).adding(days: 4)
        }
    }

    /// The key of the words in a language table: `period.years.one` ("{0} vuosi", "{0} year"),
    /// `period.months.other` ("{0} kuukautta", "{0} months"). Every table has all four.
    public var wordsKey: String { "period.\(unit.rawValue).\(count == 1 ? "one" : "other")" }

    /// The period in a language table's words: "1 vuosi", "6 kuukautta", "5 years".
    public func text(_ table: (String) -> String) -> String {
        table(wordsKey).replacingOccurrences(of: "{0}", with: String(count))
    }

    /// For scripts and English messages: "5 years", "1 month".
    public var description: String { "\(count) \(count == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue)" }
}

/// Why an inactive customer is kept instead of listed for forgetting. Each is shown in the
/// review, so that it accounts for everyone past the period.
public enum RetentionKeepReason: Sendable, Equatable, Hashable {
    /// A member whose membership has not ended (kept while a member).
    case currentMember
    /// A data-subject request is open: it must still be answered.
    case openRequest(id: Int64)
    /// Processing is restricted (GDPR Art. 18): the data is kept, often for a claim.
    case restricted
    case legalHold
    case openInvoice(invoice: String)
    case inCollection(invoice: String)

    /// The key in the language tables (`kept.current_member`, …); `argument` fills its `{0}`.
    public var key: String {
        switch self {
        case .currentMember: "kept.current_member"
        case .openRequest: "kept.open_request"
        case .restricted: "kept.restricted"
        case .legalHold: "kept.legal_hold"
        case .openInvoice: "kept.open_invoice"
        case .inCollection: "kept.in_collection"
        }
    }

    public var argument: String {
        switch self {
        case let .openRequest(id): "#\(id)"
        case let .openInvoice(invoice), let .inCollection(invoice): invoice
        case .currentMember, .restricted, .legalHold: ""
        }
    }

    /// For JSON and scripts: `current_member`, `open_request`, …
    public var code: String { String(key.dropFirst("kept.".count)) }
}

/// A customer past the retention period who is kept, with every reason.
public struct KeptCustomer: Sendable, Equatable {
    public var customer: Customer
    public var lastActivity: LocalDate
    public var reasons: [RetentionKeepReason]

    public init(customer: Customer, lastActivity: LocalDate, reasons: [RetentionKeepReason]) {
        self.customer = customer
        self.lastActivity = lastActivity
        self.reasons = reasons
    }
}

/// The yearly review: who is due for forgetting, who is kept and why, and the order rows of
/// forgotten customers that the Accounting Act no longer needs. Its customers hold their own
/// row's fields and their organisation's name (what a list shows), not their tags, links,
/// other contacts or consents: a card opened from the review reads the customer whole.
public struct RetentionReview: Sendable, Equatable {
    public var period: RetentionPeriod
    public var candidates: [RetentionCandidate]
    public var kept: [KeptCustomer]
    /// Orders of forgotten customers past the accounting retention (six years from the end of
    /// the year in which their fiscal year ended).
    public var expiredOrders: Int

    public init(period: RetentionPeriod, candidates: [RetentionCandidate], kept: [KeptCustomer], expiredOrders: Int) {
        self.period = period
        self.candidates = candidates
        self.kept = kept
        self.expiredOrders = expiredOrders
    }
}

/// Where a page of the review ended, for the next one to start after it: the customer's kept
/// last activity (as the register keeps it) and number.
public struct RetentionPosition: Sendable, Equatable {
    public let last: String
    public let number: Int64

    public init(last: String, number: Int64) {
        self.last = last
        self.number = number
    }
}

/// A page of the review: customers due (no reason to keep them: `reasons` empty) or kept, in
/// order of last activity and number; `next`: where the next page starts, nil after the last.
public struct RetentionPage: Sendable, Equatable {
    public var rows: [KeptCustomer]
    public var next: RetentionPosition?

    public init(rows: [KeptCustomer], next: RetentionPosition?) {
        self.rows = rows
        self.next = next
    }
}

/// The Accounting Act's (kirjanpitolaki 2:10 §) keeping of vouchers: six years from the end of
/// the year in which the fiscal year ended.
public enum AccountingRetention {
    /// The first day an order whose newest date (order, invoice, payment) is `date` may be
    /// removed, for a fiscal year ending on `fiscalYearEnd` (day, month) each year.
    public static func removableFrom(_ date: LocalDate, fiscalYearEnd: (day: Int, month: Int)) -> LocalDate {
        // The end of the fiscal year that contains `date`.
        var endYear = date.year
        let endThisYear = LocalDate(year: endYear, month: fiscalYearEnd.month, day: min(fiscalYearEnd.day, LocalDate.daysIn(month: fiscalYearEnd.month, year: endYear)))!
        if date > endThisYear { endYear += 1 }
        return LocalDate(year: endYear + 7, month: 1, day: 1)!
    }

    /// `31.12.` or `30.6.` as the setting stores it.
    public static func parseFiscalYearEnd(_ text: String?) -> (day: Int, month: Int) {
        let parts = (text ?? "").split(separator: ".")
        if parts.count == 2, let day = Int(parts[0]), let month = Int(parts[1]), LocalDate(year: 2001, month: month, day: day) != nil {
            return (day, month)
        }
        return (31, 12)
    }
}
