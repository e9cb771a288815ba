// swift-tools-version:6.0
import PackageDescription

// Kortisto: a keyboard-driven customer register for a sole trader.
// No package dependencies: only the toolchain and the system's libsqlite3 and libncursesw.
let package = Package(
    name: "Kortisto",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kortisto", targets: ["kortisto"]),
        .executable(name: "kortisto-bench", targets: ["kortisto-bench"]),
    ],
    targets: [
        // Thin system-library wrappers (module.modulemap + shim header; no pkgConfig on purpose).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),

        // Pure domain: types, validation, Finnish formats, privacy rules. No SQLite, no terminal.
        // Its language tables, notice templates and label sheets are compiled in from Resources/.
        .target(name: "KortistoCore", plugins: ["EmbedResources"]),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["embed-resources"], path: "Sources/EmbedResourcesPlugin"),
        .executableTarget(name: "embed-resources", path: "Sources/embed-resources"),
        // The only code that touches SQLite.
        .target(name: "KortistoStore", dependencies: ["KortistoCore", "CSQLite"]),
        // Subcommands as values; `CLI.run` is what the executable and the tests call.
        // Exchange formats: label layout and our own PDF writer (later: vCard, CSV, iCalendar).
        .target(name: "KortistoExchange", dependencies: ["KortistoCore"]),
        // Terminal-independent UI toolkit: cell grid, keys, text fields, display widths. Depends on
        // nothing of ours. Tests read the grid as text.
        .target(name: "TUIKit"),
        // The only code that imports ncurses: terminal events in, a Screen out.
        .target(name: "TerminalNcurses", dependencies: ["TUIKit", "CNCursesW"]),
        // The screens as state machines over TUIKit; they reach the register through Core's RegisterAccess.
        .target(name: "KortistoUI", dependencies: ["KortistoCore", "TUIKit"]),
        // The use cases both surfaces share (import, labels, the whole-register file), returning
        // typed outcomes that the command line and the interface each say in their language.
        .target(name: "KortistoApp", dependencies: ["KortistoCore", "KortistoStore", "KortistoExchange"]),
        .target(name: "KortistoCLI", dependencies: ["KortistoCore", "KortistoStore", "KortistoExchange", "KortistoApp", "KortistoUI", "TUIKit",
                                                    "TerminalNcurses"]),
        .executableTarget(name: "kortisto", dependencies: ["KortistoCLI"]),
        .executableTarget(name: "kortisto-bench", dependencies: ["KortistoCore", "KortistoStore", "KortistoExchange", "KortistoApp", "KortistoUI", "TUIKit"]),

        // Temporary folders and process helpers shared by the test targets.
        .target(name: "KortistoTestSupport", dependencies: ["KortistoCore"], path: "Tests/KortistoTestSupport"),
        .testTarget(name: "KortistoCoreTests", dependencies: ["KortistoCore"]),
        .testTarget(name: "KortistoStoreTests", dependencies: ["KortistoStore", "KortistoCore", "CSQLite", "KortistoTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "KortistoCLITests", dependencies: ["KortistoCLI", "KortistoApp", "KortistoStore", "KortistoCore", "KortistoExchange", "KortistoUI", "TUIKit",
                                                             "KortistoTestSupport"]),
        .testTarget(name: "KortistoExchangeTests", dependencies: ["KortistoExchange", "KortistoCore", "KortistoTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "KortistoUITests", dependencies: ["KortistoUI", "TUIKit", "KortistoStore", "KortistoCore", "KortistoApp", "KortistoExchange",
                                                            "KortistoTestSupport"]),
        // Drives the built `kortisto` binary as a user would: real files, real processes.
        .testTarget(name: "KortistoEndToEndTests", dependencies: ["kortisto", "KortistoStore", "KortistoTestSupport"], exclude: ["CardDAV"]),
    ]
)

// A release build on Linux links the Swift runtime and Foundation into the binaries, as `swift
// build --static-swift-stdlib` does: a command starts in 9 ms instead of 16 and holds 7 MB less
// (no symbols looked up across a dozen shared libraries at each start), and the binary runs
// where the toolchain is not. Every module is compiled for it too, so that it names the static
// libraries it needs. Debug builds, which the tests run in, keep the shared libraries, and so
// does the build tool that compiles the resources in; other systems link the runtime as they do.
for target in package.targets where [.regular, .executable].contains(target.type) && target.name != "embed-resources" {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
    if target.type == .executable {
        target.linkerSettings = (target.linkerSettings ?? []) + [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
    }
}
