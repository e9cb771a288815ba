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
