import Foundation

/// Where a command writes: the process's stdout/stderr, or a string in tests.
public protocol TextSink: AnyObject {
    func write(_ text: String)
    /// Whether a person is watching (decides e.g. whether `demo` opens the TUI).
    var isTerminal: Bool { get }
}

extension TextSink {
    func line(_ text: String = "") { write(text + "\n") }
}

/// Writes to a file descriptor, unbuffered by Swift (the OS buffers).
public final class FileDescriptorSink: TextSink {
    let fd: Int32
    public init(fd: Int32) { self.fd = fd }
    public var isTerminal: Bool { isatty(fd) == 1 }
    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 {
                if errno == EINTR { continue }
                return // a closed pipe (`kortisto list | head`) is not an error worth a trace
            }
            offset += written
        }
        bytes.removeAll()
    }
}

/// Collects output in memory, for tests.
public final class StringSink: TextSink {
    public private(set) var text = ""
    public var isTerminal = false
    public init() {}
    public func write(_ text: String) { self.text += text }
}

/// Where confirmations are read from: the terminal, or a script in tests.
public protocol LineReader: AnyObject {
    func readLine() -> String?
}

public final class StandardInput: LineReader {
    public init() {}
    public func readLine() -> String? { Swift.readLine() }
}

public final class ScriptedInput: LineReader {
    private var lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public func readLine() -> String? { lines.isEmpty ? nil : lines.removeFirst() }
}
