import Foundation
import KortistoCLI

// Arguments arrive as bytes; Swift would quietly repair invalid UTF-8, so check them here
// and refuse rather than store U+FFFD in someone's name.
var arguments: [String] = []
for index in 1..<Int(CommandLine.argc) {
    guard let pointer = CommandLine.unsafeArgv[index] else { continue }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
    guard let text = String(validating: bytes, as: UTF8.self) else {
        FileDescriptorSink(fd: 2).write("kortisto: argument \(index) is not valid UTF-8 text\n")
        exit(2)
    }
    arguments.append(text)
}
// A closed pipe (`kortisto list | head`) should end quietly, not with a signal.
signal(SIGPIPE, SIG_IGN)
let stdout = FileDescriptorSink(fd: 1), stderr = FileDescriptorSink(fd: 2)
let status = CLI.run(arguments, environment: ProcessInfo.processInfo.environment, stdout: stdout, stderr: stderr)
exit(CLI.finish(status, stdout: stdout, stderr: stderr))
