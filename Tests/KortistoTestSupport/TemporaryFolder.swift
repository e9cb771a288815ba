import Foundation

/// A fresh folder under the system's temp dir, removed when the value goes away.
/// Tests run against real files in here, never against a mocked database.
public final class TemporaryFolder {
    public let path: String

    public init(_ label: String = "kortisto-test") {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Every byte of the named file and its SQLite side files (-wal, -journal, -shm).
    public func rawBytes(ofDatabase name: String) -> Data {
        var data = Data()
        for suffix in ["", "-wal", "-journal", "-shm"] {
            if let part = FileManager.default.contents(atPath: file(name) + suffix) { data.append(part) }
        }
        return data
    }

    public func permissions(_ name: String) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: name.hasPrefix("/") ? name : file(name))
        return (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

/// Result of running a program.
public struct ProcessResult {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs `executable` with `arguments` and `environment`, feeding `input` on stdin.
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String], input: String? = nil,
                       currentDirectory: String? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let out = Pipe(), err = Pipe(), inp = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inp
    try process.run()
    if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
    try? inp.fileHandleForWriting.close()
    // Read both pipes fully before waiting, so a large output cannot block the child.
    var outData = Data(), errData = Data()
    let group = DispatchGroup()
    let queue = DispatchQueue(label: "kortisto.test.pipes", attributes: .concurrent)
    nonisolated(unsafe) var errBox = Data()
    group.enter()
    queue.async {
        errBox = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    errData = errBox
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}
