import KortistoCore
import TUIKit

/// Layout and drawing: the state as a Screen, the title, the footer and the message line.
extension App {
    // MARK: Layout

    static let minimumWidth = 40
    static let minimumHeight = 10

    var isTooSmall: Bool { width < App.minimumWidth || height < App.minimumHeight }

    /// Lines of a full-screen text, as the screens scroll them.
    var textHeight: Int { context.textHeight }

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
            var text = strings("screen.too_small", App.minimumWidth, App.minimumHeight) + " " + strings("screen.size_now", width, height)
            if let message { text += " " + message.text }
            let lines = Layout.wrap(text, width: width)
            for (y, line) in lines.prefix(height).enumerated() { screen.write(line, x: 0, y: y, width: width) }
            return
        }
        switch stack.last {
        case nil: drawMain(into: &screen)
        case let .card(card): drawCard(card, into: &screen)
        case let .form(form): drawForm(form, into: &screen)
        case let .help(help): drawHelp(help, into: &screen)
        case let .birthdays(state): drawBirthdays(state, into: &screen)
        case let .retention(state): drawRetention(state, into: &screen)
        case let .items(state): drawItems(state, into: &screen)
        case let .text(view):
            drawTitle(view.title, into: &screen)
            for (row, line) in view.lines.dropFirst(view.scroll.first(lines: view.lines.count, visible: textHeight)).prefix(textHeight).enumerated() {
                screen.write(line, x: 1, y: 2 + row, width: width - 2)
            }
            drawFooter(keys: view.keys(strings).map { (String($0.key), $0.label) } + [("↑↓ PgUp PgDn", strings["key.scroll"]), ("q", strings["key.back"])],
                       into: &screen)
        case let .confirm(confirm):
            // Draw what is underneath, then the question on the message line.
            var below = self
            below.stack.removeLast()
            below.message = nil
            below.view(into: &screen)
            // The question, word-wrapped, in a reverse-video block above the status bar.
            let lines = Layout.wrap(confirm.text, width: width - 2)
            let top = max(1, height - 1 - lines.count)
            for (index, line) in lines.prefix(height - 2).enumerated() {
                screen.write(" " + line, x: 0, y: top + index, width: width, style: Style(bold: true, reverse: true))
            }
        }
    }

    /// A fresh screen of the current size with the view drawn: what the terminal shows.
    public var screen: Screen {
        var screen = Screen(width: width, height: height)
        view(into: &screen)
        return screen
    }

    func drawTitle(_ right: String, into screen: inout Screen) {
        Layout.titleBar(" Kortisto · " + strings["app.register_name"], right: right, into: &screen)
    }

    /// The message line, then the keys (quit and help kept however narrow the window).
    func drawFooter(keys: [(String, String)], into screen: inout Screen) {
        if let message {
            screen.write(message.text, x: 0, y: height - 2, width: width,
                         style: message.isError ? Style(bold: true, foreground: .red) : Style(foreground: .green))
        }
        Layout.keyBar(keys.map { (key: $0.0, label: $0.1) }, kept: ["q", "?"], y: height - 1, into: &screen)
    }
}
