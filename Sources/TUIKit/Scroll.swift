/// How far a view of lines is scrolled: the first line shown, kept between the top and the
/// point where the last line stands at the bottom, whatever the keys ask. Every scrolling
/// text (help, notices, reports, the card) moves by these rules.
public struct Scroll: Sendable, Equatable {
    public private(set) var offset = 0

    public init() {}

    public enum Move: Sendable, Equatable { case lineDown, lineUp, pageDown, pageUp, top, bottom }

    /// The move a key asks for in a scrolling text: arrows and j/k, PgDn/Space and PgUp, Home/g
    /// and End/G; nil for other keys.
    public static func move(for key: Key) -> Move? {
        switch key {
        case .down, .character("j"): .lineDown
        case .up, .character("k"): .lineUp
        case .pageDown, .character(" "): .pageDown
        case .pageUp: .pageUp
        case .home, .character("g"): .top
        case .end, .character("G"): .bottom
        default: nil
        }
    }

    /// Moves within `lines` lines shown `visible` at a time.
    public mutating func apply(_ move: Move, lines: Int, visible: Int) {
        let page = max(1, visible)
        switch move {
        case .lineDown: offset += 1
        case .lineUp: offset -= 1
        case .pageDown: offset += page
        case .pageUp: offset -= page
        case .top: offset = 0
        case .bottom: offset = lines
        }
        clamp(lines: lines, visible: visible)
    }

    /// Back within bounds (after the lines changed or the window shrank).
    public mutating func clamp(lines: Int, visible: Int) {
        offset = max(0, min(offset, lines - max(1, visible)))
    }

    /// The first line to show of `lines` lines, `visible` at a time.
    public func first(lines: Int, visible: Int) -> Int { max(0, min(offset, lines - max(1, visible))) }
}
