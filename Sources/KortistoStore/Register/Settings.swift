import Foundation
import KortistoCore

extension Register {
    /// A stored setting, or nil.
    public func setting(_ key: String) throws(StoreError) -> String? {
        try read { try db.first("SELECT value FROM setting WHERE key = ?", [key]) { $0.text(0) } }
    }

    public func setSetting(_ key: String, _ value: String?) throws(StoreError) {
        _ = try write {
            if let value {
                try db.run("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
            } else {
                try db.run("DELETE FROM setting WHERE key = ?", key)
            }
        }
    }

    /// The register's settings (stored values; defaults are filled in by RegisterSettings).
    public func settings() throws(StoreError) -> RegisterSettings {
        let keys = Set(SettingKey.allCases.map(\.rawValue))
        let pairs = try read { try db.rows("SELECT key, value FROM setting", []) { ($0.text(0), $0.text(1)) } }
        return RegisterSettings(stored: Dictionary(uniqueKeysWithValues: pairs.filter { keys.contains($0.0) }))
    }

    /// Several settings in one transaction (nil resets a key to its default).
    /// The period is years or months, never both: setting one clears the other.
    public func setSettings(_ values: [SettingKey: String?]) throws(StoreError) {
        _ = try write {
            for (key, value) in values { try setSetting(key.rawValue, value) }
            if case .some(.some) = values[.retentionMonths], values[.retentionYears] == nil { try setSetting(SettingKey.retentionYears.rawValue, nil) }
            if case .some(.some) = values[.retentionYears], values[.retentionMonths] == nil { try setSetting(SettingKey.retentionMonths.rawValue, nil) }
            try audit("settings", "register", nil)
        }
    }

    /// Counts of what the register holds, for the privacy notice.
    public func usage() throws(StoreError) -> RegisterUsage {
        try read {
            var usage = RegisterUsage()
            try db.forEach("""
                SELECT count(*), count(email), count(phone), count(coalesce(street, postcode, town)), count(birthdate),
                       count(organisation_id), count(title), count(language), count(notes), count(identity_code),
                       count(member_since) + count(member_until) + sum(kind = 'member')
                FROM customer WHERE forgotten_on IS NULL
                """) { row in
                usage.customers = Int(row.int(0))
                usage.withEmail = Int(row.int(1))
                usage.withPhone = Int(row.int(2))
                usage.withAddress = Int(row.int(3))
                usage.withBirthdate = Int(row.int(4))
                usage.withOrganisation = Int(row.int(5))
                usage.withTitle = Int(row.int(6))
                usage.withLanguage = Int(row.int(7))
                usage.withNotes = Int(row.int(8))
                usage.identityCodes = Int(row.int(9))
                usage.members = Int(row.int(10))
            }
            usage.withLinks = Int(try db.scalarInt("SELECT count(*) FROM customer_link") ?? 0)
            usage.participants = Int(try db.scalarInt("SELECT count(*) FROM event_participant") ?? 0)
            usage.campaignRecipients = Int(try db.scalarInt("SELECT count(*) FROM campaign_recipient") ?? 0)
            usage.feedback = Int(try db.scalarInt("SELECT count(*) FROM feedback") ?? 0)
            usage.events = Int(try db.scalarInt("SELECT count(*) FROM event") ?? 0)
            usage.orders = Int(try db.scalarInt("SELECT count(*) FROM customer_order") ?? 0)
            usage.invoices = Int(try db.scalarInt("SELECT count(*) FROM customer_order WHERE invoice_number IS NOT NULL OR invoice_date IS NOT NULL") ?? 0)
            usage.contactEvents = Int(try db.scalarInt("SELECT count(*) FROM contact_event") ?? 0)
            usage.consentEvents = Int(try db.scalarInt("SELECT count(*) FROM consent_event") ?? 0)
            let kinds = Set(try db.rows("SELECT DISTINCT source_kind FROM customer WHERE source_kind IS NOT NULL AND forgotten_on IS NULL", []) { $0.text(0) })
            usage.sources = DataSource.Kind.allCases.filter { kinds.contains($0.rawValue) }
            return usage
        }
    }

    /// Demo registers are marked, so `demo --reset` never deletes a real one.
    public func isDemo() throws(StoreError) -> Bool { try setting("demo") == "1" }
    public func markAsDemo() throws(StoreError) { try setSetting("demo", "1") }
}

extension Register {
    /// A random id made once per register: vCard and calendar UIDs stay stable across exports
    /// and never collide with another register's.
    public func registerID() throws(StoreError) -> String {
        if let id = try setting("register_id") { return id }
        let id = UUID().uuidString.lowercased()
        try setSetting("register_id", id)
        return id
    }

    /// The stable UID of a customer in exports (`urn:uuid:…`).
    public func exportUID(_ number: Int64) throws(StoreError) -> String {
        try exportUIDs()(number)
    }

    /// UIDs for many customers, reading the register id once.
    public func exportUIDs() throws(StoreError) -> @Sendable (Int64) -> String {
        let prefix = Self.uidPrefix(registerID: try registerID())
        // A customer whose card came from elsewhere (a phone) keeps the UID it gave them.
        let kept = Dictionary(try read {
            try db.rows("SELECT number, vcard_uid FROM customer WHERE vcard_uid IS NOT NULL AND forgotten_on IS NULL", []) { ($0.int(0), $0.text(1)) }
        }, uniquingKeysWith: { a, _ in a })
        let prefixBytes = Array(prefix.utf8)
        return { number in
            if !kept.isEmpty, let uid = kept[number] { return uid }
            guard number >= 0 else {
                let tail = String(number, radix: 16)
                return prefix + String(repeating: "0", count: max(0, 12 - tail.count)) + tail
            }
            // The prefix and the number in hexadecimal, at least 12 digits, written at once (an
            // export of a million cards makes a million of these).
            var digits = 1
            while digits < 16 && number >> (4 * digits) != 0 { digits += 1 }
            let width = max(12, digits)
            return String(unsafeUninitializedCapacity: prefixBytes.count + width) { out in
                for (i, byte) in prefixBytes.enumerated() { out[i] = byte }
                for i in 0..<width {
                    let nibble = Int(number >> (4 * (width - 1 - i))) & 0xF
                    out[prefixBytes.count + i] = nibble < 10 ? UInt8(ascii: "0") + UInt8(nibble) : UInt8(ascii: "a") + UInt8(nibble - 10)
                }
                return prefixBytes.count + width
            }
        }
    }

    /// Keeps `uid` as the customer's card UID, unless it is one of this register's own (derived
    /// from a number) or another customer's; returns whether it was kept.
    @discardableResult
    public func keepUID(_ uid: String, for number: Int64) throws(StoreError) -> Bool {
        guard let trimmed = Self.keepable(uid, prefix: Self.uidPrefix(registerID: try registerID())) else { return false }
        return try write {
            try db.run("UPDATE customer SET vcard_uid = ? WHERE number = ? AND NOT EXISTS (SELECT 1 FROM customer WHERE vcard_uid = ?)",
                       trimmed, number, trimmed) == 1
        }
    }

    /// A UID as kept, or nil when it is none to keep (empty, too long, a line break, or one of
    /// this register's own, which derive from the number).
    static func keepable(_ uid: String, prefix: String) -> String? {
        let trimmed = uid.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 255, !trimmed.contains(where: \.isNewline), !trimmed.hasPrefix(prefix) else { return nil }
        return trimmed
    }

    /// Keeps the UIDs of a batch's new customers without reading through the UID index (an
    /// import sets the indexes aside: a lookup each was a scan each, quadratic), the ones
    /// already taken known from the start.
    final class UIDKeeper {
        private let register: Register
        private let prefix: String
        private var taken: Set<String>

        init(_ register: Register) throws(StoreError) {
            self.register = register
            prefix = Register.uidPrefix(registerID: try register.registerID())
            taken = Set(try register.read { try register.db.rows("SELECT vcard_uid FROM customer WHERE vcard_uid IS NOT NULL", []) { $0.text(0) } })
        }

        func keep(_ uid: String, for number: Int64) throws(StoreError) {
            guard let kept = Register.keepable(uid, prefix: prefix), !taken.contains(kept) else { return }
            taken.insert(kept)
            try register.db.run("UPDATE customer SET vcard_uid = ? WHERE number = ?", kept, number)
        }
    }

    /// `urn:uuid:` and the first four groups of the register's id; the customer number in hex
    /// (12 digits) completes a UID.
    static func uidPrefix(registerID: String) -> String {
        let base = registerID.split(separator: "-").map(String.init)
        return "urn:uuid:\(base[0])-\(base[1])-\(base[2])-\(base[3])-"
    }

    /// Exports are recorded: what, when, how many (no names).
    public func recordExport(_ what: String, count: Int) throws(StoreError) {
        _ = try write { try audit("export \(what)", "register", Int64(count)) }
    }
}
