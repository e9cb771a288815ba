import Foundation
import KortistoCore

/// vCard export: 3.0 by default, 4.0 on request; CRLF, folded lines, a stable UID per customer.
public enum VCardWriter {
    /// `cell` for a Finnish mobile number (04x, 050), else `voice`.
    static func phoneKind(_ e164: String) -> String {
        e164.hasPrefix("+3584") || e164.hasPrefix("+35850") ? "cell" : "voice"
    }

    public static func card(_ c: Customer, uid: String, version: Int = 3, revised: Date) -> String {
        // Appended line by line into one string: exports write a hundred thousand of these.
        var out = ""
        out.reserveCapacity(400)
        func line(_ text: String) { ContentLines.append(text, to: &out) }
        line("BEGIN:VCARD")
        line(version == 4 ? "VERSION:4.0" : "VERSION:3.0")
        line("PRODID:-//Kortisto//Asiakasrekisteri//FI")
        line("UID:" + uid)
        line("REV:" + stamp(revised))
        if version == 4 { line("KIND:individual") }
        line("FN:" + ContentLines.escape(c.fullName))
        line("N:\(ContentLines.escape(c.lastName));\(ContentLines.escape(c.firstName));;;")
        if let org = c.organisationName {
            line("ORG:" + ContentLines.escape(org) + (c.department.map { ";" + ContentLines.escape($0) } ?? ""))
        }
        if let title = c.title { line("TITLE:" + ContentLines.escape(title)) }
        func typed(_ types: [String]) -> String {
            types.isEmpty ? "" : ";TYPE=" + types.map { version == 4 ? $0 : $0.uppercased() }.joined(separator: ",")
        }
        if c.street != nil || c.postcode != nil || c.town != nil || c.poBox != nil || c.careOf != nil {
            let country = Country.named(c.country)?.finnish ?? c.country
            let parts = [c.poBox ?? "", c.careOf ?? "", c.street ?? "", c.town ?? "", "", c.postcode ?? "", country].map(ContentLines.escape)
            // A business's address is work, a consumer's home; unknown, it is not guessed.
            let use: [String] = switch c.customerType { case .business?: ["work"]; case .consumer?: ["home"]; case nil: [] }
            line("ADR" + typed(use) + ":" + parts.joined(separator: ";"))
        }
        // Numbers as text (Evolution showed 4.0's `tel:` URIs as `tel:+358…`), typed by what
        // the number tells: a Finnish mobile is a cell phone, any other a voice line.
        if let phone = c.phone { line("TEL" + typed([Self.phoneKind(phone)]) + ":" + phone) }
        if let email = c.email { line(version == 4 ? "EMAIL:\(email)" : "EMAIL;TYPE=INTERNET:\(email)") }
        // The other contacts after the main ones, each typed by its use.
        for contact in c.otherContacts {
            let use: [String] = switch contact.label { case .home: ["home"]; case .work: ["work"]; case .mobile, .other: [] }
            switch contact.kind {
            case .email: line("EMAIL" + typed(use.isEmpty ? (version == 4 ? [] : ["internet"]) : use) + ":" + ContentLines.escape(contact.value))
            case .phone:
                let kind = contact.label == .mobile ? "cell" : Self.phoneKind(contact.value)
                line("TEL" + typed(use + [kind]) + ":" + contact.value)
            case .address: line("ADR" + typed(use.isEmpty ? ["other"] : use) + ":;;" + ContentLines.escape(contact.value) + ";;;;")
            }
        }
        if let b = c.birthdate {
            let md = String(b.month).leftPadded(2) + String(b.day).leftPadded(2)
            if let year = b.year {
                line("BDAY:\(String(year).leftPadded(4))\(md)")
            } else {
                // No year: `--MMDD` in both versions, as khard and khal read it (Apple's 1604
                // showed as a 423rd birthday); our import still reads 1604.
                line("BDAY:--\(md)")
            }
        }
        if let language = c.language { line(version == 4 ? "LANG:\(language)" : "X-KORTISTO-LANGUAGE:\(language)") }
        if let notes = c.notes { line("NOTE:" + ContentLines.escape(notes)) }
        for link in c.links {
            line(link.kind == .website ? "URL:\(link.url)" : "URL;TYPE=\(link.kind.rawValue):\(link.url)")
        }
        if !c.tags.isEmpty { line("CATEGORIES:" + c.tags.map(ContentLines.escape).joined(separator: ",")) }
        // Ours alone (other programs pass X- properties by): what our own import needs to read
        // a customer back whole, the bans above all. Never the identity code.
        if c.kind != .customer { line("X-KORTISTO-KIND:" + c.kind.rawValue) }
        if let type = c.customerType { line("X-KORTISTO-TYPE:" + type.rawValue) }
        if let source = c.source { line("X-KORTISTO-SOURCE:" + ContentLines.escape(source.kind.rawValue + (source.detail.map { ": " + $0 } ?? ""))) }
        line("X-KORTISTO-SINCE:" + c.since.iso)
        if !c.bans.isEmpty { line("X-KORTISTO-BANS:" + c.bans.map(\.rawValue).joined(separator: ",")) }
        if let channel = c.preferredChannel { line("X-KORTISTO-PREFERRED-CHANNEL:" + channel.rawValue) }
        if let since = c.memberSince { line("X-KORTISTO-MEMBER-SINCE:" + since.iso) }
        if let until = c.memberUntil { line("X-KORTISTO-MEMBER-UNTIL:" + until.iso) }
        line("END:VCARD")
        return out
    }

    /// `20261122T043500Z`, worked out from the seconds (Foundation's formatter costs more than
    /// the rest of a card).
    static func stamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let day = LocalDate(daysSinceEpoch: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return String(decoding: day.iso.utf8.filter { $0 != 0x2D }, as: UTF8.self) + "T" + two(time / 3600) + two(time / 60 % 60) + two(time % 60) + "Z"
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
