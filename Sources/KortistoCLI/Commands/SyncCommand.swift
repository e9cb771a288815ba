import Foundation
import KortistoApp
import KortistoCore
import KortistoStore

/// `kortisto sync --vdir DIR`: the register and a vdir kept in step both ways (VdirSync).
struct SyncCommand: Command {
    static let spec = CommandSpec(
        name: "sync", synopsis: "--vdir DIR", summary: "keep the register and a vdir of vCards (a CardDAV address book via vdirsyncer) in step",
        options: [
            .value("vdir", "DIR", "the folder of .vcf files vdirsyncer keeps (made if missing)"),
            .flag("dry-run", "say what would change; change nothing"),
        ],
        details: """
        Field by field, against what both sides last agreed on: a change on one side goes to the other; a field
        changed on both sides is a conflict, shown and left until one side is changed to match. Bans, holds,
        restrictions, kind, source and membership come only from the register. A new card becomes a customer
        unless it has a customer's e-mail or phone (then it is shown, not added). A forgotten or restricted
        customer's card is deleted, so the next vdirsyncer run takes it off the phone; a card deleted in the
        vdir leaves the customer in the register. Exit 1 when a conflict or a card not taken in needs you.
        vdirsyncer: a pair whose 'a' is a filesystem storage at DIR with fileext = ".vcf" (see README).
        """)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        guard let raw = a.value("vdir") else { throw CLIError.usage("--vdir is required", command: spec.name) }
        var vdir = PrivateFile.resolve(raw, home: context.environment["HOME"])
        if let real = realpath(vdir, nil) {
            vdir = String(cString: real)
            free(real)
        }
        let register = try context.openRegister(a, memory: .everything)
        let dry = a.has("dry-run")
        let report = try VdirSync(register: register, vdir: vdir, today: context.today).run(dryRun: dry)
        let out = context.stdout
        out.line((dry ? "Would sync with " : "Synced with ") + vdir + (report.changedNothing && report.conflicts.isEmpty ? ": nothing to change." : ":"))
        for (number, name) in report.added { out.line("  added from a card: #\(number) \(name)") }
        for (number, name, fields) in report.updated { out.line("  updated from the card: #\(number) \(name) (\(fields.joined(separator: ", ")))") }
        if !report.written.isEmpty { out.line("  \(report.written.count) card(s) written from the register") }
        if report.removed > 0 { out.line("  \(report.removed) card(s) deleted: forgotten or restricted customers") }
        for (number, name) in report.deletedThere {
            out.line("  card deleted in the vdir: #\(number) \(name) stays in the register (not sent again; 'kortisto forget \(number)' forgets)")
        }
        if !report.conflicts.isEmpty {
            out.line("Changed on both sides (left as they are until one side is changed to match):")
            for conflict in report.conflicts {
                out.line("  #\(conflict.customer) \(conflict.name)")
                for field in conflict.fields { out.line("    \(field.key): register '\(field.register)', card '\(field.card)'") }
            }
        }
        if !report.refused.isEmpty {
            out.line("Not taken in:")
            for (file, reason) in report.refused { out.line("  \(file): \(reason)") }
        }
        let pending = report.conflicts.count + report.refused.count
        if pending > 0 {
            context.stderr.line("kortisto: \(pending) card(s) need you (see above)")
            return 1
        }
        return 0
    }
}
