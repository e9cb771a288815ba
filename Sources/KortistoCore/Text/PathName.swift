/// The parts of a file path, by its slashes alone. Foundation's `NSString` path methods trap
/// on a one-letter name (`--out x`, `--db r` crashed the program, swift-corelibs-foundation on
/// Linux), and these paths are whatever a person typed.
public enum PathName {
    /// The folder part: `a/b.csv` → `a`, `/b` → `/`, `b` → `` (the current folder), `a/b/` → `a`.
    public static func folder(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let folder = withoutTrailingSlashes(String(trimmed[..<slash]))
        return folder.isEmpty ? "/" : folder
    }

    /// The folder part, `.` for a bare name: somewhere a file can be made beside it.
    public static func folderOrCurrent(_ path: String) -> String {
        let folder = folder(path)
        return folder.isEmpty ? "." : folder
    }

    /// The last part: `a/b.csv` → `b.csv`, `a/b/` → `b`, `/` → `/`.
    public static func name(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        let name = String(trimmed[trimmed.index(after: slash)...])
        return name.isEmpty ? "/" : name
    }

    /// The last part without its extension: `a/asiakkaat.csv` → `asiakkaat`; `.profile` and
    /// `x` stay as they are.
    public static func stem(_ path: String) -> String {
        let name = name(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    private static func withoutTrailingSlashes(_ path: String) -> String {
        var text = Substring(path)
        while text.count > 1 && text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
