/// A progress line for long imports, in plain ASCII so it reads the same in any terminal or log:
/// `Writing [==========>         ]  52%  26000/50000`.
public enum ProgressBar {
    public static func bar(done: Int, total: Int, width: Int) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let head = filled < width && filled > 0 ? ">" : ""
        let body = String(repeating: "=", count: filled == width ? width : max(0, filled - head.count)) + head
        return "[" + body + String(repeating: " ", count: width - body.count) + "]"
    }

    public static func percent(done: Int, total: Int) -> Int {
        total > 0 ? min(100, max(0, done * 100 / total)) : 100
    }

    public static func line(_ label: String, done: Int, total: Int, width: Int = 30) -> String {
        let percent = String(percent(done: done, total: total))
        return "\(label) \(bar(done: done, total: total, width: width)) \(String(repeating: " ", count: 3 - percent.count))\(percent)%  \(done)/\(total)"
    }
}
