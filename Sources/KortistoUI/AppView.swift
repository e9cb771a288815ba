import KortistoCore
import TUIKit

/// Layout and drawing: the state as a Screen, the title, the footer and the message line.
extension App {
    // MARK: Layout

    static let minimumWidth = 40
    static let minimumHeight = 10

    var isTooSmall: Bool { width < App.minimumWidth || height < App.minimumHeight }

    /// Lines of a full-screen text (help, notice, report): all but the title, a blank line, the
    /// message and the footer.
    var textHeight: Int { max(1, height - 4) }

    /// Rows of the customer list that fit (title, search line, header, message, status bar).
    var listHeight: Int { max(1, height - 5) }

    /// The card is beside the list when there is room for both.
    var showsCardPane: Bool { width >= 90 }
    var listWidth: Int { showsCardPane ? width * 11 / 20 : width }

    // MARK: View

    public func view(into screen: inout Screen) {
        drawScreen(into: &screen)
        if let progress, !isTooSmall { drawProgress(progress, into: &screen) }
    }

    /// A box in the middle of the screen: what is being done, a bar, and how far.
    func drawProgress(_ p: (label: String, done: Int, total: Int), into screen: inout Screen) {
        let boxWidth = min(width - 2, 60), top = max(1, height / 2 - 2), left = (width - boxWidth) / 2
        screen.fill(x: left, y: top, width: boxWidth, height: 4, style: .reverse)
        screen.write(" " + p.label, x: left, y: top, width: boxWidth, style: Style(bold: true, reverse: true))
        let counts = " \(ProgressBar.percent(done: p.done, total: p.total))%  \(p.done)/\(p.total)"
        let barWidth = max(4, boxWidth - 4 - counts.count)
        screen.write(" " + ProgressBar.bar(done: p.done, total: p.total, width: barWidth) + counts, x: left, y: top + 2, width: boxWidth, style: .reverse)
    }

    func drawScreen(into screen: inout Screen) {
        if isTooSmall {
            // Word-wrapped: the window may be very narrow.
            let lines = App.wrap(strings("screen.too_small", App.minimumWidth, App.minimumHeight) + " " + strings("screen.size_now", width, height), width: width)
            for (y, line) in lines.prefix(height).enumerated() { screen.write(line, x: 0, y: y, width: width) }
            return
        }
        switch stack.last {
        case nil: drawMain(into: &screen)
        case let .card(card): drawCard(card, into: &screen)
        case let .form(form): drawForm(form, into: &screen)
        case let .help(scroll): drawHelp(scroll.first(lines: App.helpKeys.count, visible: textHeight), into: &screen)
        case let .birthdays(state): drawBirthdays(state, into: &screen)
        case let .retention(state): drawRetention(state, into: &screen)
        case let .text(view):
            drawTitle(view.title, into: &screen)
            for (row, line) in view.lines.dropFirst(view.scroll.first(lines: view.lines.count, visible: textHeight)).prefix(textHeight).enumerated() {
                screen.write(line, x: 1, y: 2 + row, width: width - 2)
            }
            drawFooter(keys: textKeys(view.source).map { (String($0.key), $0.label) } + [("↑↓ PgUp PgDn", strings["key.scroll"]), ("q", strings["key.back"])],
                       into: &screen)
        case let .confirm(confirm):
            // Draw what is underneath, then the question on the message line.
            var below = self
            below.stack.removeLast()
            below.message = nil
            below.view(into: &screen)
            // The question, word-wrapped, in a reverse-video block above the status bar.
            let lines = App.wrap(confirm.text, width: width - 2)
            let top = max(1, height - 1 - lines.count)
            for (index, line) in lines.prefix(height - 2).enumerated() {
                screen.write(" " + line, x: 0, y: top + index, width: width, style: Style(bold: true, reverse: true))
            }
        }
    }

    /// Splits text into lines of at most `width` columns at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
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
    static func wrapKeepingIndent(_ line: String, width: Int) -> [String] {
        guard DisplayWidth.of(line) > width else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        let parts = wrap(String(line.dropFirst(indent.count)), width: max(10, width - indent.count - 2))
        return parts.enumerated().map { ($0.offset == 0 ? indent : indent + "  ") + $0.element }
    }

    /// A fresh screen of the current size with the view drawn: what the terminal shows.
    public var screen: Screen {
        var screen = Screen(width: width, height: height)
        view(into: &screen)
        return screen
    }

    func drawTitle(_ right: String, into screen: inout Screen) {
        screen.fill(x: 0, y: 0, width: width, height: 1, style: .reverse)
        let title = " Kortisto · " + strings["app.register_name"]
        screen.write(title, x: 0, y: 0, style: Style(bold: true, reverse: true), limit: width)
        let rightWidth = DisplayWidth.of(right)
        if rightWidth + DisplayWidth.of(title) + 2 <= width {
            screen.write(right, x: width - rightWidth - 1, y: 0, style: .reverse)
        }
    }

    func drawFooter(keys: [(String, String)], into screen: inout Screen) {
        if let message {
            screen.write(message.text, x: 0, y: height - 2, width: width,
                         style: message.isError ? Style(bold: true, foreground: .red) : Style(foreground: .green))
        }
        var x = 0
        screen.fill(x: 0, y: height - 1, width: width, height: 1, style: .reverse)
        // Quit and help stay visible however narrow the window: drop other keys first.
        var shown = keys
        func needed(_ items: [(String, String)]) -> Int {
            items.reduce(1) { $0 + DisplayWidth.of($1.0) + 1 + DisplayWidth.of($1.1) + 2 }
        }
        while needed(shown) > width, let drop = shown.lastIndex(where: { $0.0 != "q" && $0.0 != "?" }) { shown.remove(at: drop) }
        for (key, label) in shown {
            if x + DisplayWidth.of(key) + DisplayWidth.of(label) + 3 > width { break }
            x += screen.write(" " + key, x: x, y: height - 1, style: Style(bold: true, reverse: true))
            x += screen.write(" " + label + " ", x: x, y: height - 1, style: .reverse)
        }
    }
}
