/// The selected row of a list shown a window at a time (birthdays, the retention review, a
/// card's orders): the cursor stays on a row that exists, and the window follows it.
public struct Selection: Sendable, Equatable {
    public private(set) var index = 0

    public init(_ index: Int = 0) { self.index = max(0, index) }

    public enum Move: Sendable, Equatable {
        case down, up, top, bottom
        /// A page of `rows` down or up.
        case pageDown(Int), pageUp(Int)
    }

    /// Moves within `count` rows (none: stays on the first).
    public mutating func move(_ move: Move, count: Int) {
        switch move {
        case .down: index += 1
        case .up: index -= 1
        case .top: index = 0
        case .bottom: index = count - 1
        case let .pageDown(rows): index += max(1, rows)
        case let .pageUp(rows): index -= max(1, rows)
        }
        clamp(count: count)
    }

    /// Keeps the cursor on a row after the list shrank (or grew).
    public mutating func clamp(count: Int) {
        index = max(0, min(index, count - 1))
    }

    /// The rows to draw in a window of `rows` lines: the first row, or as far down as keeps the
    /// cursor on the last line of the window.
    public func visible(count: Int, rows: Int) -> Range<Int> {
        let rows = max(1, rows)
        let first = max(0, min(index - rows + 1, count - rows))
        return first..<min(count, first + rows)
    }

    /// The first of `lines` lines to show in `rows` so that line `line` (where the cursor
    /// stands in a list with headings between the rows) is visible.
    public static func first(showing line: Int, lines: Int, rows: Int) -> Int {
        max(0, min(line - max(1, rows) + 1, lines - max(1, rows)))
    }
}
