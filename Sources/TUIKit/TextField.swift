import Foundation

/// An editable one-line (or, with `multiline`, newline-accepting) text value with a cursor.
/// Left/Right/Home/End, Backspace/Delete and typing work; the view scrolls horizontally so the
/// cursor stays visible.
public struct TextField: Sendable, Equatable {
    public var text: String {
        didSet { cursor = min(cursor, text.count) }
    }
    /// Cursor position in characters.
    public var cursor: Int
    public var maxLength: Int

    public init(_ text: String = "", maxLength: Int = 10_000) {
        self.text = text
        self.cursor = text.count
        self.maxLength = maxLength
    }

    /// Handles an editing key; returns false for keys it does not use (Enter, Tab, Esc, …).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case let .character(c):
            guard text.count < maxLength, !c.unicodeScalars.contains(where: TerminalText.isControl) else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor)
            text.insert(c, at: index)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            // The cursor is moved before the text shrinks (the text's didSet would otherwise
            // pull it back once more: at the end of a field it went one too far left, and past
            // the start of a one-letter field).
            let position = cursor - 1
            cursor = position
            text.remove(at: text.index(text.startIndex, offsetBy: position))
        case .delete, .ctrl("d"):
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"):
            // The whole field, as the README says: a value is typed over, not edited around.
            cursor = 0
            text = ""
        case .ctrl("k"):
            text = String(text.prefix(cursor))
        default:
            return false
        }
        return true
    }

    /// Draws the field into `width` columns at (x, y); when focused, places the screen cursor.
    public func render(into screen: inout Screen, x: Int, y: Int, width: Int, focused: Bool, style: Style = .underlined) {
        guard width > 0 else { return }
        let characters = Array(Screen.displayable(text.replacingOccurrences(of: "\n", with: "↵")))
        // Focused, scroll so the cursor fits: start from the cursor and go left while the width
        // allows. Unfocused, a long value reads from its beginning (not its tail, mid-word).
        var start = focused ? cursor : 0
        var used = 1
        while focused && start > 0 && used + DisplayWidth.of(characters[start - 1]) <= width {
            start -= 1
            used += DisplayWidth.of(characters[start])
        }
        let visible = String(characters[start...])
        screen.write(visible, x: x, y: y, width: width, style: style)
        if DisplayWidth.of(visible) > width && width > 1 {
            // Show that there is more to the right without eating the cursor position.
            screen.write(String(DisplayWidth.fit(visible, width)), x: x, y: y, width: width, style: style)
        }
        if focused {
            let column = DisplayWidth.of(String(characters[start..<min(cursor, characters.count)]))
            screen.cursor = (x + min(column, width - 1), y)
        }
    }
}
