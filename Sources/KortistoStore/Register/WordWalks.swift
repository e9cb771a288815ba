import CSQLite
import Foundation

/// A customer's place in the list: their sort key's bytes, then their number (as SQLite orders
/// `(sort_key, customer_number)`: bytes, then length).
struct NamePlace {
    var key: [UInt8]
    var number: Int64

    /// -1 below `other` in name order, 0 the same place, 1 above: the keys' bytes as SQLite's
    /// BINARY collation compares them (then the shorter first), then the numbers.
    func compared(to other: NamePlace) -> Int {
        let common = min(key.count, other.key.count)
        let order = common == 0 ? 0 : key.withUnsafeBufferPointer { a in
            other.key.withUnsafeBufferPointer { b in memcmp(a.baseAddress!, b.baseAddress!, common) }
        }
        if order != 0 { return order < 0 ? -1 : 1 }
        if key.count != other.key.count { return key.count < other.key.count ? -1 : 1 }
        return number == other.number ? 0 : number < other.number ? -1 : 1
    }

    /// The first place a walk may stand on after this one (before it, `backwards`): a
    /// customer is found once.
    func next(backwards: Bool) -> NamePlace { NamePlace(key: key, number: backwards ? number &- 1 : number &+ 1) }

    /// Before every customer (after every one, `backwards`: a key of the byte 0xFF sorts above
    /// every UTF-8 text, whose first byte is at most 0xF4).
    static func start(backwards: Bool) -> NamePlace {
        backwards ? NamePlace(key: [0xFF], number: .max) : NamePlace(key: [], number: .min)
    }
}

/// One word's customers in name order, one at a time, walked through v34's index of the terms
/// by their first two letters in name order: a walk for each pair the word's terms begin with
/// (one, or for a word of one letter each pair under it), the nearest of them. Several words'
/// walks leap to where the furthest one stands (`window(of:from:backwards:count:)`).
final class WordWalk {
    private let walks: [PairWalk]

    /// `range`: the terms the word begins (`term >= ? AND term < ?`); `pairs`: their first
    /// two letters. Statements of its own, finalized when the walk goes.
    init(_ db: Database, range: (low: String, high: String), pairs: [String], backwards: Bool) throws(StoreError) {
        var walks: [PairWalk] = []
        for pair in pairs { walks.append(try PairWalk(db, pair: pair, range: range, backwards: backwards)) }
        self.walks = walks
    }

    /// The word's first customer at or after `target` in name order (at or before it,
    /// `backwards`), or nil when there is none. Targets only ever go forwards.
    func seek(_ target: NamePlace) throws(StoreError) -> NamePlace? {
        var nearest: NamePlace?
        for walk in walks where try walk.seek(target) {
            if let found = nearest, (walk.place.compared(to: found) < 0) == walk.backwards { continue }
            nearest = walk.place
        }
        return nearest
    }

    /// The first `count` customers from `start` (itself included) in name order (going
    /// `backwards`: down from it) whose terms each word begins: each word's walk is sought to
    /// where the furthest stands until all stand on one customer (a leapfrog join). A word's
    /// customers near one another cost a step each, far apart one seek: never a customer for
    /// every one the window passes.
    static func window(of words: [WordWalk], from start: NamePlace, backwards: Bool, count: Int) throws(StoreError) -> [Int64] {
        precondition(!words.isEmpty)
        var found: [Int64] = []
        var target = start
        while found.count < count {
            var agreeing = 0, word = 0
            while agreeing < words.count {
                guard let place = try words[word].seek(target) else { return found }
                if place.compared(to: target) == 0 {
                    agreeing += 1
                } else {
                    target = place
                    agreeing = 1
                }
                word = (word + 1) % words.count
            }
            found.append(target.number)
            target = target.next(backwards: backwards)
        }
        return found
    }
}

/// The terms of one pair of first letters that a word begins, in name order (`backwards`: the
/// other way), as one statement stepped on: towards a new place a few rows are stepped
/// (`stepsBeforeSeek`), and where it lies further the statement is sought there again. Its
/// statement is its own: a walk lives only inside the window that made it, never past the
/// connection (`Register.walkedTogether`).
final class PairWalk {
    private let statement: Statement
    private let pair: String
    private let range: (low: String, high: String)
    let backwards: Bool
    /// The row the walk stands on, while `standing`.
    private(set) var place = NamePlace(key: [], number: 0)
    private var standing = false
    private var ended = false

    /// Rows stepped through before the walk is sought again instead (a seek is a descent of
    /// the index, some 2–4 µs; a row stepped over about 0.1–0.2 µs): at most 16, and halved
    /// each time stepping fell short, doubled each time it arrived, so that a word whose
    /// customers lie far apart here is sought at once ("matti virtanen helsinki" at a million:
    /// each of 3,195 scattered Virtanen terms passed Matti's and Helsinki's walks by; 1.5M of
    /// SQLite's instructions with 16 steps, 1.0M adapting).
    private var stepsBeforeSeek = 16

    init(_ db: Database, pair: String, range: (low: String, high: String), backwards: Bool) throws(StoreError) {
        statement = try db.ownStatement(Self.sql(backwards: backwards))
        self.pair = pair
        self.range = range
        self.backwards = backwards
    }

    deinit { statement.finalize() }

    /// The walk's statement: the pair, the word's range of terms, and the place sought (a
    /// descent of the index to the pair and the place: `Register.explainWordWalk`).
    static func sql(backwards: Bool) -> String {
        let (comparison, order) = backwards ? ("<=", "DESC") : (">=", "ASC")
        return """
            SELECT sort_key, customer_number FROM search_term INDEXED BY search_term_by_pair_in_name_order
            WHERE substr(term, 1, 2) = ? AND term >= ? AND term < ? AND (sort_key, customer_number) \(comparison) (?, ?)
            ORDER BY sort_key \(order), customer_number \(order)
            """
    }

    /// Stands on the first row at or after `target` (at or before it, `backwards`); false when
    /// there is none.
    func seek(_ target: NamePlace) throws(StoreError) -> Bool {
        if ended { return false }
        // Still before the target in the walk's direction.
        func short() -> Bool {
            let order = place.compared(to: target)
            return backwards ? order > 0 : order < 0
        }
        if standing {
            if !short() { return true }
            for _ in 0..<stepsBeforeSeek {
                guard try step() else { return false }
                if !short() {
                    stepsBeforeSeek = min(16, 2 * stepsBeforeSeek)
                    return true
                }
            }
            stepsBeforeSeek = max(1, stepsBeforeSeek / 2)
        }
        statement.reset()
        statement.bind(1, pair)
        statement.bind(2, range.low)
        statement.bind(3, range.high)
        statement.bind(4, utf8: target.key)
        statement.bind(5, target.number)
        return try step()
    }

    private func step() throws(StoreError) -> Bool {
        guard try statement.step() else {
            standing = false
            ended = true
            return false
        }
        let row = Row(statement: statement)
        place.number = row.int(1)
        place.key.removeAll(keepingCapacity: true)
        row.withText(0) { place.key.append(contentsOf: $0) }
        standing = true
        return true
    }
}
