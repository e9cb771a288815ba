import KortistoCore

/// Customers read from the register as their rows' bytes, made into `Customer`s on whichever
/// thread uses them: a pass over everyone reads the next chunk on its connection's thread while
/// another thread decodes and formats this one. At a million customers, decoding was a third of
/// the reading thread's time, and that thread was an export's bound.
public struct CustomerRows: Sendable {
    /// The rows as read (`customerSelect`'s columns), in the order the register returned them (the table's).
    let rows: CopiedRows
    /// Which rows make the chunk, in its order (a numbered walk's order, not the table's).
    let order: [Int]
    /// The customers' numbers, in the chunk's order.
    public let numbers: [Int64]
    /// What lives in other tables: websites and profiles, other contacts.
    let completion: Completion

    /// How many customers.
    public var count: Int { order.count }

    /// The customers `range` of the chunk's order, completed. A stored value this program does
    /// not know is an error, as when the row is read directly.
    public func customers(_ range: Range<Int>) throws(StoreError) -> [Customer] {
        var customers: [Customer] = []
        customers.reserveCapacity(range.count)
        for index in order[range] { customers.append(try Register.customerFields(from: rows[index])) }
        completion.complete(&customers)
        return customers
    }

    /// The chunk cut into ranges of `size` (the last one shorter), in order.
    public func parts(of size: Int) -> [Range<Int>] {
        precondition(size > 0)
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// The customers in order, `size` at a time: a chunk's customers are never all held at once.
    public func forEachPart(of size: Int = 500, _ body: ([Customer]) throws -> Void) throws {
        for part in parts(of: size) { try body(try customers(part)) }
    }
}

extension CustomerRows {
    /// What a chunk's customers hold in tables beside their rows (their consents and tags are
    /// on the rows, v36), read for the whole chunk with a few queries (never a few per
    /// customer), then set on each customer.
    struct Completion: Sendable {
        var links: [Int64: [ProfileLink]] = [:]
        var otherContacts: [Int64: [ContactDetail]] = [:]

        /// `numbers`' links and other contacts.
        static func read(_ register: Register, numbers: [Int64]) throws -> Completion {
            let db = register.db
            var read = Completion()
            guard !numbers.isEmpty else { return read }
            // Many registers have no websites or profiles, most no other contacts at all: one
            // probe a table saves a lookup of the whole chunk (a tenth of a 100k export's time).
            let holdsLinks = try register.holdsAny(.customerLink), holdsContacts = try register.holdsAny(.customerContact)
            guard holdsLinks || holdsContacts else { return read }
            try register.withListed(numbers) { list in
                if holdsLinks {
                    try db.forEach("SELECT customer_number, kind, url FROM customer_link WHERE customer_number IN \(list) ORDER BY id") { row in
                        read.links[row.int(0), default: []].append(ProfileLink(kind: try row.known(1, ProfileLink.Kind.self), url: row.text(2)))
                    }
                }
                guard holdsContacts else { return }
                try db.forEach("SELECT customer_number, kind, label, value FROM customer_contact WHERE customer_number IN \(list) ORDER BY id") { row in
                    read.otherContacts[row.int(0), default: []].append(
                        ContactDetail(kind: try row.known(1, ContactDetail.Kind.self), label: try row.known(2, ContactDetail.Label.self), value: row.text(3)))
                }
            }
            return read
        }

        func complete(_ customers: inout [Customer]) {
            guard !links.isEmpty || !otherContacts.isEmpty else { return }
            for i in customers.indices {
                if let links = links[customers[i].number] { customers[i].links += links }
                if let contacts = otherContacts[customers[i].number] { customers[i].otherContacts += contacts }
            }
        }
    }
}
