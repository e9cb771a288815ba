import KortistoApp
import KortistoCore
import KortistoExchange
import KortistoStore
import KortistoUI
import TerminalNcurses

/// The full-screen interface: `kortisto` with no arguments, `kortisto tui`, and `kortisto demo`
/// in a terminal. One synchronous loop owns the terminal and the register connection.
enum FullScreen {
    /// Opens the interface's register with `open`, saying what opening it says (an upgrade, a
    /// new register) and why it cannot be opened in the interface's language, as far as it is
    /// known before the register is read (`KORTISTO_LANG`, else the locale). A terminal the
    /// interface cannot run on is said first, so no register is made for it.
    static func opening(_ context: Context, _ open: (Strings) throws -> Register) throws -> (Register, Strings) {
        let strings = Strings.load(Strings.language(environment: context.environment), from: ResourceFiles.locate(environment: context.environment))
        do {
            try Terminal.check(environment: context.environment)
            return (try open(strings), strings)
        } catch let error as CLIError {
            throw error
        } catch let error as TerminalError {
            throw CLIError.failure(strings.say(error.refusal))
        } catch {
            throw CLIError.failure(strings.say(error))
        }
    }

    /// `opening`: the words said while the register was opened, kept when the register's own
    /// language setting asks for the same language (the table is read once).
    static func run(_ register: Register, _ context: Context, opening: Strings) throws -> Int32 {
        // KORTISTO_LANG, else the register's language setting, else the locale.
        var environment = context.environment
        if environment["KORTISTO_LANG"] == nil, let setting = try? register.settings().value(.language) {
            environment["KORTISTO_LANG"] = setting
        }
        let language = Strings.language(environment: environment)
        let resources = ResourceFiles.locate(environment: context.environment)
        let strings = opening.language == language ? opening : Strings.load(language, from: resources)
        let terminal: Terminal
        do {
            terminal = try Terminal.open(environment: context.environment)
        } catch {
            throw CLIError.failure(strings.say(error.refusal))
        }
        defer { terminal.close() }
        let size = terminal.size
        var app = App(data: register, strings: strings, today: context.today, width: size.width, height: size.height,
                      noticeTemplate: PrivacyNotice.template(language.rawValue, from: resources), startWithToday: true)
        if let templates = try? LabelTemplate.all(resources: resources, environment: context.environment) {
            app.labelPrinting = LabelPrinter(register: register, templates: templates, today: context.today,
                                             fontPath: LabelSheet.defaultFontPath(environment: context.environment), home: context.environment["HOME"])
        }
        app.importer = CustomerImporter(register: register, today: context.today, home: context.environment["HOME"])
        app.present = { terminal.draw($0) }
        app.accessReports = AccessReporter(register: register, today: context.today, resources: resources, home: context.environment["HOME"])
        // Keys typed ahead of the screen are all read before it is drawn again, and the list is
        // searched once for them (#20: each letter of a fast burst ran its own search).
        app.typingAhead = true
        while true {
            terminal.draw(app.screen)
            var action = app.update(terminal.nextEvent(tickAfter: app.tickInterval))
            while action == .none, let waiting = terminal.pendingEvent() { action = app.update(waiting) }
            app.flushSearch()
            switch action {
            case .quit: return 0
            case .suspend: terminal.suspend()
            case .none: break
            }
        }
    }
}

extension TerminalError {
    /// What the interface says when it cannot start, as advice: a sentence of the use cases,
    /// which each language table has.
    var refusal: Refusal {
        switch self {
        case .notATerminal: Refusal("the full-screen interface needs a terminal; use the command line instead (kortisto --help)")
        case .dumbTerminal: Refusal("TERM is not set or is 'dumb', so the full-screen interface cannot run; use the command line instead (kortisto --help)")
        case let .unknownType(term):
            Refusal("cannot start the full-screen interface (unknown terminal type '{0}'); use the command line instead (kortisto --help)", term)
        }
    }
}

struct TUICommand: Command {
    static let spec = CommandSpec(
        name: "tui", synopsis: "", summary: "open the full-screen interface (the same as kortisto without a command)",
        details: "Keys: ? in the interface lists them all. KORTISTO_LANG=fi|en chooses the language (default from LANG).")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        // A window at a time: small memory keeps the interface flat at any register size (a
        // mapped page counts as the process's own once touched: 113 MB at 100k, 37 MB small).
        let (register, strings) = try FullScreen.opening(context) { strings in
            try context.openRegister(a, memory: .small) { strings.sentence($0.format, $0.arguments) }
        }
        return try FullScreen.run(register, context, opening: strings)
    }
}
