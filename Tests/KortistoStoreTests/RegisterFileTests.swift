import CSQLite
import Foundation
import KortistoCore
import KortistoTestSupport
import Testing
@testable import KortistoStore

/// Opening, creating and refusing files: what happens to the register file on disk.
@Suite struct RegisterFileTests {
    @Test func newRegisterIsPrivateAndCurrent() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        #expect(try register.schemaVersion() == Register.latestSchemaVersion)
        #expect(try register.db.scalarInt("PRAGMA application_id") == Int64(Schema.applicationID))
        #expect(folder.permissions("r.sqlite") == 0o600)
        let journal = try register.db.first("PRAGMA journal_mode") { $0.text(0) }
        #expect(journal == "wal")
        #expect(try register.db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try register.db.scalarInt("PRAGMA secure_delete") == 1)
        #expect(try register.db.scalarInt("PRAGMA page_size") == 16384)
        // Side files copy the main file's mode.
        try register.addCustomer(CustomerInput(firstName: "Aino", lastName: "Laine").validate(today: .init(year: 2025, month: 1, day: 1)!),
                                 today: .init(year: 2025, month: 1, day: 1)!)
        #expect(folder.permissions("r.sqlite-wal") == 0o600)
    }

    /// A first import larger than the register builds the customer and search indexes at the
    /// end instead of row by row: afterwards they are exactly the schema's, and used.
    @Test func aLargeBatchRebuildsTheIndexesItSetAside() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        let indexSQL = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
        let before = try register.db.rows(indexSQL, []) { "\($0.text(0)): \($0.text(1))" }
        try register.fillSynthetic(customers: 10_500, organisations: 100, seed: 3, today: LocalDate(year: 2026, month: 11, day: 22)!)
        #expect(try register.db.rows(indexSQL, []) { "\($0.text(0)): \($0.text(1))" } == before)
        #expect(try register.db.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
        #expect(try register.countCustomers() == 10_500)
        // The batch is one line of the audit log, with how many it added.
        #expect(try register.db.rows("SELECT action || ' ' || entity_id FROM audit_log WHERE entity IN ('register', 'customer')", []) { $0.text(0) }
                == ["add customers 10500"])
        // Written without checking each row's foreign keys, and checked again afterwards.
        #expect(try register.db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try register.db.rows("PRAGMA foreign_key_check", []) { $0.text(0) }.isEmpty)
        // Each customer's terms are reachable through the rebuilt index on customer numbers.
        let terms = try register.db.scalarInt("SELECT count(*) FROM search_term INDEXED BY search_term_by_customer WHERE customer_number = 1001")
        // (their fields' terms and their invoices' numbers)
        let invoices = try register.orders(ofCustomer: 1001).compactMap(\.invoiceNumber).flatMap(SearchTerms.invoiceForms)
        #expect(terms == Int64(SearchTerms.forCustomer(try #require(try register.customer(1001))).union(invoices).count))
        let someone = try #require(try register.customer(11_000))
        #expect(try register.customers(matching: SearchQuery("\(someone.lastName) \(someone.firstName)"), limit: 500).contains { $0.number == 11_000 })
    }

    @Test func defaultFolderIsCreatedPrivate() throws {
        let folder = TemporaryFolder()
        let environment = ["XDG_DATA_HOME": folder.path + "/data", "HOME": folder.path]
        let (path, isDefault) = RegisterLocation.resolve(explicit: nil, environment: environment)
        #expect(isDefault)
        #expect(path == folder.path + "/data/kortisto/kortisto.sqlite")
        try RegisterLocation.prepareDefaultFolder(folder.path + "/data/kortisto")
        #expect(folder.permissions(folder.path + "/data/kortisto") == 0o700)
    }

    @Test func locationPrecedence() {
        let env = ["KORTISTO_DB": "/from/env.sqlite", "HOME": "/home/x"]
        #expect(RegisterLocation.resolve(explicit: "/flag.sqlite", environment: env).path == "/flag.sqlite")
        #expect(RegisterLocation.resolve(explicit: nil, environment: env).path == "/from/env.sqlite")
        #expect(RegisterLocation.resolve(explicit: nil, environment: ["HOME": "/home/x"]).path == "/home/x/.local/share/kortisto/kortisto.sqlite")
        // A relative XDG_DATA_HOME is invalid per the spec and ignored.
        #expect(RegisterLocation.resolve(explicit: nil, environment: ["HOME": "/home/x", "XDG_DATA_HOME": "rel"]).path == "/home/x/.local/share/kortisto/kortisto.sqlite")
    }

    @Test func refusesAFileThatIsNotSQLite() throws {
        let folder = TemporaryFolder()
        let path = folder.file("notes.txt")
        let content = Data("Asiakkaat:\nMatti Virtanen\n".utf8)
        _ = FileManager.default.createFile(atPath: path, contents: content)
        #expect(throws: StoreError.notSQLite(path: path)) { try Register.open(at: path) }
        #expect(FileManager.default.contents(atPath: path) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func refusesAnotherProgramsDatabaseUnchanged() throws {
        let folder = TemporaryFolder()
        let path = folder.file("other.sqlite")
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nil, nil, nil)
        sqlite3_close(db)
        let before = folder.rawBytes(ofDatabase: "other.sqlite")
        #expect(throws: StoreError.notARegister(path: path)) { try Register.open(at: path) }
        #expect(folder.rawBytes(ofDatabase: "other.sqlite") == before)
    }

    @Test func refusesANewerRegister() throws {
        let folder = TemporaryFolder()
        let path = folder.file("r.sqlite")
        do {
            let register = try Register.open(at: path)
            try register.db.execute("PRAGMA user_version = 99")
        }
        let before = folder.rawBytes(ofDatabase: "r.sqlite")
        #expect(throws: StoreError.newerSchema(path: path, found: 99, supported: Register.latestSchemaVersion)) { try Register.open(at: path) }
        #expect(folder.rawBytes(ofDatabase: "r.sqlite") == before)
        #expect(StoreError.newerSchema(path: path, found: 99, supported: 1).description.contains("newer Kortisto"))
    }

    @Test func refusesAFolder() throws {
        let folder = TemporaryFolder()
        #expect(throws: StoreError.self) { try Register.open(at: folder.path) }
    }

    @Test func emptyFileBecomesARegister() throws {
        let folder = TemporaryFolder()
        _ = FileManager.default.createFile(atPath: folder.file("empty.sqlite"), contents: Data())
        let register = try Register.open(at: folder.file("empty.sqlite"))
        #expect(try register.schemaVersion() == Register.latestSchemaVersion)
    }

    /// A register written by the first released schema opens and reads in this version.
    @Test func opensVersion1Fixture() throws {
        let folder = TemporaryFolder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/register-v1.sqlite").path
        try FileManager.default.copyItem(atPath: fixture, toPath: folder.file("v1.sqlite"))
        let register = try Register.open(at: folder.file("v1.sqlite"))
        #expect(try register.schemaVersion() == Register.latestSchemaVersion)
        #expect(try register.db.scalarInt("PRAGMA page_size") == 4096, "an existing register keeps its page size")
        let matti = try #require(try register.customer(1001))
        #expect(matti.fullName == "Matti Virtanen")
        #expect(matti.bans == [.publication])
        #expect(try register.orders(ofCustomer: 1001).count == 2)
        #expect(try register.customers(matching: SearchQuery("ohman"), limit: 10).map(\.lastName) == ["Öhman"])
        // The search index was computed again by version 6's rules: phones by their national form.
        let phone = try #require(matti.phone)
        #expect(try register.customers(matching: SearchQuery(Phone.display(phone)), limit: 10).map(\.number) == [1001])
        #expect(try register.db.scalarInt("SELECT count(*) FROM search_term WHERE term LIKE '358%'") == 0)
        #expect(try register.db.scalarInt("SELECT count(DISTINCT customer_number) FROM search_term") == Int64(try register.countCustomers()))
        #expect(try Self.checksWithLists(register).isEmpty)
        #expect(try register.db.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
        // Migrated forward: the tables of later versions are there and work.
        #expect(try register.requests().isEmpty)
        try register.addRequest(customer: 1001, type: .access, received: LocalDate(year: 2025, month: 6, day: 2)!, note: nil)
        #expect(try register.requests(ofCustomer: 1001).count == 1)
    }

    /// Tables whose checks still name a list of three or more values (built again per row).
    static func checksWithLists(_ register: Register) throws -> [String] {
        try register.db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table'", []) { ($0.text(0), $0.text(1)) }
            .filter { $0.1.contains(/\w+ IN \('[^']*'\s*,\s*'[^']*'\s*,/) }.map(\.0)
    }

    /// Version 7 wrote the checks of kinds and states as comparisons, version 12 as references
    /// to tables of the values; they still refuse what they refused, and a failed bulk write
    /// leaves foreign keys checked.
    @Test func checksAreComparisonsAndStillHold() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        #expect(try Self.checksWithLists(register).isEmpty)
        let customerSQL = try #require(try register.db.first("SELECT sql FROM sqlite_master WHERE name = 'customer'") { $0.text(0) })
        #expect(customerSQL.contains("REFERENCES customer_kind(name)") && customerSQL.contains("REFERENCES preferred_channel(name)"))
        #expect(!customerSQL.contains("kind = 'customer' OR"))
        #expect(try register.db.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
        let today = LocalDate(year: 2026, month: 11, day: 22)!
        let number = try register.addCustomer(CustomerInput(firstName: "Väinö", lastName: "Mäkelä").validate(today: today), today: today)
        #expect(throws: StoreError.self) { try register.db.run("UPDATE customer SET kind = 'friend' WHERE number = ?", number) }
        #expect(throws: StoreError.self) { try register.db.run("UPDATE customer SET preferred_channel = 'pigeon' WHERE number = ?", number) }
        try register.db.run("UPDATE customer SET kind = 'member', preferred_channel = 'sms' WHERE number = ?", number)
        #expect(try register.customer(number)?.kind == .member)

        struct Stop: Error {}
        try register.addRecords(total: 3, today: today) { () -> [CustomerRecord] in [] }
        #expect(try register.db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(throws: Stop.self) { try register.db.write(checkingForeignKeys: false) { throw Stop() } }
        #expect(try register.db.scalarInt("PRAGMA foreign_keys") == 1)
    }

    /// Rows of three go in one a statement, their texts bound from one buffer: every row lands,
    /// exactly, both texts in their places, a repeated one once.
    @Test func triplesLandWhateverTheirCount() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        try register.db.execute("CREATE TEMP TABLE triple (text TEXT NOT NULL, n INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY (text, n))")
        for count in [0, 1, 15, 16, 17, 37] {
            try register.db.execute("DELETE FROM temp.triple")
            var triples = (0..<count).map { ("säde\($0)-" + String(repeating: "ö", count: $0 % 7), Int64($0), "åke\($0 % 5)") }
            if count > 3 { triples[3] = triples[2] }
            try register.db.insertTriples("INSERT OR IGNORE INTO temp.triple(text, n, key) VALUES", triples)
            let stored = try register.db.rows("SELECT text, n, key FROM temp.triple ORDER BY n", []) { "\($0.text(0)) \($0.int(1)) \($0.text(2))" }
            let expected = Array(Set(triples.map { "\($0.0) \($0.1) \($0.2)" })).sorted { Int($0.split(separator: " ")[1])! < Int($1.split(separator: " ")[1])! }
            #expect(stored == expected, "\(count)")
        }
    }

    @Test func listChecksBecomeComparisons() {
        #expect(Schema.checksWithoutLists("status TEXT NOT NULL CHECK (status IN ('ordered','delivered', 'paid'))")
                == "status TEXT NOT NULL CHECK ((status = 'ordered' OR status = 'delivered' OR status = 'paid'))")
        // One or two values, and numbers, SQLite already compares directly.
        let untouched = "CHECK (kind IN ('event','training')), CHECK (granted IN (0, 1))"
        #expect(Schema.checksWithoutLists(untouched) == untouched)
    }
}

/// Store mechanics: a nested write that fails undoes its own writes, even when the caller
/// catches the failure and the outer transaction commits.
@Suite struct NestedWriteTests {
    @Test func aFailedNestedWriteLeavesNothingOfItself() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        struct Stop: Error {}
        try register.db.write {
            try register.db.run("INSERT INTO setting(key, value) VALUES ('a', '1')")
            do {
                try register.db.write {
                    try register.db.run("INSERT INTO setting(key, value) VALUES ('b', '2')")
                    _ = try register.db.write { try register.db.run("INSERT INTO setting(key, value) VALUES ('c', '3')") }
                    throw Stop()
                }
            } catch is Stop {}
            try register.db.run("INSERT INTO setting(key, value) VALUES ('d', '4')")
        }
        let keys = try register.db.rows("SELECT key FROM setting WHERE key IN ('a', 'b', 'c', 'd') ORDER BY key", []) { $0.text(0) }
        #expect(keys == ["a", "d"])
    }

    /// A write nested without a savepoint (a batch inside an import's write) is the caller's
    /// transaction: it lands when the caller commits and is gone when the caller fails, whether
    /// the failure is its own or the caller's after it, and a caller that catches its failure
    /// cannot commit half of it.
    @Test func aNestedWriteWithoutASavepointStandsOrFallsWithItsCaller() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        struct Stop: Error {}
        func keys() throws -> [String] {
            try register.db.rows("SELECT key FROM setting WHERE key IN ('a', 'b', 'c', 'd', 'e', 'f') ORDER BY key", []) { $0.text(0) }
        }
        try register.db.write {
            try register.db.run("INSERT INTO setting(key, value) VALUES ('a', '1')")
            _ = try register.db.write(savepoint: false) { try register.db.run("INSERT INTO setting(key, value) VALUES ('b', '2')") }
        }
        #expect(try keys() == ["a", "b"])
        #expect(throws: Stop.self) {
            try register.db.write {
                try register.db.run("INSERT INTO setting(key, value) VALUES ('c', '3')")
                try register.db.write(savepoint: false) {
                    try register.db.run("INSERT INTO setting(key, value) VALUES ('d', '4')")
                    throw Stop()
                }
            }
        }
        #expect(try keys() == ["a", "b"], "its own failure")
        let today = LocalDate(year: 2026, month: 12, day: 2)!
        #expect(throws: Stop.self) {
            try register.db.write {
                try register.db.run("INSERT INTO setting(key, value) VALUES ('e', '5')")
                try register.addRecords([CustomerRecord(fields: try CustomerInput(firstName: "Väinö", lastName: "Ärölä").validate(today: today))], today: today)
                throw Stop()
            }
        }
        #expect(try keys() == ["a", "b"], "the caller's failure after a batch")
        #expect(try register.countCustomers() == 0)
        // Its failure caught and the caller going on: refused at the end with that failure,
        // nothing of the caller's landing either; unless a savepoint around it took it back.
        #expect(throws: Stop.self) {
            try register.db.write {
                try register.db.run("INSERT INTO setting(key, value) VALUES ('c', '3')")
                do {
                    try register.db.write(savepoint: false) {
                        try register.db.run("INSERT INTO setting(key, value) VALUES ('d', '4')")
                        throw Stop()
                    }
                } catch is Stop {}
                try register.db.run("INSERT INTO setting(key, value) VALUES ('e', '5')")
            }
        }
        #expect(try keys() == ["a", "b"], "caught and gone on")
        try register.db.write {
            try register.db.run("INSERT INTO setting(key, value) VALUES ('c', '3')")
            do {
                try register.db.write {
                    try register.db.write(savepoint: false) {
                        try register.db.run("INSERT INTO setting(key, value) VALUES ('d', '4')")
                        throw Stop()
                    }
                }
            } catch is Stop {}
            try register.db.run("INSERT INTO setting(key, value) VALUES ('f', '6')")
        }
        #expect(try keys() == ["a", "b", "c", "f"], "taken back by the savepoint around it")
        // Caught inside a savepoint that is then released: the failure is the caller's, and a
        // savepoint beside it that is rolled back does not take it away.
        #expect(throws: Stop.self) {
            try register.db.write {
                try register.db.write {
                    try? register.db.write(savepoint: false) {
                        try register.db.run("INSERT INTO setting(key, value) VALUES ('d', '4')")
                        throw Stop()
                    }
                }
                try? register.db.write { throw Stop() }
                try register.db.run("INSERT INTO setting(key, value) VALUES ('e', '5')")
            }
        }
        #expect(try keys() == ["a", "b", "c", "f"], "released, then a sibling rolled back")
        // And the next write starts clean.
        _ = try register.db.write { try register.db.run("INSERT INTO setting(key, value) VALUES ('e', '5')") }
        #expect(try keys() == ["a", "b", "c", "e", "f"])
    }
}

/// A stored value this program does not know is an error, never a default: a consent kind read
/// as "publication ban", a date read as 1970, would be silent lies about a person.
@Suite struct UnknownStoredValueTests {
    @Test func everyClosedSetRefusesAValueItDoesNotKnow() throws {
        // A chunk's histories, copied out as rows, made into the customer's where they are used.
        let chunk: (Register, Int64) throws -> Void = { r, n in _ = try r.histories(of: [n]).history(of: n) }
        let cases: [(String, (Register, Int64) throws -> Void)] = [
            ("UPDATE customer SET kind = 'robotti'", { r, n in _ = try r.customer(n) }),
            ("UPDATE customer SET created_at = 'eilen'", { r, n in _ = try r.customer(n) }),
            ("UPDATE customer SET since = '1.1.2020'", { r, n in _ = try r.customer(n) }),
            ("UPDATE customer SET preferred_channel = 'pigeon'", { r, n in _ = try r.customer(n) }),
            ("UPDATE consent_event SET kind = 'telepathy'", { r, n in _ = try r.customer(n) }),
            ("UPDATE consent_event SET kind = 'telepathy'", { r, n in _ = try r.consentEvents(ofCustomer: n) }),
            ("UPDATE customer_order SET status = 'lost'", { r, n in _ = try r.orders(ofCustomer: n) }),
            ("UPDATE customer_order SET date = 'huomenna'", { r, n in _ = try r.orders(ofCustomer: n) }),
            ("UPDATE contact_event SET channel = 'pigeon'", { r, n in _ = try r.contacts(ofCustomer: n) }),
            ("UPDATE request SET type = 'wish'", { r, n in _ = try r.requests(ofCustomer: n) }),
            ("UPDATE campaign SET purpose = 'spam'", { r, n in _ = try r.campaigns() }),
            ("UPDATE order_change SET field = 'colour'", { r, n in _ = try r.orderChanges(ofCustomer: n) }),
            ("UPDATE feedback SET date = 'eilen'", { r, n in _ = try r.feedback(ofCustomer: n) }),
            ("UPDATE disclosure SET date = 'eilen'", { r, n in _ = try r.disclosures(ofCustomer: n) }),
        ] + [
            "UPDATE consent_event SET kind = 'telepathy'", "UPDATE customer_order SET status = 'lost'", "UPDATE customer_order SET date = 'huomenna'",
            "UPDATE contact_event SET channel = 'pigeon'", "UPDATE request SET type = 'wish'", "UPDATE order_change SET field = 'colour'",
            "UPDATE order_change SET action = 'undo'", "UPDATE feedback SET date = 'eilen'", "UPDATE disclosure SET date = 'eilen'",
        ].map { ($0, chunk) }
        for (sql, read) in cases {
            let folder = TemporaryFolder()
            let register = try Register.open(at: folder.file("r.sqlite"))
            let today = LocalDate(year: 2025, month: 6, day: 15)!
            let n = try register.addCustomer(CustomerInput(firstName: "Aino", lastName: "Öhman").validate(today: today), today: today)
            try register.recordConsent(ConsentEvent(kind: .marketing, granted: true, date: today), customer: n)
            let order = try register.addOrder(Order(customerNumber: n, date: today, description: "Hieronta", amountCents: 100))
            _ = try register.correctOrder(Order(id: order, customerNumber: n, date: today, description: "Hieronta 60 min", amountCents: 100), on: today)
            try register.addFeedback(Feedback(customerNumber: n, date: today, text: "Kiitos"))
            try register.addDisclosure(Disclosure(date: today, recipient: "Perintä", what: "osoite"), customer: n)
            try register.addContact(ContactEvent(date: today, channel: .phone), customer: n)
            try register.addRequest(customer: n, type: .access, received: today, note: nil)
            try register.addCampaign(Campaign(name: "Kevät", channel: .letter, date: today, purpose: .marketing))
            // As another program or a newer Kortisto could have written it (the checks and the
            // tables of values allow only known values; SQLite checks foreign keys only when asked).
            try register.db.execute("PRAGMA ignore_check_constraints = ON")
            try register.db.execute("PRAGMA foreign_keys = OFF")
            try register.db.execute(sql)
            do {
                try read(register, n)
                Issue.record("\(sql): read as if known")
            } catch let error as StoreError {
                if case .unknownStoredValue = error {} else { Issue.record("\(sql): \(error)") }
            }
        }
    }
}

/// Found: statements built with `IN (?, ?, …)` lists as long as their values were cached for
/// ever, one per length. Reading windows of every length leaves the cache as it was.
@Suite struct StatementCacheTests {
    @Test func listsOfEveryLengthDoNotPileUp() throws {
        let folder = TemporaryFolder()
        let register = try Register.open(at: folder.file("r.sqlite"))
        try register.fillSynthetic(customers: 120, organisations: 5, seed: 3, today: LocalDate(year: 2025, month: 6, day: 15)!)
        _ = try register.customers(matching: SearchQuery(""), limit: 1)
        let before = register.db.cachedStatements
        for limit in 1...100 { _ = try register.customers(matching: SearchQuery(""), limit: limit) }
        var seen = 0
        try register.forEachCustomer { _ in seen += 1 }
        #expect(seen == 120)
        #expect(register.db.cachedStatements <= before + 5, "\(before) → \(register.db.cachedStatements)")
    }
}

/// Every closed set of values the program knows is a table the rows refer to, holding exactly
/// the enum's cases: a case added in Swift without its row (or the other way round) fails here.
@Suite struct ReferenceTableTests {
    static let enums: [String: [String]] = [
        "consent_kind": ConsentKind.allCases.map(\.rawValue), "customer_kind": CustomerKind.allCases.map(\.rawValue),
        "preferred_channel": PreferredChannel.allCases.map(\.rawValue), "link_kind": ProfileLink.Kind.allCases.map(\.rawValue),
        "order_status": OrderStatus.allCases.map(\.rawValue), "contact_channel": ContactChannel.allCases.map(\.rawValue),
        "request_type": RequestType.allCases.map(\.rawValue), "campaign_channel": Campaign.Channel.allCases.map(\.rawValue),
        "campaign_purpose": CampaignPurpose.allCases.map(\.rawValue), "customer_type": CustomerType.allCases.map(\.rawValue),
        "contact_detail_kind": ContactDetail.Kind.allCases.map(\.rawValue), "contact_label": ContactDetail.Label.allCases.map(\.rawValue),
        "order_field": OrderField.allCases.map(\.rawValue), "order_action": OrderAction.allCases.map(\.rawValue),
    ]

    @Test(arguments: ["new", "v1"])
    func everyEnumIsATableTheRowsReferTo(_ origin: String) throws {
        let folder = TemporaryFolder()
        let path = folder.file("r.sqlite")
        if origin == "v1" {
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/register-v1.sqlite").path
            try FileManager.default.copyItem(atPath: fixture, toPath: path)
        }
        let register = try Register.open(at: path)
        for (table, column, values) in Schema.referenceColumns {
            let rows = try register.db.rows("SELECT name FROM \(values)", []) { $0.text(0) }
            #expect(Set(rows) == Set(try #require(Self.enums[values], "\(values) has no enum")), "\(values)")
            let references = try register.db.rows("SELECT \"table\", \"to\" FROM pragma_foreign_key_list(?) WHERE \"from\" = ?", [table, column]) {
                "\($0.text(0)).\($0.text(1))"
            }
            #expect(references == ["\(values).name"], "\(table).\(column)")
        }
        #expect(Set(Schema.referenceColumns.map(\.values)) == Set(Self.enums.keys))
        #expect(try register.db.rows("PRAGMA foreign_key_check", []) { $0.text(0) }.isEmpty)
    }
}
