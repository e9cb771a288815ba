import Foundation
import KortistoCore

extension Register {
    /// Customers inactive for at least `years`: the review's candidates.
    public func retentionCandidates(years: Int, today: LocalDate) throws(StoreError) -> [RetentionCandidate] {
        try retentionReview(RetentionPeriod(years, .years), today: today).candidates
    }

    /// Everyone whose last activity (customer since, orders, invoices, payments, contacts,
    /// events attended, the end of a membership) is at least `period` ago (29 February + 5
    /// years is 28 February). Those with a reason to be kept — a current membership, an open
    /// request, a restriction, a legal hold, an open invoice, a claim in collection — are never
    /// candidates: they are listed apart with every reason, so the review accounts for all.
    public func retentionReview(_ period: RetentionPeriod, today: LocalDate) throws(StoreError) -> RetentionReview {
        // Read in order of the kept last activities (`retentionRows`); listed by the dates read
        // from the rows themselves.
        var candidates: [RetentionCandidate] = [], kept: [KeptCustomer] = []
        for row in try retentionRows(period, today: today) where row.due {
            guard let customer = row.customer else { continue }
            if customer.reasons.isEmpty {
                candidates.append(RetentionCandidate(customer: customer.customer, lastActivity: customer.lastActivity))
            } else {
                kept.append(customer)
            }
        }
        let order = { (a: (LocalDate, Int64), b: (LocalDate, Int64)) in a < b }
        return RetentionReview(period: period,
                               candidates: candidates.sorted { order(($0.lastActivity, $0.customer.number), ($1.lastActivity, $1.customer.number)) },
                               kept: kept.sorted { order(($0.lastActivity, $0.customer.number), ($1.lastActivity, $1.customer.number)) },
                               expiredOrders: try expiredOrders(today: today).count)
    }

    /// A page of the review as the interface shows it (`RegisterAccess.retentionPage`): the
    /// window's rows alone are read and checked, from the kept last activities' index on, so the
    /// first screen costs the same at any size (the whole review at a million: 1.2 s).
    public func retentionPage(_ period: RetentionPeriod, today: LocalDate, kept: Bool, after: RetentionPosition?,
                              limit: Int) throws(StoreError) -> RetentionPage {
        let rows = try retentionRows(period, today: today, kept: kept, after: after, limit: limit)
        // The rows past the exact calendar rule are the newest, at the end: the review ends there.
        let due = rows.prefix { $0.due }
        let next = due.count == limit ? due.last.map { RetentionPosition(last: $0.last, number: $0.number) } : nil
        return RetentionPage(rows: due.compactMap(\.customer), next: next)
    }

    /// How many customers past `period` are kept for a reason.
    public func retentionKeptCount(_ period: RetentionPeriod, today: LocalDate) throws(StoreError) -> Int {
        try retentionRows(period, today: today, kept: true).filter { $0.due && $0.customer != nil }.count
    }

    /// How many order rows `expiredOrders` lists.
    public func expiredOrderCount(today: LocalDate) throws(StoreError) -> Int {
        try expiredOrders(today: today).count
    }

    /// The columns a customer's reasons to be kept are read from (`?2`: today), in
    /// `retentionRows`' order: legal hold, restriction, current membership, open requests' ids,
    /// open invoices and invoices in collection (numbers, or `#` and the order's id where an
    /// invoice has none, so that an invoice is never an empty reason).
    private static let keepReasonColumns = [
        "c.legal_hold_reason IS NOT NULL", "c.restriction_reason IS NOT NULL",
        "(c.kind = 'member' OR c.member_since IS NOT NULL) AND (c.member_until IS NULL OR c.member_until >= ?2)",
        "(SELECT group_concat(r.id) FROM request r WHERE r.customer_number = c.number AND r.status = 'open')",
        """
        (SELECT group_concat(coalesce(nullif(o.invoice_number, ''), '#' || o.id), char(31)) FROM customer_order o
         WHERE o.customer_number = c.number AND o.status = 'invoiced' AND o.in_collection = 0)
        """,
        """
        (SELECT group_concat(coalesce(nullif(o.invoice_number, ''), '#' || o.id), char(31)) FROM customer_order o
         WHERE o.customer_number = c.number AND o.in_collection = 1)
        """,
    ]

    /// Whether a customer has a reason to be kept: any of the columns says so (a page's
    /// condition, the same columns its reasons are read from).
    private static let keepReasonSQL = keepReasonColumns.enumerated().map { index, column in
        index < 3 ? "(\(column))" : "(\(column)) IS NOT NULL"
    }.joined(separator: " OR ")

    /// The review's customers in order of their kept last activity and number: each with their
    /// reasons to be kept, that activity (`last`, as kept) and whether the period's exact
    /// calendar rule makes them due (`due`: false only for the newest, past the rough cutoff).
    /// `kept`: only those with (true) or without (false) a reason; `after`, `limit`: a page.
    ///
    /// The kept last activities (v30) name who may be due: the range up to a day past the
    /// cutoff, read from their index. SQL then checks each of them as before, from the rows
    /// themselves (no activity after that day; NOT EXISTS stops at the first recent row), and
    /// the exact calendar rule is applied to the few left. A kept date can only let someone
    /// be looked at; whether they are due is always read from their own rows. The other
    /// way, a missing or too recent kept date would hide someone due until the next review
    /// after it is put right: the tests hold the kept dates equal to their view after every
    /// kind of write, and that every trigger is in place.
    private func retentionRows(_ period: RetentionPeriod, today: LocalDate, kept: Bool? = nil, after: RetentionPosition? = nil,
                               limit: Int? = nil) throws(StoreError) -> [(customer: KeptCustomer?, last: String, number: Int64, due: Bool)] {
        let roughCutoff = period.roughCutoff(today).iso
        var conditions = ""
        var arguments: [any SQLBindable] = [roughCutoff, today.iso]
        if let kept {
            conditions += " AND (\(Self.keepReasonSQL)) = ?"
            arguments.append(kept ? 1 : 0)
        }
        if let after {
            conditions += " AND (a.last, a.customer_number) > (?, ?)"
            arguments += [after.last, after.number]
        }
        conditions += " ORDER BY a.last, a.customer_number"
        if let limit {
            conditions += " LIMIT ?"
            arguments.append(limit)
        }
        // Each customer's row is read here once, with the review's columns after its fields.
        let extra = Self.selectedColumnCount
        return try read {
            try db.rows(Self.customerSelect(from: "customer_activity a INDEXED BY customer_activity_by_last CROSS JOIN customer c ON c.number = a.customer_number",
                                            extra: ["max(\(Self.lastActivitySQL), coalesce(c.member_until, ''))"] + Self.keepReasonColumns + ["a.last"]) + """
                 WHERE a.last <= ?1 AND c.forgotten_on IS NULL AND c.since <= ?1 AND (c.member_until IS NULL OR c.member_until <= ?1)
                  AND NOT EXISTS (SELECT 1 FROM customer_order o WHERE o.customer_number = c.number
                                  AND (o.date > ?1 OR o.invoice_date > ?1 OR o.paid_date > ?1))
                  AND NOT EXISTS (SELECT 1 FROM contact_event e WHERE e.customer_number = c.number AND e.date > ?1)
                  AND NOT EXISTS (SELECT 1 FROM event_participant p JOIN event v ON v.id = p.event_id
                                  WHERE p.customer_number = c.number AND p.attended = 1 AND v.date > ?1)
                """ + conditions, arguments) { row -> (customer: KeptCustomer?, last: String, number: Int64, due: Bool) in
                var reasons: [RetentionKeepReason] = []
                if row.bool(extra + 3) { reasons.append(.currentMember) }
                for id in (row.optionalText(extra + 4) ?? "").split(separator: ",").compactMap({ Int64($0) }) { reasons.append(.openRequest(id: id)) }
                if row.bool(extra + 2) { reasons.append(.restricted) }
                if row.bool(extra + 1) { reasons.append(.legalHold) }
                // Invoice numbers may hold spaces: the unit separator parts them.
                for invoice in (row.optionalText(extra + 5) ?? "").split(separator: "\u{1F}") { reasons.append(.openInvoice(invoice: String(invoice))) }
                for invoice in (row.optionalText(extra + 6) ?? "").split(separator: "\u{1F}") { reasons.append(.inCollection(invoice: String(invoice))) }
                let last = row.text(extra + 7), number = row.int(Self.numberColumn)
                // A date that cannot be read makes nobody due (the schema holds only dates); the
                // row still counts where a page ends.
                guard let date = LocalDate(iso: String(row.text(extra).prefix(10))) else { return (nil, last, number, true) }
                return (KeptCustomer(customer: try Self.customerFields(from: row), lastActivity: date, reasons: reasons), last, number,
                        period.ends(after: date) <= today)
            }
        }
    }

    /// Orders of forgotten customers that the Accounting Act no longer needs: six years from
    /// the end of the year in which the fiscal year of their newest date (order, invoice,
    /// payment) ended. Open invoices and claims in collection are never among them.
    func expiredOrders(today: LocalDate) throws(StoreError) -> [Int64] {
        let fiscalYearEnd = try settings().fiscalYearEnd
        // Nothing dated within the last six years can be expired: the index on the date skips those.
        let rough = LocalDate(year: today.year - 6, month: 1, day: 1)!.iso
        let rows = try read {
            try db.rows("""
                SELECT o.id, max(o.date, coalesce(o.invoice_date, ''), coalesce(o.paid_date, ''))
                FROM customer c INDEXED BY customer_forgotten CROSS JOIN customer_order o ON o.customer_number = c.number
                WHERE c.forgotten_on IS NOT NULL AND o.date < ?1 AND o.in_collection = 0 AND o.status <> 'invoiced'
                """, [rough]) { ($0.int(0), $0.text(1)) }
        }
        return rows.compactMap { id, newest in
            guard let date = LocalDate(iso: String(newest.prefix(10))) else { return nil }
            return AccountingRetention.removableFrom(date, fiscalYearEnd: fiscalYearEnd) <= today ? id : nil
        }
    }

    /// Removes the orders `expiredOrders` lists, in one transaction; returns how many.
    @discardableResult
    public func removeExpiredOrders(today: LocalDate) throws(StoreError) -> Int {
        let ids = try expiredOrders(today: today)
        guard !ids.isEmpty else { return 0 }
        try write {
            for id in ids { try db.run("DELETE FROM customer_order WHERE id = ?", id) }
            try audit("remove expired orders", "register", Int64(ids.count))
        }
        _ = try? checkpoint()
        return ids.count
    }

    /// Remembers that a retention review was done (the interface reminds after 12 months).
    public func markRetentionReviewed(on date: LocalDate) throws(StoreError) {
        try setSetting("retention_reviewed_on", date.iso)
    }

    /// Whether the yearly review is due on `today`: a year after the last one; never reviewed,
    /// as soon as a customer relationship is a year old (customer since, as imported: found in a
    /// trial, a register made of older customers said nothing for a year). A new register is not
    /// due on its first day. One row at most is read (the first such customer, not the oldest:
    /// `min(since)` read the whole table, 15 ms at 100k on the first screen).
    public func retentionReviewDue(on today: LocalDate) throws(StoreError) -> Bool {
        if let reviewed = try setting("retention_reviewed_on").flatMap(LocalDate.init(iso:)) { return reviewed.adding(years: 1) <= today }
        return try read {
            try db.scalarInt("SELECT EXISTS (SELECT 1 FROM customer WHERE forgotten_on IS NULL AND since <= ?)", today.adding(years: -1).iso) == 1
        }
    }
}
