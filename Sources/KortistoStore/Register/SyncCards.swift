import Foundation
import KortistoCore

/// A card in a vdir and its customer, as the last `sync` left them.
public struct SyncCard: Sendable, Equatable {
    public var uid: String
    /// The file's name in the vdir; nil once the card was deleted there.
    public var file: String?
    public var customer: Int64
    /// Per field key, the hash (`StableHash`) of the value both sides last agreed on.
    public var base: [String: String]

    public init(uid: String, file: String?, customer: Int64, base: [String: String]) {
        self.uid = uid
        self.file = file
        self.customer = customer
        self.base = base
    }

    /// A forgotten customer's card: only its UID's hash is kept.
    public var isForgotten: Bool { uid.hasPrefix("#") }

    /// How a forgotten card's UID is kept.
    public static func forgottenUID(_ uid: String) -> String { "#" + StableHash.hex(uid) }
}

/// What one sync changes in the register, written in one transaction: the customers the vdir
/// changed, those it added, and the cards' new state.
public struct SyncChanges: Sendable {
    public struct Edit: Sendable {
        public var number: Int64
        public var changes: CustomerChanges
        public var revision: Int64
        public init(number: Int64, changes: CustomerChanges, revision: Int64) {
            self.number = number
            self.changes = changes
            self.revision = revision
        }
    }

    public struct Addition: Sendable {
        public var changes: CustomerChanges
        public var card: SyncCard
        public init(changes: CustomerChanges, card: SyncCard) {
            self.changes = changes
            self.card = card
        }
    }

    public var edits: [Edit] = []
    public var additions: [Addition] = []
    /// Cards to keep (new or changed state), by UID.
    public var cards: [SyncCard] = []
    /// Cards to forget entirely (their customer is no longer on any list).
    public var dropped: [String] = []

    public init() {}
    public var isEmpty: Bool { edits.isEmpty && additions.isEmpty && cards.isEmpty && dropped.isEmpty }
}

/// What a sync's transaction did: the customers added, in order, and those left out because
/// they were forgotten or restricted meanwhile.
public struct SyncOutcome: Sendable {
    public var added: [Int64]
    public var skipped: Set<Int64>
}

extension Register {
    /// The cards of the vdir `vdir` (its absolute path) as the last sync left them.
    public func syncCards(vdir: String) throws(StoreError) -> [SyncCard] {
        try read {
            try db.rows("SELECT uid, file, customer_number, base FROM sync_card WHERE vdir = ? ORDER BY uid", [vdir]) { row in
                SyncCard(uid: row.text(0), file: row.optionalText(1), customer: row.int(2), base: Self.decodeBase(row.text(3)))
            }
        }
    }

    /// A customer's cards in every synced vdir (not those of the forgotten: only hashes).
    public func syncCards(ofCustomer number: Int64) throws(StoreError) -> [(vdir: String, card: SyncCard)] {
        try read {
            try db.rows("SELECT vdir, uid, file, base FROM sync_card WHERE customer_number = ? AND uid NOT LIKE '#%' ORDER BY vdir", [number]) { row in
                (row.text(0), SyncCard(uid: row.text(1), file: row.optionalText(2), customer: number, base: Self.decodeBase(row.text(3))))
            }
        }
    }

    /// Writes a sync's changes in one transaction; returns the numbers of the customers added,
    /// in order, and those left out because they were forgotten or restricted meanwhile (their
    /// cards are not kept). An edit refused (someone changed the customer meanwhile) refuses the whole.
    @discardableResult
    public func applySync(_ sync: SyncChanges, vdir: String, today: LocalDate) throws(StoreError) -> SyncOutcome {
        try write { () throws(StoreError) -> SyncOutcome in
            var skipped = Set<Int64>()
            for number in Set(sync.edits.map(\.number) + sync.cards.map(\.customer)) {
                let gone = try db.scalarInt("SELECT forgotten_on IS NOT NULL OR restriction_reason IS NOT NULL FROM customer WHERE number = ?", number)
                if gone != 0 { skipped.insert(number) }
            }
            for edit in sync.edits where !skipped.contains(edit.number) { try updateCustomer(edit.number, edit.changes, expectedRevision: edit.revision) }
            var added: [Int64] = []
            for addition in sync.additions {
                let number = try addCustomer(addition.changes, today: today)
                var card = addition.card
                card.customer = number
                try keepUID(card.uid, for: number)
                try saveSyncCard(card, vdir: vdir)
                added.append(number)
            }
            for card in sync.cards where !skipped.contains(card.customer) { try saveSyncCard(card, vdir: vdir) }
            for uid in sync.dropped { try db.run("DELETE FROM sync_card WHERE vdir = ? AND uid = ?", vdir, uid) }
            if !sync.isEmpty { try audit("sync", "register", Int64(sync.edits.count + sync.additions.count)) }
            return SyncOutcome(added: added, skipped: skipped)
        }
    }

    private func saveSyncCard(_ card: SyncCard, vdir: String) throws(StoreError) {
        try db.run("INSERT OR REPLACE INTO sync_card(vdir, uid, file, customer_number, base) VALUES (?, ?, ?, ?, ?)",
                   vdir, card.uid, card.file, card.customer, Self.encodeBase(card.base))
    }

    /// The synced card files (absolute paths) of these customers.
    /// 500 numbers a query: a review's bulk forget may name more people than SQLite binds at once.
    func syncCardFiles(of numbers: [Int64]) throws(StoreError) -> [(customer: Int64, file: String)] {
        var files: [(customer: Int64, file: String)] = []
        var start = 0
        while start < numbers.count {
            let chunk = numbers[start..<min(numbers.count, start + 500)]
            start += chunk.count
            let list = "(" + Array(repeating: "?", count: chunk.count).joined(separator: ",") + ")"
            files += try read {
                try db.rows("SELECT customer_number, vdir || '/' || file FROM sync_card WHERE file IS NOT NULL AND customer_number IN \(list)",
                            chunk.map { $0 as any SQLBindable }) { ($0.int(0), $0.text(1)) }
            }
        }
        return files
    }

    /// On forgetting: the customer's cards keep only their UIDs' hashes (the caller removes
    /// their files once the erasure has committed).
    func forgetSyncCards(of number: Int64) throws(StoreError) {
        let cards = try read {
            try db.rows("SELECT vdir, uid, file FROM sync_card WHERE customer_number = ? AND uid NOT LIKE '#%'", [number]) {
                (vdir: $0.text(0), uid: $0.text(1), file: $0.optionalText(2))
            }
        }
        for card in cards {
            try db.run("DELETE FROM sync_card WHERE vdir = ? AND uid = ?", card.vdir, card.uid)
            // Not even the file's name (often the UID itself) stays: the hash finds the card.
            try db.run("INSERT OR REPLACE INTO sync_card(vdir, uid, file, customer_number, base) VALUES (?, ?, NULL, ?, '')",
                       card.vdir, SyncCard.forgottenUID(card.uid), number)
        }
    }

    static func encodeBase(_ base: [String: String]) -> String {
        base.keys.sorted().map { "\($0)=\(base[$0]!)" }.joined(separator: ";")
    }

    static func decodeBase(_ text: String) -> [String: String] {
        var base: [String: String] = [:]
        for pair in text.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { base[String(parts[0])] = String(parts[1]) }
        }
        return base
    }
}
