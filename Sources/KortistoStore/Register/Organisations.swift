import KortistoCore

extension Register {
    static let organisationSelect = "SELECT id, name, business_id, street, postcode, town, country, website, notes, email, phone FROM organisation"

    func organisation(from row: Row) -> Organisation {
        Organisation(id: row.int(0), name: row.text(1), businessID: row.optionalText(2), street: row.optionalText(3),
                     postcode: row.optionalText(4), town: row.optionalText(5), country: row.text(6),
                     website: row.optionalText(7), notes: row.optionalText(8), email: row.optionalText(9), phone: row.optionalText(10))
    }

    /// Adds an organisation; returns its id. A Y-tunnus already in the register is refused.
    @discardableResult
    public func addOrganisation(_ organisation: Organisation) throws(StoreError) -> Int64 {
        try write {
            if let businessID = organisation.businessID,
               let existing = try db.first("SELECT name FROM organisation WHERE business_id = ?", [businessID], { $0.text(0) }) {
                throw StoreError.refused(Refusal("Y-tunnus {0} already belongs to {1}", "\(businessID)", "\(existing)"))
            }
            let stamp = timestamp
            try db.run("""
                INSERT INTO organisation (name, sort_key, business_id, street, postcode, town, country, website, notes, email, phone,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, organisation.name, FinnishOrder.key(organisation.name), organisation.businessID, organisation.street,
                organisation.postcode, organisation.town, organisation.country, organisation.website, organisation.notes,
                organisation.email, organisation.phone, stamp, stamp)
            let id = db.lastInsertRowID
            try audit("add", "organisation", id)
            return id
        }
    }

    /// The id of the organisation with this name (case- and spacing-insensitive), created when
    /// there is none: typing a customer's organisation should not need a separate step.
    func organisationID(named name: String) throws(StoreError) -> Int64 {
        if let id = try read({ try db.first("SELECT id FROM organisation WHERE sort_key = ? ORDER BY id LIMIT 1", [FinnishOrder.key(name)]) { $0.int(0) } }) {
            return id
        }
        return try addOrganisation(Organisation(name: name))
    }

    /// Fills the organisation's empty fields from `incoming` (an import of a firm's card):
    /// nothing stored is overwritten. Returns whether anything changed.
    @discardableResult
    public func completeOrganisation(_ id: Int64, with incoming: Organisation) throws(StoreError) -> Bool {
        try write {
            let changed = try db.run("""
                UPDATE organisation SET business_id = coalesce(business_id, ?), street = coalesce(street, ?), postcode = coalesce(postcode, ?),
                    town = coalesce(town, ?), website = coalesce(website, ?), notes = coalesce(notes, ?), email = coalesce(email, ?),
                    phone = coalesce(phone, ?), updated_at = ?
                WHERE id = ? AND (business_id IS NULL AND ? IS NOT NULL OR street IS NULL AND ? IS NOT NULL OR postcode IS NULL AND ? IS NOT NULL
                    OR town IS NULL AND ? IS NOT NULL OR website IS NULL AND ? IS NOT NULL OR notes IS NULL AND ? IS NOT NULL
                    OR email IS NULL AND ? IS NOT NULL OR phone IS NULL AND ? IS NOT NULL)
                """, arguments: [incoming.businessID, incoming.street, incoming.postcode, incoming.town, incoming.website, incoming.notes,
                                 incoming.email, incoming.phone, timestamp, id, incoming.businessID, incoming.street, incoming.postcode,
                                 incoming.town, incoming.website, incoming.notes, incoming.email, incoming.phone])
            if changed > 0 { try audit("edit", "organisation", id) }
            return changed > 0
        }
    }

    public func organisations() throws(StoreError) -> [Organisation] {
        try read { try db.rows(Self.organisationSelect + " ORDER BY sort_key, id", [], organisation(from:)) }
    }

    /// By id (`12`) or by name.
    public func organisation(_ reference: String) throws(StoreError) -> Organisation? {
        try read {
            if let id = Int64(reference) {
                if let found = try db.first(Self.organisationSelect + " WHERE id = ?", [id], organisation(from:)) { return found }
            }
            return try db.first(Self.organisationSelect + " WHERE sort_key = ? ORDER BY id LIMIT 1", [FinnishOrder.key(reference)], organisation(from:))
        }
    }

    /// Customers who belong to the organisation, in name order.
    public func members(ofOrganisation id: Int64) throws(StoreError) -> [Customer] {
        try read {
            try completed(db.rows(Self.customerSelect() + " WHERE c.organisation_id = ? AND c.forgotten_on IS NULL ORDER BY c.sort_key, c.number",
                                  [id], Self.customerFields(from:)))
        }
    }
}
