import Foundation

/// A regular file open for reading, with what it was when opened, closed when the last
/// reference to it goes. A reader that reads it more than once (a part at a time, or where its
/// pieces are and then each) asks `isAsOpened` before it trusts what it read. Sendable: nothing
/// in it changes after `init`, and `pread` and `fstat` may be called from any thread at once.
public final class OpenFile: Sendable {
    public let descriptor: Int32
    public let status: stat

    /// Takes over `descriptor` (closing it also when nil is returned); nil unless it is a
    /// regular file.
    public init?(_ descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        (self.descriptor, self.status) = (descriptor, status)
    }

    deinit { close(descriptor) }

    public var size: Int { Int(status.st_size) }

    /// Whether the file is still as it was when opened: its size and its time of modification.
    public var isAsOpened: Bool {
        var now = stat()
        return fstat(descriptor, &now) == 0 && now.st_size == status.st_size && now.st_mtim.tv_sec == status.st_mtim.tv_sec
            && now.st_mtim.tv_nsec == status.st_mtim.tv_nsec
    }
}
