import Foundation
import KortistoCore

extension Register {
    /// Customers inactive for at least `years` (last activity + years <= today; 29 February + 5
    /// years is 28 February), leaving out legal holds, open invoices and claims in collection.
    public func retentionCandidates(years: Int, today: LocalDate) throws(StoreError) -> [RetentionCandidate] {
        // SQL keeps those with no activity after a day past the cutoff (NOT EXISTS stops at the
        // first recent row, far cheaper than computing everyone's last activity); the exact
        // calendar rule is then applied to the few left.
        let roughCutoff = today.adding(years: -years).adding(days: 1).iso
        let rows = try read {
            try db.rows("""
                SELECT c.number, \(Self.lastActivitySQL)
                FROM customer c
                WHERE c.forgotten_on IS NULL AND c.legal_hold_reason IS NULL AND c.since <= ?1
                  AND NOT EXISTS (SELECT 1 FROM customer_order o WHERE o.customer_number = c.number
                                  AND (o.date > ?1 OR o.invoice_date > ?1 OR o.paid_date > ?1
                                       OR o.status = 'invoiced' OR o.in_collection = 1))
                  AND NOT EXISTS (SELECT 1 FROM contact_event e WHERE e.customer_number = c.number AND e.date > ?1)
                  AND NOT EXISTS (SELECT 1 FROM event_participant p JOIN event v ON v.id = p.event_id
                                  WHERE p.customer_number = c.number AND p.attended = 1 AND v.date > ?1)
                """, [roughCutoff]) { ($0.int(0), $0.text(1)) }
        }
        var candidates: [RetentionCandidate] = []
        for (number, last) in rows {
            guard let date = LocalDate(iso: last), date.adding(years: years) <= today, let customer = try customer(number) else { continue }
            candidates.append(RetentionCandidate(customer: customer, lastActivity: date))
        }
        return candidates.sorted { ($0.lastActivity, $0.customer.number) < ($1.lastActivity, $1.customer.number) }
    }

    /// Remembers that a retention review was done (the interface reminds after 12 months).
    public func markRetentionReviewed(on date: LocalDate) throws(StoreError) {
        try setSetting("retention_reviewed_on", date.iso)
    }

    /// The last review, or when never reviewed, the day the register got its first customer:
    /// a new register is not due for a review on its first day.
    public func lastRetentionReview() throws(StoreError) -> LocalDate? {
        if let reviewed = try setting("retention_reviewed_on").flatMap(LocalDate.init(iso:)) { return reviewed }
        return try read {
            // The lowest customer number is the oldest: one row by primary key, not a scan.
            try db.first("SELECT created_at FROM customer ORDER BY number LIMIT 1", []) { $0.optionalText(0).flatMap { LocalDate(iso: String($0.prefix(10))) } } ?? nil
        }
    }
}
