import Foundation

/// The one way a file that holds personal data is written (exports, label sheets, reports, the
/// notice, participant lists): the user told "written" has the whole file, and one told it
/// failed finds the target as it was.
///
/// The bytes go to an unnamed file in the target's folder (`O_TMPFILE`, mode 0600 from the
/// first byte), are synced, and only then get the target's name, in one step; a failure, a full
/// disk or a kill before that leaves nothing under any name. Where the file system has no
/// unnamed files, a hidden temporary name beside the target stands in (removed on failure).
/// An existing target is replaced only when the caller says so, and a symbolic link is never
/// written through unless the caller says so too; a replaced file ends 0600 whatever its mode
/// was. Devices (`/dev/stdout`, `/dev/full`) are written directly and every write is checked.
public final class PrivateFileWriter {
    public enum Failure: Error, Equatable, Sendable {
        /// The target exists and replacing it was not asked for.
        case exists(path: String)
        /// The target is a symbolic link and writing through it was not asked for.
        case symbolicLink(path: String)
        case cannotCreate(path: String, reason: String)
        /// Writing failed (`diskFull` when the disk or a quota is full); nothing was kept.
        case writeFailed(path: String, reason: String, diskFull: Bool)
        /// Writing to a device or a pipe (`/dev/stdout`) failed after its start had gone out:
        /// that start cannot be taken back, and the rest never came.
        case cutShort(path: String, reason: String)
        /// The program reading the pipe (`--out /dev/stdout | head`) stopped after its start.
        case readerStopped(path: String)
    }

    public let path: String
    private var fd: Int32 = -1
    /// The target's own path once links are followed (with `replace`), the name given otherwise.
    private let target: String
    /// A named temporary file beside the target, where unnamed ones are not supported.
    private var temporary: String?
    /// Written in place: a device or a pipe, which cannot be replaced by a rename.
    private let direct: Bool
    private let replace: Bool
    private var buffer: [UInt8] = []
    private var finished = false
    /// How many bytes the file has, and up to where the system was asked to start writing
    /// them to the disk.
    private var written = 0, sent = 0

    /// `replace`: an existing file may be replaced, and a link written through.
    public init(path: String, replace: Bool) throws(Failure) {
        self.path = path
        self.replace = replace
        var info = stat()
        let exists = lstat(path, &info) == 0
        if exists && !replace {
            throw (info.st_mode & S_IFMT) == S_IFLNK ? .symbolicLink(path: path) : .exists(path: path)
        }
        // `/dev/stdout`, or any link that leads to the program's standard output or error: that
        // descriptor, shared, is written. A file renamed in its place would drop what a shell's
        // `>>` asked to keep (`--out /dev/stdout --force >> log.csv` replaced the log).
        if exists, let own = Self.ownDescriptor(path) {
            target = path
            direct = true
            fd = fcntl(own, F_DUPFD_CLOEXEC, 0)
            guard fd >= 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
            return
        }
        var resolved = path
        if exists, (info.st_mode & S_IFMT) == S_IFLNK {
            // What the link leads to decides, also where it has no path of its own:
            // `/dev/stdout` of a program writing to a pipe leads to `pipe:[…]`, and a file
            // renamed over it would replace the link in /dev itself.
            var followed = stat()
            if stat(path, &followed) == 0 { info = followed }
            if let real = realpath(path, nil) {
                resolved = String(cString: real)
                free(real)
            }
        }
        target = resolved
        direct = exists && (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFLNK
        buffer.reserveCapacity(1 << 20)
        if direct {
            fd = open(resolved, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
            return
        }
        let folder = PathName.folder(resolved)
        let directory = folder.isEmpty ? "." : folder
        fd = UnnamedFile.open(in: directory, access: O_WRONLY)
        if fd < 0 {
            guard UnnamedFile.unsupported(errno) else {
                throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            guard let named = UnnamedFile.standIn(directory + "/." + PathName.name(resolved) + ".kortisto-XXXXXX") else {
                throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            (fd, temporary) = (named.descriptor, named.path)
        }
    }

    deinit { if !finished { discard() } }

    /// The standard output or error (1 or 2) that `path` names through links (`/dev/stdout`
    /// leads to `/proc/self/fd/1`), or nil. Other descriptors are not taken: the program's own
    /// (the register's) would be written over.
    static func ownDescriptor(_ path: String) -> Int32? {
        var current = path
        for _ in 0..<8 {
            for folder in ["/proc/self/fd/", "/dev/fd/"] where current.hasPrefix(folder) {
                let number = Int32(current.dropFirst(folder.count))
                return number == 1 || number == 2 ? number : nil
            }
            var bytes = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &bytes, bytes.count - 1)
            guard count > 0 else { return nil }
            let next = String(decoding: bytes[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = next.hasPrefix("/") ? next : PathName.folderOrCurrent(current) + "/" + next
        }
        return nil
    }

    public func write(_ text: String) throws(Failure) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 1 << 20 else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
            return
        }
        // Megabytes at once (a slice of an export) go to the file as they are, not copied into
        // the buffer first.
        try flush()
        if let error = bytes.withUnsafeBytes(send) { throw fail(error) }
        startWriteback()
    }

    private func flush() throws(Failure) {
        if let error = buffer.withUnsafeBytes(send) { throw fail(error) }
        buffer.removeAll(keepingCapacity: true)
        startWriteback()
    }

    /// Writes `bytes` to the file; nil when they all were, else why not.
    private func send(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                // Standard output left non-blocking by whoever started us: wait until it takes more.
                var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
                continue
            }
            if n == 0 { return ENOSPC }
            guard n > 0 else { return errno }
            offset += n
            written += n
        }
        return nil
    }

    private func startWriteback() {
        // The disk is set to work on what is written while the rest is made (`sync_file_range`
        // starts the writeback of a range and waits for none of it): the sync before the name
        // then waits for the last megabytes only, where it waited for the whole file (a
        // whole-register file of 262 MB at 100k: 0.33 -> 0.18 s).
        if !direct && written - sent >= Self.sentAtOnce, let startWriting = Self.startWriting {
            _ = startWriting(fd, Int64(sent), Int64(written - sent), 2 /* SYNC_FILE_RANGE_WRITE */)
            sent = written
        }
    }

    /// Linux's `sync_file_range`, which Swift's Glibc does not export (nil where the C library
    /// has none: the sync before the name then does all the waiting). Unlike `posix_fadvise`'s
    /// DONTNEED it leaves the pages in the system's cache: a backup's copy is read back whole
    /// by its integrity check.
    private static let startWriting: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range").map {
            unsafeBitCast($0, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
        }
    }()

    /// How many bytes written the disk is set to work on at once.
    private static let sentAtOnce = 8 << 20

    /// Writes out and syncs what was written so far, before the file gets its name: whatever
    /// must land together with the file (a campaign record) goes between this and `commit`.
    public func sync() throws(Failure) {
        try flush()
        guard direct || fsync(fd) == 0 else { throw fail(errno) }
    }

    /// Gives the file its name: everything written, synced, in place in one step.
    public func commit() throws(Failure) {
        try flush()
        if direct {
            // A device takes what it takes; a full one (/dev/full) said so on write. A file the
            // shell appends standard output to is synced as any file is (a pipe or a terminal
            // cannot be: EINVAL).
            guard fsync(fd) == 0 || errno == EINVAL || errno == EROFS else { throw fail(errno) }
            finished = true
            guard close(fd) == 0 || errno == EINTR else { fd = -1; throw fail(errno) }
            fd = -1
            return
        }
        guard fsync(fd) == 0 else { throw fail(errno) }
        if let temporary {
            guard rename(temporary, target) == 0 else { throw fail(errno) }
            self.temporary = nil
        } else if replace {
            // An unnamed file can take a name only where none exists: take a temporary one,
            // then rename it over the target in one step.
            let staging = target + ".kortisto-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            guard linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, staging, AT_SYMLINK_FOLLOW) == 0 else { throw fail(errno) }
            guard rename(staging, target) == 0 else {
                let error = errno
                unlink(staging)
                throw fail(error)
            }
        } else {
            guard linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0 else {
                if errno == EEXIST { let error = Failure.exists(path: path); discard(); throw error }
                throw fail(errno)
            }
        }
        finished = true
        close(fd)
        fd = -1
        // The new name itself must survive a power cut.
        let folder = PathName.folder(target)
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
    }

    /// Drops everything written; the target is as it was.
    public func discard() {
        finished = true
        if fd >= 0 { close(fd) }
        fd = -1
        if let temporary { unlink(temporary) }
        temporary = nil
    }

    private func fail(_ error: Int32) -> Failure {
        let reason = String(cString: strerror(error))
        let diskFull = error == ENOSPC || error == EDQUOT || error == EFBIG
        discard()
        // A file written in place keeps what went out before the failure; one never named keeps nothing.
        guard direct && written > 0 else { return .writeFailed(path: path, reason: reason, diskFull: diskFull) }
        return error == EPIPE ? .readerStopped(path: path) : .cutShort(path: path, reason: reason)
    }

    /// Writes `text` to `path` whole or not at all.
    public static func write(_ text: String, to path: String, replace: Bool) throws(Failure) {
        let file = try PrivateFileWriter(path: path, replace: replace)
        try file.write(text)
        try file.commit()
    }
}

extension PrivateFileWriter.Failure: CustomStringConvertible, Explainable {
    /// For the command line, which speaks English.
    public var description: String {
        switch self {
        case let .exists(path): "\(path) already exists; add --force to replace it"
        case let .symbolicLink(path): "\(path) is a symbolic link; Kortisto writes through one only with --force"
        case let .cannotCreate(path, reason): "cannot write \(path): \(reason)"
        case let .writeFailed(path, reason, diskFull):
            diskFull ? "cannot write \(path): the disk is full; nothing was written" : "cannot write \(path): \(reason); nothing was written"
        case let .cutShort(path, reason):
            "cannot write \(path): \(reason); only its start was written, and it is incomplete"
        case let .readerStopped(path):
            "\(path) was closed before the end (the program reading it stopped); only its start was written, and it is incomplete"
        }
    }

    public var explanation: (key: String, arguments: [String])? {
        switch self {
        case let .exists(path): ("error.file_exists", [path])
        case let .symbolicLink(path): ("error.file_link", [path])
        case let .cannotCreate(path, reason): ("error.file_cannot_create", [path, reason])
        case let .writeFailed(path, reason, diskFull): diskFull ? ("error.file_disk_full", [path]) : ("error.file_write_failed", [path, reason])
        case let .cutShort(path, reason): ("error.file_cut_short", [path, reason])
        case let .readerStopped(path): ("error.file_reader_stopped", [path])
        }
    }
}
