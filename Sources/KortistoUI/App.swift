import Foundation
import KortistoCore
import TUIKit

/// What the terminal loop should do after an event.
public enum AppAction: Sendable, Equatable {
    case none
    case quit
    case suspend
}

/// The whole interactive program (Elm style): an event goes into `update`, `view` draws the
/// state into a Screen. App owns the main list, the stack of screens over it and the message
/// line; the screens own their state and answer keys with effects that only `apply` carries
/// out. The register is reached through `RegisterAccess` synchronously: one loop owns the
/// connection, so reads and writes happen inline, and tests drive the same code against a
/// real register file.
public struct App {
    let data: any RegisterAccess
    public let strings: Strings
    public let today: LocalDate
    public private(set) var width: Int
    public private(set) var height: Int

    var list = ListState()
    /// Screens opened over the main list, the topmost last.
    var stack: [Overlay] = []
    var message: (text: String, isError: Bool)?
    /// Customers in the whole register (title bar); refreshed after adds.
    var registerSize = 0
    /// What `changesElsewhere` said last: another window's changes show within two seconds.
    var lastChangeMark: Int64? = nil

    /// The privacy notice's words in the interface's language (`Resources/notice/`).
    let noticeTemplate: [String: String]?
    /// Access reports for `x` on the card (nil: not available).
    public var accessReports: (any AccessReporting)?
    /// Writes label sheets for `l` (nil: not available, e.g. in a build without them).
    public var labelPrinting: (any LabelPrinting)?
    /// Imports files for `i` (nil: not available).
    public var importer: (any CustomerImporting)?
    /// Shows a screen at once, while `update` is still working (a long import's progress bar).
    /// The terminal loop sets it; tests may collect the screens.
    public var present: ((Screen) -> Void)?
    /// A long job's progress, drawn over whatever is on screen.
    var progress: (label: String, done: Int, total: Int)?
    /// Open requests due within a week (or late), and whether a retention review is due:
    /// shown in the title bar, refreshed after changes.
    var requestsDue = 0
    var retentionReviewDue = false
    /// Keys already waiting are fed before the next screen (the terminal loop sets this): the
    /// search runs once for them all, not once a letter (`/öhrnberg` typed fast was nine
    /// searches). `flushSearch()` runs it before the screen is drawn.
    public var typingAhead = false
    /// A query typed ahead that the list has not been searched for yet.
    var searchPending = false

    /// `startWithToday`: the program is starting (not a test's screen): the today view opens
    /// first when something is late, unless the register's settings turn that off.
    public init(data: any RegisterAccess, strings: Strings, today: LocalDate, width: Int, height: Int,
                noticeTemplate: [String: String]? = nil, startWithToday: Bool = false) {
        self.data = data
        self.strings = strings
        self.noticeTemplate = noticeTemplate
        self.today = today
        self.width = width
        self.height = height
        do {
            registerSize = try data.count(matching: SearchQuery(""))
            reloadList(from: .first)
        } catch { report(error) }
        refreshReminders()
        if startWithToday {
            do {
                // Read once: the view opens on the agenda that said something is late (at a
                // million customers each reading took 3 s).
                if try data.settings().todayOnStart {
                    let agenda = try Agenda.make(from: data, today: today, limit: ItemsState.agendaLimit)
                    if agenda.hasOverdue { apply(ItemsState.open(.today, context, agenda: agenda)) }
                }
            } catch { report(error) }
        }
    }

    /// Searches the list for a query typed ahead, if one waits (before a screen is drawn).
    public mutating func flushSearch() {
        guard searchPending else { return }
        searchPending = false
        reloadList(from: .first)
    }

    /// Keys that only change the text of a line being typed.
    static func editsText(_ key: Key) -> Bool {
        switch key {
        case .character, .backspace, .left, .right, .home, .end, .delete: true
        default: false
        }
    }

    /// Feeds one event; returns what the terminal loop should do next.
    public mutating func update(_ event: TerminalEvent) -> AppAction {
        switch event {
        case let .resize(width, height):
            flushSearch()
            self.width = width
            self.height = height
            reloadList(keeping: true)
            return .none
        case .tick:
            flushSearch()
            tick()
            return .none
        case let .key(key):
            // Anything but more typing on the search line first sees the list searched.
            if searchPending, !(list.searching && stack.isEmpty && Self.editsText(key)) { flushSearch() }
            if key == .ctrl("z") { return .suspend }
            if isTooSmall {
                // The question about unsaved changes cannot be shown here: with a form changed,
                // quitting waits until the window is large enough to ask.
                guard key == .character("q") || key == .ctrl("c") else { return .none }
                if hasUnsavedForm { message = (strings["screen.too_small_unsaved"], true); return .none }
                return .quit
            }
            if key == .ctrl("c") { return requestQuit() }
            message = nil
            return handle(key)
        }
    }

    /// Milliseconds between ticks: every second while something on screen is timed (a
    /// revealed identity code), else every two seconds to see changes made elsewhere (a second
    /// window forgetting the customer shown here must not leave them on this screen).
    public var tickInterval: Int? {
        if case let .card(card) = stack.last, card.revealSecondsLeft > 0 { return 1000 }
        return 2000
    }

    /// Time passed without a key: timed things count down, and changes made elsewhere show.
    private mutating func tick() {
        if case var .card(card) = stack.last, card.revealSecondsLeft > 0 {
            card.revealSecondsLeft -= 1
            stack[stack.count - 1] = .card(card)
        }
        showChangesMadeElsewhere()
    }

    /// Shows what another connection committed since the last look, as after a change made
    /// here; first, a card or access report whose customer is gone (forgotten elsewhere) closes,
    /// saying so, rather than go on showing them. Forms are left alone: saving one already
    /// checks that nobody changed the customer meanwhile.
    mutating func showChangesMadeElsewhere() {
        guard let mark = try? data.changesElsewhere() else { return }
        defer { lastChangeMark = mark }
        guard let last = lastChangeMark, last != mark else { return }
        let shown: Int64?
        switch stack.last {
        case let .card(card)?: shown = card.card.customer.number
        case let .text(view)?: if case let .report(customer, _)? = view.source { shown = customer } else { shown = nil }
        default: shown = nil
        }
        // Only a customer the register says is gone (not one a busy moment failed to read).
        if let shown, case .some(.none) = try? data.card(shown) {
            stack.removeLast()
            message = (strings("message.gone_elsewhere", shown), false)
        }
        refreshAfterChange()
    }

    /// Feeds a script of keys (tests): `app.type("/virt<Enter>")`.
    @discardableResult
    public mutating func type(_ script: String) -> AppAction {
        var last = AppAction.none
        for key in Key.script(script) {
            last = update(.key(key))
            if last == .quit { break }
        }
        return last
    }

    private mutating func handle(_ key: Key) -> AppAction {
        guard let top = stack.last else { return handleList(key) }
        let context = self.context
        switch top {
        case var .card(card): return run(card.update(key, context), writingBack: .card(card))
        case var .form(form): return run(form.update(key, context), writingBack: .form(form))
        case var .help(help): return run(help.update(key, context), writingBack: .help(help))
        case var .birthdays(state): return run(state.update(key, context), writingBack: .birthdays(state))
        case var .retention(state): return run(state.update(key, context), writingBack: .retention(state))
        case var .text(view): return run(view.update(key, context), writingBack: .text(view))
        case var .items(items): return run(items.update(key, context), writingBack: .items(items))
        case let .confirm(confirm):
            stack.removeLast()
            return apply(confirm.answer(key, context))
        }
    }

    /// The topmost screen has handled a key: its new state goes back where it stands, then
    /// what it asked for is done. The one place a screen's state goes back on the stack.
    private mutating func run(_ effects: [Effect], writingBack state: Overlay) -> AppAction {
        stack[stack.count - 1] = state
        return apply(effects)
    }

    /// Does what the screens asked, in order.
    @discardableResult
    mutating func apply(_ effects: [Effect]) -> AppAction {
        var action = AppAction.none
        for effect in effects {
            switch effect {
            case let .push(screen): stack.append(screen)
            case .pop: if !stack.isEmpty { stack.removeLast() }
            case let .closeCard(number):
                if case let .card(card) = stack.last, card.card.customer.number == number { stack.removeLast() }
            case let .say(text): message = (text, false)
            case let .warn(text): message = (text, true)
            case let .report(error): report(error)
            case .refresh: refreshAfterChange()
            case .reloadList: reloadList(keeping: true)
            case let .select(number): select(number)
            case let .job(job): action = apply(run(job))
            case let .fieldErrors(errors):
                if case var .form(form) = stack.last {
                    let said = form.show(errors, strings)
                    stack[stack.count - 1] = .form(form)
                    action = apply(said)
                } else { report(errors) }
            case .quit: return .quit
            }
        }
        return action
    }

    /// Runs a long job, drawing its progress over the screen as it goes; what it asks for
    /// when done is done next, and a failure is said on the message line.
    private mutating func run(_ job: Job) -> [Effect] {
        defer { progress = nil }
        let snapshot = self
        do {
            return try job.work { label, done, total in
                var shown = snapshot
                shown.progress = (label, done, total)
                snapshot.present?(shown.screen)
            }
        } catch let error as ValidationErrors {
            return [.fieldErrors(error)]
        } catch {
            return [.report(error)]
        }
    }

    /// A form somewhere on the stack holds changes not saved.
    var hasUnsavedForm: Bool { stack.contains { if case let .form(form) = $0 { return form.isDirty } else { return false } } }

    /// Ctrl-C, or `q` on the main list: asks first when a form holds unsaved changes.
    mutating func requestQuit() -> AppAction {
        if case .confirm = stack.last { return .quit }
        if hasUnsavedForm {
            stack.append(.confirm(ConfirmState(text: strings["confirm.quit_unsaved"], action: .quit)))
            return .none
        }
        return .quit
    }

    /// Register errors go to the message line: never a crash, never a lost screen. Those the
    /// register can name are said in the interface's language.
    mutating func report(_ error: any Error) {
        message = (strings.say(error), true)
    }
}

/// What can be open over the main list.
enum Overlay {
    /// Which screen this is, whatever its state.
    var screen: Int {
        switch self {
        case .card: 0
        case .form: 1
        case .help: 2
        case .birthdays: 3
        case .confirm: 4
        case .text: 5
        case .retention: 6
        case .items: 7
        }
    }

    case card(CardState)
    case form(FormState)
    case help(HelpState)
    case birthdays(BirthdaysState)
    case confirm(ConfirmState)
    case text(TextViewState)
    case retention(RetentionState)
    case items(ItemsState)
}

/// A read-only, scrollable text (the privacy notice preview).
struct TextViewState {
    var title: String
    var lines: [String]
    var scroll = Scroll()
    /// Where the lines come from when the register can draw them again (after a change).
    var source: TextSource?
}

/// Text views drawn from the register.
enum TextSource: Equatable {
    case breaches
    /// A customer's access report in a language (`l` switches it, `w` writes it to a file).
    case report(customer: Int64, language: String)
}

struct ConfirmState {
    enum Action {
        case quit, discardForm, forget(Int64)
        /// The customers the review listed as due, and its period (checked again as it forgets).
        case forgetAll([Int64], RetentionPeriod)
        /// Lift a ban or give consent (setting a ban is never asked about).
        case consent(ConsentKind, granted: Bool, customer: Int64)
        /// Lift a legal hold or a restriction.
        case clearFlag(PrivacyFlag, customer: Int64)
    }
    var text: String
    var action: Action
}

extension ConfirmState {
    /// `y` (or `k`, kyllä) does what was asked; any other key cancels.
    func answer(_ key: Key, _ context: ScreenContext) -> [Effect] {
        let strings = context.strings, data = context.data, today = context.today
        // Only `y`: `k` is also "up" in every list, and a yes must never come from moving.
        guard key == .character("y") || key == .character("Y") else {
            // Not leaving a form (or the program) is going on with it: nothing to say.
            switch action {
            case .discardForm, .quit: return []
            default: return [.say(strings["message.cancelled"])]
            }
        }
        switch action {
        case .quit:
            return [.quit]
        case .discardForm:
            return [.pop, .refresh]
        case let .forget(number):
            do {
                let recipients = try data.forgetPreview(number).recipientsToNotify
                let outcome = try data.forget(number, on: today)
                // The card of a forgotten customer has nothing left to show.
                return [.closeCard(number),
                        .say(strings("message.forgotten", number)
                             + (recipients.isEmpty ? "" : " " + strings("message.tell_recipients", recipients.joined(separator: ", ")))
                             + context.pendingErasureWork(outcome)),
                        .refresh]
            } catch { return [.report(error)] }
        case let .consent(kind, granted, number):
            return context.recordConsent(kind, granted: granted, customer: number)
        case let .clearFlag(flag, number):
            do {
                try context.storeFlag(flag, reason: nil, customer: number)
                return context.flagChanged(flag, set: false, customer: number)
            } catch { return [.report(error)] }
        case let .forgetAll(numbers, period):
            do {
                // The review is made again as it forgets: whoever became active meanwhile stays.
                let outcome = try data.forgetAll(numbers, on: today, reference: .retentionReview, stillDue: period)
                return [.say(strings("message.forgotten_all", outcome.forgotten.count)
                             + (outcome.forgotten.count < numbers.count ? " " + strings("message.no_longer_due", numbers.count - outcome.forgotten.count) : "")
                             + context.pendingErasureWork(outcome)),
                        .refresh]
            } catch { return [.report(error)] }
        }
    }
}
