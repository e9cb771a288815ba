import Foundation
import KortistoApp
import KortistoCore
import KortistoStore

/// The `kortisto` command line. The executable and the tests both call `run`, so every
/// command can be tested in-process against a real register file.
public enum CLI {
    public static let version = "0.1.0"

    /// Runs one command line (without the program name); returns the exit status:
    /// 0 success, 1 an error (message on stderr), 2 a usage error.
    public static func run(_ arguments: [String], environment: [String: String], stdout: TextSink, stderr: TextSink,
                           input: LineReader = StandardInput()) -> Int32 {
        var words = arguments
        // `--db PATH` may also come before the command name.
        var globalDB: [String] = []
        while let first = words.first, first == "--db" || first.hasPrefix("--db=") {
            if first == "--db" {
                guard words.count >= 2 else { return usage("--db needs a value", command: nil, stderr) }
                globalDB = ["--db", words[1]]
                words.removeFirst(2)
            } else {
                globalDB = [first]
                words.removeFirst()
            }
        }
        guard let name = words.first else {
            // No command: the full-screen interface on the register.
            words = ["tui"]
            return run(words + globalDB, environment: environment, stdout: stdout, stderr: stderr, input: input)
        }
        switch name {
        case "--version", "version":
            stdout.line("kortisto \(version) (register format \(Register.latestSchemaVersion))")
            return 0
        case "--help", "-h", "help":
            if words.count > 1, let command = find(Array(words.dropFirst()))?.command {
                stdout.write(command.spec.help)
            } else if words.count >= 2, groups.contains(where: { $0.name == words[1] }) {
                stdout.write(help(group: words[1]))
            } else {
                stdout.write(overview)
            }
            return 0
        default: break
        }
        guard let (command, consumed) = find(words) else {
            if let group = groups.first(where: { $0.name == name }) {
                if words.contains("--help") || words.contains("-h") {
                    stdout.write(help(group: name))
                    return 0
                }
                return usage("'\(name)' needs a subcommand: \(group.subcommands.joined(separator: ", "))", command: nil, stderr)
            }
            return usage("unknown command '\(name)'", command: nil, stderr)
        }
        // A `--db` given before the command goes before the rest, which may end options (`list --`).
        let rest = globalDB + Array(words.dropFirst(consumed))
        if rest.contains("--help") || rest.contains("-h") {
            stdout.write(command.spec.help)
            return 0
        }
        let context = Context(environment: environment, stdout: stdout, stderr: stderr, input: input)
        do {
            let parsed = try Arguments.parse(rest, spec: command.spec)
            return try command.run(parsed, in: context)
        } catch let error as CLIError {
            switch error {
            case let .usage(message, commandName): return usage(message, command: commandName, stderr)
            case let .failure(message): return fail(message, stderr)
            }
        } catch let error as Refusal {
            return fail(error.message, stderr)
        } catch let error as ValidationErrors {
            // Only words outside a closed set (a status, a channel): a usage error, as a choice is.
            if !error.errors.isEmpty, error.errors.allSatisfy(\.isUnknownChoice) { return usage(error.description, command: command.spec.name, stderr) }
            return fail(error.description, stderr)
        } catch let error as FieldError {
            if error.isUnknownChoice { return usage(error.description, command: command.spec.name, stderr) }
            return fail(error.description, stderr)
        } catch let error as StoreError {
            return fail(error.description, stderr)
        } catch {
            return fail("\(error)", stderr)
        }
    }

    /// The status a command ends with once its output is known to have arrived: a failed
    /// write to standard output (a full disk, `> /dev/full`) is exit 1 and says so, whatever
    /// the command did; output cut short must never look like success.
    public static func finish(_ status: Int32, stdout: FileDescriptorSink, stderr: TextSink) -> Int32 {
        stdout.finish()
        // A command that already failed has said why (often this very failure).
        guard status == 0, let failure = stdout.failure else { return status }
        stderr.line("kortisto: cannot write to standard output: \(failure); the output is incomplete")
        return 1
    }

    static func usage(_ message: String, command: String?, _ stderr: TextSink) -> Int32 {
        stderr.line("kortisto: \(message)")
        stderr.line("Try 'kortisto \(command.map { "\($0) " } ?? "")--help'.")
        return 2
    }

    static func fail(_ message: String, _ stderr: TextSink) -> Int32 {
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
            stderr.line("kortisto: \(line)")
        }
        return 1
    }

    static let commands: [any Command.Type] = [
        AddCommand.self, EditCommand.self, ListCommand.self, SearchCommand.self, ShowCommand.self, QueryCommand.self,
        OrderAddCommand.self, OrderEditCommand.self, OrderPayCommand.self, OrderUnpayCommand.self, OrderCancelCommand.self,
        OrderCollectionCommand.self, OrderListCommand.self,
        TodayCommand.self, ContactCommand.self, BanCommand.self, UnbanCommand.self, ConsentCommand.self,
        HoldCommand.self, UnholdCommand.self, RestrictCommand.self, UnrestrictCommand.self,
        OrgAddCommand.self, OrgListCommand.self, OrgShowCommand.self,
        LabelsCommand.self, ImportCommand.self, ExportCommand.self, SyncCommand.self, BirthdaysCommand.self, ReportCommand.self, ForgetCommand.self, RetentionCommand.self, BackupCommand.self, RestoreCommand.self,
        RequestAddCommand.self, RequestListCommand.self, RequestExtendCommand.self, RequestCloseCommand.self, DiscloseCommand.self,
        BreachAddCommand.self, BreachListCommand.self, BreachUpdateCommand.self,
        SettingsListCommand.self, SettingsGetCommand.self, SettingsSetCommand.self, NoticeCommand.self,
        EventAddCommand.self, EventAttendCommand.self, EventListCommand.self, EventShowCommand.self,
        CampaignAddCommand.self, CampaignSendCommand.self, CampaignListCommand.self, FeedbackCommand.self,
        DemoCommand.self, GenerateCommand.self, TUICommand.self, ManualCommand.self, CompletionCommand.self,
    ]

    /// Commands of two words (`order add`) by their first word, in `commands` order.
    static let groups: [(name: String, subcommands: [String])] = groupsOf(commands.map { $0.spec.name })

    static func groupsOf(_ names: [String]) -> [(name: String, subcommands: [String])] {
        var order: [String] = []
        var members: [String: [String]] = [:]
        for name in names {
            let words = name.split(separator: " ").map(String.init)
            guard words.count == 2 else { continue }
            if members[words[0]] == nil { order.append(words[0]) }
            members[words[0], default: []].append(words[1])
        }
        return order.map { ($0, members[$0] ?? []) }
    }

    /// A group's help: its subcommands with their summaries.
    static func help(group: String) -> String {
        let members = commands.filter { $0.spec.name.hasPrefix(group + " ") }
        let width = members.map { $0.spec.name.count }.max() ?? 0
        return "Usage: kortisto \(group) SUBCOMMAND [OPTIONS]      (kortisto \(group) SUBCOMMAND --help for details)\n\nSubcommands:\n"
            + members.map { "  " + $0.spec.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.spec.summary + "\n" }.joined()
    }

    /// The command named by the first one or two words, and how many words that took.
    static func find(_ words: [String]) -> (command: any Command.Type, consumed: Int)? {
        if words.count >= 2, let command = commands.first(where: { $0.spec.name == "\(words[0]) \(words[1])" }) {
            return (command, 2)
        }
        if let first = words.first, let command = commands.first(where: { $0.spec.name == first }) {
            return (command, 1)
        }
        return nil
    }

    static var overview: String {
        var text = """
        Kortisto \(version): a customer register for a sole trader, in one local file.

        Usage: kortisto COMMAND [OPTIONS]      (kortisto COMMAND --help for details)

        Commands:

        """
        let width = commands.map { $0.spec.name.count }.max() ?? 0
        for command in commands {
            text += "  " + command.spec.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + command.spec.summary + "\n"
        }
        text += """

        Every command takes --db PATH. Without it the register is $KORTISTO_DB, else
        $XDG_DATA_HOME/kortisto/kortisto.sqlite (~/.local/share/kortisto/kortisto.sqlite).
        Customers are named by their customer number (e.g. 1001).

        """
        return text
    }
}

/// One subcommand: its spec (options, help) and what it does.
protocol Command: Sendable {
    static var spec: CommandSpec { get }
    static func run(_ arguments: Arguments, in context: Context) throws -> Int32
}

/// What a running command has at hand: environment, output, today's date, the register.
final class Context {
    let environment: [String: String]
    let stdout: TextSink
    let stderr: TextSink
    let input: LineReader
    let today: LocalDate

    init(environment: [String: String], stdout: TextSink, stderr: TextSink, input: LineReader) {
        self.environment = environment
        self.stdout = stdout
        self.stderr = stderr
        self.input = input
        // KORTISTO_TODAY pins the date for reproducible tests and demos.
        self.today = environment["KORTISTO_TODAY"].flatMap(LocalDate.init(iso:)) ?? LocalDate.today()
    }

    /// Opens the register named by `--db`, `KORTISTO_DB` or the default location. Only a
    /// command that adds (`CommandSpec.createsRegister`) makes one where there is none, and
    /// says so; any other is refused, so a mistyped `--db` never leaves an empty register.
    /// The register the command names (`--db`, `KORTISTO_DB`, the default), opened with
    /// `memory`: small unless the command reads every customer (`.everything`). What opening
    /// it says (an upgrade, a file made private) goes to stderr in the words `saying` gives
    /// (the command line's English; the interface's language before its screen opens).
    func openRegister(_ arguments: Arguments, memory: Register.MemoryUse = .small,
                      saying: @escaping (Announcement) -> String = \.message) throws -> Register {
        let (path, isDefault) = RegisterLocation.resolve(explicit: arguments.value("db"), environment: environment)
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            guard arguments.spec?.createsRegister == true else {
                throw CLIError.failure("there is no register at \(path)"
                                       + (isDefault ? " yet: 'kortisto add' or 'kortisto import' makes one" : " (check --db; 'kortisto add' or 'kortisto import' makes a new one)"))
            }
            // A new register goes into a folder that is there: a mistyped folder is said, not made.
            var isFolder: ObjCBool = false
            let folder = PathName.folderOrCurrent(path)
            if !isDefault, !(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue) {
                throw Refusal("there is no folder {0} for the register {1}", folder, path)
            }
        }
        if isDefault {
            try RegisterLocation.prepareDefaultFolder(PathName.folder(path))
        }
        let register = try Register.open(at: path) { [stderr] in stderr.line(saying($0)) }
        if !exists { stderr.line(saying(Announcement("New register made at {0}.", path))) }
        try register.use(memory: memory)
        return register
    }

    /// Asks a yes/no question on stderr; only an explicit yes (y, yes, k, kyllä) confirms.
    func confirm(_ question: String) -> Bool {
        stderr.write(question + " [y/N] ")
        guard let answer = input.readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else {
            stderr.line("")
            return false
        }
        return ["y", "yes", "k", "kyllä", "kylla"].contains(answer)
    }

    /// A customer number from a positional argument.
    func customerNumber(_ raw: String) throws(CLIError) -> Int64 {
        let text = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
        guard let number = Int64(text), number > 0 else {
            throw .usage("'\(raw)' is not a customer number (e.g. 1001)", command: nil)
        }
        return number
    }

    /// The number of an order, request or other record (`12` or `#12`).
    func recordNumber(_ raw: String, of kind: String) throws(CLIError) -> Int64 {
        let text = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
        guard let id = Int64(text), id > 0 else { throw .usage("'\(raw)' is not \(kind) number", command: nil) }
        return id
    }
}
