import Foundation
@testable import KortistoApp
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoCLI
@testable import KortistoStore

/// Runs commands in-process against a register in a temporary folder.
final class Shell {
    let folder = TemporaryFolder()
    var db: String { folder.file("r.sqlite") }
    var environment: [String: String]

    init() {
        environment = ["HOME": folder.path, "KORTISTO_TODAY": "2025-06-15"]
    }

    struct Result {
        let status: Int32
        let out: String
        let err: String
    }

    @discardableResult
    func run(_ arguments: String...) -> Result { run(arguments) }

    func run(_ arguments: [String], input: [String] = []) -> Result {
        let out = StringSink(), err = StringSink()
        let status = CLI.run(arguments + ["--db", db], environment: environment, stdout: out, stderr: err, input: ScriptedInput(input))
        return Result(status: status, out: out.text, err: err.text)
    }

    /// Parses stdout as JSON.
    func json(_ arguments: String...) throws -> Any { try json(arguments) }

    func json(_ arguments: [String]) throws -> Any {
        let result = run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.err)")
        return try JSONSerialization.jsonObject(with: Data(result.out.utf8))
    }

    func addMatti() -> String {
        let r = run("add", "--first", "Matti", "--last", "Virtanen", "--email", "matti@example.fi", "--phone", "040 123 4567",
                    "--street", "Kauppakatu 1", "--postcode", "40100", "--town", "Jyväskylä", "--birthdate", "12.4.1985",
                    "--org", "Virtasen Puu Oy", "--title", "Toimitusjohtaja", "--language", "fi", "--note", "Tapasimme messuilla",
                    "--source", "event: Messut 2025", "--since", "1.2.2019")
        #expect(r.status == 0, "\(r.err)")
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
