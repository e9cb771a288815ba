import Foundation

/// Colours by meaning-neutral name; the terminal adapter maps them (or drops them for NO_COLOR,
/// so bold, reverse and underline must carry all meaning on their own).
public enum Color: Sendable, Hashable {
    case red, green, yellow, blue, magenta, cyan, gray
}

public struct Style: Sendable, Hashable {
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false
    public var foreground: Color? = nil

    public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false, foreground: Color? = nil) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
        self.foreground = foreground
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)
    public static let underlined = Style(underline: true)
}

/// One terminal cell: a grapheme and the columns it takes. The cell after a wide character
/// holds nothing (`isContinuation`), so every row is exactly `width` columns.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var style: Style
    public var isContinuation: Bool

    public static let blank = Cell(text: " ", style: .plain, isContinuation: false)
}

/// A grid of cells that views draw into. The ncurses adapter copies it to the terminal; tests
/// read it as text. Nothing written here can carry a control sequence.
public struct Screen: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (text fields), or nil to hide it.
    public var cursor: (x: Int, y: Int)?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` from (x, y) within `limit` columns (default: to the right edge), cutting by
    /// display width. Control characters become visible placeholders. Returns the columns used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? (width - x)))
        var column = x
        for character in Screen.displayable(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > end { break }
            if column >= 0 {
                cells[y * width + column] = Cell(text: String(character), style: style, isContinuation: false)
                if w == 2 { cells[y * width + column + 1] = Cell(text: "", style: style, isContinuation: true) }
            }
            column += w
        }
        return column - x
    }

    /// Writes `text` cut with `…` to exactly `width` columns, padding with styled spaces.
    public mutating func write(_ text: String, x: Int, y: Int, width: Int, style: Style = .plain) {
        guard width > 0 else { return }
        fill(x: x, y: y, width: width, height: 1, style: style)
        let safe = Screen.displayable(text)
        write(DisplayWidth.of(safe) > width ? DisplayWidth.fit(safe, width) : safe, x: x, y: y, style: style, limit: width)
    }

    public mutating func fill(x: Int, y: Int, width: Int, height: Int, style: Style = .plain) {
        for row in max(0, y)..<min(self.height, y + height) {
            for column in max(0, x)..<min(self.width, x + width) {
                cells[row * self.width + column] = Cell(text: " ", style: style, isContinuation: false)
            }
        }
    }

    /// A row as text (continuation cells add nothing), trailing spaces removed.
    public func line(_ y: Int) -> String {
        var out = ""
        for x in 0..<width where !self[x, y].isContinuation { out += self[x, y].text }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// The whole grid as text, one line per row: what tests compare.
    public var text: String {
        (0..<height).map(line).joined(separator: "\n")
    }

    /// Style of the first cell whose row contains `needle` at that column, for style assertions.
    public func style(of needle: String) -> Style? {
        for y in 0..<height {
            var column = 0
            var offsets: [Int] = []
            var rowText = ""
            for x in 0..<width where !self[x, y].isContinuation {
                offsets.append(x)
                rowText += self[x, y].text
                column += 1
            }
            if let range = rowText.range(of: needle) {
                let index = rowText.distance(from: rowText.startIndex, to: range.lowerBound)
                return self[offsets[index], y].style
            }
        }
        return nil
    }

    /// Replaces what a terminal would interpret: C0 controls as the Control Pictures block
    /// (ESC shows as ␛), DEL as ␡, C1 and bidi overrides as �.
    public static func displayable(_ text: String) -> String {
        TerminalText.displayable(text)
    }
}
