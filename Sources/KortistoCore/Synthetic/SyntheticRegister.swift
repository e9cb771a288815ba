import Foundation

/// Invented but realistic Finnish customers for the demo register and benchmarks.
/// Deterministic: the same seed and day give the same register. No real people: names are
/// drawn independently and combined at random; e-mail domains are reserved example domains.
public struct SyntheticRegister: Sendable {
    public let seed: UInt64
    public let today: LocalDate

    public init(seed: UInt64, today: LocalDate) {
        self.seed = seed
        self.today = today
    }

    /// Organisations the customers refer to by name; insert these first.
    public func organisations(count: Int) -> [Organisation] {
        var rng = SplitMix64(seed: seed ^ 0x0A0A)
        var used = Set<String>()
        var usedIDs = Set<String>()
        var out: [Organisation] = []
        while out.count < count {
            let name: String
            switch rng.next(6) {
            case 0: name = "\(rng.pick(Names.last)) Oy"
            case 1: name = "\(rng.pick(Names.orgWords)) \(rng.pick(Names.towns).name) Oy"
            case 2: name = "Tmi \(rng.pick(Names.first)) \(rng.pick(Names.last))"
            case 3:
                // Finnish genitive of -nen names: Virtanen -> Virtasen.
                let last = rng.pick(Names.last)
                name = last.hasSuffix("nen") ? "\(last.dropLast(3))sen \(rng.pick(Names.trades)) Oy" : "\(last) \(rng.pick(Names.trades)) Oy"
            case 4: name = "Osuuskunta \(rng.pick(Names.orgWords))"
            default: name = "\(rng.pick(Names.orgWords)) \(rng.pick(Names.trades)) Ky"
            }
            let unique = used.contains(name) ? "\(name) \(out.count)" : name
            used.insert(unique)
            let town = rng.pick(Names.towns)
            var id = businessID(&rng)
            while usedIDs.contains(id) { id = businessID(&rng) }
            usedIDs.insert(id)
            out.append(Organisation(
                name: unique, businessID: id, street: "\(rng.pick(Names.streets)) \(1 + rng.next(60))",
                postcode: town.postcode, town: town.name,
                website: rng.next(2) == 0 ? "https://www.example.fi/\(out.count + 1)" : nil))
        }
        return out
    }

    /// A lazily generated sequence of customers, so a 100k register never sits in memory at once.
    public func customers(count: Int, organisations: [Organisation]) -> some Sequence<CustomerRecord> {
        var rng = SplitMix64(seed: seed)
        // Relationships come from a second stream, so the customers themselves stay as they were.
        var relations = SplitMix64(seed: seed ^ 0x7E57)
        return (0..<count).lazy.map { index in
            var record = customer(&rng, index: index, organisations: organisations)
            relationship(&relations, &record.fields)
            return record
        }
    }

    /// Kind, tags, and for members a membership and (when the birth year is known) an identity
    /// code from the temporary range 900–999, which no permanent code of a real person uses.
    private func relationship(_ rng: inout SplitMix64, _ f: inout CustomerChanges) {
        let roll = rng.next(100)
        let kind: CustomerKind = roll < 75 ? .customer : roll < 83 ? .prospect : roll < 87 ? .partner : roll < 95 ? .member : .marketing
        f.kind = kind
        var tags: [String] = []
        if rng.next(7) == 0 { tags.append("joulukortti") }
        if rng.next(20) == 0 { tags.append("VIP") }
        if rng.next(20) == 0 { tags.append("uutiskirje") }
        if !tags.isEmpty { f.tags = tags }
        guard kind == .member else { return }
        f.memberSince = .some((f.since ?? nil) ?? today)
        if let born = f.birthdate ?? nil, let year = born.year {
            let serial = 900 + rng.next(100)
            let date = String(format: "%02d%02d%02d", born.day, born.month, year % 100)
            let check = PersonalIdentityCode.checkCharacters[(Int(date + String(serial))!) % 31]
            f.identityCode = .some(date + (year >= 2000 ? "A" : "-") + String(serial) + String(check))
        }
    }

    /// The `index`-th customer. E-mail addresses and phone numbers are unique (the index is
    /// in the address; the number is a permutation of it), as in a real register, so an
    /// import of an export writes every row instead of skipping duplicates.
    private func customer(_ rng: inout SplitMix64, index: Int, organisations: [Organisation]) -> CustomerRecord {
        var f = CustomerChanges()
        let first = rng.pick(Names.first), last = rng.pick(Names.last)
        f.firstName = first
        f.lastName = last
        let roll = rng.next(100)
        if !organisations.isEmpty && roll < 45 {
            f.organisation = .some(rng.pick(organisations).name)
            f.title = .some(rng.pick(Names.titles))
        }
        let domain = rng.pick(["example.fi", "example.com", "example.org", "example.net"])
        if rng.next(10) < 8 {
            if rng.next(3) == 0 { _ = rng.next(100) } // the stream stays as it was
            f.email = .some("\(SearchFolding.fold(first)).\(SearchFolding.fold(last).replacingSpaces)\(index + 1)@\(domain)")
        }
        if rng.next(10) < 8 {
            let mobile = rng.pick(["40", "41", "44", "45", "50", "46"])
            _ = rng.next(9_000_000)
            // 7919 is prime and does not divide 9 000 000: distinct for the first 9 million.
            f.phone = .some("+358" + mobile + String(1_000_000 + (index * 7919) % 9_000_000))
        }
        let foreign = rng.next(40) == 0
        if rng.next(20) != 0 {
            f.street = .some("\(rng.pick(Names.streets)) \(1 + rng.next(80))\(rng.next(3) == 0 ? " \(rng.pick(["A", "B", "C"])) \(1 + rng.next(30))" : "")")
            if foreign {
                let place = rng.pick(Names.foreign)
                f.country = .some(place.country)
                f.postcode = .some(place.postcode)
                f.town = .some(place.town)
            } else {
                let town = rng.pick(Names.towns)
                f.postcode = .some(town.postcode)
                f.town = .some(town.name)
            }
        }
        if rng.next(10) < 6 {
            let year = today.year - 18 - rng.next(60)
            let month = 1 + rng.next(12), day = 1 + rng.next(LocalDate.daysIn(month: month, year: year))
            f.birthdate = .some(Birthdate(year: rng.next(8) == 0 ? nil : year, month: month, day: day))
        }
        f.language = .some(rng.next(15) == 0 ? "sv" : (rng.next(25) == 0 ? "en" : "fi"))
        if rng.next(6) == 0 { f.notes = .some(rng.pick(Names.notes)) }
        f.source = .some(DataSource(kind: rng.pick(DataSource.Kind.allCases), detail: rng.next(3) == 0 ? rng.pick(Names.sourceDetails) : nil))
        let since = today.adding(days: -rng.next(365 * 8))
        f.since = .some(since)

        var orders: [Order] = []
        let span = max(1, today.daysSinceEpoch - since.daysSinceEpoch)
        for _ in 0..<rng.next(5) {
            let date = since.adding(days: rng.next(span))
            let cents = (20 + rng.next(60)) * 500 + rng.pick([0, 0, 50, 90])
            var order = Order(customerNumber: 0, date: date, description: rng.pick(Names.products), amountCents: cents)
            let age = today.daysSinceEpoch - date.daysSinceEpoch
            if age > 60 || rng.next(3) > 0 {
                order.status = .invoiced
                order.invoiceNumber = String(20_000 + rng.next(80_000))
                order.invoiceDate = date.adding(days: rng.next(7))
                order.dueDate = order.invoiceDate!.adding(days: 14)
                // Most invoices older than a month are paid; a few stay open or go to collection.
                if age > 30 && rng.next(12) != 0 {
                    order.status = .paid
                    order.paidDate = min(today, order.dueDate!.adding(days: rng.next(20) - 5))
                } else if age > 90 && rng.next(3) == 0 {
                    order.inCollection = true
                }
            } else {
                order.status = rng.pick([.ordered, .delivered, .cancelled])
            }
            orders.append(order)
        }
        var contacts: [ContactEvent] = []
        for _ in 0..<rng.next(4) {
            contacts.append(ContactEvent(date: since.adding(days: rng.next(span)), channel: rng.pick(ContactChannel.allCases),
                                         note: rng.next(2) == 0 ? rng.pick(Names.contactNotes) : nil))
        }
        var consents: [ConsentEvent] = []
        if rng.next(12) == 0 {
            consents.append(ConsentEvent(kind: .publication, granted: true, date: since.adding(days: rng.next(span)), source: "customer", note: nil))
        }
        if rng.next(8) == 0 {
            consents.append(ConsentEvent(kind: .marketing, granted: true, date: since.adding(days: rng.next(span)), source: "customer", note: nil))
        }
        if rng.next(30) == 0 {
            consents.append(ConsentEvent(kind: .research, granted: true, date: since.adding(days: rng.next(span)), source: "customer"))
        }
        if rng.next(4) == 0 {
            consents.append(ConsentEvent(kind: .newsletter, granted: true, date: since, source: "web form"))
        }
        let hold = rng.next(150) == 0 ? "Riita-asia vireillä" : nil
        let restriction = rng.next(150) == 0 ? "Henkilö kiistää tietojen paikkansapitävyyden" : nil
        return CustomerRecord(fields: f, orders: orders, contacts: contacts, consents: consents,
                              legalHoldReason: hold, restrictionReason: restriction)
    }

    private func businessID(_ rng: inout SplitMix64) -> String {
        while true {
            let digits = (0..<7).map { _ in rng.next(10) }
            let remainder = zip(digits, BusinessID.weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
            if remainder == 1 { continue }
            return digits.map(String.init).joined() + "-" + String(remainder == 0 ? 0 : 11 - remainder)
        }
    }
}

/// A small, fast, seedable generator (SplitMix64): reproducible across platforms.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<upperBound.
    public mutating func next(_ upperBound: Int) -> Int { Int(next() % UInt64(upperBound)) }

    public mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
}

private extension String {
    var replacingSpaces: String { split(separator: " ").joined(separator: "-") }
}
