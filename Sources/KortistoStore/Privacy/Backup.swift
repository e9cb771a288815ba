import Foundation
import KortistoCore

extension Register {
    /// The default backup folder beside the register (created 0700). `path` is absolute (open
    /// makes it so), also when the register was named by a bare file name (`--db r.sqlite`).
    public var backupFolder: String { PathName.folderOrCurrent(path) + "/backups" }

    /// Writes a consistent, compact copy of the register (VACUUM INTO) to `destination`, or to a
    /// timestamped file in `backupFolder`. The copy is created 0600 and never replaces a file.
    /// Returns the path written.
    @discardableResult
    public func backup(to destination: String? = nil) throws(StoreError) -> String {
        var candidates: [String]
        if let destination {
            candidates = [destination]
        } else {
            do {
                try FileManager.default.createDirectory(atPath: backupFolder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotOpen(path: backupFolder, reason: "cannot create the backup folder: \(error.localizedDescription)")
            }
            let stamp = now().ISO8601Format(.iso8601.year().month().day().dateSeparator(.omitted).time(includingFractionalSeconds: false).timeSeparator(.omitted))
            let base = backupFolder + "/" + PathName.stem(path) + "-" + stamp.replacingOccurrences(of: ":", with: "")
            // Two backups in one second get -2, -3…: the default name never refuses.
            candidates = [base + ".sqlite"] + (2...99).map { base + "-\($0).sqlite" }
        }
        // An empty file of our own first, so the copy is private from its first byte; O_EXCL,
        // so a backup never replaces a file.
        var target: String? = nil
        for candidate in candidates {
            let fd = Foundation.open(candidate, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 {
                Foundation.close(fd)
                target = candidate
                break
            }
            guard errno == EEXIST else { throw .cannotOpen(path: candidate, reason: String(cString: strerror(errno))) }
        }
        guard let target else { throw .refused(Refusal("{0} already exists; a backup never replaces a file", "\(candidates[0])")) }
        // SQLite writes the copy under a hidden name beside it; only a whole, synced copy gets
        // the backup's name (which our empty file holds meanwhile, so nobody else takes it).
        let partial = PathName.folderOrCurrent(target)
            + "/." + PathName.name(target) + ".partial"
        unlink(partial)
        let fd = Foundation.open(partial, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            unlink(target)
            throw .cannotOpen(path: partial, reason: String(cString: strerror(errno)))
        }
        Foundation.close(fd)
        do throws(StoreError) {
            try db.run("VACUUM INTO ?", partial)
            let copy = Foundation.open(partial, O_RDONLY | O_CLOEXEC)
            guard copy >= 0, fsync(copy) == 0 else {
                if copy >= 0 { Foundation.close(copy) }
                throw StoreError.refused(Refusal("cannot write the backup {0}: {1}; nothing was kept", "\(target)", "\(String(cString: strerror(errno)))"))
            }
            Foundation.close(copy)
            guard rename(partial, target) == 0 else {
                throw StoreError.refused(Refusal("cannot write the backup {0}: {1}; nothing was kept", "\(target)", "\(String(cString: strerror(errno)))"))
            }
        } catch {
            unlink(partial)
            unlink(target)
            throw error
        }
        return target
    }

    /// Whether another Kortisto (the interface, a command) has the register open now.
    public static func isOpenElsewhere(_ path: String) -> Bool { RegisterLock.isHeld(RegisterLocation.canonical(path)) }

    /// Replaces the register at `path` with the backup at `backup`, then forgets again everyone
    /// forgotten since the backup was taken. The backup file itself is not changed.
    ///
    /// Every way this can end leaves a usable register and nothing else: refused while another
    /// Kortisto has the register open (it would go on writing to a file that is gone); the
    /// backup is checked (SQLite, `integrity_check`, a register, not newer than this program)
    /// before anything is replaced; the copy is prepared beside the register and moved over it
    /// in one `rename`, so a failure, a full disk or a kill before that leaves the old register
    /// as it was, and its leftover copy is removed here or by the next open. Customer numbers
    /// are never given twice: the restored register continues above the highest number the
    /// replaced one and the erasure log ever had.
    public static func restore(_ backup: String, over given: String, today: LocalDate) throws(StoreError) -> RestoreOutcome {
        // Replace the file itself, never a link to it, and lock what every open locks.
        let path = RegisterLocation.canonical(given)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: backup, isDirectory: &isDirectory) else { throw .notFound(Refusal("backup {0}", "\(backup)")) }
        guard !isDirectory.boolValue else { throw .cannotOpen(path: backup, reason: "it is a folder, not a file") }
        if let a = realpath(backup, nil), let b = realpath(path, nil) {
            defer { free(a); free(b) }
            guard strcmp(a, b) != 0 else { throw .refused(Refusal("{0} is the register itself, not a backup of it", "\(backup)")) }
        }
        let lock: RegisterLock
        do {
            lock = try RegisterLock(path, .exclusive)
        } catch .held {
            throw .openElsewhere(path: path)
        } catch {
            throw .cannotOpen(path: path, reason: "its folder cannot be written to")
        }
        defer { lock.release() }
        RestoreStaging.removeLeftovers(of: path)

        // What the register being replaced knows that the backup does not.
        var highWater: Int64 = 0
        var replacedUnreadable = false
        var log: [ErasureLogEntry] = []
        // People the replaced register still has: an old log line about one of them never committed.
        var alive = Set<String>()
        if FileManager.default.fileExists(atPath: path) {
            do throws(StoreError) {
                let live = try Register.open(at: path, locking: false)
                defer { live.close() }
                // Erasures it committed but had not yet logged go into the log the replay reads.
                try live.appendPendingLines()
                log = try ErasureLog.read(path + ".erasures")
                // The register's own tombstones too: an erasure whose log line was lost is still an erasure.
                let logged = Set(log.map { "\($0.customer) \($0.created ?? "")" })
                let tombstones = try live.tombstones().map {
                    ErasureLogEntry(customer: $0.number, created: $0.createdAt, forgottenOn: $0.forgottenOn.iso, reference: nil, at: $0.updatedAt)
                }
                log += tombstones.filter { !logged.contains("\($0.customer) \($0.created ?? "")") }
                highWater = try live.db.scalarInt("SELECT seq FROM sqlite_sequence WHERE name = 'customer'") ?? 0
                for entry in log where entry.created == nil {
                    if let created = try live.read({ try live.db.first("SELECT created_at FROM customer WHERE number = ? AND forgotten_on IS NULL", [entry.customer]) { $0.text(0) } }) {
                        alive.insert("\(entry.customer) \(created)")
                    }
                }
                // Its WAL is emptied so that the file alone is the register until the rename.
                guard try live.checkpoint() else { throw StoreError.openElsewhere(path: path) }
            } catch {
                // Only a damaged register may be replaced without reading it whole (the reason to
                // restore); anything else (busy, permissions, a full disk, not ours) refuses.
                guard error.isDamage else { throw error }
                replacedUnreadable = true
                // What the damaged file could not tell: the log alone, and everyone in it stays forgotten.
                log = try ErasureLog.read(path + ".erasures")
                alive = []
                highWater = 0
            }
        } else {
            log = try ErasureLog.read(path + ".erasures")
        }
        highWater = max(highWater, log.map(\.customer).max() ?? 0)

        let staging = RestoreStaging.path(for: path)
        let outcome: RestoreOutcome
        do throws(StoreError) {
            try copyPrivately(backup, to: staging)
            try checkIntegrity(staging, reportedAs: backup)
            let restored: Register
            do {
                restored = try Register.open(at: staging, locking: false)
            } catch {
                throw error.naming(backup, for: staging)
            }
            defer { restored.close() }
            let replayed = try restored.write {
                let replayed = try restored.replayErasureLog(log, alive: alive, on: today)
                try restored.db.run("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'customer'", highWater)
                try restored.audit("restore", "register", nil)
                return replayed
            }
            let next = (try restored.db.scalarInt("SELECT seq FROM sqlite_sequence WHERE name = 'customer'") ?? 1000) + 1
            outcome = RestoreOutcome(customers: try restored.countCustomers(), replayed: replayed, nextNumber: next,
                                     replacedUnreadable: replacedUnreadable)
            guard try restored.checkpoint() else { throw StoreError.refused(Refusal("cannot finish the restored copy")) }
        } catch {
            RestoreStaging.removeLeftovers(of: path)
            throw error
        }
        // The staged copy is complete, checked and closed. The old register's WAL is empty, so
        // removing its side files loses nothing even if we are stopped right here.
        for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
        guard rename(staging, path) == 0 else {
            let reason = String(cString: strerror(errno))
            RestoreStaging.removeLeftovers(of: path)
            throw .cannotOpen(path: path, reason: "cannot replace it: \(reason)")
        }
        syncFolder(of: path)
        RestoreStaging.removeLeftovers(of: path)
        return outcome
    }

    /// Copies `source` to a new file `target` through the one private writer: 0600, named only
    /// when whole and synced, so a kill or a full disk during the copy leaves nothing under any name.
    private static func copyPrivately(_ source: String, to target: String) throws(StoreError) {
        let input = Foundation.open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .cannotOpen(path: source, reason: String(cString: strerror(errno))) }
        defer { Foundation.close(input) }
        do {
            let output = try PrivateFileWriter(path: target, replace: false)
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = buffer.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else {
                    output.discard()
                    throw StoreError.cannotOpen(path: source, reason: String(cString: strerror(errno)))
                }
                if count == 0 { break }
                try output.write(Array(buffer[0..<count]))
            }
            try output.commit()
        } catch let error as PrivateFileWriter.Failure {
            throw .refused(Refusal("cannot copy the backup beside the register ({0}); the register was left as it was", "\(error)"))
        } catch let error as StoreError {
            throw error
        } catch {
            throw .refused(Refusal("{0}", "\(error)"))
        }
    }

    /// SQLite's own check of every page and index of the copy, before it may replace anything.
    private static func checkIntegrity(_ staging: String, reportedAs backup: String) throws(StoreError) {
        let fd = Foundation.open(staging, O_RDONLY | O_CLOEXEC)
        var header = [UInt8](repeating: 0, count: 16)
        let count = fd >= 0 ? header.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, 16) } : -1
        if fd >= 0 { Foundation.close(fd) }
        guard count == 16, header == Array("SQLite format 3\0".utf8) else { throw .notSQLite(path: backup) }
        let problems: [String]
        do {
            let db = try Database(path: staging, create: false)
            defer { db.close() }
            problems = try db.rows("PRAGMA integrity_check(10)", []) { $0.text(0) }
        } catch {
            throw .damagedBackup(path: backup, detail: "\(error)")
        }
        guard problems == ["ok"] else {
            throw .damagedBackup(path: backup, detail: "integrity check: " + problems.prefix(3).joined(separator: "; "))
        }
    }

    private static func syncFolder(of path: String) {
        let fd = Foundation.open(PathName.folderOrCurrent(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        Foundation.close(fd)
    }
}

/// What a restore did.
public struct RestoreOutcome: Sendable, Equatable {
    public var customers: Int
    /// People forgotten after the backup was taken, forgotten again.
    public var replayed: [Int64]
    /// The number the next new customer gets: above every number the register ever gave.
    public var nextNumber: Int64
    /// The register replaced could not be read (damaged): numbers given since the backup, and
    /// erasures it had not yet written to the log, were known only from the erasure log.
    public var replacedUnreadable: Bool
}

/// The copy a restore prepares beside the register: it holds the backup's data, perhaps people
/// forgotten since, until the replay, so it never outlives the restore.
enum RestoreStaging {
    static func path(for register: String) -> String { register + ".restoring" }

    static func removeLeftovers(of register: String) {
        let staging = path(for: register)
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(staging + suffix) }
    }
}

extension StoreError {
    /// The same refusal, naming the file the user gave instead of the staged copy.
    func naming(_ backup: String, for staging: String) -> StoreError {
        switch self {
        case .notSQLite: .notSQLite(path: backup)
        case .notARegister: .notARegister(path: backup)
        case let .newerSchema(_, found, supported): .newerSchema(path: backup, found: found, supported: supported)
        case let .cannotOpen(_, reason): .cannotOpen(path: backup, reason: reason)
        default: self
        }
    }
}

/// Reading the erasure log without a register open.
enum ErasureLog {
    /// Every whole line of the log; none when there is no log yet. A file that exists but
    /// cannot be read is an error, never an empty log: a restore that read nothing would bring
    /// back everyone forgotten since the backup. A line cut short by a lost append is skipped:
    /// its erasure stayed waiting in the register and was appended again whole.
    static func read(_ path: String) throws(StoreError) -> [ErasureLogEntry] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return [] }
            throw .refused(Refusal("cannot read the erasure log {0}: {1}; nothing was changed", "\(path)", "\(error.localizedDescription)"))
        }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(ErasureLogEntry.self, from: Data($0)) }
    }
}
