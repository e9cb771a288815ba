import Foundation

/// A field's value as it leaves or enters the register: a stored column, a CSV cell, a JSON
/// string or list.
public enum FieldValue: Sendable, Equatable {
    case none
    case text(String)
    case integer(Int64)
    case list([String])

    public var isEmpty: Bool {
        switch self {
        case .none: true
        case let .text(text): text.isEmpty
        case .integer: false
        case let .list(items): items.isEmpty
        }
    }

    /// The value of a text column (nil: NULL).
    public var storedText: String? {
        switch self {
        case .none: nil
        case let .text(text): text
        case let .integer(n): String(n)
        case let .list(items): items.joined(separator: " ")
        }
    }

    /// As a CSV cell: a list joined by `separator`.
    public func cell(separator: String) -> String {
        if case let .list(items) = self { return items.joined(separator: separator) }
        return storedText ?? ""
    }

    static func optional(_ text: String?) -> FieldValue { text.map(FieldValue.text) ?? .none }
}

/// The formats that carry customer fields out of the register and back.
public enum ExchangeFormat: String, CaseIterable, Sendable {
    /// `export --format csv` (and `import` of it).
    case csv
    /// The whole-register JSON (`export --format json`) and the JSON of `show`/`list`.
    case json
    /// `export --format vcf`.
    case vcard
}

/// A stored value this program cannot read back (a newer Kortisto's, or another program's).
public struct StoredValueError: Error, Sendable, Equatable {
    public let field: CustomerField
    public let value: String
}

/// How merging a duplicate (an import of someone already in the register) treats a field.
public enum MergeRule: Sendable, Equatable {
    /// Never changed by a merge: names, the relationship, what the register itself keeps.
    case keep
    /// Taken from the incoming record when empty here; nothing stored is overwritten.
    case fillEmpty
    /// Like `fillEmpty`, but only when every field of the group is empty here (membership dates
    /// are one period: one end must not be paired with another period's start).
    case fillEmptyTogether([CustomerField])
    /// The incoming items added to those here (tags).
    case add
}

/// The register's times: `2026-11-22T03:34:19Z`.
public enum Timestamp {
    /// As `ISO8601Format()` gives it (UTC, whole seconds, the fraction dropped), written
    /// without Foundation's formatter for the years 1900–9999: it went through a calendar for
    /// each time, a twentieth of the whole-register file's rendering. (Before 1583 Foundation
    /// counts days as the Julian calendar does; such times take its way.)
    public static func text(_ date: Date) -> String {
        // Floored as Foundation floors it, from the reference date (exact: a whole number of
        // seconds plus a whole number); from 1970, a time a hair below a second rounded up.
        let interval = date.timeIntervalSinceReferenceDate.rounded(.down) + 978_307_200
        guard interval >= -2_208_988_800, interval < 253_402_300_800 else { return date.ISO8601Format() }
        let seconds = Int(interval)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let day = LocalDate(daysSinceEpoch: days)
        return String(unsafeUninitializedCapacity: 20) { out in
            func put(_ value: Int, _ digits: Int, at index: Int) {
                var value = value
                for i in stride(from: index + digits - 1, through: index, by: -1) {
                    out[i] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(day.year, 4, at: 0); out[4] = UInt8(ascii: "-")
            put(day.month, 2, at: 5); out[7] = UInt8(ascii: "-")
            put(day.day, 2, at: 8); out[10] = UInt8(ascii: "T")
            put(time / 3600, 2, at: 11); out[13] = UInt8(ascii: ":")
            put(time / 60 % 60, 2, at: 14); out[16] = UInt8(ascii: ":")
            put(time % 60, 2, at: 17); out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// Parsed without Foundation's formatter when in the register's own form (which costs
    /// more than the rest of reading a customer); other ISO 8601 forms through it.
    public static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        func n(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= u.count else { return nil }
            var v = 0
            for b in u[from..<from + count] { guard (0x30...0x39).contains(b) else { return nil }; v = v * 10 + Int(b - 0x30) }
            return v
        }
        if u.count == 20, u[19] == 0x5A, let y = n(0, 4), let mo = n(5, 2), let d = n(8, 2), let h = n(11, 2), let mi = n(14, 2), let s = n(17, 2),
           let day = LocalDate(year: y, month: mo, day: d) {
            return Date(timeIntervalSince1970: Double(day.daysSinceEpoch * 86_400 + h * 3600 + mi * 60 + s))
        }
        return try? Date(text, strategy: .iso8601)
    }
}

extension CustomerField {
    /// `incoming`'s fields merged into `current` by each field's `MergeRule`: what is stored
    /// is never overwritten, and no ban is lifted (bans are consent events, merged apart).
    public static func merge(_ incoming: Customer, into current: Customer) -> Customer {
        var merged = current
        for field in allCases {
            let new = field.value(in: incoming)
            guard !new.isEmpty else { continue }
            switch field.spec.merge {
            case .keep: continue
            case .fillEmpty:
                guard field.value(in: current).isEmpty else { continue }
            case let .fillEmptyTogether(group):
                guard group.allSatisfy({ $0.value(in: current).isEmpty }) else { continue }
            case .add:
                guard case let .list(items) = new, case let .list(old) = field.value(in: merged) else { continue }
                let known = Set(old.map(Tag.key))
                try? field.set(.list(old + items.filter { !known.contains(Tag.key($0)) }), in: &merged)
                continue
            }
            try? field.set(new, in: &merged)
        }
        return merged
    }
}

extension CustomerField {
    /// Reads and sets a fixed list of fields in order, with their accessors fetched once: the
    /// hot path of reading rows and writing exports (a hundred thousand rows of thirty fields).
    public struct Access: Sendable {
        public let fields: [CustomerField]
        /// Each field's accessors, each held in a struct: an array of the closures themselves
        /// holds each behind a thunk that copied the whole customer twice a call (the
        /// whole-register file at 4k: 25M of its 753M instructions), and an array of the specs
        /// retained a dozen of their fields a call.
        private let accessors: [Accessors]

        private struct Accessors: Sendable {
            let get: @Sendable (Customer) -> FieldValue
            let set: @Sendable (inout Customer, FieldValue) throws(StoredValueError) -> Void
            let separator: String
        }

        public init(_ fields: [CustomerField]) {
            self.fields = fields
            accessors = fields.map { Accessors(get: $0.spec.get, set: $0.spec.set, separator: $0.spec.separator) }
        }

        /// Field `i`'s value in `c`.
        @inline(__always)
        public func value(_ i: Int, in c: Customer) -> FieldValue { accessors[i].get(c) }

        /// Sets field `i` from `value`.
        @inline(__always)
        public func set(_ i: Int, _ value: FieldValue, in c: inout Customer) throws(StoredValueError) { try accessors[i].set(&c, value) }

        /// Every field as a CSV cell writes it.
        public func cells(_ c: Customer) -> [String] {
            var cells: [String] = []
            cells.reserveCapacity(accessors.count)
            for field in accessors { cells.append(field.get(c).cell(separator: field.separator)) }
            return cells
        }
    }
}
