import CSQLite
import Foundation
import KortistoCore

/// The customer register: one SQLite file, one connection, owned by the program's single loop.
///
/// Opening checks that the file is a Kortisto register (or new and empty) before anything may
/// write to it, then sets the connection up and migrates the schema forward.
public final class Register {
    public let db: Database
    public var path: String { db.path }
    /// The clock for timestamps; tests set it.
    public var now: () -> Date = Date.init
    /// The shared lock that tells a restore this register is open (nil where the folder is read-only).
    private var lock: RegisterLock?
    /// The last `data_version` the interface was told about (`changesElsewhere`).
    var lastSeenChangeMark: Int64?
    /// How many windows of the list were read (`window(matching:from:limit:)`): the benchmark
    /// counts the searches a burst of typing costs.
    public internal(set) var windowsRead = 0
    /// The last ranked window's word with its customers in name order, kept while the register
    /// is unchanged (`nameOrdered`, `keptRows()`); dropped around every write (`write`), when a
    /// change made elsewhere is seen (`changesElsewhere`, `keptRows()`), by a search without its
    /// word (`plan`, `walkedTogether`) and on closing, so a forgotten person's key is not kept in memory either.
    var keptWord: KeptWord?
    /// The word of the last window of a word alone read from SQLite's top rows (`firstRows`).
    var lastWordAlone: String?
    /// The last word alone found to have more rows than are ever read whole (`firstRows`): it
    /// is walked at every window without counting them again.
    var commonWordAlone: String?
    /// Settable by tests: a ranked window reads another word's customers whole once they are
    /// fewer than this many times the candidates checked (`rankedWindow`).
    var wordSetBudget = 30
    /// Settable by tests: the index rows from which every word of a query has enough to be
    /// walked together in name order (`walkedTogether`), and how many of SQLite's instructions
    /// those walks may run before they give up for the plans that count (a million: about
    /// 30 ms at a million customers, where the plans that count took 25–35 ms for two
    /// common words; the benchmark's words walked together ran 4,000–280,000).
    var walkedTogetherFrom = 5_000
    var walkedTogetherBudget = 1_000_000
    /// Settable by tests: the index rows from which every word of a query is counted by
    /// reading its customers into a set (`countedInSets`), where the rarest word's customers
    /// would each cost a seek.
    var countedInSetsFrom: Int64 = 2_000
    /// Whether numbers are listed for queries being run (`withListed`).
    var listing = false
    /// How many windows were found by walking their words together (tests, the benchmark).
    public internal(set) var windowsWalkedTogether = 0

    private init(db: Database, lock: RegisterLock?) {
        self.db = db
        self.lock = lock
    }

    /// Closes the connection and gives the lock back; the register cannot be used afterwards.
    /// The connection goes first: a restore may begin the moment the lock is free.
    public func close() {
        keptWord = nil
        db.close()
        lock?.release()
        lock = nil
    }

    deinit { close() }

    /// Opens the register at `path`, creating it (mode 0600) when the file does not exist.
    /// The folder must exist; see `RegisterLocation` for the default one.
    /// `announce` hears, before it starts, that an existing register is being brought up to
    /// date (rebuilding the search index takes seconds on a large one), and that a file others
    /// could read was made the user's alone.
    public static func open(at path: String, announce: ((Announcement) -> Void)? = nil) throws(StoreError) -> Register {
        try open(at: path, locking: true, announce: announce)
    }

    /// `locking: false` is for a restore, which holds the lock exclusively itself, and for the
    /// staged copy it prepares (nobody else knows that file).
    static func open(at given: String, locking: Bool, announce: ((Announcement) -> Void)? = nil) throws(StoreError) -> Register {
        // The lock, the erasure log and a restore's copy belong to the file itself, whatever
        // link or relative path named it.
        let path = RegisterLocation.canonical(given)
        var lock: RegisterLock? = nil
        if locking {
            do {
                lock = try RegisterLock(path, .shared)
            } catch .held {
                throw .restoreInProgress(path: path)
            } catch {
                let reason = String(cString: strerror(errno))
                // Without the lock a restore could replace the file under us: go on only where
                // nobody can write the register anyway (a read-only disk or file).
                guard FileManager.default.fileExists(atPath: path), access(path, W_OK) != 0 else {
                    throw .refused(Refusal("cannot make the register's lock file {0}: {1}", RegisterLock.path(for: path), reason))
                }
            }
            // A restore that was killed left its staged copy (old data, perhaps people forgotten
            // since): nobody is restoring now, so it goes before anything else happens.
            RestoreStaging.removeLeftovers(of: path)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw .cannotOpen(path: path, reason: "it is a folder, not a file") }
            try checkHeader(path)
            if locking { makePrivate(path, announce: announce) }
        } else {
            try createPrivateFile(path)
        }
        let db = try Database(path: path, create: false)
        let register = Register(db: db, lock: lock)
        do {
            try register.identify()
            try register.configure()
            try register.migrate(announce: announce)
        } catch let .sqlite(code, _, _) where code & 0xFF == SQLITE_CANTOPEN && access(PathName.folderOrCurrent(path), W_OK) != 0 {
            throw .readOnlyFolder(path: path)
        }
        // Erasures a forget could not log or scrub then; failing here must not keep anyone out
        // of the register (it is tried again at the next open, and before any restore).
        if locking { _ = try? register.finishPendingErasures() }
        return register
    }

    /// A register copied or created by another program may be readable by others (0644, 0666):
    /// it is made 0600, with its side files, and the user is told. A file we may not change
    /// (someone else's, read-only media) is left as it is.
    private static func makePrivate(_ path: String, announce: ((Announcement) -> Void)?) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 != 0, chmod(path, 0o600) == 0 else { return }
        for suffix in ["-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
        announce?(Announcement("{0} could be read by others (mode {1}); it is now readable only by you (0600).", path, String(info.st_mode & 0o777, radix: 8)))
    }

    /// SQLite's 16-byte magic, so a foreign file is refused before SQLite touches it.
    private static func checkHeader(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpen(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return } // an empty file is a new database to SQLite
        guard header == Data("SQLite format 3\0".utf8) else { throw .notSQLite(path: path) }
    }

    /// Creates the file with mode 0600 ourselves: SQLite would use 0644, and its -wal and -shm
    /// files copy the main file's mode.
    private static func createPrivateFile(_ path: String) throws(StoreError) {
        let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            // Another process created it a moment ago: open that one like any existing file.
            if errno == EEXIST { return try checkHeader(path) }
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        Foundation.close(fd)
    }

    /// Refuses files that are not ours, or written by a newer version, without changing them.
    private func identify() throws(StoreError) {
        let applicationID: Int64, version: Int64, objects: Int64
        do {
            // One read transaction, so all three come from the same moment even while another
            // process is creating the register.
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            applicationID = try db.scalarInt("PRAGMA application_id") ?? 0
            version = try db.scalarInt("PRAGMA user_version") ?? 0
            objects = try db.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0
        } catch {
            if case let .sqlite(code, _, _) = error, code & 0xFF == SQLITE_NOTADB { throw .notSQLite(path: path) }
            throw error
        }
        if applicationID != Int64(Schema.applicationID) {
            guard objects == 0 && version == 0 else { throw .notARegister(path: path) }
        } else if version > Schema.latestVersion {
            throw .newerSchema(path: path, found: Int(version), supported: Schema.latestVersion)
        }
    }

    /// page_size applies to a new file only (an existing register keeps its own): 16 KiB pages
    /// make a 100k import 15 % faster than SQLite's 4 KiB (fewer pages to split, search and
    /// write), and searching no slower. secure_delete zeroes freed pages; temp_store MEMORY
    /// keeps sorts and temporary tables (index builds, large ORDER BYs) out of unlinked files
    /// in /var/tmp, where customer data would stay on the disk after forgetting.
    ///
    /// Switching a new file to WAL needs the file to itself, and SQLite answers "busy" at once
    /// (without its busy handler) when another process opening the same new register holds it
    /// for a moment: that one step is tried again for as long as the busy timeout allows.
    private func configure() throws(StoreError) {
        let deadline = Date().addingTimeInterval(Double(Database.busyTimeout) / 1000)
        while true {
            do {
                try db.execute("PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;")
                break
            } catch {
                guard case let .sqlite(code, _, _) = error, code & 0xFF == SQLITE_BUSY, Date() < deadline else { throw error }
                usleep(10_000)
            }
        }
        try db.execute("""
            PRAGMA foreign_keys = ON;
            PRAGMA secure_delete = ON;
            PRAGMA trusted_schema = OFF;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA temp_store = MEMORY;
            """)
        try use(memory: .mapped)
    }

    /// How much memory the connection may hold of the file.
    public enum MemoryUse: Sendable {
        /// The file mapped into memory up to 256 MiB, and a 32 MiB page cache (how a register
        /// opens). The pages touched count as the process's memory.
        case mapped
        /// No map and an 8 MiB page cache: pages are read from the system's file cache as
        /// needed, so the process stays small however large the register. As fast as the map
        /// for anything that reads a window, a selection or the table in order (a search's list
        /// of 2,500 at 100k: the same 50 ms in 39 MB instead of 113 MB).
        case small
        /// Every customer (exports, whole lists, sync, the retention review): no map and a
        /// 16 MiB page cache, the same at any size. Exports and lists read their rows a chunk
        /// at a time in the table's order (`forEachChunk`), so a page is read about once: at
        /// 100k a CSV export takes the same second as mapped, in 87 MB instead of 153 (the
        /// pages touched through the map were the process's). A chunk of the whole-register
        /// file reads its customers and their histories from all over the file (some 70 MB at
        /// 100k): no cache holds them from one chunk to the next, so 16 MiB read as fast as 32
        /// (dec 3, interleaved: whole-register file 2.6–2.7 s in 88–90 MB against 2.6–2.8 s in
        /// 100–105; CSV 0.86–0.94 s in 58–60 MB against 0.79–0.89 s in 73–77; at a million
        /// 5.8–5.9 s in 112–115 MB against 5.5–9.8 s in 130); 8 MiB cost a tenth more time.
        /// The retention review reads in order of last activity, all over the file: 0.14–0.15 s
        /// at 100k, in 45 MB (32 MiB, interleaved: 0.16–0.21 s, 62 MB).
        case everything
    }

    /// The largest map (`mapped`).
    static let mapSize: Int64 = 268_435_456

    /// Sets how much of the file this connection keeps in memory (`mapped` when opened).
    public func use(memory: MemoryUse) throws(StoreError) {
        switch memory {
        case .mapped:
            try db.execute("PRAGMA cache_size = -32768; PRAGMA mmap_size = \(Self.mapSize);")
        case .small:
            try db.execute("PRAGMA cache_size = -8192; PRAGMA mmap_size = 0;")
        case .everything:
            try db.execute("PRAGMA cache_size = -16384; PRAGMA mmap_size = 0;")
        }
    }

    /// The schema version this file is at.
    public func schemaVersion() throws(StoreError) -> Int {
        Int(try db.scalarInt("PRAGMA user_version") ?? 0)
    }

    /// Brings the file up to the latest schema in one immediate transaction. The version is
    /// read again inside it: two processes opening a new register at once must not both migrate.
    private func migrate(announce: ((Announcement) -> Void)?) throws(StoreError) {
        guard try schemaVersion() < Schema.latestVersion else { return }
        try write {
            let current = try schemaVersion()
            let pending = Schema.migrations.filter { $0.version > current }
            if current > 0, !pending.isEmpty {
                announce?(Announcement("Updating the register to version {0}: {1}…", "\(Schema.latestVersion)", pending.map(\.name).joined(separator: "; ")))
            }
            var rebuilds: [Migration.Derived] = []
            for migration in pending {
                do {
                    try db.execute(migration.sql)
                    for step in migration.then {
                        switch step {
                        case let .code(body): try body(self)
                        case let .rebuild(derived): if !rebuilds.contains(derived) { rebuilds.append(derived) }
                        }
                    }
                    try db.execute("PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = \(migration.version)")
                } catch {
                    throw StoreError.refused(Refusal("could not bring the register up to version {0} ({1}): {2}; the file was left as it was", "\(migration.version)", "\(migration.name)", "\(error)"))
                }
            }
            for derived in rebuilds {
                switch derived {
                case .searchIndex: try rebuildSearchIndex()
                }
            }
        }
    }

    /// Rewrites the constraints of every table's SQL with `rewrite`, by SQLite's own procedure
    /// for changing constraints that every stored row already meets (lang_altertable, "Making
    /// Other Kinds Of Table Schema Changes"): edit the schema text, bump the schema version,
    /// then check that every row meets the new rules (a row that does not refuses the migration,
    /// which leaves the file as it was). Inside the migration's transaction.
    func rewriteChecks(_ rewrite: (String) -> String) throws {
        let tables = try db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL", []) { ($0.text(0), $0.text(1)) }
        let changed = tables.compactMap { name, sql in
            let rewritten = rewrite(sql)
            return rewritten == sql ? nil : (name, rewritten)
        }
        guard !changed.isEmpty else { return }
        let version = try db.scalarInt("PRAGMA schema_version") ?? 0
        try db.execute("PRAGMA writable_schema = ON")
        defer { try? db.execute("PRAGMA writable_schema = OFF") }
        for (name, sql) in changed {
            try db.run("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", sql, name)
        }
        try db.execute("PRAGMA schema_version = \(version + 1)")
        try db.execute("PRAGMA writable_schema = OFF")
        let broken = try db.rows("PRAGMA foreign_key_check", []) { "\($0.text(0)) row \($0.int(1))" }
        if !broken.isEmpty { throw StoreError.refused(Refusal("rows that break the new rules: {0}", broken.prefix(5).joined(separator: ", "))) }
    }

    // MARK: Shared helpers

    var timestamp: String {
        // Formatting a date costs microseconds and bulk writes stamp every row: reuse the
        // text while the second is the same.
        let date = now()
        let second = date.timeIntervalSince1970.rounded(.down)
        if second != lastStamp.second { lastStamp = (second, date.ISO8601Format()) }
        return lastStamp.text
    }
    private var lastStamp: (second: Double, text: String) = (.nan, "")

    /// Records that something happened to an entity: ids, action and time, never values.
    func audit(_ action: String, _ entity: String, _ id: Int64?) throws(StoreError) {
        try db.run("INSERT INTO audit_log(at, action, entity, entity_id) VALUES (?, ?, ?, ?)", timestamp, action, entity, id)
    }

    /// Runs `body` in one immediate transaction and maps failures to StoreError (nested: see
    /// `Database.write`).
    func write<T>(checkingForeignKeys: Bool = true, savepoint: Bool = true, _ body: () throws -> T) throws(StoreError) -> T {
        keptWord = nil
        defer { keptWord = nil }
        do {
            return try db.write(checkingForeignKeys: checkingForeignKeys, savepoint: savepoint, body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .refused(Refusal("{0}", "\(error)"))
        }
    }

    func read<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .refused(Refusal("{0}", "\(error)"))
        }
    }
}

/// Where the register lives when no path is given.
public enum RegisterLocation {
    /// `--db PATH`, else `KORTISTO_DB`, else `$XDG_DATA_HOME/kortisto/kortisto.sqlite`
    /// (`~/.local/share/kortisto/kortisto.sqlite`).
    public static func resolve(explicit: String?, environment: [String: String]) -> (path: String, isDefault: Bool) {
        if let explicit, !explicit.isEmpty { return (explicit, false) }
        if let fromEnvironment = environment["KORTISTO_DB"], !fromEnvironment.isEmpty { return (fromEnvironment, false) }
        return (defaultFolder(environment: environment) + "/kortisto.sqlite", true)
    }

    /// The file's own absolute path, links followed (the folder's, when the file does not
    /// exist yet), so that one register has one lock and one erasure log.
    public static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        if let resolved = realpath(PathName.folderOrCurrent(path), nil) {
            defer { free(resolved) }
            return String(cString: resolved) + "/" + PathName.name(path)
        }
        return path
    }

    public static func defaultFolder(environment: [String: String]) -> String {
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            dataHome = home + "/.local/share"
        }
        return dataHome + "/kortisto"
    }

    /// Creates the default folder, and the folders it is in that are not there, each 0700.
    public static func prepareDefaultFolder(_ folder: String) throws(StoreError) {
        if let failure = makeFolder(folder) {
            // The system's reason as its own words (`Permission denied`), which each language translates.
            throw .refused(Refusal("cannot make the folder {0} for the register: {1}", folder, String(cString: strerror(failure))))
        }
    }

    /// Makes `folder` and the folders it is in that are not there, each 0700; nil, or why not (`errno`).
    private static func makeFolder(_ folder: String) -> Int32? {
        // (chmod: whatever the umask took away.)
        if mkdir(folder, 0o700) == 0 { _ = chmod(folder, 0o700); return nil }
        switch errno {
        case EEXIST:
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue ? nil : ENOTDIR
        case ENOENT:
            let parent = PathName.folder(folder)
            guard !parent.isEmpty, parent != folder else { return ENOENT }
            if let failure = makeFolder(parent) { return failure }
            if mkdir(folder, 0o700) == 0 { _ = chmod(folder, 0o700); return nil }
            return errno == EEXIST ? nil : errno
        default:
            return errno
        }
    }
}

extension Register {
    /// The newest register format this program writes.
    public static var latestSchemaVersion: Int { Schema.latestVersion }
}
