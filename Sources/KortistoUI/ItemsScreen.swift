import KortistoCore
import TUIKit

/// A list whose rows lead somewhere: the receivables (`I`), the today view (`T`), the open
/// requests (`R`) and the events. Headings and notes sit between the rows; the cursor walks the
/// rows that lead somewhere (a customer, an invoice, the retention review, every open invoice or
/// birthday, an event's people), and Enter opens it. Drawn again from the register after every
/// change, so paying an invoice on its card takes it off the list.
struct ItemsState {
    enum Source: Equatable {
        /// The open invoices of a span (every one, the overdue, this week's), a page at a time.
        case receivables(ReceivableSpan)
        case today, requests, events
        /// The people who took part in an event.
        case participants(event: Int64)
    }

    /// Where a row leads.
    enum Target: Equatable {
        case customer(Int64)
        /// A customer's card with this order selected (an invoice in the receivables).
        case order(customer: Int64, order: Int64)
        case retentionReview
        /// The open invoices of a span (the today view shows a screen's worth of each).
        case receivables(ReceivableSpan)
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

    /// The today view shows at most so many invoices and birthdays, and how many more there are.
    static let agendaLimit = 100
    /// The receivables are read a page at a time.
    private var paging = Paging()

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
        // Receivables as far as the cursor stood and two screens on (a payment on a card redraws
        // the same stretch), and at least a page.
        let limit = max(Paging.size, cursor.index + 2 * context.textHeight)
        let (title, all) = try context.itemRows(source, agenda: agenda, receivables: limit)
        self.title = title
        // A note between the rows (a hint) wraps; a row that leads somewhere stays one line.
        rows = all.flatMap { row in
            row.target != nil ? [row] : Layout.wrapKeepingIndent(row.text, width: context.width - 2).map { ItemsState.Row(text: $0, style: row.style) }
        }
        if case .receivables = source { paging.record(targets.count, of: limit) }
        cursor.clamp(count: targets.count)
    }

    /// The next page of receivables, after the last row's invoice; how many it held.
    private mutating func readMoreReceivables(_ span: ReceivableSpan, _ context: ScreenContext) throws -> Int {
        guard case let .order(_, id)? = rows.last?.target, let last = try context.data.order(id) else { return 0 }
        let page = try context.data.receivables(in: span, after: last, limit: Paging.size)
        rows += context.receivableRows(laidOut: page)
        return page.count
    }

    /// This list's keys (the events list adds events).
    var keys: KeyMap<PeopleListCommand> { source == .events ? App.eventKeys : App.itemKeys }

    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        switch command {
        case .back: return [.pop]
        case .down, .up, .pageDown, .pageUp, .first, .last:
            if case let .receivables(span) = source {
                var paging = self.paging // the pages read change this view too
                defer { self.paging = paging }
                do {
                    try paging.extend(for: command, cursor: cursor.index, textHeight: context.textHeight, loaded: { targets.count }) {
                        try readMoreReceivables(span, context)
                    }
                } catch { return [.report(error)] }
            }
            if let move = command.move(page: context.textHeight) { cursor.move(move, count: targets.count) }
        case .open:
            guard targets.indices.contains(cursor.index) else { break }
            switch rows[targets[cursor.index]].target {
            case let .customer(number)?: return context.openCard(number)
            case let .order(number, order)?: return context.openCard(number, selecting: order)
            case .retentionReview?: return RetentionState.open(context)
            case let .receivables(span)?: return ItemsState.open(.receivables(span), context)
            // In place of the today view: Enter there shows the person in the list.
            case .birthdays?: return [.pop] + BirthdaysState.open(context)
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
    /// `receivables`: how many open invoices to read (the view reads on a page at a time).
    func itemRows(_ source: ItemsState.Source, agenda: Agenda? = nil, receivables limit: Int = Paging.size) throws -> (String, [ItemsState.Row]) {
        switch source {
        case let .receivables(span):
            return (try receivableTitle(span), receivableRows(try data.receivables(in: span, after: nil, limit: limit)))
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

    /// How many open invoices a span holds and their sum, in the words of the view that shows it.
    func receivableTitle(_ span: ReceivableSpan) throws -> String {
        let total = try data.receivableTotal(in: span)
        let key = span == .overdue(on: today) ? "today.overdue" : (span == Agenda.thisWeek(from: today) ? "today.due_this_week" : "receivables.title")
        return invoiceHeading(key, total)
    }

    /// "Overdue invoices: 3, 360,00 €" and the like: a count and a sum.
    func invoiceHeading(_ key: String, _ total: ReceivableTotal) -> String {
        strings(key, total.count, Money.display(cents: total.cents))
    }

    /// Open invoices as rows; a note when there are none.
    func receivableRows(_ receivables: [Receivable]) -> [ItemsState.Row] {
        receivables.isEmpty ? [ItemsState.Row(text: strings["receivables.none"], style: .dim)] : receivableRows(laidOut: receivables)
    }

    /// The row after a screen's worth: how many more, leading to them all.
    func moreRow(_ key: String, _ count: Int, _ target: ItemsState.Target) -> [ItemsState.Row] {
        count > 0 ? [ItemsState.Row(text: strings(key, count), style: .dim, target: target)] : []
    }

    /// An open invoice: due date, days overdue, customer, invoice number, amount.
    /// `collectionInList`: some invoice of the list is in debt collection, and its row says so.
    func receivableRow(_ r: Receivable, collectionInList: Bool) -> ItemsState.Row {
        let o = r.order
        let late = o.isOverdue(on: today) ? strings("receivables.days_overdue", o.daysOverdue(on: today)) : ""
        let collection = " · " + strings["card.in_collection"]
        let plainAmount = Money.display(cents: o.amountCents)
        let amount = plainAmount + (o.inCollection ? collection : "")
        let invoice = "#" + (o.invoiceNumber ?? String(o.id))
        // As wide as four digits of days in the reader's words ("1781 days overdue" was cut).
        let lateWidth = max(16, DisplayWidth.of(strings("receivables.days_overdue", 9999)))
        // The name takes what the window leaves (80 columns too), the same in every row, so that
        // the invoice numbers stand in one column: reckoned with an invoice number of 6 and an
        // amount of 10 (9 999,99 €), and the words of debt collection where a row of the list has
        // them. Where that leaves less than 20, each row's name takes what its own row leaves.
        let nominal = 10 + 2 + lateWidth + 2 + max(6, DisplayWidth.of(invoice)) + 2 + max(10, DisplayWidth.of(plainAmount)) + 2
        let room = width - 2 - nominal - (collectionInList ? DisplayWidth.of(collection) : 0)
        let own = 10 + 2 + lateWidth + 2 + DisplayWidth.of(invoice) + 2 + DisplayWidth.of(amount) + 2
        let nameWidth = room >= 20 ? min(30, room) : max(12, min(30, width - 2 - own))
        let text = [DisplayWidth.fit(o.dueDate?.finnish ?? "–", 10), DisplayWidth.fit(late, lateWidth),
                    DisplayWidth.fit("\(o.customerNumber) \(r.customerName)", nameWidth), invoice, amount].joined(separator: "  ")
        return ItemsState.Row(text: text, style: o.isOverdue(on: today) ? Style(foreground: .red) : .plain,
                              target: .order(customer: o.customerNumber, order: o.id))
    }

    /// The rows of `list`, laid out together.
    func receivableRows(laidOut list: [Receivable]) -> [ItemsState.Row] {
        let collection = list.contains { $0.order.inCollection }
        return list.map { receivableRow($0, collectionInList: collection) }
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
        // many more there are and leads to them. Both kinds of invoice laid out together.
        let collection = (agenda.overdue + agenda.dueThisWeek).contains { $0.order.inCollection }
        section(invoiceHeading("today.overdue", agenda.overdueTotal),
                agenda.overdue.map { receivableRow($0, collectionInList: collection) } + moreRow("today.more_invoices", agenda.overdueTotal.count - agenda.overdue.count, .receivables(.overdue(on: today))))
        section(invoiceHeading("today.due_this_week", agenda.dueThisWeekTotal),
                agenda.dueThisWeek.map { receivableRow($0, collectionInList: collection) } + moreRow("today.more_invoices", agenda.dueThisWeekTotal.count - agenda.dueThisWeek.count,
                                                                .receivables(Agenda.thisWeek(from: today))))
        section(strings["today.birthdays"], agenda.birthdays.map { b in
            let days = b.date.daysSinceEpoch - today.daysSinceEpoch
            let when = days == 0 ? strings["birthdays.today"] : (days == 1 ? strings["birthdays.tomorrow"] : strings("birthdays.in_days", days))
            let turns = b.turns.map { "  " + strings("birthdays.turns", $0) } ?? ""
            return ItemsState.Row(text: "\(b.date.finnish)  \(b.customer.fullName)\(turns)  (\(when))", target: .customer(b.customer.number))
        } + moreRow("today.more_birthdays", agenda.birthdayCount - agenda.birthdays.count, .birthdays))
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
