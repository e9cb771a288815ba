import KortistoCore

/// Who goes on a label sheet, in the sheet's order, and how many were left out for each reason
/// (never who). Numbers only: a run at a million customers holds 16 bytes a person, and reads
/// each label's address when it writes it (`forEachLabel`).
public struct LabelSelection: Sendable {
    /// The customers on the sheet, by number, in the sheet's order.
    public var numbers: [Int64]
    public var excluded: [LabelExclusion: Int]

    public init(numbers: [Int64], excluded: [LabelExclusion: Int]) {
        self.numbers = numbers
        self.excluded = excluded
    }
}

extension Register {
    /// Customers matching `query` and `filter` that the label rules let through for `purpose`,
    /// sorted by postcode (bulk-mail discounts need it; name order within a postcode) or by
    /// name. Each customer is weighed from the few columns the rules read: no tags, links or
    /// contacts, and no customer kept in memory past its row.
    public func labelSelection(matching query: SearchQuery, purpose: LabelPurpose, sortByPostcode: Bool,
                               filter: LabelFilter = LabelFilter()) throws -> LabelSelection {
        try read {
            // One read transaction: the bans, the name order and the rows from one moment.
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let organisations = Dictionary(uniqueKeysWithValues: try organisations().map { ($0.id, $0) })
            let bans = try currentBans()
            var excluded: [LabelExclusion: Int] = [:]
            // The sheet's order as two small numbers a person: the place (country and postcode,
            // ranked once the places are known) and the rank in name order.
            var places: [String: Int32] = [:]
            var chosen: [(place: Int32, rank: Int32, number: Int64)] = []
            func weigh(_ row: Row, rank: Int32) throws {
                let found = try Self.labelCustomer(row, bans: bans, organisations: organisations)
                guard filter.admits(found) else { return }
                let customer = LabelRules.addressed(found, organisation: found.organisationID.flatMap { organisations[$0] })
                if let reason = LabelRules.exclusion(customer, purpose: purpose) {
                    excluded[reason, default: 0] += 1
                    return
                }
                var place: Int32 = 0
                if sortByPostcode {
                    let key = customer.country + "\u{0}" + (customer.postcode ?? "")
                    if let known = places[key] { place = known } else {
                        place = Int32(places.count)
                        places[key] = place
                    }
                }
                chosen.append((place, rank, customer.number))
            }
            if query.terms.isEmpty {
                // Everyone: the table in its own order (read once, front to back), ranked by the
                // name index read alone (no row visited). A rank a number: 4 bytes a customer.
                let (from, whereSQL, arguments) = try self.filter(query, whole: true)
                let span = try db.first("SELECT min(number), max(number) FROM customer", []) { ($0.int(0), $0.int(1)) } ?? (0, -1)
                var ranks = [Int32](repeating: -1, count: Int(max(0, span.1 - span.0 + 1)))
                var next: Int32 = 0
                try db.forEach("SELECT number FROM customer INDEXED BY customer_by_name WHERE forgotten_on IS NULL ORDER BY sort_key, number") { row in
                    let index = Int(row.int(0) - span.0)
                    if ranks.indices.contains(index) { ranks[index] = next }
                    next += 1
                }
                try db.forEach("SELECT \(Self.labelColumns) FROM \(from) WHERE \(whereSQL)", arguments) { row in
                    let index = Int(row.int(0) - span.0)
                    guard ranks.indices.contains(index), ranks[index] >= 0 else { return }
                    try weigh(row, rank: ranks[index])
                }
            } else {
                let (from, whereSQL, arguments) = try self.filter(query, whole: true)
                var rank: Int32 = 0
                try db.forEach("SELECT \(Self.labelColumns) FROM \(from) WHERE \(whereSQL) ORDER BY c.sort_key, c.number", arguments) { row in
                    try weigh(row, rank: rank)
                    rank += 1
                }
            }
            if sortByPostcode {
                // Places ranked by country, then postcode; a person's rank breaks ties (stable).
                let order = places.keys.sorted()
                var placeRank = [Int32](repeating: 0, count: places.count)
                for (position, key) in order.enumerated() { placeRank[Int(places[key]!)] = Int32(position) }
                for i in chosen.indices { chosen[i].place = placeRank[Int(chosen[i].place)] }
            }
            chosen.sort { ($0.place, $0.rank) < ($1.place, $1.rank) }
            return LabelSelection(numbers: chosen.map(\.number), excluded: excluded)
        }
    }

    /// The customers of `numbers`, in that order, as the post reaches them (at their
    /// organisation's address when they have none of their own), read 500 at a time and only in
    /// the columns a label and its rules need. Whoever the label rules now leave out for
    /// `purpose` (a ban set or a customer forgotten since the selection was made) is skipped
    /// and not given to `body`.
    public func forEachLabel(numbered numbers: [Int64], purpose: LabelPurpose, _ body: (Customer) throws -> Void) throws {
        let organisations = Dictionary(uniqueKeysWithValues: try organisations().map { ($0.id, $0) })
        var start = 0
        while start < numbers.count {
            let chunk = Array(numbers[start..<min(numbers.count, start + 500)])
            start += chunk.count
            let weighed = try weighed(numbered: chunk, organisations: organisations)
            for number in chunk {
                guard let found = weighed[number] else { continue }
                let customer = LabelRules.addressed(found, organisation: found.organisationID.flatMap { organisations[$0] })
                guard LabelRules.exclusion(customer, purpose: purpose) == nil else { continue }
                try body(customer)
            }
        }
    }

    /// The live customers of `chunk` (at most 500) in the columns and consents the privacy rules
    /// read (`LabelRules`, `CampaignRules`), with their organisation's name: no tags, links or
    /// other contacts.
    func weighed(numbered chunk: [Int64], organisations: [Int64: Organisation]) throws -> [Int64: Customer] {
        let list = "(" + Array(repeating: "?", count: chunk.count).joined(separator: ",") + ")"
        var found: [Customer] = []
        try db.forEachOnce("SELECT \(Self.labelColumns) FROM customer c WHERE c.number IN \(list) AND c.forgotten_on IS NULL", chunk) { row in
            found.append(try Self.labelCustomer(row, bans: [:], organisations: organisations))
        }
        return Dictionary(uniqueKeysWithValues: try completed(found, consentsOnly: true).map { ($0.number, $0) })
    }

    /// The kinds of ban, in the order of `currentBans`' bits.
    private static let banKinds = ConsentKind.bans

    /// What the label rules read of a customer, and the organisation's name (for `LabelFilter`).
    private static let labelColumns = "c.number, c.first_name, c.last_name, c.street, c.po_box, c.postcode, c.town, c.country, "
        + "c.restriction_reason IS NOT NULL, c.organisation_id, c.care_of, c.kind"

    private static func labelCustomer(_ row: Row, bans: [Int64: UInt8], organisations: [Int64: Organisation]) throws -> Customer {
        let number = row.int(0)
        let kinds = banKinds
        let set = bans[number] ?? 0
        let banned = kinds.indices.filter { set & (UInt8(1) << UInt8($0)) != 0 }.map { kinds[$0] }
        var customer = Customer(number: number, firstName: row.text(1), lastName: row.text(2), street: row.optionalText(3), postcode: row.optionalText(5),
                                town: row.optionalText(6), country: row.text(7), since: LocalDate(daysSinceEpoch: 0),
                                createdAt: .init(timeIntervalSince1970: 0), updatedAt: .init(timeIntervalSince1970: 0),
                                bans: banned, restrictionReason: row.bool(8) ? "" : nil)
        customer.poBox = row.optionalText(4)
        customer.careOf = row.optionalText(10)
        customer.kind = try row.known(11, CustomerKind.self)
        if !row.isNull(9) {
            customer.organisationID = row.int(9)
            customer.organisationName = organisations[row.int(9)]?.name
        }
        return customer
    }

    /// Everyone's current bans (the latest event of each kind decides, as `current_consent`
    /// says), read in index order: a later event simply overwrites an earlier one's bit. A byte
    /// a person with any ban event; nobody else is held.
    private func currentBans() throws -> [Int64: UInt8] {
        let kinds = Self.banKinds
        let list = kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        var bits: [Int64: UInt8] = [:]
        try db.forEach("SELECT customer_number, kind, granted FROM consent_event INDEXED BY consent_by_customer WHERE kind IN (\(list)) ORDER BY customer_number, kind, date, id") { row in
            guard let index = kinds.firstIndex(of: try row.known(1, ConsentKind.self)) else { return }
            let mask = UInt8(1) << UInt8(index)
            if row.bool(2) { bits[row.int(0), default: 0] |= mask } else { bits[row.int(0), default: 0] &= ~mask }
        }
        return bits.filter { $0.value != 0 }
    }
}
