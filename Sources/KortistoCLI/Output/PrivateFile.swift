import Foundation

/// Files that hold personal data: created 0600 (private from the first byte) and never written
/// over an existing file unless the user said so.
enum PrivateFile {
    static func write(_ text: String, to path: String, replace: Bool, hint: String = "add --force to replace it") throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL), 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw CLIError.failure("\(path) already exists; \(hint)") }
            throw CLIError.failure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        FileHandle(fileDescriptor: fd, closeOnDealloc: true).write(Data(text.utf8))
    }
}
