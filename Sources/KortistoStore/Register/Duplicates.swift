import KortistoCore

extension Register {
    /// A live customer with this e-mail (case-insensitive) or phone (E.164), if any.
    public func existingCustomer(email: String?, phone: String?) throws(StoreError) -> Int64? {
        try read {
            if let email, let n = try db.first("SELECT number FROM customer WHERE email = ? COLLATE NOCASE AND forgotten_on IS NULL LIMIT 1", [email], { $0.int(0) }) {
                return n
            }
            if let phone, let n = try db.first("SELECT number FROM customer WHERE phone = ? AND forgotten_on IS NULL LIMIT 1", [phone], { $0.int(0) }) {
                return n
            }
            return nil
        }
    }

    /// Every live customer's e-mail address and phone number, read in one pass each: an import
    /// of many rows then asks memory instead of the file twice per row.
    public func duplicateIndex() throws(StoreError) -> DuplicateIndex {
        try read {
            var index = DuplicateIndex()
            // Lowest number first, so the oldest customer is the one found, as a query would.
            try db.forEach("SELECT number, email, phone, first_name, last_name FROM customer WHERE forgotten_on IS NULL ORDER BY number") { row in
                index.numbers.insert(row.int(0))
                if let email = row.optionalText(1) { index.emails[email.asciiCaseFolded] = index.emails[email.asciiCaseFolded] ?? row.int(0) }
                if let phone = row.optionalText(2) {
                    index.phones[phone] = index.phones[phone] ?? row.int(0)
                    let key = DuplicateIndex.personKey(phone: phone, first: row.text(3), last: row.text(4))
                    index.phoneAndName[key] = index.phoneAndName[key] ?? row.int(0)
                }
            }
            // Our own vCards name the customer in their UID (`exportUIDs`); a register that has
            // never exported has no id yet, and none is made here (a dry run changes nothing).
            if let id = try setting("register_id") { index.ownUIDPrefix = Self.uidPrefix(registerID: id) }
            return index
        }
    }

    /// Fills the customer's empty fields from `record` and adds the bans it sets; nothing
    /// already stored is overwritten and no ban is lifted. Returns whether anything changed.
    @discardableResult
    public func merge(_ number: Int64, with record: CustomerRecord) throws(StoreError) -> Bool {
        var changed = try fill(number, from: record.fields)
        for ban in record.consents where ban.kind.isBan && ban.granted {
            if try recordConsent(ban, customer: number) { changed = true }
        }
        return changed
    }

    /// Corrects the customer from `record` (an import's `--duplicates update`): its non-empty
    /// values replace the stored ones, its bans are added and no ban is lifted; recorded as a
    /// correction. Returns what changed (`dryRun`: only says it).
    /// A correction is refused (nothing changed, the reason said) when the file names someone
    /// else than the register does (a shared e-mail), or when the corrected record would not
    /// hold together (a postcode of another country, a birthdate the identity code denies).
    @discardableResult
    public func correct(_ number: Int64, with record: CustomerRecord, dryRun: Bool = false) throws(StoreError) -> [FieldChange] {
        try write {
            let current = try requireCustomer(number)
            let (corrected, changes) = CustomerField.correct(current, with: record.fields)
            if let reason = Self.whyNotCorrect(current, corrected) { throw StoreError.refused(reason) }
            guard !dryRun else { return changes }
            if !changes.isEmpty {
                try rewrite(corrected, was: current)
                try audit("correct", "customer", number)
            }
            for ban in record.consents where ban.kind.isBan && ban.granted { try recordConsent(ban, customer: number) }
            return changes
        }
    }

    /// Why `corrected` must not replace `current`, or nil.
    static func whyNotCorrect(_ current: Customer, _ corrected: Customer) -> Refusal? {
        func folded(_ c: Customer) -> String { SearchFolding.fold(c.fullName) }
        if folded(current) != folded(corrected) {
            return Refusal("#{0} is {1} in the register but {2} in the file; not corrected (a shared e-mail?)", "\(current.number)", current.fullName, corrected.fullName)
        }
        if let postcode = corrected.postcode, (try? Postcode.validate(postcode, country: corrected.country)) == nil {
            return Refusal("#{0}: the postcode {1} is not one of {2}; not corrected", "\(current.number)", postcode, corrected.country)
        }
        if let code = corrected.identityCode, let born = PersonalIdentityCode.birthdate(of: code), let stated = corrected.birthdate,
           stated.month != born.month || stated.day != born.day || (stated.year.map { $0 != born.year } ?? false) {
            return Refusal("#{0}: the birthdate {1} disagrees with the identity code; not corrected", "\(current.number)", stated.finnish)
        }
        return nil
    }

    /// Merges the record's fields by each field's `MergeRule` (`CustomerField.merge`).
    private func fill(_ number: Int64, from changes: CustomerChanges) throws(StoreError) -> Bool {
        try write {
            let current = try requireCustomer(number)
            var incoming = Customer(number: number, firstName: "", lastName: "", since: current.since, createdAt: current.createdAt,
                                    updatedAt: current.updatedAt)
            changes.apply(to: &incoming)
            incoming.organisationName = changes.organisation ?? nil
            let merged = CustomerField.merge(incoming, into: current)
            guard merged != current else { return false }
            try rewrite(merged, was: current)
            return true
        }
    }
}

/// E-mail addresses (compared without ASCII case, as `COLLATE NOCASE`) and phone numbers of
/// live customers, for finding duplicates in bulk.
public struct DuplicateIndex: Sendable {
    var emails: [String: Int64] = [:]
    var phones: [String: Int64] = [:]
    /// Phone and folded name together (`personKey`): people who share a phone (a family, a
    /// switchboard) are told apart by their names.
    var phoneAndName: [String: Int64] = [:]
    /// Live customers, and how this register's vCard UIDs begin.
    var numbers = Set<Int64>()
    var ownUIDPrefix = ""

    /// Nobody: a register without customers.
    public init() {}

    /// The live customer a vCard exported from this register stands for (its UID says so),
    /// even one with neither e-mail nor phone to recognise them by.
    public func existing(uid: String?) -> Int64? {
        guard let uid, !ownUIDPrefix.isEmpty, uid.hasPrefix(ownUIDPrefix),
              let number = Int64(uid.dropFirst(ownUIDPrefix.count), radix: 16), numbers.contains(number) else { return nil }
        return number
    }

    /// The same person as an incoming record: the customer with this e-mail address, else with
    /// this phone number *and* this name. A shared phone alone says nothing of who someone is.
    public func samePerson(email: String?, phone: String?, firstName: String, lastName: String) -> Int64? {
        if let email, let n = emails[email.asciiCaseFolded] { return n }
        if let phone, let n = phoneAndName[Self.personKey(phone: phone, first: firstName, last: lastName)] { return n }
        return nil
    }

    /// A phone with the person's name, folded (case and diacritics do not tell people apart).
    public static func personKey(phone: String, first: String, last: String) -> String {
        phone + "|" + SearchFolding.fold(first) + "|" + SearchFolding.fold(last)
    }

    /// The customer with this e-mail address, else with this phone number, like `existingCustomer`.
    public func existing(email: String?, phone: String?) -> Int64? {
        if let email, let n = emails[email.asciiCaseFolded] { return n }
        if let phone, let n = phones[phone] { return n }
        return nil
    }
}
