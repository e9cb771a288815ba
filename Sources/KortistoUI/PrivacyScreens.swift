import KortistoCore
import TUIKit

/// `r`: customers inactive for the retention period, then those kept with their reasons;
/// Enter opens a card, F forgets a customer due, A all of them.
struct RetentionState {
    var review: RetentionReview
    var cursor = 0

    var count: Int { review.candidates.count + review.kept.count }
    var items: [RetentionCandidate] { review.candidates }

    func customer(at index: Int) -> Customer? {
        if index < review.candidates.count { return review.candidates[index].customer }
        let kept = index - review.candidates.count
        return review.kept.indices.contains(kept) ? review.kept[kept].customer : nil
    }
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
            let period = try data.settings().retentionPeriod
            let review = try data.retentionReview(period, today: today)
            try data.markRetentionReviewed(on: today)
            retentionReviewDue = false
            stack.append(.retention(RetentionState(review: review)))
        } catch { report(error) }
    }

    mutating func handleRetention(_ key: Key, _ state: inout RetentionState) -> AppAction {
        guard let command = App.retentionKeys.command(for: key) else { return .none }
        switch command {
        case .back: stack.removeLast()
        case .down: state.cursor = min(state.cursor + 1, max(0, state.count - 1))
        case .up: state.cursor = max(0, state.cursor - 1)
        case .open:
            guard let customer = state.customer(at: state.cursor) else { break }
            do { if let card = try data.card(customer.number) { openCard(card) } } catch { report(error) }
        case .forget:
            if state.items.indices.contains(state.cursor) {
                confirmForget(state.items[state.cursor].customer)
            } else if state.customer(at: state.cursor) != nil {
                message = (strings["retention.kept_not_forgotten"], true)
            }
        case .forgetAll:
            guard !state.items.isEmpty else { break }
            stack.append(.confirm(ConfirmState(text: strings("retention.confirm_all", state.items.count), action: .forgetAll(state.items.map(\.customer.number), state.review.period))))
        }
        return .none
    }

    /// After forgetting from the review, the list shrinks.
    mutating func refreshRetention() {
        guard case var .retention(state) = stack.last else { return }
        do {
            state.review = try data.retentionReview(state.review.period, today: today)
            state.cursor = min(state.cursor, max(0, state.count - 1))
        } catch { report(error) }
        stack[stack.count - 1] = .retention(state)
    }

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
        let cursorLine = lines.firstIndex { $0.index == state.cursor } ?? 0
        let first = max(0, cursorLine - visible + 1)
        for (row, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            let style: Style = line.index == nil ? .dim : (line.index == state.cursor ? .reverse : .plain)
            screen.write(line.text, x: 1, y: 2 + row, width: width - 2, style: style)
        }
        drawFooter(keys: footer(App.retentionKeys), into: &screen)
    }
}
