import Foundation
import KortistoApp
import KortistoCore
import KortistoStore

/// A forget plan in the command line's English (the interface says the same plan in its words).
enum ForgetSummary {
    static func lines(_ plan: ForgetPlan) -> [String] {
        var lines = ["Forgetting \(plan.customer.fullName) (#\(plan.customer.number)) erases at once: "
                     + plan.erases.map(\.english).joined(separator: ", ") + "."]
        if plan.keptOrders > 0 {
            lines.append("\(plan.keptOrders) order(s) are kept without the name: invoice numbers, dates and amounts, so the books still match.")
        }
        lines.append("It cannot be undone.")
        return lines
    }
}

struct ForgetCommand: Command {
    static let spec = CommandSpec(
        name: "forget", synopsis: "ID",
        summary: "forget a customer: erase everything about them, keep the orders without the name",
        options: [
            .flag("yes", "do not ask for confirmation"),
            .value("reference", "REF", "the request this answers (#12) or a date; the erasure log holds nothing else"),
        ],
        positionals: 1...1,
        details: "Refused while the customer has an open invoice, a claim in debt collection or a legal hold.\n"
            + "An open erasure request of the customer is closed by the forget (and is its reference).")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let number = try context.customerNumber(a[0])
        let reference = try a.value("reference").map { raw throws(CLIError) -> ErasureReference in
            guard let reference = ErasureReference.parse(raw) else {
                throw .usage("--reference takes a request number (#12) or a date (30.11.2026), never a name or other text: the erasure log outlives every backup", command: spec.name)
            }
            return reference
        }
        let register = try context.openRegister(a)
        let plan = try register.forgetPreview(number)
        guard plan.isAllowed else {
            var message = "customer \(number) cannot be forgotten yet:"
            for blocker in plan.blockers { message += "\n  - " + Register.describe(blocker) }
            throw CLIError.failure(message)
        }
        for line in ForgetSummary.lines(plan) { context.stderr.line(line) }
        guard a.has("yes") || context.confirm("Forget customer \(number)?") else {
            context.stderr.line("Nothing was changed.")
            return 1
        }
        let outcome = try register.forget(number, on: context.today, reference: reference)
        context.stderr.line("Customer \(number) forgotten on \(context.today.finnish).")
        ErasureReport.pending(outcome, context)
        if !plan.recipientsToNotify.isEmpty {
            context.stderr.line("Tell the recipients of their data about the erasure: \(plan.recipientsToNotify.joined(separator: ", ")).")
        }
        return 0
    }
}

struct RetentionCommand: Command {
    static let spec = CommandSpec(
        name: "retention", synopsis: "",
        summary: "list customers inactive for the retention period, and those kept and why (and forget the rest)",
        options: [
            .value("years", "N", "retention period in years (default: the retention_months or retention_years setting)"),
            .value("months", "N", "retention period in months"),
            .flag("kept", "with --format json: list the customers kept and why, instead of those due"),
            .choice("format", ["table", "json"], default: "table", "table (default) or json"),
            .flag("forget", "forget everyone listed as due (asks once unless --yes)"),
            .flag("yes", "do not ask for confirmation"),
        ],
        details: "Never due: current members, anyone with an open request, restricted customers, legal holds, open invoices\n"
            + "and claims in collection; the review lists them apart with the reason.\n"
            + "--forget also removes order rows of forgotten customers that the Accounting Act no longer needs\n"
            + "(six years from the end of the year in which their fiscal year ended), and participant lists of events\n"
            + "older than participant_retention_years (default 5).")

    static func period(_ a: Arguments, _ register: Register) throws -> RetentionPeriod {
        func number(_ name: String, _ range: ClosedRange<Int>) throws(CLIError) -> Int? {
            guard let raw = a.value(name) else { return nil }
            guard let n = Int(raw), range.contains(n) else {
                throw .usage("--\(name) must be a number from \(range.lowerBound) to \(range.upperBound)", command: spec.name)
            }
            return n
        }
        let years = try number("years", 1...30), months = try number("months", 1...360)
        if years != nil && months != nil { throw CLIError.usage("give --years or --months, not both", command: spec.name) }
        if let years { return RetentionPeriod(years, .years) }
        if let months { return RetentionPeriod(months, .months) }
        return try register.settings().retentionPeriod
    }

    static func reasons(_ kept: KeptCustomer) -> String {
        kept.reasons.map { reason in
            switch reason {
            case .currentMember: "current member"
            case let .openRequest(id): "open request #\(id)"
            case .restricted: "processing restricted"
            case .legalHold: "legal hold"
            case let .openInvoice(invoice): "open invoice \(invoice)"
            case let .inCollection(invoice): "invoice \(invoice) in debt collection"
            }
        }.joined(separator: ", ")
    }

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let format = a.choice("format")
        let register = try context.openRegister(a, memory: .everything)
        let period = try period(a, register)
        let review = try register.retentionReview(period, today: context.today)
        let candidates = review.candidates
        let participantYears = try register.settings().participantRetentionYears
        let oldLists = try register.expiredParticipantLists(years: participantYears, today: context.today)
        try register.markRetentionReviewed(on: context.today)
        if !oldLists.isEmpty && format == "table" {
            context.stderr.line("Participant lists older than \(participantYears) years: "
                + oldLists.map { "event \($0.event.id) \($0.event.name) \($0.event.date.finnish) (\($0.participants))" }.joined(separator: ", "))
        }
        if format == "json" && a.has("kept") {
            context.stdout.line(JSON.array(review.kept.map { kept in
                .object([("number", .int(kept.customer.number)), ("first_name", .string(kept.customer.firstName)),
                         ("last_name", .string(kept.customer.lastName)), ("last_activity", .string(kept.lastActivity.iso)),
                         ("reasons", .array(kept.reasons.map { reason in
                             .object([("reason", .string(reason.code))] + (reason.argument.isEmpty ? [] : [("detail", .string(reason.argument))]))
                         }))])
            }).rendered())
        } else if format == "json" {
            context.stdout.line(JSON.array(candidates.map {
                .object([("number", .int($0.customer.number)), ("first_name", .string($0.customer.firstName)),
                         ("last_name", .string($0.customer.lastName)), ("last_activity", .string($0.lastActivity.iso))])
            }).rendered())
        } else {
            if candidates.isEmpty {
                context.stderr.line("No customer has been inactive for \(period) without a reason to keep them.")
            } else {
                context.stdout.line("Due for forgetting: inactive for \(period) (\(candidates.count))")
                context.stdout.write(Table.render(header: ["No", "Name", "Last activity"],
                                                  rows: candidates.map { [String($0.customer.number), $0.customer.listName, $0.lastActivity.finnish] },
                                                  maxWidths: [8, 40, 14]))
            }
            if !review.kept.isEmpty {
                context.stdout.line("Kept, though inactive for \(period) (\(review.kept.count))")
                context.stdout.write(Table.render(header: ["No", "Name", "Last activity", "Kept because"],
                                                  rows: review.kept.map { [String($0.customer.number), $0.customer.listName, $0.lastActivity.finnish, reasons($0)] },
                                                  maxWidths: [8, 40, 14, 60]))
            }
            if review.expiredOrders > 0 {
                context.stdout.line("\(review.expiredOrders) order row(s) of forgotten customers are past the Accounting Act's six years.")
            }
        }
        guard a.has("forget"), !candidates.isEmpty || !oldLists.isEmpty || review.expiredOrders > 0 else { return 0 }
        // One question for everything the review would erase.
        var actions: [String] = []
        if !candidates.isEmpty {
            context.stderr.line("Forgetting erases these \(candidates.count) customers' personal data and keeps their orders without names. It cannot be undone.")
            actions.append("Forget all \(candidates.count)")
        }
        if review.expiredOrders > 0 { actions.append("remove \(review.expiredOrders) order row(s) past the accounting period") }
        if !oldLists.isEmpty { actions.append("remove the participant lists of \(oldLists.count) event(s)") }
        let question = actions.joined(separator: " and ")
        guard a.has("yes") || context.confirm(question.prefix(1).uppercased() + question.dropFirst() + "?") else {
            context.stderr.line("Nothing was changed.")
            return 1
        }
        if !candidates.isEmpty {
            let outcome = try register.forgetAll(candidates.map(\.customer.number), on: context.today, reference: .retentionReview, stillDue: period)
            context.stderr.line("Forgot \(outcome.forgotten.count) customers.")
            if outcome.forgotten.count < candidates.count {
                context.stderr.line("\(candidates.count - outcome.forgotten.count) were no longer due (new activity or a reason to keep them) and were kept.")
            }
            ErasureReport.pending(outcome, context)
        }
        if review.expiredOrders > 0 {
            let removed = try register.removeExpiredOrders(today: context.today)
            context.stderr.line("Removed \(removed) order row(s) past the accounting period.")
        }
        if !oldLists.isEmpty {
            let removed = try register.removeParticipants(ofEvents: oldLists.map(\.event.id))
            context.stderr.line("Removed \(removed) participant(s) from \(oldLists.count) old event(s).")
        }
        return 0
    }
}

struct BackupCommand: Command {
    static let spec = CommandSpec(
        name: "backup", synopsis: "[PATH]", summary: "write a consistent copy of the register (0600; default: backups/ beside it)",
        positionals: 0...1)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let register = try context.openRegister(a)
        let written = try register.backup(to: a.positionals.first)
        context.stdout.line(written)
        context.stderr.line("Backup of \(try register.countCustomers()) customers written. Keep it safe: it holds personal data.")
        return 0
    }
}

struct RestoreCommand: Command {
    static let spec = CommandSpec(
        name: "restore", synopsis: "PATH",
        summary: "replace the register with a backup, then forget again everyone forgotten since",
        options: [.flag("yes", "do not ask for confirmation")], positionals: 1...1,
        details: "Refused while another Kortisto has the register open. The backup is checked before anything is replaced;\n"
            + "a restore that fails or is stopped leaves the register as it was.")

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let backup = a[0]
        let (path, isDefault) = RegisterLocation.resolve(explicit: a.value("db"), environment: context.environment)
        if isDefault { try RegisterLocation.prepareDefaultFolder(PathName.folder(path)) }
        // Said before the question, so nobody confirms a restore that cannot happen.
        if Register.isOpenElsewhere(path) { throw StoreError.openElsewhere(path: path) }
        context.stderr.line("This replaces \(path) with \(backup); changes made since the backup are lost.")
        guard a.has("yes") || context.confirm("Restore?") else {
            context.stderr.line("Nothing was changed.")
            return 1
        }
        let outcome = try Register.restore(backup, over: path, today: context.today)
        context.stderr.line("Restored \(outcome.customers) customers from \(backup).")
        if !outcome.replayed.isEmpty {
            context.stderr.line("Forgot again \(outcome.replayed.count) customer(s) erased after the backup was taken: \(outcome.replayed.map(String.init).joined(separator: ", ")).")
        }
        if outcome.replacedUnreadable {
            context.stderr.line("The register replaced could not be read; new customers continue from number \(outcome.nextNumber), above every number in the erasure log.")
        }
        return 0
    }
}

/// What a forget left to finish, said after it (the erasure itself has happened).
enum ErasureReport {
    static func pending(_ outcome: ErasureOutcome, _ context: Context) {
        if !outcome.closedRequests.isEmpty {
            context.stderr.line("Erasure request " + outcome.closedRequests.map { "#\($0)" }.joined(separator: ", ") + " closed: answered by this forget.")
        }
        if !outcome.logged {
            context.stderr.line("The erasure log beside the register could not be written now; Kortisto writes it the next time it opens the register.")
        }
        if !outcome.scrubbed {
            context.stderr.line("Another program is reading the register (a second window?): the old data leaves the file when it closes, at the latest when Kortisto next opens the register.")
        }
    }
}
