import Foundation

/// Bytes of a file already open, read by position (`pread`): several threads may read one
/// descriptor at once, and a file read in parts is read again only where it is needed.
public enum FileRange {
    /// Fills `buffer` from `offset` of the file open at `descriptor`; false when the file ends
    /// first or cannot be read.
    public static func read(_ descriptor: Int32, at offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    /// `range` of the file open at `descriptor`, whole, or nil.
    public static func bytes(_ descriptor: Int32, _ range: Range<Int>) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: range.count)
        return bytes.withUnsafeMutableBytes { read(descriptor, at: range.lowerBound, into: $0) } ? bytes : nil
    }
}

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
