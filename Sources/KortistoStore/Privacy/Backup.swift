import Foundation
import KortistoCore

extension Register {
    /// The default backup folder beside the register (created 0700).
    public var backupFolder: String { (path as NSString).deletingLastPathComponent + "/backups" }

    /// Writes a consistent, compact copy of the register (VACUUM INTO) to `destination`, or to a
    /// timestamped file in `backupFolder`. The copy is created 0600 and never replaces a file.
    /// Returns the path written.
    @discardableResult
    public func backup(to destination: String? = nil) throws(StoreError) -> String {
        let target: String
        if let destination {
            target = destination
        } else {
            do {
                try FileManager.default.createDirectory(atPath: backupFolder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotOpen(path: backupFolder, reason: "cannot create the backup folder: \(error.localizedDescription)")
            }
            let stamp = now().ISO8601Format(.iso8601.year().month().day().dateSeparator(.omitted).time(includingFractionalSeconds: false).timeSeparator(.omitted))
            let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            target = backupFolder + "/\(base)-\(stamp.replacingOccurrences(of: ":", with: "")).sqlite"
        }
        guard !FileManager.default.fileExists(atPath: target) else {
            throw .refused("\(target) already exists; a backup never replaces a file")
        }
        // An empty file of our own first, so the copy is private from its first byte.
        let fd = Foundation.open(target, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: target, reason: String(cString: strerror(errno))) }
        close(fd)
        do {
            try db.run("VACUUM INTO ?", target)
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
        return target
    }

    /// Replaces the register at `path` with the backup at `backup`, then replays the erasure log
    /// so people forgotten since the backup stay forgotten. The backup file itself is not changed.
    /// Returns the customer numbers forgotten again.
    public static func restore(_ backup: String, over path: String) throws(StoreError) -> (replayed: [Int64], customers: Int) {
        guard FileManager.default.fileExists(atPath: backup) else { throw .notFound("backup \(backup)") }
        // Check the backup is a register before touching anything (opening a copy, not the original).
        let staging = path + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: staging)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: staging)
        } catch {
            throw .cannotOpen(path: backup, reason: "cannot copy it: \(error.localizedDescription)")
        }
        let replayed: [Int64]
        let customers: Int
        do {
            let restored = try Register.open(at: staging)
            let log = try ErasureLog.read(path + ".erasures")
            replayed = try restored.replayErasureLog(log)
            customers = try restored.countCustomers()
            try restored.checkpoint()
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
            throw error
        }
        // The staged copy is complete and closed: move it into place, dropping the old side files.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard rename(staging, path) == 0 else {
            throw .cannotOpen(path: path, reason: "cannot replace it: \(String(cString: strerror(errno)))")
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        return (replayed, customers)
    }
}

/// Reading the erasure log without a register open.
enum ErasureLog {
    static func read(_ path: String) throws(StoreError) -> [ErasureLogEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(ErasureLogEntry.self, from: Data($0)) }
    }
}
