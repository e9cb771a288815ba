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

/// Runs a program with posix_spawn and waitpid, output through temporary files. For tools
/// that leave daemons behind (tmux starts its server from the first client), which can keep
/// Foundation's Process from ever seeing the exit.
public func spawn(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ProcessResult {
    let folder = FileManager.default.temporaryDirectory.path
    let outPath = folder + "/kortisto-spawn-\(UUID().uuidString).out"
    let errPath = folder + "/kortisto-spawn-\(UUID().uuidString).err"
    defer {
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    // Test threads may block signals; a child (tmux and everything it starts) must not inherit that.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc)) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ProcessResult(status: exitStatus,
                         stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
}
