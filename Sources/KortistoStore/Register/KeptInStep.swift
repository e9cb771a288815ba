import KortistoCore

/// A table the register keeps in step with its customers through triggers: a row a live
/// customer, defined by a view (`label_standing_now`, `customer_activity_now`) and brought up
/// to date from it whenever what the view reads changes (migrations 29 and 30).
enum KeptInStep: CaseIterable {
    /// Who may go on a label, and where (the label preview).
    case labelStanding
    /// Each customer's last activity (the retention review).
    case activity

    var table: String {
        switch self {
        case .labelStanding: "label_standing"
        case .activity: "customer_activity"
        }
    }
}

extension Register {
    /// Runs `body`, which writes a batch that touches only the customers it returns (new ones
    /// with their consents, orders, contacts and new organisations; or customers it forgets),
    /// with the triggers that keep these tables (and the consents and tags on the customers'
    /// rows) in step set aside: each customer would be weighed again at every ban, order and
    /// restriction written for them (a third of a CSV import's time). Their rows are brought
    /// up to date once, in the same transaction: `body` may pass `madeSoFar` the customers it
    /// is done with, in the order it returns them, as it goes (an import, a slice at a time,
    /// while the next slice is being checked on the other cores): nothing their rows are made
    /// from (their row, consents, orders, contacts, tags, organisation) may change after that
    /// within the batch. The rest are made at the end, with the
    /// label standing of anyone who points at an organisation the batch added. Only inside the
    /// caller's write transaction (`withSchemaSetAside`).
    func withKeptTablesMadeAfter(_ body: (_ madeSoFar: ([Int64]) throws -> Void) throws -> [Int64]) throws -> [Int64] {
        let lastOrganisation = try db.scalarInt("SELECT coalesce(max(id), 0) FROM organisation") ?? 0
        let prefixes = (KeptInStep.allCases.map(\.table) + [Self.keptOnTheRow]).map { "name GLOB '\($0)_of_*'" }.joined(separator: " OR ")
        var made: [Int64] = []
        let numbers = try withSchemaSetAside("trigger", where: prefixes) {
            try body { part in
                try bringKeptTablesUpToDate(of: part)
                made += part
            }
        }
        precondition(numbers.starts(with: made), "the customers made so far are the first the batch returns")
        try bringKeptTablesUpToDate(of: Array(numbers[made.count...]))
        try bringUpToDate(.labelStanding, of: "IN (SELECT number FROM customer WHERE organisation_id > ?)", lastOrganisation)
        return numbers
    }

    /// Makes the kept tables' rows and the consents and tags on the rows of the customers
    /// `numbers` from their views, as the triggers do.
    private func bringKeptTablesUpToDate(of numbers: [Int64]) throws {
        guard !numbers.isEmpty else { return }
        for kept in KeptInStep.allCases { try bringUpToDate(kept, of: "IN (SELECT value FROM json_each(?))", Database.jsonArray(numbers)) }
        try bringConsentsAndTagsUpToDate(of: numbers)
    }

    /// Makes the consents and tags on the rows of `numbers` (v36) from their view, as its
    /// triggers do. A customer with neither events nor tags, and nothing in either column (most
    /// of an import), is passed over: their row is not written again.
    private func bringConsentsAndTagsUpToDate(of numbers: [Int64]) throws {
        try db.run("""
            UPDATE customer SET (consents, tags) = (SELECT consents, tags FROM \(Self.keptOnTheRow)_now WHERE customer_number = customer.number)
            WHERE number IN (SELECT value FROM json_each(?))
              AND (consents IS NOT NULL OR tags IS NOT NULL OR EXISTS (SELECT 1 FROM consent_event WHERE customer_number = customer.number)
                   OR EXISTS (SELECT 1 FROM customer_tag WHERE customer_number = customer.number))
            """, Database.jsonArray(numbers))
    }

    /// The customer's consents and tags kept on their row (v36): its view and the prefix of its triggers.
    static let keptOnTheRow = "consents_and_tags"

    /// Brings the rows of `kept` of the customers `which` picks up to date as its triggers do:
    /// made or changed from its view for the live, taken away for anyone forgotten or gone.
    private func bringUpToDate(_ kept: KeptInStep, of which: String, _ argument: any SQLBindable) throws {
        let columns = try db.rows("SELECT name FROM pragma_table_info(?) ORDER BY cid", [kept.table]) { $0.text(0) }
        let list = columns.joined(separator: ", ")
        try db.run("""
            INSERT INTO \(kept.table) (\(list)) SELECT \(list) FROM \(kept.table)_now WHERE customer_number \(which)
            ON CONFLICT (customer_number) DO UPDATE SET \(columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """, argument)
        try db.run("""
            DELETE FROM \(kept.table) WHERE customer_number \(which)
            AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.number = \(kept.table).customer_number AND c.forgotten_on IS NULL)
            """, argument)
    }
}
