extension Register {
    /// `numbers` as the right side of `IN` (`WHERE customer_number IN \(list)`), for the queries
    /// `body` runs: the rows of a temporary table of this connection, which SQLite searches by
    /// rowid. `IN (SELECT value FROM json_each(?))` built a b-tree of the list again for every
    /// query, five for each chunk of a whole-register file (at 20k customers, 215M of the 1.3G
    /// instructions of its reading thread); the table is filled once for all of them. Filled
    /// for each call, in the caller's transaction if there is one: nothing is kept between
    /// calls that a rollback could leave behind. Its rows are not changes of the register (`Database.scratch`): a
    /// word kept between keystrokes stays kept. Calls do not nest (`body` must not list other
    /// numbers).
    func withListed<T>(_ numbers: [Int64], _ body: (_ list: String) throws -> T) throws -> T {
        precondition(!listing, "numbers listed while others are being read")
        listing = true
        defer { listing = false }
        try db.scratch { () throws(StoreError) in
            try db.execute("CREATE TEMP TABLE IF NOT EXISTS listed_number (number INTEGER PRIMARY KEY)")
            try db.run("DELETE FROM temp.listed_number")
            // In ascending order, each row is put after the last one, where a b-tree is searched for each.
            try db.run("INSERT OR IGNORE INTO temp.listed_number SELECT value FROM json_each(?)", Database.jsonArray(numbers.sorted()))
        }
        return try body("(SELECT number FROM temp.listed_number)")
    }
}
