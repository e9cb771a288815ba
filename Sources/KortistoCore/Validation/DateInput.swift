/// Dates as Finnish users type them: `12.4.1985`, `12.4.85`, and ISO `1985-04-12`.
public enum DateInput {
    /// How to read a two-digit year.
    public enum TwoDigitYear: Sendable {
        /// The latest such year not after `today` (birthdates: `12.4.85` is 1985, `1.1.20` is 2020).
        case past
        /// The year in 2000–2099 (order and invoice dates).
        case thisCentury
    }

    public static func parse(_ raw: String, field: String, today: LocalDate, twoDigitYear: TwoDigitYear = .thisCentury) throws(FieldError) -> LocalDate? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: 20) else { return nil }
        let word = text.lowercasedFast
        if word == "today" || word == "tänään" { return today }
        guard let (year, month, day) = split(text), let year else {
            throw FieldError(field, "'{0}' is not a date (write 12.4.2025 or 2025-04-12)", "\(text)")
        }
        let fullYear = resolve(year: year, digits: yearDigits(text), today: today, rule: twoDigitYear)
        guard let date = LocalDate(year: fullYear, month: month, day: day) else {
            throw FieldError(field, "{0} does not exist in the calendar", "\(text)")
        }
        return date
    }

    /// A date that has happened (when a contact, feedback or request came): `parse`, and
    /// refused when after `today`; nil when empty.
    public static func past(_ raw: String, field: String, today: LocalDate) throws(FieldError) -> LocalDate? {
        // `28.11.`: the latest such day not after today (this year's, else last year's).
        if let text = try TextInput.clean(raw, field: field, maxLength: 20), case let (nil, month, day)? = split(text) {
            if let this = LocalDate(year: today.year, month: month, day: day), this <= today { return this }
            if let last = LocalDate(year: today.year - 1, month: month, day: day) { return last }
            throw FieldError(field, "{0} does not exist in the calendar", "\(text)")
        }
        guard let date = try parse(raw, field: field, today: today) else { return nil }
        guard date <= today else { throw FieldError(field, "{0} is in the future", "\(date.finnish)") }
        return date
    }

    /// A date ahead (a due date, a follow-up): also `14` or `+14`, that many days after `base`
    /// (payment terms count from the invoice date), and a day without its year (`14.12.`), the
    /// next such day from `today`; otherwise as `parse`. nil when empty.
    public static func ahead(_ raw: String, field: String, from base: LocalDate, today: LocalDate) throws(FieldError) -> LocalDate? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: 20) else { return nil }
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let days = Int(digits) {
            return base.adding(days: days)
        }
        let word = text.lowercasedFast
        if word == "today" || word == "tänään" { return today }
        guard let parts = split(text) else {
            throw FieldError(field, "'{0}' is not a date (write 12.4.2025, 12.4. or +14 for in 14 days)", "\(text)")
        }
        if case let (nil, month, day) = parts {
            guard let thisYear = LocalDate(year: today.year, month: month, day: day) ?? LocalDate(year: today.year + 1, month: month, day: day) else {
                throw FieldError(field, "{0} does not exist in the calendar", "\(text)")
            }
            return thisYear >= today ? thisYear : (LocalDate(year: today.year + 1, month: month, day: day) ?? thisYear.adding(years: 1))
        }
        return try parse(text, field: field, today: today)
    }

    /// A birthdate: a real date, not in the future; the year may be left out (`12.4.`).
    public static func birthdate(_ raw: String, field: String = "birthdate", today: LocalDate) throws(FieldError) -> Birthdate? {
        guard let text = try TextInput.clean(raw, field: field, maxLength: 20) else { return nil }
        guard let (year, month, day) = split(text) else {
            throw FieldError(field, "'{0}' is not a date (write 12.4.1985, 12.4.85, 1985-04-12, or 12.4. without the year)", "\(text)")
        }
        let fullYear = year.map { resolve(year: $0, digits: yearDigits(text), today: today, rule: .past) }
        guard let birthdate = Birthdate(year: fullYear, month: month, day: day) else {
            throw FieldError(field, "{0} does not exist in the calendar", "\(text)")
        }
        if let fullYear {
            let date = LocalDate(year: fullYear, month: month, day: day)!
            guard date <= today else { throw FieldError(field, "{0} is in the future", "\(date.finnish)") }
            guard fullYear >= today.year - 130 else { throw FieldError(field, "{0} is more than 130 years ago", "\(date.finnish)") }
        }
        return birthdate
    }

    /// (year or nil, month, day) from `d.m.yyyy`, `d.m.yy`, `d.m.`, `d.m`, `yyyy-mm-dd`, `--mm-dd`.
    static func split(_ text: String) -> (Int?, Int, Int)? {
        // ISO dates, as exports and our own files write them, straight from their bytes.
        if let iso = isoParts(text) { return iso }
        if text.hasPrefix("--") {
            let p = text.dropFirst(2).split(separator: "-", omittingEmptySubsequences: false)
            guard p.count == 2, let m = number(p[0], 1...2), let d = number(p[1], 1...2) else { return nil }
            return (nil, m, d)
        }
        if text.utf8.contains(UInt8(ascii: "-")) {
            let p = text.split(separator: "-", omittingEmptySubsequences: false)
            guard p.count == 3, p[0].count == 4, let y = number(p[0], 4...4), let m = number(p[1], 1...2), let d = number(p[2], 1...2) else { return nil }
            return (y, m, d)
        }
        let p = text.split(separator: ".", omittingEmptySubsequences: false)
        guard p.count == 2 || p.count == 3, let d = number(p[0], 1...2), let m = number(p[1], 1...2) else { return nil }
        if p.count == 2 || p[2].isEmpty { return (nil, m, d) }
        guard p[2].count == 2 || p[2].count == 4, let y = number(p[2], 2...4) else { return nil }
        return (y, m, d)
    }

    private static func yearDigits(_ text: String) -> Int {
        if text.utf8.contains(UInt8(ascii: "-")) { return 4 }
        return text.split(separator: ".").dropFirst(2).first?.count ?? 0
    }

    /// `yyyy-mm-dd` as numbers, or nil for anything else.
    private static func isoParts(_ text: String) -> (Int?, Int, Int)? {
        let u = text.utf8
        guard u.count == 10 else { return nil }
        var digits = (0, 0, 0), i = 0
        for byte in u {
            if i == 4 || i == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                let d = Int(byte - 0x30)
                if i < 4 { digits.0 = digits.0 * 10 + d } else if i < 7 { digits.1 = digits.1 * 10 + d } else { digits.2 = digits.2 * 10 + d }
            }
            i += 1
        }
        return (digits.0, digits.1, digits.2)
    }

    private static func number(_ s: Substring, _ digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(s.count), s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }

    private static func resolve(year: Int, digits: Int, today: LocalDate, rule: TwoDigitYear) -> Int {
        guard digits == 2 else { return year }
        switch rule {
        case .thisCentury: return 2000 + year
        case .past:
            let century = today.year / 100 * 100
            return century + year <= today.year ? century + year : century - 100 + year
        }
    }
}
