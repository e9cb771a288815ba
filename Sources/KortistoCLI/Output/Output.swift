import Foundation
import TUIKit
import KortistoCore

/// Where a command writes: the process's stdout/stderr, or a string in tests.
public protocol TextSink: AnyObject {
    func write(_ text: String)
    /// Bytes as they are (a PDF on `--out -`).
    func write(bytes: [UInt8])
    /// Whether a person is watching (decides e.g. whether `demo` opens the TUI).
    var isTerminal: Bool { get }
    /// Why a write failed (a full disk, /dev/full), once one has; a reader that went away (a
    /// closed pipe) is no failure. What was written after it was lost.
    var failure: String? { get }
    /// The reader went away before the end (`kortisto export | head`): what was written after
    /// that was dropped. No failure for a view (`list | head`); an export is incomplete.
    var readerStopped: Bool { get }
}

extension TextSink {
    public var failure: String? { nil }
    public var readerStopped: Bool { false }
    public func write(bytes: [UInt8]) { write(String(decoding: bytes, as: UTF8.self)) }
}

extension TextSink {
    func line(_ text: String = "") { write(text + "\n") }

    /// Why what was written did not all arrive (a failed write, or a reader that stopped
    /// before the end), in the words of "cannot write to standard output: …"; nil when it did.
    var cutShort: String? { failure ?? (readerStopped ? "it was closed before the end (the program reading it stopped)" : nil) }

    /// Stored data's bytes: as they are to a pipe or a file, as text to a terminal (control
    /// characters shown, never obeyed: `write(_:)`).
    func write(stored bytes: [UInt8]) {
        if isTerminal { write(String(decoding: bytes, as: UTF8.self)) } else { write(bytes: bytes) }
    }
}

/// Writes to a file descriptor, unbuffered by Swift (the OS buffers). Every write is checked:
/// the first failure is kept (`failure`), and nothing more is written after it.
public final class FileDescriptorSink: TextSink {
    let fd: Int32
    public private(set) var failure: String?
    /// The reader went away (`kortisto list | head`): not an error, but nothing more to write.
    private var closed = false
    public var readerStopped: Bool { closed }
    public let isTerminal: Bool
    public init(fd: Int32) {
        self.fd = fd
        isTerminal = isatty(fd) == 1
    }
    public func write(_ text: String) {
        guard failure == nil, !closed else { return }
        // Stored data is shown, never obeyed: on a terminal, control characters in a name or a
        // note become visible placeholders (files and pipes get the bytes as they are).
        write(bytes: Array((isTerminal ? TerminalText.displayable(text, keepingLineBreaks: true) : text).utf8))
    }

    public func write(bytes: [UInt8]) {
        guard failure == nil, !closed else { return }
        var bytes = bytes
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
    /// Everything written, as bytes (text and `write(bytes:)` alike).
    public private(set) var data = Data()
    public var isTerminal = false
    /// Set by a test to stand for a full disk.
    public var failure: String?
    public init() {}
    public func write(_ text: String) {
        self.text += text
        data.append(contentsOf: Array(text.utf8))
    }
    public func write(bytes: [UInt8]) {
        text += String(decoding: bytes, as: UTF8.self)
        data.append(contentsOf: bytes)
    }
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

/// A file a writer makes by path (a PDF) sent to standard output on `--out -`: written in a
/// private folder of its own, copied out byte for byte, and removed whatever happens.
enum BinaryOutput {
    /// Refuses what would fill a terminal with bytes (`what`: "A PDF"; nil for text formats).
    static func check(_ a: Arguments, what: String?, command: String, _ context: Context) throws(CLIError) {
        if let what, context.stdout.isTerminal {
            throw .usage("\(what) is not for the terminal: give --out FILE, or --out - with a pipe (| lp)", command: command)
        }
    }

    /// Runs `write` with `out`, or with a temporary path whose bytes then go to standard output.
    static func write<T>(to out: String?, _ context: Context, _ write: (String) throws -> T) throws -> T {
        if let out { return try write(out) }
        var template = Array((NSTemporaryDirectory() + "/kortisto-out-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CLIError.failure("cannot make a private temporary folder: \(String(cString: strerror(errno)))")
        }
        let folder = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/output"
        let result = try write(path)
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.failure("the output was not written") }
        context.stdout.write(bytes: Array(data))
        return result
    }
}
