import KortistoCore
import KortistoStore
import Testing
import TUIKit
@testable import KortistoUI

/// The screens are models: a key changes the screen's own state and returns what the program
/// is to do. Driven here without the program, over a real register.
@Suite struct ScreenModelTests {
    /// The effects as words, to compare.
    static func names(_ effects: [Effect]) -> [String] {
        effects.map {
            switch $0 {
            case let .push(screen): "push \(screen.screen)"
            case .pop: "pop"
            case let .closeCard(number): "close card \(number)"
            case .say: "say"
            case .warn: "warn"
            case .report: "report"
            case .refresh: "refresh"
            case .reloadList: "reload list"
            case let .select(number): "select \(number)"
            case .fieldErrors: "field errors"
            case .job: "job"
            case .quit: "quit"
            }
        }
    }

    static func context(_ h: Harness) -> ScreenContext {
        h.app.context
    }

    @Test func aFormThatFailsToSaveKeepsItsTextAndAsksNothingOfTheProgram() throws {
        let h = try Harness(setup: Harness.basic)
        var form = FormState(kind: .event, title: "", fields: FormState.fields(["name", "date"], maxLength: 50)) { _, _, _ in
            throw ValidationErrors([FieldError("date", "'{0}' is not a date", "eilen")])
        }
        for key in Key.script("Kurssi<Tab>eilen") { #expect(form.update(key, Self.context(h)).isEmpty) }
        form.focus = 0
        #expect(Self.names(form.update(.ctrl("s"), Self.context(h))) == ["warn"])
        #expect(form.focus == 1)
        #expect(form.errors["date"] == "'eilen' is not a date")
        #expect(form.value("name") == "Kurssi")
    }

    @Test func aSavedFormClosesItselfAndAsksForARefresh() throws {
        let h = try Harness(setup: Harness.basic)
        let customer = try #require(try h.register.card(1001)?.customer)
        guard case var .form(form)? = h.app.context.openContactForm(for: customer).first.flatMap({ if case let .push(s) = $0 { s } else { nil } }) else {
            Issue.record("no form")
            return
        }
        #expect(Self.names(form.update(.ctrl("s"), Self.context(h))) == ["pop", "say", "refresh"])
        #expect(try h.register.card(1001)?.contacts.count == 1)
    }

    @Test func everyAnswerButYesCancelsAndWritesNothing() throws {
        let h = try Harness(setup: Harness.basic)
        let question = ConfirmState(text: "", action: .forget(1001))
        for key in Key.script("nq<Esc><Enter> ") {
            #expect(Self.names(question.answer(key, Self.context(h))) == ["say"])
        }
        #expect(try h.register.card(1001) != nil)
        #expect(Self.names(question.answer(.character("y"), Self.context(h))) == ["close card 1001", "say", "refresh"])
        #expect(try h.register.card(1001) == nil)
    }

    @Test func theCardsKeysEachSayWhatTheyDo() throws {
        let h = try Harness(setup: Harness.basic)
        var card = CardState(card: try #require(try h.register.card(1001)))
        #expect(Self.names(card.update(.character("P"), Self.context(h))) == ["warn"])
        #expect(Self.names(card.update(.character("O"), Self.context(h))) == ["warn"])
        #expect(Self.names(card.update(.character("o"), Self.context(h))) == ["push 1"])
        #expect(Self.names(card.update(.character("n"), Self.context(h))) == ["push 1"])
        #expect(Self.names(card.update(.character("F"), Self.context(h))) == ["push 4"])
        #expect(Self.names(card.update(.character("?"), Self.context(h))) == ["push 2"])
        #expect(Self.names(card.update(.character("q"), Self.context(h))) == ["pop", "reload list"])
        // A ban is set at once, and the program refreshes what shows it.
        #expect(Self.names(card.update(.character("p"), Self.context(h))) == ["say", "refresh"])
        #expect(try h.register.card(1001)?.customer.bans.contains(.publication) == true)
    }
}

/// The cursor of a list shown a window at a time stays on a row, and the window shows it.
@Suite struct SelectionTests {
    @Test func everyMoveKeepsTheCursorOnARowInTheWindow() {
        for count in 0...7 {
            for rows in 1...4 {
                for start in 0..<max(1, count) {
                    for move in [Selection.Move.down, .up, .top, .bottom] {
                        var selection = Selection(start)
                        selection.move(move, count: count)
                        #expect(selection.index >= 0 && selection.index <= max(0, count - 1))
                        let window = selection.visible(count: count, rows: rows)
                        #expect(window.count == min(count, rows))
                        if count > 0 { #expect(window.contains(selection.index)) }
                    }
                }
            }
        }
    }
}
