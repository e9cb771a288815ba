import Foundation
import KortistoApp
import KortistoTestSupport
import Testing
@testable import KortistoCLI

/// The conventions of a Unix tool, over every command: help exits 0, usage errors exit 2, `--`
/// ends options, `--out -` is standard output, and only a command that adds makes a register.
@Suite struct ConventionTests {
    static let names = CLI.commands.map { $0.spec.name }
    static let groups = CLI.groups.map(\.name)

    func run(_ sh: Shell, _ arguments: [String], db: String? = nil) -> Shell.Result {
        let out = StringSink(), err = StringSink()
        let status = CLI.run(arguments + ["--db", db ?? sh.db], environment: sh.environment, stdout: out, stderr: err, input: ScriptedInput([]))
        return Shell.Result(status: status, out: out.text, err: err.text)
    }

    @Test(arguments: names + groups)
    func helpExitsZero(_ name: String) {
        let sh = Shell()
        let words = name.split(separator: " ").map(String.init)
        for help in [words + ["--help"], words + ["-h"], ["help"] + words] {
            let result = run(sh, help)
            #expect(result.status == 0 && result.out.hasPrefix("Usage: kortisto \(name)"), "\(help): \(result.status) \(result.err)")
        }
    }

    @Test(arguments: names)
    func anUnknownOptionIsAUsageError(_ name: String) {
        let sh = Shell()
        let result = run(sh, name.split(separator: " ").map(String.init) + ["--no-such-option"])
        #expect(result.status == 2 && result.err.contains("unknown option '--no-such-option'"), "\(name): \(result.status) \(result.err)")
        #expect(!FileManager.default.fileExists(atPath: sh.db), "\(name) made a register")
    }

    @Test func otherUsageErrorsExitTwo() {
        let sh = Shell()
        for arguments in [["no-such-command"], ["order"], ["order", "nosuch"], ["show"], ["show", "1001", "1002"], ["list", "--format", "xml"],
                          ["list", "--format"], ["completion", "tcsh"], ["labels"], ["labels", "--out", "x.pdf", "--format", "json"], ["show", "abc"]] {
            #expect(run(sh, arguments).status == 2, "\(arguments)")
        }
    }

    /// Found in a trial: a word outside a closed set exited 1 where a choice the parser checks
    /// exits 2. Every such option, on the command line.
    @Test func aWordOutsideAClosedSetIsAUsageError() {
        let sh = Shell()
        #expect(run(sh, ["add", "--first", "Äijä", "--last", "Öljynen"]).status == 0)
        for arguments in [["contact", "1001", "--channel", "pigeon"], ["order", "add", "1001", "--amount", "5", "--description", "x", "--status", "bogus"],
                          ["add", "--first", "A", "--kind", "bogus"], ["add", "--first", "A", "--type", "bogus"],
                          ["edit", "1001", "--preferred-channel", "pigeon"], ["edit", "1001", "--kind", "bogus"]] {
            let result = run(sh, arguments)
            #expect(result.status == 2 && result.err.contains("Try 'kortisto"), "\(arguments): \(result.status) \(result.err)")
        }
        // A value that is wrong in itself stays an error of the value (exit 1).
        #expect(run(sh, ["add", "--first", "A", "--email", "ei-osoite"]).status == 1)
    }

    /// A command that only reads, or changes what must already be there, says there is no
    /// register at a mistyped path and leaves none behind; one that adds makes it and says so.
    @Test(arguments: names.filter { !["demo", "manual", "completion", "tui", "restore"].contains($0) })
    func aMissingRegisterIsMadeOnlyByCommandsThatAdd(_ name: String) throws {
        let sh = Shell()
        let typo = sh.folder.file("rekistri.sqlite")
        let spec = try #require(CLI.commands.first { $0.spec.name == name }?.spec)
        var arguments = name.split(separator: " ").map(String.init)
        arguments += Array(repeating: "1001", count: spec.positionals.lowerBound)
        let result = run(sh, arguments, db: typo)
        let made = FileManager.default.fileExists(atPath: typo)
        if spec.createsRegister {
            #expect(!made || result.err.contains("New register made at \(typo)."), "\(name): \(result.err)")
        } else {
            #expect(!made, "\(name) made a register at a mistyped path: \(result.err)")
            #expect(result.status != 0, "\(name)")
        }
    }

    @Test func readingCommandsSayThereIsNoRegister() {
        let sh = Shell()
        let typo = sh.folder.file("rekistri.sqlite")
        for arguments in [["list"], ["show", "1001"], ["export", "--format", "csv"], ["today"], ["report", "1001"], ["settings", "list"]] {
            let result = run(sh, arguments, db: typo)
            #expect(result.status == 1 && result.err.contains("there is no register at \(typo)"), "\(arguments): \(result.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: typo))
        let added = run(sh, ["add", "--first", "Äijä", "--last", "Öljynen"], db: typo)
        #expect(added.status == 0 && added.err.contains("New register made at \(typo)."))
        #expect(run(sh, ["list"], db: typo).status == 0)
        // A new register goes only into a folder that is there.
        let nowhere = run(sh, ["add", "--first", "Åsa", "--last", "Öhman"], db: sh.folder.file("ei/ole/r.sqlite"))
        #expect(nowhere.status == 1 && nowhere.err.contains("there is no folder \(sh.folder.file("ei/ole")) for the register"), "\(nowhere.err)")
        // Only the first time.
        #expect(!run(sh, ["add", "--first", "Åsa", "--last", "Öhman"], db: typo).err.contains("New register"))
    }

    @Test func doubleDashEndsOptions() {
        let sh = Shell()
        #expect(run(sh, ["add", "--first", "Äijä", "--last", "Öljynen"]).status == 0)
        // `--db` given before the command stays an option whatever follows.
        func direct(_ arguments: [String]) -> Int32 {
            CLI.run(["--db", sh.db] + arguments, environment: sh.environment, stdout: StringSink(), stderr: StringSink(), input: ScriptedInput([]))
        }
        #expect(direct(["list", "--"]) == 0)
        #expect(direct(["show", "--", "1001"]) == 0)
        // After `--` a word that looks like an option is a positional.
        #expect(direct(["show", "--", "--1001"]) == 2)
    }

    /// `--out -` writes to standard output, for every command that has `--out`, and makes no file called `-`.
    @Test func outDashIsStandardOutput() throws {
        let sh = Shell()
        #expect(run(sh, ["add", "--first", "Äijä", "--last", "Öljynen", "--street", "Kuusitie 1", "--postcode", "00100", "--town", "Helsinki",
                         "--birthdate", "12.4.1980"]).status == 0)
        #expect(run(sh, ["event", "add", "--name", "Ensiapukurssi", "--date", "1.3.2025"]).status == 0)
        let cases: [([String], String)] = [
            (["export", "--format", "csv", "--out", "-"], "Öljynen"), (["export", "--format", "json", "--out", "-"], "\"customers\""),
            (["export", "--format", "vcf", "--out", "-"], "BEGIN:VCARD"), (["notice", "--out", "-"], "Tietosuojaseloste"),
            (["report", "1001", "--out", "-"], "Öljynen"), (["event", "show", "1", "--out", "-"], "Ensiapukurssi"),
            (["event", "show", "1", "--format", "pdf", "--out", "-"], "%PDF-"), (["labels", "--out", "-", "--no-campaign"], "%PDF-"),
            (["labels", "--out", "-", "--format", "csv", "--no-campaign"], "Öljynen"), (["labels", "--out", "-", "--format", "txt", "--no-campaign"], "Öljynen"),
            (["birthdays", "--ics", "-"], "BEGIN:VCALENDAR"),
        ]
        let withOut = Set(CLI.commands.filter { $0.spec.options.contains { ["out", "ics"].contains($0.name) } }.map { $0.spec.name })
        #expect(withOut == Set(cases.map { $0.0.prefix { $0.first?.isLetter == true }.joined(separator: " ") }))
        for (arguments, expected) in cases {
            let out = StringSink(), err = StringSink()
            let status = CLI.run(arguments + ["--db", sh.db], environment: sh.environment, stdout: out, stderr: err, input: ScriptedInput([]))
            #expect(status == 0, "\(arguments): \(err.text)")
            #expect(String(decoding: out.data, as: UTF8.self).contains(expected), "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: "-") && !FileManager.default.fileExists(atPath: sh.folder.file("-")))
        // A PDF is not poured onto a terminal.
        let out = StringSink(), err = StringSink()
        out.isTerminal = true
        #expect(CLI.run(["labels", "--out", "-", "--db", sh.db], environment: sh.environment, stdout: out, stderr: err, input: ScriptedInput([])) == 2)
    }

    @Test func labelSheetsAsJSON() throws {
        let sh = Shell()
        let result = run(sh, ["labels", "--list-templates", "--format", "json"])
        #expect(result.status == 0)
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
        let l7160 = try #require(sheets.first { $0["id"] as? String == "avery-l7160" })
        #expect(l7160["labels_per_sheet"] as? Int == 21 && l7160["label_width_mm"] as? Double == 63.5)
        #expect(!FileManager.default.fileExists(atPath: sh.db))
    }
}

/// JSON as bytes: every character a stored text can hold reads back as it was, the ones a
/// reader could trip on escaped.
@Suite struct JSONRenderingTests {
    @Test func everyKindOfCharacterReadsBack() throws {
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{2028}", "\u{2029}",
                        "ä", "Ö", "å", "€", "😀", "\u{301}", "/", "<", ">", "&", "'"]
        for special in specials {
            let text = "a\(special)b"
            for pretty in [true, false] {
                let rendered = KortistoApp.JSON.object([("k", .string(text)), ("n", .int(-7)), ("l", .array([.null, .bool(true)]))]).rendered(pretty: pretty)
                let back = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any], "\(special.unicodeScalars.map(\.value))")
                #expect(back["k"] as? String == text, "\(special.unicodeScalars.map(\.value)): \(rendered)")
                #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 })
            }
        }
    }
}

/// `list` in every format streams slice by slice: a long list has every row once, in order, and
/// the same customers in the table, the CSV and the JSON.
@Suite struct LongListTests {
    @Test func everyFormatHasEveryRowOnceInOrder() throws {
        let sh = Shell()
        #expect(sh.run("generate", "--count", "4500", "--seed", "3").status == 0)
        let csv = sh.run("list", "--format", "csv").out.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(sh.run("list", "--format", "json").out.utf8)) as? [[String: Any]])
        let table = sh.run("list").out.split(separator: "\n")
        #expect(csv.count > 4000 && csv.count == json.count && table.count == csv.count + 1)
        #expect(json.compactMap { $0["number"] as? Int }.map(String.init) == csv)
        #expect(table.dropFirst().map { String($0.prefix { $0 != " " }) } == csv)
        #expect(table[0].hasPrefix("No") && Set(csv).count == csv.count)
    }
}

extension LongListTests {
    /// An import of 10,000 or more sets the customer indexes aside and writes in batches: every
    /// card's UID is kept there too (the UID index is not read while it is set aside).
    @Test func aLargeVCardImportKeepsEveryUID() throws {
        let sh = Shell()
        #expect(sh.run("generate", "--count", "10200", "--seed", "5").status == 0)
        let cards = sh.folder.file("kaikki.vcf")
        #expect(sh.run("export", "--format", "vcf", "--out", cards).status == 0)
        let uids = { (sh: Shell) in Set(sh.run("export", "--format", "vcf").out.split(separator: "\r\n").filter { $0.hasPrefix("UID:") }) }
        let before = uids(sh)
        let other = Shell()
        #expect(other.run("import", cards).status == 0)
        #expect(before.count > 10_000 && uids(other) == before)
    }
}
