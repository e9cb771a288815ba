import Foundation
import KortistoCore
import Testing
@testable import KortistoExchange

/// The vCard writer of bytes (`ContentLines.Writer`) against the writer of strings it replaced,
/// kept here as it was: every property alone and all of them at once, in both versions, give
/// the same card; and a fold of every line length against the fold of arrays it replaced.
@Suite struct VCardAsStringsWroteTests {
    static let revised = Date(timeIntervalSince1970: 1_795_000_000)

    static func base() -> Customer {
        Customer(number: 1001, firstName: "Åsa", lastName: "Öhman", since: LocalDate(year: 2024, month: 2, day: 29)!,
                 createdAt: Date(timeIntervalSince1970: 0), updatedAt: revised)
    }

    /// One customer a property (or a way of it), then one with everything.
    static var customers: [Customer] {
        let long = "Pitkä muistiinpano; rivi, jossa on \\ ja € ja 😀 " + String(repeating: "äöå", count: 30) + "\nloppu\r\nja\rvielä"
        let changes: [(inout Customer) -> Void] = [
            { _ in },
            { $0.organisationName = "Oy Ääni, Ab; Kuopio" },
            { $0.organisationName = "Oy Ääni"; $0.department = "Myynti, itä" },
            { $0.title = "Toimitusjohtaja; hallitus" },
            { $0.street = "Åbovägen 3" },
            { $0.street = "Kauppakatu 1 B 12"; $0.postcode = "70100"; $0.town = "Kuopio"; $0.country = "FI"; $0.customerType = .business },
            { $0.poBox = "PL 12"; $0.careOf = "c/o Väinö"; $0.town = "Turku"; $0.country = "SE"; $0.customerType = .consumer },
            { $0.postcode = "22100"; $0.country = "ZZ" },
            { $0.phone = "+358401234567" }, { $0.phone = "+358501234567" }, { $0.phone = "+35891234567" }, { $0.phone = "+46701234567" },
            { $0.email = "asa.ohman@example.fi" },
            { $0.otherContacts = [ContactDetail(kind: .email, label: .home, value: "koti@example.fi"), ContactDetail(kind: .email, label: .other, value: "muu@example.fi")] },
            { $0.otherContacts = [ContactDetail(kind: .phone, label: .mobile, value: "+35891234567"), ContactDetail(kind: .phone, label: .work, value: "+358401234567"),
                                  ContactDetail(kind: .phone, label: .other, value: "+4420123456")] },
            { $0.otherContacts = [ContactDetail(kind: .address, label: .work, value: "Työkatu 1, Oulu"), ContactDetail(kind: .address, label: .other, value: "Mökki; Ähtäri")] },
            { $0.birthdate = Birthdate(year: 1961, month: 2, day: 28) }, { $0.birthdate = Birthdate(year: nil, month: 12, day: 1) },
            { $0.language = "sv" },
            { $0.notes = "Lyhyt" }, { $0.notes = long },
            { $0.links = [ProfileLink(kind: .website, url: "https://example.fi/äö"), ProfileLink(kind: .linkedin, url: "https://example.com/in/x")] },
            { $0.tags = ["kevät; 2026", "jäsen,vip", "a\\b"] },
            { $0.kind = .member; $0.memberSince = LocalDate(year: 2020, month: 3, day: 1); $0.memberUntil = LocalDate(year: 2027, month: 1, day: 31) },
            { $0.source = DataSource(kind: .webForm, detail: "kevät; kampanja") }, { $0.source = DataSource(kind: .webForm, detail: nil) },
            { $0.bans = [.publication, .marketing] },
            { $0.preferredChannel = .sms },
            { $0.firstName = String(repeating: "Väinö-", count: 20); $0.lastName = "Äijälä\\Öhman" },
        ]
        var everything = base()
        for change in changes { change(&everything) }
        return changes.map { change in
            var c = base()
            change(&c)
            return c
        } + [everything]
    }

    @Test func everyCardIsTheCardTheStringWriterWrote() {
        for version in [3, 4] {
            var all: [UInt8] = []
            var expected = ""
            for (i, c) in Self.customers.enumerated() {
                let uid = "urn:uuid:kortisto-\(i)"
                let written = StringCard.card(c, uid: uid, version: version, revised: Self.revised)
                #expect(Array(VCardWriter.card(c, uid: uid, version: version, revised: Self.revised).utf8) == Array(written.utf8), "\(version) \(i)")
                VCardWriter.append(c, uid: uid, version: version, revised: Self.revised, to: &all)
                expected += written
            }
            #expect(all == Array(expected.utf8), "\(version)")
        }
    }

    /// Folding, wherever the line starts in the bytes: as the fold of arrays did, at every
    /// length around the limit, with characters of one to four bytes at the fold.
    @Test func everyLineFoldsAsTheArrayFoldDid() {
        for character in ["x", "ä", "€", "😀"] {
            for length in 0...170 {
                let line = "NOTE:" + String(repeating: "a", count: length % 4) + String(repeating: character, count: length / character.utf8.count)
                let before = Array("BEGIN:VCARD\r\n".utf8) + Array(repeating: UInt8(ascii: "b"), count: length)
                var lines = ContentLines.Writer(bytes: before)
                lines.line(line)
                #expect(lines.bytes == before + Array(StringCard.fold(line).utf8), "\(character) \(length)")
            }
        }
    }
}

/// The vCard writer of strings (as it was before dec 2026): the reference.
private enum StringCard {
    static func phoneKind(_ e164: String) -> String {
        e164.hasPrefix("+3584") || e164.hasPrefix("+35850") ? "cell" : "voice"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func append(_ line: String, to out: inout String) {
        out += line.utf8.count <= 75 ? line + "\r\n" : fold(line)
    }

    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line + "\r\n" }
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(bytes.count, start + limit)
            while end < bytes.count && end > start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if !out.isEmpty { out += [0x0D, 0x0A, 0x20] }
            out += bytes[start..<end]
            start = end
            limit = 74
        }
        return String(decoding: out, as: UTF8.self) + "\r\n"
    }

    static func card(_ c: Customer, uid: String, version: Int = 3, revised: Date) -> String {
        // Appended line by line into one string: exports write a hundred thousand of these.
        var out = ""
        out.reserveCapacity(400)
        func line(_ text: String) { append(text, to: &out) }
        line("BEGIN:VCARD")
        line(version == 4 ? "VERSION:4.0" : "VERSION:3.0")
        line("PRODID:-//Kortisto//Asiakasrekisteri//FI")
        line("UID:" + uid)
        line("REV:" + VCardWriter.stamp(revised))
        if version == 4 { line("KIND:individual") }
        line("FN:" + escape(c.fullName))
        line("N:\(escape(c.lastName));\(escape(c.firstName));;;")
        if let org = c.organisationName {
            line("ORG:" + escape(org) + (c.department.map { ";" + escape($0) } ?? ""))
        }
        if let title = c.title { line("TITLE:" + escape(title)) }
        func typed(_ types: [String]) -> String {
            types.isEmpty ? "" : ";TYPE=" + types.map { version == 4 ? $0 : $0.uppercased() }.joined(separator: ",")
        }
        if c.street != nil || c.postcode != nil || c.town != nil || c.poBox != nil || c.careOf != nil {
            let country = Country.named(c.country)?.finnish ?? c.country
            let parts = [c.poBox ?? "", c.careOf ?? "", c.street ?? "", c.town ?? "", "", c.postcode ?? "", country].map(escape)
            // A business's address is work, a consumer's home; unknown, it is not guessed.
            let use: [String] = switch c.customerType { case .business?: ["work"]; case .consumer?: ["home"]; case nil: [] }
            line("ADR" + typed(use) + ":" + parts.joined(separator: ";"))
        }
        // Numbers as text (Evolution showed 4.0's `tel:` URIs as `tel:+358…`), typed by what
        // the number tells: a Finnish mobile is a cell phone, any other a voice line.
        if let phone = c.phone { line("TEL" + typed([phoneKind(phone)]) + ":" + phone) }
        if let email = c.email { line(version == 4 ? "EMAIL:\(email)" : "EMAIL;TYPE=INTERNET:\(email)") }
        // The other contacts after the main ones, each typed by its use.
        for contact in c.otherContacts {
            let use: [String] = switch contact.label { case .home: ["home"]; case .work: ["work"]; case .mobile, .other: [] }
            switch contact.kind {
            case .email: line("EMAIL" + typed(use.isEmpty ? (version == 4 ? [] : ["internet"]) : use) + ":" + escape(contact.value))
            case .phone:
                let kind = contact.label == .mobile ? "cell" : phoneKind(contact.value)
                line("TEL" + typed(use + [kind]) + ":" + contact.value)
            case .address: line("ADR" + typed(use.isEmpty ? ["other"] : use) + ":;;" + escape(contact.value) + ";;;;")
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
        if let notes = c.notes { line("NOTE:" + escape(notes)) }
        for link in c.links {
            line(link.kind == .website ? "URL:\(link.url)" : "URL;TYPE=\(link.kind.rawValue):\(link.url)")
        }
        if !c.tags.isEmpty { line("CATEGORIES:" + c.tags.map(escape).joined(separator: ",")) }
        // Ours alone (other programs pass X- properties by): what our own import needs to read
        // a customer back whole, the bans above all. Never the identity code.
        if c.kind != .customer { line("X-KORTISTO-KIND:" + c.kind.rawValue) }
        if let type = c.customerType { line("X-KORTISTO-TYPE:" + type.rawValue) }
        if let source = c.source { line("X-KORTISTO-SOURCE:" + escape(source.kind.rawValue + (source.detail.map { ": " + $0 } ?? ""))) }
        line("X-KORTISTO-SINCE:" + c.since.iso)
        if !c.bans.isEmpty { line("X-KORTISTO-BANS:" + c.bans.map(\.rawValue).joined(separator: ",")) }
        if let channel = c.preferredChannel { line("X-KORTISTO-PREFERRED-CHANNEL:" + channel.rawValue) }
        if let since = c.memberSince { line("X-KORTISTO-MEMBER-SINCE:" + since.iso) }
        if let until = c.memberUntil { line("X-KORTISTO-MEMBER-UNTIL:" + until.iso) }
        line("END:VCARD")
        return out
    }

}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
