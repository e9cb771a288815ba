import KortistoCore
import TUIKit

/// A list whose rows lead somewhere: the receivables (`I`), the today view (`T`) and the open
/// requests (`R`). Headings and notes sit between the rows; the cursor walks the rows that
/// lead to a customer (or to the retention review), and Enter opens it. Drawn again from the
/// register after every change, so paying an invoice on its card takes it off the list.
struct ItemsState {
    enum Source: Equatable {
        case receivables, today, requests, events
        /// The people who took part in an event.
        case participants(event: Int64)
    }

    /// Where a row leads.
    enum Target: Equatable {
        case customer(Int64)
        /// A customer's card with this order selected (an invoice in the receivables).
        case order(customer: Int64, order: Int64)
        case retentionReview
        /// Every open invoice (the today view shows a screen's worth).
        case receivables
        /// The coming birthdays (the same).
        case birthdays
        /// An event's participants.
        case event(Int64)
    }

    struct Row: Equatable {
        var text: String
        var style: Style = .plain
        var target: Target? = nil
    }

    var source: Source
    var title = ""
    var rows: [Row] = []
    var cursor = Selection()

    /// The receivables are read a page at a time, the next when the cursor nears the last one
    /// read: the view costs the same with ten open invoices or a hundred thousand.
    static let receivablePage = 200
    /// The today view shows at most so many invoices of each kind, and how many more there are.
    static let agendaLimit = 100
    /// The last receivable read, and how many are left after it.
    private var lastReceivable: Order?
    private var receivablesLeft = 0

    /// The rows the cursor can stand on, in order.
    var targets: [Int] { rows.indices.filter { rows[$0].target != nil } }

    /// `agenda`: the today view's, when the caller has just read it (the interface's start).
    init(_ source: Source, _ context: ScreenContext, agenda: Agenda? = nil) throws {
        self.source = source
        try reload(context, agenda: agenda)
    }

    static func open(_ source: Source, _ context: ScreenContext, agenda: Agenda? = nil) -> [Effect] {
        do { return [.push(.items(try ItemsState(source, context, agenda: agenda)))] } catch { return [.report(error)] }
    }

    mutating func reload(_ context: ScreenContext, agenda: Agenda? = nil) throws {
        let (title, all): (String, [Row])
        if source == .receivables {
            // As many as were read before (a payment on a card redraws the same stretch).
            let total = try context.data.receivableTotal(in: .all)
            let page = try context.data.receivables(in: .all, after: nil, limit: max(Self.receivablePage, targets.count))
            (lastReceivable, receivablesLeft) = (page.last?.order, total.count - page.count)
            title = context.strings("receivables.title", total.count, Money.display(cents: total.cents))
            all = page.isEmpty ? [Row(text: context.strings["receivables.none"], style: .dim)] : page.map(context.receivableRow)
        } else {
            (title, all) = try context.itemRows(source, agenda: agenda)
        }
        self.title = title
        // A note between the rows (a hint) wraps; a row that leads somewhere stays one line.
        rows = all.flatMap { row in
            row.target != nil ? [row] : Layout.wrapKeepingIndent(row.text, width: context.width - 2).map { ItemsState.Row(text: $0, style: row.style) }
        }
        cursor.clamp(count: targets.count)
    }

    /// The next page of receivables, after the last one read.
    private mutating func readMoreReceivables(_ context: ScreenContext) throws {
        let page = try context.data.receivables(in: .all, after: lastReceivable, limit: Self.receivablePage)
        rows += page.map(context.receivableRow)
        lastReceivable = page.last?.order ?? lastReceivable
        receivablesLeft = page.isEmpty ? 0 : max(0, receivablesLeft - page.count)
    }

    /// This list's keys (the events list adds events).
    var keys: KeyMap<PeopleListCommand> { source == .events ? App.eventKeys : App.itemKeys }

    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        switch command {
        case .back: return [.pop]
        case .down, .up, .pageDown, .pageUp, .first, .last:
            do {
                // End reads every receivable left: the last is what was asked for.
                while receivablesLeft > 0 && (command == .last || cursor.index + 2 * context.textHeight >= targets.count) {
                    try readMoreReceivables(context)
                    if command != .last { break }
                }
            } catch { return [.report(error)] }
            if let move = command.move(page: context.textHeight) { cursor.move(move, count: targets.count) }
        case .open:
            guard targets.indices.contains(cursor.index) else { break }
            switch rows[targets[cursor.index]].target {
            case let .customer(number)?: return context.openCard(number)
            case let .order(number, order)?: return context.openCard(number, selecting: order)
            case .retentionReview?: return RetentionState.open(context)
            case .receivables?: return ItemsState.open(.receivables, context)
            case .birthdays?: return BirthdaysState.open(context)
            case let .event(id)?: return ItemsState.open(.participants(event: id), context)
            case nil: break
            }
        case .add: if source == .events { return context.openEventForm() }
        case .help: return [.push(.help(HelpState()))]
        case .forget, .forgetAll: break
        }
        return []
    }
}

extension ScreenContext {
    /// The title and rows of a list, in the interface's words.
    func itemRows(_ source: ItemsState.Source, agenda: Agenda? = nil) throws -> (String, [ItemsState.Row]) {
        switch source {
        case .receivables:
            return ("", []) // read a page at a time by the view itself (`ItemsState.reload`)
        case .today:
            return (strings("today.title", today.finnish), todayRows(try agenda ?? Agenda.make(from: data, today: today, limit: ItemsState.agendaLimit)))
        case .requests:
            let requests = try data.requests(openOnly: true)
            var rows = requests.isEmpty ? [ItemsState.Row(text: strings["requests.none"], style: .dim)] : []
            for r in requests {
                let late = r.due < today ? "  " + strings["requests.late"] : ""
                let name = try data.card(r.customerNumber)?.customer.fullName ?? ""
                rows.append(ItemsState.Row(text: "\(r.due.finnish)  #\(r.id)  \(strings["request.\(r.type.rawValue)"])  \(strings("requests.customer", r.customerNumber)) \(name)"
                                           + "  (\(strings("requests.received", r.received.finnish)))\(late)",
                                           style: r.due < today ? Style(foreground: .red) : .plain, target: .customer(r.customerNumber)))
            }
            return (strings["requests.title"], rows)
        case .events:
            let events = try data.events(limit: 1000)
            var rows = events.isEmpty ? [ItemsState.Row(text: strings["events.none"], style: .dim)] : []
            for (event, people) in events {
                let kind = strings["events.kind.\(event.kind.rawValue)"]
                rows.append(ItemsState.Row(text: "#\(event.id)  \(event.date.finnish)  \(event.name)  · \(kind)" + (event.place.map { " · \($0)" } ?? "")
                                           + "  " + strings("events.people", people), target: .event(event.id)))
            }
            return (strings["events.title"], rows + [ItemsState.Row(text: ""), ItemsState.Row(text: strings["events.hint"], style: .dim)])
        case let .participants(id):
            let event = try data.events(limit: 1000).first { $0.event.id == id }?.event
            let people = try data.participants(ofEvent: id)
            var rows = people.isEmpty ? [ItemsState.Row(text: strings["events.no_participants"], style: .dim)] : []
            for p in people {
                // The number tells two people of one name apart.
                var text = p.name + (p.customerNumber.map { "  #\($0)" } ?? "  (" + strings["events.walk_in"] + ")")
                if !p.attended { text += "  (" + strings["card.absent"] + ")" }
                if let certificate = p.certificate { text += "  · " + certificate + (p.certificateExpires.map { " " + strings("card.valid_until", $0.finnish) } ?? "") }
                rows.append(ItemsState.Row(text: text, style: p.isWalkIn ? .dim : .plain, target: p.customerNumber.map { .customer($0) }))
            }
            return (strings("events.participants_title", event?.name ?? "#\(id)", event?.date.finnish ?? ""), rows)
        }
    }

    /// An open invoice: due date, days overdue, customer, invoice number, amount.
    func receivableRow(_ r: Receivable) -> ItemsState.Row {
        let o = r.order
        let late = o.isOverdue(on: today) ? strings("receivables.days_overdue", o.daysOverdue(on: today)) : ""
        // The amount and the invoice whole; the name takes what the window leaves (80 columns too).
        let amount = Money.display(cents: o.amountCents) + (o.inCollection ? " · " + strings["card.in_collection"] : "")
        let invoice = "#" + (o.invoiceNumber ?? String(o.id))
        // As wide as four digits of days in the reader's words ("1781 days overdue" was cut).
        let lateWidth = max(16, DisplayWidth.of(strings("receivables.days_overdue", 9999)))
        let fixed = 10 + 2 + lateWidth + 2 + DisplayWidth.of(invoice) + 2 + DisplayWidth.of(amount) + 2
        let text = [DisplayWidth.fit(o.dueDate?.finnish ?? "–", 10), DisplayWidth.fit(late, lateWidth),
                    DisplayWidth.fit("\(o.customerNumber) \(r.customerName)", max(12, min(30, width - 2 - fixed))), invoice, amount].joined(separator: "  ")
        return ItemsState.Row(text: text, style: o.isOverdue(on: today) ? Style(foreground: .red) : .plain,
                              target: .order(customer: o.customerNumber, order: o.id))
    }

    /// What needs doing today, section by section; nothing but a note when nothing does.
    func todayRows(_ agenda: Agenda) -> [ItemsState.Row] {
        guard !agenda.isEmpty else { return [ItemsState.Row(text: strings["today.nothing"], style: .dim)] }
        var rows: [ItemsState.Row] = []
        func section(_ heading: String, _ items: [ItemsState.Row]) {
            guard !items.isEmpty else { return }
            if !rows.isEmpty { rows.append(ItemsState.Row(text: "")) }
            rows.append(ItemsState.Row(text: heading, style: Style(bold: true, underline: true)))
            rows += items
        }
        // A screen's worth of each kind; the heading counts them all, and a last row says how
        // many more there are and leads to every open invoice.
        func invoices(_ shown: [Receivable], _ total: ReceivableTotal) -> [ItemsState.Row] {
            shown.map(receivableRow) + (total.count > shown.count
                ? [ItemsState.Row(text: strings("today.more_invoices", total.count - shown.count), style: .dim, target: .receivables)] : [])
        }
        section(strings("today.overdue", agenda.overdueTotal.count, Money.display(cents: agenda.overdueTotal.cents)), invoices(agenda.overdue, agenda.overdueTotal))
        section(strings("today.due_this_week", agenda.dueThisWeekTotal.count, Money.display(cents: agenda.dueThisWeekTotal.cents)),
                invoices(agenda.dueThisWeek, agenda.dueThisWeekTotal))
        section(strings["today.birthdays"], agenda.birthdays.map { b in
            let days = b.date.daysSinceEpoch - today.daysSinceEpoch
            let when = days == 0 ? strings["birthdays.today"] : (days == 1 ? strings["birthdays.tomorrow"] : strings("birthdays.in_days", days))
            let turns = b.turns.map { "  " + strings("birthdays.turns", $0) } ?? ""
            return ItemsState.Row(text: "\(b.date.finnish)  \(b.customer.fullName)\(turns)  (\(when))", target: .customer(b.customer.number))
        } + (agenda.birthdayCount > agenda.birthdays.count
            ? [ItemsState.Row(text: strings("today.more_birthdays", agenda.birthdayCount - agenda.birthdays.count), style: .dim, target: .birthdays)] : []))
        section(strings["today.follow_ups"], agenda.followUps.map { f in
            let late = (f.contact.followUp ?? today) < today
            return ItemsState.Row(text: "\(f.contact.followUp?.finnish ?? "")  \(f.customerName)  · " + strings("today.follow_up_from", strings.channel(f.contact.channel), f.contact.date.finnish)
                                  + (f.contact.note.map { ": \($0)" } ?? ""),
                                  style: late ? Style(foreground: .red) : .plain, target: .customer(f.customerNumber))
        })
        section(strings["today.requests"], agenda.requests.map { r in
            ItemsState.Row(text: "\(r.due.finnish)  #\(r.id)  \(strings["request.\(r.type.rawValue)"])  \(agenda.requestNames[r.customerNumber] ?? String(r.customerNumber))"
                           + (r.due < today ? "  " + strings["requests.late"] : ""),
                           style: r.due < today ? Style(foreground: .red) : .plain, target: .customer(r.customerNumber))
        })
        if agenda.retentionReviewDue {
            section(strings["today.retention"], [ItemsState.Row(text: strings["today.retention_due"], target: .retentionReview)])
        }
        return rows
    }
}

extension App {
    func drawItems(_ state: ItemsState, into screen: inout Screen) {
        drawTitle(state.title, into: &screen)
        let selected = state.targets.indices.contains(state.cursor.index) ? state.targets[state.cursor.index] : nil
        let visible = height - 4
        let first = Selection.first(showing: selected ?? 0, lines: state.rows.count, rows: visible)
        for (row, index) in (first..<min(state.rows.count, first + visible)).enumerated() {
            let line = state.rows[index]
            screen.write(line.text, x: 1, y: 2 + row, width: width - 2, style: index == selected ? .reverse : line.style)
        }
        drawFooter(keys: context.footer(state.keys), into: &screen)
    }
}
