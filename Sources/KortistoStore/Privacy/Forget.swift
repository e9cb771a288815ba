import Foundation
import KortistoCore

extension ForgetPlan {
    /// The refusal a blocked forget throws (the command line's English; the interface says the
    /// typed blockers in its own words).
    var refusal: StoreError {
        .refused(Refusal("customer {0} cannot be forgotten yet: {1}", "\(customer.number)", blockers.map(Register.describe).joined(separator: "; ")))
    }
}

/// One line of the erasure log: ids and dates only, never names or free text.
public struct ErasureLogEntry: Codable, Sendable, Equatable {
    public var customer: Int64
    /// When the customer's record was created (`created_at`, as stored): with the number it names
    /// exactly one person, so a replay can never match someone else. Nil in lines written before
    /// register version 9.
    public var created: String?
    public var forgottenOn: String
    /// `ErasureReference.logText`: a request number, a date or `retention`.
    public var reference: String?
    public var at: String

    enum CodingKeys: String, CodingKey {
        case customer, created, reference, at
        case forgottenOn = "forgotten_on"
    }

    public init(customer: Int64, created: String?, forgottenOn: String, reference: String?, at: String) {
        self.customer = customer
        self.created = created
        self.forgottenOn = forgottenOn
        self.reference = reference
        self.at = at
    }
}

extension Register {
    /// The erasure log beside the register: it outlives backups, so a restore can replay it.
    public var erasureLogPath: String { path + ".erasures" }

    public func forgetPlan(_ number: Int64) throws(StoreError) -> ForgetPlan {
        let customer = try requireCustomer(number)
        var blockers: [ForgetPlan.Blocker] = []
        let orders = try orders(ofCustomer: number)
        for order in orders {
            if order.inCollection {
                blockers.append(.inCollection(orderID: order.id, invoice: order.invoiceNumber))
            } else if order.isOpenInvoice {
                blockers.append(.openInvoice(orderID: order.id, invoice: order.invoiceNumber, amountCents: order.amountCents))
            }
        }
        if let reason = customer.legalHoldReason { blockers.append(.legalHold(reason: reason)) }
        return ForgetPlan(customer: customer, blockers: blockers, keptOrders: orders.count, recipientsToNotify: try recipientsToNotify(number))
    }

    /// Forgets a customer: everything about the person goes at once, leaving a tombstone (the
    /// number and the date) that keeps the orders' invoice numbers, dates and amounts. Refused
    /// while an invoice is open, a claim is in collection, or a legal hold is set.
    ///
    /// The erasure and its log line are one transaction (the line waits in `erasure_pending`), and
    /// only then is the line appended to the log beside the register: a forget that fails (busy,
    /// read-only, full disk) leaves no line that a later restore would carry out. Then the WAL is
    /// emptied so no old page with the person's data is left in any file. An open erasure request
    /// of the customer is closed by the forget that answers it (and becomes its reference).
    @discardableResult
    public func forget(_ number: Int64, on date: LocalDate, reference: ErasureReference? = nil) throws(StoreError) -> ErasureOutcome {
        try forgetAll([number], on: date, reference: reference)
    }

    /// Forgets customers (one, or a retention review's) in one transaction; all are checked
    /// first and nothing is erased when any of them is blocked. With `stillDue`, the review is
    /// made again inside the transaction and only those still due are forgotten: someone who
    /// got an order, a request or a membership since the list was shown is kept.
    @discardableResult
    public func forgetAll(_ numbers: [Int64], on date: LocalDate, reference: ErasureReference?,
                          stillDue period: RetentionPeriod? = nil) throws(StoreError) -> ErasureOutcome {
        guard !db.isInTransaction else { throw .refused(Refusal("forget cannot run inside another transaction")) }
        var forgotten: [Int64] = []
        // Their cards in a synced vdir, read before the erasure keeps only the UIDs' hashes.
        let cardFiles = try syncCardFiles(of: numbers)
        let closed = try write { () throws -> [Int64] in
            var chosen = numbers
            if let period {
                let due = Set(try retentionReview(period, today: date).candidates.map(\.customer.number))
                chosen = numbers.filter(due.contains)
            }
            var plans: [ForgetPlan] = []
            for number in chosen {
                let plan = try forgetPlan(number)
                guard plan.isAllowed else { throw plan.refusal }
                plans.append(plan)
            }
            var closed: [Int64] = []
            // Each erasure's updates and deletes would bring the kept tables up to date again
            // and again: for several, set aside and made once after (the erased have no rows
            // left in them).
            func eraseAll() throws -> [Int64] {
                if plans.count > 1 { try eraseSearchTermsInOrder(plans.map(\.customer.number)) }
                for plan in plans {
                    let answered = try openErasureRequests(of: plan.customer.number)
                    try eraseInTransaction(plan.customer, on: date, logging: reference ?? answered.first.map(ErasureReference.request), isNew: true)
                    try closeAnsweredRequests(answered, on: date)
                    closed += answered
                }
                return plans.map(\.customer.number)
            }
            // (One keeps its triggers: setting them aside costs more than one erasure's writes.)
            forgotten = try plans.count > 1 ? withKeptTablesMadeAfter { _ in try eraseAll() } : eraseAll()
            return closed
        }
        // Their cards in a synced vdir go now, so the next CardDAV sync takes them off the phone.
        let gone = Set(forgotten)
        for (number, file) in cardFiles where gone.contains(number) { unlink(file) }
        guard !forgotten.isEmpty else { return ErasureOutcome(logged: true, scrubbed: true, closedRequests: [], forgotten: []) }
        let logged = (try? appendPendingLines()) != nil
        return ErasureOutcome(logged: logged, scrubbed: (try? scrub()) ?? false, closedRequests: closed, forgotten: forgotten)
    }

    /// Deletes many customers' search terms in the order of the terms' table, before they are
    /// erased one by one (each erasure then finds none). A customer's dozen terms lie all over
    /// the table and its index by pair, so deleted a customer at a time a batch changed most of
    /// their pages again and again, each change a copy of the page in the write-ahead log once
    /// the page cache was full: at 100k, 2,714 people wrote 88,000 pages of 16 KiB (of a
    /// 14,000-page file) in 3.6–4.2 s; now 44,000 in 2.8–3.5 s. A row a statement: one statement
    /// for all keeps a copy of every page it changes until it ends (80 MB more). Their audit
    /// lines and contact and consent events so deleted in their tables' order saved nothing.
    private func eraseSearchTermsInOrder(_ numbers: [Int64]) throws(StoreError) {
        let terms = try read {
            try db.rows("""
                SELECT term, customer_number FROM search_term WHERE customer_number IN (SELECT value FROM json_each(?)) ORDER BY term, customer_number
                """, [Database.jsonArray(numbers)]) { ($0.text(0), $0.int(1)) }
        }
        for (term, number) in terms { try db.run("DELETE FROM search_term WHERE term = ? AND customer_number = ?", term, number) }
    }

    private func openErasureRequests(of number: Int64) throws(StoreError) -> [Int64] {
        try read { try db.rows("SELECT id FROM request WHERE customer_number = ? AND type = 'erasure' AND status = 'open' ORDER BY id", [number]) { $0.int(0) } }
    }

    private func closeAnsweredRequests(_ ids: [Int64], on date: LocalDate) throws(StoreError) {
        for id in ids {
            try db.run("UPDATE request SET status = 'closed', closed_on = ? WHERE id = ?", date.iso, id)
            try audit("close", "request", id)
        }
    }

    public static func describe(_ blocker: ForgetPlan.Blocker) -> String {
        switch blocker {
        case let .openInvoice(id, invoice, cents): "open invoice \(invoice ?? "#\(id)") (\(Money.display(cents: cents)))"
        case let .inCollection(id, invoice): "invoice \(invoice ?? "#\(id)") is in debt collection"
        case let .legalHold(reason): "legal hold: \(reason)"
        }
    }

    /// The erasure itself, in a write of its own: for replaying the log after a restore, where
    /// the person was already forgotten once and nothing may keep them (`logging` nil: the log
    /// has the line already). A new erasure (`forgetAll`) puts its log line in `erasure_pending`,
    /// in the same transaction, for `finishPendingErasures` to append once it has committed.
    func erase(_ customer: Customer, on date: LocalDate, logging reference: ErasureReference?, isNew: Bool = true) throws(StoreError) {
        _ = try write { try eraseInTransaction(customer, on: date, logging: reference, isNew: isNew) }
    }

    /// `erase` in the caller's write (only ever inside one), without a savepoint of its own:
    /// for a batch that stands or falls whole (`forgetAll`). A savepoint keeps a copy of each
    /// page as it was before its first change, which a batch of erasures all over the file paid
    /// for again for each customer.
    private func eraseInTransaction(_ customer: Customer, on date: LocalDate, logging reference: ErasureReference?,
                                    isNew: Bool) throws(StoreError) {
        precondition(db.isInTransaction, "an erasure outside a write")
        let number = customer.number
        if isNew {
            try db.run("""
                INSERT INTO erasure_pending(customer_number, created_at, forgotten_on, reference, at)
                SELECT number, created_at, ?, ?, ? FROM customer WHERE number = ?
                """, date.iso, reference?.logText, timestamp, number)
            try setSetting(Self.scrubPendingKey, "1")
        }
        for kind in ErasedData.allCases { try erase(kind, of: customer) }
        // Cards kept in step with a vdir: gone from it once this commits (and by every later sync).
        try forgetSyncCards(of: number)
        try db.run("""
            UPDATE customer SET since = ?1, forgotten_on = ?1, updated_at = ?2, revision = revision + 1, consents = NULL, tags = NULL WHERE number = ?3
            """, date.iso, timestamp, number)
        // The label standing (their name key and postcode) and their last activity go with
        // being forgotten, by their triggers, as their row's consents and tags go with their
        // events and tags; said here too, so the erasure does not hang on a trigger alone.
        for kept in KeptInStep.allCases { try db.run("DELETE FROM \(kept.table) WHERE customer_number = ?", number) }
        try audit("forget", "customer", number)
    }

    /// Erases one kind of the customer's data; one case for each kind, so a kind the
    /// confirmation lists cannot be left out here.
    private func erase(_ kind: ErasedData, of customer: Customer) throws(StoreError) {
        let number = customer.number
        func delete(_ table: String) throws(StoreError) {
            try db.run("DELETE FROM \(table) WHERE customer_number = ?", number)
        }
        // The customer table's columns of this kind, each left as its field says.
        let columns = Self.erasedColumns[kind] ?? []
        if !columns.isEmpty {
            // The sort key is made of the names.
            let sortKey = kind == .name ? ", sort_key = ''" : ""
            try db.run("UPDATE customer SET " + columns.map { "\($0.column) = ?" }.joined(separator: ", ") + sortKey + " WHERE number = ?",
                       arguments: columns.map { $0.spec.erasedText.sqlValue } + [number])
        }
        switch kind {
        case .name, .title, .address, .birthdate, .identityCode, .language, .notes, .source, .membership, .reasons: break
        case .contactDetails: try delete("customer_contact")
        case .organisation:
            // A sole trader's business is often named after them (Toiminimi Aino Laine, Laineen
            // Kampaamo): an organisation that names the person and has nobody else goes with them.
            if let id = customer.organisationID, let name = customer.organisationName, Self.names(customer, in: name),
               try db.scalarInt("SELECT count(*) FROM customer WHERE organisation_id = ? AND number <> ? AND forgotten_on IS NULL", id, number) == 0 {
                try db.run("UPDATE customer SET organisation_id = NULL WHERE organisation_id = ?", id)
                try db.run("DELETE FROM organisation WHERE id = ?", id)
            }
            // A firm's card may carry the person's own e-mail or phone: those go with them.
            if let id = customer.organisationID {
                try db.run("UPDATE organisation SET email = NULL WHERE id = ? AND email = ? COLLATE NOCASE", id, customer.email)
                try db.run("UPDATE organisation SET phone = NULL WHERE id = ? AND phone = ?", id, customer.phone)
            }
        case .contactEvents: try delete("contact_event")
        case .consentHistory: try delete("consent_event")
        case .tags: try delete("customer_tag")
        case .links: try delete("customer_link")
        case .feedback: try delete("feedback")
        case .events: try delete("event_participant")
        case .campaigns: try delete("campaign_recipient")
        case .requestTexts:
            try db.run("UPDATE request SET note = NULL, resolution = NULL, extension_reason = NULL WHERE customer_number = ?", number)
        case .disclosures: try delete("disclosure")
        case .orderTexts:
            for order in try orders(ofCustomer: number) where Self.identifies(customer, order.description) {
                try db.run("UPDATE customer_order SET description = ? WHERE id = ?", Self.placeholder, order.id)
            }
            // An order's history keeps its earlier descriptions: those that name the person go too.
            for change in try orderChanges(ofCustomer: number) where change.field == .description {
                for (column, text) in [("old", change.old), ("new", change.new)] where text.map({ Self.identifies(customer, $0) }) ?? false {
                    try db.run("UPDATE order_change SET \(column) = ? WHERE order_id = ? AND field = 'description' AND \(column) = ?",
                               Self.placeholder, change.orderID, text)
                }
            }
        case .searchTerms: try delete("search_term")
        case .history: try db.run("DELETE FROM audit_log WHERE entity IN ('customer', 'consent') AND entity_id = ?", number)
        }
    }

    /// The customer table's columns each kind of erased data covers (`CustomerField.erasure`).
    static let erasedColumns = Dictionary(grouping: CustomerField.stored.filter { $0.isPersonal }) { $0.spec.erasure! }

    /// The kinds of data the customer has, for the confirmation (in `ErasedData`'s order).
    public func erasedKinds(of c: Customer) throws(StoreError) -> [ErasedData] {
        func has(_ table: String) throws(StoreError) -> Bool {
            try db.scalarInt("SELECT EXISTS (SELECT 1 FROM \(table) WHERE customer_number = ?)", c.number) == 1
        }
        var kinds: [ErasedData] = []
        for kind in ErasedData.allCases {
            let present: Bool
            switch kind {
            case .name, .organisation, .title, .contactDetails, .address, .birthdate, .identityCode, .language, .notes, .source, .membership, .reasons:
                present = (Self.erasedColumns[kind] ?? []).contains { $0.value(in: c).storedText != $0.spec.erasedText }
                    || (kind == .contactDetails && !c.otherContacts.isEmpty)
            case .contactEvents: present = try has("contact_event")
            case .consentHistory: present = try has("consent_event")
            case .tags: present = try has("customer_tag")
            case .links: present = try has("customer_link")
            case .feedback: present = try has("feedback")
            case .events: present = try has("event_participant")
            case .campaigns: present = try has("campaign_recipient")
            case .requestTexts:
                present = try db.scalarInt("SELECT EXISTS (SELECT 1 FROM request WHERE customer_number = ? AND (note IS NOT NULL OR resolution IS NOT NULL OR extension_reason IS NOT NULL))", c.number) == 1
            case .disclosures: present = try has("disclosure")
            case .orderTexts:
                let descriptions = try orders(ofCustomer: c.number).map(\.description)
                    + orderChanges(ofCustomer: c.number).filter { $0.field == .description }.flatMap { [$0.old, $0.new].compactMap { $0 } }
                present = descriptions.contains { Self.identifies(c, $0) }
            case .searchTerms: present = true
            case .history: present = try db.scalarInt("SELECT EXISTS (SELECT 1 FROM audit_log WHERE entity IN ('customer', 'consent') AND entity_id = ?)", c.number) == 1
            }
            if present { kinds.append(kind) }
        }
        return kinds
    }

    /// Whether free text identifies the customer: a word beginning with the stem of one of
    /// their names, or their e-mail, phone (any written form) or street. Such text is
    /// replaced whole, never cut up.
    static func identifies(_ c: Customer, _ text: String) -> Bool {
        if NameMention.mentions(text, stems: NameMention.stems([c.firstName, c.lastName])) { return true }
        var exact: [String] = []
        if let email = c.email { exact.append(email) }
        if let phone = c.phone { exact += [phone, Phone.display(phone)] + Phone.searchForms(phone) }
        if let street = c.street { exact.append(street) }
        return exact.contains { $0.count >= 3 && text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }

    /// Whether an organisation's name names the person (`Toiminimi Aino Laine`, `Laineen Kampaamo`,
    /// `Mäkisen Hieronta`): a word beginning with the stem of their first or last name.
    static func names(_ c: Customer, in text: String) -> Bool {
        NameMention.mentions(text, stems: NameMention.stems([c.firstName, c.lastName]))
    }

    static let placeholder = "[poistettu]"

    /// The setting that says an erasure has not yet been scrubbed out of every file.
    static let scrubPendingKey = "scrub_pending"

    /// Empties the WAL so no old page with a forgotten person's data is left in any file; true
    /// when done. Another process reading the register (a second window) holds old pages until
    /// it lets go: then the scrub stays pending, and the next open of the register finishes it.
    func scrub() throws(StoreError) -> Bool {
        // A reader elsewhere is not waited for long: the scrub stays pending and is finished later.
        guard try db.waitingAtMost(250, { () throws(StoreError) in try checkpoint() }) else { return false }
        try setSetting(Self.scrubPendingKey, nil)
        // Clearing the flag wrote a page; move that one too (nothing personal in it).
        _ = try checkpoint()
        return true
    }

    /// Finishes what an earlier forget could not: appends committed erasures to the log and
    /// scrubs the files. Called after every forget and when the register opens; true when
    /// nothing is left pending.
    ///
    /// Reading the waiting lines, appending them and deleting exactly those rows is one
    /// immediate transaction, so two Kortisto processes finishing at once neither lose a line
    /// (one deleting a row the other has not logged) nor interleave their appends.
    @discardableResult
    func finishPendingErasures() throws(StoreError) -> Bool {
        try appendPendingLines()
        if try setting(Self.scrubPendingKey) != nil { return try scrub() }
        return true
    }

    /// Appends the erasure-log lines waiting in the register (see `finishPendingErasures`).
    func appendPendingLines() throws(StoreError) {
        // Nearly always nothing is waiting: find that out without taking the write lock.
        guard try db.scalarInt("SELECT EXISTS (SELECT 1 FROM erasure_pending)") == 1 else { return }
        try write {
            let pending = try db.rows("SELECT rowid, customer_number, created_at, forgotten_on, reference, at FROM erasure_pending ORDER BY rowid", []) {
                ($0.int(0), ErasureLogEntry(customer: $0.int(1), created: $0.text(2), forgottenOn: $0.text(3), reference: $0.optionalText(4), at: $0.text(5)))
            }
            guard !pending.isEmpty else { return }
            // A line may already be there when the last attempt was cut short after writing it.
            let logged = Set(try erasureLog().map { "\($0.customer) \($0.at)" })
            try appendErasureLog(pending.map(\.1).filter { !logged.contains("\($0.customer) \($0.at)") })
            for (rowid, _) in pending { try db.run("DELETE FROM erasure_pending WHERE rowid = ?", rowid) }
        }
    }

    /// Appends lines to the erasure log (0600) and syncs it. A last line cut short (power lost
    /// mid-append) is ended first, so it never swallows the next one; its erasure was still
    /// waiting in the register and is appended again whole.
    func appendErasureLog(_ entries: [ErasureLogEntry]) throws(StoreError) {
        guard !entries.isEmpty else { return }
        let path = erasureLogPath
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data()
        for entry in entries {
            guard let line = try? encoder.encode(entry) else { throw .refused(Refusal("cannot encode the erasure log entry")) }
            data.append(line)
            data.append(0x0A)
        }
        let fd = Foundation.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .refused(Refusal("cannot write the erasure log {0}: {1}", "\(path)", "\(String(cString: strerror(errno)))")) }
        defer { Foundation.close(fd) }
        var size = stat()
        guard fstat(fd, &size) == 0 else { throw .refused(Refusal("cannot write the erasure log {0}: {1}", "\(path)", "\(String(cString: strerror(errno)))")) }
        if size.st_size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, size.st_size - 1) == 1, last != 0x0A { data.insert(0x0A, at: 0) }
        }
        let written = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(fd) == 0 else {
            // A short line would be unreadable; cut the file back to where it was (the caller
            // holds the register's write lock, so no other Kortisto appends meanwhile).
            _ = ftruncate(fd, size.st_size)
            throw .refused(Refusal("cannot write the erasure log {0}: {1}", "\(path)", "\(String(cString: strerror(errno)))"))
        }
    }

    public func erasureLog() throws(StoreError) -> [ErasureLogEntry] {
        try ErasureLog.read(erasureLogPath)
    }

    /// Forgets again the people in the erasure log who are not forgotten in this file (after a
    /// restore from an older backup): exactly those, matched by number *and* the record's
    /// creation time, so a newcomer who got a number can never be taken for them. Blockers do
    /// not apply: the erasure already happened. `alive` lists people the live register still
    /// has (number and creation time): a line about one of them never committed there (written
    /// by a version before 9, whose failed forgets still logged) and is not carried out.
    /// Returns the customer numbers erased again.
    @discardableResult
    func replayErasureLog(_ entries: [ErasureLogEntry], alive: Set<String> = [], on today: LocalDate) throws(StoreError) -> [Int64] {
        var replayed: [Int64] = []
        for entry in entries where !replayed.contains(entry.customer) {
            guard let created = try read({
                try db.first("SELECT created_at FROM customer WHERE number = ? AND forgotten_on IS NULL", [entry.customer]) { $0.text(0) }
            }) else { continue }
            if let expected = entry.created {
                guard created == expected else { continue }
            } else {
                // Old lines: the person must have existed when they were forgotten.
                guard created <= entry.at, !alive.contains("\(entry.customer) \(created)") else { continue }
            }
            guard let customer = try customer(entry.customer) else { continue }
            try erase(customer, on: LocalDate(iso: entry.forgottenOn) ?? today, logging: nil, isNew: false)
            replayed.append(entry.customer)
        }
        return replayed
    }

    /// Tombstones: forgotten customers with the date.
    public func forgottenOn(_ number: Int64) throws(StoreError) -> LocalDate? {
        try read { try db.first("SELECT forgotten_on FROM customer WHERE number = ?", [number]) { $0.optionalText(0).flatMap(LocalDate.init(iso:)) } ?? nil }
    }
}
