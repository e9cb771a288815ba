/// A customer with everything attached, as imports and generators produce them: inserted in
/// one go by the store.
public struct CustomerRecord: Sendable {
    public var fields: CustomerChanges
    public var orders: [Order]
    public var contacts: [ContactEvent]
    public var consents: [ConsentEvent]
    public var legalHoldReason: String?
    public var restrictionReason: String?
    /// The card's UID the record came from, kept for the new customer when no one has it.
    public var uid: String?

    public init(fields: CustomerChanges, orders: [Order] = [], contacts: [ContactEvent] = [], consents: [ConsentEvent] = [],
                legalHoldReason: String? = nil, restrictionReason: String? = nil) {
        self.fields = fields
        self.orders = orders
        self.contacts = contacts
        self.consents = consents
        self.legalHoldReason = legalHoldReason
        self.restrictionReason = restrictionReason
    }
}
