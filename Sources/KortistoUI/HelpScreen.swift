import KortistoCore
import TUIKit

/// Upcoming birthdays (next 30 days) with the age each person turns.
struct BirthdaysState {
    /// The coming days' birthdays read so far, a page at a time (`Paging`): the first screen
    /// reads its page alone (a million customers have 82,000 birthdays in 30 days).
    var items: [UpcomingBirthday] = []
    var cursor = Selection()
    private var paging = Paging()
    /// The last entry read (someone forgotten meanwhile is not in `items`).
    private var last: BirthdayEntry?

    init(_ context: ScreenContext) throws {
        paging.record(try readMore(context))
    }

    /// `b`: the next 30 days' birthdays.
    static func open(_ context: ScreenContext) -> [Effect] {
        do {
            return [.push(.birthdays(try BirthdaysState(context)))]
        } catch { return [.report(error)] }
    }

    /// The customers of the next page of birthdays; how many entries it held.
    private mutating func readMore(_ context: ScreenContext) throws -> Int {
        let page = try context.data.birthdayPage(from: context.today, days: 30, after: last, limit: Paging.size)
        items += try context.data.upcomingBirthdays(page)
        last = page.last ?? last
        return page.count
    }

    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        guard let command = App.birthdayKeys.command(for: key) else { return [] }
        switch command {
        case .back: return [.pop]
        case .down, .up, .pageDown, .pageUp, .first, .last:
            var paging = self.paging // the pages read change this view too
            defer { self.paging = paging }
            do {
                try paging.extend(for: command, cursor: cursor.index, textHeight: context.textHeight, loaded: { items.count }) { try readMore(context) }
            } catch { return [.report(error)] }
            if let move = command.move(page: context.textHeight) { cursor.move(move, count: items.count) }
        case .open:
            guard items.indices.contains(cursor.index) else { break }
            return [.pop, .select(items[cursor.index].customer.number)]
        case .forget, .forgetAll, .add, .help: break
        }
        return []
    }
}

extension ScreenContext {
    /// The help as lines that fit the window: a key's text wrapped under itself, never cut.
    func helpLines() -> [(keys: String, text: String, heading: Bool)] {
        var lines: [(keys: String, text: String, heading: Bool)] = []
        for (keys, text) in App.helpKeys {
            if text.isEmpty { lines.append(("", "", false)); continue }
            if keys.isEmpty {
                lines += Layout.wrap(strings[text], width: max(10, width - 2)).map { ("", $0, true) }
                continue
            }
            for (index, part) in Layout.wrap(strings[text], width: max(10, width - 18)).enumerated() {
                lines.append((index == 0 ? keys : "", part, false))
            }
        }
        return lines
    }
}

/// Every key of every screen, scrolled.
struct HelpState {
    var scroll = Scroll()

    mutating func update(_ key: Key, _ context: ScreenContext) -> [Effect] {
        switch key {
        case .escape, .character("q"), .character("?"), .enter: return [.pop]
        default: if let move = Scroll.move(for: key) { scroll.apply(move, lines: context.helpLines().count, visible: context.textHeight) }
        }
        return []
    }
}

extension App {
    /// Every key, from the screens' key tables (what they list is what they do), then the
    /// keys every screen shares and the forms'. The README documents the same keys.
    static let helpKeys: [(keys: String, text: String)] =
        listKeys.help.filter { !$0.text.isEmpty } + [("Ctrl-C", "help.ctrl_c"), ("Ctrl-Z", "help.ctrl_z")]
        + [("", ""), ("", "help.in_card")] + cardKeys.help.filter { !$0.text.isEmpty }
        + [("", ""), ("", "help.in_forms")] + formKeys.help.filter { !$0.text.isEmpty }
        + [("", ""), ("", "help.in_retention")] + retentionKeys.help.filter { !$0.text.isEmpty }
        + [("", ""), ("", "help.in_birthdays")] + birthdayKeys.help.filter { !$0.text.isEmpty }
        + [("", ""), ("", "help.in_lists")] + eventKeys.help.filter { !$0.text.isEmpty }
        + [("", ""), ("", "help.badges")]

    func drawHelp(_ help: HelpState, into screen: inout Screen) {
        drawTitle(strings["help.title"], into: &screen)
        let lines = context.helpLines()
        var y = 2
        for line in lines.dropFirst(help.scroll.first(lines: lines.count, visible: textHeight)) {
            guard y < height - 2 else { break }
            if line.heading {
                screen.write(line.text, x: 1, y: y, width: width - 2, style: .bold)
            } else {
                screen.write(line.keys, x: 2, y: y, width: 14, style: .bold)
                screen.write(line.text, x: 17, y: y, width: width - 18)
            }
            y += 1
        }
        drawFooter(keys: [("↑↓", strings["key.move"]), ("q", strings["key.back"])], into: &screen)
    }


    func drawBirthdays(_ state: BirthdaysState, into screen: inout Screen) {
        drawTitle(strings["birthdays.title"], into: &screen)
        if state.items.isEmpty {
            screen.write(strings["birthdays.none"], x: 1, y: 2, width: width - 2, style: .dim)
        }
        for (row, index) in state.cursor.visible(count: state.items.count, rows: height - 4).enumerated() {
            let item = state.items[index]
            let days = item.date.daysSinceEpoch - today.daysSinceEpoch
            let when = days == 0 ? strings["birthdays.today"] : (days == 1 ? strings["birthdays.tomorrow"] : strings("birthdays.in_days", days))
            let turns = item.turns.map { strings("birthdays.turns", $0) } ?? ""
            let text = "\(item.date.finnish)  \(item.customer.listName)  \(turns)  (\(when))"
            screen.write(text, x: 1, y: 2 + row, width: width - 2, style: index == state.cursor.index ? .reverse : .plain)
        }
        drawFooter(keys: context.footer(App.birthdayKeys), into: &screen)
    }
}
