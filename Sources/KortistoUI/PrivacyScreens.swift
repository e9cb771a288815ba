import KortistoCore
import TUIKit

/// `r`: customers inactive for the retention period, then those kept with their reasons;
/// Enter opens a card, F forgets a customer due, A all of them.
struct RetentionState {
    var review: RetentionReview
    var cursor = Selection()

    var count: Int { review.candidates.count + review.kept.count }
    var items: [RetentionCandidate] { review.candidates }

    func customer(at index: Int) -> Customer? {
        if index < review.candidates.count { return review.candidates[index].customer }
        let kept = index - review.candidates.count
        return review.kept.indices.contains(kept) ? review.kept[kept].customer : nil
    }
}

extension RetentionState {
    /// `r`: who is due now, and who is kept; opening it counts as the yearly review.
    static func open(_ context: ScreenContext) -> [Effect] {
        do {
            let period = try context.data.settings().retentionPeriod
            let review = try context.data.retentionReview(period, today: context.today)
            try context.data.markRetentionReviewed(on: context.today)
            return [.refresh, .push(.retention(RetentionState(review: review)))]
        } catch { return [.report(error)] }
    }

    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        guard let command = App.retentionKeys.command(for: key) else { return [] }
        switch command {
        case .back: return [.pop]
        case .down, .up, .pageDown, .pageUp, .first, .last:
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
            guard !items.isEmpty else { break }
            return [.push(.confirm(ConfirmState(text: context.strings("retention.confirm_all", items.count),
                                                action: .forgetAll(items.map(\.customer.number), review.period))))]
        }
        return []
    }

    /// After forgetting from the review, the list shrinks.
    mutating func refresh(_ context: ScreenContext) throws {
        review = try context.data.retentionReview(review.period, today: context.today)
        cursor.clamp(count: count)
    }
}

extension App {
    /// A kept customer's reasons in the interface's language.
    func keptReasons(_ kept: KeptCustomer) -> String {
        kept.reasons.map { strings($0.key, $0.argument) }.joined(separator: ", ")
    }

    func drawRetention(_ state: RetentionState, into screen: inout Screen) {
        let period = state.review.period.text { strings[$0] }
        drawTitle(strings("retention.title", period), into: &screen)
        // Candidates, then a heading and the kept ones: one list the cursor walks.
        var lines: [(text: String, index: Int?)] = []
        if state.items.isEmpty { lines.append((strings("retention.none", period), nil)) }
        for (index, item) in state.items.enumerated() {
            lines.append(("\(item.lastActivity.finnish)  #\(item.customer.number)  \(item.customer.listName)", index))
        }
        if !state.review.kept.isEmpty {
            lines.append(("", nil))
            lines.append((strings("retention.kept_heading", state.review.kept.count), nil))
            for (offset, kept) in state.review.kept.enumerated() {
                lines.append(("\(kept.lastActivity.finnish)  #\(kept.customer.number)  \(kept.customer.listName)  — \(keptReasons(kept))",
                              state.items.count + offset))
            }
        }
        if state.review.expiredOrders > 0 {
            lines.append(("", nil))
            lines.append((strings("retention.expired_orders", state.review.expiredOrders), nil))
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
