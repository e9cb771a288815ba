/// A JSON value that keeps its keys in the order they were written, so output reads the same
/// way every time and diffs stay small.
public enum JSON {
    case null
    case bool(Bool)
    case int(Int64)
    /// A decimal as written (`63.5`): measures, whose digits are the value.
    case decimal(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func string(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    public static func int(_ value: Int) -> JSON { .int(Int64(value)) }

    public func rendered(indent: Int = 0, pretty: Bool = true) -> String {
        var out = ""
        render(into: &out, level: 0, pretty: pretty)
        return out
    }

    private func render(into out: inout String, level: Int, pretty: Bool) {
        let pad = pretty ? String(repeating: "  ", count: level + 1) : ""
        let close = pretty ? String(repeating: "  ", count: level) : ""
        let newline = pretty ? "\n" : ""
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .decimal(d): out += d
        case let .string(s): JSON.escape(s, into: &out)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad
                item.render(into: &out, level: level + 1, pretty: pretty)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += close + "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, (key, value)) in pairs.enumerated() {
                out += pad
                JSON.escape(key, into: &out)
                out += pretty ? ": " : ":"
                value.render(into: &out, level: level + 1, pretty: pretty)
                out += (i < pairs.count - 1 ? "," : "") + newline
            }
            out += close + "}"
        }
    }

    private static func escape(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
