import Foundation

/// Who has a register open, told between Kortisto processes: every open register holds a shared
/// `flock` on `REGISTER.lock`, and a restore holds it exclusively while it replaces the file.
///
/// SQLite cannot tell this: a connection in WAL mode holds no lock on the database while it is
/// idle (an interface waiting for a key), so a restore would replace the file under it and
/// everything typed afterwards would go to a file that no longer exists. The lock is a file of
/// its own because SQLite's POSIX locks on the database are dropped when *any* descriptor of the
/// file closes in the process (fcntl(2)); `flock` locks belong to one open file and never
/// touch SQLite's. The file stays empty.
final class RegisterLock {
    enum Mode { case shared, exclusive }

    /// Why a lock could not be had.
    enum Failure: Error {
        /// Another process holds a lock that conflicts (EWOULDBLOCK).
        case held
        /// The lock file cannot be created or opened (a read-only folder): nothing to coordinate with.
        case unavailable
    }

    private var fd: Int32

    static func path(for register: String) -> String { register + ".lock" }

    /// Takes the lock without waiting.
    init(_ register: String, _ mode: Mode) throws(Failure) {
        let fd = Foundation.open(Self.path(for: register), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unavailable }
        guard flock(fd, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 else {
            let error = errno
            Foundation.close(fd)
            throw error == EWOULDBLOCK ? .held : .unavailable
        }
        self.fd = fd
    }

    /// Gives the lock back (also when the value goes away).
    func release() {
        guard fd >= 0 else { return }
        // Unlocked explicitly: a child process started at this moment (an `lp`, another test's
        // spawn) shares the open file until its exec, and closing alone would leave the lock
        // held for that while; LOCK_UN ends it for every sharer at once.
        flock(fd, LOCK_UN)
        Foundation.close(fd)
        fd = -1
    }

    deinit { release() }

    /// Whether any process (this one included, through another open) has the register open.
    static func isHeld(_ register: String) -> Bool {
        do {
            let probe = try RegisterLock(register, .exclusive)
            probe.release()
            return false
        } catch {
            return error == .held
        }
    }
}
