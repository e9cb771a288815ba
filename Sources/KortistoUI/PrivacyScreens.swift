import KortistoCore
import TUIKit

/// `r`: customers inactive for the retention period, then those kept with their reasons;
/// Enter opens a card, F forgets a customer due, A all of them. Read a page at a time,
/// those due first: the first screen reads its page alone at any size (the whole review at a
/// million customers took 1.2 s); the kept come, with their count, once every one due is read.
struct RetentionState {
    let period: RetentionPeriod
    /// Those due, then those kept, each read a page at a time.
    private(set) var due = Part(kept: false), kept = Part(kept: true)
    /// How many are kept, read once the kept come into view.
    private(set) var keptCount = 0
    private(set) var expiredOrders = 0
    var cursor = Selection()

    /// One of the review's two lists, read a page at a time after the last row read.
    struct Part {
        let kept: Bool
        private(set) var rows: [KeptCustomer] = []
        private var next: RetentionPosition?
        /// Whether more may follow (none is read after a page that says none does).
        private(set) var hasMore = true

        init(kept: Bool) { self.kept = kept }

        /// The next page of this list.
        mutating func read(_ period: RetentionPeriod, _ context: ScreenContext) throws {
            let page = try context.data.retentionPage(period, today: context.today, kept: kept, after: next, limit: Paging.size)
            rows += page.rows
            next = page.next
            hasMore = page.next != nil
        }
    }

    init(period: RetentionPeriod, _ context: ScreenContext) throws {
        self.period = period
        try reload(context)
    }

    /// Those due, as far as they are read.
    var items: [KeptCustomer] { due.rows }
    var count: Int { due.rows.count + kept.rows.count }
    /// Whether every one due is read (the kept follow them), and everyone.
    var dueAreRead: Bool { !due.hasMore }
    var allAreRead: Bool { !due.hasMore && !kept.hasMore }

    func customer(at index: Int) -> Customer? {
        index < due.rows.count ? due.rows[index].customer
            : kept.rows.indices.contains(index - due.rows.count) ? kept.rows[index - due.rows.count].customer : nil
    }

    /// The first page again, and as many more as the cursor stands near.
    private mutating func reload(_ context: ScreenContext) throws {
        (due, kept) = (Part(kept: false), Part(kept: true))
        expiredOrders = try context.data.expiredOrderCount(today: context.today)
        try readPage(context)
        try readAsNeeded(all: false, context)
    }

    /// Reads pages while the cursor is within two screens of the last row read (`all`: to the end).
    private mutating func readAsNeeded(all: Bool, _ context: ScreenContext) throws {
        while !allAreRead && (all || cursor.index + 2 * context.textHeight >= count) { try readPage(context) }
    }

    /// The next page: of those due while any are left, then of those kept (counted first).
    private mutating func readPage(_ context: ScreenContext) throws {
        if due.hasMore {
            try due.read(period, context)
            if !due.hasMore { keptCount = try context.data.retentionKeptCount(period, today: context.today) }
        } else if kept.hasMore {
            try kept.read(period, context)
        }
    }
}

extension RetentionState {
    /// `r`: who is due now, and who is kept; opening it counts as the yearly review.
    static func open(_ context: ScreenContext) -> [Effect] {
        do {
            let state = try RetentionState(period: try context.data.settings().retentionPeriod, context)
            try context.data.markRetentionReviewed(on: context.today)
            return [.refresh, .push(.retention(state))]
        } catch { return [.report(error)] }
    }

    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        guard let command = App.retentionKeys.command(for: key) else { return [] }
        switch command {
        case .back: return [.pop]
        case .down, .up, .pageDown, .pageUp, .first, .last:
            do { try readAsNeeded(all: command == .last, context) } catch { return [.report(error)] }
            if let move = command.move(page: context.textHeight) { cursor.move(move, count: count) }
        case .open:
            guard let customer = customer(at: cursor.index) else { break }
            return context.openCard(customer.number)
        case .forget:
            if items.indices.contains(cursor.index) {
                return context.confirmForget(items[cursor.index].customer)
            } else if customer(at: cursor.index) != nil {
                return [.warn(context.strings["retention.kept_not_forgotten"])]
            }
        case .add, .help: break
        case .forgetAll:
            do {
                // Everyone due, not only those read so far (and the kept under them as far as
                // the screen shows them, should the question be answered no).
                while due.hasMore { try readPage(context) }
                try readAsNeeded(all: false, context)
            } catch { return [.report(error)] }
            guard !items.isEmpty else { break }
            return [.push(.confirm(ConfirmState(text: context.strings("retention.confirm_all", items.count),
                                                action: .forgetAll(items.map(\.customer.number), period))))]
        }
        return []
    }

    /// After forgetting from the review, the list shrinks.
    mutating func refresh(_ context: ScreenContext) throws {
        try reload(context)
        cursor.clamp(count: count)
    }
}

extension App {
    /// A kept customer's reasons in the interface's language.
    func keptReasons(_ kept: KeptCustomer) -> String {
        kept.reasons.map { strings($0.key, $0.argument) }.joined(separator: ", ")
    }

    func drawRetention(_ state: RetentionState, into screen: inout Screen) {
        let period = state.period.text { strings[$0] }
        drawTitle(strings("retention.title", period), into: &screen)
        // Candidates, then a heading and the kept ones: one list the cursor walks.
        var lines: [(text: String, index: Int?)] = []
        if state.dueAreRead && state.items.isEmpty { lines.append((strings("retention.none", period), nil)) }
        for (index, item) in state.items.enumerated() {
            lines.append(("\(item.lastActivity.finnish)  #\(item.customer.number)  \(item.customer.listName)", index))
        }
        if state.dueAreRead && state.keptCount > 0 {
            lines.append(("", nil))
            lines.append((strings("retention.kept_heading", state.keptCount), nil))
            for (offset, kept) in state.kept.rows.enumerated() {
                lines.append(("\(kept.lastActivity.finnish)  #\(kept.customer.number)  \(kept.customer.listName)  — \(keptReasons(kept))",
                              state.items.count + offset))
            }
        }
        if state.allAreRead && state.expiredOrders > 0 {
            lines.append(("", nil))
            lines.append((strings("retention.expired_orders", state.expiredOrders), nil))
        }
        let visible = height - 4
        let cursorLine = lines.firstIndex { $0.index == state.cursor.index } ?? 0
        let first = Selection.first(showing: cursorLine, lines: lines.count, rows: visible)
        for (row, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            let style: Style = line.index == nil ? .dim : (line.index == state.cursor.index ? .reverse : .plain)
            screen.write(line.text, x: 1, y: 2 + row, width: width - 2, style: style)
        }
        drawFooter(keys: context.footer(App.retentionKeys), into: &screen)
    }
}
