import Foundation

/// `kortisto manual`: the man page, made from the commands' declarations as `--help` is.
struct ManualCommand: Command {
    static let spec = CommandSpec(
        name: "manual", synopsis: "", summary: "print the manual page (roff): kortisto manual > kortisto.1; man ./kortisto.1")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        context.stdout.write(Manual.page)
        return 0
    }
}

/// `kortisto completion bash|zsh|fish`: a completion script, made from the same declarations.
struct CompletionCommand: Command {
    static let spec = CommandSpec(
        name: "completion", synopsis: "bash|zsh|fish", summary: "print a shell completion script",
        positionals: 1...1,
        details: "bash:  kortisto completion bash > ~/.local/share/bash-completion/completions/kortisto\n"
            + "zsh:   kortisto completion zsh > ~/.zfunc/_kortisto   (with fpath+=~/.zfunc before compinit)\n"
            + "fish:  kortisto completion fish > ~/.config/fish/completions/kortisto.fish")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        switch a[0] {
        case "bash": context.stdout.write(Completion.bash)
        case "zsh": context.stdout.write(Completion.zsh)
        case "fish": context.stdout.write(Completion.fish)
        default: throw CLIError.usage("unknown shell '\(a[0])' (bash, zsh or fish)", command: spec.name)
        }
        return 0
    }
}

enum Manual {
    static var page: String {
        var out = """
        .TH KORTISTO 1 "" "kortisto \(CLI.version)" "User Commands"
        .SH NAME
        kortisto \\- a customer register for a sole trader, in one local file
        .SH SYNOPSIS
        .B kortisto
        [\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]
        .SH DESCRIPTION
        Without a command, kortisto opens the full-screen interface on the register.
        Every command takes \\fB\\-\\-db\\fR \\fIPATH\\fR and \\fB\\-\\-help\\fR.
        Customers are named by their customer number (e.g. 1001).
        .SH COMMANDS

        """
        for command in CLI.commands {
            let spec = command.spec
            out += ".SS \"" + escape(spec.usage) + "\"\n" + text(spec.summary) + "\n"
            if !spec.details.isEmpty { out += ".PP\n.nf\n" + text(spec.details) + "\n.fi\n" }
            for option in spec.options {
                out += ".TP\n.B \\-\\-" + escape(option.name)
                switch option.kind {
                case let .value(placeholder), let .repeatable(placeholder): out += " \\fI" + escape(placeholder) + "\\fR"
                case .flag: break
                }
                out += "\n" + text(option.help) + "\n"
            }
        }
        out += """
        .SH ENVIRONMENT
        .TP
        .B KORTISTO_DB
        The register file when \\fB\\-\\-db\\fR is not given.
        .TP
        .B XDG_DATA_HOME
        The default register is \\fI$XDG_DATA_HOME/kortisto/kortisto.sqlite\\fR (\\fI~/.local/share/kortisto/kortisto.sqlite\\fR).
        .TP
        .B KORTISTO_LANG
        The interface's language: fi or en (default from LANG).
        .SH EXIT STATUS
        0 on success, 1 when the command failed (the reason is on standard error), 2 for a usage error.

        """
        return out
    }

    /// Text for roff: backslashes and hyphens escaped, and every character past ASCII written
    /// as its code (`\[u00E4]` for ä), which every man reads whatever the locale.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case _ where scalar.value > 127: out += String(format: "\\[u%04X]", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Running text: escaped, and no line starting with a control character.
    static func text(_ text: String) -> String {
        escape(text).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : String(line)
        }.joined(separator: "\n")
    }
}

enum Completion {
    /// What follows `kortisto`: the one-word commands and the groups.
    static var firstWords: [String] {
        var words: [String] = []
        for command in CLI.commands {
            let first = String(command.spec.name.split(separator: " ")[0])
            if !words.contains(first) { words.append(first) }
        }
        return words
    }

    static func options(_ spec: CommandSpec) -> [String] {
        (spec.options.map(\.name) + ["db", "help"]).map { "--" + $0 }
    }

    /// The words a command's synopsis offers for its arguments (`ban ID publication|marketing|…`,
    /// `completion bash|zsh|fish`): the lower-case alternatives, never placeholders or options.
    static func argumentWords(_ spec: CommandSpec) -> [String] {
        var words: [String] = []
        for token in spec.synopsis.split(separator: " ") where token.contains("|") && !token.hasPrefix("-") {
            for part in token.split(separator: "|") where part.count >= 2 && part.allSatisfy({ $0.isLowercase || $0 == "-" || $0 == "_" }) {
                if !words.contains(String(part)) { words.append(String(part)) }
            }
        }
        return words
    }

    /// Options after which a file name comes.
    static let fileOptions: Set<String> = ["db", "out", "ics", "template"]

    static var bash: String {
        var cases = ""
        for command in CLI.commands {
            let spec = command.spec
            cases += "        \"\(spec.name)\") opts=\"\(options(spec).joined(separator: " "))\" ;;\n"
        }
        var arguments = ""
        for command in CLI.commands where !argumentWords(command.spec).isEmpty {
            arguments += "        \"\(command.spec.name)\") words=\"\(argumentWords(command.spec).joined(separator: " "))\" ;;\n"
        }
        var values = ""
        for command in CLI.commands {
            for option in command.spec.options where !option.choices.isEmpty {
                values += "        \"\(command.spec.name) --\(option.name)\") COMPREPLY=($(compgen -W \"\(option.choices.joined(separator: " "))\" -- \"$cur\")); return ;;\n"
            }
        }
        let groups = CLI.groups.map { "        \($0.name)) group=\"\($0.subcommands.joined(separator: " "))\" ;;" }.joined(separator: "\n")
        return """
        # kortisto completion for bash, made by `kortisto completion bash`.
        _kortisto() {
            # zsh runs this through bashcompinit, where arrays count from 1 (COMP_CWORD from 0).
            local cur prev command group opts words i base=0
            [[ -n "${ZSH_VERSION:-}" ]] && base=1
            cur="${COMP_WORDS[COMP_CWORD+base]}"
            prev="${COMP_WORDS[COMP_CWORD-1+base]}"
            command=""
            for ((i = 1; i < COMP_CWORD; i++)); do
                case "${COMP_WORDS[i+base]}" in -*) continue ;; esac
                # The value of an option (`--db FILE` before the command) is no command.
                case "${COMP_WORDS[i-1+base]}" in --db|--out|--ics|--template) continue ;; esac
                if [[ -z "$command" ]]; then command="${COMP_WORDS[i+base]}"; else
                    case "$command" in \(CLI.groups.map(\.name).joined(separator: "|"))) [[ "$command" != *" "* ]] && command="$command ${COMP_WORDS[i+base]}" ;; esac
                    break
                fi
            done
            case "${prev#--}" in \(fileOptions.sorted().joined(separator: "|"))) COMPREPLY=($(compgen -f -- "$cur")); return ;; esac
            case "$command $prev" in
        \(values)    esac
            if [[ -z "$command" ]]; then
                COMPREPLY=($(compgen -W "\(firstWords.joined(separator: " "))" -- "$cur")); return
            fi
            group=""
            case "$command" in
        \(groups)
            esac
            if [[ -n "$group" && "$command" != *" "* ]]; then
                COMPREPLY=($(compgen -W "$group" -- "$cur")); return
            fi
            words=""
            case "$command" in
        \(arguments)    esac
            if [[ "$cur" != -* && -n "$words" ]]; then
                COMPREPLY=($(compgen -W "$words" -- "$cur")); return
            fi
            opts=""
            case "$command" in
        \(cases)    esac
            COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        }
        complete -F _kortisto kortisto

        """
    }

    /// zsh reads the bash completion through bashcompinit.
    static var zsh: String {
        """
        #compdef kortisto
        # kortisto completion for zsh, made by `kortisto completion zsh`.
        autoload -U +X bashcompinit && bashcompinit

        """ + bash
    }

    static var fish: String {
        var out = "# kortisto completion for fish, made by `kortisto completion fish`.\ncomplete -c kortisto -f\n"
        // The words typed that are commands, past options and their values (`--db FILE list`).
        out += """
        function __kortisto_words
            set -l words
            set -l skip 0
            set -l tokens (commandline -opc)
            set -e tokens[1]
            for word in $tokens
                if test $skip -eq 1; set skip 0; continue; end
                switch $word
                    case --db --out --ics --template
                        set skip 1
                    case '-*'
                    case '*'
                        set words $words $word
                end
            end
            for word in $words; echo $word; end
        end
        function __kortisto_no_command
            test (count (__kortisto_words)) -eq 0
        end
        function __kortisto_is
            set -l words (__kortisto_words)
            for i in (seq (count $argv))
                test "$words[$i]" = "$argv[$i]"; or return 1
            end
        end

        """
        func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" }
        let groups = Set(CLI.groups.map(\.name))
        for word in firstWords {
            let summary = groups.contains(word) ? "\(word) …" : CLI.commands.first { $0.spec.name == word }?.spec.summary ?? ""
            out += "complete -c kortisto -n __kortisto_no_command -a \(word) -d \(quote(summary))\n"
        }
        for command in CLI.commands {
            let spec = command.spec
            let words = spec.name.split(separator: " ").map(String.init)
            let condition = "__kortisto_is " + words.joined(separator: " ")
            if words.count == 2 {
                out += "complete -c kortisto -n \(quote("__kortisto_is \(words[0]); and test (count (__kortisto_words)) -eq 1")) -a \(words[1]) -d \(quote(spec.summary))\n"
            }
            let arguments = argumentWords(spec)
            if !arguments.isEmpty { out += "complete -c kortisto -n \(quote(condition)) -a \(quote(arguments.joined(separator: " ")))\n" }
            for option in spec.options {
                var line = "complete -c kortisto -n \(quote(condition)) -l \(option.name) -d \(quote(option.help))"
                if !option.choices.isEmpty { line += " -x -a \(quote(option.choices.joined(separator: " ")))" }
                else if fileOptions.contains(option.name) { line += " -r -F" }
                else if case .flag = option.kind {} else { line += " -x" }
                out += line + "\n"
            }
        }
        out += "complete -c kortisto -l db -d 'register file' -r -F\n"
        return out
    }
}
