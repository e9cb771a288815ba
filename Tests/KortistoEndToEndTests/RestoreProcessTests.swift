import Foundation
import KortistoStore
import KortistoTestSupport
import Testing

/// A restore as processes meet it: killed at any moment, on a full disk, while the interface has
/// the register open. Each end leaves one whole register and no copy of old data beside it.
@Suite(.serialized) struct RestoreProcessTests {
    /// The register's customers and SQLite's verdict on the file, read as the next program would.
    static func check(_ db: String) throws -> (customers: Int, integrity: [String]) {
        let register = try Register.open(at: db)
        defer { register.close() }
        return (try register.countCustomers(), try register.db.rows("PRAGMA integrity_check", []) { $0.text(0) })
    }

    static func leftovers(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("restoring") }
    }

    /// A register of 10,000 customers with a backup of 9,999 of them, and one customer in the
    /// backup (1001) forgotten since: whatever happens, 1001 must stay forgotten.
    static func prepared(_ folder: TemporaryFolder) throws -> (db: String, backup: String) {
        let db = folder.file("r.sqlite"), backup = folder.file("b.sqlite")
        #expect(try Binary.run(["generate", "--count", "9999", "--db", db], folder).status == 0)
        #expect(try Binary.run(["backup", backup, "--db", db], folder).status == 0)
        #expect(try Binary.run(["add", "--first", "Tuore", "--last", "Äijälä", "--db", db], folder).status == 0)
        #expect(try Binary.run(["forget", "1001", "--yes", "--db", db], folder).status == 0)
        return (db, backup)
    }

    /// The register still says 1001 was forgotten, and the erasure log has exactly that line.
    static func stillForgotten(_ folder: TemporaryFolder, _ db: String, _ when: String) throws {
        let shown = try Binary.run(["show", "1001", "--db", db], folder)
        #expect(shown.status == 1 && shown.stderr.contains("forgotten on"), "\(when): \(shown.stderr)")
        let log = try String(contentsOfFile: db + ".erasures", encoding: .utf8)
        #expect(log.split(separator: "\n").count == 1 && log.contains("\"customer\":1001"), "\(when): \(log)")
    }

    /// Found: a restore that was killed left `REGISTER.restoring`, a full copy of old data with
    /// forgotten people in it. Killed at moments spread over its whole run, the register is
    /// always either the old one or the restored one, whole, and nothing is left after the next
    /// command.
    @Test func killedAtAnyMomentTheRegisterIsWhole() throws {
        let folder = TemporaryFolder()
        let (db, backup) = try Self.prepared(folder)
        var seen: Set<Int> = []
        for delay in ["0.001", "0.004", "0.008", "0.012", "0.016", "0.02", "0.03", "0.045", "0.07"] {
            let killed = try Binary.shell("\"$K\" restore \(backup) --yes --db \(db) 2>/dev/null & pid=$!; sleep \(delay); kill -9 $pid 2>/dev/null; wait $pid; echo $?", folder)
            let (customers, integrity) = try Self.check(db)
            #expect(integrity == ["ok"], "killed after \(delay) s")
            #expect(customers == 9999 || customers == 9998, "killed after \(delay) s: \(customers)")
            try Self.stillForgotten(folder, db, "killed after \(delay) s")
            #expect(try Self.leftovers(folder).isEmpty, "killed after \(delay) s")
            seen.insert(customers)
            _ = killed
            // Back to the newer register for the next round.
            if customers == 9998 {
                #expect(try Binary.run(["add", "--first", "Tuore", "--last", "Äijälä", "--db", db], folder).status == 0)
            }
        }
        #expect(!seen.isEmpty)
    }

    /// Found: on a full disk the register was left unusable. Here every file the restore
    /// writes is limited (`ulimit -f`, the signal ignored so writes fail as on a full disk).
    @Test func aFullDiskLeavesTheRegisterAsItWas() throws {
        let folder = TemporaryFolder()
        let (db, backup) = try Self.prepared(folder)
        let r = try Binary.shell("trap '' XFSZ; ulimit -f 1024; \"$K\" restore \(backup) --yes --db \(db)", folder)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("the register was left as it was"), "\(r.stderr)")
        let (customers, integrity) = try Self.check(db)
        #expect(integrity == ["ok"])
        #expect(customers == 9999)
        #expect(try Self.leftovers(folder).isEmpty)
        try Self.stillForgotten(folder, db, "full disk")
    }

    /// Found: restore succeeded while the interface had the register open, and everything
    /// entered there afterwards was silently lost. Now it is refused, naming the reason, and the
    /// interface goes on saving into the one register.
    @Test func refusedWhileTheInterfaceIsOpen() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["add", "--first", "Aino", "--last", "Öhman", "--db", db], folder).status == 0)
        let backup = folder.file("b.sqlite")
        #expect(try Binary.run(["backup", backup, "--db", db], folder).status == 0)
        let tmux = try TmuxSession(command: TerminalTests.command(folder, db: db))
        try tmux.waitFor("1 customer")
        let refused = try Binary.run(["restore", backup, "--yes", "--db", db], folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is open in another Kortisto"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("This replaces"), "refused before the question")
        // The interface still saves into the register everyone sees.
        try tmux.keys("a")
        try tmux.waitFor("New customer")
        try tmux.type("Väinö")
        try tmux.keys("Tab")
        try tmux.type("Mäkelä")
        try tmux.keys("C-s")
        try tmux.waitFor("Customer 1002 added.")
        try tmux.keys("q")
        try tmux.waitFor("EXITED 0")
        let list = try Binary.run(["list", "--db", db], folder)
        #expect(list.stdout.contains("Mäkelä, Väinö"))
        // Closed, the restore goes ahead.
        #expect(try Binary.run(["restore", backup, "--yes", "--db", db], folder).status == 0)
    }

    /// Found: `--db r.sqlite` wrote the backup to `/backups/` at the root of the disk.
    @Test func aBackupOfARegisterNamedByItsFileNameGoesBesideIt() throws {
        let folder = TemporaryFolder()
        let env = Binary.environment(folder)
        #expect(try runProcess(Binary.path, ["add", "--first", "Aino", "--last", "Öhman", "--db", "r.sqlite"], environment: env,
                               currentDirectory: folder.path).status == 0)
        let r = try runProcess(Binary.path, ["backup", "--db", "r.sqlite"], environment: env, currentDirectory: folder.path)
        #expect(r.status == 0, "\(r.stderr)")
        let written = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(written.hasPrefix(folder.file("backups/r-")) || written.hasPrefix("/private" + folder.file("backups/r-")), "\(written)")
        #expect(FileManager.default.fileExists(atPath: written))
        #expect(folder.permissions(folder.file("backups")) == 0o700)
    }
}
