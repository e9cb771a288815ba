import Foundation

/// Bytes set aside while one long job runs (a label sheet's addresses), in a file that never has
/// a name: `O_TMPFILE` in the folder given, mode 0600. However the program ends (done, failed,
/// killed), the file goes with its descriptor, and nothing is left under any name. Where the
/// file system has no unnamed files, a hidden name stands in and is removed before the first
/// byte is written (a kill in those microseconds leaves it, empty; a network file system keeps
/// a removed file that is still open under a name of its own until it is closed). Nil when
/// neither can be made (a read-only folder): the caller keeps its bytes in memory instead.
///
/// `@unchecked Sendable`: `size` changes only by `append`, on the thread that fills the file;
/// whoever reads it is handed the file by that thread after the last `append` (a label
/// selection is returned by the thread that read it). `pread` takes no shared position.
public final class ScratchFile: @unchecked Sendable {
    private let descriptor: Int32
    /// The bytes appended so far: where the next go.
    public private(set) var size = 0

    public init?(in folder: String) {
        var fd = UnnamedFile.open(in: folder, access: O_RDWR)
        if fd < 0 {
            guard UnnamedFile.unsupported(errno) else { return nil }
            guard let named = UnnamedFile.standIn(folder + "/.kortisto-scratch-XXXXXX") else { return nil }
            fd = named.descriptor
            guard unlink(named.path) == 0 else {
                // A name that cannot be taken away again is not written to: it stays empty.
                close(fd)
                return nil
            }
        }
        descriptor = fd
    }

    /// Takes over `descriptor`, a file open for reading and writing, empty.
    public init(takingOver descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `bytes`; false when they could not all be written (a full disk or quota). What
    /// was written of them past `size` is then never read: `size` stays where it was.
    public func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard FileRange.write(descriptor, at: size, from: bytes) else { return false }
        size += bytes.count
        return true
    }

    /// Fills `buffer` from `offset`; nil when it did, else why not (`EIO` where the file ends
    /// before the bytes appended to it do: it was cut short behind our back).
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int32? {
        guard offset + buffer.count <= size else { return EINVAL }
        errno = 0
        return FileRange.read(descriptor, at: offset, into: buffer) ? nil : errno == 0 ? EIO : errno
    }
}

/// Files without a name in a folder (`O_TMPFILE`).
enum UnnamedFile {
    /// An unnamed file in `folder`, mode 0600, open for `access` (`O_WRONLY` or `O_RDWR`), or
    /// -1 with `errno` set.
    static func open(in folder: String, access: Int32) -> Int32 {
        // O_TMPFILE is __O_TMPFILE | O_DIRECTORY; Swift's Glibc does not export the macro.
        Foundation.open(folder, 0o20000000 | O_DIRECTORY | access | O_CLOEXEC, 0o600)
    }

    /// A file named by `template` (ending in XXXXXX), mode 0600 and not handed to programs
    /// started (`lp`), where the file system has no unnamed files; nil with `errno` set.
    static func standIn(_ template: String) -> (descriptor: Int32, path: String)? {
        var template = Array(template.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return (fd, template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// Whether `error` from `open(in:access:)` says the file system has no unnamed files (a
    /// named one may stand in), rather than that the folder cannot take a file at all.
    static func unsupported(_ error: Int32) -> Bool {
        error == EOPNOTSUPP || error == EISDIR || error == EINVAL
    }
}
