/// The pieces every full-screen view is laid out with: a title bar, a key bar that drops keys
/// rather than cut them, word wrapping, and a column of labelled fields.
public enum Layout {
    /// Splits text into lines of at most `width` columns at spaces.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for word in text.split(separator: " ") {
            if let last = lines.last, DisplayWidth.of(last) + 1 + DisplayWidth.of(String(word)) <= width {
                lines[lines.count - 1] = last + " " + word
            } else {
                lines.append(String(word))
            }
        }
        return lines
    }

    /// `wrap` for a line of a text view: its leading spaces kept, later lines indented two
    /// more; a line that fits (or an empty one) stays as it is.
    public static func wrapKeepingIndent(_ line: String, width: Int) -> [String] {
        guard DisplayWidth.of(line) > width else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        let parts = wrap(String(line.dropFirst(indent.count)), width: max(10, width - indent.count - 2))
        return parts.enumerated().map { ($0.offset == 0 ? indent : indent + "  ") + $0.element }
    }

    /// A reverse-video bar on row `y`: `title` bold on the left, `right` at the right edge when
    /// both fit.
    /// When both do not fit, the title gives way to its first word (the right side says what
    /// is due, which matters more than the name).
    public static func titleBar(_ title: String, right: String, y: Int = 0, into screen: inout Screen) {
        screen.fill(x: 0, y: y, width: screen.width, height: 1, style: .reverse)
        var title = title
        if DisplayWidth.of(right) + DisplayWidth.of(title) + 2 > screen.width, let first = title.split(separator: " ").first {
            title = " " + first
        }
        screen.write(title, x: 0, y: y, style: Style(bold: true, reverse: true), limit: screen.width)
        let rightWidth = DisplayWidth.of(right)
        if rightWidth + DisplayWidth.of(title) + 2 <= screen.width {
            screen.write(right, x: screen.width - rightWidth - 1, y: y, style: .reverse)
        }
    }

    /// The keys a screen offers, `key label` pairs in reverse video on row `y`. When they do not
    /// fit, keys are dropped from the end, but never those in `kept` (quit and help stay visible
    /// however narrow the window).
    public static func keyBar(_ keys: [(key: String, label: String)], kept: Set<String>, y: Int, into screen: inout Screen) {
        screen.fill(x: 0, y: y, width: screen.width, height: 1, style: .reverse)
        var shown = keys
        func needed(_ items: [(key: String, label: String)]) -> Int {
            items.reduce(1) { $0 + DisplayWidth.of($1.key) + 1 + DisplayWidth.of($1.label) + 2 }
        }
        while needed(shown) > screen.width, let drop = shown.lastIndex(where: { !kept.contains($0.key) }) { shown.remove(at: drop) }
        var x = 0
        for (key, label) in shown {
            if x + DisplayWidth.of(key) + DisplayWidth.of(label) + 3 > screen.width { break }
            x += screen.write(" " + key, x: x, y: y, style: Style(bold: true, reverse: true))
            x += screen.write(" " + label + " ", x: x, y: y, style: .reverse)
        }
    }

    /// Where a column of labelled fields goes: labels as wide as the longest and a space (at
    /// least 18 columns, at most half the screen), fields up to 40 columns after them.
    public struct FieldColumns: Sendable, Equatable {
        public let labelWidth: Int
        public let fieldWidth: Int

        public init(labels: [String], screenWidth: Int) {
            let longest = labels.map(DisplayWidth.of).max() ?? 0
            labelWidth = min(max(18, longest + 2), max(18, screenWidth / 2))
            fieldWidth = max(10, min(40, screenWidth - labelWidth - 4))
        }
    }
}
