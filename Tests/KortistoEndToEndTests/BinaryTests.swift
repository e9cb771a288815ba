import Foundation
import KortistoTestSupport
import Testing

/// The built `kortisto` binary, run as a user or a script would: real processes, real files.
enum Binary {
    /// Beside the test bundle in the build folder (`swift build --build-tests` builds both);
    /// `KORTISTO_BIN` points elsewhere, e.g. at a release build.
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["KORTISTO_BIN"] { return explicit }
        var candidates: [String] = []
        for start in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
            var url = URL(fileURLWithPath: start).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(url.appendingPathComponent("kortisto").path)
                url.deleteLastPathComponent()
            }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/kortisto").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// A clean environment: a temp HOME and XDG_DATA_HOME, so no test touches a real register.
    static func environment(_ folder: TemporaryFolder, _ extra: [String: String] = [:]) -> [String: String] {
        var env = ["HOME": folder.path, "XDG_DATA_HOME": folder.file("data"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                   "KORTISTO_TODAY": "2025-06-15"]
        env.merge(extra) { $1 }
        return env
    }

    static func run(_ arguments: [String], _ folder: TemporaryFolder, _ extra: [String: String] = [:], input: String? = nil) throws -> ProcessResult {
        try runProcess(path, arguments, environment: environment(folder, extra), input: input)
    }

    /// Runs a shell line with `$K` set to the binary (for pipes and raw bytes).
    static func shell(_ line: String, _ folder: TemporaryFolder, _ extra: [String: String] = [:]) throws -> ProcessResult {
        try runProcess("/bin/bash", ["-c", line], environment: environment(folder, extra.merging(["K": path]) { $1 }))
    }
}

@Suite struct BinaryTests {
    @Test func defaultRegisterIsCreatedPrivate() throws {
        let folder = TemporaryFolder()
        let added = try Binary.run(["add", "--first", "Aino", "--last", "Öhman", "--town", "Jyväskylä"], folder)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "1001\n")
        #expect(folder.permissions(folder.file("data/kortisto")) == 0o700)
        #expect(folder.permissions(folder.file("data/kortisto/kortisto.sqlite")) == 0o600)
        let list = try Binary.run(["list"], folder)
        #expect(list.stdout.contains("Öhman, Aino"))
        #expect(list.stdout.contains("Jyväskylä"))
    }

    @Test func environmentAndFlagChooseTheFile() throws {
        let folder = TemporaryFolder()
        let env = ["KORTISTO_DB": folder.file("env.sqlite")]
        #expect(try Binary.run(["add", "--first", "Eino", "--last", "Leino"], folder, env).status == 0)
        #expect(try Binary.run(["--db", folder.file("flag.sqlite"), "add", "--first", "Iida", "--last", "Niemi"], folder, env).status == 0)
        #expect(try Binary.run(["list"], folder, env).stdout.contains("Leino, Eino"))
        #expect(try Binary.run(["list", "--db", folder.file("flag.sqlite")], folder, env).stdout.contains("Niemi, Iida"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("data/kortisto/kortisto.sqlite")))
    }

    @Test func invalidUTF8IsRefused() throws {
        let folder = TemporaryFolder()
        let r = try Binary.shell("\"$K\" add --first \"$(printf 'Matti\\377')\" --last Virtanen", folder)
        #expect(r.status == 2)
        #expect(r.stderr.contains("not valid UTF-8"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("data/kortisto/kortisto.sqlite")))
    }

    @Test func errorsAreMessagesNotTraces() throws {
        let folder = TemporaryFolder()
        for arguments in [["show", "99"], ["add", "--email", "nimeton@example.fi"], ["order", "pay", "x"], ["add", "--first", "A", "--last", "B", "--email", "@"],
                          ["--db", folder.path, "list"], ["--db", "/nonexistent/folder/r.sqlite", "list"]] {
            let r = try Binary.run(arguments, folder)
            #expect(r.status == 1 || r.status == 2, "\(arguments)")
            #expect(r.stderr.hasPrefix("kortisto: "), "\(arguments): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error"), "\(arguments)")
        }
    }

    @Test func closedPipeEndsQuietly() throws {
        let folder = TemporaryFolder()
        #expect(try Binary.run(["generate", "--count", "400"], folder).status == 0)
        let r = try Binary.shell("set -o pipefail; \"$K\" list | head -n 2; echo \"status ${PIPESTATUS[0]}\"", folder)
        #expect(r.stdout.hasSuffix("status 0\n"), "\(r.stdout)")
        #expect(r.stdout.hasPrefix("No"))
        #expect(r.stderr.isEmpty)
    }

    @Test func concurrentWritersAllLand() throws {
        let folder = TemporaryFolder()
        // Four processes adding at once: the busy timeout and immediate transactions serialise them.
        let line = (1...4).map { p in "(for i in $(seq 1 10); do \"$K\" add --first W\(p) --last \"N$i\" >/dev/null || echo FAIL; done) &" }.joined(separator: " ") + " wait"
        let r = try Binary.shell(line, folder)
        #expect(!r.stdout.contains("FAIL"), "\(r.stderr)")
        let json = try Binary.run(["list", "--format", "json"], folder)
        let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any]
        #expect(list?.count == 40)
    }

    @Test func demoWithoutATerminalOnlyFills() throws {
        let folder = TemporaryFolder()
        let r = try Binary.run(["demo"], folder)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("demo.sqlite (200 customers)"))
        let list = try Binary.run(["list", "--include-restricted", "--db", folder.file("data/kortisto/demo.sqlite")], folder)
        #expect(list.stdout.split(separator: "\n").count == 201)
    }

    @Test func noArgumentsWithoutATerminalPointsToTheCommandLine() throws {
        let folder = TemporaryFolder()
        let r = try Binary.run([], folder)
        #expect(r.status == 1)
        #expect(r.stderr.contains("needs a terminal"))
        #expect(r.stderr.contains("kortisto --help"))
        #expect(try Binary.run(["--help"], folder).stdout.contains("Usage: kortisto COMMAND"))
        #expect(try Binary.run(["--version"], folder).stdout.hasPrefix("kortisto "))
    }
}
