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
            #expect(try glance.first.map(\.number) == selection.numbers, "\(step) \(purpose)", sourceLocation: sourceLocation)
            #expect(try glance.first.map(\.lines) == selection.labels().map(\.lines), "\(step) \(purpose)",
                    sourceLocation: sourceLocation)
            // The first sheet alone (what the dialog asks for) is the sheet's beginning.
            let sheet = try #require(try r.labelGlance(purpose: purpose, first: 21), sourceLocation: sourceLocation)
            #expect(try sheet.first.map(\.number) == Array(selection.numbers.prefix(21)), "\(step) \(purpose)", sourceLocation: sourceLocation)
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
            ("an organisation added where a deleted one's people still point", {
                _ = try r.addOrganisation(Organisation(name: "Uusi Osuuskunta", street: "Rantatie 3", postcode: "33100", town: "Tampere"))
            }),
            ("an organisation's id changed", {
                try r.db.execute("PRAGMA foreign_keys = OFF; UPDATE organisation SET id = 500 WHERE id = (SELECT min(id) FROM organisation); PRAGMA foreign_keys = ON;")
            }),
            ("an organisation completed", {
                let bare = try r.addOrganisation(Organisation(name: "Tyhjä Tmi"))
                try r.db.execute("UPDATE customer SET organisation_id = \(bare), street = NULL, po_box = NULL, postcode = NULL, town = NULL WHERE number % 47 = 0")
                try Self.expectPreviewTrue(r, "people at an organisation with no address")
                _ = try r.completeOrganisation(bare, with: Organisation(name: "Tyhjä Tmi", street: "Torikatu 9", postcode: "90100", town: "Oulu"))
            }),
            ("two ban events on one day (the later decides)", {
                for n in try Self.numbers(r, "restriction_reason IS NULL", every: 53) {
                    try Self.ban(r, f, n, .publication, true)
                    try Self.ban(r, f, n, .publication, false)
                }
            }),
            ("a ban dated before the lifting that follows it", {
                for n in try Self.numbers(r, "restriction_reason IS NULL", every: 59) {
                    _ = try r.recordConsent(ConsentEvent(kind: .marketing, granted: false, date: f.today, source: nil), customer: n)
                    _ = try r.recordConsent(ConsentEvent(kind: .marketing, granted: true, date: f.today.adding(days: -100), source: nil), customer: n)
                }
            }),
            ("empty texts", { try r.db.execute("UPDATE customer SET street = '' WHERE number % 61 = 0; UPDATE customer SET postcode = '' WHERE number % 67 = 0") }),
            ("edited through the form's call", {
                // (Not those whose organisation went while keys were not checked: the edit checks them.)
                let condition = "restriction_reason IS NULL AND (organisation_id IS NULL OR organisation_id IN (SELECT id FROM organisation))"
                for n in try Self.numbers(r, condition, every: 71) {
                    try r.updateCustomer(n, CustomerInput(street: "Kirkkokatu 4", postcode: "65100", town: "Vaasa").validate(today: f.today, existing: r.customer(n)))
                }
            }),
            ("a batch added (import), with bans, restrictions and a new organisation", {
                var records: [CustomerRecord] = []
                for i in 0..<60 {
                    var record = CustomerRecord(fields: try CustomerInput(firstName: "Tuomas", lastName: "Ylä-Mäkelä \(i)", organisation: i % 3 == 0 ? "Tuontiyhdistys ry" : nil,
                                                                          street: i % 4 == 0 ? nil : "Tuontikatu \(i)", postcode: "0\(i % 3)100", town: "Espoo").validate(today: f.today))
                    if i % 5 == 0 { record.consents.append(ConsentEvent(kind: .publication, granted: true, date: f.today, source: nil)) }
                    if i % 7 == 0 { record.consents.append(ConsentEvent(kind: .marketing, granted: true, date: f.today, source: nil)) }
                    if i % 11 == 0 { record.restrictionReason = "kiistetty" }
                    records.append(record)
                }
                try r.addRecords(records, today: f.today)
            }),
            ("a sole trader forgotten with their business", {
                let number = try f.add("Iida", "Öhrnberg") { $0.organisation = "Toiminimi Iida Öhrnberg" }
                try r.db.execute("UPDATE organisation SET street = 'Puistotie 1', postcode = '00200', town = 'Helsinki' WHERE name = 'Toiminimi Iida Öhrnberg'")
                try Self.expectPreviewTrue(r, "a sole trader at their business's address")
                _ = try r.forget(number, on: f.today)
            }),
            ("forgotten", { for n in try Self.numbers(r, "1", every: 41) { _ = try r.forget(n, on: f.today) } }),
            ("forgotten together", { _ = try r.forgetAll(try Self.numbers(r, "restriction_reason IS NULL", every: 37), on: f.today, reference: nil) }),
            ("deleted", { try r.db.execute("DELETE FROM customer WHERE number % 43 = 0 AND forgotten_on IS NULL") }),
            ("a write undone", {
                #expect(throws: (any Error).self) {
                    try r.db.write { try r.db.execute("UPDATE customer SET street = NULL, po_box = NULL"); throw StoreError.refused(Refusal("undone")) }
                }
            }),
        ]
        for (name, step) in steps {
            do { try step() } catch {
                Issue.record("\(name): \(error)")
                throw error
            }
            try Self.expectPreviewTrue(r, name)
        }
    }

    /// The upgrade to v29 fills the standing from a register that had none (the migration's
    /// own SQL, run on the crafted register taken back to v28).
    @Test func theUpgradeFillsTheStanding() throws {
        let f = try Self.crafted()
        try f.register.db.execute("UPDATE customer SET street = NULL WHERE number % 7 = 0")
        try Self.takeBack(f.register, to: 28)
        let upgraded = try Register.open(at: f.register.path)
        #expect(try upgraded.schemaVersion() == Register.latestSchemaVersion)
        try Self.expectPreviewTrue(upgraded, "upgraded")
    }

    /// A batch larger than the register sets the label index aside and makes everyone's
    /// standing at the end; people already there keep theirs.
    @Test func aLargeBatchMakesItsStandingAtTheEnd() throws {
        let f = try Fixture()
        try f.add("Åke", "Söderström") { $0.street = "Kauppatie 2"; $0.postcode = "65100"; $0.town = "Vaasa" }
        try f.register.fillSynthetic(customers: 10_500, organisations: 40, seed: 3, today: f.today)
        try Self.expectPreviewTrue(f.register, "after 10,500 added at once")
    }

    /// A register written by the first version, upgraded through every migration.
    @Test func aFirstVersionRegisterUpgrades() throws {
        let folder = TemporaryFolder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/register-v1.sqlite").path
        try FileManager.default.copyItem(atPath: fixture, toPath: folder.file("v1.sqlite"))
        let register = try Register.open(at: folder.file("v1.sqlite"))
        try Self.expectPreviewTrue(register, "v1 upgraded")
        #expect(try register.db.scalarInt("SELECT count(*) FROM label_standing") == Int64(try register.countCustomers()))
    }

    /// A standing a write left behind (here made wrong by hand) never puts someone the rules
    /// leave out on the preview's sheet: the preview gives up and everyone is read.
    @Test func aWrongStandingIsNotBelieved() throws {
        let f = try Self.crafted()
        let banned = try #require(try f.register.labelSelection(matching: SearchQuery(""), purpose: .service, sortByPostcode: true).numbers.first)
        try f.register.db.execute("DROP TRIGGER label_standing_of_new_ban")
        try Self.ban(f.register, f, banned, .publication, true)
        #expect(try f.register.labelGlance(purpose: .service, first: 21) == nil)
        #expect(try f.register.labelGlance(purpose: .service, first: 0) != nil)
    }

    /// Undoes migrations 29 to 36 (those after `version`), as if the register had been
    /// written by that version: their triggers (named by `prefix`), views, tables, columns and
    /// indexes dropped, and v31's birthdays index and v35's consents index made as before them.
    static func takeBack(_ r: Register, to version: Int) throws {
        let made: [(version: Int, prefix: String?, drops: String)] = [
            (29, "label", "DROP VIEW label_standing_now; DROP TABLE label_standing; DROP TABLE label_tally;"),
            (30, "customer_activity_of_", "DROP VIEW customer_activity_now; DROP TABLE customer_activity; DROP INDEX customer_forgotten;"),
            (31, nil, """
                DROP INDEX customer_by_birthday;
                CREATE INDEX customer_by_birthday ON customer(substr(birthdate, -5)) WHERE forgotten_on IS NULL AND birthdate IS NOT NULL;
                """),
            (32, "receivable_day", "DROP TABLE receivable_day;"),
            (33, nil, "DROP INDEX search_term_in_name_order;"),
            (34, nil, """
                DROP INDEX search_term_by_pair_in_name_order;
                CREATE INDEX search_term_in_name_order ON search_term(sort_key, customer_number, term);
                """),
            (35, nil, """
                DROP INDEX consent_by_customer;
                CREATE INDEX consent_by_customer ON consent_event(customer_number, kind, date, id);
                """),
            (36, "consents_and_tags_of_", """
                DROP VIEW consents_and_tags_now; ALTER TABLE customer DROP COLUMN consents; ALTER TABLE customer DROP COLUMN tags;
                """),
        ]
        for undone in made.reversed() where undone.version > version {
            let triggers = try undone.prefix.map { prefix in
                try r.db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?", [prefix + "*"]) { $0.text(0) }
            } ?? []
            try r.db.execute(triggers.map { "DROP TRIGGER \($0);" }.joined() + undone.drops)
        }
        try r.db.execute("PRAGMA user_version = \(version)")
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
