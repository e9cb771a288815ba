import Foundation
import KortistoCore

/// Files that hold personal data, on the command line: `PrivateFileWriter` (written whole under
/// a temporary name, 0600, in place in one step) with its refusals said as the commands say them.
public enum PrivateFile {
    /// Where a path the user typed points: `~` is their home (`home`, from the environment),
    /// a relative path is under the current directory. Messages show this whole path, so a
    /// file is never "written" somewhere the user cannot find.
    public static func resolve(_ path: String, home: String?, directory: String = FileManager.default.currentDirectoryPath) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/") {
            path = (home ?? NSHomeDirectory()) + path.dropFirst()
        }
        if !path.hasPrefix("/") { path = directory + "/" + path }
        return (path as NSString).standardizingPath
    }

    public static func write(_ text: String, to path: String, replace: Bool, hint: String = "add --force to replace it") throws {
        let file = try Writer(path: path, replace: replace, hint: hint)
        try file.write(text)
        try file.finish()
    }

    /// A private file written a buffer at a time, so a 100k-customer export never sits in memory
    /// whole; nothing has the target's name until `finish` succeeds.
    public final class Writer {
        public let path: String
        private let file: PrivateFileWriter

        public init(path: String, replace: Bool, hint: String = "add --force to replace it") throws {
            self.path = path
            do {
                file = try PrivateFileWriter(path: path, replace: replace)
            } catch .exists(path) {
                throw Refusal("{0} already exists; {1}", "\(path)", "\(hint)")
            } catch {
                throw Refusal(error.description)
            }
        }

        public func write(_ text: String) throws {
            do { try file.write(text) } catch { throw Refusal(error.description) }
        }

        public func write(bytes: [UInt8]) throws {
            do { try file.write(bytes) } catch { throw Refusal(error.description) }
        }

        /// Names the file once everything is written; `beforeNaming` runs between (what must
        /// land with the file), and when it throws no file is kept.
        public func finish(beforeNaming: () throws -> Void = {}) throws {
            do { try file.sync() } catch { throw Refusal(error.description) }
            do { try beforeNaming() } catch { file.discard(); throw error }
            do { try file.commit() } catch { throw Refusal(error.description) }
        }

        /// Leaves nothing behind (a failure elsewhere before `finish`).
        public func discard() { file.discard() }
    }
}
