import KortistoCore

extension Register {
    static let orderSelect = """
        SELECT id, customer_number, date, description, amount_cents, status, invoice_number, invoice_date, due_date,
               paid_date, in_collection FROM customer_order
        """

    static func order(from row: some ColumnValues) throws(StoreError) -> Order {
        Order(id: row.int(0), customerNumber: row.int(1), date: try row.date(2), description: row.text(3),
              amountCents: Int(row.int(4)), status: try row.known(5, OrderStatus.self),
              invoiceNumber: row.optionalText(6), invoiceDate: row.optionalText(7).flatMap(LocalDate.init(iso:)),
              dueDate: row.optionalText(8).flatMap(LocalDate.init(iso:)), paidDate: row.optionalText(9).flatMap(LocalDate.init(iso:)),
              inCollection: row.bool(10))
    }

    /// Adds an order for the customer; returns the order id.
    @discardableResult
    public func addOrder(_ order: Order) throws(StoreError) -> Int64 {
        try write {
            try requireProcessable(order.customerNumber)
            return try insertOrder(order)
        }
    }

    /// `sortKey`: the customer's, when the caller has it (a batch import), for the invoice's terms.
    func insertOrder(_ order: Order, sortKey known: String? = nil) throws(StoreError) -> Int64 {
            let stamp = timestamp
            try db.run("""
                INSERT INTO customer_order (customer_number, date, description, amount_cents, status, invoice_number,
                    invoice_date, due_date, paid_date, in_collection, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, order.customerNumber, order.date.iso, order.description, order.amountCents, order.status.rawValue,
                order.invoiceNumber, order.invoiceDate?.iso, order.dueDate?.iso, order.paidDate?.iso, order.inCollection, stamp, stamp)
            let id = db.lastInsertRowID
            if let invoice = order.invoiceNumber {
                let key = if let known { known } else { try sortKey(of: order.customerNumber) }
                try insertTerms(SearchTerms.invoiceForms(invoice).map { ($0, order.customerNumber, key) })
            }
            try audit("add", "order", id)
            return id
    }

    public func order(_ id: Int64) throws(StoreError) -> Order? {
        try read { try db.first(Self.orderSelect + " WHERE id = ?", [id], Self.order(from:)) }
    }

    public func orders(ofCustomer number: Int64) throws(StoreError) -> [Order] {
        try read { try db.rows(HistoryKind.orders.sql(ofCustomer: "= ?"), [number], Self.order(from:)) }
    }

    /// Marks an order paid on `date`; its history dates the change `recordedOn` (the day it
    /// was entered, `date` when not given). A cancelled or already paid order is refused.
    public func payOrder(_ id: Int64, on date: LocalDate, recordedOn: LocalDate? = nil) throws(StoreError) {
        try write {
            let order = try requireOrder(id)
            switch order.status {
            case .paid: throw StoreError.refused(Refusal("order {0} is already paid ({1})", "\(id)", "\(order.paidDate?.finnish ?? "date unknown")"))
            case .cancelled: throw StoreError.refused(Refusal("order {0} is cancelled and cannot be paid", "\(id)"))
            default: break
            }
            var paid = order
            paid.status = .paid
            paid.paidDate = date
            // A paid claim is no longer in collection.
            paid.inCollection = false
            try replaceOrder(order, with: paid, on: recordedOn ?? date, action: .pay)
        }
    }

    /// Takes back a payment marked by mistake: the order is an open invoice again (or ordered,
    /// when it never had an invoice). Refused when it is not paid.
    public func unpayOrder(_ id: Int64, on date: LocalDate) throws(StoreError) {
        try write {
            let order = try requireOrder(id)
            guard order.status == .paid else { throw StoreError.refused(Refusal("order {0} is not paid (it is {1})", "\(id)", "\(order.status.rawValue)")) }
            var open = order
            open.status = order.invoiceDate != nil || order.invoiceNumber != nil ? .invoiced : .ordered
            open.paidDate = nil
            open.inCollection = try wasInCollectionWhenPaid(id)
            try replaceOrder(order, with: open, on: date, action: .unpay)
        }
    }

    /// Cancels an order (its history says when). A paid order is refused: its payment is
    /// taken back first (`unpayOrder`), so a refund is never recorded by accident.
    public func cancelOrder(_ id: Int64, on date: LocalDate) throws(StoreError) {
        try write {
            let order = try requireOrder(id)
            switch order.status {
            case .paid: throw StoreError.refused(Refusal("order {0} is paid: take the payment back first (kortisto order unpay {1})", "\(id)", "\(id)"))
            case .cancelled: throw StoreError.refused(Refusal("order {0} is already cancelled", "\(id)"))
            default: break
            }
            var cancelled = order
            cancelled.status = .cancelled
            cancelled.inCollection = false
            try replaceOrder(order, with: cancelled, on: date, action: .cancel)
        }
    }

    /// Puts an open invoice into debt collection, or takes it out (dated `date`, else the clock's day).
    public func setCollection(_ id: Int64, _ on: Bool, date: LocalDate? = nil) throws(StoreError) {
        try write {
            let order = try requireOrder(id)
            if on && !order.isOpenInvoice {
                throw StoreError.refused(Refusal("order {0} is {1}: only an open invoice can go to debt collection", "\(id)", "\(order.status.rawValue)"))
            }
            var changed = order
            changed.inCollection = on
            try replaceOrder(order, with: changed, on: date ?? LocalDate.today(now: now()), action: on ? .collectionOn : .collectionOff)
        }
    }

    /// Corrects an order (`OrderInput.edit` made `corrected` from it): each changed field is
    /// recorded in its history, dated `date`, and the change in the audit log. Nothing is
    /// written when nothing changed; returns what changed. `expected`: the order as the editor
    /// read it — refused when someone changed it meanwhile.
    @discardableResult
    public func correctOrder(_ corrected: Order, on date: LocalDate, expected: Order? = nil) throws(StoreError) -> [OrderChange] {
        try write {
            let stored = try requireOrder(corrected.id)
            if let expected, expected != stored { throw StoreError.orderChangedElsewhere(order: stored.id) }
            var corrected = corrected
            // A payment taken back by correcting the status: the claim goes back where it was.
            if stored.status == .paid, corrected.status == .invoiced, !corrected.inCollection {
                corrected.inCollection = try wasInCollectionWhenPaid(stored.id)
            }
            return try replaceOrder(stored, with: corrected, on: date, action: .edit)
        }
    }

    /// Writes `new` over `stored` with a history line per changed field and one audit line.
    @discardableResult
    private func replaceOrder(_ stored: Order, with new: Order, on date: LocalDate, action: OrderAction) throws(StoreError) -> [OrderChange] {
        let changes = new.changes(from: stored)
        guard !changes.isEmpty else { return [] }
        let stamp = timestamp
        try db.run("""
            UPDATE customer_order SET date = ?, description = ?, amount_cents = ?, status = ?, invoice_number = ?,
                invoice_date = ?, due_date = ?, paid_date = ?, in_collection = ?, updated_at = ? WHERE id = ?
            """, new.date.iso, new.description, new.amountCents, new.status.rawValue, new.invoiceNumber,
            new.invoiceDate?.iso, new.dueDate?.iso, new.paidDate?.iso, new.inCollection, stamp, stored.id)
        var recorded: [OrderChange] = []
        for change in changes {
            try db.run("INSERT INTO order_change (order_id, changed_on, at, field, old, new, action) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       stored.id, date.iso, stamp, change.field.rawValue, change.old, change.new, action.rawValue)
            recorded.append(OrderChange(id: db.lastInsertRowID, at: stamp, orderID: stored.id, date: date, field: change.field, old: change.old,
                                        new: change.new, action: action))
        }
        // A changed invoice number is found by search from now on, the old one no longer.
        if new.invoiceNumber != stored.invoiceNumber, let customer = try customer(stored.customerNumber) { try index(customer) }
        // The audit log's words for these actions, as before the history had them.
        let audited: String
        switch action {
        case .collectionOn: audited = "collection on"
        case .collectionOff: audited = "collection off"
        case .edit, .pay, .unpay, .cancel: audited = action.rawValue
        }
        try audit(audited, "order", stored.id)
        return recorded
    }

    /// Whether the order's last payment took it out of debt collection (found in a trial:
    /// taking the payment back left a claim in collection out of it).
    func wasInCollectionWhenPaid(_ id: Int64) throws(StoreError) -> Bool {
        try read {
            try db.scalarInt("""
                SELECT EXISTS (SELECT 1 FROM order_change c WHERE c.order_id = ?1 AND c.field = 'in_collection' AND c.old = '1'
                  AND c.at = (SELECT max(p.at) FROM order_change p WHERE p.order_id = ?1 AND p.field = 'status' AND p.new = 'paid'))
                """, id) == 1
        }
    }

    public func requireOrder(_ id: Int64) throws(StoreError) -> Order {
        guard let order = try order(id) else { throw StoreError.notFound(Refusal("order {0}", "\(id)")) }
        return order
    }

    /// The corrections of a customer's orders, oldest first.
    public func orderChanges(ofCustomer number: Int64) throws(StoreError) -> [OrderChange] {
        try read { try db.rows(HistoryKind.orderChanges.sql(ofCustomer: "= ?"), [number], Self.orderChange(from:)) }
    }

    static let orderChangeSelect = """
        SELECT h.order_id, h.changed_on, h.field, h.old, h.new, h.id, h.at, coalesce(h.action, 'edit'), o.customer_number FROM order_change h
        JOIN customer_order o ON o.id = h.order_id
        """

    static func orderChange(from row: some ColumnValues) throws(StoreError) -> OrderChange {
        OrderChange(id: row.int(5), at: row.text(6), orderID: row.int(0), date: try row.date(1), field: try row.known(2, OrderField.self),
                    old: row.optionalText(3), new: row.optionalText(4), action: try row.known(7, OrderAction.self))
    }

    /// Open invoices, the oldest due date first, with whom they are owed by; with `overdueOn`,
    /// only those past due on that day. Reads the partial index of open invoices only.
    public func receivables(overdueOn day: LocalDate? = nil) throws(StoreError) -> [Receivable] {
        try receivables(in: ReceivableSpan(dueBefore: day))
    }

    /// The open invoices of `span`, the oldest due date first (those without one before them),
    /// from the one after `after` and at most `limit`: a view reads the page it shows, however
    /// many are open.
    public func receivables(in span: ReceivableSpan, after: Order? = nil, limit: Int? = nil) throws(StoreError) -> [Receivable] {
        let (sql, arguments) = Self.pageQuery(span, after: after, limit: limit)
        return try read {
            try db.rows(sql, arguments) { row throws(StoreError) in
                let first = row.text(11), last = row.text(12)
                return Receivable(order: try Self.order(from: row),
                                  customerName: first.isEmpty ? last : (last.isEmpty ? first : "\(first) \(last)"))
            }
        }
    }

    /// The query plan of a page of `receivables`, for tests.
    func explainReceivables(in span: ReceivableSpan, after: Order?) throws(StoreError) -> [String] {
        let (sql, arguments) = Self.pageQuery(span, after: after, limit: 200)
        return try read { try db.rows("EXPLAIN QUERY PLAN " + sql, arguments) { $0.text(3) } }
    }

    private static func pageQuery(_ span: ReceivableSpan, after: Order?, limit: Int?) -> (String, [any SQLBindable]) {
        var (conditions, arguments) = conditions(span)
        if let after {
            // Keyset paging in (due date, id) order; written so the due date's range reads the index.
            if let due = after.dueDate {
                conditions += " AND o.due_date >= ? AND (o.due_date > ? OR o.id > ?)"
                arguments += [due.iso, due.iso, after.id]
            } else {
                conditions += " AND (o.due_date IS NOT NULL OR o.id > ?)"
                arguments.append(after.id)
            }
        }
        if let limit { arguments.append(limit) }
        let select = orderSelect.replacingOccurrences(of: "SELECT id, customer_number", with: "SELECT o.id, o.customer_number")
            .replacingOccurrences(of: "FROM customer_order", with: ", c.first_name, c.last_name FROM customer_order o JOIN customer c ON c.number = o.customer_number")
        return (select + " WHERE \(conditions) ORDER BY o.due_date, o.id" + (limit == nil ? "" : " LIMIT ?"), arguments)
    }

    /// How many open invoices `span` holds and their sum, added up from the days they fall due
    /// on (v32, `receivable_day`): a heading's figures without reading every invoice.
    public func receivableTotal(in span: ReceivableSpan) throws(StoreError) -> ReceivableTotal {
        let (sql, arguments) = Self.totalQuery(span)
        return try read {
            try db.first(sql, arguments) { ReceivableTotal(count: Int($0.int(0)), cents: Int($0.int(1))) } ?? ReceivableTotal(count: 0, cents: 0)
        }
    }

    /// The query plan of `receivableTotal`, for tests.
    func explainReceivableTotal(in span: ReceivableSpan) throws(StoreError) -> [String] {
        let (sql, arguments) = Self.totalQuery(span)
        return try read { try db.rows("EXPLAIN QUERY PLAN " + sql, arguments) { $0.text(3) } }
    }

    private static func totalQuery(_ span: ReceivableSpan) -> (String, [any SQLBindable]) {
        // A bound leaves out the invoices without a due date, as `due_date < ?` does in `conditions`.
        let (bounds, arguments) = dueBounds(span, "due_date")
        let dated = span.dueFrom == nil && span.dueBefore == nil ? "1" : "dated = 1"
        return ("SELECT coalesce(sum(invoices), 0), coalesce(sum(cents), 0) FROM receivable_day WHERE \(dated)\(bounds)", arguments)
    }

    private static func conditions(_ span: ReceivableSpan) -> (String, [any SQLBindable]) {
        let (bounds, arguments) = dueBounds(span, "o.due_date")
        return ("o.status = 'invoiced'" + bounds, arguments)
    }

    /// The span's bounds on the due date `column`, each after an AND.
    private static func dueBounds(_ span: ReceivableSpan, _ column: String) -> (String, [any SQLBindable]) {
        var sql = ""
        var arguments: [any SQLBindable] = []
        if let from = span.dueFrom {
            sql += " AND \(column) >= ?"
            arguments.append(from.iso)
        }
        if let before = span.dueBefore {
            sql += " AND \(column) < ?"
            arguments.append(before.iso)
        }
        return (sql, arguments)
    }

    // MARK: Contact events

    @discardableResult
    public func addContact(_ event: ContactEvent, customer number: Int64) throws(StoreError) -> Int64 {
        try write {
            try requireProcessable(number)
            return try insertContact(event, customer: number)
        }
    }

    func insertContact(_ event: ContactEvent, customer number: Int64) throws(StoreError) -> Int64 {
            try db.run("INSERT INTO contact_event (customer_number, date, channel, note, follow_up, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       number, event.date.iso, event.channel.rawValue, event.note, event.followUp?.iso, timestamp)
            let id = db.lastInsertRowID
            try audit("add", "contact", id)
            return id
    }

    public func contacts(ofCustomer number: Int64) throws(StoreError) -> [ContactEvent] {
        try read { try db.rows(HistoryKind.contacts.sql(ofCustomer: "= ?"), [number], Self.contact(from:)) }
    }

    static let contactSelect = "SELECT id, date, channel, note, follow_up, customer_number FROM contact_event"

    static func contact(from row: some ColumnValues) throws(StoreError) -> ContactEvent {
        ContactEvent(id: row.int(0), date: try row.date(1), channel: try row.known(2, ContactChannel.self), note: row.optionalText(3),
                     followUp: try row.optionalDate(4))
    }

    // MARK: Consents and bans

    /// Appends an event to the customer's consent log. Returns false, writing nothing, when the
    /// kind is already in that state (a second "ban" is not a new event).
    @discardableResult
    public func recordConsent(_ event: ConsentEvent, customer number: Int64) throws(StoreError) -> Bool {
        try write {
            _ = try requireCustomer(number)
            let current = ConsentEvent.currentState(of: try consentEvents(ofCustomer: number))[event.kind]
            if (current?.granted ?? false) == event.granted { return false }
            try insertConsent(event, customer: number)
            return true
        }
    }

    /// `audited: false` in a batch, which records itself in the audit log once.
    func insertConsent(_ event: ConsentEvent, customer number: Int64, audited: Bool = true) throws(StoreError) {
        let s = try db.reusable("INSERT INTO consent_event (customer_number, kind, granted, date, source, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        s.bind(1, number); s.bind(2, event.kind.rawValue); s.bind(3, Int64(event.granted ? 1 : 0)); s.bind(4, event.date.iso)
        s.bind(5, event.source); s.bind(6, event.note); s.bind(7, timestamp)
        try s.run()
        if audited { try audit(event.granted ? "grant \(event.kind.rawValue)" : "withdraw \(event.kind.rawValue)", "consent", number) }
    }

    public func consentEvents(ofCustomer number: Int64) throws(StoreError) -> [ConsentEvent] {
        try read { try db.rows(HistoryKind.consents.sql(ofCustomer: "= ?"), [number], Self.consentEvent(from:)) }
    }

    static let consentSelect = "SELECT id, kind, granted, date, source, note, customer_number FROM consent_event"

    static func consentEvent(from row: some ColumnValues) throws(StoreError) -> ConsentEvent {
        ConsentEvent(id: row.int(0), kind: try row.known(1, ConsentKind.self), granted: row.bool(2), date: try row.date(3),
                     source: row.optionalText(4), note: row.optionalText(5))
    }
}

extension Register {
    /// Follow-ups due on or before `day`: a contact's "call back on" date, unless a later
    /// contact with the customer has answered it. The oldest first.
    public func followUps(through day: LocalDate) throws(StoreError) -> [FollowUp] {
        try read {
            try db.rows("""
                SELECT e.id, e.date, e.channel, e.note, e.follow_up, c.number, c.first_name, c.last_name
                FROM contact_event e JOIN customer c ON c.number = e.customer_number
                WHERE e.follow_up IS NOT NULL AND e.follow_up <= ? AND c.forgotten_on IS NULL
                  AND NOT EXISTS (SELECT 1 FROM contact_event later WHERE later.customer_number = e.customer_number
                                  AND (later.date > e.date OR (later.date = e.date AND later.id > e.id)))
                ORDER BY e.follow_up, e.id
                """, [day.iso]) { row throws(StoreError) in
                let first = row.text(6), last = row.text(7)
                return FollowUp(customerNumber: row.int(5), customerName: first.isEmpty ? last : (last.isEmpty ? first : "\(first) \(last)"),
                                contact: ContactEvent(id: row.int(0), date: try row.date(1), channel: try row.known(2, ContactChannel.self),
                                                      note: row.optionalText(3), followUp: try row.optionalDate(4)))
            }
        }
    }
}
