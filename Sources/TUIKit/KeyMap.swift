/// One thing a screen does on a key: the keys that do it, how the help writes them, the footer's
/// label and the help's line (keys into the language tables), and the command. One table per
/// screen drives the dispatch, the footer and the help, so the three cannot disagree.
public struct KeyBinding<Command: Sendable>: Sendable {
    public let keys: [Key]
    /// `↑↓ k j`: the keys as the help and the footer show them.
    public let display: String
    /// The footer's label, when the footer shows this key.
    public let footer: String?
    /// How the footer writes the keys (shorter than the help: `↑↓`).
    public let footerDisplay: String
    public let help: String
    public let command: Command

    public init(_ keys: [Key], _ display: String? = nil, footer: String? = nil, help: String, _ command: Command) {
        self.keys = keys
        self.display = display ?? keys.map(\.name).joined(separator: " ")
        // The footer names the first key, or the arrows of a pair (`↑↓ k j` → `↑↓`).
        self.footerDisplay = self.display.split(separator: " ").first.map(String.init) ?? self.display
        self.footer = footer
        self.help = help
        self.command = command
    }
}

/// A screen's keys, in the order the help lists them.
public struct KeyMap<Command: Sendable>: Sendable {
    public let bindings: [KeyBinding<Command>]

    public init(_ bindings: [KeyBinding<Command>]) { self.bindings = bindings }

    /// What `key` does here, or nil.
    public func command(for key: Key) -> Command? { bindings.first { $0.keys.contains(key) }?.command }

    /// (keys, label) of the keys the footer shows, in table order.
    public var footer: [(keys: String, label: String)] { bindings.compactMap { b in b.footer.map { (b.footerDisplay, $0) } } }

    /// (keys, text) for the help, in table order.
    public var help: [(keys: String, text: String)] { bindings.map { ($0.display, $0.help) } }

    /// Keys bound twice (the first binding would silently win).
    public var repeatedKeys: [Key] {
        var seen = Set<Key>(), repeated: [Key] = []
        for key in bindings.flatMap(\.keys) where !seen.insert(key).inserted { repeated.append(key) }
        return repeated
    }
}
