import Foundation
import KortistoStore
import KortistoTestSupport
import Testing

/// A small disk of its own: a tmpfs where the machine lets us mount one (as root), else a
/// folder whose files the shell limits in size (`ulimit -f`, the signal ignored), which fails
/// writes the same way a full disk does.
final class SmallDisk {
    let folder = TemporaryFolder("kortisto-small")
    let mounted: Bool

    init(kilobytes: Int) {
        let r = try? spawn(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", folder.path])
        mounted = r?.status == 0
    }

    deinit { if mounted { _ = try? spawn(["umount", folder.path]) } }

    func file(_ name: String) -> String { folder.file(name) }

    /// The shell prefix that makes writes beyond `kilobytes` fail where there is no tmpfs.
    func limit(_ kilobytes: Int) -> String { mounted ? "" : "trap '' XFSZ; ulimit -f \(kilobytes); " }
}

/// Every write tells the truth: a user told "written" has the whole file; one told it failed
/// finds nothing changed, on the disk and in the register.
@Suite(.serialized) struct WriteTruthTests {
    static func campaigns(_ db: String) throws -> Int {
        let register = try Register.open(at: db)
        defer { register.close() }
        return try register.campaigns().count
    }

    /// Found: on a full disk `labels` said "12862 label(s) written", exit 0, a 0-byte file, and
    /// recorded a campaign for people who got nothing.
    @Test func labelsOnAFullDiskWriteNothingAndRecordNothing() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["generate", "--count", "3000", "--db", db], folder).status == 0)
        let disk = SmallDisk(kilobytes: 64)
        for format in ["pdf", "csv", "txt"] {
            let out = disk.file("tarrat.\(format)")
            let r = try Binary.shell(disk.limit(64) + "\"$K\" labels --db \(db) --out \(out) --format \(format)", folder)
            #expect(r.status == 1, "\(format): \(r.stderr)")
            #expect(r.stderr.contains("the disk is full") || r.stderr.contains("File too large"), "\(format): \(r.stderr)")
            #expect(!r.stderr.contains("label(s) written"), "\(format): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(format): a file was left")
            #expect(try FileManager.default.contentsOfDirectory(atPath: disk.folder.path).isEmpty, "\(format): something was left")
            #expect(try Self.campaigns(db) == 0, "\(format): a campaign was recorded")
        }
        // An event's participant list (PDF), an export, a backup: the same.
        #expect(try Binary.run(["event", "add", "--name", "Kevätseminaari", "--date", "1.3.2025", "--db", db], folder).status == 0)
        for n in 1001...1400 { _ = try? Binary.run(["event", "attend", "1", String(n), "--db", db], folder) }
        for (command, out) in [("event show 1 --format pdf --out", "osallistujat.pdf"), ("export --format vcf --out", "kortit.vcf"), ("backup", "varmuus.sqlite")] {
            let tiny = SmallDisk(kilobytes: 8)
            let target = tiny.file(out)
            let r = try Binary.shell(tiny.limit(8) + "\"$K\" \(command) \(target) --db \(db)", folder)
            #expect(r.status == 1, "\(command): \(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: tiny.folder.path).isEmpty, "\(command): something was left")
        }
    }

    /// Found: a label run killed halfway left a partial PDF at the target, and one killed just
    /// after writing left a marketing sheet with no campaign record. Killed at moments spread
    /// over the run: a sheet at the target is always whole and always has its campaign.
    @Test func aKilledLabelRunLeavesAWholeSheetWithItsCampaignOrNothing() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["generate", "--count", "6000", "--db", db], folder).status == 0)
        var outcomes: Set<Bool> = []
        for (index, delay) in ["0.01", "0.03", "0.06", "0.09", "0.12", "0.2", "0.4", "0.8"].enumerated() {
            let out = folder.file("tarrat\(index).pdf")
            _ = try Binary.shell("\"$K\" labels --db \(db) --out \(out) --campaign Ajo\(index) 2>/dev/null & pid=$!; sleep \(delay); kill -9 $pid 2>/dev/null; wait $pid", folder)
            let register = try Register.open(at: db)
            let recorded = try register.campaigns().contains { $0.name == "Ajo\(index)" }
            register.close()
            let exists = FileManager.default.fileExists(atPath: out)
            outcomes.insert(exists)
            if exists {
                #expect(recorded, "killed after \(delay) s: a sheet without its campaign")
                let check = try spawn(["qpdf", "--check", out])
                #expect(check.status == 0, "killed after \(delay) s: \(check.stdout)")
            }
            let strays = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("kortisto-") || $0.hasPrefix(".tarrat") }
            #expect(strays.isEmpty, "killed after \(delay) s: \(strays)")
        }
        #expect(!outcomes.isEmpty)
    }

    /// Found: anything written to standard output ignored write errors: `export > /dev/full`
    /// ended with exit 0. Every command that prints is checked.
    @Test func standardOutputOnAFullDiskIsAnError() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["generate", "--count", "300", "--db", db], folder).status == 0)
        #expect(try Binary.run(["breach", "add", "--what", "Kadonnut lista", "--when", "1.6.2025", "--db", db], folder).status == 0)
        #expect(try Binary.run(["campaign", "add", "--name", "Kevät", "--channel", "letter", "--db", db], folder).status == 0)
        for command in ["list", "show 1001", "report 1001", "notice", "export --format csv", "export --format vcf", "export --format json",
                        "breach list", "campaign list", "retention"] {
            let r = try Binary.shell("\"$K\" \(command) --db \(db) > /dev/full", folder)
            #expect(r.status == 1, "\(command): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("cannot write to standard output: No space left on device"), "\(command): \(r.stderr)")
        }
        // A marketing export cut off on its way out is not recorded as reaching anyone.
        let r = try Binary.shell("\"$K\" export --format csv --campaign Syksy --db \(db) > /dev/full", folder)
        #expect(r.status == 1 && r.stderr.contains("was not recorded"), "\(r.stderr)")
        #expect(try Self.campaigns(db) == 1, "only the one added above")
        // A reader that goes away is not an error.
        let piped = try Binary.shell("set -o pipefail; \"$K\" list --db \(db) | head -n 1 >/dev/null; echo \"status ${PIPESTATUS[0]}\"", folder)
        #expect(piped.stdout == "status 0\n" && piped.stderr.isEmpty, "\(piped.stdout) \(piped.stderr)")
    }

    /// Found: `export | head` ended with exit 0 and recorded the export (and its campaign) as
    /// whole; `export --out /dev/stdout --force | head` said "nothing was written" although
    /// its start was. A reader that stops before the end now cuts every export and sheet
    /// short, says so truly, and nothing is recorded; a view (`list | head`) stays exit 0.
    @Test func aReaderThatStopsBeforeTheEndLeavesAnIncompleteExportUnrecorded() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["generate", "--count", "3000", "--db", db], folder).status == 0)
        func exports() throws -> Int {
            let register = try Register.open(at: db)
            defer { register.close() }
            return Int(try register.db.scalarInt("SELECT count(*) FROM audit_log WHERE action LIKE 'export%'") ?? 0)
        }
        let (exportsBefore, campaignsBefore) = (try exports(), try Self.campaigns(db))
        // Each command with where its output goes, and what it must say.
        let exported = "cannot write to standard output: it was closed before the end (the program reading it stopped); the export is incomplete and was not recorded"
        let throughTheLink = "/dev/stdout was closed before the end (the program reading it stopped); only its start was written, and it is incomplete"
        let sheet = "; the sheet is incomplete and its campaign was not recorded"
        let head = "| head -c 100 >/dev/null", link = "--out /dev/stdout --force | head -c 100 >/dev/null"
        var cases: [(String, String)] = []
        for command in ["export --format csv", "export --format vcf", "export --format json", "export --format xlsx",
                        "export --format csv --campaign Syksy", "export --format vcf --campaign Syksy --channel letter"] {
            cases.append(("\(command) \(head)", exported))
        }
        for command in ["export --format csv", "export --format json", "export --format csv --campaign Syksy",
                        "labels --format pdf --campaign Syksy", "labels --format csv --campaign Syksy"] {
            cases.append(("\(command) \(link)", throughTheLink))
        }
        // A calendar and a sheet to standard output are made whole first, then written out.
        cases += [("birthdays --ics - \(head)", "the calendar is incomplete and was not recorded"),
                  ("labels --format csv --campaign Syksy --out - \(head)", "cannot write to standard output: it was closed before the end (the program reading it stopped)" + sheet),
                  ("labels --format csv --campaign Syksy --out - > /dev/full", "cannot write to standard output: No space left on device" + sheet)]
        for (command, says) in cases {
            let r = try Binary.shell("\"$K\" --db \(db) \(command); echo \"status ${PIPESTATUS[0]}\"", folder)
            #expect(r.stdout.hasPrefix("status 1"), "\(command): \(r.stdout)")
            #expect(r.stderr.contains(says) && !r.stderr.contains("nothing was written"), "\(command): \(r.stderr)")
        }
        #expect(try exports() == exportsBefore)
        #expect(try Self.campaigns(db) == campaignsBefore)
        // Read to the end, the same exports are recorded.
        let whole = try Binary.shell("\"$K\" export --format csv --campaign Syksy --db \(db) | cat >/dev/null; echo \"status ${PIPESTATUS[0]}\"", folder)
        #expect(whole.stdout == "status 0\n", "\(whole.stderr)")
        #expect(try exports() == exportsBefore + 1 && Self.campaigns(db) == campaignsBefore + 1)
    }

    /// Found: `notice --out EXISTING` overwrote without `--force` and followed symlinks;
    /// `--force` over a 0644 file kept 0644 for PDFs. Every file ends 0600, whole.
    @Test func filesAreNeverWrittenOverOrThroughALinkWithoutForce() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["generate", "--count", "50", "--db", db], folder).status == 0)
        let commands: [(String, String)] = [("notice", "notice.md"), ("labels --format pdf --no-campaign", "labels.pdf"), ("report 1001", "report.txt"),
                                            ("export --format csv", "export.csv"), ("event show 1 --format pdf", "event.pdf")]
        #expect(try Binary.run(["event", "add", "--name", "Kevätkurssi", "--date", "1.3.2025", "--db", db], folder).status == 0)
        for (command, name) in commands {
            let target = folder.file(name)
            _ = FileManager.default.createFile(atPath: target, contents: Data("vanha".utf8), attributes: [.posixPermissions: 0o644])
            let refused = try Binary.shell("\"$K\" \(command) --db \(db) --out \(target)", folder)
            #expect(refused.status == 1 && refused.stderr.contains("already exists"), "\(command): \(refused.stderr)")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "vanha", "\(command): overwritten")
            // A link to somebody else's file is not written through.
            let victim = folder.file("victim-\(name)"), link = folder.file("link-\(name)")
            _ = FileManager.default.createFile(atPath: victim, contents: Data("muu".utf8))
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
            let linked = try Binary.shell("\"$K\" \(command) --db \(db) --out \(link)", folder)
            #expect(linked.status == 1, "\(command): \(linked.stderr)")
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "muu", "\(command): written through a link")
            // With --force the old file is replaced whole, and ends 0600.
            let forced = try Binary.shell("\"$K\" \(command) --db \(db) --out \(target) --force", folder)
            #expect(forced.status == 0, "\(command): \(forced.stderr)")
            #expect(folder.permissions(target) == 0o600, "\(command): mode \(String(folder.permissions(target), radix: 8))")
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) != Data("vanha".utf8), "\(command): not replaced")
        }
    }

    /// Found: `labels --out /dev/stdout --force` into a pipe replaced the link `/dev/stdout`
    /// itself with a file (run as root; others were refused a file in /dev): a link to
    /// `/proc/self/fd/1` leads to `pipe:[…]`, which has no path, so the link was taken for the
    /// target. A link of our own to the same place stands in for /dev/stdout: what the pipe
    /// reads is the whole output, and the link stays a link.
    @Test func aLinkToStandardOutputIsWrittenThroughNotReplaced() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["generate", "--count", "50", "--db", db], folder).status == 0)
        #expect(try Binary.run(["event", "add", "--name", "Kevätkurssi", "--date", "1.3.2025", "--db", db], folder).status == 0)
        let link = folder.file("ulos")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
        for (command, start) in [("labels --format pdf --no-campaign", "%PDF"), ("labels --format csv --no-campaign", "\u{FEFF}"),
                                 ("export --format csv", "\u{FEFF}"), ("export --format vcf", "BEGIN:VCARD"), ("notice", "#"),
                                 ("report 1001", ""), ("event show 1 --format pdf", "%PDF")] {
            let r = try Binary.shell("\"$K\" \(command) --db \(db) --out \(link) --force | cat", folder)
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.stdout.count > 100 && r.stdout.hasPrefix(start), "\(command): \(r.stdout.prefix(40))")
            let kind = try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType
            #expect(kind == .typeSymbolicLink, "\(command): the link was replaced")
            if kind != .typeSymbolicLink {
                try FileManager.default.removeItem(atPath: link)
                try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
            }
        }
        // Found: with standard output a file the shell appends to (`>>`), the link led to the
        // file, and a new file was renamed over it: what it held was lost. Now the output
        // follows it.
        let log = folder.file("loki.txt")
        try "vanha rivi\n".write(toFile: log, atomically: false, encoding: .utf8)
        for (command, start) in [("export --format vcf", "BEGIN:VCARD"), ("labels --format txt --no-campaign", ""), ("notice", "#")] {
            let before = try String(contentsOfFile: log, encoding: .utf8)
            let r = try Binary.shell("\"$K\" \(command) --db \(db) --out \(link) --force >> \(log)", folder)
            #expect(r.status == 0, "\(command): \(r.stderr)")
            let after = try String(contentsOfFile: log, encoding: .utf8)
            #expect(after.hasPrefix(before + start) && after.count > before.count + 100, "\(command): \(after.prefix(60))")
        }
        #expect(try String(contentsOfFile: log, encoding: .utf8).hasPrefix("vanha rivi\n"))
    }
}

/// Found: a damaged register answered `database error 11: database disk image is malformed`
/// with no advice. Now it says what happened and what to do, and the restore it names works.
@Suite struct DamagedRegisterTests {
    @Test func aDamagedRegisterSaysWhatToDoAndTheRestoreWorks() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite"), backup = folder.file("b.sqlite")
        #expect(try Binary.run(["generate", "--count", "2000", "--db", db], folder).status == 0)
        #expect(try Binary.run(["backup", backup, "--db", db], folder).status == 0)
        // Pages of the tables overwritten with noise, as a failing disk would.
        let handle = try #require(FileHandle(forUpdatingAtPath: db))
        let size = try handle.seekToEnd()
        var offset: UInt64 = 16384 * 2
        while offset < size {
            try handle.seek(toOffset: offset)
            try handle.write(contentsOf: Data(repeating: 0xFF, count: 9000))
            offset += 16384 * 5
        }
        try handle.close()
        let r = try Binary.run(["list", "--db", db], folder)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("the register file is damaged") && r.stderr.contains("kortisto restore BACKUP"), "\(r.stderr)")
        #expect(!r.stderr.contains("database error 11"))
        let restored = try Binary.run(["restore", backup, "--yes", "--db", db], folder)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Binary.run(["list", "--db", db], folder).status == 0)
    }
}

/// Found: a pre-created or copied register kept 0644/0666 without a word.
@Suite struct RegisterModeTests {
    @Test func anOpenRegisterIsMadePrivateAndSaysSo() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["add", "--first", "Aino", "--last", "Laine", "--db", db], folder).status == 0)
        for mode in [0o644, 0o666, 0o640] {
            chmod(db, mode_t(mode))
            let r = try Binary.run(["list", "--db", db], folder)
            #expect(r.status == 0)
            #expect(r.stderr.contains("it is now readable only by you (0600)"), "\(String(mode, radix: 8)): \(r.stderr)")
            #expect(folder.permissions(db) == 0o600)
            #expect(try Binary.run(["list", "--db", db], folder).stderr.isEmpty, "said once")
        }
    }
}

@Suite(.serialized) struct CommitTruthTests {
    /// Found: `generate` on a full disk said "nothing was saved" after committing 2000
    /// customers. On disks of several sizes, whatever it says is what the register holds.
    @Test func generateSaysWhatTheRegisterHolds() throws {
        for kilobytes in [300, 1500, 3000, 3500, 3505, 3510, 3520, 3540, 6000] {
            let disk = SmallDisk(kilobytes: kilobytes)
            let folder = TemporaryFolder()
            let db = disk.file("r.sqlite")
            let r = try Binary.shell(disk.limit(kilobytes) + "\"$K\" generate --count 2000 --db \(db)", folder)
            let held: Int = (try? {
                let register = try Register.open(at: db)
                defer { register.close() }
                return try register.countCustomers()
            }()) ?? 0
            if r.status == 0 {
                #expect(held == 2000, "\(kilobytes) KiB: said done, holds \(held)")
            } else {
                #expect(r.stderr.contains("nothing was saved") || r.stderr.contains("disk is full"), "\(kilobytes) KiB: \(r.stderr)")
                #expect(held == 0, "\(kilobytes) KiB: said nothing was saved, holds \(held)")
            }
        }
    }

    /// Found: on a read-only register `labels` and `export --campaign` left their files with no
    /// campaign or audit record, and said "nothing was saved". Now nothing is left either.
    @Test func aReadOnlyRegisterLeavesNoFiles() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["generate", "--count", "200", "--db", db], folder).status == 0)
        // Root writes through file modes; the immutable attribute stops even root (ext4, xfs).
        guard try spawn(["chattr", "+i", db]).status == 0 else { return }
        defer { _ = try? spawn(["chattr", "-i", db]) }
        for (command, out) in [("labels --out", "tarrat.pdf"), ("labels --format csv --out", "tarrat.csv"),
                               ("export --format csv --campaign Syksy --out", "lista.csv"), ("export --format vcf --out", "kortit.vcf")] {
            let target = folder.file(out)
            let r = try Binary.shell("\"$K\" \(command) \(target) --db \(db)", folder)
            #expect(r.status == 1 && r.stderr.contains("read-only; nothing was saved"), "\(command): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target), "\(command): a file was left")
        }
    }
}

/// Stored text is shown, never obeyed: a name or note another program wrote with an escape
/// sequence in it reaches a terminal as visible placeholders (`show`, `list`, `report`).
@Suite struct TerminalOutputTests {
    @Test func controlCharactersReachATerminalAsPlaceholders() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["add", "--first", "Aino", "--last", "Laine", "--note", "hyvä", "--db", db], folder).status == 0)
        let register = try Register.open(at: db)
        try register.db.run("UPDATE customer SET notes = ?, first_name = ? WHERE number = 1001", "ok\u{1B}]2;pwned\u{07}\u{1B}[2J", "Ai\u{1B}[31mno")
        register.close()
        // Lists and exports as bytes too (written a part at a time, made text only for a terminal).
        for command in ["show 1001", "list", "list --format csv", "list --format json", "list --search aino --format csv",
                        "export --format csv", "export --format vcf", "report 1001 --lang en"] {
            let r = try Binary.shell("script -qec '\"$K\" \(command) --db \(db)' /dev/null", folder)
            #expect(!r.stdout.contains("\u{1B}"), "\(command)")
            // JSON writes the escape as \u001b; everything else shows its placeholder.
            #expect(r.stdout.contains(command.hasSuffix("json") ? "\\u001b" : "␛"), "\(command): \(r.stdout.prefix(300))")
        }
        // Into a file the bytes go as they are: an export is data, not a screen.
        let piped = try Binary.shell("\"$K\" show 1001 --db \(db) | od -c | grep -c 033", folder)
        #expect(piped.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "0")
    }
}
