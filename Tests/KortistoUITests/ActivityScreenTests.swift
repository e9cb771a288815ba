import Foundation
import KortistoCore
import KortistoStore
import Testing
@testable import KortistoUI

/// Tags (`t`), the identity-code reveal (`h`) and the events screen (`v`), read from the grid.
@Suite struct ActivityScreenTests {
    static func member(_ register: Register, _ today: LocalDate) throws {
        _ = try Harness.add(register, today, "Äijä", "Öljynen") {
            $0.kind = "member"; $0.identityCode = "131052-308T"; $0.memberSince = "1.1.2020"; $0.addTags = ["VIP"]
        }
        let event = try register.addEvent(Event(name: "Ensiapukurssi", date: LocalDate(year: 2025, month: 3, day: 1)!, place: "Jyväskylä", kind: .training))
        try register.attend(event: event, customer: 1001, certificate: "EA1", certificateDate: LocalDate(year: 2025, month: 3, day: 1)!,
                            expires: LocalDate(year: 2028, month: 3, day: 1)!)
        try register.addFeedback(Feedback(customerNumber: 1001, date: today, text: "Hyvä kurssi", isComplaint: false))
        let campaign = try register.addCampaign(Campaign(name: "Kevään kurssikirje", channel: .letter, date: LocalDate(year: 2025, month: 4, day: 2)!))
        try register.addRecipients(campaign: campaign, customers: [1001], today: today)
    }

    @Test func tagsAreEditedWithT() throws {
        let h = try Harness(setup: Self.member)
        h.type("t")
        #expect(h.text.contains("Tags: Äijä Öljynen"))
        h.type("<C-u>VIP, joulukortti, vip<C-s>")
        #expect(h.text.contains("Tags saved."))
        #expect(try h.register.customer(1001)?.tags == ["joulukortti", "VIP"])
        // The list filters by a tag typed into search.
        h.type("/#joulukortti<Enter>")
        #expect(h.listRows.contains { $0.contains("Öljynen") })
        h.type("<Esc>/#eiole<Enter>")
        #expect(!h.listRows.contains { $0.contains("Öljynen") })
    }

    @Test func theCardMasksTheCodeUntilHIsPressedAndShowsEvents() throws {
        let h = try Harness(setup: Self.member)
        h.type("<Enter>")
        #expect(h.text.contains("131052-****"))
        #expect(!h.text.contains("131052-308T"))
        #expect(h.text.contains("1.3.2025  Ensiapukurssi  · EA1 valid until 1.3.2028"))
        #expect(h.text.contains("Hyvä kurssi"))
        #expect(h.text.contains("VIP"))
        #expect(h.text.contains("Marketing aimed at them") && h.text.contains("2.4.2025  Kevään kurssikirje  · letter"))
        h.type("h")
        #expect(h.text.contains("131052-308T"))
        // Any key hides it again.
        h.type("j")
        #expect(!h.text.contains("131052-308T") && h.text.contains("131052-****"))
        #expect(h.app.tickInterval == 2000)
        // Left alone, it hides after five seconds of ticks; nothing ticks once it is hidden.
        h.type("h")
        #expect(h.app.tickInterval == 1000)
        for _ in 1...4 { _ = h.app.update(.tick) }
        #expect(h.text.contains("131052-308T"))
        _ = h.app.update(.tick)
        #expect(!h.text.contains("131052-308T") && h.text.contains("131052-****"))
        #expect(h.app.tickInterval == 2000)
    }

    /// Events are added on the events list (`a`) and attendance on the card (`v`), with the
    /// same validation as the command line; mistakes stay in the form beside their field.
    @Test func eventsAndAttendanceAreEnteredFromTheKeyboard() throws {
        let h = try Harness(setup: Self.member)
        h.type("va")
        #expect(h.text.contains("New event or training"))
        h.type("<C-u>Ensiapu 2<Tab><C-u>31.2.2025<Tab>Kuopio<Tab>Sanni Säkkinen<Tab><C-u>kurssi<C-s>")
        #expect(h.text.contains("does not exist in the calendar"))
        #expect(h.text.contains("'kurssi' is not a kind of event"))
        // The first field in error has the focus.
        h.type("<C-u>1.4.2025<Tab><Tab><Tab><C-u>koulutus<C-s>")
        #expect(h.text.contains("Event #2 added: Ensiapu 2."))
        // Back on the refreshed list, the new event is on it with its number.
        #expect(h.text.contains("#2  1.4.2025  Ensiapu 2  · training · Kuopio  0 people"))
        #expect(try h.register.event(2)?.trainer == "Sanni Säkkinen")
        h.type("q<Enter>v")
        #expect(h.text.contains("Äijä Öljynen took part in an event"))
        h.type("x9<Tab>EA2<Tab>1.4.2024<C-s>")
        #expect(h.text.contains("'x9' is not an event number"))
        h.type("<C-u>#2<C-s>")
        #expect(h.text.contains("is before the event"))
        h.type("<C-u>1.4.2028<C-s>")
        #expect(h.text.contains("Äijä Öljynen recorded at event #2."))
        // The card shows it at once.
        #expect(h.text.contains("1.4.2025  Ensiapu 2  · EA2 valid until 1.4.2028"))
        #expect(try h.register.participants(ofEvent: 2).map(\.customerNumber) == [1001])
        h.type("v9<C-s>")
        #expect(h.text.contains("event 9"))
    }

    /// `f` on the card: feedback or a complaint with its resolution, shown on the card at once.
    @Test func feedbackIsEnteredOnTheCard() throws {
        let h = try Harness(setup: Self.member)
        h.type("<Enter>f")
        #expect(h.text.contains("Feedback from Äijä Öljynen"))
        h.type("Lasku tuli kahdesti<Tab><C-u>ehkä<C-s>")
        #expect(h.text.contains("'ehkä' is not yes or no"))
        h.type("<C-u>k<Tab>Hyvitetty<C-s>")
        #expect(h.text.contains("Complaint recorded."))
        #expect(h.text.contains("Lasku tuli kahdesti"))
        let saved = try h.register.feedback(ofCustomer: 1001).first { $0.text == "Lasku tuli kahdesti" }
        #expect(saved?.isComplaint == true && saved?.resolution == "Hyvitetty" && saved?.date == h.today)
    }

    @Test func eventsAreListedWithV() throws {
        let h = try Harness(setup: Self.member)
        h.type("v")
        #expect(h.text.contains("Events and trainings"))
        #expect(h.text.contains("1.3.2025  Ensiapukurssi  · training · Jyväskylä  1 person"))
        h.type("q")
        #expect(!h.text.contains("Ensiapukurssi"))
    }
}
