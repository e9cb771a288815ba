import KortistoCore

/// A value for each customer number (or organisation id) of a pass over everyone: an array
/// from the lowest number in the register to the highest when the numbers lie close together
/// (a register's own numbers), else a dictionary of the numbers given a value (numbers brought
/// from elsewhere, far apart). A number outside the array (a customer added since) goes to the
/// dictionary.
struct ByNumber<Value: Sendable>: Sendable {
    private let empty: Value
    private var base: Int64 = 0
    private var dense: [Value] = []
    private var sparse: [Int64: Value] = [:]

    /// Every number `empty`, held as a dictionary (nothing held yet).
    init(empty: Value) {
        self.empty = empty
    }

    /// Every number `empty`, held as an array over `span` when it has one.
    init(_ span: NumberSpan, empty: Value) {
        self.empty = empty
        if let (base, width) = span.dense {
            self.base = base
            dense = [Value](repeating: empty, count: width)
        }
    }

    subscript(number: Int64) -> Value {
        get {
            let index = number &- base
            if index >= 0 && index < dense.count { return dense[Int(index)] }
            return sparse[number] ?? empty
        }
        set {
            let index = number &- base
            if index >= 0 && index < dense.count { dense[Int(index)] = newValue } else { sparse[number] = newValue }
        }
    }
}

/// The register's customer numbers, lowest to highest, when they lie close enough together
/// for an array over them (at most four slots for each of `live` customers); read once for
/// every `ByNumber` of a pass.
struct NumberSpan: Sendable {
    let dense: (base: Int64, width: Int)?

    init(_ db: Database, live: Int) throws {
        let span = try db.first("SELECT min(number), max(number) FROM customer", []) { ($0.int(0), $0.int(1)) } ?? (0, -1)
        self.init(lowest: span.0, highest: span.1, count: live)
    }

    /// The span of `count` numbers from `lowest` to `highest` (any other numbered rows: the
    /// organisations' ids); none when `highest` is below `lowest`.
    init(lowest: Int64, highest: Int64, count: Int) {
        // Numbers at both ends of Int64 (a register brought from elsewhere) must not overflow.
        let (difference, overflow) = highest.subtractingReportingOverflow(lowest)
        let width = difference &+ 1
        dense = !overflow && width > 0 && width <= Int64(count) * 4 + 1024 ? (lowest, Int(width)) : nil
    }
}
