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

    var columns: [String] {
        switch self {
        case .labelStanding: ["customer_number", "sort_key", "country", "postcode", "service", "marketing"]
        case .activity: ["customer_number", "dealt", "last"]
        }
    }
}

extension Register {
    /// Runs `body`, which writes a batch that touches only the customers it returns (new ones
    /// with their consents, orders, contacts and new organisations; or customers it forgets),
    /// with the triggers that keep these tables in step set aside: each customer would be
    /// weighed again at every ban, order and restriction written for them (a third of a CSV
    /// import's time). Their rows are made once at the end, in the same transaction, with the
    /// label standing of anyone who points at an organisation the batch added. Must run
    /// inside the caller's write transaction: a failure undoes the setting aside too.
    /// `setAside` false: `body` runs with the triggers (one customer's writes cost less than
    /// dropping the triggers and making them again).
    func withKeptTablesMadeAfter(setAside: Bool = true, _ body: () throws -> [Int64]) throws -> [Int64] {
        guard setAside else { return try body() }
        // Outside a transaction each DROP would stand on its own: a crash would leave the tables
        // without their triggers, going stale without a word.
        guard db.isInTransaction else { throw StoreError.refused(Refusal("the kept tables' triggers are set aside only inside a write")) }
        let prefixes = KeptInStep.allCases.map { "name GLOB '\($0.table)_of_*'" }.joined(separator: " OR ")
        let triggers = try db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (\(prefixes))", []) { ($0.text(0), $0.text(1)) }
        let lastOrganisation = try db.scalarInt("SELECT coalesce(max(id), 0) FROM organisation") ?? 0
        for (name, _) in triggers { try db.execute("DROP TRIGGER \"\(name)\"") }
        let numbers = try body()
        for (_, sql) in triggers { try db.execute(sql) }
        for kept in KeptInStep.allCases { try bringUpToDate(kept, of: "IN (SELECT value FROM json_each(?))", Database.jsonArray(numbers)) }
        try bringUpToDate(.labelStanding, of: "IN (SELECT number FROM customer WHERE organisation_id > ?)", lastOrganisation)
        return numbers
    }

    /// Brings the rows of `kept` of the live customers `which` picks up to date, as its triggers do.
    private func bringUpToDate(_ kept: KeptInStep, of which: String, _ argument: any SQLBindable) throws {
        let list = kept.columns.joined(separator: ", ")
        try db.run("""
            INSERT INTO \(kept.table) (\(list)) SELECT \(list) FROM \(kept.table)_now WHERE customer_number \(which)
            ON CONFLICT (customer_number) DO UPDATE SET \(kept.columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """, argument)
    }
}
