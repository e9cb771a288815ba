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

    /// Fills the customer's empty fields from `changes`; nothing already stored is overwritten.
    /// Returns whether anything changed.
    @discardableResult
    public func merge(_ number: Int64, with changes: CustomerChanges) throws(StoreError) -> Bool {
        let current = try requireCustomer(number)
        var fill = CustomerChanges()
        func take<T>(_ new: T??, _ old: T?) -> T?? { old == nil ? (new ?? nil).map { .some($0) } : nil }
        fill.organisation = take(changes.organisation, current.organisationName)
        fill.title = take(changes.title, current.title)
        fill.email = take(changes.email, current.email)
        fill.phone = take(changes.phone, current.phone)
        fill.street = take(changes.street, current.street)
        fill.postcode = take(changes.postcode, current.postcode)
        fill.town = take(changes.town, current.town)
        fill.birthdate = take(changes.birthdate, current.birthdate)
        fill.language = take(changes.language, current.language)
        fill.notes = take(changes.notes, current.notes)
        guard fill != CustomerChanges() else { return false }
        try updateCustomer(number, fill)
        return true
    }
}
