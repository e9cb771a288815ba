import Foundation

/// A calendar date without time or zone: what invoices, birthdays and contact logs mean by "date".
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `nil` when the date does not exist (31.4., 29.2. in a common year).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO 8601, for files and the database.
    public var iso: String {
        // Exports and imports write millions of these: digits into bytes, no formatting machinery.
        guard let digits = isoDigits else {
            return String(year).leftPadded(to: 4) + "-" + String(month).leftPadded(to: 2) + "-" + String(day).leftPadded(to: 2)
        }
        return ISODigits.string(digits)
    }

    /// `iso`'s ten bytes, for a year of four digits (writers of many dates: no String made).
    public var isoDigits: ISODigits.Bytes? {
        (0...9999).contains(year) ? ISODigits.bytes(year: year, month: month, day: day) : nil
    }

    /// Finnish display form: `12.4.1985`.
    public var finnish: String { "\(day).\(month).\(year)" }

    public var description: String { iso }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Parses the ISO form written by `iso`.
    public init?(iso: String) {
        // The register stores exactly `yyyy-mm-dd`: read those ten bytes directly (every row read
        // has several dates); anything else goes the long way.
        var fixed: (Int, Int, Int)?
        iso.utf8.withContiguousStorageIfAvailable { b in
            guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return }
            func number(_ from: Int, _ to: Int) -> Int? {
                var value = 0
                for i in from..<to {
                    guard (0x30...0x39).contains(b[i]) else { return nil }
                    value = value * 10 + Int(b[i] - 0x30)
                }
                return value
            }
            if let y = number(0, 4), let m = number(5, 7), let d = number(8, 10) { fixed = (y, m, d) }
        }
        if let (y, m, d) = fixed {
            self.init(year: y, month: m, day: d)
            return
        }
        let parts = iso.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Today in Finland; the calendar day a Finnish sole trader lives in.
    public static func today(now: Date = Date(), timeZone: TimeZone = TimeZone(identifier: "Europe/Helsinki") ?? .current) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// Days since 1970-01-01 (civil-from-days algorithm, proleptic Gregorian).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Same day `n` years later; 29 February becomes 28 February in a common year.
    public func adding(years n: Int) -> LocalDate {
        let y = year + n
        return LocalDate(year: y, month: month, day: min(day, LocalDate.daysIn(month: month, year: y)))!
    }

    /// Same day `n` months later; a day the month lacks becomes its last (31.8. + 6 months is
    /// 28.2. or 29.2.), as Reg. 1182/71 counts periods in months.
    public func adding(months n: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + n
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        let m = index - y * 12 + 1
        return LocalDate(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y)))!
    }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var weekday: Int {
        ((daysSinceEpoch % 7 + 7 + 3) % 7) + 1
    }
}

/// A birthdate whose year may be unknown (people often give only the day: `12.4.`).
public struct Birthdate: Hashable, Sendable, CustomStringConvertible {
    public let year: Int?
    public let month: Int
    public let day: Int

    public init?(year: Int?, month: Int, day: Int) {
        // 29 February is a valid birthday when the year is unknown.
        guard LocalDate(year: year ?? 2000, month: month, day: day) != nil else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `1985-04-12`, or `--04-12` without a year (as vCard 4 and ISO 8601:2000 write it).
    public var iso: String {
        if let year, (0...9999).contains(year) { return ISODigits.string(year: year, month: month, day: day) }
        let md = String(month).leftPadded(to: 2) + "-" + String(day).leftPadded(to: 2)
        if let year { return String(year).leftPadded(to: 4) + "-" + md }
        return "--" + md
    }

    public var finnish: String {
        if let year { return "\(day).\(month).\(year)" }
        return "\(day).\(month)."
    }

    public var description: String { iso }

    public init?(iso: String) {
        if iso.hasPrefix("--") {
            let parts = iso.dropFirst(2).split(separator: "-")
            guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
            self.init(year: nil, month: m, day: d)
        } else {
            guard let date = LocalDate(iso: iso) else { return nil }
            self.init(year: date.year, month: date.month, day: date.day)
        }
    }

    /// Age in whole years on `date`, when the year is known.
    public func age(on date: LocalDate) -> Int? {
        guard let year else { return nil }
        let hadBirthday = (date.month, date.day) >= (month, day)
        return date.year - year - (hadBirthday ? 0 : 1)
    }
}

/// `yyyy-mm-dd` written digit by digit.
public enum ISODigits {
    public typealias Bytes = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    /// A year in 0...9999.
    static func bytes(year: Int, month: Int, day: Int) -> Bytes {
        let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
        func digit(_ n: Int) -> UInt8 { zero + UInt8(n % 10) }
        return (digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), dash,
                digit(month / 10), digit(month), dash, digit(day / 10), digit(day))
    }

    static func string(_ bytes: Bytes) -> String { withUnsafeBytes(of: bytes) { String(decoding: $0, as: UTF8.self) } }

    static func string(year: Int, month: Int, day: Int) -> String { string(bytes(year: year, month: month, day: day)) }
}
