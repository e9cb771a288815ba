import KortistoCore

extension Register {
    /// Inserts many customers with their orders, contacts and consents in one transaction:
    /// all of them land, or none. Returns the new customer numbers in order.
    @discardableResult
    public func addRecords(_ records: some Sequence<CustomerRecord>, today: LocalDate) throws(StoreError) -> [Int64] {
        try write {
            var numbers: [Int64] = []
            for record in records {
                let number = try addCustomer(record.fields, today: today)
                for var order in record.orders {
                    order.customerNumber = number
                    _ = try insertOrder(order)
                }
                for contact in record.contacts { _ = try insertContact(contact, customer: number) }
                for consent in record.consents { try insertConsent(consent, customer: number) }
                if record.legalHoldReason != nil || record.restrictionReason != nil {
                    try db.run("UPDATE customer SET legal_hold_reason = ?, restriction_reason = ? WHERE number = ?",
                               record.legalHoldReason, record.restrictionReason, number)
                }
                numbers.append(number)
            }
            return numbers
        }
    }

    /// Updates the query planner's statistics (after bulk inserts).
    public func analyze() throws(StoreError) {
        try db.execute("ANALYZE")
    }
}
