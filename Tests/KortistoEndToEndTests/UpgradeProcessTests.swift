import Foundation
import KortistoStore
import KortistoTestSupport
import Testing

/// An upgrade as processes meet it: every register is brought up to the newest version by the
/// first program that opens it, and that takes seconds on a large one (v31 at a million
/// customers: 3–5 s). A second program opened meanwhile must wait for it and then read the
/// upgraded register, never upgrade it again, and never call the file damaged.
@Suite(.serialized) struct UpgradeProcessTests {
    /// Takes the register back to version 30: what each later version made is undone (v36's
    /// consents and tags on the customers' rows, v35's consents index as it was before, v34's and v33's terms in name order, v32's receivable
    /// days, v31's birthday index as it was before). A new version adds its own.
    static func takeBackToV30(_ db: String) throws {
        let register = try Register.open(at: db)
        defer { register.close() }
        #expect(Register.latestSchemaVersion == 36, "undo the newer versions here too")
        let v36 = try register.db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'consents_and_tags_of_*'") { $0.text(0) }
        #expect(v36.count == 6)
        try register.db.execute(v36.map { "DROP TRIGGER \($0);" }.joined() + """
            DROP VIEW consents_and_tags_now; ALTER TABLE customer DROP COLUMN consents; ALTER TABLE customer DROP COLUMN tags;
            DROP INDEX consent_by_customer;
            CREATE INDEX consent_by_customer ON consent_event(customer_number, kind, date, id);
            DROP INDEX search_term_by_pair_in_name_order;
            DROP TRIGGER receivable_day_of_new_order; DROP TRIGGER receivable_day_of_removed_order; DROP TRIGGER receivable_day_of_changed_order;
            DROP TABLE receivable_day;
            DROP INDEX customer_by_birthday;
            CREATE INDEX customer_by_birthday ON customer(substr(birthdate, -5)) WHERE forgotten_on IS NULL AND birthdate IS NOT NULL;
            PRAGMA user_version = 30;
            """)
    }

    static func versionAndIntegrity(_ db: String) throws -> (version: Int, integrity: [String]) {
        let register = try Register.open(at: db)
        defer { register.close() }
        return (try register.schemaVersion(), try register.db.rows("PRAGMA integrity_check", []) { $0.text(0) })
    }

    /// The second program starts at moments spread over the first one's run (at 20,000 customers
    /// the whole run, upgrade included, takes about 50 ms): at once, so both find version 30 and
    /// the one that upgrades second must find it done, and during and after the upgrade.
    @Test func aSecondProgramDuringAnUpgradeWaitsThenReads() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["generate", "--count", "20000", "--db", db], folder).status == 0)
        let expected = try Binary.run(["list", "--search", "virtanen", "--db", db], folder)
        #expect(expected.status == 0 && expected.stdout.split(separator: "\n").count > 100, "\(expected.stderr)")
        for delay in ["0", "0", "0.002", "0.005", "0.01", "0.02", "0.04", "0.08"] {
            try Self.takeBackToV30(db)
            let a = folder.file("a"), b = folder.file("b")
            let run = try Binary.shell("""
                "$K" list --search zzzq --db \(db) > \(a).out 2> \(a).err & first=$!
                sleep \(delay)
                "$K" list --search virtanen --db \(db) > \(b).out 2> \(b).err; echo "second $?"
                wait $first; echo "first $?"
                """, folder)
            let errors = try [a, b].map { try String(contentsOfFile: $0 + ".err", encoding: .utf8) }
            #expect(run.stdout == "second 0\nfirst 0\n", "second started after \(delay) s: \(run.stdout) \(errors)")
            #expect(try String(contentsOfFile: b + ".out", encoding: .utf8) == expected.stdout, "second started after \(delay) s")
            #expect(try String(contentsOfFile: a + ".out", encoding: .utf8).isEmpty, "second started after \(delay) s")
            // One of the two upgraded the register, and said so; the other only read it. Nothing
            // else is said but the first one's empty search.
            let said = errors.map { $0.split(separator: "\n").filter { $0 != "No customers match." } }
            #expect(said.map(\.count).sorted() == [0, 1], "second started after \(delay) s: \(errors)")
            #expect(said.joined().allSatisfy { $0.hasPrefix("Updating the register to version \(Register.latestSchemaVersion):") },
                    "second started after \(delay) s: \(errors)")
            let (version, integrity) = try Self.versionAndIntegrity(db)
            #expect(version == Register.latestSchemaVersion && integrity == ["ok"], "second started after \(delay) s")
        }
    }
}
