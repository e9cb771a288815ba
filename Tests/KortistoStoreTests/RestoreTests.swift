import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// Every way a restore can end, and what the register and the erasure log are afterwards. The
/// promise: a restore never erases anyone who was not forgotten, and never brings back anyone
/// who was; whatever fails, the register is left usable and no copy of old data is left beside it.
@Suite struct RestoreTests {
    let folder = TemporaryFolder()
    var path: String { folder.file("r.sqlite") }
    let today = LocalDate(year: 2025, month: 6, day: 15)!

    @discardableResult
    func add(_ register: Register, _ first: String, _ last: String) throws -> Int64 {
        try register.addCustomer(CustomerInput(firstName: first, lastName: last).validate(today: today), today: today)
    }

    func names(_ path: String) throws -> [String] {
        let register = try Register.open(at: path)
        defer { register.close() }
        return try register.customers(matching: SearchQuery(""), limit: 100).map(\.fullName).sorted()
    }

    /// The register's own files and anything else in its folder, by name (no backups folder).
    func filesBeside() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "backups" }.sorted()
    }

    func integrityOK(_ path: String) throws -> Bool {
        let register = try Register.open(at: path)
        defer { register.close() }
        return try register.db.rows("PRAGMA integrity_check", []) { $0.text(0) } == ["ok"]
    }

    // MARK: (a) numbers

    /// Found: after restoring an older backup a new customer got the number of someone forgotten
    /// since, and the next restore "forgot again" that innocent newcomer.
    @Test func numbersAreNeverGivenTwiceAndANewcomerIsNeverForgotten() throws {
        let register = try Register.open(at: path)
        try add(register, "Aino", "Laine")                                  // 1001
        let old = try register.backup()
        let forgotten = try add(register, "Bertta", "Öhman")                // 1002
        try register.forget(forgotten, on: today)
        try add(register, "Cecilia", "Åberg")                               // 1003: lost with the restore, never forgotten
        register.close()

        let first = try Register.restore(old, over: path, today: today)
        #expect(first.replayed.isEmpty, "1002 is not in the old backup")
        #expect(first.nextNumber == 1004)
        let restored = try Register.open(at: path)
        let newcomer = try add(restored, "Daniel", "Kärkkäinen")
        #expect(newcomer == 1004, "neither the forgotten 1002 nor the lost 1003 is given again")
        let newer = try restored.backup()
        restored.close()

        let second = try Register.restore(newer, over: path, today: today)
        #expect(second.replayed.isEmpty)
        #expect(try names(path) == ["Aino Laine", "Daniel Kärkkäinen"])
    }

    /// The replay matches number *and* record: a line whose record was created at another time,
    /// or (old lines without it) after the erasure, or whose person the live register still has,
    /// is somebody else.
    @Test func theReplayMatchesExactlyThePersonForgotten() throws {
        let register = try Register.open(at: path)
        let a = try add(register, "Aino", "Laine")
        let b = try add(register, "Bertta", "Öhman")
        let c = try add(register, "Cecilia", "Åberg")
        let d = try add(register, "Daniel", "Kärkkäinen")
        let backup = try register.backup()
        try register.forget(d, on: today)                      // a real erasure since the backup: replayed
        register.close()
        try register.appendErasureLog([
            ErasureLogEntry(customer: a, created: "2001-01-01T00:00:00Z", forgottenOn: today.iso, reference: nil, at: "2025-06-15T12:00:00Z"),
            // An old line (no creation time) from before the record existed.
            ErasureLogEntry(customer: b, created: nil, forgottenOn: "2001-01-01", reference: nil, at: "2001-01-01T00:00:00Z"),
            // An old line about a person the live register still has: that forget never committed.
            ErasureLogEntry(customer: c, created: nil, forgottenOn: today.iso, reference: nil, at: "2099-01-01T00:00:00Z"),
        ])
        let outcome = try Register.restore(backup, over: path, today: today)
        #expect(outcome.replayed == [d])
        #expect(try names(path) == ["Aino Laine", "Bertta Öhman", "Cecilia Åberg"])
    }

    // MARK: (b) only committed erasures are logged

    /// Found: a forget that failed was still written to the erasure log and carried out at the
    /// next restore. Every way a forget's transaction can fail leaves no line.
    @Test func aForgetThatFailsLeavesNoLine() throws {
        let failures: [(String, (Register) throws -> Void, (Register) throws -> Void)] = [
            ("read-only", { try $0.db.execute("PRAGMA query_only = ON") }, { try $0.db.execute("PRAGMA query_only = OFF") }),
            ("busy", { _ in }, { _ in }),
        ]
        for (name, breakIt, mendIt) in failures {
            let folder = TemporaryFolder()
            let path = folder.file("r.sqlite")
            let register = try Register.open(at: path)
            let n = try add(register, "Eero", "Mäenpää")
            let backup = try register.backup()
            try breakIt(register)
            var writer: Database? = nil
            if name == "busy" {
                try register.db.execute("PRAGMA busy_timeout = 50")
                writer = try Database(path: path, create: false)
                try writer?.execute("BEGIN IMMEDIATE")
            }
            #expect(throws: StoreError.self, "\(name)") { try register.forget(n, on: today) }
            try writer?.execute("ROLLBACK")
            writer = nil
            try mendIt(register)
            #expect(try register.erasureLog().isEmpty, "\(name)")
            #expect(try register.db.scalarInt("SELECT count(*) FROM erasure_pending") == 0, "\(name)")
            #expect(try register.customer(n) != nil, "\(name)")
            register.close()
            #expect(try Register.restore(backup, over: path, today: today).replayed.isEmpty, "\(name)")
            #expect(try names(path) == ["Eero Mäenpää"], "\(name)")
        }
    }

    /// A forget that committed but could not write the log (here: a folder in its place) says so,
    /// and the line is written the next time Kortisto opens the register, exactly once.
    @Test func aCommittedErasureReachesTheLogLater() throws {
        let register = try Register.open(at: path)
        let n = try add(register, "Eero", "Mäenpää")
        try FileManager.default.createDirectory(atPath: register.erasureLogPath, withIntermediateDirectories: false)
        let outcome = try register.forget(n, on: today)
        #expect(!outcome.logged && outcome.scrubbed)
        #expect(try register.customer(n) == nil)
        register.close()
        try FileManager.default.removeItem(atPath: folder.file("r.sqlite.erasures"))
        let reopened = try Register.open(at: path)
        #expect(try reopened.erasureLog().map(\.customer) == [n])
        #expect(try reopened.erasureLog().first?.created != nil)
        #expect(try reopened.db.scalarInt("SELECT count(*) FROM erasure_pending") == 0)
        reopened.close()
        #expect(try Register.open(at: path).erasureLog().count == 1)
    }

    /// A log that lost lines (deleted, or its last append cut short) still cannot bring anyone
    /// back: the replaced register's own tombstones are replayed too; a torn last line is ended
    /// before the next append; a log that exists but cannot be read refuses the restore.
    @Test func aDamagedLogNeverBringsAnyoneBack() throws {
        let register = try Register.open(at: path)
        let a = try add(register, "Aino", "Laine")
        let b = try add(register, "Bertta", "Öhman")
        let backup = try register.backup()
        try register.forget(a, on: today)
        // Power lost mid-append: a line cut short, then the next forget.
        let log = register.erasureLogPath
        let handle = try #require(FileHandle(forWritingAtPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"customer\":99,\"crea".utf8))
        try handle.close()
        try register.forget(b, on: today)
        #expect(try register.erasureLog().map(\.customer) == [a, b])
        register.close()
        // Every line lost: the tombstones in the register still say who was forgotten.
        try FileManager.default.removeItem(atPath: log)
        #expect(try Register.restore(backup, over: path, today: today).replayed.sorted() == [a, b])
        #expect(try names(path).isEmpty)
        // A log that cannot be read is not an empty log.
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: false)
        #expect(throws: StoreError.self) { try Register.restore(backup, over: path, today: today) }
        #expect(try names(path).isEmpty, "nothing was replaced")
    }

    /// One file, one lock: a register opened through a link cannot be restored through its
    /// real name, and a restore through a link replaces the file, not the link.
    @Test func aLinkAndItsTargetAreOneRegister() throws {
        let link = folder.file("link.sqlite")
        let register = try Register.open(at: path)
        try add(register, "Aino", "Laine")
        let backup = try register.backup()
        try add(register, "Bertta", "Öhman")
        register.close()
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let throughLink = try Register.open(at: link)
        #expect(throws: StoreError.openElsewhere(path: path)) { try Register.restore(backup, over: path, today: today) }
        throughLink.close()
        #expect(try Register.restore(backup, over: link, today: today).customers == 1)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == path)
        #expect(try names(path) == ["Aino Laine"])
    }

    // MARK: (c) another process has the register open

    /// Found: restore succeeded while the interface had the register open, and everything
    /// entered afterwards went to a file that no longer existed.
    @Test func refusedWhileTheRegisterIsOpenElsewhere() throws {
        let register = try Register.open(at: path)
        try add(register, "Aino", "Laine")
        let backup = try register.backup()
        try add(register, "Bertta", "Öhman")
        #expect(Register.isOpenElsewhere(path))
        #expect(throws: StoreError.openElsewhere(path: path)) { try Register.restore(backup, over: path, today: today) }
        // Nothing was replaced: the open register goes on working, and nothing is left beside it.
        try add(register, "Cecilia", "Åberg")
        #expect(try register.countCustomers() == 3)
        #expect(!FileManager.default.fileExists(atPath: path + ".restoring"))
        register.close()
        #expect(!Register.isOpenElsewhere(path))
        #expect(try Register.restore(backup, over: path, today: today).customers == 1)
    }

    /// While a restore replaces the file, nobody may open it.
    @Test func theRegisterCannotBeOpenedDuringARestore() throws {
        try Register.open(at: path).close()
        let restoring = try RegisterLock(path, .exclusive)
        #expect(throws: StoreError.restoreInProgress(path: path)) { try Register.open(at: path) }
        restoring.release()
        #expect(try Register.open(at: path).countCustomers() == 0)
    }

    // MARK: (d) the backup is checked first

    /// Found: a corrupt backup was installed without a check and the live register then failed
    /// `integrity_check`. Every kind of bad backup is refused before anything is replaced.
    @Test func everyBadBackupIsRefusedAndChangesNothing() throws {
        let register = try Register.open(at: path)
        for i in 0..<400 { try add(register, "Asiakas", "Numero\(i)") }
        let good = try register.backup()
        register.close()
        let goodBytes = try #require(FileManager.default.contents(atPath: good))
        let pageSize = 16384

        func variant(_ name: String, _ bytes: Data) -> String {
            let file = folder.file(name)
            _ = FileManager.default.createFile(atPath: file, contents: bytes)
            return file
        }
        var damaged = goodBytes
        // A page of the customer table's b-tree overwritten with noise (not the header page).
        damaged.replaceSubrange(pageSize * 2 ..< pageSize * 2 + 4000, with: Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        let foreign = folder.file("foreign.sqlite")
        let other = try Database(path: foreign, create: true)
        try other.execute("CREATE TABLE muistiinpano(teksti TEXT); INSERT INTO muistiinpano VALUES ('hei')")
        other.close()
        let newer = variant("newer.sqlite", goodBytes)
        let edit = try Database(path: newer, create: false)
        try edit.execute("PRAGMA user_version = 999")
        edit.close()
        let cases: [(String, String, (StoreError) -> Bool)] = [
            ("damaged", variant("damaged.sqlite", damaged), { if case .damagedBackup = $0 { true } else { false } }),
            ("truncated", variant("truncated.sqlite", goodBytes.prefix(goodBytes.count / 2)), { if case .damagedBackup = $0 { true } else { false } }),
            ("text", variant("notes.txt", Data("Aino Laine, Turku".utf8)), { $0 == .notSQLite(path: self.folder.file("notes.txt")) }),
            ("empty", variant("empty.sqlite", Data()), { $0 == .notSQLite(path: self.folder.file("empty.sqlite")) }),
            ("foreign", foreign, { $0 == .notARegister(path: foreign) }),
            ("newer", newer, { if case .newerSchema = $0 { true } else { false } }),
            ("folder", folder.file("backups"), { if case .cannotOpen = $0 { true } else { false } }),
            ("missing", folder.file("nowhere.sqlite"), { if case .notFound = $0 { true } else { false } }),
        ]
        let before = try filesBeside()
        for (name, backup, expected) in cases {
            let original = FileManager.default.contents(atPath: backup)
            do {
                _ = try Register.restore(backup, over: path, today: today)
                Issue.record("\(name): restored")
            } catch {
                #expect(expected(error), "\(name): \(error)")
            }
            let after = try filesBeside()
            #expect(after == before, "\(name): left \(Set(after).subtracting(before))")
            #expect(try integrityOK(path), "\(name)")
            #expect(try Register.open(at: path).countCustomers() == 400, "\(name)")
            #expect(FileManager.default.contents(atPath: backup) == original, "\(name): the backup was changed")
        }
        #expect(try Register.restore(good, over: path, today: today).customers == 400)
    }

    // MARK: (e) a killed restore leaves nothing behind

    /// A restore stopped before its rename leaves its staged copy; the next open removes it
    /// (it may hold people forgotten since the backup) and the old register is intact.
    @Test func aStagedCopyLeftByAKilledRestoreIsRemovedAtTheNextOpen() throws {
        let register = try Register.open(at: path)
        try add(register, "Aino", "Laine")
        register.close()
        for suffix in ["", "-wal", "-shm", "-journal"] {
            _ = FileManager.default.createFile(atPath: path + ".restoring" + suffix, contents: Data("Bertta Öhman".utf8))
        }
        #expect(try names(path) == ["Aino Laine"])
        #expect(try filesBeside() == ["r.sqlite", "r.sqlite-shm", "r.sqlite-wal", "r.sqlite.lock"].filter { FileManager.default.fileExists(atPath: folder.file($0)) })
        #expect(!(try filesBeside()).contains { $0.contains("restoring") })
    }
}
