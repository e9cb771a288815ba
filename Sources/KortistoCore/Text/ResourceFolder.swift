import Foundation

/// Finds the `Resources/` folder (translations, label templates, notice templates) from any
/// working directory: `KORTISTO_RESOURCES`, else beside or above the executable (a source
/// checkout's `.build/…/kortisto`), else `../share/kortisto` next to an installed binary,
/// else the folder this file was compiled from.
public enum ResourceFolder {
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let fm = FileManager.default
        func valid(_ path: String) -> Bool { fm.fileExists(atPath: path + "/i18n/en.json") }
        if let explicit = environment["KORTISTO_RESOURCES"], valid(explicit) { return explicit }
        var starts: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() { starts.append(executable.deletingLastPathComponent()) }
        if let first = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent()) }
        for start in starts {
            if valid(start.appendingPathComponent("../share/kortisto").standardized.path) {
                return start.appendingPathComponent("../share/kortisto").standardized.path
            }
            var folder = start
            for _ in 0..<6 {
                let candidate = folder.appendingPathComponent("Resources").path
                if valid(candidate) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        let compiled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Resources").standardized.path
        return valid(compiled) ? compiled : nil
    }
}
