import CSQLite
import KortistoCore

/// Why the store refused or failed. Every case reads as a sentence a user can act on.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case notSQLite(path: String)
    case notARegister(path: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case sqlite(code: Int32, message: String, sql: String?)
    /// What was not found (`order {0}`), said in each surface's language.
    case notFound(Refusal)
    case refused(Refusal)
    case changedElsewhere(customer: Int64)
    case orderChangedElsewhere(order: Int64)
    /// A stored value this program does not know (a register written by a newer Kortisto, or
    /// changed by another program): an error, never quietly read as some default.
    case unknownStoredValue(what: String, value: String)
    /// Processing is restricted (GDPR Art. 18): only storing and lifting the restriction are allowed.
    case restricted(customer: Int64, reason: String)
    /// A restore was refused: another Kortisto has the register open.
    case openElsewhere(path: String)
    /// The register cannot be opened while a restore replaces it.
    case restoreInProgress(path: String)
    /// The register's folder cannot be written (a read-only disk or mount): SQLite keeps its
    /// side files (-wal, -shm) beside the register and cannot open it without them.
    case readOnlyFolder(path: String)
    /// The file to restore from fails SQLite's integrity check.
    case damagedBackup(path: String, detail: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open the register \(path): \(reason)"
        case let .notSQLite(path):
            return "\(path) is not a Kortisto register (not an SQLite database); it was left unchanged"
        case let .notARegister(path):
            return "\(path) is an SQLite database but not a Kortisto register; it was left unchanged"
        case let .newerSchema(path, found, supported):
            return "\(path) was written by a newer Kortisto (register version \(found); this program knows up to \(supported)). Update Kortisto to open it; the file was left unchanged"
        case let .sqlite(code, message, _):
            if code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED {
                return "the register is busy (another Kortisto is writing to it); try again"
            }
            if code & 0xFF == SQLITE_FULL { return "the disk is full; nothing was saved" }
            if code & 0xFF == SQLITE_READONLY { return "the register file is read-only; nothing was saved" }
            if isDamage {
                return "the register file is damaged (\(message)). Restore your newest backup with 'kortisto restore BACKUP' "
                    + "(they are in the backups folder beside the register unless you wrote them elsewhere); a restore checks the backup first"
            }
            return "database error \(code): \(message)"
        case let .readOnlyFolder(path):
            return "cannot open the register \(path): its folder is read-only, and SQLite writes its side files (-wal, -shm) beside the register. "
                + "Copy the register to a folder you can write to"
        case let .notFound(what):
            return "\(what.message) not found"
        case let .refused(why):
            return why.message
        case let .changedElsewhere(number):
            return "customer \(number) was changed elsewhere after you started editing"
        case let .orderChangedElsewhere(id):
            return "order \(id) was changed elsewhere after you started editing"
        case let .unknownStoredValue(what, value):
            return "the register holds '\(value)' where this program expects \(what) (written by a newer Kortisto, or changed by another program); nothing was changed"
        case let .restricted(number, reason):
            return "customer \(number) is under restriction of processing (\(reason)): only keeping the data and lifting the restriction are allowed; lift it with 'kortisto unrestrict \(number)'"
        case let .openElsewhere(path):
            return "\(path) is open in another Kortisto (the interface or a command); close it and try again. Nothing was changed"
        case let .restoreInProgress(path):
            return "\(path) is being restored from a backup; try again in a moment"
        case let .damagedBackup(path, detail):
            return "\(path) is damaged (\(detail)); the register was left as it was"
        }
    }
}

extension StoreError {
    /// The file is not a sound SQLite database any more (a failing disk, a bad copy).
    public var isDamage: Bool {
        guard case let .sqlite(code, _, _) = self else { return false }
        return code & 0xFF == SQLITE_CORRUPT || code & 0xFF == SQLITE_NOTADB
    }
}

extension StoreError: Explainable {
    public var explanation: (key: String, arguments: [String])? {
        switch self {
        case let .restricted(number, reason): ("error.restricted", [String(number), reason])
        case let .openElsewhere(path): ("error.open_elsewhere", [path])
        case let .restoreInProgress(path): ("error.restore_in_progress", [path])
        case let .readOnlyFolder(path): ("error.read_only_folder", [path])
        case let .damagedBackup(path, _): ("error.damaged_backup", [path])
        case let .notSQLite(path), let .notARegister(path): ("error.not_a_register", [path])
        case let .newerSchema(path, _, _): ("error.newer_register", [path])
        case let .changedElsewhere(number): ("error.changed_elsewhere", [String(number)])
        case let .orderChangedElsewhere(id): ("error.order_changed_elsewhere", [String(id)])
        case let .sqlite(code, _, _):
            switch code & 0xFF {
            case SQLITE_BUSY, SQLITE_LOCKED: ("error.busy", [])
            case SQLITE_FULL: ("error.disk_full", [])
            case SQLITE_READONLY: ("error.read_only", [])
            case SQLITE_CORRUPT, SQLITE_NOTADB: ("error.damaged_register", [])
            default: nil
            }
        // The reason is the system's (`Permission denied`), which each language translates.
        case let .cannotOpen(path, reason): ("error.cannot_open", [path, reason])
        case .unknownStoredValue: nil
        // Sentences: the interface says them through `sentence` (`StoreError.sentence`).
        case .notFound, .refused: nil
        }
    }
}

extension StoreError {
    /// A refusal or a "not found" as a sentence of the use cases (`{0}` for values), for the
    /// interface to say in its language; "not found" names what, itself a sentence.
    public var sentence: (format: String, arguments: [String], what: Refusal?)? {
        switch self {
        case let .refused(refusal): (refusal.format, refusal.arguments, nil)
        case let .notFound(what): ("{0} not found", [], what)
        default: nil
        }
    }
}

extension StoreError: ConflictReporting {
    public var isConflict: Bool {
        switch self {
        case .changedElsewhere, .orderChangedElsewhere: true
        default: false
        }
    }
}
