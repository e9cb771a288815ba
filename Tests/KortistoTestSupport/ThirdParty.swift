import Foundation

/// The programs real users read Kortisto's files with (khard, vobject, openpyxl, qpdf, zsh,
/// vdirsyncer…), for tests that check our output against them. `.ci/run` installs them; a test
/// whose tool is missing is skipped with a message saying which, never passed silently.
public enum ThirdParty {
    /// The executable `name` on PATH (or its usual places), if any.
    public static func program(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders: [String] = path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin"]
        for folder in folders {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether `python3` can import `module`.
    public static func python(_ module: String) -> Bool {
        guard let python = program("python3") else { return false }
        return (try? spawn([python, "-c", "import \(module)"]).status) == 0
    }

    /// Runs a Python script with arguments (`sys.argv[1:]`); its standard output and status.
    public static func runPython(_ script: String, _ arguments: [String] = []) throws -> ProcessResult {
        try spawn([program("python3") ?? "/usr/bin/python3", "-c", script] + arguments)
    }
}
