import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoCLI
@testable import KortistoStore

@Suite struct CustomerCommandTests {
    @Test func addPrintsTheNumberAndShowReturnsEveryField() throws {
        let sh = Shell()
        #expect(sh.addMatti() == "1001")
        let json = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(json["number"] as? Int == 1001)
        #expect(json["first_name"] as? String == "Matti")
        #expect(json["last_name"] as? String == "Virtanen")
        #expect(json["email"] as? String == "matti@example.fi")
        #expect(json["phone"] as? String == "+358401234567")
        #expect(json["street"] as? String == "Kauppakatu 1")
        #expect(json["postcode"] as? String == "40100")
        #expect(json["town"] as? String == "Jyväskylä")
        #expect(json["country"] as? String == "FI")
        #expect(json["birthdate"] as? String == "1985-04-12")
        #expect(json["organisation"] as? String == "Virtasen Puu Oy")
        #expect(json["title"] as? String == "Toimitusjohtaja")
        #expect(json["language"] as? String == "fi")
        #expect(json["notes"] as? String == "Tapasimme messuilla")
        #expect(json["source"] as? String == "event")
        #expect(json["since"] as? String == "2019-02-01")
        #expect(json["bans"] as? [String] == [])
        #expect(json["legal_hold"] as? Bool == false)
        #expect(json["restricted"] as? Bool == false)
        #expect(json["orders"] as? [Any] != nil)
        #expect(json["contacts"] as? [Any] != nil)
        #expect(json["consent_events"] as? [Any] != nil)
    }

    @Test func showTextIsReadable() {
        let sh = Shell()
        _ = sh.addMatti()
        let r = sh.run("show", "1001")
        #expect(r.status == 0)
        #expect(r.out.contains("Matti Virtanen  #1001"))
        #expect(r.out.contains("040 123 4567"))
        #expect(r.out.contains("Kauppakatu 1, 40100 JYVÄSKYLÄ"))
        #expect(r.out.contains("12.4.1985 (40)"))
    }

    @Test func validationErrorsNameTheFieldAndStoreNothing() throws {
        let sh = Shell()
        let r = sh.run("add", "--first", "Matti", "--last", "Virtanen", "--email", "matti@", "--postcode", "123", "--birthdate", "31.2.1990")
        #expect(r.status == 1)
        #expect(r.err.contains("email:"))
        #expect(r.err.contains("postcode:"))
        #expect(r.err.contains("birthdate:"))
        #expect(r.out.isEmpty)
        // Refused before the register was opened: not even an empty one was made.
        #expect(sh.run("list").err.contains("there is no register"))
        _ = sh.addMatti()
        #expect(sh.run("add", "--first", "Aino", "--email", "aino@").status == 1)
        let list = try #require(try sh.json("list", "--format", "json") as? [Any])
        #expect(list.count == 1)
    }

    @Test func escapeSequencesAreRefused() {
        let sh = Shell()
        let r = sh.run("add", "--first", "Matti\u{1B}]0;pwned\u{7}", "--last", "Virtanen")
        #expect(r.status == 1)
        #expect(r.err.contains("first_name: contains a control character"))
    }

    @Test func usageErrorsExit2() {
        let sh = Shell()
        #expect(sh.run("add", "--first", "A", "--last", "B", "--shoe-size", "44").status == 2)
        #expect(sh.run("frobnicate").status == 2)
        #expect(sh.run("show").status == 2)
        #expect(sh.run("show", "abc").status == 2)
        #expect(sh.run("order").status == 2)
        #expect(sh.run("list", "--format", "xml").status == 2)
        let missing = sh.run("add", "--first")
        #expect(missing.status == 2)
        #expect(missing.err.contains("--first needs a value"))
    }

    @Test func unknownCustomerIsAClearError() {
        let sh = Shell()
        _ = sh.addMatti()
        let r = sh.run("show", "4242")
        #expect(r.status == 1)
        #expect(r.err == "kortisto: customer 4242 not found\n")
    }

    @Test func editChangesOnlyWhatIsGiven() throws {
        let sh = Shell()
        _ = sh.addMatti()
        #expect(sh.run("edit", "1001", "--phone", "+46 70 123 45 67", "--town", "").status == 0)
        let json = try #require(try sh.json("show", "1001", "--format", "json") as? [String: Any])
        #expect(json["phone"] as? String == "+46701234567")
        #expect(json["town"] is NSNull)
        #expect(json["email"] as? String == "matti@example.fi")
        #expect(sh.run("edit", "1001").status == 2)
    }

    @Test func listFormatsAndSearch() throws {
        let sh = Shell()
        _ = sh.addMatti()
        sh.run("add", "--first", "Aino", "--last", "Öhman", "--town", "Turku")
        sh.run("add", "--first", "Åke", "--last", "Åberg")
        let table = sh.run("list")
        #expect(table.out.split(separator: "\n").map { $0.split(separator: " ").dropFirst().first.map(String.init) ?? "" } == ["Name", "Virtanen,", "Åberg,", "Öhman,"])
        let found = try #require(try sh.json("list", "--search", "ohman", "--format", "json") as? [[String: Any]])
        #expect(found.map { $0["last_name"] as? String } == ["Öhman"])
        let alias = try #require(try sh.json("search", "jyvaskyla", "--format", "json") as? [[String: Any]])
        #expect(alias.map { $0["number"] as? Int } == [1001])
        let csv = sh.run("list", "--format", "csv").out
        #expect(csv.hasPrefix("number,first_name,last_name,"))
        #expect(csv.contains("1001,Matti,Virtanen,Virtasen Puu Oy,"))
        #expect(csv.split(separator: "\r\n").count == 4)
    }

    /// The table is measured when it shows up to 2,000 customers, and written at the widest
    /// each column may be past that: counted over those shown (the restricted are left out),
    /// not over the rows read.
    @Test func aTableOfUpTo2000IsMeasuredPastThatAtTheWidest() throws {
        let sh = Shell()
        #expect(sh.run("generate", "--count", "2010", "--seed", "3").status == 0)
        let register = try Register.open(at: sh.db)
        try register.db.execute("UPDATE customer SET restriction_reason = 'riita' WHERE number % 97 = 0")
        let widest = Table.widths(header: ["No", "Name", "Organisation", "Town", "Phone", "Flags"], rows: [], maxWidths: nil)
            .enumerated().map { max($1, [8, 34, 30, 20, 18, 6][$0]) }
        for arguments in [["list"], ["list", "--include-restricted"]] {
            let shown = try #require(try sh.json(arguments + ["--format", "json"]) as? [Any]).count
            #expect(arguments.count == 1 ? shown <= 2000 : shown > 2000)
            let lines = sh.run(arguments).out.split(separator: "\n").map(String.init)
            #expect(lines.count == shown + 1, "\(arguments)")
            let header = try #require(lines.first)
            let atTheWidest = header == Table.line(["No", "Name", "Organisation", "Town", "Phone", "Flags"], widths: widest).trimmingCharacters(in: .newlines)
            #expect(atTheWidest == (shown > 2000), "\(arguments): \(header)")
        }
    }

    @Test func jsonSurvivesHostileText() throws {
        let sh = Shell()
        sh.run("add", "--first", "\"Quote\" \\ back", "--last", "Ülkü", "--note", "rivi 1\nrivi 2")
        let list = try #require(try sh.json("list", "--format", "json") as? [[String: Any]])
        #expect(list.first?["first_name"] as? String == "\"Quote\" \\ back")
        #expect(list.first?["notes"] as? String == "rivi 1\nrivi 2")
    }
}

@Suite struct ProgramCommandTests {
    @Test func helpAndVersion() {
        let sh = Shell()
        #expect(sh.run("--version").out.hasPrefix("kortisto "))
        let help = sh.run("add", "--help")
        #expect(help.status == 0)
        #expect(help.out.contains("--birthdate D"))
        let err = StringSink()
        #expect(CLI.run(["--db", sh.db], environment: [:], stdout: StringSink(), stderr: err) == 1)
        #expect(err.text.contains("needs a terminal"))
        for command in CLI.commands {
            #expect(command.spec.help.contains("Usage: kortisto"))
        }
    }

    @Test func demoFillsASeparateFileAndReusesIt() throws {
        let sh = Shell()
        sh.environment["XDG_DATA_HOME"] = sh.folder.file("data")
        let out = StringSink(), err = StringSink()
        #expect(CLI.run(["demo"], environment: sh.environment, stdout: out, stderr: err) == 0, "\(err.text)")
        let demo = sh.folder.file("data/kortisto/demo.sqlite")
        #expect(out.text.contains(demo))
        #expect(out.text.contains("200 customers"))
        #expect(!FileManager.default.fileExists(atPath: sh.folder.file("data/kortisto/kortisto.sqlite")))
        #expect(sh.folder.permissions(sh.folder.file("data/kortisto")) == 0o700)
        let register = try Register.open(at: demo)
        #expect(try register.countCustomers() == 200)
        #expect(try register.db.scalarInt("SELECT count(*) FROM customer_order WHERE status = 'invoiced'")! > 0)
        #expect(try register.db.scalarInt("SELECT count(*) FROM current_consent WHERE granted = 1 AND kind != 'newsletter'")! > 0)
        // Reused, not refilled.
        #expect(CLI.run(["demo"], environment: sh.environment, stdout: StringSink(), stderr: StringSink()) == 0)
        #expect(try register.countCustomers() == 200)
        #expect(CLI.run(["demo", "--reset"], environment: sh.environment, stdout: StringSink(), stderr: StringSink()) == 0)
    }

    @Test func demoNeverResetsARealRegister() {
        let sh = Shell()
        _ = sh.addMatti()
        let r = sh.run("demo", "--reset")
        #expect(r.status == 1)
        #expect(r.err.contains("not a demo register"))
        #expect(sh.run("show", "1001").status == 0)
    }

    @Test func generateFillsOnlyAnEmptyRegister() throws {
        let sh = Shell()
        #expect(sh.run("generate", "--count", "120", "--seed", "4").status == 0)
        #expect(try Register.open(at: sh.db).countCustomers() == 120)
        #expect(sh.run("generate", "--count", "10").status == 1)
        #expect(sh.run("generate", "--count", "zero").status == 2)
    }

    @Test func foreignFilesAreRefusedWithAClearMessage() throws {
        let sh = Shell()
        _ = FileManager.default.createFile(atPath: sh.db, contents: Data("hello".utf8))
        let r = sh.run("list")
        #expect(r.status == 1)
        #expect(r.err.contains("is not a Kortisto register"))
        #expect(FileManager.default.contents(atPath: sh.db) == Data("hello".utf8))
    }
}

/// A command checks its arguments before it opens (or creates) a register.
@Suite struct ArgumentsFirstTests {
    @Test func labelsWithBadArgumentsCreateNoRegister() {
        let folder = TemporaryFolder()
        let db = folder.file("ei.sqlite")
        for arguments in [["labels"], ["labels", "--out", folder.file("a.pdf"), "--format", "docx"], ["labels", "--out", folder.file("a.pdf"), "--template", "nope"],
                          ["labels", "--out", folder.file("a.pdf"), "--sort", "age"]] {
            let status = CLI.run(arguments + ["--db", db], environment: ["HOME": folder.path], stdout: StringSink(), stderr: StringSink())
            #expect(status == 2, "\(arguments)")
            #expect(!FileManager.default.fileExists(atPath: db), "\(arguments): a register was created")
        }
    }
}

/// Usage lines are made from the options a command declares: every option a command takes is
/// in its usage (or the usage says OPTIONS), and every option the synopsis names is one it
/// takes, so the two cannot drift apart unseen.
@Suite struct UsageDriftTests {
    @Test func theSynopsisNamesOnlyDeclaredOptions() {
        for command in CLI.commands {
            let spec = command.spec
            let declared = Set(spec.options.map(\.name) + ["db"])
            for name in spec.synopsisOptions {
                #expect(declared.contains(name), "\(spec.name): the synopsis names --\(name), which it does not take")
            }
            #expect(spec.help.hasPrefix("Usage: kortisto \(spec.usage)\n"))
        }
    }

    @Test func everyOptionIsInItsCommandsUsage() {
        for command in CLI.commands {
            let spec = command.spec
            guard !spec.usage.contains("OPTIONS") else { continue }
            for option in spec.options {
                #expect(spec.usage.contains("--\(option.name)"), "\(spec.name): --\(option.name) is not in '\(spec.usage)'")
            }
        }
    }
}
