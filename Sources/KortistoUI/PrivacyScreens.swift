import KortistoCore
import TUIKit

/// `r`: customers inactive for the retention period, then those kept with their reasons;
/// Enter opens a card, F forgets a customer due, A all of them. Read a page at a time (`Paging`),
/// those due first: the first screen reads its page alone at any size (the whole review at a
/// million customers took 1.2 s); the kept come, with their count, once every one due is read.
struct RetentionState {
    let period: RetentionPeriod
    /// Those due and those kept, as far as they are read.
    private(set) var items: [RetentionCandidate] = []
    private(set) var kept: [KeptCustomer] = []
    /// How many are kept, read once the kept come into view.
    private(set) var keptCount = 0
    private(set) var expiredOrders = 0
    var cursor = Selection()
    private var duePaging = Paging(), keptPaging = Paging()
    private var dueNext: RetentionPosition?, keptNext: RetentionPosition?

    init(period: RetentionPeriod, _ context: ScreenContext) throws {
        self.period = period
        try reload(context)
    }

    var count: Int { items.count + kept.count }
    /// Whether every one due is read (the kept follow them), and everyone.
    var dueAreRead: Bool { !duePaging.hasMore }
    var allAreRead: Bool { !duePaging.hasMore && !keptPaging.hasMore }

    func customer(at index: Int) -> Customer? {
        if index < items.count { return items[index].customer }
        let kept = index - items.count
        return self.kept.indices.contains(kept) ? self.kept[kept].customer : nil
    }

    /// The first page again, and as many more as the cursor stands near.
    private mutating func reload(_ context: ScreenContext) throws {
        items = []
        kept = []
        (duePaging, keptPaging, dueNext, keptNext) = (Paging(), Paging(), nil, nil)
        expiredOrders = try context.data.expiredOrderCount(today: context.today)
        _ = try readPage(context)
        try readAsNeeded(all: false, context)
    }

    /// Reads pages while the cursor is within two screens of the last row read (`all`: to the end).
    private mutating func readAsNeeded(all: Bool, _ context: ScreenContext) throws {
        while (duePaging.hasMore || keptPaging.hasMore) && (all || cursor.index + 2 * context.textHeight >= count) {
            _ = try readPage(context)
        }
    }

    /// The next page: of those due while any are left, then of those kept; how many it read.
    private mutating func readPage(_ context: ScreenContext) throws -> Int {
        if duePaging.hasMore {
            let page = try context.data.retentionPage(period, today: context.today, kept: false, after: dueNext, limit: Paging.size)
            items += page.rows.map { RetentionCandidate(customer: $0.customer, lastActivity: $0.lastActivity) }
            dueNext = page.next
            duePaging.record(page.next == nil ? 0 : Paging.size)
            if !duePaging.hasMore { keptCount = try context.data.retentionKeptCount(period, today: context.today) }
            return page.rows.count
        }
        guard keptPaging.hasMore else { return 0 }
        let page = try context.data.retentionPage(period, today: context.today, kept: true, after: keptNext, limit: Paging.size)
        kept += page.rows
        keptNext = page.next
        keptPaging.record(page.next == nil ? 0 : Paging.size)
        return page.rows.count
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
                while duePaging.hasMore { _ = try readPage(context) }
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
            for (offset, kept) in state.kept.enumerated() {
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
