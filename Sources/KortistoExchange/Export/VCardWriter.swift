import Foundation
import KortistoCore

/// vCard export: 3.0 by default, 4.0 on request; CRLF, folded lines, a stable UID per customer.
public enum VCardWriter {
    public static func card(_ c: Customer, uid: String, version: Int = 3, revised: Date) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:\(version == 4 ? "4.0" : "3.0")", "PRODID:-//Kortisto//Asiakasrekisteri//FI",
                     "UID:\(uid)", "REV:\(stamp(revised))"]
        if version == 4 { lines.append("KIND:individual") }
        lines.append("FN:" + ContentLines.escape(c.fullName))
        lines.append("N:\(ContentLines.escape(c.lastName));\(ContentLines.escape(c.firstName));;;")
        if let org = c.organisationName { lines.append("ORG:" + ContentLines.escape(org)) }
        if let title = c.title { lines.append("TITLE:" + ContentLines.escape(title)) }
        if c.street != nil || c.postcode != nil || c.town != nil {
            let country = Country.named(c.country)?.finnish ?? c.country
            let parts = ["", "", c.street ?? "", c.town ?? "", "", c.postcode ?? "", country].map(ContentLines.escape)
            lines.append("ADR;TYPE=\(version == 4 ? "home" : "HOME"):" + parts.joined(separator: ";"))
        }
        if let phone = c.phone {
            lines.append(version == 4 ? "TEL;VALUE=uri;TYPE=cell:tel:\(phone)" : "TEL;TYPE=CELL:\(phone)")
        }
        if let email = c.email { lines.append(version == 4 ? "EMAIL:\(email)" : "EMAIL;TYPE=INTERNET:\(email)") }
        if let b = c.birthdate {
            let md = String(b.month).leftPadded(2) + String(b.day).leftPadded(2)
            if let year = b.year {
                lines.append("BDAY:\(String(year).leftPadded(4))\(md)")
            } else if version == 4 {
                lines.append("BDAY:--\(md)")
            } else {
                // 3.0 has no year-less date: Apple's convention, which most readers understand.
                lines.append("BDAY;X-APPLE-OMIT-YEAR=1604:1604-\(md.prefix(2))-\(md.suffix(2))")
            }
        }
        if let language = c.language { lines.append(version == 4 ? "LANG:\(language)" : "X-KORTISTO-LANGUAGE:\(language)") }
        if let notes = c.notes { lines.append("NOTE:" + ContentLines.escape(notes)) }
        lines.append("END:VCARD")
        return lines.map(ContentLines.fold).joined()
    }

    static func stamp(_ date: Date) -> String {
        date.ISO8601Format().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}

/// iCalendar birthdays: yearly all-day events; 29 February falls on 28 February in common years.
public enum BirthdayCalendar {
    public static func calendar(_ customers: [Customer], uid: (Customer) -> String, stamp: Date, summary: (Customer) -> String) -> String {
        var out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kortisto//Asiakasrekisteri//FI", "CALSCALE:GREGORIAN"].map(ContentLines.fold).joined()
        for c in customers {
            guard let b = c.birthdate else { continue }
            // Without a year the series starts in 2000 (a leap year, so 29.2. exists).
            let start = LocalDate(year: b.year ?? 2000, month: b.month, day: b.day)!
            let end = start.adding(days: 1)
            func date(_ d: LocalDate) -> String { d.iso.replacingOccurrences(of: "-", with: "") }
            var lines = ["BEGIN:VEVENT", "UID:\(uid(c))", "DTSTAMP:\(VCardWriter.stamp(stamp))",
                         "DTSTART;VALUE=DATE:\(date(start))", "DTEND;VALUE=DATE:\(date(end))"]
            lines.append(b.month == 2 && b.day == 29 ? "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" : "RRULE:FREQ=YEARLY")
            lines += ["SUMMARY:" + ContentLines.escape(summary(c)), "TRANSP:TRANSPARENT", "CLASS:PRIVATE", "END:VEVENT"]
            out += lines.map(ContentLines.fold).joined()
        }
        return out + ContentLines.fold("END:VCALENDAR")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
