/// A view read a page at a time from its start (the receivables, the birthdays): the next page
/// when the cursor comes within two screens of the last row read, and everything left when End
/// is pressed (the last row is what was asked for). The view costs the same with ten rows or a
/// hundred thousand.
struct Paging: Equatable {
    static let size = 200
    /// Whether the last page read was whole (more may follow).
    private(set) var hasMore = true

    /// Reads pages while moving by `command` from `cursor` needs them; `readPage` reads the next
    /// and returns how many it read (at most `size`), `loaded` how many rows the view holds.
    mutating func extend(for command: PeopleListCommand, cursor: Int, textHeight: Int, loaded: () -> Int, readPage: () throws -> Int) throws {
        while hasMore && (command == .last || cursor + 2 * textHeight >= loaded()) {
            record(try readPage())
            if command != .last { break }
        }
    }

    /// A page of `count` rows was read.
    mutating func record(_ count: Int, of limit: Int = Paging.size) {
        hasMore = count >= limit
    }
}
