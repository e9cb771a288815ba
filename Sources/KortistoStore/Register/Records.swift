import KortistoCore

extension Register {
    /// Inserts many customers with their orders, contacts and consents in one transaction:
    /// all of them land, or none. Returns the new customer numbers in order.
    @discardableResult
    public func addRecords(_ records: some Sequence<CustomerRecord>, today: LocalDate,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(StoreError) -> [Int64] {
        try write {
            var numbers: [Int64] = []
            let total = records.underestimatedCount
            for record in records {
                if numbers.count % 5000 == 0 { progress?(numbers.count, total) }
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
            progress?(numbers.count, numbers.count)
            return numbers
        }
    }

    /// Fills the register with invented customers (demo, benchmarks) in one transaction.
    public func fillSynthetic(customers: Int, organisations: Int, seed: UInt64, today: LocalDate) throws(StoreError) {
        let generator = SyntheticRegister(seed: seed, today: today)
        let orgs = generator.organisations(count: organisations)
        _ = try write {
            for org in orgs { try addOrganisation(org) }
            try addRecords(generator.customers(count: customers, organisations: orgs), today: today)
        }
        try analyze()
        try checkpoint()
    }

    /// Moves everything from the WAL into the main file and empties the WAL (after bulk
    /// writes, and after erasure so no old frames linger).
    public func checkpoint() throws(StoreError) {
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Updates the query planner's statistics (after bulk inserts).
    public func analyze() throws(StoreError) {
        try db.execute("ANALYZE")
    }
}
