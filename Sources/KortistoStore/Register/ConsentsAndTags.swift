import KortistoCore

/// A customer's current consents as `CustomerRows.Completion` reads them: two bits a kind (an event of the
/// kind is held; the latest one granted). The latest event of each kind decides, as the
/// `current_consent` view says: recorded in (date, id) order, a later event replaces an earlier.
struct ConsentBits: Equatable, Sendable {
    private var raw: UInt16 = 0
    /// A ninth kind would be shifted out of the 16 bits without a word.
    private static let kinds: [ConsentKind] = {
        precondition(ConsentKind.allCases.count <= UInt16.bitWidth / 2, "ConsentBits holds eight kinds of consent")
        return ConsentKind.allCases
    }()

    init() {}

    mutating func record(_ kind: ConsentKind, granted: Bool) {
        let shift = UInt16(Self.kinds.firstIndex(of: kind)! * 2)
        raw = raw & ~(3 << shift) | (granted ? 3 : 1) << shift
    }

    /// Whether the latest event of `kind` granted it; nil when there is none.
    func granted(_ kind: ConsentKind) -> Bool? {
        let bits = raw >> UInt16(Self.kinds.firstIndex(of: kind)! * 2) & 3
        return bits == 0 ? nil : bits == 3
    }

    /// The bans in effect, in `ConsentKind.bans`' order.
    var bans: [ConsentKind] { raw == 0 ? [] : ConsentKind.bans.filter { granted($0) == true } }

    /// Sets the customer's bans and consents; a customer with no events keeps the defaults.
    func apply(to customer: inout Customer) {
        guard raw != 0 else { return }
        customer.bans = bans
        customer.newsletterConsent = granted(.newsletter) == true
        customer.smsConsent = granted(.sms) == true
        customer.smsConsentWithdrawn = granted(.sms) == false
    }
}

/// The consents and tags of many customers, read ahead in their tables' own order: everyone's
/// for a pass over every customer (an export, a list of everyone), or a long selection's (a
/// common word's 25k customers at a million), where looking them up a slice of 500 at a time
/// visited index pages all over the file (half of a million-customer export's time, two page
/// reads in three of a common word's list). Two bytes a customer for the consents, and four
/// for the tags: an index into the distinct lists of tags.
struct ConsentsAndTags: Sendable {
    private var consents: ByNumber<ConsentBits>
    private var tags: ByNumber<UInt32>
    /// The distinct lists of tags; the first is none.
    private var tagLists: [[String]] = [[]]

    /// Nobody's: every customer without consents or tags.
    static let none = ConsentsAndTags(consents: ByNumber(empty: ConsentBits()), tags: ByNumber(empty: 0))

    /// Everyone's (the tags unless not `tags`), read inside the caller's read transaction, so
    /// that the customers' rows read after are of the same moment.
    static func everyone(_ db: Database, span: NumberSpan, tags: Bool = true) throws -> ConsentsAndTags {
        // No array for the tags when none are read (four bytes a customer).
        var read = ConsentsAndTags(consents: ByNumber(span, empty: ConsentBits()), tags: tags ? ByNumber(span, empty: 0) : ByNumber(empty: 0))
        try read.read(db, only: "", [], tags: tags)
        return read
    }

    /// The condition that picks the customers of a list bound as one JSON array (`of`).
    static let listed = " WHERE customer_number IN (SELECT value FROM json_each(?))"

    /// Those of `numbers`, looked up in number order (SQLite sorts the list): one query a table,
    /// and none for the tags unless `tags`.
    static func of(_ db: Database, numbers: [Int64], tags: Bool = true) throws -> ConsentsAndTags {
        var read = none
        try read.read(db, only: listed, [Database.jsonArray(numbers)], tags: tags)
        return read
    }

    private init(consents: ByNumber<ConsentBits>, tags: ByNumber<UInt32>) {
        self.consents = consents
        self.tags = tags
    }

    /// The consent events of the customers `condition` picks (none: everyone's), in the order
    /// their states are worked out in; from the index alone (v35).
    static func consentsQuery(_ condition: String) -> String {
        """
        SELECT customer_number, kind, granted FROM consent_event INDEXED BY consent_by_customer\(condition)
        ORDER BY customer_number, kind, date, id
        """
    }

    private mutating func read(_ db: Database, only condition: String, _ arguments: [any SQLBindable], tags readTags: Bool) throws {
        try db.forEach(Self.consentsQuery(condition), arguments) { row in
            consents[row.int(0)].record(try row.known(1, ConsentKind.self), granted: row.bool(2))
        }
        guard readTags else { return }
        var listIndex: [[String]: UInt32] = [[]: 0]
        var number: Int64?
        var list: [String] = []
        func finish() {
            guard let number else { return }
            let index = listIndex[list] ?? UInt32(tagLists.count)
            if index == tagLists.count {
                tagLists.append(list)
                listIndex[list] = index
            }
            tags[number] = index
        }
        try db.forEach("SELECT customer_number, tag FROM customer_tag\(condition) ORDER BY customer_number, tag_key", arguments) { row in
            if row.int(0) != number {
                finish()
                number = row.int(0)
                list.removeAll(keepingCapacity: true)
            }
            list.append(row.text(1))
        }
        finish()
    }

    /// The customer's consents as read.
    func consents(of number: Int64) -> ConsentBits { consents[number] }

    /// Sets the customer's consents, and unless `consentsOnly` their tags.
    func complete(_ customer: inout Customer, consentsOnly: Bool) {
        consents[customer.number].apply(to: &customer)
        if !consentsOnly { customer.tags = tagLists[Int(tags[customer.number])] }
    }
}
