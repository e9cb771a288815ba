import KortistoCore

extension Register {
    private static let breachSelect = "SELECT id, what, happened_on, found_on, people, reported_on, notified_on, measures FROM breach"

    private func breach(from row: Row) throws(StoreError) -> Breach {
        Breach(id: row.int(0), what: row.text(1), happenedOn: try row.date(2), foundOn: try row.date(3),
               people: row.optionalInt(4).map { Int($0) }, reportedOn: try row.optionalDate(5),
               notifiedOn: try row.optionalDate(6), measures: row.optionalText(7))
    }

    /// Documents a breach; returns its number.
    @discardableResult
    public func addBreach(_ breach: Breach) throws(StoreError) -> Int64 {
        try write {
            try db.run("""
                INSERT INTO breach(what, happened_on, found_on, people, reported_on, notified_on, measures, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, breach.what, breach.happenedOn.iso, breach.foundOn.iso, breach.people.map(Int64.init), breach.reportedOn?.iso,
                       breach.notifiedOn?.iso, breach.measures, timestamp, timestamp)
            let id = db.lastInsertRowID
            try audit("add", "breach", id)
            return id
        }
    }

    /// Records what happened since: reported, the people told, the measures taken (nil keeps).
    public func updateBreach(_ id: Int64, reportedOn: LocalDate?, notifiedOn: LocalDate?, measures: String?) throws(StoreError) {
        try write {
            guard try breach(id) != nil else { throw StoreError.notFound(Refusal("breach {0}", "\(id)")) }
            try db.run("""
                UPDATE breach SET reported_on = coalesce(?, reported_on), notified_on = coalesce(?, notified_on),
                    measures = coalesce(?, measures), updated_at = ? WHERE id = ?
                """, reportedOn?.iso, notifiedOn?.iso, measures, timestamp, id)
            try audit("update", "breach", id)
        }
    }

    public func breach(_ id: Int64) throws(StoreError) -> Breach? {
        try read { try db.first(Self.breachSelect + " WHERE id = ?", [id], breach(from:)) }
    }

    /// Every breach, newest found first.
    public func breaches() throws(StoreError) -> [Breach] {
        try read { try db.rows(Self.breachSelect + " ORDER BY found_on DESC, id DESC", [], breach(from:)) }
    }
}
