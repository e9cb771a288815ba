import Foundation
import KortistoTestSupport
import Testing

/// One file is the whole program: the binary copied anywhere, with no `Resources/` beside it
/// and no `KORTISTO_RESOURCES`, speaks its languages, writes the notice and knows its sheets.
@Suite struct InstallTests {
    /// The binary copied as an installer would, ready to run. Written through a descriptor
    /// closed on exec; and while other tests start processes, a child forked during the copy
    /// may still hold it open for writing for a moment ("Text file busy", seen once in CI):
    /// the copy is run until the kernel lets it.
    static func installed(_ folder: TemporaryFolder) throws -> String {
        try FileManager.default.createDirectory(atPath: folder.file("bin"), withIntermediateDirectories: true)
        let copy = folder.file("bin/kortisto")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Binary.path))
        let fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        for _ in 0..<100 {
            do {
                _ = try runProcess(copy, ["--version"], environment: [:])
                break
            } catch let error as NSError where (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(ETXTBSY) {
                usleep(50_000)
            }
        }
        return copy
    }

    @Test func aCopiedBinaryIsComplete() throws {
        let folder = TemporaryFolder()
        let kortisto = try Self.installed(folder)
        func run(_ arguments: [String]) throws -> ProcessResult {
            try runProcess(kortisto, arguments, environment: Binary.environment(folder), currentDirectory: folder.path)
        }
        #expect(try run(["add", "--first", "Äijä", "--last", "Öljynen", "--street", "Kuusitie 1", "--postcode", "00100", "--town", "Helsinki"]).status == 0)
        let notice = try run(["notice", "--lang", "fi"])
        #expect(notice.status == 0, "\(notice.stderr)")
        #expect(notice.stdout.contains("Tietosuojaseloste") && !notice.stdout.contains("notice."))
        let sheets = try run(["labels", "--list-templates"])
        #expect(sheets.status == 0 && sheets.stdout.contains("avery-l7160"), "\(sheets.stderr)")
        let report = try run(["report", "1001", "--lang", "fi"])
        #expect(report.status == 0 && !report.stdout.contains("report."), "\(report.stderr)")
        let tmux = try TmuxSession(width: 80, height: 24, command: "env -i HOME=\(folder.path) PATH=/usr/bin:/bin TERM=tmux-256color "
                                   + "LANG=C.UTF-8 KORTISTO_LANG=fi KORTISTO_TODAY=2025-06-15 XDG_DATA_HOME=\(folder.file("data")) \(kortisto); sleep 60")
        let screen = try tmux.waitFor("Asiakasrekisteri")
        #expect(screen.contains("Öljynen, Äijä"))
        // No table key (`list.name`) stands in for its words.
        let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Resources/i18n/fi.json")
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: table)) as? [String: String]).keys
        let words = Set(screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        #expect(keys.count > 100 && words.isDisjoint(with: keys), "\(words.intersection(keys))")
    }
}
