import Foundation
import KortistoCore

/// Events and trainings, campaigns and feedback: what the register keeps beyond customers and
/// orders. Every change is one transaction and audited by id only.
extension Register {
    // MARK: Events

    @discardableResult
    public func addEvent(_ event: Event) throws(StoreError) -> Int64 {
        try write {
            try db.run("INSERT INTO event(name, date, place, trainer, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       event.name, event.date.iso, event.place, event.trainer, event.kind.rawValue, timestamp)
            let id = db.lastInsertRowID
            try audit("add", "event", id)
            return id
        }
    }

    private static let eventSelect = "SELECT id, name, date, place, trainer, kind FROM event"

    /// An event from the six columns of `eventSelect`, starting at column `at`.
    private func event(from row: Row, at c: Int32 = 0) throws(StoreError) -> Event {
        Event(id: row.int(c), name: row.text(c + 1), date: try row.date(c + 2), place: row.optionalText(c + 3),
              trainer: row.optionalText(c + 4), kind: try row.known(c + 5, Event.Kind.self))
    }

    public func event(_ id: Int64) throws(StoreError) -> Event? {
        try read { try db.first(Self.eventSelect + " WHERE id = ?", [id]) { try event(from: $0) } }
    }

    /// Newest first, with how many took part.
    public func events(limit: Int = 1000) throws(StoreError) -> [(event: Event, participants: Int)] {
        try read {
            try db.rows("""
                SELECT e.id, e.name, e.date, e.place, e.trainer, e.kind, (SELECT count(*) FROM event_participant p WHERE p.event_id = e.id)
                FROM event e ORDER BY e.date DESC, e.id DESC LIMIT ?
                """, [limit]) { (try event(from: $0), Int($0.int(6))) }
        }
    }

    private static let participantColumns = """
        p.id, p.event_id, p.customer_number, coalesce(c.first_name || ' ' || c.last_name, p.walk_in_name), p.attended,
        p.certificate, p.certificate_date, p.certificate_expires
        """
    private static let participantSelect = "SELECT \(participantColumns) FROM event_participant p LEFT JOIN customer c ON c.number = p.customer_number"

    private func participant(from row: Row) -> Participant {
        Participant(id: row.int(0), eventID: row.int(1), customerNumber: row.optionalInt(2), name: row.text(3), attended: row.bool(4),
                    certificate: row.optionalText(5), certificateDate: row.optionalText(6).flatMap(LocalDate.init(iso:)),
                    certificateExpires: row.optionalText(7).flatMap(LocalDate.init(iso:)))
    }

    /// The participant list in name order (walk-ins by the name given).
    public func participants(ofEvent id: Int64) throws(StoreError) -> [Participant] {
        try read {
            try db.rows(Self.participantSelect + " WHERE p.event_id = ?", [id], participant(from:))
                .sorted { FinnishOrder.areInIncreasingOrder($0.name, $1.name) }
        }
    }

    /// Records that a customer (or a walk-in by name) took part; a customer already on the list
    /// gets the certificate added. Refused for forgotten and restricted customers.
    @discardableResult
    public func attend(event id: Int64, customer number: Int64?, walkIn: String? = nil, attended: Bool = true, certificate: String? = nil,
                       certificateDate: LocalDate? = nil, expires: LocalDate? = nil) throws(StoreError) -> Int64 {
        try write {
            guard try event(id) != nil else { throw StoreError.notFound(Refusal("event {0}", "\(id)")) }
            if let number {
                try requireProcessable(number)
                if let existing = try db.first("SELECT id FROM event_participant WHERE event_id = ? AND customer_number = ?", [id, number], { $0.int(0) }) {
                    try db.run("""
                        UPDATE event_participant SET attended = ?, certificate = coalesce(?, certificate),
                            certificate_date = coalesce(?, certificate_date), certificate_expires = coalesce(?, certificate_expires)
                        WHERE id = ?
                        """, attended, certificate, certificateDate?.iso, expires?.iso, existing)
                    try audit("attend", "customer", number)
                    return existing
                }
            }
            try db.run("""
                INSERT INTO event_participant(event_id, customer_number, walk_in_name, attended, certificate, certificate_date, certificate_expires)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, id, number, number == nil ? walkIn : nil, attended, certificate, certificateDate?.iso, expires?.iso)
            let participant = db.lastInsertRowID
            try audit("attend", number == nil ? "event" : "customer", number ?? id)
            return participant
        }
    }

    /// A customer's events and certificates, newest first.
    public func participations(ofCustomer number: Int64) throws(StoreError) -> [Participation] {
        try read {
            try db.rows("""
                SELECT \(Self.participantColumns), v.id, v.name, v.date, v.place, v.trainer, v.kind
                FROM event_participant p LEFT JOIN customer c ON c.number = p.customer_number JOIN event v ON v.id = p.event_id
                WHERE p.customer_number = ? ORDER BY v.date DESC, v.id DESC
                """, [number]) { Participation(event: try event(from: $0, at: 8), participant: participant(from: $0)) }
        }
    }

    /// Events whose participant lists are older than `years` (event date + years <= today) and
    /// still hold someone: the retention review removes those lists.
    public func expiredParticipantLists(years: Int, today: LocalDate) throws(StoreError) -> [(event: Event, participants: Int)] {
        // SQL keeps events up to a day past the cutoff; the calendar rule (29.2. + 5 y) decides.
        let roughCutoff = today.adding(years: -years).adding(days: 1).iso
        let old = try read {
            try db.rows("""
                SELECT e.id, e.name, e.date, e.place, e.trainer, e.kind, count(*) FROM event e JOIN event_participant p ON p.event_id = e.id
                WHERE e.date <= ? GROUP BY e.id ORDER BY e.date, e.id
                """, [roughCutoff]) { (event: try event(from: $0), participants: Int($0.int(6))) }
        }
        return old.filter { $0.event.date.adding(years: years) <= today }
    }

    /// Removes the participant lists of these events in one transaction (the events remain,
    /// without anyone on them). Returns how many participants were removed.
    @discardableResult
    public func removeParticipants(ofEvents ids: [Int64]) throws(StoreError) -> Int {
        let removed: Int = try write {
            var removed = 0
            for id in ids {
                removed += try db.run("DELETE FROM event_participant WHERE event_id = ?", id)
                try audit("remove participants", "event", id)
            }
            return removed
        }
        _ = try? scrub()
        return removed
    }

    // MARK: Campaigns

    @discardableResult
    public func addCampaign(_ campaign: Campaign) throws(StoreError) -> Int64 {
        try write {
            try db.run("INSERT INTO campaign(name, channel, date, created_at, purpose) VALUES (?, ?, ?, ?, ?)",
                       campaign.name, campaign.channel.rawValue, campaign.date.iso, timestamp, campaign.purpose.rawValue)
            let id = db.lastInsertRowID
            try audit("add", "campaign", id)
            return id
        }
    }

    private static let campaignSelect = """
        SELECT k.id, k.name, k.channel, k.date, (SELECT count(*) FROM campaign_recipient r WHERE r.campaign_id = k.id), k.purpose FROM campaign k
        """

    private func campaign(from row: Row) throws(StoreError) -> Campaign {
        Campaign(id: row.int(0), name: row.text(1), channel: try row.known(2, Campaign.Channel.self),
                 date: try row.date(3), recipients: Int(row.int(4)), purpose: try row.known(5, CampaignPurpose.self))
    }

    public func campaign(_ id: Int64) throws(StoreError) -> Campaign? {
        try read { try db.first(Self.campaignSelect + " WHERE k.id = ?", [id], campaign(from:)) }
    }

    public func campaigns() throws(StoreError) -> [Campaign] {
        try read { try db.rows(Self.campaignSelect + " ORDER BY k.date DESC, k.id DESC", [], campaign(from:)) }
    }

    /// Takes back a campaign recorded for a file that then could not be written.
    public func deleteCampaign(_ id: Int64) throws(StoreError) {
        try write {
            try db.run("DELETE FROM campaign_recipient WHERE campaign_id = ?", id)
            try db.run("DELETE FROM campaign WHERE id = ?", id)
            try audit("delete", "campaign", id)
        }
    }

    /// Whom a campaign reached and when each was recorded, by customer number.
    public func recipients(ofCampaign id: Int64) throws(StoreError) -> [(customer: Int64, addedOn: LocalDate)] {
        var found: [(customer: Int64, addedOn: LocalDate)] = []
        try read { try forEachRecipient(ofCampaign: id) { found.append(($0, $1)) } }
        return found
    }

    /// The same one at a time, as they are read (a campaign to everyone has a million at a
    /// million customers), in one read transaction. `body` runs while the rows are stepped: it
    /// reads the register freely (the walk has a statement of its own) and writes nothing.
    public func forEachRecipient(ofCampaign id: Int64, _ body: (_ customer: Int64, _ addedOn: LocalDate) throws -> Void) throws {
        try db.reading {
            try db.forEachOnce("SELECT customer_number, added_on FROM campaign_recipient WHERE campaign_id = ? ORDER BY customer_number", [id]) {
                try body($0.int(0), try $0.date(1))
            }
        }
    }

    /// The campaigns aimed at a customer, newest first (their access report lists them).
    public func campaigns(ofCustomer number: Int64) throws(StoreError) -> [Campaign] {
        try read {
            try db.rows(Self.campaignSelect + " JOIN campaign_recipient x ON x.campaign_id = k.id WHERE x.customer_number = ? ORDER BY k.date DESC, k.id DESC",
                        [number], campaign(from:))
        }
    }

    /// Adds recipients in one transaction: all of `numbers` or none. Throws `.refused` naming
    /// everyone who cannot receive it and why; people already recorded are skipped silently.
    @discardableResult
    public func addRecipients(campaign id: Int64, customers numbers: [Int64], today: LocalDate) throws(StoreError) -> Int {
        try write {
            guard let campaign = try campaign(id) else { throw StoreError.notFound(Refusal("campaign {0}", "\(id)")) }
            let recipients = try numbers.map { number throws(StoreError) in (number, try customer(number)) }
            let added = try insertRecipients(campaign: id, channel: campaign.channel, purpose: campaign.purpose, recipients, today: today)
            try audit("send", "campaign", id)
            return added
        }
    }

    /// A campaign together with everyone it reached, in one transaction: how a label run or a
    /// marketing export records itself. `customers` are those the run has just read; the rule
    /// of `addRecipients` is checked on them, all or nothing.
    @discardableResult
    public func recordCampaign(_ campaign: Campaign, reaching customers: [Customer], today: LocalDate) throws(StoreError) -> Int64 {
        try recording(campaign) { id throws(StoreError) in
            try insertRecipients(campaign: id, channel: campaign.channel, purpose: campaign.purpose, customers.map { ($0.number, $0) }, today: today)
        }
    }

    /// A label run's campaign (letters for marketing) with everyone on its sheet, in one
    /// transaction. While nothing has been written to the register since the selection was
    /// read, its check stands (a label the marketing rule lets through is a letter the
    /// campaign rule lets through) and the recipients are written as they are: a second
    /// reading of every person was half of a 100k run. Otherwise each is read again, 500 at a
    /// time in the columns the rule reads, and the rule checked on what the register holds at
    /// that moment, all or nothing. Either way every recipient is known to be in the register
    /// at this moment, so SQLite does not look each one up again for its foreign key (that read
    /// the customer table's pages once more: 77k recipients 170-250 -> 50 ms in `sqlite3`).
    @discardableResult
    public func recordCampaign(_ campaign: Campaign, reaching selection: LabelSelection, today: LocalDate) throws(StoreError) -> Int64 {
        // In number order, the table's own: each slice reads and writes pages next to the last one's.
        let numbers = try selection.numbersAscending
        let checked = selection.purpose == .marketing && campaign.channel == .letter && campaign.purpose == .marketing
        return try write(checkingForeignKeys: false) {
            // Before this transaction's own first write changes the stamp.
            let unchanged = try checked && selection.readAt == db.changeStamp()
            return try recording(campaign) { id throws(StoreError) in
                var start = 0
                while start < numbers.count {
                    let chunk = Array(numbers[start..<min(numbers.count, start + 500)])
                    start += chunk.count
                    if unchanged {
                        // One statement a slice (77k single inserts were a third of a 100k run).
                        try db.run("""
                            INSERT OR IGNORE INTO campaign_recipient(campaign_id, customer_number, added_on)
                            SELECT ?, value, ? FROM json_each(?)
                            """, id, today.iso, Database.jsonArray(chunk))
                    } else {
                        let found = try read { try weighed(numbered: chunk) }
                        try insertRecipients(campaign: id, channel: campaign.channel, purpose: campaign.purpose, chunk.map { ($0, found[$0]) }, today: today)
                    }
                }
            }
        }
    }

    /// A new campaign, its recipients (`add`, given its id) and the audit line, in one transaction.
    private func recording(_ campaign: Campaign, _ add: (Int64) throws(StoreError) -> Void) throws(StoreError) -> Int64 {
        try write {
            let id = try addCampaign(campaign)
            try add(id)
            try audit("send", "campaign", id)
            return id
        }
    }

    @discardableResult
    private func insertRecipients(campaign id: Int64, channel: Campaign.Channel, purpose: CampaignPurpose, _ recipients: [(number: Int64, customer: Customer?)],
                                  today: LocalDate) throws(StoreError) -> Int {
        let refusals = recipients.compactMap { number, customer -> String? in
            guard let customer else { return "\(number): no such customer" }
            return CampaignRules.exclusion(customer, channel: channel, purpose: purpose).map { "\(number) \(customer.fullName): \(CampaignRules.reason($0))" }
        }
        guard refusals.isEmpty else {
            throw StoreError.refused(Refusal("nobody was added to campaign {0}; not allowed: {1}", "\(id)", refusals.joined(separator: "; ")))
        }
        var added = 0
        for recipient in recipients { added += try insertRecipient(campaign: id, recipient.number, today: today) }
        return added
    }

    @discardableResult
    private func insertRecipient(campaign id: Int64, _ number: Int64, today: LocalDate) throws(StoreError) -> Int {
        try db.run("INSERT OR IGNORE INTO campaign_recipient(campaign_id, customer_number, added_on) VALUES (?, ?, ?)", id, number, today.iso)
    }

    // MARK: Feedback

    @discardableResult
    public func addFeedback(_ feedback: Feedback) throws(StoreError) -> Int64 {
        try write {
            _ = try requireCustomer(feedback.customerNumber)
            try db.run("INSERT INTO feedback(customer_number, date, text, is_complaint, resolution, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       feedback.customerNumber, feedback.date.iso, feedback.text, feedback.isComplaint, feedback.resolution, timestamp)
            let id = db.lastInsertRowID
            try audit("feedback", "customer", feedback.customerNumber)
            return id
        }
    }

    public func feedback(ofCustomer number: Int64) throws(StoreError) -> [Feedback] {
        try read { try db.rows(HistoryKind.feedback.sql(ofCustomer: "= ?"), [number], Self.feedback(from:)) }
    }

    static let feedbackSelect = "SELECT id, customer_number, date, text, is_complaint, resolution FROM feedback"

    static func feedback(from row: some ColumnValues) throws(StoreError) -> Feedback {
        Feedback(id: row.int(0), customerNumber: row.int(1), date: try row.date(2), text: row.text(3), isComplaint: row.bool(4),
                 resolution: row.optionalText(5))
    }
}
