import Foundation

/// Where a window of the customer list starts.
public enum WindowStart: Sendable, Equatable {
    case first
    /// The last `limit` customers, in list order.
    case last
    /// Customers after this one in list order.
    case after(Customer)
    /// Customers before this one, still returned in list order.
    case before(Customer)
}

/// Everything the customer card shows.
public struct CustomerCard: Sendable, Equatable {
    public var customer: Customer
    public var orders: [Order]
    public var contacts: [ContactEvent]
    public var consents: [ConsentEvent]
    public var lastActivity: LocalDate?
    /// The customer's organisation, when the post reaches them at its address (they have none
    /// of their own).
    public var organisation: Organisation?

    public init(customer: Customer, orders: [Order], contacts: [ContactEvent], consents: [ConsentEvent], lastActivity: LocalDate?) {
        self.customer = customer
        self.orders = orders
        self.contacts = contacts
        self.consents = consents
        self.lastActivity = lastActivity
    }
}

/// Whose birthday falls on which day, in a view's order, before the customer is read.
public struct BirthdayEntry: Sendable, Equatable {
    public var number: Int64
    public var date: LocalDate
    /// The customer's name key as the register keeps it (where the next page starts after them).
    public var key: String

    public init(number: Int64, date: LocalDate, key: String) {
        self.number = number
        self.date = date
        self.key = key
    }
}

/// A birthday coming up: who, on which day, and the age they turn (when the year is known).
public struct UpcomingBirthday: Sendable, Equatable {
    public var customer: Customer
    public var date: LocalDate
    public var turns: Int?

    public init(customer: Customer, date: LocalDate, turns: Int?) {
        self.customer = customer
        self.date = date
        self.turns = turns
    }

    /// The day a birthday falls on in `year`: 29 February is kept on 28 February in common years.
    public static func day(of birthdate: Birthdate, in year: Int) -> LocalDate {
        LocalDate(year: year, month: birthdate.month, day: min(birthdate.day, LocalDate.daysIn(month: birthdate.month, year: year)))!
    }
}

/// What the interactive screens need from the register. The store implements it; the screens
/// stay free of SQL and are tested against a real register file through it.
public protocol RegisterAccess: AnyObject {
    func window(matching query: SearchQuery, from start: WindowStart, limit: Int) throws -> [Customer]
    func count(matching query: SearchQuery) throws -> Int
    /// Whether the register holds anyone (not forgotten): one index entry read, nothing counted.
    func holdsCustomers() throws -> Bool
    func card(_ number: Int64) throws -> CustomerCard?
    func addCustomer(_ changes: CustomerChanges, today: LocalDate) throws -> Int64
    func updateCustomer(_ number: Int64, _ changes: CustomerChanges, expectedRevision: Int64?) throws
    func recordConsent(_ event: ConsentEvent, customer number: Int64) throws -> Bool
    /// Sets (a reason) or lifts (nil) the legal hold that blocks erasure.
    func setLegalHold(_ number: Int64, reason: String?) throws
    /// Sets (a reason) or lifts (nil) the restriction of processing.
    func setRestriction(_ number: Int64, reason: String?) throws
    func addOrder(_ order: Order) throws -> Int64
    func order(_ id: Int64) throws -> Order?
    /// Marks an order paid on `date`, the change recorded as made on `recordedOn`.
    func payOrder(_ id: Int64, on date: LocalDate, recordedOn: LocalDate?) throws
    /// Takes back a payment marked by mistake.
    func unpayOrder(_ id: Int64, on date: LocalDate) throws
    func cancelOrder(_ id: Int64, on date: LocalDate) throws
    /// Writes a corrected order, each changed field into its history; refused when the stored
    /// order is no longer `expected`. Returns what changed.
    @discardableResult func correctOrder(_ corrected: Order, on date: LocalDate, expected: Order?) throws -> [OrderChange]
    /// The corrections of a customer's orders, oldest first.
    func orderChanges(ofCustomer number: Int64) throws -> [OrderChange]
    /// Open invoices, the oldest due date first (with `overdueOn`, only those past due).
    func receivables(overdueOn day: LocalDate?) throws -> [Receivable]
    /// A page of the open invoices of `span` in the same order, from the one after `after`.
    func receivables(in span: ReceivableSpan, after: Order?, limit: Int?) throws -> [Receivable]
    /// How many open invoices `span` holds and their sum.
    func receivableTotal(in span: ReceivableSpan) throws -> ReceivableTotal
    /// Follow-ups due on or before `day` that no later contact has answered.
    func followUps(through day: LocalDate) throws -> [FollowUp]
    func addContact(_ event: ContactEvent, customer number: Int64) throws -> Int64
    /// The coming days' birthdays in order, numbers, days and name keys only (a view reads the
    /// customers of a page at a time).
    func birthdayOrder(from today: LocalDate, days: Int) throws -> [BirthdayEntry]
    /// A page of `birthdayOrder`: at most `limit` entries after `after` (the last of the page
    /// before), read only as far as the page needs.
    func birthdayPage(from today: LocalDate, days: Int, after: BirthdayEntry?, limit: Int) throws -> [BirthdayEntry]
    /// How many birthdays the coming `days` hold (`birthdayOrder`'s length).
    func birthdayCount(from today: LocalDate, days: Int) throws -> Int
    /// The customers of `entries`, in their order.
    func upcomingBirthdays(_ entries: some Collection<BirthdayEntry>) throws -> [UpcomingBirthday]
    func settings() throws -> RegisterSettings
    func setSettings(_ values: [SettingKey: String?]) throws
    func usage() throws -> RegisterUsage
    /// Why the customer cannot be forgotten now (empty when they can), and what forgetting keeps.
    /// The forget plan with what it erases listed (for the confirmation).
    func forgetPreview(_ number: Int64) throws -> ForgetPlan
    /// A number that changes whenever another connection (a second window, a command) has
    /// committed a change since this one last looked.
    func changesElsewhere() throws -> Int64
    @discardableResult func forget(_ number: Int64, on date: LocalDate) throws -> ErasureOutcome
    /// With `stillDue`, only those the review still finds due are forgotten (the list may be old).
    @discardableResult func forgetAll(_ numbers: [Int64], on date: LocalDate, reference: ErasureReference?, stillDue: RetentionPeriod?) throws -> ErasureOutcome
    func requests(ofCustomer number: Int64) throws -> [DataRequest]
    func requests(openOnly: Bool) throws -> [DataRequest]
    func disclosures(ofCustomer number: Int64) throws -> [Disclosure]
    /// The breach log, newest first.
    func breaches() throws -> [Breach]
    func addBreach(_ breach: Breach) throws -> Int64
    /// Who received the customer's data and must hear of a correction or an erasure (Art. 19).
    func recipientsToNotify(_ number: Int64) throws -> [String]
    /// Everyone past the retention period: who is due for forgetting, who is kept and why.
    func retentionReview(_ period: RetentionPeriod, today: LocalDate) throws -> RetentionReview
    /// A page of the review, as the interface shows it: those due (`kept` false) or those kept
    /// with their reasons, after `after`, at most `limit`, in order of last activity and number.
    func retentionPage(_ period: RetentionPeriod, today: LocalDate, kept: Bool, after: RetentionPosition?, limit: Int) throws -> RetentionPage
    /// How many are kept, though past the period (the review's heading above them).
    func retentionKeptCount(_ period: RetentionPeriod, today: LocalDate) throws -> Int
    /// How many order rows of forgotten customers are past the Accounting Act's keeping.
    func expiredOrderCount(today: LocalDate) throws -> Int
    /// Whether the yearly retention review is due on `today`.
    func retentionReviewDue(on today: LocalDate) throws -> Bool
    func markRetentionReviewed(on date: LocalDate) throws
    func participations(ofCustomer number: Int64) throws -> [Participation]
    func feedback(ofCustomer number: Int64) throws -> [Feedback]
    /// Campaigns aimed at the customer, newest first.
    func campaigns(ofCustomer number: Int64) throws -> [Campaign]
    /// Events and trainings, newest first, with how many took part.
    func events(limit: Int) throws -> [(event: Event, participants: Int)]
    /// An event's participants in name order (walk-ins by name only).
    func participants(ofEvent id: Int64) throws -> [Participant]
    func addEvent(_ event: Event) throws -> Int64
    func addFeedback(_ feedback: Feedback) throws -> Int64
    /// Records that a customer took part, with a certificate earned (dated the event's day).
    func attend(event id: Int64, customer number: Int64, certificate: String?, expires: LocalDate?) throws
}

/// A customer whose last activity is old enough to delete under the retention period.
public struct RetentionCandidate: Sendable, Equatable {
    public var customer: Customer
    public var lastActivity: LocalDate

    public init(customer: Customer, lastActivity: LocalDate) {
        self.customer = customer
        self.lastActivity = lastActivity
    }
}

/// Why a customer cannot be forgotten now. Typed, so each surface says it in its language
/// (`blocker.…` in the interface's tables; the command line in English).
public enum ForgetBlocker: Sendable, Equatable {
    case openInvoice(orderID: Int64, invoice: String?, amountCents: Int)
    case inCollection(orderID: Int64, invoice: String?)
    case legalHold(reason: String)

    /// The key in the language tables and the values for its `{0}`, `{1}`.
    public var explanation: (key: String, arguments: [String]) {
        switch self {
        case let .openInvoice(id, invoice, cents): ("blocker.open_invoice", [invoice ?? "#\(id)", Money.display(cents: cents)])
        case let .inCollection(id, invoice): ("blocker.in_collection", [invoice ?? "#\(id)"])
        case let .legalHold(reason): ("blocker.legal_hold", [reason])
        }
    }
}

/// How a forget ended beyond the erasure itself, which has always committed when this is returned.
public struct ErasureOutcome: Sendable, Equatable {
    /// The erasure is in the log beside the register. When false it waits inside the register
    /// and is appended the next time Kortisto opens it (a restore does that first).
    public var logged: Bool
    /// No file holds the person's old data any more. When false another program is reading the
    /// register (a second window); the scrub finishes when it lets go, at the latest when
    /// Kortisto next opens the register.
    public var scrubbed: Bool
    /// Open erasure requests the forget answered and closed.
    public var closedRequests: [Int64]
    /// Who was forgotten (a review forgets only those still due).
    public var forgotten: [Int64]

    public init(logged: Bool, scrubbed: Bool, closedRequests: [Int64], forgotten: [Int64]) {
        self.logged = logged
        self.scrubbed = scrubbed
        self.closedRequests = closedRequests
        self.forgotten = forgotten
    }
}

/// Forgetting one customer, described once: whether it may happen now (what blocks it), what
/// it keeps and whom to tell. Cheap enough to make for every customer of a retention run;
/// `erases` (what the confirmation lists) is filled only when the confirmation asks for it.
/// The command line and the interface each say it in their words.
public struct ForgetPlan: Sendable, Equatable {
    public typealias Blocker = ForgetBlocker

    public var customer: Customer
    public var blockers: [Blocker]
    /// Orders kept without the name (invoice numbers, dates, amounts) so the books still match.
    public var keptOrders: Int
    /// Who received the customer's data and must be told of the erasure.
    public var recipientsToNotify: [String]
    /// What forgetting erases of this customer's data (empty until asked for).
    public var erases: [ErasedData]

    public var isAllowed: Bool { blockers.isEmpty }

    public init(customer: Customer, blockers: [Blocker], keptOrders: Int, recipientsToNotify: [String] = [], erases: [ErasedData] = []) {
        self.customer = customer
        self.blockers = blockers
        self.keptOrders = keptOrders
        self.recipientsToNotify = recipientsToNotify
        self.erases = erases
    }
}

/// Errors the interface can say in its own language: a key of the language tables (`error.…`)
/// and the values for its `{0}`, `{1}` …; nil when only the error's own text will do.
public protocol Explainable: Error {
    var explanation: (key: String, arguments: [String])? { get }
    /// Or a sentence of the use cases (`order {0} is already paid`), with `what` for a sentence
    /// that names a thing (`{0} not found`: `what` is `order {0}`), each translated.
    var sentence: (format: String, arguments: [String], what: Refusal?)? { get }
}

extension Explainable {
    public var sentence: (format: String, arguments: [String], what: Refusal?)? { nil }
}

/// Errors that can say "someone else changed this record meanwhile", so screens can offer
/// reload or overwrite without knowing the store's error type.
public protocol ConflictReporting: Error {
    var isConflict: Bool { get }
}
