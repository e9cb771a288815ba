import Foundation
import PackagePlugin

/// Compiles the files of `Resources/` into the target that uses this plugin, so the program is
/// one self-contained file (language tables, notice templates, label sheets): the build runs
/// `embed-resources`, which writes them as string literals, again whenever one of them changes.
@main struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Resources")
        let names = (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".json") }
            .sorted()
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [.buildCommand(displayName: "Compiling in Resources/ (\(names.count) files)",
                              executable: try context.tool(named: "embed-resources").url,
                              arguments: [output.path, folder.path] + names,
                              inputFiles: names.map { folder.appending(path: $0) },
                              outputFiles: [output])]
    }
}
