import KortistoCore

extension Register {
    static let orderSelect = """
        SELECT id, customer_number, date, description, amount_cents, status, invoice_number, invoice_date, due_date,
               paid_date, in_collection FROM customer_order
        """

    private func order(from row: Row) throws(StoreError) -> Order {
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

    func insertOrder(_ order: Order) throws(StoreError) -> Int64 {
            let stamp = timestamp
            try db.run("""
                INSERT INTO customer_order (customer_number, date, description, amount_cents, status, invoice_number,
                    invoice_date, due_date, paid_date, in_collection, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, order.customerNumber, order.date.iso, order.description, order.amountCents, order.status.rawValue,
                order.invoiceNumber, order.invoiceDate?.iso, order.dueDate?.iso, order.paidDate?.iso, order.inCollection, stamp, stamp)
            let id = db.lastInsertRowID
            try audit("add", "order", id)
            return id
    }

    public func order(_ id: Int64) throws(StoreError) -> Order? {
        try read { try db.first(Self.orderSelect + " WHERE id = ?", [id], order(from:)) }
    }

    public func orders(ofCustomer number: Int64) throws(StoreError) -> [Order] {
        try read { try db.rows(Self.orderSelect + " WHERE customer_number = ? ORDER BY date, id", [number], order(from:)) }
    }

    /// Marks an order paid on `date`. A cancelled or already paid order is refused.
    public func payOrder(_ id: Int64, on date: LocalDate) throws(StoreError) {
        try write {
            guard let order = try order(id) else { throw StoreError.notFound("order \(id)") }
            switch order.status {
            case .paid: throw StoreError.refused("order \(id) is already paid (\(order.paidDate?.finnish ?? "date unknown"))")
            case .cancelled: throw StoreError.refused("order \(id) is cancelled and cannot be paid")
            default: break
            }
            // A paid claim is no longer in collection.
            try db.run("UPDATE customer_order SET status = 'paid', paid_date = ?, in_collection = 0, updated_at = ? WHERE id = ?",
                       date.iso, timestamp, id)
            try audit("pay", "order", id)
        }
    }

    /// Puts an open invoice into debt collection, or takes it out.
    public func setCollection(_ id: Int64, _ on: Bool) throws(StoreError) {
        try write {
            guard let order = try order(id) else { throw StoreError.notFound("order \(id)") }
            if on && !order.isOpenInvoice {
                throw StoreError.refused("order \(id) is \(order.status.rawValue): only an open invoice can go to debt collection")
            }
            try db.run("UPDATE customer_order SET in_collection = ?, updated_at = ? WHERE id = ?", on, timestamp, id)
            try audit(on ? "collection on" : "collection off", "order", id)
        }
    }

    /// Sets an order's status (deliver, invoice, cancel); paying goes through `payOrder`.
    public func updateOrder(_ order: Order) throws(StoreError) {
        try write {
            guard try self.order(order.id) != nil else { throw StoreError.notFound("order \(order.id)") }
            try db.run("""
                UPDATE customer_order SET date = ?, description = ?, amount_cents = ?, status = ?, invoice_number = ?,
                    invoice_date = ?, due_date = ?, paid_date = ?, in_collection = ?, updated_at = ? WHERE id = ?
                """, order.date.iso, order.description, order.amountCents, order.status.rawValue, order.invoiceNumber,
                order.invoiceDate?.iso, order.dueDate?.iso, order.paidDate?.iso, order.inCollection, timestamp, order.id)
            try audit("edit", "order", order.id)
        }
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
            try db.run("INSERT INTO contact_event (customer_number, date, channel, note, created_at) VALUES (?, ?, ?, ?, ?)",
                       number, event.date.iso, event.channel.rawValue, event.note, timestamp)
            let id = db.lastInsertRowID
            try audit("add", "contact", id)
            return id
    }

    public func contacts(ofCustomer number: Int64) throws(StoreError) -> [ContactEvent] {
        try read {
            try db.rows("SELECT id, date, channel, note FROM contact_event WHERE customer_number = ? ORDER BY date, id", [number]) { row in
                ContactEvent(id: row.int(0), date: try row.date(1), channel: try row.known(2, ContactChannel.self),
                             note: row.optionalText(3))
            }
        }
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
        try read {
            try db.rows("SELECT id, kind, granted, date, source, note FROM consent_event WHERE customer_number = ? ORDER BY date, id", [number]) { row in
                ConsentEvent(id: row.int(0), kind: try row.known(1, ConsentKind.self), granted: row.bool(2),
                             date: try row.date(3), source: row.optionalText(4), note: row.optionalText(5))
            }
        }
    }
}
