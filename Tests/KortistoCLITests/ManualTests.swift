import Foundation
import KortistoTestSupport
import Testing
@testable import KortistoCLI

/// The man page and the completions are made from the same declarations as `--help`: every
/// command and every option of each is in them, and the programs that read them accept them.
@Suite struct ManualTests {
    /// Runs `script` in bash and returns its standard output.
    static func bash(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theManualHasEveryCommandAndOptionAndRendersCleanly() throws {
        let sh = Shell()
        let page = sh.run("manual")
        #expect(page.status == 0)
        for command in CLI.commands {
            #expect(page.out.contains(".SS \"" + Manual.escape(command.spec.usage) + "\""), "\(command.spec.name)")
            for option in command.spec.options {
                #expect(page.out.contains(".B \\-\\-" + Manual.escape(option.name)), "\(command.spec.name) --\(option.name)")
            }
        }
        // Only ASCII, so any man reads it in any locale.
        #expect(page.out.unicodeScalars.allSatisfy { $0.value < 128 })
        let file = sh.folder.file("kortisto.1")
        try Data(page.out.utf8).write(to: URL(fileURLWithPath: file))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
        #expect(try Self.bash("groff -man -Tutf8 -ww -z '\(file)' 2>&1").isEmpty, "groff warns")
    }

    /// Completion as bash runs it: the words typed so far, what it offers.
    @Test func bashCompletesCommandsSubcommandsOptionsAndChoices() throws {
        let sh = Shell()
        let script = sh.run("completion", "bash")
        #expect(script.status == 0)
        let file = sh.folder.file("kortisto.bash")
        try Data(script.out.utf8).write(to: URL(fileURLWithPath: file))
        #expect(try Self.bash("bash -n '\(file)' && echo ok") == "ok\n")
        func offered(_ words: String) throws -> [String] {
            try Self.bash("source '\(file)'; COMP_WORDS=(\(words)); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _kortisto; echo \"${COMPREPLY[*]}\"")
                .split(whereSeparator: \.isWhitespace).map(String.init)
        }
        #expect(try offered("kortisto or") == ["order", "org"])
        #expect(try offered("kortisto order ''") == CLI.groups.first { $0.name == "order" }?.subcommands)
        #expect(try offered("kortisto list --format ''") == ["table", "json", "csv"])
        #expect(try offered("kortisto consent 1001 sms give --so") == ["--source"])
        // Found in a trial: nothing after a `--db FILE` before the command, and no argument words.
        #expect(try offered("kortisto --db rekisteri.sqlite li") == ["list"])
        #expect(try offered("kortisto --db r.sqlite order a") == ["add"])
        #expect(try offered("kortisto ban 1001 p") == ["publication"])
        #expect(try offered("kortisto completion ''") == ["bash", "zsh", "fish"])
        #expect(Completion.argumentWords(try #require(CLI.commands.first { $0.spec.name == "order collection" }).spec) == ["on", "off"])
        for command in CLI.commands {
            let words = command.spec.name.split(separator: " ").joined(separator: " ")
            let options = try offered("kortisto \(words) --")
            for option in command.spec.options { #expect(options.contains("--" + option.name), "\(command.spec.name) --\(option.name)") }
        }
        for shell in ["zsh", "fish"] {
            let other = sh.run("completion", shell)
            #expect(other.status == 0 && other.out.contains("kortisto"))
        }
        #expect(sh.run("completion", "tcsh").status == 2)
    }

    /// Found by running it in zsh: through bashcompinit the script read the word before the
    /// cursor (zsh counts arrays from 1). Completion as zsh runs it, and as fish does.
    @Test(.enabled(if: ThirdParty.program("zsh") != nil, "zsh is not installed (apt-get install zsh)"))
    func zshCompletesAsItRunsTheScript() throws {
        let sh = Shell()
        let file = sh.folder.file("_kortisto")
        try Data(sh.run("completion", "zsh").out.utf8).write(to: URL(fileURLWithPath: file))
        let zsh = try #require(ThirdParty.program("zsh"))
        #expect(try spawn([zsh, "-n", file]).status == 0)
        // As bashcompinit's _bash_complete calls it: the words, and the cursor's index counted from 0.
        func offered(_ words: String, _ index: Int) throws -> [String] {
            let script = "autoload -U compinit; compinit -u 2>/dev/null; source '\(file)'; COMP_WORDS=(\(words)); COMP_CWORD=\(index); _kortisto; print -r -- \"${COMPREPLY[@]}\""
            return try spawn([zsh, "-f", "-c", script]).stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        // zsh filters by what is typed itself (bashcompinit's compgen does not): what is offered
        // shows the words were read right.
        #expect(try offered("kortisto order ''", 2) == CLI.groups.first { $0.name == "order" }?.subcommands)
        #expect(try offered("kortisto list --format ''", 3) == ["table", "json", "csv"])
        #expect(try offered("kortisto consent 1001 sms give --so", 5).contains("--source"))
    }

    @Test(.enabled(if: ThirdParty.program("fish") != nil, "fish is not installed (apt-get install fish)"))
    func fishCompletesCommandsAndChoices() throws {
        let sh = Shell()
        let file = sh.folder.file("kortisto.fish")
        try Data(sh.run("completion", "fish").out.utf8).write(to: URL(fileURLWithPath: file))
        let fish = try #require(ThirdParty.program("fish"))
        #expect(try spawn([fish, "--no-execute", file]).status == 0)
        func offered(_ line: String) throws -> [String] {
            try spawn([fish, "--no-config", "-c", "source '\(file)'; complete -C '\(line)'"]).stdout
                .split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }
        }
        #expect(try offered("kortisto or") == ["order", "org"])
        #expect(Set(try offered("kortisto list --format ")) == ["table", "json", "csv"])
        #expect(try offered("kortisto order ").contains("unpay"))
        #expect(try offered("kortisto --db r.sqlite li") == ["list"])
        #expect(try offered("kortisto --db r.sqlite order a") == ["add"])
        #expect(try offered("kortisto ban 1001 p") == ["publication"])
    }
}
