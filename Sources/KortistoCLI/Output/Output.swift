import Foundation
import TUIKit
import KortistoCore

/// Where a command writes: the process's stdout/stderr, or a string in tests.
public protocol TextSink: AnyObject {
    func write(_ text: String)
    /// Whether a person is watching (decides e.g. whether `demo` opens the TUI).
    var isTerminal: Bool { get }
    /// Why a write failed (a full disk, /dev/full), once one has; a reader that went away (a
    /// closed pipe) is no failure. What was written after it was lost.
    var failure: String? { get }
}

extension TextSink {
    public var failure: String? { nil }
}

extension TextSink {
    func line(_ text: String = "") { write(text + "\n") }
}

/// Writes to a file descriptor, unbuffered by Swift (the OS buffers). Every write is checked:
/// the first failure is kept (`failure`), and nothing more is written after it.
public final class FileDescriptorSink: TextSink {
    let fd: Int32
    public private(set) var failure: String?
    /// The reader went away (`kortisto list | head`): not an error, but nothing more to write.
    private var closed = false
    public let isTerminal: Bool
    public init(fd: Int32) {
        self.fd = fd
        isTerminal = isatty(fd) == 1
    }
    public func write(_ text: String) {
        guard failure == nil, !closed else { return }
        // Stored data is shown, never obeyed: on a terminal, control characters in a name or a
        // note become visible placeholders (files and pipes get the bytes as they are).
        var bytes = Array((isTerminal ? TerminalText.displayable(text, keepingLineBreaks: true) : text).utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { closed = true } else { failure = String(cString: strerror(written == 0 ? ENOSPC : errno)) }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }

    /// Makes sure what was written reached its file (a regular file's delayed allocation can
    /// fail only here on a full disk); sets `failure` when it did not.
    public func finish() {
        guard failure == nil, !closed else { return }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        if fsync(fd) != 0 && errno != EINVAL { failure = String(cString: strerror(errno)) }
    }
}

/// Collects output in memory, for tests.
public final class StringSink: TextSink {
    public private(set) var text = ""
    public var isTerminal = false
    /// Set by a test to stand for a full disk.
    public var failure: String?
    public init() {}
    public func write(_ text: String) { self.text += text }
}

/// Where confirmations are read from: the terminal, or a script in tests.
public protocol LineReader: AnyObject {
    func readLine() -> String?
    /// Everything left, as bytes (`import -`).
    func readAll() -> Data
}

extension LineReader {
    public func readAll() -> Data {
        var lines: [String] = []
        while let line = readLine() { lines.append(line) }
        return Data((lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")).utf8)
    }
}

public final class StandardInput: LineReader {
    public init() {}
    public func readLine() -> String? { Swift.readLine() }
    /// The bytes as they come: an import from a pipe is read whole, in whatever encoding.
    public func readAll() -> Data { FileHandle.standardInput.readDataToEndOfFile() }
}

public final class ScriptedInput: LineReader {
    private var lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public func readLine() -> String? { lines.isEmpty ? nil : lines.removeFirst() }
}
