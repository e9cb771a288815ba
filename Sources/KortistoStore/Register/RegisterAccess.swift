import KortistoCore

extension Register: RegisterAccess {
    public func attend(event id: Int64, customer number: Int64, certificate: String?, expires: LocalDate?) throws {
        let day = certificate == nil ? nil : try event(id)?.date
        if let expires, let day, expires < day { throw ValidationErrors([FieldError("expires", "{0} is before the event ({1})", "\(expires.finnish)", "\(day.finnish)")]) }
        _ = try attend(event: id, customer: number, certificate: certificate, certificateDate: day, expires: expires) as Int64
    }

    public func window(matching query: SearchQuery, from start: WindowStart, limit: Int) throws -> [Customer] {
        windowsRead += 1
        switch start {
        case .first:
            return try customers(matching: query, limit: limit)
        case .last:
            return try customersFromEnd(matching: query, limit: limit)
        case let .after(anchor):
            return try customers(matching: query, after: anchor, limit: limit)
        case let .before(anchor):
            return try customers(matching: query, after: anchor, backwards: true, limit: limit)
        }
    }

    public func forgetPreview(_ number: Int64) throws -> ForgetPlan {
        var plan = try forgetPlan(number)
        plan.erases = try erasedKinds(of: plan.customer)
        return plan
    }

    /// SQLite's `data_version`: one page read, no transaction held. A change elsewhere may be
    /// a forget whose scrub waited for this window to let go: it is finished here.
    public func changesElsewhere() throws -> Int64 {
        let mark = try db.scalarInt("PRAGMA data_version") ?? 0
        if mark != lastSeenChangeMark {
            lastSeenChangeMark = mark
            // Perhaps someone forgotten: their key is not kept here either.
            keptWord = nil
            _ = try? finishPendingErasures()
        }
        return mark
    }

    @discardableResult
    public func forget(_ number: Int64, on date: LocalDate) throws -> ErasureOutcome {
        try forget(number, on: date, reference: nil)
    }

    public func count(matching query: SearchQuery) throws -> Int {
        try countCustomers(matching: query)
    }

    public func holdsCustomers() throws -> Bool {
        // The name index holds only those not forgotten: its first entry answers.
        try db.scalarInt("SELECT EXISTS (SELECT 1 FROM customer INDEXED BY customer_by_name WHERE forgotten_on IS NULL)") == 1
    }

    public func card(_ number: Int64) throws -> CustomerCard? {
        guard let customer = try customer(number) else { return nil }
        var card = CustomerCard(customer: customer, orders: try orders(ofCustomer: number), contacts: try contacts(ofCustomer: number),
                                consents: try consentEvents(ofCustomer: number), lastActivity: try lastActivity(number))
        if let id = customer.organisationID, !LabelRules.hasOwnAddress(customer) { card.organisation = try organisation(String(id)) }
        return card
    }

    public func upcomingBirthdays(from today: LocalDate, days: Int) throws -> [UpcomingBirthday] {
        try upcomingBirthdays(try birthdayOrder(from: today, days: days))
    }

    /// The birthdays of the coming `days` in the order the views show them: by the day, then as
    /// the list is (the stored name key). Only numbers, days and keys: a view reads the
    /// customers of the stretch it shows (a million customers have 48,000–82,000 birthdays in
    /// 30 days), and a page of them (`birthdayPage`). A span past a year has each birthday once,
    /// on its first day; no days have none.
    public func birthdayOrder(from today: LocalDate, days: Int) throws -> [BirthdayEntry] {
        try birthdayEntries(from: today, days: days, after: nil, limit: nil)
    }

    public func birthdayPage(from today: LocalDate, days: Int, after: BirthdayEntry?, limit: Int) throws -> [BirthdayEntry] {
        try birthdayEntries(from: today, days: days, after: after, limit: limit)
    }

    /// Read from the index alone, as `birthdayOrder`'s days are: every entry counted, none made.
    public func birthdayCount(from today: LocalDate, days: Int) throws -> Int {
        let keys = Self.birthdayDays(from: today, days: days).flatMap(\.keys)
        guard !keys.isEmpty else { return 0 }
        // Counted in the index's order: the days' names are not sorted together (a week's
        // 19,000 at a million took 6 ms sorted).
        return Int(try read {
            try db.first("SELECT count(*) FROM customer INDEXED BY customer_by_birthday WHERE \(Self.birthdaysOn(days: keys.count))", keys) { $0.int(0) } ?? 0
        })
    }

    /// Each day's entries of the birthdays' index, in its order (v31: the day, the name key, the
    /// number), which holds every column named: no customer's row is read, nothing is sorted
    /// here (all the days' rows read and sorted by name took 0.3–0.8 s at a million). From the
    /// day of `after`, after it; the days after that whole; until `limit` are read.
    private func birthdayEntries(from today: LocalDate, days: Int, after: BirthdayEntry?, limit: Int?) throws -> [BirthdayEntry] {
        var found: [BirthdayEntry] = []
        try db.reading {
            for (date, keys) in Self.birthdayDays(from: today, days: days) where after.map({ date >= $0.date }) ?? true {
                let left = limit.map { $0 - found.count } ?? Int(Int32.max)
                guard left > 0 else { break }
                let anchor = after.flatMap { $0.date == date ? $0 : nil }
                try db.forEach(Self.birthdaysQuery(days: keys.count, after: anchor != nil) + " LIMIT ?",
                               keys + (anchor.map { [$0.key, $0.number] } ?? []) + [left]) { row in
                    found.append(BirthdayEntry(number: row.int(0), date: date, key: row.text(1)))
                }
            }
        }
        return found
    }

    /// The month-days ("12-24") each of the coming `days` holds birthdays of: a 29 February
    /// birthday counts on 28 February in a common year; a span past a year has each once, on
    /// its first day, and days left without any are left out.
    static func birthdayDays(from today: LocalDate, days: Int) -> [(date: LocalDate, keys: [String])] {
        var seen: Set<String> = []
        return (0..<max(0, days)).compactMap { offset in
            let date = today.adding(days: offset)
            var keys = [String(date.iso.suffix(5))]
            if keys[0] == "02-28" && !LocalDate.isLeap(date.year) { keys.append("02-29") }
            keys.removeAll { !seen.insert($0).inserted }
            return keys.isEmpty ? nil : (date, keys)
        }
    }

    /// The customers whose birthdays fall on `days` month-days ("12-24"), in name order (their
    /// number and name key); `after`: those after a name key and number, the last two arguments.
    static func birthdaysQuery(days: Int, after: Bool = false) -> String {
        """
        SELECT number, sort_key FROM customer INDEXED BY customer_by_birthday
        WHERE \(birthdaysOn(days: days))\(after ? " AND (sort_key, number) > (?, ?)" : "")
        ORDER BY sort_key, number
        """
    }

    /// The condition of the live customers whose birthdays fall on `days` month-days (as many
    /// arguments), as the birthdays' index holds them.
    private static func birthdaysOn(days: Int) -> String {
        "substr(birthdate, -5) IN (\(Array(repeating: "?", count: days).joined(separator: ","))) AND forgotten_on IS NULL AND birthdate IS NOT NULL"
    }

    /// The customers of `entries`, in their order, with the age each turns; anyone forgotten
    /// since the order was read is left out.
    public func upcomingBirthdays(_ entries: some Collection<BirthdayEntry>) throws -> [UpcomingBirthday] {
        var result: [UpcomingBirthday] = []
        result.reserveCapacity(entries.count)
        var dates: [Int64: LocalDate] = [:]
        for entry in entries { dates[entry.number] = entry.date }
        try forEachCustomer(numbered: entries.map(\.number)) { customer in
            guard let birthdate = customer.birthdate, let date = dates[customer.number] else { return }
            result.append(UpcomingBirthday(customer: customer, date: date, turns: birthdate.year.map { date.year - $0 }))
        }
        return result
    }
}
