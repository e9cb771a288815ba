import Dispatch
import Foundation
import KortistoCore

extension Register {
    /// Inserts many customers with their orders, contacts and consents in one transaction:
    /// all of them land, or none. Returns the new customer numbers in order. The sequence is
    /// read on another thread (never two reads at once), so it must not use the register.
    @discardableResult
    public func addRecords(_ records: some Sequence<CustomerRecord>, today: LocalDate,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(StoreError) -> [Int64] {
        let source = SliceSource(AnyIterator(records.makeIterator()))
        return try addRecords(total: records.underestimatedCount, today: today, progress: progress) { source.next(4096) }
    }

    /// The same for records made while earlier ones are written (an import checks the rows of
    /// a file a slice at a time): `next` is called again and again, one call at a time but on
    /// another thread, until it returns no records. `total` is how many there may be.
    ///
    /// Inside the caller's write, the batch is part of that transaction (no savepoint of its
    /// own: 99k people into a million took 960 MB for one), and a failure must end that write.
    @discardableResult
    public func addRecords(total: Int, today: LocalDate, progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
                           producedBy next: @escaping @Sendable () -> [CustomerRecord]) throws(StoreError) -> [Int64] {
        // Every row written here hangs off the customer written just before it.
        try write(checkingForeignKeys: false, savepoint: false) {
            let before = Int(try db.scalarInt("SELECT count(*) FROM customer") ?? 0)
            if total >= 10_000, total > before {
                // Not the search terms' indexes: the batch's customers are new, so their index by
                // customer only ever grows at its end, and their index by pair in name order is
                // fed in its own order a slice at a time (below). Set aside, SQLite sorted them
                // after in memory (temp_store) and the import took 50 MB more, in the same time
                // (a CSV of 99k, dec 3: 178 MB against 125).
                // The planner's figures are the register's before the batch, which is larger:
                // analysed with one customer, SQLite scanned every customer and organisation for
                // each slice's label standing (99k people: 32-37 s instead of 10). They are read
                // again once a thousand are written (not simply after the first slice: an
                // import's may be a few rows), and whenever the register has doubled since,
                // before the slice's kept rows are made.
                var customers = before, analysedAt: Int?
                let numbers = try withIndexesSetAside(of: ["customer"] + KeptInStep.allCases.map(\.table)) {
                    try withBatchBookkeepingAfter { madeSoFar in
                        try insertRecords(next, today: today, total: total, madeSoFar: { part in
                            customers += part.count
                            if analysedAt.map({ customers >= 2 * $0 }) ?? (customers - before >= 1_000) {
                                try analyzeBriefly()
                                analysedAt = customers
                            }
                            try madeSoFar(part)
                        }, progress: progress)
                    }
                }
                // And the indexes made again have figures of their own.
                try analyzeBriefly()
                return numbers
            }
            return try withBatchBookkeepingAfter { madeSoFar in
                try insertRecords(next, today: today, total: total, madeSoFar: madeSoFar, progress: progress)
            }
        }
    }

    /// Runs a batch that adds customers (`body` returns their numbers) with what is kept in step
    /// with every row made once after: the kept tables (`withKeptTablesMadeAfter`, whose
    /// `madeSoFar` `body` is given) and the receivable days (`withReceivableDaysCountedAfter`).
    func withBatchBookkeepingAfter(_ body: (_ madeSoFar: ([Int64]) throws -> Void) throws -> [Int64]) throws -> [Int64] {
        try withKeptTablesMadeAfter { madeSoFar in
            // Passed on into another closure, which Swift allows a non-escaping one only this
            // way; it does not outlive `body`.
            try withoutActuallyEscaping(madeSoFar) { madeSoFar in try withReceivableDaysCountedAfter { try body(madeSoFar) } }
        }
    }

    /// Runs a batch that adds customers with their orders and changes no order already there
    /// (`body` returns the new customers' numbers) with version 32's triggers on orders set
    /// aside, and counts the batch's open invoices on their due days once after: each order's
    /// trigger ran in a statement journal of its own (generating 50,000 into a register
    /// analysed small: 33 -> 19 s).
    func withReceivableDaysCountedAfter(_ body: () throws -> [Int64]) throws -> [Int64] {
        let numbers = try withSchemaSetAside("trigger", where: "name GLOB 'receivable_day_of_*'", body)
        try db.run("""
            INSERT INTO receivable_day (dated, due_date, invoices, cents)
            SELECT due_date IS NOT NULL, coalesce(due_date, ''), count(*), sum(amount_cents) FROM customer_order
            WHERE status = 'invoiced' AND customer_number IN (SELECT value FROM json_each(?)) GROUP BY 1, 2
            ON CONFLICT (dated, due_date) DO UPDATE SET invoices = invoices + excluded.invoices, cents = cents + excluded.cents
            """, Database.jsonArray(numbers))
        return numbers
    }

    /// Reads the planner's figures again from a few hundred rows of each index (10-30 ms at
    /// any size; a whole ANALYZE reads every row: 0.7 s at 100k).
    func analyzeBriefly() throws(StoreError) {
        try db.execute("PRAGMA analysis_limit = 400")
        defer { try? db.execute("PRAGMA analysis_limit = 0") } // a later whole ANALYZE reads every row
        try db.execute("ANALYZE")
    }

    /// A sequence handed out a slice at a time to whichever thread asks; the calls never overlap.
    private final class SliceSource: @unchecked Sendable {
        let iterator: AnyIterator<CustomerRecord>
        init(_ iterator: AnyIterator<CustomerRecord>) { self.iterator = iterator }
        func next(_ count: Int) -> [CustomerRecord] {
            var slice: [CustomerRecord] = []
            while slice.count < count, let record = iterator.next() { slice.append(record) }
            return slice
        }
    }

    /// A batch larger than the register builds the secondary indexes of `tables` again at the
    /// end: SQLite sorts each once instead of inserting every row into them in random order.
    /// The batch must not read through these indexes.
    func withIndexesSetAside<T>(of tables: [String], _ body: () throws -> T) throws -> T {
        let list = tables.map { "'\($0)'" }.joined(separator: ", ")
        return try withSchemaSetAside("index", where: "tbl_name IN (\(list))", body)
    }

    /// Runs `body` with the schema objects of `type` (`index`, `trigger`) that `condition`
    /// picks dropped, and makes them again from their own SQL after. Only inside the caller's
    /// write transaction, so that a failure restores them with everything else: outside one
    /// each DROP would stand on its own, and a crash would leave them gone without a word.
    func withSchemaSetAside<T>(_ type: String, where condition: String, _ body: () throws -> T) throws -> T {
        guard db.isInTransaction else { throw StoreError.refused(Refusal("indexes and triggers are set aside only inside a write")) }
        let objects = try db.rows("SELECT name, sql FROM sqlite_master WHERE type = ? AND (\(condition)) AND sql IS NOT NULL", [type]) {
            ($0.text(0), $0.text(1))
        }
        for (name, _) in objects { try db.execute("DROP \(type.uppercased()) \"\(name)\"") }
        let result = try body()
        for (_, sql) in objects { try db.execute(sql) }
        return result
    }

    /// A slice made and prepared on another thread: written before its group leaves, read after wait().
    private final class PreparedSlice: @unchecked Sendable {
        var records: [CustomerRecord] = []
        var customers: [NewCustomer] = []
        /// The slice's search terms, each with its customer's place in the slice, in the order
        /// they are written (`termsInWrittenOrder`).
        var terms: [(term: String, customer: Int)] = []
    }

    /// Writes the records a slice at a time. While this thread writes one slice, the next is
    /// made and prepared (customer values, sort keys, search terms in the order they are
    /// written) on the other cores. Each slice written is handed to `madeSoFar`
    /// (`withKeptTablesMadeAfter`), so the batch's end is left only the indexes to make (a CSV
    /// of 99k people, dec 3: 150-158 MB -> 122-125 MB, the kept rows of all of them made by
    /// one statement at the end; a vCard file 133-135 -> 109-110 MB; the same time).
    private func insertRecords(_ next: @escaping @Sendable () -> [CustomerRecord], today: LocalDate, total: Int,
                               madeSoFar: ([Int64]) throws -> Void, progress: ((_ done: Int, _ total: Int) -> Void)?) throws -> [Int64] {
        let date = now(), stamp = timestamp
        let uids = try UIDKeeper(self)
        func prepare() -> (DispatchGroup, PreparedSlice) {
            let group = DispatchGroup(), result = PreparedSlice()
            DispatchQueue.global().async(group: group) {
                let slice = next()
                result.records = slice
                result.customers = ParallelMap.map(count: slice.count, chunk: 512) { NewCustomer(slice[$0].fields, today: today, at: date) }
                result.terms = Self.termsInWrittenOrder(of: result.customers)
            }
            return (group, result)
        }
        var numbers: [Int64] = []
        var organisations: [String: Int64] = [:]
        let insertStatement = try insertCustomerStatement()
        var pending = prepare()
        defer { pending.0.wait() } // never leave a preparation running past the batch
        while true {
            pending.0.wait()
            let ready = pending.1
            if ready.records.isEmpty { break }
            pending = prepare()
            let first = numbers.count
            for (record, new) in zip(ready.records, ready.customers) {
                if numbers.count % 5000 == 0 { progress?(numbers.count, total) }
                let number = try insert(new, stamp: stamp, organisations: &organisations, audited: false, statement: insertStatement)
                for var order in record.orders {
                    order.customerNumber = number
                    _ = try insertOrder(order, sortKey: new.sortKey)
                }
                for contact in record.contacts { _ = try insertContact(contact, customer: number) }
                for consent in record.consents { try insertConsent(consent, customer: number, audited: false) }
                if record.legalHoldReason != nil || record.restrictionReason != nil {
                    try db.run("UPDATE customer SET legal_hold_reason = ?, restriction_reason = ? WHERE number = ?",
                               record.legalHoldReason, record.restrictionReason, number)
                }
                if let uid = record.uid { try uids.keep(uid, for: number) }
                numbers.append(number)
            }
            let terms = ready.terms.map { ($0.term, numbers[first + $0.customer], ready.customers[$0.customer].sortKey) }
            try insertTerms(terms)
            try madeSoFar(Array(numbers[first...]))
            // Freeing a slice's thousands of strings is work the writer need not wait for.
            DispatchQueue.global(qos: .utility).async { ready.records = []; ready.customers = []; ready.terms = [] }
        }
        // One entry for the batch and how many it added, as a whole-register import has.
        if !numbers.isEmpty { try audit("add customers", "register", Int64(numbers.count)) }
        progress?(numbers.count, numbers.count)
        return numbers
    }

    /// The search terms of a slice's new customers, each with the customer's place
    /// in the slice, in the order of the index by pair in name order (`inPairOrder`): each of
    /// its pages is changed once a slice instead of at random over the whole batch. The
    /// slice's customers are given ascending numbers in their order, so a place orders as the
    /// number will. Sorted here, on the thread that prepares the slice, not by the writer (a
    /// CSV of 99k: a twentieth of the writer's time).
    private static func termsInWrittenOrder(of customers: [NewCustomer]) -> [(term: String, customer: Int)] {
        var terms: [(term: String, customer: Int)] = []
        terms.reserveCapacity(customers.reduce(0) { $0 + $1.terms.count })
        for (i, customer) in customers.enumerated() {
            for term in customer.terms { terms.append((term, i)) }
        }
        let keys = customers.map(\.sortKey)
        terms.sort { inPairOrder(($0.term, Int64($0.customer), keys[$0.customer]), ($1.term, Int64($1.customer), keys[$1.customer])) }
        return terms
    }

    /// Fills the register with invented customers (demo, benchmarks) in one transaction.
    public func fillSynthetic(customers: Int, organisations: Int, seed: UInt64, today: LocalDate) throws(StoreError) {
        let generator = SyntheticRegister(seed: seed, today: today)
        let orgs = generator.organisations(count: organisations)
        // The organisations come first, so every row has its parent (as in addRecords).
        _ = try write(checkingForeignKeys: false) {
            for org in orgs { try addOrganisation(org) }
            try addRecords(generator.customers(count: customers, organisations: orgs), today: today)
        }
        // Committed: what follows only tidies up, and failing it (a full disk) must not make
        // the customers look unsaved.
        try? analyze()
        _ = try? checkpoint()
    }

    /// Moves everything from the WAL into the main file and empties the WAL (after bulk
    /// writes, and after erasure so no old frames linger). False when another connection's read
    /// kept it from finishing (SQLite waits the busy timeout for it first).
    @discardableResult
    public func checkpoint() throws(StoreError) -> Bool {
        try read { try db.first("PRAGMA wal_checkpoint(TRUNCATE)", []) { $0.int(0) == 0 } } ?? true
    }

    /// Updates the query planner's statistics (after bulk inserts).
    public func analyze() throws(StoreError) {
        try db.execute("ANALYZE")
    }
}
