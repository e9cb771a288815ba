import Foundation

/// What an erasure answers, in the only forms the erasure log may hold: a request's number, a
/// date, or the retention review. Never free text: the log outlives every backup and must not be
/// able to name the person it is about (`--reference "Ari soitti"` would).
public enum ErasureReference: Sendable, Equatable {
    case request(Int64)
    case date(LocalDate)
    case retentionReview

    /// As the log writes it: `#12`, `2026-11-30`, `retention`.
    public var logText: String {
        switch self {
        case let .request(id): "#\(id)"
        case let .date(date): date.iso
        case .retentionReview: "retention"
        }
    }

    /// `#12` or `12` (a request), `2026-11-30` or `30.11.2026` (a date), `retention`.
    public static func parse(_ raw: String) -> ErasureReference? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text == "retention" { return .retentionReview }
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        if !digits.isEmpty, digits.count <= 12, digits.allSatisfy(\.isASCII), let id = Int64(digits), id > 0 { return .request(id) }
        // A full date only (d.m.yyyy or ISO): two-digit years and 'today' are for typing, not for a log.
        guard let (year, month, day) = DateInput.split(text), let year, year >= 1000, let date = LocalDate(year: year, month: month, day: day) else {
            return nil
        }
        return .date(date)
    }
}
