import Foundation
import KortistoCore
import Testing

/// The program's own files are compiled in, equal to `Resources/` byte for byte, and a folder
/// named by `KORTISTO_RESOURCES` is read first, file by file.
@Suite struct ResourceFilesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Resources").standardized.path

    static var sourcePaths: [String] {
        (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test func everyFileOfResourcesIsCompiledInAsItIs() throws {
        #expect(!Self.sourcePaths.isEmpty)
        #expect(ResourceFiles.builtInPaths == Self.sourcePaths)
        for path in Self.sourcePaths {
            let source = try #require(FileManager.default.contents(atPath: Self.folder + "/" + path))
            #expect(ResourceFiles.builtIn.data(path) == source, "\(path) differs from the compiled-in copy")
        }
        #expect(ResourceFiles.builtIn.data("i18n/sv.json") == nil)
    }

    @Test func aFolderOverridesFileByFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resources-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/i18n", withIntermediateDirectories: true)
        try Data(#"{"app.register_name": "Kokeilu"}"#.utf8).write(to: URL(fileURLWithPath: folder + "/i18n/fi.json"))
        let files = ResourceFiles.locate(environment: ["KORTISTO_RESOURCES": folder])
        #expect(files.data("i18n/fi.json") == Data(#"{"app.register_name": "Kokeilu"}"#.utf8))
        #expect(files.origin("i18n/fi.json") == folder + "/i18n/fi.json")
        // What the folder lacks is the compiled-in file.
        #expect(files.data("notice/fi.json") == ResourceFiles.builtIn.data("notice/fi.json"))
        #expect(files.origin("notice/fi.json").hasSuffix("(built in)"))
        // A folder that is not there, or none named, is the compiled-in files.
        #expect(ResourceFiles.locate(environment: ["KORTISTO_RESOURCES": folder + "/none"]).folder == nil)
        #expect(ResourceFiles.locate(environment: [:]).folder == nil)
    }
}
