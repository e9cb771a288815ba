import Foundation

/// Bytes of a file already open, read or written by position (`pread`, `pwrite`): several
/// threads may read one descriptor at once, and a file read in parts is read again only where
/// it is needed.
public enum FileRange {
    /// Fills `buffer` from `offset` of the file open at `descriptor`; false when the file ends
    /// first or cannot be read.
    public static func read(_ descriptor: Int32, at offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        whole(buffer.count) { done in pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done)) }
    }

    /// Writes `bytes` at `offset` of the file open at `descriptor`; false when they could not
    /// all be written (a full disk or quota: `errno` says).
    public static func write(_ descriptor: Int32, at offset: Int, from bytes: UnsafeRawBufferPointer) -> Bool {
        whole(bytes.count) { done in pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
    }

    /// `range` of the file open at `descriptor`, whole, or nil.
    public static func bytes(_ descriptor: Int32, _ range: Range<Int>) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: range.count)
        return bytes.withUnsafeMutableBytes { read(descriptor, at: range.lowerBound, into: $0) } ? bytes : nil
    }

    /// Repeats `step` (given the bytes done so far, it moves more and says how many, or -1)
    /// until `count` are done; false when a step moves none (the file ends, or it fails other
    /// than by a signal).
    private static func whole(_ count: Int, _ step: (_ done: Int) -> Int) -> Bool {
        var done = 0
        while done < count {
            let n = step(done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}
