import Foundation
import KortistoStore
import KortistoTestSupport
import Testing

/// A detached tmux session on a private socket, running one shell command in a real terminal.
final class TmuxSession {
    let socket = "kortisto-test-\(UUID().uuidString.prefix(8))"
    let target: String

    init(width: Int = 100, height: Int = 30, command: String) throws {
        target = socket + ":0.0"
        let r = try spawn(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", socket,
                           "-x", String(width), "-y", String(height), command])
        guard r.status == 0 else { throw TmuxError(message: "tmux new-session failed: \(r.stderr)") }
    }

    deinit { _ = try? tmux(["kill-server"]) }

    struct TmuxError: Error { let message: String }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> ProcessResult {
        try spawn(["tmux", "-L", socket] + arguments)
    }

    /// Key names as tmux knows them (`Enter`, `Tab`, `C-s`, `Escape`, `Down`).
    func keys(_ names: String...) throws { try tmux(["send-keys", "-t", target] + names) }

    /// Literal text, typed character by character.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", target, "-l", text]) }

    func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", target]).stdout }

    /// Polls the screen until `text` appears (bounded; never a fixed sleep).
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 15) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(text) { return screen }
            usleep(50_000)
        }
        throw TmuxError(message: "timed out waiting for '\(text)'; the screen was:\n\(screen)")
    }

    @discardableResult
    func waitUntilGone(_ text: String, seconds: Double = 15) throws -> String {
        try waitUntil("'\(text)' to go", seconds: seconds) { !$0.contains(text) }
    }

    /// Polls until the whole screen satisfies `condition` (a redraw can be caught half done).
    @discardableResult
    func waitUntil(_ what: String, seconds: Double = 15, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        }
        throw TmuxError(message: "timed out waiting for \(what); the screen was:\n\(screen)")
    }

    /// The shell's child process (the program under test).
    func programPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", target, "#{pane_pid}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try spawn(["pgrep", "-P", shell])
        return children.stdout.split(separator: "\n").first.flatMap { Int32($0) }
    }
}

@Suite(.serialized) struct TerminalTests {
    /// Runs kortisto on `db` inside bash, then reports the exit status and the terminal's modes.
    static func command(_ folder: TemporaryFolder, db: String, extra: String = "") -> String {
        "env -i HOME=\(folder.path) PATH=/usr/bin:/bin TERM=tmux-256color LANG=C.UTF-8 KORTISTO_TODAY=2025-06-15 \(extra) "
            + "\(Binary.path) --db \(db); echo \"EXITED $?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 60"
    }

    /// A register with these customers added through the command line, open in tmux.
    static func session(_ folder: TemporaryFolder, _ customers: [[String]] = [], extra: String = "") throws -> (db: String, tmux: TmuxSession) {
        let db = folder.file("r.sqlite")
        for arguments in customers {
            #expect(try Binary.run(["add", "--db", db] + arguments, folder).status == 0)
        }
        return (db, try TmuxSession(command: command(folder, db: db, extra: extra)))
    }

    @Test func addThroughTheFormThenFindWithTheCommandLine() throws {
        let folder = TemporaryFolder()
        let (db, tmux) = try Self.session(folder)
        try tmux.waitFor("0 customers")
        try tmux.keys("a")
        try tmux.waitFor("New customer")
        try tmux.type("Väinö")
        try tmux.keys("Tab")
        try tmux.type("Mäkelä")
        try tmux.keys("Tab", "Tab", "Tab")
        try tmux.type("vaino@example.fi")
        try tmux.keys("C-s")
        try tmux.waitFor("Customer 1001 added.")
        let screen = try tmux.waitFor("│ Väinö Mäkelä  #1001")
        #expect(screen.contains("Mäkelä, Väinö"))
        try tmux.keys("q")
        try tmux.waitFor("EXITED 0")
        // Cooked mode is back: canonical input and echo.
        let after = try tmux.waitFor("icanon")
        #expect(after.contains("icanon echo"))
        let list = try Binary.run(["list", "--db", db], folder)
        #expect(list.stdout.contains("Mäkelä, Väinö"))
        let show = try Binary.run(["show", "1001", "--db", db, "--format", "json"], folder)
        #expect(show.stdout.contains("\"email\": \"vaino@example.fi\""))
    }

    /// Tags with `t`, the identity code shown only on `h` and only for five seconds or until the next key, events with
    /// `v` (and `a` there), attendance with `v` on the card.
    @Test func tagsRevealAndEvents() throws {
        let folder = TemporaryFolder()
        let (db, tmux) = try Self.session(folder, [["--first", "Äijä", "--last", "Öljynen", "--kind", "member", "--identity-code", "131052-308T"]])
        #expect(try Binary.run(["event", "add", "--db", db, "--name", "Ensiapukurssi", "--date", "1.3.2025", "--kind", "training"], folder).status == 0)
        #expect(try Binary.run(["event", "attend", "1", "1001", "--db", db, "--certificate", "EA1"], folder).status == 0)
        try tmux.waitFor("1 customer")
        try tmux.keys("t")
        try tmux.waitFor("Tags: Äijä Öljynen")
        try tmux.type("VIP, joulukortti")
        try tmux.keys("C-s")
        try tmux.waitFor("Tags saved.")
        #expect(try Binary.run(["list", "--db", db, "--tag", "joulukortti"], folder).stdout.contains("Öljynen, Äijä"))
        try tmux.keys("Enter")
        // Both, in one capture: a redraw can be caught half done.
        var screen = try tmux.waitUntil("the card") { $0.contains("131052-****") && $0.contains("Ensiapukurssi") }
        #expect(!screen.contains("131052-308T"))
        try tmux.keys("h")
        try tmux.waitFor("131052-308T")
        try tmux.keys("j")
        screen = try tmux.waitUntil("the code hidden again") { !$0.contains("131052-308T") && $0.contains("131052-****") }
        // Without a key it hides by itself after five seconds.
        try tmux.keys("h")
        try tmux.waitFor("131052-308T")
        let shown = Date()
        try tmux.waitUntil("the code hidden by the clock", seconds: 15) { !$0.contains("131052-308T") && $0.contains("131052-****") }
        #expect(Date().timeIntervalSince(shown) > 3.5)
        try tmux.keys("q", "v")
        try tmux.waitFor("1.3.2025  Ensiapukurssi")
        // A new training from the events list, then the member's attendance from the card.
        try tmux.keys("a")
        try tmux.waitFor("New event or training")
        try tmux.type("Kevätkoulutus")
        try tmux.keys("Tab", "C-u")
        try tmux.type("15.3.2026")
        try tmux.keys("C-s")
        try tmux.waitFor("Event #2 added: Kevätkoulutus.")
        try tmux.keys("q", "Enter", "v")
        try tmux.waitFor("took part in an event")
        try tmux.type("2")
        try tmux.keys("Tab")
        try tmux.type("Ensiapu EA2")
        try tmux.keys("C-s")
        try tmux.waitFor("Äijä Öljynen recorded at event #2.")
        #expect(try Binary.run(["event", "show", "2", "--db", db], folder).stdout.contains("Äijä Öljynen  #1001  · Ensiapu EA2"))
        try tmux.keys("q", "q")
        try tmux.waitFor("EXITED 0")
    }

    @Test func searchToggleBanAndResize() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        for (first, last, town) in [("Matti", "Virtanen", "Jyväskylä"), ("Aino", "Öhman", "Turku"), ("Åke", "Åberg", "Porvoo")] {
            #expect(try Binary.run(["add", "--db", db, "--first", first, "--last", last, "--town", town], folder).status == 0)
        }
        let tmux = try TmuxSession(command: Self.command(folder, db: db))
        try tmux.waitFor("3 customers")
        try tmux.keys("/")
        try tmux.type("ohm")
        // Both in one capture: a redraw can be caught half done (seen once under load).
        var screen = try tmux.waitUntil("the search drawn") { $0.contains("│ Aino Öhman  #1002") && !$0.contains("Virtanen, Matti") }
        #expect(!screen.contains("Virtanen, Matti"))
        try tmux.keys("Enter", "p")
        screen = try tmux.waitFor("publication ban set for Aino Öhman.")
        let show = try Binary.run(["show", "1002", "--db", db, "--format", "json"], folder)
        #expect(show.stdout.contains("\"bans\": [\n    \"publication\"\n  ]"))
        // Narrower: the card pane goes; smaller still: a note instead of a broken layout.
        try tmux.tmux(["resize-window", "-t", tmux.target, "-x", "60", "-y", "20"])
        screen = try tmux.waitUntil("the narrow layout") { !$0.contains("│ Aino Öhman") && $0.contains("Öhman, Aino") }
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 60 })
        try tmux.tmux(["resize-window", "-t", tmux.target, "-x", "30", "-y", "8"])
        try tmux.waitFor("Make the window")
        try tmux.tmux(["resize-window", "-t", tmux.target, "-x", "100", "-y", "30"])
        try tmux.waitFor("│ Aino Öhman  #1002")
        try tmux.keys("C-c")
        try tmux.waitFor("EXITED 0")
    }

    /// Found: uncaught signals (USR1, USR2, ALRM, XCPU, XFSZ, PWR…) left the terminal raw on the
    /// alternate screen. Every signal that ends the process restores it first.
    @Test(arguments: [SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGXFSZ, SIGPWR, SIGVTALRM, SIGINT, 40])
    func everyEndingSignalRestoresTheTerminal(_ signalNumber: Int32) throws {
        let folder = TemporaryFolder()
        let (_, tmux) = try Self.session(folder, [["--first", "Aino", "--last", "Laine"]])
        try tmux.waitFor("1 customer")
        let pid = try #require(try tmux.programPID())
        kill(pid, signalNumber)
        try tmux.waitFor("EXITED")
        let after = try tmux.waitFor("icanon")
        #expect(after.contains("icanon echo"), "signal \(signalNumber)")
        #expect(!after.contains("Kortisto · Customer register"), "signal \(signalNumber)")
    }

    @Test func finnishInterfaceFromTheLocale() throws {
        let folder = TemporaryFolder()
        let (_, tmux) = try Self.session(folder, extra: "KORTISTO_LANG=fi")
        try tmux.waitFor("Asiakasrekisteri")
        try tmux.waitFor("0 asiakasta")
        try tmux.keys("q")
        try tmux.waitFor("EXITED 0")
    }

    /// A register of an older version that others could read, opened in the interface: what
    /// opening it says before the screen opens (the upgrade, the file made private) is said in
    /// the interface's language, and stays above the prompt after the interface is left.
    @Test(arguments: [("fi", ["Rekisteriä päivitetään versioon", "oli muidenkin luettavissa (oikeudet 644)"], ["Updating", "could be read"]),
                      ("en", ["Updating the register to version", "could be read by others (mode 644)"], ["päivitetään", "luettavissa"])])
    func openingAnOldRegisterIsSaidInTheInterfacesLanguage(language: String, said: [String], notSaid: [String]) throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["add", "--db", db, "--first", "Åsa", "--last", "Öhman"], folder).status == 0)
        try UpgradeProcessTests.takeBackToV30(db)
        #expect(chmod(db, 0o644) == 0)
        let tmux = try TmuxSession(command: Self.command(folder, db: db, extra: "KORTISTO_LANG=\(language)"))
        try tmux.waitFor("Öhman, Åsa")
        try tmux.keys("q")
        let screen = try tmux.waitFor("EXITED 0")
        for words in said { #expect(screen.contains(words), "\(language): \(screen)") }
        for words in notSaid { #expect(!screen.contains(words), "\(language): \(screen)") }
        var info = stat()
        #expect(stat(db, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    /// A new register, and an old demo register upgraded as `demo` opens it, are said above the
    /// prompt in the interface's language (the line stays after the interface is left).
    @Test(arguments: [("fi", "Uusi rekisteri luotiin", "Rekisteriä päivitetään versioon", ["New register", "Updating"]),
                      ("en", "New register made at", "Updating the register to version", ["Uusi rekisteri", "päivitetään"])])
    func aNewRegisterAndAnOldDemoAreSaidInTheInterfacesLanguage(language: String, made: String, upgraded: String, notSaid: [String]) throws {
        let folder = TemporaryFolder()
        let db = folder.file("uusi.sqlite")
        let tmux = try TmuxSession(command: Self.command(folder, db: db, extra: "KORTISTO_LANG=\(language)"))
        try tmux.keys("q")
        var screen = try tmux.waitFor("EXITED 0")
        #expect(screen.contains(made + " ") || screen.contains(made + ":"), "\(language): \(screen)")
        for words in notSaid { #expect(!screen.contains(words), "\(language): \(screen)") }
        let demo = folder.file("demo.sqlite")
        #expect(try Binary.run(["demo", "--db", demo], folder).status == 0)
        try UpgradeProcessTests.takeBackToV30(demo)
        let demoSession = try TmuxSession(command: Self.command(folder, db: demo, extra: "KORTISTO_LANG=\(language)")
                                              .replacingOccurrences(of: "--db \(demo)", with: "demo --db \(demo)"))
        try demoSession.keys("q", "q")
        screen = try demoSession.waitFor("EXITED 0")
        #expect(screen.contains(upgraded), "\(language): \(screen)")
        for words in notSaid { #expect(!screen.contains(words), "\(language): \(screen)") }
    }

    /// Why the interface cannot open its register (a file that is not one, one a newer Kortisto
    /// wrote, a folder, a folder that is not there, a demo that is not one) or cannot start
    /// (no terminal, a dumb or unknown one) is said in the interface's language, and no
    /// register is made for an interface that cannot start; another command says it in English.
    @Test func aRegisterTheInterfaceCannotOpenIsRefusedInItsLanguage() throws {
        let folder = TemporaryFolder()
        let notOne = folder.file("muistio.sqlite"), newer = folder.file("uudempi.sqlite"), aFolder = folder.file("kansio.sqlite")
        let nowhere = folder.file("ei/ole/r.sqlite"), notADemo = folder.file("oikea.sqlite"), made = folder.file("uusi.sqlite")
        let locked = folder.file("lukittu.sqlite"), lockFile = locked + ".lock"
        try Data("Ostoslista: maitoa, leipää\n".utf8).write(to: URL(fileURLWithPath: notOne))
        try FileManager.default.createDirectory(atPath: aFolder, withIntermediateDirectories: false)
        #expect(try Binary.run(["add", "--db", newer, "--first", "Åsa", "--last", "Öhman"], folder).status == 0)
        #expect(try Binary.run(["add", "--db", notADemo, "--first", "Åke", "--last", "Mäki"], folder).status == 0)
        // A folder where the register's lock file goes: the lock cannot be made (even by root).
        #expect(try Binary.run(["add", "--db", locked, "--first", "Öydis", "--last", "Häkkinen"], folder).status == 0)
        try FileManager.default.removeItem(atPath: lockFile)
        try FileManager.default.createDirectory(atPath: lockFile, withIntermediateDirectories: false)
        let register = try Register.open(at: newer)
        try register.db.execute("PRAGMA user_version = \(Register.latestSchemaVersion + 1)")
        register.close()
        // Through a terminal (`script`), so the register is opened: TERM as given.
        func inTerminal(_ arguments: String, _ language: String, term: String = "xterm-256color") throws -> ProcessResult {
            try Binary.shell("TERM=\(term) script -qec '\"$K\" \(arguments)' /dev/null", folder, ["KORTISTO_LANG": language])
        }
        let cases: [(String, String, String)] = [
            ("tui --db \(notOne)", "fi", "ei ole Kortiston rekisteri; sitä ei muutettu."),
            ("tui --db \(notOne)", "en", "is not a Kortisto register; it was left unchanged."),
            ("tui --db \(newer)", "fi", "on tehty uudemmalla Kortistolla; päivitä Kortisto"),
            ("tui --db \(newer)", "en", "was written by a newer Kortisto"),
            ("tui --db \(aFolder)", "fi", "Rekisteriä \(aFolder) ei voi avata: se on kansio, ei tiedosto."),
            ("tui --db \(aFolder)", "en", "Cannot open the register \(aFolder): it is a folder, not a file."),
            ("tui --db \(nowhere)", "fi", "kansiota \(folder.file("ei/ole")) ei ole; rekisteriä \(nowhere) ei tehty"),
            ("tui --db \(nowhere)", "en", "there is no folder \(folder.file("ei/ole")) for the register \(nowhere)"),
            ("demo --db \(notADemo)", "fi", "\(notADemo) sisältää jo muun kuin esittelyrekisterin; anna toinen --db POLKU"),
            ("demo --db \(notADemo)", "en", "\(notADemo) already holds a register that is not a demo; give another --db PATH"),
            ("demo --reset --db \(notADemo)", "fi", "\(notADemo) ei ole esittelyrekisteri; --reset korvaa vain esittelyrekisterin"),
            ("demo --reset --db \(notADemo)", "en", "\(notADemo) is not a demo register; --reset only replaces demo registers"),
            ("tui --db \(locked)", "fi", "rekisterin lukitustiedostoa \(lockFile) ei voi tehdä: se on kansio"),
            ("tui --db \(locked)", "en", "cannot make the register's lock file \(lockFile): Is a directory"),
        ]
        for (arguments, language, words) in cases {
            let r = try inTerminal(arguments, language)
            #expect(r.stdout.hasPrefix("kortisto: ") && r.stdout.contains(words), "\(language) \(arguments): \(r.stdout)")
        }
        // The default register's folder cannot be made where a file stands in the way.
        try Data().write(to: URL(fileURLWithPath: folder.file("tiedosto")))
        for (language, words) in [("fi", "rekisterin kansiota \(folder.file("tiedosto/data/kortisto")) ei voi tehdä: polun osa ei ole kansio"),
                                  ("en", "cannot make the folder \(folder.file("tiedosto/data/kortisto")) for the register: Not a directory")] {
            let r = try Binary.shell("TERM=xterm script -qec '\"$K\"' /dev/null", folder, ["KORTISTO_LANG": language, "XDG_DATA_HOME": folder.file("tiedosto/data")])
            #expect(r.stdout.contains("kortisto: " + words), "\(language): \(r.stdout)")
        }
        // No terminal, a dumb one, one curses does not know: said, and no register made.
        let terminals: [(String, String, String)] = [
            ("fi", "", "koko näytön käyttöliittymä tarvitsee päätteen; käytä komentoriviä"),
            ("en", "", "the full-screen interface needs a terminal; use the command line instead"),
            ("fi", "dumb", "TERM puuttuu tai on 'dumb', joten koko näytön käyttöliittymä ei voi toimia"),
            ("en", "dumb", "TERM is not set or is 'dumb', so the full-screen interface cannot run"),
            ("fi", "ei-tunnettu", "koko näytön käyttöliittymää ei voi käynnistää (tuntematon päätetyyppi 'ei-tunnettu')"),
            ("en", "ei-tunnettu", "cannot start the full-screen interface (unknown terminal type 'ei-tunnettu')"),
        ]
        for (language, term, words) in terminals {
            let said = term.isEmpty ? try Binary.run(["tui", "--db", made], folder, ["KORTISTO_LANG": language]).stderr
                                    : try inTerminal("tui --db \(made)", language, term: term).stdout
            #expect(said.contains("kortisto: " + words), "\(language) TERM=\(term): \(said)")
            #expect(!FileManager.default.fileExists(atPath: made), "\(language) TERM=\(term)")
        }
        let english = try Binary.run(["list", "--db", notOne], folder, ["KORTISTO_LANG": "fi"])
        #expect(english.status == 1 && english.stderr.contains("is not a Kortisto register"), "\(english.stderr)")
        let lockless = try Binary.run(["list", "--db", locked], folder, ["KORTISTO_LANG": "fi"])
        #expect(lockless.status == 1 && lockless.stderr.contains("cannot make the register's lock file \(lockFile): Is a directory"), "\(lockless.stderr)")
    }

    @Test func nonUTF8LocaleStillShowsFinnishLetters() throws {
        let folder = TemporaryFolder()
        let (_, tmux) = try Self.session(folder, [["--first", "Åsa", "--last", "Öhman", "--town", "Jyväskylä"]], extra: "LANG=C LC_ALL=C")
        let screen = try tmux.waitFor("Öhman, Åsa")
        #expect(screen.contains("Jyväskylä"))
        try tmux.keys("q")
        try tmux.waitFor("EXITED 0")
    }

    @Test func suspendAndResume() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["add", "--db", db, "--first", "Aino", "--last", "Laine"], folder).status == 0)
        // An interactive shell, so Ctrl-Z has job control to return to.
        let tmux = try TmuxSession(command: "env -i HOME=\(folder.path) PATH=/usr/bin:/bin TERM=tmux-256color PS1='$ ' bash --norc --noprofile -i")
        try tmux.waitFor("$")
        try tmux.type("LANG=C.UTF-8 \(Binary.path) --db \(db)")
        try tmux.keys("Enter")
        try tmux.waitFor("1 customer")
        try tmux.keys("C-z")
        try tmux.waitFor("Stopped")
        try tmux.type("fg")
        try tmux.keys("Enter")
        let screen = try tmux.waitFor("│ Aino Laine  #1001")
        #expect(screen.contains("Laine, Aino"))
        try tmux.keys("q")
        _ = try tmux.waitUntilGone("Laine, Aino")
    }

    @Test func noColorMeansNoColourCodes() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        #expect(try Binary.run(["add", "--db", db, "--first", "Aino", "--last", "Laine"], folder).status == 0)
        #expect(try Binary.run(["ban", "--db", db, "1001", "publication"], folder).status == 0)
        for (extra, expectColour) in [("", true), ("NO_COLOR=1", false)] {
            let tmux = try TmuxSession(command: Self.command(folder, db: db, extra: extra))
            try tmux.waitFor("[publication ban")
            let styled = try tmux.tmux(["capture-pane", "-p", "-e", "-t", tmux.target]).stdout
            // ESC [ 3x m: a foreground colour.
            let hasColour = styled.range(of: "\u{1B}\\[([0-9;]*;)?3[1-7][;m]", options: .regularExpression) != nil
            #expect(hasColour == expectColour, "\(extra)")
            try tmux.keys("q")
            try tmux.waitFor("EXITED 0")
        }
    }

    @Test func settingsScreenWritesTheRegister() throws {
        let folder = TemporaryFolder()
        let (db, tmux) = try Self.session(folder)
        try tmux.waitFor("0 customers")
        try tmux.keys("S")
        try tmux.waitFor("Register settings")
        try tmux.type("Tmi Hyvinvointi Mäkelä")
        try tmux.keys("C-s")
        try tmux.waitFor("Settings saved.")
        try tmux.keys("S", "C-n")
        try tmux.waitFor("Privacy notice (preview)")
        try tmux.keys("q", "Escape", "q")
        try tmux.waitFor("EXITED 0")
        let value = try Binary.run(["settings", "get", "controller_name", "--db", db], folder)
        #expect(value.stdout == "Tmi Hyvinvointi Mäkelä\n")
    }

    @Test func forgetFromTheInterface() throws {
        let folder = TemporaryFolder()
        let (_, tmux) = try Self.session(folder, [["--first", "Kääriäinen", "--last", "Ängeslevä", "--email", "salainen@example.fi"],
                                                  ["--first", "Aino", "--last", "Laine"]])
        try tmux.waitFor("│ Aino Laine  #1002")
        try tmux.keys("Down", "F")
        try tmux.waitFor("Forget Kääriäinen Ängeslevä?")
        try tmux.keys("y")
        try tmux.waitFor("Customer 1001 forgotten.")
        try tmux.keys("q")
        try tmux.waitFor("EXITED 0")
        let bytes = folder.rawBytes(ofDatabase: "r.sqlite")
        #expect(bytes.range(of: Data("Ängeslevä".utf8)) == nil)
        #expect(bytes.range(of: Data("salainen@example.fi".utf8)) == nil)
    }

    @Test func accessReportAndRetentionReview() throws {
        let folder = TemporaryFolder()
        let (db, tmux) = try Self.session(folder, [["--first", "Aino", "--last", "Laine", "--email", "aino@example.fi"],
                                                   ["--first", "Vanha", "--last", "Asiakas", "--since", "1.1.2015"]])
        try tmux.waitFor("2 customers")
        try tmux.keys("Down", "Enter")
        try tmux.waitFor("#1001")
        try tmux.keys("x")
        // The register's language (Finnish) when the customer has none; `l` the other one.
        try tmux.waitFor("Tarkastusraportti: kaikki tiedot")
        try tmux.waitFor("aino@example.fi")
        try tmux.keys("l")
        try tmux.waitFor("Access report: everything")
        try tmux.keys("w")
        try tmux.waitFor("access-report-1001.txt")
        try tmux.keys("C-u")
        try tmux.type(folder.file("raportti.txt"))
        try tmux.keys("C-s")
        try tmux.waitFor("(readable only by you)")
        #expect(folder.permissions(folder.file("raportti.txt")) == 0o600)
        #expect(try String(contentsOfFile: folder.file("raportti.txt"), encoding: .utf8).contains("Access report: everything"))
        try tmux.keys("q", "q", "r")
        try tmux.waitFor("Inactive for 5 years")
        try tmux.waitFor("Asiakas, Vanha")
        try tmux.keys("F")
        try tmux.waitFor("Forget Vanha Asiakas?")
        try tmux.keys("y")
        try tmux.waitFor("Nobody has been inactive for 5 years without a reason")
        try tmux.keys("q", "q")
        try tmux.waitFor("EXITED 0")
        #expect(try Binary.run(["show", "1002", "--db", db], folder).stderr.contains("forgotten on"))
    }

    @Test func dumbTerminalGetsAClearMessage() throws {
        let folder = TemporaryFolder()
        let r = try Binary.shell("TERM=dumb script -qec '\"$K\" --db \(folder.file("r.sqlite"))' /dev/null", folder)
        #expect(r.stdout.contains("TERM is not set or is 'dumb'"))
    }
}
