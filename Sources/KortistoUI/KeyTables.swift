import KortistoCore
import TUIKit

/// What a privacy key does, the same on the list and on the card.
enum PrivacyKey: Sendable, Equatable {
    case consent(ConsentKind)
    case flag(PrivacyFlag)
}

/// What a key does on the main list.
enum ListCommand: Sendable, Equatable {
    case down, up, pageDown, pageUp, first, last, search, clearSearch, open
    case add, edit, order, contact, tags, forget
    case birthdays, settings, requests, breaches, retention, labels, events, importFile, receivables, today
    case help, quit
    case privacy(PrivacyKey)
}

/// What a key does in a list of people opened over the main list (birthdays, the review).
enum PeopleListCommand: Sendable, Equatable {
    case down, up, pageDown, pageUp, first, last, open, add, forget, forgetAll, help, back

    /// The cursor move this command is, if it is one (a page is `page` rows).
    func move(page: Int) -> Selection.Move? {
        switch self {
        case .down: .down
        case .up: .up
        case .pageDown: .pageDown(page)
        case .pageUp: .pageUp(page)
        case .first: .top
        case .last: .bottom
        case .open, .add, .forget, .forgetAll, .help, .back: nil
        }
    }
}

/// What a key does in a form.
enum FormCommand: Sendable, Equatable { case next, previous, enter, save, notice, preview, cancel }

/// What a key does on a customer's card.
enum CardCommand: Sendable, Equatable {
    case down, up, pageDown, pageUp, back
    case pay, newOrder, editOrder, edit, contact, tags, attend, feedback, report, reveal, forget
    case help
    case privacy(PrivacyKey)
}

extension App {
    /// The privacy keys: bans (`p` publication, `m` direct marketing, `s` market research,
    /// `d` disclosure), consents (`u` newsletter, `M` SMS marketing), `H` legal hold, `L`
    /// restriction of processing. Footers show the two most used.
    static func privacyBindings<C>(_ command: (PrivacyKey) -> C) -> [KeyBinding<C>] {
        [
            KeyBinding([.character("p")], footer: "key.pub_ban", help: "help.pub_ban", command(.consent(.publication))),
            KeyBinding([.character("m")], footer: "key.mkt_ban", help: "help.mkt_ban", command(.consent(.marketing))),
            KeyBinding([.character("s")], help: "help.research_ban", command(.consent(.research))),
            KeyBinding([.character("d")], help: "help.disclosure_ban", command(.consent(.disclosure))),
            KeyBinding([.character("u")], help: "help.newsletter", command(.consent(.newsletter))),
            KeyBinding([.character("M")], help: "help.sms_consent", command(.consent(.sms))),
            KeyBinding([.character("H")], help: "help.legal_hold", command(.flag(.legalHold))),
            KeyBinding([.character("L")], help: "help.restriction", command(.flag(.restriction))),
        ]
    }

    /// The consent keys by character (every consent kind has one: a test holds them together).
    static var consentKeys: [Character: ConsentKind] {
        var keys: [Character: ConsentKind] = [:]
        for binding in privacyBindings({ $0 }) {
            if case let .consent(kind) = binding.command, case let .character(c)? = binding.keys.first { keys[c] = kind }
        }
        return keys
    }

    static let listKeys = KeyMap<ListCommand>([
        KeyBinding([.down, .character("j")], "↑↓ k j", help: "help.move", .down),
        KeyBinding([.up, .character("k")], "", help: "", .up),
        KeyBinding([.pageDown, .ctrl("f")], "PgUp PgDn", help: "help.page", .pageDown),
        KeyBinding([.pageUp, .ctrl("b")], "", help: "", .pageUp),
        KeyBinding([.home, .character("g")], "Home End g G", help: "help.ends", .first),
        KeyBinding([.end, .character("G")], "", help: "", .last),
        KeyBinding([.character("/")], help: "help.search", .search),
        KeyBinding([.escape], "", help: "", .clearSearch),
        KeyBinding([.enter], help: "help.open_card", .open),
        KeyBinding([.character("a")], footer: "key.add", help: "help.add", .add),
        KeyBinding([.character("e")], footer: "key.edit", help: "help.edit", .edit),
        KeyBinding([.character("o")], footer: "key.order", help: "help.order", .order),
        KeyBinding([.character("c")], footer: "key.contact", help: "help.contact", .contact),
        KeyBinding([.character("t")], help: "help.tags", .tags),
    ] + privacyBindings(ListCommand.privacy) + [
        KeyBinding([.character("b")], help: "help.birthdays", .birthdays),
        KeyBinding([.character("S")], help: "help.settings", .settings),
        KeyBinding([.character("R")], help: "help.requests", .requests),
        KeyBinding([.character("B")], help: "help.breaches", .breaches),
        KeyBinding([.character("r")], help: "help.retention", .retention),
        KeyBinding([.character("I")], help: "help.receivables", .receivables),
        KeyBinding([.character("T")], help: "help.today", .today),
        KeyBinding([.character("F")], footer: "key.forget", help: "help.forget", .forget),
        KeyBinding([.character("l")], footer: "key.labels", help: "help.labels", .labels),
        KeyBinding([.character("i")], help: "help.import", .importFile),
        KeyBinding([.character("v")], help: "help.events", .events),
        KeyBinding([.character("?"), .function(1)], "?", footer: "key.help", help: "help.help", .help),
        KeyBinding([.character("q")], footer: "key.quit", help: "help.quit", .quit),
    ])

    static let cardKeys = KeyMap<CardCommand>([
        KeyBinding([.down, .character("j")], "↑↓ k j", footer: "key.select_order", help: "help.card_select_order", .down),
        KeyBinding([.up, .character("k")], "", help: "", .up),
        KeyBinding([.pageDown], "PgUp PgDn", help: "help.card_scroll", .pageDown),
        KeyBinding([.pageUp], "", help: "", .pageUp),
        KeyBinding([.character("o"), .character("n")], "o n", footer: "key.new_order", help: "help.card_new_order", .newOrder),
        KeyBinding([.character("O")], footer: "key.edit_order", help: "help.card_edit_order", .editOrder),
        KeyBinding([.character("P")], footer: "key.mark_paid", help: "help.card_pay", .pay),
        KeyBinding([.character("e")], footer: "key.edit", help: "help.edit", .edit),
        KeyBinding([.character("c")], footer: "key.contact", help: "help.contact", .contact),
        KeyBinding([.character("t")], help: "help.tags", .tags),
        KeyBinding([.character("v")], help: "help.attend", .attend),
        KeyBinding([.character("f")], help: "help.feedback", .feedback),
        KeyBinding([.character("h")], help: "help.reveal", .reveal),
    ] + privacyBindings(CardCommand.privacy) + [
        KeyBinding([.character("x")], footer: "key.report", help: "help.card_report", .report),
        KeyBinding([.character("F")], help: "help.forget", .forget),
        KeyBinding([.character("?"), .function(1)], "?", footer: "key.help", help: "help.help", .help),
        KeyBinding([.character("q"), .escape, .left], "q", footer: "key.back", help: "help.back", .back),
    ])

    /// Moving in a list opened over the main list: every such list moves alike.
    static let listMoves: [KeyBinding<PeopleListCommand>] = [
        KeyBinding([.down, .character("j")], "↑↓ k j", footer: "key.move", help: "help.move_people", .down),
        KeyBinding([.up, .character("k")], "", help: "", .up),
        KeyBinding([.pageDown, .ctrl("f"), .character(" ")], "PgUp PgDn", help: "help.page", .pageDown),
        KeyBinding([.pageUp, .ctrl("b")], "", help: "", .pageUp),
        KeyBinding([.home, .character("g")], "Home End g G", help: "help.ends", .first),
        KeyBinding([.end, .character("G")], "", help: "", .last),
    ]

    static let birthdayKeys = KeyMap<PeopleListCommand>(listMoves + [
        KeyBinding([.enter], footer: "key.show_in_list", help: "help.birthdays_enter", .open),
        KeyBinding([.escape, .character("q"), .character("b")], "q", footer: "key.back", help: "help.back", .back),
    ])

    /// The receivables, the today view and the requests: rows that open their customer.
    static let itemKeys = KeyMap<PeopleListCommand>(listMoves + [
        KeyBinding([.enter], footer: "key.open", help: "help.open_card", .open),
        KeyBinding([.character("?"), .function(1)], "?", footer: "key.help", help: "help.help", .help),
        KeyBinding([.escape, .character("q")], "q", footer: "key.back", help: "help.back", .back),
    ])

    /// The events list: the same, and `a` adds an event; Enter opens its participants.
    static let eventKeys = KeyMap<PeopleListCommand>([KeyBinding([.character("a")], footer: "key.add", help: "help.event_add", .add)]
                                                     + itemKeys.bindings)

    static let retentionKeys = KeyMap<PeopleListCommand>(listMoves + [
        KeyBinding([.enter], footer: "key.open", help: "help.open_card", .open),
        KeyBinding([.character("F")], footer: "key.forget", help: "help.forget", .forget),
        KeyBinding([.character("A")], footer: "key.forget_all", help: "help.retention_all", .forgetAll),
        KeyBinding([.escape, .character("q")], "q", footer: "key.back", help: "help.back", .back),
    ])

    /// Every form's keys; Ctrl-N and Ctrl-P only where the form has them.
    static let formKeys = KeyMap<FormCommand>([
        KeyBinding([.tab, .down], "Tab S-Tab ↑↓", footer: "key.next_field", help: "help.form_move", .next),
        KeyBinding([.backTab, .up], "", help: "", .previous),
        KeyBinding([.enter], help: "help.form_enter", .enter),
        KeyBinding([.ctrl("n")], footer: "key.notice", help: "help.form_notice", .notice),
        KeyBinding([.ctrl("p")], footer: "key.preview", help: "help.form_preview", .preview),
        KeyBinding([.ctrl("s")], footer: "key.save", help: "help.form_save", .save),
        KeyBinding([.escape], footer: "key.cancel", help: "help.form_cancel", .cancel),
    ])
}
