import Foundation
import KortistoCore

/// vCard export: 3.0 by default, 4.0 on request; CRLF, folded lines, a stable UID per customer.
public enum VCardWriter {
    /// `cell` for a Finnish mobile number (04x, 050), else `voice`.
    static func phoneKind(_ e164: String) -> String {
        e164.hasPrefix("+3584") || e164.hasPrefix("+35850") ? "cell" : "voice"
    }

    public static func card(_ c: Customer, uid: String, version: Int = 3, revised: Date) -> String {
        var out: [UInt8] = []
        append(c, uid: uid, version: version, revised: revised, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A card's lines added to `out` as bytes (`ContentLines.Writer`): an export writes a million.
    public static func append(_ c: Customer, uid: String, version: Int = 3, revised: Date, to out: inout [UInt8]) {
        var w = ContentLines.Writer(bytes: out)
        out = []
        defer { out = w.bytes }
        // `;TYPE=` and the types, lower case in 4.0 and upper case in 3.0.
        func types(_ types: String...) {
            guard !types.isEmpty else { return }
            w.text(";TYPE=")
            for (i, type) in types.enumerated() {
                if i > 0 { w.text(",") }
                w.text(version == 4 ? type : type.uppercased())
            }
        }
        w.line("BEGIN:VCARD")
        w.line(version == 4 ? "VERSION:4.0" : "VERSION:3.0")
        w.line("PRODID:-//Kortisto//Asiakasrekisteri//FI")
        w.text("UID:"); w.line(uid)
        w.text("REV:"); stamp(revised, into: &w); w.endLine()
        if version == 4 { w.line("KIND:individual") }
        w.text("FN:"); w.escaped(c.fullName); w.endLine()
        w.text("N:"); w.escaped(c.lastName); w.text(";"); w.escaped(c.firstName); w.line(";;;")
        if let org = c.organisationName {
            w.text("ORG:"); w.escaped(org)
            if let department = c.department { w.text(";"); w.escaped(department) }
            w.endLine()
        }
        if let title = c.title { w.text("TITLE:"); w.escaped(title); w.endLine() }
        if c.street != nil || c.postcode != nil || c.town != nil || c.poBox != nil || c.careOf != nil {
            w.text("ADR")
            // A business's address is work, a consumer's home; unknown, it is not guessed.
            switch c.customerType { case .business?: types("work"); case .consumer?: types("home"); case nil: break }
            w.text(":")
            let country = Country.named(c.country)?.finnish ?? c.country
            for (i, part) in [c.poBox ?? "", c.careOf ?? "", c.street ?? "", c.town ?? "", "", c.postcode ?? "", country].enumerated() {
                if i > 0 { w.text(";") }
                w.escaped(part)
            }
            w.endLine()
        }
        // Numbers as text (Evolution showed 4.0's `tel:` URIs as `tel:+358…`), typed by what
        // the number tells: a Finnish mobile is a cell phone, any other a voice line.
        if let phone = c.phone { w.text("TEL"); types(Self.phoneKind(phone)); w.text(":"); w.line(phone) }
        if let email = c.email { w.text(version == 4 ? "EMAIL:" : "EMAIL;TYPE=INTERNET:"); w.line(email) }
        // The other contacts after the main ones, each typed by its use.
        for contact in c.otherContacts {
            let use: String? = switch contact.label { case .home: "home"; case .work: "work"; case .mobile, .other: nil }
            switch contact.kind {
            case .email:
                w.text("EMAIL")
                if let use { types(use) } else if version != 4 { types("internet") }
                w.text(":"); w.escaped(contact.value)
            case .phone:
                let kind = contact.label == .mobile ? "cell" : Self.phoneKind(contact.value)
                w.text("TEL")
                if let use { types(use, kind) } else { types(kind) }
                w.text(":"); w.text(contact.value)
            case .address:
                w.text("ADR"); types(use ?? "other"); w.text(":;;"); w.escaped(contact.value); w.text(";;;;")
            }
            w.endLine()
        }
        if let b = c.birthdate {
            let md = String(b.month).leftPadded(2) + String(b.day).leftPadded(2)
            if let year = b.year {
                w.line("BDAY:\(String(year).leftPadded(4))\(md)")
            } else {
                // No year: `--MMDD` in both versions, as khard and khal read it (Apple's 1604
                // showed as a 423rd birthday); our import still reads 1604.
                w.line("BDAY:--\(md)")
            }
        }
        if let language = c.language { w.text(version == 4 ? "LANG:" : "X-KORTISTO-LANGUAGE:"); w.line(language) }
        if let notes = c.notes { w.text("NOTE:"); w.escaped(notes); w.endLine() }
        for link in c.links {
            if link.kind == .website { w.text("URL:") } else { w.text("URL;TYPE=" + link.kind.rawValue + ":") }
            w.line(link.url)
        }
        if !c.tags.isEmpty {
            w.text("CATEGORIES:")
            for (i, tag) in c.tags.enumerated() {
                if i > 0 { w.text(",") }
                w.escaped(tag)
            }
            w.endLine()
        }
        // Ours alone (other programs pass X- properties by): what our own import needs to read
        // a customer back whole, the bans above all. Never the identity code.
        if c.kind != .customer { w.text("X-KORTISTO-KIND:"); w.line(c.kind.rawValue) }
        if let type = c.customerType { w.text("X-KORTISTO-TYPE:"); w.line(type.rawValue) }
        if let source = c.source { w.text("X-KORTISTO-SOURCE:"); w.escaped(source.kind.rawValue + (source.detail.map { ": " + $0 } ?? "")); w.endLine() }
        w.text("X-KORTISTO-SINCE:"); w.line(c.since.iso)
        if !c.bans.isEmpty { w.text("X-KORTISTO-BANS:"); w.line(c.bans.map(\.rawValue).joined(separator: ",")) }
        if let channel = c.preferredChannel { w.text("X-KORTISTO-PREFERRED-CHANNEL:"); w.line(channel.rawValue) }
        if let since = c.memberSince { w.text("X-KORTISTO-MEMBER-SINCE:"); w.line(since.iso) }
        if let until = c.memberUntil { w.text("X-KORTISTO-MEMBER-UNTIL:"); w.line(until.iso) }
        w.line("END:VCARD")
    }

    /// `20261122T043500Z`, worked out from the seconds (Foundation's formatter costs more than
    /// the rest of a card).
    static func stamp(_ date: Date) -> String {
        var w = ContentLines.Writer()
        stamp(date, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// `stamp` added to a line being written.
    static func stamp(_ date: Date, into w: inout ContentLines.Writer) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        func two(_ n: Int) {
            w.byte(UInt8(ascii: "0") + UInt8(n / 10))
            w.byte(UInt8(ascii: "0") + UInt8(n % 10))
        }
        let day = LocalDate(daysSinceEpoch: days)
        if (0...9999).contains(day.year) {
            two(day.year / 100)
            two(day.year % 100)
            two(day.month)
            two(day.day)
        } else {
            for byte in day.iso.utf8 where byte != 0x2D { w.byte(byte) }
        }
        w.byte(UInt8(ascii: "T"))
        two(time / 3600)
        two(time / 60 % 60)
        two(time % 60)
        w.byte(UInt8(ascii: "Z"))
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
