import KortistoCore

/// A customer's current consents as their row keeps them (`customer.consents`, v36): two bits a
/// kind (an event of the kind is held; the latest one granted). The latest event of each kind
/// decides, as the `current_consent` view says: by date, then by id.
struct ConsentBits: Equatable, Sendable {
    private var raw: UInt16 = 0
    /// The kinds in the order of their bits, as version 36 wrote them into its view and
    /// triggers (a test holds the two equal). A new kind is a new migration.
    private static let kinds: [ConsentKind] = [.publication, .marketing, .research, .disclosure, .newsletter, .sms]

    init() {}

    /// The row's value (NULL read as 0: no event); -1 (an event of a kind this program does
    /// not know), bits it does not know, or a kind's pair it never writes (granted without an
    /// event) are an error, as any stored value it does not know.
    init(stored value: Int64) throws(StoreError) {
        if value == -1 { throw .unknownStoredValue(what: "the kinds of consent it knows", value: "a consent event of another kind") }
        let pairs = (0..<Self.kinds.count).map { value >> Int64(2 * $0) & 3 }
        guard value >= 0, value >> Int64(2 * Self.kinds.count) == 0, !pairs.contains(2) else {
            throw .unknownStoredValue(what: "a customer's consents", value: "\(value)")
        }
        raw = UInt16(value)
    }

    /// The latest event of `kind` (recorded in date and id order, a later one replaces an
    /// earlier): the layout's one definition on this side, which the tests hold every row's
    /// value (`stored`) against.
    mutating func record(_ kind: ConsentKind, granted: Bool) {
        let shift = UInt16(Self.kinds.firstIndex(of: kind)! * 2)
        raw = raw & ~(3 << shift) | (granted ? 3 : 1) << shift
    }

    /// The value the row keeps.
    var stored: Int64 { Int64(raw) }

    /// Whether the latest event of `kind` granted it; nil when there is none.
    func granted(_ kind: ConsentKind) -> Bool? {
        let bits = raw >> UInt16(Self.kinds.firstIndex(of: kind)! * 2) & 3
        return bits == 0 ? nil : bits == 3
    }

    /// The bans in effect, in `ConsentKind.bans`' order.
    var bans: [ConsentKind] { raw == 0 ? [] : ConsentKind.bans.filter { granted($0) == true } }

    /// Sets the customer's bans and consents: every one of them, so that a customer filled in
    /// again from another row keeps nothing of the one before.
    func set(on customer: inout Customer) {
        customer.bans = bans
        customer.newsletterConsent = granted(.newsletter) == true
        customer.smsConsent = granted(.sms) == true
        customer.smsConsentWithdrawn = granted(.sms) == false
    }
}

/// A customer's tags as their row keeps them (`customer.tags`, v36): in their keys' order,
/// parted by U+001F, which no tag holds (a tag is one line without control characters); NULL
/// for none.
enum StoredTags {
    static func list(_ stored: String?) -> [String] {
        guard let stored else { return [] }
        return stored.utf8.split(separator: 0x1F, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}
