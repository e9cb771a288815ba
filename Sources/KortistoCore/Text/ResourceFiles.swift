import Foundation

/// The program's own files (language tables, notice templates, label sheets): compiled in from
/// `Resources/` (the EmbedResources build plugin), so a copied binary is a complete install.
/// `KORTISTO_RESOURCES` names a folder whose files are read instead, file by file (a translator
/// trying a table without building); a file it lacks is still the compiled-in one.
public struct ResourceFiles: Sendable {
    /// The folder read before the compiled-in files, if any.
    public let folder: String?

    /// The compiled-in files alone.
    public static let builtIn = ResourceFiles(folder: nil)

    public init(folder: String?) { self.folder = folder }

    /// The files for this process: `KORTISTO_RESOURCES` first when it names a folder.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> ResourceFiles {
        guard let folder = environment["KORTISTO_RESOURCES"], !folder.isEmpty else { return .builtIn }
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue ? ResourceFiles(folder: folder) : .builtIn
    }

    /// A file's bytes by its path inside `Resources/` (`i18n/fi.json`), or nil if there is none.
    public func data(_ path: String) -> Data? {
        if let folder, let data = FileManager.default.contents(atPath: folder + "/" + path) { return data }
        return Self.compiledIn[path].map { Data($0.utf8) }
    }

    /// Where a file was read from, for messages about it.
    public func origin(_ path: String) -> String {
        if let folder, FileManager.default.fileExists(atPath: folder + "/" + path) { return folder + "/" + path }
        return "Resources/" + path + " (built in)"
    }

    /// The paths of the compiled-in files.
    public static var builtInPaths: [String] { compiledIn.keys.sorted() }
}
