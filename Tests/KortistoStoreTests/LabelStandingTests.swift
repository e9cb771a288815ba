import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// The label preview of everyone reads the standing the register keeps (v29): a row a live
/// customer, kept in step by triggers, and counts by purpose and reason. Whatever is written,
/// by the register's own calls or by plain SQL, the preview must say what a written sheet
/// would hold: the same count, the same reasons left out, the same labels in the same order
/// as `labelSelection`, which weighs everyone with `LabelRules`.
@Suite struct LabelStandingTests {
    /// Every shape the rules tell apart: each subset of an own address (street, PO box,
    /// postcode, town) at no organisation or at one of each subset of an organisation's
    /// address (street, postcode, town; in Finland or Sweden), restricted or not, with no
    /// publication or marketing ban, a ban, or a ban lifted later. Names and postcodes repeat,
    /// so the sheet's order within a postcode is the name order.
    static func crafted() throws -> Fixture {
        let f = try Fixture()
        let r = f.register
        var organisations: [String?] = [nil]
        for mask in 0..<8 {
            let name = "Yhdistys \(mask) ry"
            _ = try r.addOrganisation(Organisation(name: name, street: mask & 1 != 0 ? "Tehtaankatu \(mask)" : nil,
                                                   postcode: mask & 2 != 0 ? ["00100", "20100"][mask % 2] : nil,
                                                   town: mask & 4 != 0 ? "Turku" : nil, country: mask % 3 == 0 ? "SE" : "FI"))
            organisations.append(name)
        }
        let firsts = ["Äijä", "Öllö", "Åsa", "Aino", "Eino"], lasts = ["Kääriäinen", "Åkerlund", "Öhman", "Laine", "Mäkelä", "Ylönen"]
        var i = 0
        for own in 0..<16 {
            for organisation in organisations {
                for restricted in [false, true] {
                    for publication in 0..<3 {
                        for marketing in 0..<3 {
                            i += 1
                            let number = try f.add(firsts[i % firsts.count], lasts[i % lasts.count]) {
                                $0.organisation = organisation
                                if own & 1 != 0 { $0.street = "Kauppakatu \(i)" }
                                if own & 2 != 0 { $0.poBox = "PL \(i)" }
                                if own & 4 != 0 { $0.postcode = ["00100", "40100", "20100"][i % 3] }
                                if own & 8 != 0 { $0.town = "Jyväskylä" }
                            }
                            if restricted { try r.setRestriction(number, reason: "kiistetty") }
                            for (kind, state) in [(ConsentKind.publication, publication), (.marketing, marketing)] where state > 0 {
                                _ = try r.recordConsent(ConsentEvent(kind: kind, granted: true, date: f.today.adding(days: -9), source: nil), customer: number)
                                if state == 2 { _ = try r.recordConsent(ConsentEvent(kind: kind, granted: false, date: f.today.adding(days: -2), source: nil), customer: number) }
                            }
                        }
                    }
                }
            }
        }
        return f
    }

    /// The preview equals a sheet of everyone weighed by the rules, for each purpose, label
    /// by label; and the kept rows equal the view they are kept from.
    static func expectPreviewTrue(_ r: Register, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for purpose in LabelPurpose.allCases {
            let selection = try r.labelSelection(matching: SearchQuery(""), purpose: purpose, sortByPostcode: true)
            let glance = try #require(try r.labelGlance(purpose: purpose, first: Int(Int32.max)), "\(step) \(purpose)", sourceLocation: sourceLocation)
            #expect(glance.labels == selection.count, "\(step) \(purpose)", sourceLocation: sourceLocation)
            #expect(glance.excluded == selection.excluded, "\(step) \(purpose)", sourceLocation: sourceLocation)
            #expect(glance.first.map(\.number) == selection.numbers, "\(step) \(purpose)", sourceLocation: sourceLocation)
            #expect(glance.first.map(\.lines) == (0..<selection.count).map { selection.label(at: $0).lines }, "\(step) \(purpose)",
                    sourceLocation: sourceLocation)
            // The first sheet alone (what the dialog asks for) is the sheet's beginning.
            let sheet = try #require(try r.labelGlance(purpose: purpose, first: 21), sourceLocation: sourceLocation)
            #expect(sheet.first.map(\.number) == Array(selection.numbers.prefix(21)), "\(step) \(purpose)", sourceLocation: sourceLocation)
        }
        let stale = try r.db.scalarInt("""
            SELECT (SELECT count(*) FROM (SELECT * FROM label_standing EXCEPT SELECT * FROM label_standing_now))
                 + (SELECT count(*) FROM (SELECT * FROM label_standing_now EXCEPT SELECT * FROM label_standing))
            """)
        #expect(stale == 0, "\(step): kept rows that differ from the view", sourceLocation: sourceLocation)
    }

    @Test func aCraftedRegisterOfEveryShape() throws {
        let f = try Self.crafted()
        try Self.expectPreviewTrue(f.register, "as made")
        // Every reason is met, and people at an organisation's address are on the sheet.
        let glance = try #require(try f.register.labelGlance(purpose: .marketing, first: 0))
        #expect(Set(glance.excluded.keys) == [.publicationBan, .restricted, .marketingBan, .incompleteAddress])
        #expect(glance.labels > 100)
    }

    /// Each kind of write, one after another, through the register's calls and through SQL
    /// (another program's, a migration's): the preview stays true after every one.
    @Test func everyKindOfWriteKeepsThePreviewTrue() throws {
        let f = try Self.crafted()
        let r = f.register
        let steps: [(String, () throws -> Void)] = [
            ("a new customer", { _ = try f.add("Väinö", "Ärräpää") { $0.street = "Uusikatu 1"; $0.postcode = "00100"; $0.town = "Helsinki" } }),
            ("a new customer at an organisation", { _ = try f.add("Ilta", "Öhman") { $0.organisation = "Yhdistys 7 ry" } }),
            ("streets taken away", { try r.db.execute("UPDATE customer SET street = NULL WHERE number % 7 = 0") }),
            ("PO boxes given", { try r.db.execute("UPDATE customer SET po_box = 'PL 5' WHERE number % 11 = 0") }),
            ("postcodes moved", { try r.db.execute("UPDATE customer SET postcode = '99999' WHERE number % 13 = 0 AND postcode IS NOT NULL") }),
            ("towns taken away", { try r.db.execute("UPDATE customer SET town = NULL WHERE number % 17 = 0") }),
            ("countries changed", { try r.db.execute("UPDATE customer SET country = 'EE' WHERE number % 19 = 0") }),
            ("whole addresses taken away", { try r.db.execute("UPDATE customer SET street = NULL, po_box = NULL, postcode = NULL, town = NULL WHERE number % 5 = 0") }),
            ("organisations changed", { try r.db.execute("UPDATE customer SET organisation_id = (SELECT max(id) FROM organisation) WHERE number % 3 = 0") }),
            ("organisations left", { try r.db.execute("UPDATE customer SET organisation_id = NULL WHERE number % 23 = 0") }),
            ("restrictions lifted", { for n in try Self.numbers(r, "restriction_reason IS NOT NULL", every: 2) { try r.setRestriction(n, reason: nil) } }),
            ("restrictions set", { for n in try Self.numbers(r, "restriction_reason IS NULL", every: 29) { try r.setRestriction(n, reason: "kielto") } }),
            ("renamed", { try r.db.execute("UPDATE customer SET sort_key = 'a' || sort_key WHERE number % 4 = 0") }),
            ("publication bans", { for n in try Self.numbers(r, "1", every: 31) { try Self.ban(r, f, n, .publication, true) } }),
            ("marketing bans lifted", { for n in try Self.numbers(r, "1", every: 3) { try Self.ban(r, f, n, .marketing, false) } }),
            ("a research ban (no label concern)", { for n in try Self.numbers(r, "1", every: 37) { try Self.ban(r, f, n, .research, true) } }),
            ("ban events deleted", { try r.db.execute("DELETE FROM consent_event WHERE kind = 'publication' AND id % 2 = 0") }),
            ("ban events rewritten", { try r.db.execute("UPDATE consent_event SET kind = 'marketing' WHERE kind = 'research'") }),
            ("ban events moved to someone else", { try r.db.execute("UPDATE consent_event SET customer_number = customer_number + 1 WHERE id % 9 = 0 AND customer_number < (SELECT max(number) FROM customer)") }),
            ("an organisation moved", { try r.db.execute("UPDATE organisation SET street = 'Satamakatu 2', postcode = '00100', town = 'Helsinki' WHERE id % 2 = 0") }),
            ("an organisation's address taken away", { try r.db.execute("UPDATE organisation SET street = NULL, postcode = NULL, town = NULL WHERE id % 3 = 1") }),
            ("an organisation in another country", { try r.db.execute("UPDATE organisation SET country = 'NO' WHERE id % 2 = 1") }),
            ("an organisation deleted", { try r.db.execute("DELETE FROM organisation WHERE id = (SELECT min(id) FROM organisation WHERE street IS NOT NULL)") }),
            ("an organisation deleted without its keys checked", {
                try r.db.execute("PRAGMA foreign_keys = OFF; DELETE FROM organisation WHERE id = (SELECT max(id) FROM organisation); PRAGMA foreign_keys = ON;")
            }),
            ("forgotten", { for n in try Self.numbers(r, "1", every: 41) { _ = try r.forget(n, on: f.today) } }),
            ("deleted", { try r.db.execute("DELETE FROM customer WHERE number % 43 = 0 AND forgotten_on IS NULL") }),
            ("a write undone", {
                #expect(throws: (any Error).self) {
                    try r.db.write { try r.db.execute("UPDATE customer SET street = NULL, po_box = NULL"); throw StoreError.refused(Refusal("undone")) }
                }
            }),
        ]
        for (name, step) in steps {
            try step()
            try Self.expectPreviewTrue(r, name)
        }
    }

    /// The upgrade to v29 fills the standing from a register that had none (the migration's
    /// own SQL, run on the crafted register taken back to v28).
    @Test func theUpgradeFillsTheStanding() throws {
        let f = try Self.crafted()
        try f.register.db.execute("UPDATE customer SET street = NULL WHERE number % 7 = 0")
        let triggers = try f.register.db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'label%'") { $0.text(0) }
        try f.register.db.execute(triggers.map { "DROP TRIGGER \($0);" }.joined()
                                  + "DROP VIEW label_standing_now; DROP TABLE label_standing; DROP TABLE label_tally; PRAGMA user_version = 28;")
        let upgraded = try Register.open(at: f.register.path)
        #expect(try upgraded.schemaVersion() == 29)
        try Self.expectPreviewTrue(upgraded, "upgraded")
    }

    /// Every `every`th live customer matching `condition`.
    static func numbers(_ r: Register, _ condition: String, every: Int) throws -> [Int64] {
        try r.db.rows("SELECT number FROM customer WHERE forgotten_on IS NULL AND \(condition) ORDER BY number") { $0.int(0) }
            .enumerated().filter { $0.offset % every == 0 }.map(\.element)
    }

    static func ban(_ r: Register, _ f: Fixture, _ number: Int64, _ kind: ConsentKind, _ granted: Bool) throws {
        _ = try r.recordConsent(ConsentEvent(kind: kind, granted: granted, date: f.today, source: nil), customer: number)
    }
}
