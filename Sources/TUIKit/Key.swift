/// A key press, as the terminal adapter decodes it and as tests write it.
public enum Key: Sendable, Hashable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl plus a letter, lower-case (`ctrl("s")`).
    case ctrl(Character)
    case function(Int)

    /// Keys from a readable script: plain characters, and names in angle brackets:
    /// `"/virt<Enter>"`, `"<Down><Down>e"`, `"<C-s>"`, `"<S-Tab>"`, `"<F1>"`, `"<lt>"` for `<`.
    public static func script(_ text: String) -> [Key] {
        var keys: [Key] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<", let close = text[index...].firstIndex(of: ">"), close > text.index(after: index),
               let key = named(String(text[text.index(after: index)..<close])) {
                keys.append(key)
                index = text.index(after: close)
            } else {
                keys.append(.character(character))
                index = text.index(after: index)
            }
        }
        return keys
    }

    static func named(_ name: String) -> Key? {
        switch name.lowercased() {
        case "enter", "cr", "return": return .enter
        case "esc", "escape": return .escape
        case "tab": return .tab
        case "s-tab", "backtab": return .backTab
        case "bs", "backspace": return .backspace
        case "del", "delete": return .delete
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "home": return .home
        case "end": return .end
        case "pgup", "pageup": return .pageUp
        case "pgdn", "pagedown": return .pageDown
        case "lt": return .character("<")
        case "space": return .character(" ")
        default:
            if name.lowercased().hasPrefix("c-"), name.count == 3 { return .ctrl(Character(name.suffix(1).lowercased())) }
            if name.lowercased().hasPrefix("f"), let n = Int(name.dropFirst()), (1...12).contains(n) { return .function(n) }
            return nil
        }
    }
}

/// What arrives at a program: keys, terminal size changes, and the ticks of a clock that runs
/// only while the program asks for it (`App.tickInterval`), one per interval without a key.
public enum TerminalEvent: Sendable, Hashable {
    case key(Key)
    case resize(width: Int, height: Int)
    case tick
}

extension Key {
    /// How the help and the footer write the key: `a`, `Enter`, `PgDn`, `Ctrl-S`, `F1`.
    public var name: String {
        switch self {
        case let .character(c): c == " " ? "Space" : String(c)
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case let .ctrl(c): "Ctrl-" + String(c).uppercased()
        case let .function(n): "F\(n)"
        }
    }
}
