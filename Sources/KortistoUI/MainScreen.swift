import KortistoCore
import TUIKit

/// The main list: a window of customers in name order, never the whole register.
struct ListState {
    /// The active filter (what was typed after `/`).
    var query = ""
    /// Typing in the search line right now.
    var searching = false
    var field = TextField(maxLength: 100)
    var rows: [Customer] = []
    var cursor = 0
    /// Matches of the filter, when known (counting a broad filter at every keystroke would
    /// cost more than drawing the list).
    var matches: Int?
    /// The selected customer's card, for the pane beside the list.
    var card: CustomerCard?

    var selected: Customer? { rows.indices.contains(cursor) ? rows[cursor] : nil }
}

extension App {
    var searchQuery: SearchQuery { SearchQuery(list.query) }

    /// Loads a window of the list starting at `start`, selecting `select` (by number) if present.
    mutating func reloadList(from start: WindowStart, select number: Int64? = nil, cursorAtEnd: Bool = false) {
        do {
            list.rows = try data.window(matching: searchQuery, from: start, limit: listHeight)
            if let number, let index = list.rows.firstIndex(where: { $0.number == number }) {
                list.cursor = index
            } else {
                list.cursor = cursorAtEnd ? max(0, list.rows.count - 1) : min(list.cursor, max(0, list.rows.count - 1))
            }
            list.matches = list.query.isEmpty ? nil : (list.rows.count < listHeight && start == .first ? list.rows.count : list.matches)
            loadSelectedCard()
        } catch { report(error) }
    }

    /// Reloads the current window in place (after an edit, a resize), keeping the selection.
    mutating func reloadList(keeping: Bool) {
        let selected = list.selected?.number
        if let first = list.rows.first {
            // "At or after the first row": an anchor just before it in the same place.
            var anchor = first
            anchor.number -= 1
            reloadList(from: .after(anchor), select: selected)
            if list.rows.count < listHeight {
                // Near the end: fill the window from the end instead.
                reloadList(from: .last, select: selected)
            }
        } else {
            reloadList(from: .first, select: selected)
        }
    }

    mutating func loadSelectedCard() {
        do {
            list.card = try list.selected.flatMap { try data.card($0.number) }
        } catch { report(error) }
    }

    /// After a save elsewhere in the UI: fresh counts, list and card.
    mutating func refreshAfterChange() {
        do {
            registerSize = try data.count(matching: SearchQuery(""))
            // A filter's count follows too (a forgotten match is no longer counted).
            if list.matches != nil { list.matches = try data.count(matching: searchQuery) }
        } catch { report(error) }
        reloadList(keeping: true)
        refreshReminders()
        // Screens drawn from the register show the change too (a new event in the list, a
        // payment on the card, fewer people due in the review).
        let context = self.context
        for index in stack.indices {
            do {
                switch stack[index] {
                case var .text(view):
                    guard let source = view.source else { continue }
                    view.lines = try context.textLines(source)
                    stack[index] = .text(view)
                case var .card(card):
                    try card.reload(context)
                    stack[index] = .card(card)
                case var .retention(review):
                    try review.refresh(context)
                    stack[index] = .retention(review)
                case var .items(items):
                    try items.reload(context)
                    stack[index] = .items(items)
                default: continue
                }
            } catch { report(error) }
        }
    }

    /// Requests due within a week, and a retention review not done in 12 months.
    mutating func refreshReminders() {
        do {
            requestsDue = try data.requests(openOnly: true).filter { $0.isDue(within: 7, on: today) }.count
            retentionReviewDue = try registerSize > 0 && data.retentionReviewDue(on: today)
        } catch { report(error) }
    }

    mutating func handleList(_ key: Key) -> AppAction {
        if list.searching { return handleSearch(key) }
        guard let command = App.listKeys.command(for: key) else { return .none }
        switch command {
        case .down: moveDown()
        case .up: moveUp()
        case .pageDown: pageDown()
        case .pageUp: pageUp()
        case .first: reloadList(from: .first); list.cursor = 0; loadSelectedCard()
        case .last: reloadList(from: .last, cursorAtEnd: true)
        case .search:
            list.searching = true
            list.field = TextField(list.query, maxLength: 100)
        case .clearSearch: if !list.query.isEmpty { clearSearch() }
        case .open: if let card = list.card { return apply(context.openCard(card)) }
        case .add: return apply(context.openCustomerForm(editing: nil))
        case .edit: if let card = list.card { return apply(context.openCustomerForm(editing: card.customer)) }
        case .order: if let customer = list.selected { return apply(context.openOrderForm(for: customer)) }
        case .contact: if let customer = list.selected { return apply(context.openContactForm(for: customer)) }
        case .tags: if let customer = list.selected { return apply(context.openTagsForm(for: customer)) }
        case .forget: if let customer = list.selected { return apply(context.confirmForget(customer)) }
        case .birthdays: return apply(BirthdaysState.open(context))
        case .settings: return apply(context.openSettings())
        case .requests: return apply(ItemsState.open(.requests, context))
        case .receivables: return apply(ItemsState.open(.receivables(.all), context))
        case .today: return apply(ItemsState.open(.today, context))
        case .breaches: return apply(context.openBreaches())
        case .retention: return apply(RetentionState.open(context))
        case .labels: return apply(context.openLabels(search: list.query))
        case .events: return apply(context.openEvents())
        case .importFile: return apply(context.openImport())
        case .help: stack.append(.help(HelpState()))
        case .quit: return requestQuit()
        case let .privacy(privacy): if let customer = list.selected { return apply(context.handlePrivacy(privacy, for: customer)) }
        }
        return .none
    }

    private mutating func handleSearch(_ key: Key) -> AppAction {
        switch key {
        case .enter:
            list.searching = false
            do { list.matches = list.query.isEmpty ? nil : try data.count(matching: searchQuery) } catch { report(error) }
        case .escape:
            list.searching = false
            clearSearch()
        case .down, .up, .pageDown, .pageUp:
            // Arrows leave the search line and move in the filtered list.
            list.searching = false
            return handleList(key)
        default:
            if list.field.handle(key), list.field.text != list.query { setQuery(list.field.text) }
        }
        return .none
    }

    /// Esc on a search: the whole list again, still on the customer that was selected.
    mutating func clearSearch() {
        let selected = list.selected?.number
        setQuery("")
        if let selected { select(selected) }
    }

    mutating func setQuery(_ text: String) {
        list.query = text
        list.field = TextField(text, maxLength: 100)
        list.cursor = 0
        list.matches = nil
        // Typed ahead: searched once the waiting keys are read (`flushSearch`).
        if typingAhead { searchPending = true; return }
        reloadList(from: .first)
    }

    private mutating func moveDown() {
        if list.cursor < list.rows.count - 1 {
            list.cursor += 1
        } else if let last = list.rows.last {
            do {
                guard let next = try data.window(matching: searchQuery, from: .after(last), limit: 1).first else { return }
                list.rows.append(next)
                if list.rows.count > listHeight { list.rows.removeFirst() }
                list.cursor = list.rows.count - 1
            } catch { report(error) }
        }
        loadSelectedCard()
    }

    private mutating func moveUp() {
        if list.cursor > 0 {
            list.cursor -= 1
        } else if let first = list.rows.first {
            do {
                guard let previous = try data.window(matching: searchQuery, from: .before(first), limit: 1).first else { return }
                list.rows.insert(previous, at: 0)
                if list.rows.count > listHeight { list.rows.removeLast() }
                list.cursor = 0
            } catch { report(error) }
        }
        loadSelectedCard()
    }

    private mutating func pageDown() {
        guard let last = list.rows.last else { return }
        do {
            let next = try data.window(matching: searchQuery, from: .after(last), limit: listHeight)
            if next.isEmpty {
                list.cursor = list.rows.count - 1
            } else {
                list.rows = Array((list.rows + next).suffix(listHeight))
                list.cursor = next.count < listHeight ? list.rows.count - 1 : min(list.cursor, list.rows.count - 1)
            }
        } catch { report(error) }
        loadSelectedCard()
    }

    private mutating func pageUp() {
        guard let first = list.rows.first else { return }
        do {
            let previous = try data.window(matching: searchQuery, from: .before(first), limit: listHeight)
            if previous.isEmpty {
                list.cursor = 0
            } else {
                list.rows = Array((previous + list.rows).prefix(listHeight))
                list.cursor = previous.count < listHeight ? 0 : list.cursor
            }
        } catch { report(error) }
        loadSelectedCard()
    }

    // MARK: Drawing

    func drawMain(into screen: inout Screen) {
        var status = [strings("title.customers", registerSize)]
        if requestsDue > 0 { status.append(strings("title.requests_due", requestsDue)) }
        if retentionReviewDue { status.append(strings["title.retention_due"]) }
        drawTitle(status.joined(separator: " · "), into: &screen)
        // Search line.
        if list.searching {
            screen.write("/ ", x: 0, y: 1, style: .bold)
            list.field.render(into: &screen, x: 2, y: 1, width: max(1, width - 22), focused: true, style: .plain)
        } else if !list.query.isEmpty {
            screen.write("/ " + list.query, x: 0, y: 1, width: width - 20, style: .bold)
        } else {
            screen.write(strings["search.hint"], x: 0, y: 1, width: width - 20, style: .dim)
        }
        if let matches = list.matches {
            let text = strings("search.matches", matches)
            screen.write(text, x: width - DisplayWidth.of(text) - 1, y: 1, style: .dim)
        }
        // Columns by what matters: the name, the phone whole, then the organisation and the
        // town as the width allows (ListColumns), the badges last.
        let w = listWidth - (showsCardPane ? 1 : 0)
        let layout = ListColumns(width: w)
        func columns(_ cells: [String], y: Int, style: Style) {
            screen.fill(x: 0, y: y, width: w, height: 1, style: style)
            for (cell, column) in zip(cells, layout.columns) where column.width > 0 {
                screen.write(cell, x: column.x, y: y, width: column.width, style: style)
            }
        }
        columns(layout.cells(name: strings["list.name"], phone: strings["list.phone"],
                             organisation: layout.shared ? strings["list.organisation_or_town"] : strings["list.organisation"],
                             town: strings["list.town"], badges: ""), y: 2, style: Style(bold: true, underline: true))
        if list.rows.isEmpty {
            screen.write(list.query.isEmpty ? strings["list.empty"] : strings["list.no_matches"], x: 1, y: 3, width: w - 1, style: .dim)
        }
        for (index, customer) in list.rows.enumerated() {
            let selected = index == list.cursor
            columns(layout.cells(name: customer.listName, phone: customer.phone.map(Phone.display) ?? "", organisation: customer.organisationName ?? "",
                                 town: customer.town ?? "", badges: customer.badges), y: 3 + index,
                    style: selected ? Style(bold: true, reverse: true) : .plain)
        }
        if showsCardPane {
            for y in 2..<(height - 2) { screen.write("│", x: listWidth - 1, y: y, style: .dim) }
            if let card = list.card {
                let lines = context.cardSummary(card)
                for (index, line) in lines.prefix(height - 4).enumerated() {
                    screen.write(line.text, x: listWidth + 1, y: 2 + index, width: width - listWidth - 1, style: line.style)
                }
            }
        }
        // Typing a search: what Enter and Esc do, not the list's keys (they type letters now).
        drawFooter(keys: list.searching ? [("Enter", strings["key.keep_search"]), ("Esc", strings["key.clear_search"]), ("↑↓", strings["key.move"])]
                                        : context.footer(App.listKeys), into: &screen)
    }

}

extension ScreenContext {
    /// `F`: says what forgetting erases and keeps, or what blocks it; `y` then forgets.
    func confirmForget(_ customer: Customer) -> [Effect] {
        do {
            let preview = try data.forgetPreview(customer.number)
            guard preview.blockers.isEmpty else {
                let reasons = preview.blockers.map { strings.format($0.explanation.key, $0.explanation.arguments) }
                return [.warn(strings("message.forget_blocked", customer.fullName, reasons.joined(separator: "; ")))]
            }
            var text = strings("confirm.forget", customer.fullName, preview.erases.map { strings["erase.\($0.rawValue)"] }.joined(separator: ", "))
            if preview.keptOrders > 0 { text += " " + strings("confirm.forget_kept", preview.keptOrders) }
            text += " " + strings["confirm.forget_final"]
            return [.push(.confirm(ConfirmState(text: text, action: .forget(customer.number))))]
        } catch { return [.report(error)] }
    }
}

/// Where the list's columns go in `width` columns: the name (16 to 30 wide), the phone whole
/// (15, an international number grouped), the badges (4); what is left goes to the
/// organisation and the town, each in its own column once both get 10 or more, else one
/// column with the organisation or, for someone without one, the town.
struct ListColumns {
    struct Column { var x: Int; var width: Int }
    /// Name, phone, organisation, town, badges.
    let columns: [Column]

    static let phoneWidth = 15, badgeWidth = 4

    /// The organisation and the town share one column.
    var shared: Bool { columns[3].width == 0 }

    init(width: Int) {
        let name = min(30, max(16, width * 2 / 5))
        let rest = max(0, width - name - Self.phoneWidth - Self.badgeWidth - 3)
        let organisation = rest >= 21 ? rest * 11 / 20 : (rest >= 8 ? rest : 0)
        let town = rest >= 21 ? rest - organisation - 1 : 0
        var x = 0
        var columns: [Column] = []
        for w in [name, Self.phoneWidth, organisation, town] {
            columns.append(Column(x: x, width: w))
            if w > 0 { x += w + 1 }
        }
        columns.append(Column(x: x, width: max(0, min(Self.badgeWidth, width - x))))
        self.columns = columns
    }

    func cells(name: String, phone: String, organisation: String, town: String, badges: String) -> [String] {
        [name, phone, shared && organisation.isEmpty ? town : organisation, town, badges]
    }
}

extension App {
    /// Shows the customer in the list (clearing a filter that would hide them).
    mutating func select(_ number: Int64) {
        do {
            guard let customer = try data.card(number)?.customer else { return }
            let visible = try data.window(matching: searchQuery, from: .after(anchor(before: customer)), limit: 1).first?.number == number
            if !list.query.isEmpty && !visible {
                list.query = ""
                list.matches = nil
            }
            reloadList(from: .after(anchor(before: customer)), select: number)
            if list.rows.count < listHeight { reloadList(from: .last, select: number) }
        } catch { report(error) }
    }

    /// A position just before `customer` in list order.
    func anchor(before customer: Customer) -> Customer {
        var anchor = customer
        anchor.number -= 1
        return anchor
    }
}
