import Foundation

/// Files that hold personal data: created 0600 (private from the first byte) and never written
/// over an existing file unless the user said so.
enum PrivateFile {
    static func write(_ text: String, to path: String, replace: Bool, hint: String = "add --force to replace it") throws {
        let file = try Writer(path: path, replace: replace, hint: hint)
        try file.write(text)
        try file.finish()
    }

    /// A private file written a buffer at a time, so a 100k-customer export never sits in memory
    /// whole. If writing fails (a full disk), the partial file is removed: no half exports.
    final class Writer {
        let path: String
        private var fd: Int32
        private var buffer: [UInt8] = []
        /// Only a regular file is removed after a failure (never /dev/full or a pipe someone named).
        private var isRegularFile = false

        init(path: String, replace: Bool, hint: String = "add --force to replace it") throws {
            fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL), 0o600)
            guard fd >= 0 else {
                if errno == EEXIST { throw CLIError.failure("\(path) already exists; \(hint)") }
                throw CLIError.failure("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            self.path = path
            var info = stat()
            isRegularFile = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
            // A replaced file keeps its old mode otherwise.
            if isRegularFile { fchmod(fd, 0o600) }
            buffer.reserveCapacity(1 << 20)
        }

        deinit {
            if fd >= 0 { close(fd) }
        }

        func write(_ text: String) throws {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 20 { try flush() }
        }

        func flush() throws {
            var offset = 0
            while offset < buffer.count {
                let written = buffer[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    fd = -1
                    if isRegularFile { unlink(path) }
                    throw CLIError.failure("cannot write \(path): \(reason); nothing was kept")
                }
                offset += written
            }
            buffer.removeAll(keepingCapacity: true)
        }

        func finish() throws {
            try flush()
            guard close(fd) == 0 else {
                fd = -1
                if isRegularFile { unlink(path) }
                throw CLIError.failure("cannot write \(path): \(String(cString: strerror(errno))); nothing was kept")
            }
            fd = -1
        }
    }
}
