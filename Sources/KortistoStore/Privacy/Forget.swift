import Foundation
import KortistoCore

/// What forgetting a customer would do, for the confirmation, or why it cannot be done now.
public struct ForgetPlan: Sendable, Equatable {
    public enum Blocker: Sendable, Equatable {
        case openInvoice(orderID: Int64, invoice: String?, amountCents: Int)
        case inCollection(orderID: Int64, invoice: String?)
        case legalHold(reason: String)
    }

    public var customer: Customer
    public var blockers: [Blocker]
    /// Orders kept without the name (invoice numbers, dates, amounts) so the books still match.
    public var keptOrders: Int
    public var contactEvents: Int
    public var consentEvents: Int
    /// Who received the customer's data and must be told of the erasure.
    public var recipientsToNotify: [String]

    public var isAllowed: Bool { blockers.isEmpty }
}

/// One line of the erasure log: ids and dates only, never names.
public struct ErasureLogEntry: Codable, Sendable, Equatable {
    public var customer: Int64
    public var forgottenOn: String
    public var reference: String?
    public var at: String

    enum CodingKeys: String, CodingKey {
        case customer, reference, at
        case forgottenOn = "forgotten_on"
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
        return ForgetPlan(customer: customer, blockers: blockers, keptOrders: orders.count,
                          contactEvents: try contacts(ofCustomer: number).count, consentEvents: try consentEvents(ofCustomer: number).count,
                          recipientsToNotify: try recipientsToNotify(number))
    }

    /// Forgets a customer: everything about the person goes at once, leaving a tombstone (the
    /// number and the date) that keeps the orders' invoice numbers, dates and amounts. Refused
    /// while an invoice is open, a claim is in collection, or a legal hold is set. Writes the
    /// erasure log first, then erases in one transaction, then empties the WAL so no old page
    /// with the person's data is left in any file.
    @discardableResult
    public func forget(_ number: Int64, on date: LocalDate, reference: String? = nil) throws(StoreError) -> ForgetPlan {
        let plan = try forgetPlan(number)
        guard plan.isAllowed else {
            throw .refused("customer \(number) cannot be forgotten yet: " + plan.blockers.map(Self.describe).joined(separator: "; "))
        }
        try appendErasureLog(ErasureLogEntry(customer: number, forgottenOn: date.iso, reference: reference, at: timestamp))
        try erase(plan.customer, on: date)
        try checkpoint()
        return plan
    }

    /// Forgets several customers (a retention review) in one transaction; all are checked
    /// first and nothing is erased when any of them is blocked.
    public func forgetAll(_ numbers: [Int64], on date: LocalDate, reference: String? = nil) throws(StoreError) {
        var plans: [ForgetPlan] = []
        for number in numbers {
            let plan = try forgetPlan(number)
            guard plan.isAllowed else {
                throw .refused("customer \(number) cannot be forgotten yet: " + plan.blockers.map(Self.describe).joined(separator: "; "))
            }
            plans.append(plan)
        }
        for plan in plans {
            try appendErasureLog(ErasureLogEntry(customer: plan.customer.number, forgottenOn: date.iso, reference: reference, at: timestamp))
        }
        _ = try write {
            for plan in plans { try erase(plan.customer, on: date) }
        }
        try checkpoint()
    }

    public static func describe(_ blocker: ForgetPlan.Blocker) -> String {
        switch blocker {
        case let .openInvoice(id, invoice, cents): "open invoice \(invoice ?? "#\(id)") (\(Money.display(cents: cents)))"
        case let .inCollection(id, invoice): "invoice \(invoice ?? "#\(id)") is in debt collection"
        case let .legalHold(reason): "legal hold: \(reason)"
        }
    }

    /// The erasure itself, in one transaction. Also used when replaying the log after a restore,
    /// where the person was already forgotten once and nothing may keep them.
    func erase(_ customer: Customer, on date: LocalDate) throws(StoreError) {
        _ = try write {
            let number = customer.number
            // Order descriptions may name the person; replace those words with a placeholder.
            let needles = Self.identifyingTexts(customer)
            for order in try orders(ofCustomer: number) {
                let scrubbed = Self.scrub(order.description, removing: needles)
                if scrubbed != order.description {
                    try db.run("UPDATE customer_order SET description = ? WHERE id = ?", scrubbed, order.id)
                }
            }
            // A sole trader's business is often named after them (Toiminimi Aino Laine): an
            // organisation that carries the person's name and has nobody else goes with them.
            if let id = customer.organisationID, let name = customer.organisationName, Self.names(customer, in: name),
               try db.scalarInt("SELECT count(*) FROM customer WHERE organisation_id = ? AND number <> ? AND forgotten_on IS NULL", id, number) == 0 {
                try db.run("UPDATE customer SET organisation_id = NULL WHERE organisation_id = ?", id)
                try db.run("DELETE FROM organisation WHERE id = ?", id)
            }
            try db.run("""
                UPDATE customer SET first_name = '', last_name = '', sort_key = '', organisation_id = NULL, title = NULL,
                    email = NULL, phone = NULL, street = NULL, postcode = NULL, town = NULL, country = 'FI', birthdate = NULL,
                    language = NULL, notes = NULL, source_kind = NULL, source_detail = NULL, since = ?1, legal_hold_reason = NULL,
                    restriction_reason = NULL, forgotten_on = ?1, updated_at = ?2, revision = revision + 1,
                    identity_code = NULL, member_since = NULL, member_until = NULL, department = NULL, preferred_channel = NULL
                WHERE number = ?3
                """, date.iso, timestamp, number)
            try db.run("DELETE FROM contact_event WHERE customer_number = ?", number)
            try db.run("DELETE FROM consent_event WHERE customer_number = ?", number)
            try db.run("DELETE FROM search_term WHERE customer_number = ?", number)
            // Requests stay as evidence of what was asked and answered, without their free text.
            try db.run("UPDATE request SET note = NULL, resolution = NULL, extension_reason = NULL WHERE customer_number = ?", number)
            try db.run("DELETE FROM disclosure WHERE customer_number = ?", number)
            for table in ["customer_tag", "customer_link", "feedback", "event_participant", "campaign_recipient"] {
                try db.run("DELETE FROM \(table) WHERE customer_number = ?", number)
            }
            try db.run("DELETE FROM audit_log WHERE entity IN ('customer', 'consent') AND entity_id = ?", number)
            try audit("forget", "customer", number)
        }
    }

    /// Names, e-mail, phone forms and street: what must not survive in free text.
    static func identifyingTexts(_ c: Customer) -> [String] {
        var texts = [c.fullName, "\(c.lastName) \(c.firstName)", c.firstName, c.lastName]
        if let email = c.email { texts.append(email) }
        if let phone = c.phone { texts += [phone, Phone.display(phone)] + Phone.searchForms(phone) }
        if let street = c.street { texts.append(street) }
        // Longest first, so the full name goes before its parts.
        return Array(Set(texts.filter { $0.count >= 2 })).sorted { $0.count > $1.count }
    }

    /// Whether `text` has the person's first or last name as a word of its own.
    static func names(_ c: Customer, in text: String) -> Bool {
        let words = Set(SearchFolding.terms(text))
        return [c.firstName, c.lastName].contains { name in
            let folded = SearchFolding.terms(name)
            return !folded.isEmpty && folded.allSatisfy { $0.count >= 2 && words.contains($0) }
        }
    }

    static let placeholder = "[poistettu]"

    static func scrub(_ text: String, removing needles: [String]) -> String {
        var result = text
        for needle in needles {
            result = result.replacingOccurrences(of: needle, with: placeholder, options: [.caseInsensitive, .diacriticInsensitive])
        }
        return result
    }

    func appendErasureLog(_ entry: ErasureLogEntry) throws(StoreError) {
        let path = erasureLogPath
        let fd = Foundation.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .refused("cannot write the erasure log \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var line = try? encoder.encode(entry) else { throw .refused("cannot encode the erasure log entry") }
        line.append(0x0A)
        let written = line.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else {
            throw .refused("cannot write the erasure log \(path): \(String(cString: strerror(errno)))")
        }
    }

    public func erasureLog() throws(StoreError) -> [ErasureLogEntry] {
        try ErasureLog.read(erasureLogPath)
    }

    /// Forgets again everyone in the erasure log who is not forgotten in this file (after a
    /// restore from an older backup). Blockers do not apply: the erasure already happened.
    /// Returns the customer numbers erased again.
    @discardableResult
    public func replayErasureLog(_ entries: [ErasureLogEntry]) throws(StoreError) -> [Int64] {
        var replayed: [Int64] = []
        for entry in entries {
            guard let customer = try customer(entry.customer) else { continue }
            try erase(customer, on: LocalDate(iso: entry.forgottenOn) ?? LocalDate.today())
            replayed.append(entry.customer)
        }
        if !replayed.isEmpty { try checkpoint() }
        return replayed
    }

    /// Tombstones: forgotten customers with the date.
    public func forgottenOn(_ number: Int64) throws(StoreError) -> LocalDate? {
        try read { try db.first("SELECT forgotten_on FROM customer WHERE number = ?", [number]) { $0.optionalText(0).flatMap(LocalDate.init(iso:)) } ?? nil }
    }
}
