import KortistoApp
import KortistoCore
import KortistoStore

struct TodayCommand: Command {
    static let spec = CommandSpec(
        name: "today", synopsis: "", summary: "what needs doing today: invoices, birthdays, follow-ups, requests, the retention review",
        options: [.choice("format", ["text", "json"], default: "text", "text (default) or json")],
        details: """
            Overdue invoices and those due this week, birthdays today and in the next six days, follow-ups due \\
            (contact --follow-up), data-subject requests due within a week, and whether the yearly retention review \\
            is due. The interface shows the same with T, and on start when something is late.
            """)

    static func run(_ a: Arguments, in context: Context) throws -> Int32 {
        let today = context.today
        let agenda = try Agenda.make(from: try context.openRegister(a), today: today)
        if a.choice("format") == "json" {
            context.stdout.line(json(agenda).rendered())
            return 0
        }
        guard !agenda.isEmpty else {
            context.stderr.line("Nothing to do today.")
            return 0
        }
        var lines: [String] = []
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            if !lines.isEmpty { lines.append("") }
            lines += [title] + items.map { "  " + $0 }
        }
        func invoice(_ r: Receivable) -> String {
            let o = r.order
            return "\(o.customerNumber) \(r.customerName)  invoice \(o.invoiceNumber ?? "#\(o.id)")  \(Money.display(cents: o.amountCents))  due \(o.dueDate?.finnish ?? "–")"
                + (o.isOverdue(on: today) ? "  \(o.daysOverdue(on: today)) days overdue" : "")
        }
        func heading(_ title: String, _ total: ReceivableTotal) -> String { "\(title) (\(total.count), \(Money.display(cents: total.cents)))" }
        section(heading("Overdue invoices", agenda.overdueTotal), agenda.overdue.map(invoice))
        section(heading("Invoices due this week", agenda.dueThisWeekTotal), agenda.dueThisWeek.map(invoice))
        section("Birthdays this week", agenda.birthdays.map { b in
            let days = b.date.daysSinceEpoch - today.daysSinceEpoch
            return "\(b.date.finnish)  \(b.customer.number) \(b.customer.fullName)" + (b.turns.map { " turns \($0)" } ?? "")
                + (days == 0 ? " (today)" : " (in \(days) day\(days == 1 ? "" : "s"))")
        })
        section("Follow-ups due", agenda.followUps.map { f in
            "\(f.contact.followUp?.finnish ?? "")  \(f.customerNumber) \(f.customerName)  \(f.contact.channel.rawValue) on \(f.contact.date.finnish)"
                + (f.contact.note.map { ": \($0)" } ?? "")
        })
        section("Requests due within a week", agenda.requests.map { r in
            "#\(r.id) \(r.type.rawValue)  \(r.customerNumber) \(agenda.requestNames[r.customerNumber] ?? "")  due \(r.due.finnish)" + (r.due < today ? "  LATE" : "")
        })
        if agenda.retentionReviewDue { section("Retention review", ["due: no review in the last 12 months (kortisto retention)"]) }
        context.stdout.write(lines.joined(separator: "\n") + "\n")
        return 0
    }

    static func json(_ agenda: Agenda) -> JSON {
        let today = agenda.today
        func invoice(_ r: Receivable) -> JSON {
            .object([("order", .int(r.order.id)), ("customer", .int(r.order.customerNumber)), ("name", .string(r.customerName)),
                     ("invoice_number", .string(r.order.invoiceNumber)), ("amount", .string(Money.decimal(cents: r.order.amountCents))),
                     ("due_date", .string(r.order.dueDate?.iso)), ("days_overdue", .int(r.order.daysOverdue(on: today)))])
        }
        return .object([
            ("date", .string(today.iso)),
            ("overdue", .array(agenda.overdue.map(invoice))),
            ("due_this_week", .array(agenda.dueThisWeek.map(invoice))),
            ("birthdays", .array(agenda.birthdays.map { b in
                .object([("customer", .int(b.customer.number)), ("name", .string(b.customer.fullName)), ("date", .string(b.date.iso)),
                         ("turns", b.turns.map { .int($0) } ?? .null)])
            })),
            ("follow_ups", .array(agenda.followUps.map { f in
                .object([("customer", .int(f.customerNumber)), ("name", .string(f.customerName)), ("follow_up", .string(f.contact.followUp?.iso)),
                         ("contact", CustomerFormat.json(f.contact))])
            })),
            ("requests", .array(agenda.requests.map { r in
                .object([("id", .int(r.id)), ("customer", .int(r.customerNumber)), ("name", .string(agenda.requestNames[r.customerNumber])),
                         ("type", .string(r.type.rawValue)), ("due", .string(r.due.iso))])
            })),
            ("retention_review_due", .bool(agenda.retentionReviewDue)),
        ])
    }
}
