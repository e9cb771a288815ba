import KortistoCore
import TUIKit

/// `r`: customers inactive for the retention period; forget one (F) or all listed (A).
struct RetentionState {
    var years: Int
    var items: [RetentionCandidate]
    var cursor = 0
}

extension App {
    mutating func openRequests() {
        do {
            let requests = try data.requests(openOnly: true)
            var lines = requests.isEmpty ? [strings["requests.none"]] : []
            for r in requests {
                let late = r.due < today ? "  " + strings["requests.late"] : ""
                lines.append("\(r.due.finnish)  #\(r.id)  \(strings["request.\(r.type.rawValue)"])  \(strings("requests.customer", r.customerNumber))"
                             + "  (\(strings("requests.received", r.received.finnish)))\(late)")
            }
            stack.append(.text(TextViewState(title: strings["requests.title"], lines: lines)))
        } catch { report(error) }
    }

    mutating func openRetentionReview() {
        do {
            let years = try data.settings().retentionYears
            let items = try data.retentionCandidates(years: years, today: today)
            try data.markRetentionReviewed(on: today)
            retentionReviewDue = false
            stack.append(.retention(RetentionState(years: years, items: items)))
        } catch { report(error) }
    }

    mutating func handleRetention(_ key: Key, _ state: inout RetentionState) -> AppAction {
        switch key {
        case .escape, .character("q"): stack.removeLast()
        case .down, .character("j"): state.cursor = min(state.cursor + 1, max(0, state.items.count - 1))
        case .up, .character("k"): state.cursor = max(0, state.cursor - 1)
        case .character("F"), .enter:
            guard state.items.indices.contains(state.cursor) else { break }
            confirmForget(state.items[state.cursor].customer)
        case .character("A"):
            guard !state.items.isEmpty else { break }
            stack.append(.confirm(ConfirmState(text: strings("retention.confirm_all", state.items.count), action: .forgetAll(state.items.map(\.customer.number)))))
        default: break
        }
        return .none
    }

    /// After forgetting from the review, the list shrinks.
    mutating func refreshRetention() {
        guard case var .retention(state) = stack.last else { return }
        do {
            state.items = try data.retentionCandidates(years: state.years, today: today)
            state.cursor = min(state.cursor, max(0, state.items.count - 1))
        } catch { report(error) }
        stack[stack.count - 1] = .retention(state)
    }

    func drawRetention(_ state: RetentionState, into screen: inout Screen) {
        drawTitle(strings("retention.title", state.years), into: &screen)
        if state.items.isEmpty {
            screen.write(strings("retention.none", state.years), x: 1, y: 2, width: width - 2, style: .dim)
        }
        let visible = height - 4
        let first = max(0, state.cursor - visible + 1)
        for (row, index) in (first..<min(state.items.count, first + visible)).enumerated() {
            let item = state.items[index]
            let text = "\(item.lastActivity.finnish)  #\(item.customer.number)  \(item.customer.listName)"
            screen.write(text, x: 1, y: 2 + row, width: width - 2, style: index == state.cursor ? .reverse : .plain)
        }
        drawFooter(keys: [("↑↓", strings["key.move"]), ("F", strings["key.forget"]), ("A", strings["key.forget_all"]), ("q", strings["key.back"])],
                   into: &screen)
    }
}
