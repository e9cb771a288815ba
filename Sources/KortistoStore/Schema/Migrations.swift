/// The register's schema as an ordered list of migrations. A shipped migration is never
/// edited: later changes are new entries. `PRAGMA user_version` records how far a file has come.
/// One step of the schema, append-only: SQL, then what SQL cannot say as code, all in the
/// transaction that brings a register up to date.
struct Migration {
    let version: Int
    let name: String
    let sql: String
    var then: [Step] = []

    enum Step {
        /// Swift work on the migrated register (a schema text edit by SQLite's procedure).
        case code(@Sendable (Register) throws -> Void)
        /// Derived data computed again once, after every pending migration, as this version's
        /// code derives it (two migrations that both change the index rebuild it once).
        case rebuild(Derived)
    }

    enum Derived: Hashable {
        /// Search terms, from every customer's fields.
        case searchIndex
    }
}

enum Schema {
    /// Marks a file as a Kortisto register (`PRAGMA application_id`, "KRST").
    static let applicationID: Int32 = 0x4B52_5354

    static var latestVersion: Int { migrations.last!.version }

    static let migrations: [Migration] = [
        Migration(version: 1, name: "register", sql: """
        CREATE TABLE organisation (
            id            INTEGER PRIMARY KEY,
            name          TEXT NOT NULL,
            sort_key      TEXT NOT NULL,
            business_id   TEXT UNIQUE,
            street        TEXT,
            postcode      TEXT,
            town          TEXT,
            country       TEXT NOT NULL DEFAULT 'FI',
            website       TEXT,
            notes         TEXT,
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE INDEX organisation_by_name ON organisation(sort_key);

        -- Customer numbers are human-facing and never reused: AUTOINCREMENT, starting at 1001.
        CREATE TABLE customer (
            number              INTEGER PRIMARY KEY AUTOINCREMENT,
            first_name          TEXT NOT NULL,
            last_name           TEXT NOT NULL,
            sort_key            TEXT NOT NULL,
            organisation_id     INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
            title               TEXT,
            email               TEXT,
            phone               TEXT,
            street              TEXT,
            postcode            TEXT,
            town                TEXT,
            country             TEXT NOT NULL DEFAULT 'FI',
            birthdate           TEXT,
            language            TEXT,
            notes               TEXT,
            source_kind         TEXT,
            source_detail       TEXT,
            since               TEXT NOT NULL,
            legal_hold_reason   TEXT,
            restriction_reason  TEXT,
            forgotten_on        TEXT,
            -- Counts edits, so a form can tell that someone else saved in the meantime.
            revision            INTEGER NOT NULL DEFAULT 0,
            created_at          TEXT NOT NULL,
            updated_at          TEXT NOT NULL
        );
        -- Lists walk this in name order; forgotten customers (tombstones) are not in it.
        CREATE INDEX customer_by_name ON customer(sort_key, number) WHERE forgotten_on IS NULL;
        CREATE INDEX customer_by_organisation ON customer(organisation_id);
        INSERT INTO sqlite_sequence(name, seq) VALUES ('customer', 1000);

        CREATE TABLE customer_order (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            date             TEXT NOT NULL,
            description      TEXT NOT NULL,
            amount_cents     INTEGER NOT NULL CHECK (amount_cents >= 0),
            status           TEXT NOT NULL CHECK (status IN ('ordered','delivered','invoiced','paid','cancelled')),
            invoice_number   TEXT,
            invoice_date     TEXT,
            due_date         TEXT,
            paid_date        TEXT,
            in_collection    INTEGER NOT NULL DEFAULT 0 CHECK (in_collection IN (0, 1)),
            created_at       TEXT NOT NULL,
            updated_at       TEXT NOT NULL
        );
        CREATE INDEX order_by_customer ON customer_order(customer_number, date);

        CREATE TABLE contact_event (
            id               INTEGER PRIMARY KEY,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            date             TEXT NOT NULL,
            channel          TEXT NOT NULL CHECK (channel IN ('phone','email','meeting','letter','other')),
            note             TEXT,
            created_at       TEXT NOT NULL
        );
        CREATE INDEX contact_by_customer ON contact_event(customer_number, date);

        -- Append-only: the current state of a kind is its newest event.
        CREATE TABLE consent_event (
            id               INTEGER PRIMARY KEY,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            kind             TEXT NOT NULL CHECK (kind IN ('publication','marketing','research','disclosure','newsletter')),
            granted          INTEGER NOT NULL CHECK (granted IN (0, 1)),
            date             TEXT NOT NULL,
            source           TEXT,
            note             TEXT,
            created_at       TEXT NOT NULL
        );
        CREATE INDEX consent_by_customer ON consent_event(customer_number, kind, date, id);

        CREATE VIEW current_consent AS
            SELECT e.customer_number, e.kind, e.granted, e.date
            FROM consent_event e
            WHERE NOT EXISTS (
                SELECT 1 FROM consent_event n
                WHERE n.customer_number = e.customer_number AND n.kind = e.kind
                  AND (n.date > e.date OR (n.date = e.date AND n.id > e.id)));

        -- Search index: folded terms, matched by prefix as a range scan. A plain table (not
        -- FTS5) so a deleted row leaves nothing behind under secure_delete, with no optimize.
        CREATE TABLE search_term (
            term             TEXT NOT NULL,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            PRIMARY KEY (term, customer_number)
        ) WITHOUT ROWID;
        CREATE INDEX search_term_by_customer ON search_term(customer_number);

        -- Ids, actions and times only: never names or old values, so erasure leaves no copy here.
        CREATE TABLE audit_log (
            id         INTEGER PRIMARY KEY,
            at         TEXT NOT NULL,
            action     TEXT NOT NULL,
            entity     TEXT NOT NULL,
            entity_id  INTEGER
        );

        CREATE TABLE setting (
            key    TEXT PRIMARY KEY,
            value  TEXT NOT NULL
        );
        """),
        Migration(version: 2, name: "requests and disclosures", sql: """
        -- Data-subject requests with their deadlines (GDPR Art. 12(3)).
        CREATE TABLE request (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            type             TEXT NOT NULL CHECK (type IN ('access','rectification','erasure','restriction','objection','portability')),
            received         TEXT NOT NULL,
            due              TEXT NOT NULL,
            extension_reason TEXT,
            status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
            resolution       TEXT,
            note             TEXT,
            closed_on        TEXT,
            created_at       TEXT NOT NULL
        );
        CREATE INDEX request_by_customer ON request(customer_number);
        CREATE INDEX request_by_due ON request(status, due);

        -- Who got a customer's data, what, when and why.
        CREATE TABLE disclosure (
            id               INTEGER PRIMARY KEY,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            date             TEXT NOT NULL,
            recipient        TEXT NOT NULL,
            what             TEXT NOT NULL,
            reason           TEXT,
            created_at       TEXT NOT NULL
        );
        CREATE INDEX disclosure_by_customer ON disclosure(customer_number, date);
        """),
        Migration(version: 3, name: "duplicate lookup", sql: """
        -- Imports recognise an existing customer by e-mail or phone.
        CREATE INDEX customer_by_email ON customer(email) WHERE email IS NOT NULL;
        CREATE INDEX customer_by_phone ON customer(phone) WHERE phone IS NOT NULL;
        """),
        Migration(version: 4, name: "case-insensitive e-mail lookup", sql: """
        -- The lookup compares e-mail addresses without case (Matti@Example.fi is matti@example.fi);
        -- v3's index has the default collation, so SQLite could only scan it from end to end.
        DROP INDEX customer_by_email;
        CREATE INDEX customer_by_email ON customer(email COLLATE NOCASE) WHERE email IS NOT NULL;
        """),
        Migration(version: 5, name: "kinds, members, events, campaigns, feedback", sql: """
        -- The relationship, membership and more contact fields. The identity code is never in
        -- the search index, lists, labels or exports: only the card (on request) and the report.
        ALTER TABLE customer ADD COLUMN kind TEXT NOT NULL DEFAULT 'customer'
            CHECK (kind IN ('customer','prospect','partner','member','marketing'));
        ALTER TABLE customer ADD COLUMN identity_code TEXT;
        ALTER TABLE customer ADD COLUMN member_since TEXT;
        ALTER TABLE customer ADD COLUMN member_until TEXT;
        ALTER TABLE customer ADD COLUMN department TEXT;
        ALTER TABLE customer ADD COLUMN preferred_channel TEXT
            CHECK (preferred_channel IN ('email','phone','sms','letter','meeting'));

        -- Free tags; `tag_key` is the folded form, so "VIP" and "vip" are one tag. The key columns
        -- come first: SQLite 3.40's integrity_check misreports NOT NULL columns placed before them.
        CREATE TABLE customer_tag (
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            tag_key          TEXT NOT NULL,
            tag              TEXT NOT NULL,
            PRIMARY KEY (customer_number, tag_key)
        ) WITHOUT ROWID;
        CREATE INDEX tag_by_key ON customer_tag(tag_key, customer_number);

        -- Website and social-media profiles, several per person.
        CREATE TABLE customer_link (
            id               INTEGER PRIMARY KEY,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            kind             TEXT NOT NULL CHECK (kind IN ('website','linkedin','facebook','instagram','x','youtube','other')),
            url              TEXT NOT NULL
        );
        CREATE INDEX link_by_customer ON customer_link(customer_number);

        -- Events and trainings with their participants: linked customers or walk-ins by name.
        CREATE TABLE event (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            name        TEXT NOT NULL,
            date        TEXT NOT NULL,
            place       TEXT,
            trainer     TEXT,
            kind        TEXT NOT NULL DEFAULT 'event' CHECK (kind IN ('event','training')),
            created_at  TEXT NOT NULL
        );
        CREATE INDEX event_by_date ON event(date);
        CREATE TABLE event_participant (
            id                    INTEGER PRIMARY KEY,
            event_id              INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
            customer_number       INTEGER REFERENCES customer(number) ON DELETE CASCADE,
            walk_in_name          TEXT,
            attended              INTEGER NOT NULL DEFAULT 1 CHECK (attended IN (0, 1)),
            certificate           TEXT,
            certificate_date      TEXT,
            certificate_expires   TEXT,
            CHECK ((customer_number IS NULL) <> (walk_in_name IS NULL))
        );
        CREATE UNIQUE INDEX participant_once ON event_participant(event_id, customer_number) WHERE customer_number IS NOT NULL;
        CREATE INDEX participant_by_customer ON event_participant(customer_number);

        -- Marketing actions and whom they were aimed at.
        CREATE TABLE campaign (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            name        TEXT NOT NULL,
            channel     TEXT NOT NULL CHECK (channel IN ('letter','email','sms','phone')),
            date        TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );
        CREATE TABLE campaign_recipient (
            campaign_id      INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            added_on         TEXT NOT NULL,
            PRIMARY KEY (campaign_id, customer_number)
        ) WITHOUT ROWID;
        CREATE INDEX recipient_by_customer ON campaign_recipient(customer_number);

        -- Feedback and complaints.
        CREATE TABLE feedback (
            id               INTEGER PRIMARY KEY,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            date             TEXT NOT NULL,
            text             TEXT NOT NULL,
            is_complaint     INTEGER NOT NULL DEFAULT 0 CHECK (is_complaint IN (0, 1)),
            resolution       TEXT,
            created_at       TEXT NOT NULL
        );
        CREATE INDEX feedback_by_customer ON feedback(customer_number, date);
        """),
        Migration(version: 6, name: "search by department and web address", sql: """
        -- Departments and the hosts of web addresses become searchable; a Finnish phone number
        -- is indexed once, in its national form (a query for +358 40 is read as 040). The
        -- table is made anew (as in version 1): with foreign keys on, emptying it with DELETE
        -- goes row by row (5 s at 100k customers), dropping it takes a moment.
        DROP TABLE search_term;
        CREATE TABLE search_term (
            term             TEXT NOT NULL,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            PRIMARY KEY (term, customer_number)
        ) WITHOUT ROWID;
        CREATE INDEX search_term_by_customer ON search_term(customer_number);
        """, then: [.rebuild(.searchIndex)]),
        Migration(version: 7, name: "faster checks of kinds and states", sql: """
        -- SQLite checks `x IN ('a', 'b', 'c')` by building a small table of the list, again for
        -- every row written: 9 µs of a customer's 14. The same rules, written as comparisons,
        -- cost nothing; the register rewrites every such check (Schema.checksWithoutLists).
        -- New tables write their checks as comparisons from the start.
        """, then: [.code { try $0.rewriteChecks(Schema.checksWithoutLists) }]),
        Migration(version: 8, name: "search without legal forms and address endings", sql: """
        -- Organisation names, e-mail domains and web hosts are indexed without the words that
        -- tell nobody apart (Oy, Tmi, fi, com: SearchTerms.noiseWords), a fifth of all terms.
        -- Made anew, as in version 6.
        DROP TABLE search_term;
        CREATE TABLE search_term (
            term             TEXT NOT NULL,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            PRIMARY KEY (term, customer_number)
        ) WITHOUT ROWID;
        CREATE INDEX search_term_by_customer ON search_term(customer_number);
        """, then: [.rebuild(.searchIndex)]),
        Migration(version: 9, name: "erasure log written only after the erasure", sql: """
        -- A forget writes its erasure-log line here, in the erasure's own transaction; the line
        -- is appended to the log beside the register once that has committed, and removed here.
        -- So the log holds only erasures that happened, and none is lost to a crash in between.
        -- Ids and times only: `created_at` is the forgotten record's, so that a replay after a
        -- restore matches exactly that person, never a newcomer with the same number.
        CREATE TABLE erasure_pending (
            customer_number  INTEGER NOT NULL,
            created_at       TEXT NOT NULL,
            forgotten_on     TEXT NOT NULL,
            reference        TEXT,
            at               TEXT NOT NULL
        );
        """),
        Migration(version: 10, name: "campaign purposes, disclosures required by law", sql: """
        -- What a campaign's list was for (newsletter, marketing, research): the rule that chose
        -- its recipients. Campaigns recorded before this were marketing.
        ALTER TABLE campaign ADD COLUMN purpose TEXT NOT NULL DEFAULT 'marketing'
            CHECK (purpose = 'newsletter' OR purpose = 'marketing' OR purpose = 'research');
        -- A disclosure despite a disclosure ban or a restriction names the law that required it.
        ALTER TABLE disclosure ADD COLUMN legal_basis TEXT;
        """),
        Migration(version: 11, name: "breach log", sql: """
        -- Personal-data breaches (GDPR Art. 33(5)): every one is documented, reported or not.
        -- Not about one customer: no customer number, so forgetting neither needs nor touches it.
        CREATE TABLE breach (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            what          TEXT NOT NULL,
            happened_on   TEXT NOT NULL,
            found_on      TEXT NOT NULL,
            people        INTEGER CHECK (people IS NULL OR people >= 0),
            reported_on   TEXT,
            notified_on   TEXT,
            measures      TEXT,
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE INDEX breach_by_date ON breach(found_on);
        """),
        Migration(version: 12, name: "kinds and states as tables", sql: """
        -- Every closed set of values (a consent kind, a relationship, a link kind, a state) is a
        -- table of its own that the rows refer to: a new kind is a row in a later migration,
        -- never an edit of every check that lists the kinds. The program's enums hold the same
        -- values (a test compares them).
        CREATE TABLE consent_kind (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO consent_kind VALUES ('publication'), ('marketing'), ('research'), ('disclosure'), ('newsletter');
        CREATE TABLE customer_kind (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO customer_kind VALUES ('customer'), ('prospect'), ('partner'), ('member'), ('marketing');
        CREATE TABLE preferred_channel (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO preferred_channel VALUES ('email'), ('phone'), ('sms'), ('letter'), ('meeting');
        CREATE TABLE link_kind (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO link_kind VALUES ('website'), ('linkedin'), ('facebook'), ('instagram'), ('x'), ('youtube'), ('other');
        CREATE TABLE order_status (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO order_status VALUES ('ordered'), ('delivered'), ('invoiced'), ('paid'), ('cancelled');
        CREATE TABLE contact_channel (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO contact_channel VALUES ('phone'), ('email'), ('meeting'), ('letter'), ('other');
        CREATE TABLE request_type (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO request_type VALUES ('access'), ('rectification'), ('erasure'), ('restriction'), ('objection'), ('portability');
        CREATE TABLE campaign_channel (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO campaign_channel VALUES ('letter'), ('email'), ('sms'), ('phone');
        CREATE TABLE campaign_purpose (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO campaign_purpose VALUES ('newsletter'), ('marketing'), ('research');
        """, then: [.code { try $0.rewriteChecks(Schema.referencesInsteadOfChecks) }]),
        Migration(version: 13, name: "business and consumer customers", sql: """
        -- Whether a customer buys as a business or as a consumer; NULL when not said.
        CREATE TABLE customer_type (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO customer_type VALUES ('business'), ('consumer');
        ALTER TABLE customer ADD COLUMN customer_type TEXT REFERENCES customer_type(name);
        """),
        Migration(version: 14, name: "consent to SMS marketing", sql: """
        -- A consent kind is a row: what lets an SMS campaign reach someone who is not a customer.
        INSERT INTO consent_kind VALUES ('sms');
        """),
        Migration(version: 15, name: "c/o line and PO box", sql: """
        -- Posti's address has a c/o line and may have a PO box beside the street: each is kept.
        ALTER TABLE customer ADD COLUMN care_of TEXT;
        ALTER TABLE customer ADD COLUMN po_box TEXT;
        """),
        Migration(version: 16, name: "an organisation's e-mail and phone", sql: """
        -- A contact that is only an organisation (a café, a plumber's firm) is kept as one, with
        -- its own e-mail and phone.
        ALTER TABLE organisation ADD COLUMN email TEXT;
        ALTER TABLE organisation ADD COLUMN phone TEXT;
        """),
        Migration(version: 17, name: "several e-mails, phones and addresses", sql: """
        -- Beside the main e-mail, phone and address (the customer's own columns), others, each
        -- with its use. Forgetting deletes them with the rest.
        CREATE TABLE contact_detail_kind (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO contact_detail_kind VALUES ('email'), ('phone'), ('address');
        CREATE TABLE contact_label (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO contact_label VALUES ('home'), ('work'), ('mobile'), ('other');
        CREATE TABLE customer_contact (
            id               INTEGER PRIMARY KEY,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            kind             TEXT NOT NULL REFERENCES contact_detail_kind(name),
            label            TEXT NOT NULL REFERENCES contact_label(name),
            value            TEXT NOT NULL
        );
        CREATE INDEX customer_contact_by_customer ON customer_contact(customer_number);
        """),
        Migration(version: 18, name: "order corrections", sql: """
        -- Every correction of an order, field by field, so that an invoiced or paid order's
        -- history stays visible (what changed, from what, when). Goes with its order.
        CREATE TABLE order_field (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO order_field VALUES ('date'), ('description'), ('amount'), ('status'), ('invoice_number'), ('invoice_date'),
            ('due_date'), ('paid_date'), ('in_collection');
        CREATE TABLE order_change (
            id          INTEGER PRIMARY KEY,
            order_id    INTEGER NOT NULL REFERENCES customer_order(id) ON DELETE CASCADE,
            changed_on  TEXT NOT NULL,
            at          TEXT NOT NULL,
            field       TEXT NOT NULL REFERENCES order_field(name),
            old         TEXT,
            new         TEXT
        );
        CREATE INDEX order_change_by_order ON order_change(order_id);
        -- The receivables: open invoices by due date.
        CREATE INDEX customer_order_open ON customer_order(due_date) WHERE status = 'invoiced';
        """),
        Migration(version: 19, name: "follow-ups and SMS contacts", sql: """
        -- A contact may carry the day to get back to the customer (the today view lists them).
        ALTER TABLE contact_event ADD COLUMN follow_up TEXT;
        CREATE INDEX contact_event_follow_up ON contact_event(follow_up) WHERE follow_up IS NOT NULL;
        INSERT INTO contact_channel VALUES ('sms');
        """),
        Migration(version: 20, name: "find by number, invoice and a phone's last digits", sql: """
        -- The search index also holds each customer's number, their invoices' numbers and the last
        -- four to seven digits of their phones: rebuilt once.
        DELETE FROM search_term;
        """, then: [.rebuild(.searchIndex)]),
        Migration(version: 21, name: "what each order change was", sql: """
        -- A payment, a payment taken back, a cancellation, debt collection or a correction: the
        -- history says which (lines written before say 'edit').
        CREATE TABLE order_action (name TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO order_action VALUES ('edit'), ('pay'), ('unpay'), ('cancel'), ('collection_on'), ('collection_off');
        ALTER TABLE order_change ADD COLUMN action TEXT REFERENCES order_action(name);
        """),
        Migration(version: 22, name: "a phone's ending in one term", sql: """
        -- A phone's last digits are found through its digits reversed (one term) and its groups
        -- as shown, instead of a term for each ending; a customer number by its own column.
        DELETE FROM search_term;
        """, then: [.rebuild(.searchIndex)]),
        Migration(version: 23, name: "cards kept in step with a vdir", sql: """
        -- `kortisto sync --vdir DIR`: each card in a vdir (a folder of vCards a CardDAV sync keeps)
        -- and its customer, with what both sides last agreed on, field by field, as hashes (never
        -- the values). `file` NULL: deleted in the vdir, not sent again. After a forget, only the
        -- UID's hash stays (`#…`), so the card is deleted wherever it turns up again.
        CREATE TABLE sync_card (
            vdir             TEXT NOT NULL,
            uid              TEXT NOT NULL,
            file             TEXT,
            customer_number  INTEGER NOT NULL REFERENCES customer(number),
            base             TEXT NOT NULL,
            PRIMARY KEY (vdir, uid)
        ) WITHOUT ROWID;
        CREATE INDEX sync_card_by_customer ON sync_card(customer_number);
        """),
        Migration(version: 24, name: "a person's audit lines found by their number", sql: """
        -- Forgetting deletes a person's audit lines by entity and number: without an index each
        -- erasure read the whole log (355k lines at 100k customers), so a review's bulk forget
        -- grew with the square of its size (85 s for 2,984 people).
        CREATE INDEX audit_by_entity ON audit_log(entity, entity_id);
        """),
        Migration(version: 25, name: "a card's UID kept", sql: """
        -- The UID a card from a phone or another program gave a person, so every export, import
        -- and sync names them the same (cards the register makes derive theirs from the number).
        ALTER TABLE customer ADD COLUMN vcard_uid TEXT;
        CREATE UNIQUE INDEX customer_by_vcard_uid ON customer(vcard_uid) WHERE vcard_uid IS NOT NULL;
        """),
        Migration(version: 26, name: "birthdays found by their day", sql: """
        -- The week's birthdays (today, the birthdays view) read the days' index entries, not the
        -- whole table: 6.8 s at a million customers. The expression is the one the query uses.
        CREATE INDEX customer_by_birthday ON customer(substr(birthdate, -5)) WHERE forgotten_on IS NULL AND birthdate IS NOT NULL;
        """),
        Migration(version: 27, name: "open invoices counted from their index", sql: """
        -- The today view's and the receivables' headings (how many, how much) read the index
        -- alone, not every open invoice's row (0.1-0.6 s at 183k open invoices). The id keeps
        -- the pages' order (due date, id) the index's own; the status is in it because SQLite
        -- takes a partial index as covering only when it holds every column the query names,
        -- those of its WHERE included.
        DROP INDEX customer_order_open;
        CREATE INDEX customer_order_open ON customer_order(due_date, id, amount_cents, status) WHERE status = 'invoiced';
        """),
        Migration(version: 28, name: "search terms in name order", sql: """
        -- Each term row carries its customer's sort key, so a window of a search reads its
        -- rarest word's rows and SQLite sorts them by name without visiting each customer (at a
        -- million customers a two-word search's p99 fell from 147 to 61 ms, a common word's
        -- window from 30 to 7 ms). A trigger keeps the key in step when a name changes. The
        -- rows are copied in the index's order; its statistics are made again after (below).
        CREATE TABLE search_term_named (
            term             TEXT NOT NULL,
            customer_number  INTEGER NOT NULL REFERENCES customer(number) ON DELETE CASCADE,
            sort_key         TEXT NOT NULL,
            PRIMARY KEY (term, customer_number)
        ) WITHOUT ROWID;
        INSERT INTO search_term_named (term, customer_number, sort_key)
            SELECT s.term, s.customer_number, c.sort_key FROM search_term s JOIN customer c ON c.number = s.customer_number
            ORDER BY s.term, s.customer_number;
        DROP TABLE search_term;
        ALTER TABLE search_term_named RENAME TO search_term;
        CREATE INDEX search_term_by_customer ON search_term(customer_number);
        CREATE TRIGGER search_term_follows_the_name AFTER UPDATE OF sort_key ON customer WHEN NEW.sort_key IS NOT OLD.sort_key
        BEGIN
            UPDATE search_term SET sort_key = NEW.sort_key WHERE customer_number = NEW.number;
        END;
        """, then: [.code { register in
            // Dropping the old table dropped its planner statistics: made again where there were any.
            if try register.db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") == 1 {
                try register.db.execute("ANALYZE search_term")
            }
        }]),
        Migration(version: 29, name: "who may go on a label, kept as the register changes", sql: """
        -- The label dialog's preview (how many labels, how many left out and why, the first
        -- sheet) read every customer: 0.3 s at 100k, 3.3 s at a million. Each live customer's
        -- standing is kept here instead, in step through triggers: where the post reaches them
        -- (their own address, or their organisation's when they have none) and why a sheet of
        -- each purpose leaves them out (NULL: it does not). The rules are LabelRules' own, in
        -- SQL once, in the view below; a test holds the two equal customer by customer. A sheet
        -- that is written still weighs everyone with LabelRules; this is for the preview only.
        CREATE VIEW label_standing_now AS
        SELECT number AS customer_number, sort_key, country, postcode,
               CASE WHEN publication_ban THEN 'publication_ban' WHEN restricted THEN 'restricted'
                    WHEN NOT complete THEN 'incomplete_address' END AS service,
               CASE WHEN publication_ban THEN 'publication_ban' WHEN restricted THEN 'restricted'
                    WHEN marketing_ban THEN 'marketing_ban' WHEN NOT complete THEN 'incomplete_address' END AS marketing
        FROM (SELECT number, sort_key, restricted, publication_ban, marketing_ban,
                     CASE WHEN by_organisation THEN o_country ELSE country END AS country,
                     CASE WHEN by_organisation THEN o_postcode ELSE postcode END AS postcode,
                     (CASE WHEN by_organisation THEN o_street ELSE street END IS NOT NULL OR po_box IS NOT NULL)
                         AND CASE WHEN by_organisation THEN o_postcode ELSE postcode END IS NOT NULL
                         AND CASE WHEN by_organisation THEN o_town ELSE town END IS NOT NULL AS complete
              FROM (SELECT c.number, c.sort_key, c.country, c.street, c.po_box, c.postcode, c.town,
                           c.restriction_reason IS NOT NULL AS restricted,
                           o.country AS o_country, o.street AS o_street, o.postcode AS o_postcode, o.town AS o_town,
                           c.street IS NULL AND c.po_box IS NULL AND c.postcode IS NULL AND c.town IS NULL
                               AND (o.street IS NOT NULL OR o.postcode IS NOT NULL OR o.town IS NOT NULL) AS by_organisation,
                           coalesce((SELECT e.granted FROM consent_event e WHERE e.customer_number = c.number AND e.kind = 'publication'
                                     ORDER BY e.date DESC, e.id DESC LIMIT 1), 0) AS publication_ban,
                           coalesce((SELECT e.granted FROM consent_event e WHERE e.customer_number = c.number AND e.kind = 'marketing'
                                     ORDER BY e.date DESC, e.id DESC LIMIT 1), 0) AS marketing_ban
                    FROM customer c LEFT JOIN organisation o ON o.id = c.organisation_id
                    WHERE c.forgotten_on IS NULL));

        CREATE TABLE label_standing (
            customer_number  INTEGER PRIMARY KEY REFERENCES customer(number) ON DELETE CASCADE,
            sort_key         TEXT NOT NULL,
            country          TEXT NOT NULL,
            postcode         TEXT,
            service          TEXT,
            marketing        TEXT
        );
        INSERT INTO label_standing (customer_number, sort_key, country, postcode, service, marketing)
            SELECT customer_number, sort_key, country, postcode, service, marketing FROM label_standing_now;
        -- The sheet's order (LabelSelection's: country, postcode, then name order) of those a
        -- service sheet takes; a marketing sheet passes over the few with a marketing ban.
        CREATE INDEX label_standing_in_sheet_order ON label_standing(country, postcode, sort_key, customer_number) WHERE service IS NULL;

        -- How many of each standing, by purpose ('' : on the sheet).
        CREATE TABLE label_tally (
            purpose  TEXT NOT NULL,
            reason   TEXT NOT NULL,
            n        INTEGER NOT NULL,
            PRIMARY KEY (purpose, reason)
        ) WITHOUT ROWID;
        INSERT INTO label_tally SELECT 'service', coalesce(service, ''), count(*) FROM label_standing GROUP BY 2;
        INSERT INTO label_tally SELECT 'marketing', coalesce(marketing, ''), count(*) FROM label_standing GROUP BY 2;
        CREATE TRIGGER label_tally_in AFTER INSERT ON label_standing BEGIN
            INSERT INTO label_tally VALUES ('service', coalesce(NEW.service, ''), 1) ON CONFLICT (purpose, reason) DO UPDATE SET n = n + 1;
            INSERT INTO label_tally VALUES ('marketing', coalesce(NEW.marketing, ''), 1) ON CONFLICT (purpose, reason) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER label_tally_out AFTER DELETE ON label_standing BEGIN
            UPDATE label_tally SET n = n - 1 WHERE purpose = 'service' AND reason = coalesce(OLD.service, '');
            UPDATE label_tally SET n = n - 1 WHERE purpose = 'marketing' AND reason = coalesce(OLD.marketing, '');
        END;
        CREATE TRIGGER label_tally_moves AFTER UPDATE OF service, marketing ON label_standing
        WHEN OLD.service IS NOT NEW.service OR OLD.marketing IS NOT NEW.marketing BEGIN
            UPDATE label_tally SET n = n - 1 WHERE purpose = 'service' AND reason = coalesce(OLD.service, '');
            UPDATE label_tally SET n = n - 1 WHERE purpose = 'marketing' AND reason = coalesce(OLD.marketing, '');
            INSERT INTO label_tally VALUES ('service', coalesce(NEW.service, ''), 1) ON CONFLICT (purpose, reason) DO UPDATE SET n = n + 1;
            INSERT INTO label_tally VALUES ('marketing', coalesce(NEW.marketing, ''), 1) ON CONFLICT (purpose, reason) DO UPDATE SET n = n + 1;
        END;

        -- What changes a standing: the customer's address, organisation, restriction, name key
        -- or being forgotten; a publication or marketing ban event; their organisation's address
        -- (or a new organisation taking the id of a deleted one people still point at). A batch
        -- import sets these aside and makes its customers' standing once at the end.
        \(v29Trigger("label_standing_of_new_customer", "AFTER INSERT ON customer", "= NEW.number"))
        \(v29Trigger("label_standing_of_changed_customer", """
            AFTER UPDATE OF street, po_box, postcode, town, country, organisation_id, restriction_reason, sort_key, forgotten_on ON customer
            """, "= NEW.number"))
        \(v29Trigger("label_standing_of_deleted_customer", "AFTER DELETE ON customer", "= OLD.number"))
        \(v29Trigger("label_standing_of_new_ban", "AFTER INSERT ON consent_event WHEN NEW.kind IN ('publication', 'marketing')", "= NEW.customer_number"))
        \(v29Trigger("label_standing_of_removed_ban", "AFTER DELETE ON consent_event WHEN OLD.kind IN ('publication', 'marketing')", "= OLD.customer_number"))
        \(v29Trigger("label_standing_of_changed_ban", "AFTER UPDATE ON consent_event WHEN OLD.kind IN ('publication', 'marketing') OR NEW.kind IN ('publication', 'marketing')",
                     "IN (OLD.customer_number, NEW.customer_number)"))
        \(v29Trigger("label_standing_of_new_organisation", "AFTER INSERT ON organisation",
                     "IN (SELECT number FROM customer WHERE organisation_id = NEW.id)"))
        \(v29Trigger("label_standing_of_moved_organisation", """
            AFTER UPDATE OF id, street, postcode, town, country ON organisation
            WHEN (OLD.id, OLD.street, OLD.postcode, OLD.town, OLD.country) IS NOT (NEW.id, NEW.street, NEW.postcode, NEW.town, NEW.country)
            """, "IN (SELECT number FROM customer WHERE organisation_id IN (OLD.id, NEW.id))"))
        \(v29Trigger("label_standing_of_removed_organisation", "AFTER DELETE ON organisation", "IN (SELECT number FROM customer WHERE organisation_id = OLD.id)"))
        """),
        Migration(version: 30, name: "each customer's last activity, kept as the register changes", sql: """
        -- The retention review visited every customer to find those with nothing recent (1.5 s
        -- at a million). Each live customer's last activity is kept here instead, in step
        -- through triggers: the newest of customer since, the end of a membership, an order's
        -- dates (order, invoice, payment), a contact and an event attended. The review reads
        -- the range due from its index and still checks each customer it finds as before, so a
        -- date that is too old can only make it look, never make it take someone active.
        -- `dealt`: the newest of all but the membership (what a card and the register's file
        -- call the last activity: `Register.lastActivitySQL` as it is at this version).
        CREATE VIEW customer_activity_now AS
        SELECT customer_number, dealt, max(dealt, coalesce(member_until, '')) AS last
        FROM (SELECT c.number AS customer_number, c.member_until,
                     max(c.since,
                         coalesce((SELECT max(max(o.date, coalesce(o.invoice_date, ''), coalesce(o.paid_date, '')))
                                   FROM customer_order o WHERE o.customer_number = c.number), ''),
                         coalesce((SELECT max(e.date) FROM contact_event e WHERE e.customer_number = c.number), ''),
                         coalesce((SELECT max(v.date) FROM event_participant p JOIN event v ON v.id = p.event_id
                                   WHERE p.customer_number = c.number AND p.attended = 1), '')) AS dealt
              FROM customer c
              WHERE c.forgotten_on IS NULL);

        CREATE TABLE customer_activity (
            customer_number  INTEGER PRIMARY KEY REFERENCES customer(number) ON DELETE CASCADE,
            dealt            TEXT NOT NULL,
            last             TEXT NOT NULL
        );
        INSERT INTO customer_activity (customer_number, dealt, last) SELECT customer_number, dealt, last FROM customer_activity_now;
        CREATE INDEX customer_activity_by_last ON customer_activity(last);
        -- The forgotten, whose orders the review weighs against the Accounting Act (it read
        -- every order: 0.2 s at a million).
        CREATE INDEX customer_forgotten ON customer(number) WHERE forgotten_on IS NOT NULL;

        -- What moves it: the customer's since, membership or being forgotten; an order's dates
        -- or owner; a contact's date or owner; taking part in an event, or the event's date.
        \(v30Trigger("customer_activity_of_new_customer", "AFTER INSERT ON customer", "= NEW.number"))
        \(v30Trigger("customer_activity_of_changed_customer", "AFTER UPDATE OF since, member_until, forgotten_on ON customer", "= NEW.number"))
        \(v30Trigger("customer_activity_of_deleted_customer", "AFTER DELETE ON customer", "= OLD.number"))
        \(v30Trigger("customer_activity_of_new_order", "AFTER INSERT ON customer_order", "= NEW.customer_number"))
        \(v30Trigger("customer_activity_of_changed_order", "AFTER UPDATE OF customer_number, date, invoice_date, paid_date ON customer_order",
                     "IN (OLD.customer_number, NEW.customer_number)"))
        \(v30Trigger("customer_activity_of_removed_order", "AFTER DELETE ON customer_order", "= OLD.customer_number"))
        \(v30Trigger("customer_activity_of_new_contact", "AFTER INSERT ON contact_event", "= NEW.customer_number"))
        \(v30Trigger("customer_activity_of_changed_contact", "AFTER UPDATE OF customer_number, date ON contact_event",
                     "IN (OLD.customer_number, NEW.customer_number)"))
        \(v30Trigger("customer_activity_of_removed_contact", "AFTER DELETE ON contact_event", "= OLD.customer_number"))
        \(v30Trigger("customer_activity_of_new_participant", "AFTER INSERT ON event_participant", "= NEW.customer_number"))
        \(v30Trigger("customer_activity_of_changed_participant", "AFTER UPDATE OF customer_number, event_id, attended ON event_participant",
                     "IN (OLD.customer_number, NEW.customer_number)"))
        \(v30Trigger("customer_activity_of_removed_participant", "AFTER DELETE ON event_participant", "= OLD.customer_number"))
        \(v30Trigger("customer_activity_of_moved_event", "AFTER UPDATE OF id, date ON event",
                     "IN (SELECT customer_number FROM event_participant WHERE event_id IN (OLD.id, NEW.id))"))
        \(v30Trigger("customer_activity_of_removed_event", "AFTER DELETE ON event",
                     "IN (SELECT customer_number FROM event_participant WHERE event_id = OLD.id)"))
        """),
        Migration(version: 31, name: "birthdays in the views' order", sql: """
        -- The birthdays view and the today view read a day's birthdays in name order from the
        -- index alone: it holds every column the query names (SQLite takes a partial index as
        -- covering only then), in the views' order. Reading each birthday's row for its name
        -- key took 0.3-0.8 s for 30 days at a million customers.
        DROP INDEX customer_by_birthday;
        CREATE INDEX customer_by_birthday ON customer(substr(birthdate, -5), sort_key, number, birthdate, forgotten_on)
            WHERE forgotten_on IS NULL AND birthdate IS NOT NULL;
        """),
        Migration(version: 32, name: "open invoices counted by due date", sql: """
        -- How many open invoices fall due on each day, and their sum, kept as orders change:
        -- the today view's and the receivables view's figures (overdue, due this week, all)
        -- add up days instead of reading every open invoice (30 ms for the 183,000 overdue at
        -- a million). `dated` 0 holds those without a due date (under due_date ''), so a span
        -- (`due_date >= ? AND due_date < ?` with dated 1) takes what the invoices' own
        -- condition takes. A day whose last invoice is paid goes.
        CREATE TABLE receivable_day (
            dated     INTEGER NOT NULL,
            due_date  TEXT NOT NULL,
            invoices  INTEGER NOT NULL,
            cents     INTEGER NOT NULL,
            PRIMARY KEY (dated, due_date)
        ) WITHOUT ROWID;
        INSERT INTO receivable_day (dated, due_date, invoices, cents)
            SELECT due_date IS NOT NULL, coalesce(due_date, ''), count(*), sum(amount_cents)
            FROM customer_order WHERE status = 'invoiced' GROUP BY 1, 2;

        -- What moves it: an invoiced order added or removed (a customer deleted takes theirs
        -- with them), or an order's status, due date or amount changed.
        CREATE TRIGGER receivable_day_of_new_order AFTER INSERT ON customer_order WHEN NEW.status = 'invoiced' BEGIN
        \(receivableDayIn("NEW"))
        END;
        CREATE TRIGGER receivable_day_of_removed_order AFTER DELETE ON customer_order WHEN OLD.status = 'invoiced' BEGIN
        \(receivableDayOut("OLD"))
        END;
        CREATE TRIGGER receivable_day_of_changed_order AFTER UPDATE OF status, due_date, amount_cents ON customer_order
        WHEN (OLD.status = 'invoiced' OR NEW.status = 'invoiced')
         AND (OLD.status, OLD.due_date, OLD.amount_cents) IS NOT (NEW.status, NEW.due_date, NEW.amount_cents) BEGIN
        \(receivableDayOut("OLD"))
        \(receivableDayIn("NEW"))
        END;
        """),
        Migration(version: 33, name: "search terms in name order", sql: """
        -- A common word alone ("sal", "matti": a tenth of a million customers or more) finds
        -- its first window by walking everyone's terms in name order, from this index alone
        -- (about 0.8 µs a customer at a million), where SQLite read and sorted all of the
        -- word's rows (135,000 for "sal": 30 ms), or the name index was walked with a seek
        -- into the terms for each customer (about 30 µs a customer at a million).
        CREATE INDEX search_term_in_name_order ON search_term(sort_key, customer_number, term);
        """),
        Migration(version: 34, name: "search terms in name order by their first two letters", sql: """
        -- Version 33's walk passed everyone's terms to find a word's: a surname's customers all
        -- sit under one letter of the list, and so do a first name's under each surname, so
        -- the walk passed a tenth of the register or more before giving up to sort the word's
        -- rows ("matti", "vir", "korh" at a million: 18-25 ms). Here the terms that begin
        -- with the same two letters are in name order together: a word of two letters or more
        -- walks only its own two letters' terms ("vi": the first 40 it holds), a word of one
        -- letter each of its pairs' first terms, merged.
        DROP INDEX search_term_in_name_order;
        CREATE INDEX search_term_by_pair_in_name_order ON search_term(substr(term, 1, 2), sort_key, customer_number, term);
        """),
        Migration(version: 35, name: "consents read from their index alone", sql: """
        -- Whether a consent was granted or withdrawn is in the index too: reading the customers'
        -- consents (every list, the labels' bans, the views' standing) reads no row of the table.
        -- At a million customers: everyone's 492,000 events 215 -> 97 ms; the consents of a
        -- search's 25,000 customers 60-100 -> 45 ms; the label standing of 100k 234 -> 208 ms.
        DROP INDEX consent_by_customer;
        CREATE INDEX consent_by_customer ON consent_event(customer_number, kind, date, id, granted);
        """),
        Migration(version: 36, name: "each customer's consents and tags on their row, kept as they change", sql: """
        -- A list of customers looked up each one's consents and tags in their own tables, all
        -- over the file: a tenth of `list --search virtanen` at 100k, a fifth at a million. They
        -- are kept on the customer's row instead, read with it, in step through triggers.
        -- `consents`: two bits a kind (0 no event, 1 the latest withdrew it, 3 the latest
        -- granted it; the latest by date, then id), publication from bit 0, then marketing,
        -- research, disclosure, newsletter and sms (ConsentBits' order); NULL for no event, and
        -- -1 when an event is of a kind not among these (another program's): reading it is an
        -- error, as reading the event is, never a customer without their ban. `tags`: the tags
        -- in their keys' order parted by U+001F (a tag is one line without control
        -- characters), NULL for none (SQLite keeps a subquery's order for an aggregate over it,
        -- which it does not promise: a test holds every row equal to its tables). A batch
        -- (an import, a whole-register file read back, a bulk forget) sets the triggers aside
        -- and makes its customers' columns once at the end, from the view.
        ALTER TABLE customer ADD COLUMN consents INTEGER;
        ALTER TABLE customer ADD COLUMN tags TEXT;
        CREATE VIEW consents_and_tags_now AS
        SELECT c.number AS customer_number,
               CASE WHEN EXISTS (SELECT 1 FROM consent_event e WHERE e.customer_number = c.number
                                 AND e.kind NOT IN ('publication', 'marketing', 'research', 'disclosure', 'newsletter', 'sms')) THEN -1
                    ELSE nullif(\(["publication", "marketing", "research", "disclosure", "newsletter", "sms"].enumerated().map { shift, kind in
                   "coalesce((SELECT (1 + 2 * e.granted) << \(2 * shift) FROM consent_event e WHERE e.customer_number = c.number AND e.kind = '\(kind)'"
                   + " ORDER BY e.date DESC, e.id DESC LIMIT 1), 0)"
               }.joined(separator: "\n                         | ")), 0) END AS consents,
               (SELECT group_concat(tag, char(31)) FROM (SELECT t.tag FROM customer_tag t WHERE t.customer_number = c.number ORDER BY t.tag_key)) AS tags
        FROM customer c;
        UPDATE customer SET consents = (SELECT consents FROM consents_and_tags_now WHERE customer_number = customer.number)
            WHERE number IN (SELECT customer_number FROM consent_event);
        UPDATE customer SET tags = (SELECT tags FROM consents_and_tags_now WHERE customer_number = customer.number)
            WHERE number IN (SELECT customer_number FROM customer_tag);
        \(v36Trigger("consents_and_tags_of_new_consent", "AFTER INSERT ON consent_event", "consents", "= NEW.customer_number"))
        \(v36Trigger("consents_and_tags_of_changed_consent", "AFTER UPDATE ON consent_event", "consents", "IN (OLD.customer_number, NEW.customer_number)"))
        \(v36Trigger("consents_and_tags_of_removed_consent", "AFTER DELETE ON consent_event", "consents", "= OLD.customer_number"))
        \(v36Trigger("consents_and_tags_of_new_tag", "AFTER INSERT ON customer_tag", "tags", "= NEW.customer_number"))
        \(v36Trigger("consents_and_tags_of_changed_tag", "AFTER UPDATE ON customer_tag", "tags", "IN (OLD.customer_number, NEW.customer_number)"))
        \(v36Trigger("consents_and_tags_of_removed_tag", "AFTER DELETE ON customer_tag", "tags", "= OLD.customer_number"))
        """),
    ]
}

/// A trigger of version 36: sets `column` of the customers `which` picks from
/// `consents_and_tags_now`, where it changed. Part of a shipped migration: never edited.
private func v36Trigger(_ name: String, _ event: String, _ column: String, _ which: String) -> String {
    """
    CREATE TRIGGER \(name) \(event) BEGIN
        UPDATE customer SET \(column) = (SELECT \(column) FROM consents_and_tags_now WHERE customer_number = customer.number)
            WHERE number \(which) AND \(column) IS NOT (SELECT \(column) FROM consents_and_tags_now WHERE customer_number = customer.number);
    END;
    """
}

/// A trigger of versions 29 and 30 that keeps a derived table (`label_standing`,
/// `customer_activity`: a row a live customer) in step: it brings the rows of the customers
/// `which` picks (`= NEW.number`, `IN (…)`) up to date from the view that defines them, and
/// takes a forgotten or deleted customer's away. Part of shipped migrations: never edited (a
/// change is a new function and a new migration).
private func keptInStep(_ table: String, from view: String, _ columns: [String], _ name: String, _ event: String, _ which: String) -> String {
    let list = (["customer_number"] + columns).joined(separator: ", ")
    return """
    CREATE TRIGGER \(name) \(event) BEGIN
        INSERT INTO \(table) (\(list))
            SELECT \(list) FROM \(view) WHERE customer_number \(which)
            ON CONFLICT (customer_number) DO UPDATE SET \(columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            WHERE (\(columns.joined(separator: ", "))) IS NOT (\(columns.map { "excluded.\($0)" }.joined(separator: ", ")));
        DELETE FROM \(table) WHERE customer_number \(which)
            AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.number = \(table).customer_number AND c.forgotten_on IS NULL);
    END;
    """
}

/// Version 32: the statements that count an order (`row`: NEW) on its due day when it is an
/// open invoice. Part of a shipped migration: never edited.
private func receivableDayIn(_ row: String) -> String {
    """
    INSERT INTO receivable_day (dated, due_date, invoices, cents)
        SELECT \(row).due_date IS NOT NULL, coalesce(\(row).due_date, ''), 1, \(row).amount_cents WHERE \(row).status = 'invoiced'
        ON CONFLICT (dated, due_date) DO UPDATE SET invoices = invoices + 1, cents = cents + excluded.cents;
    """
}

/// Version 32: the statements that take an order (`row`: OLD) off its due day when it was an
/// open invoice; a day left without invoices goes. Part of a shipped migration: never edited.
private func receivableDayOut(_ row: String) -> String {
    """
    UPDATE receivable_day SET invoices = invoices - 1, cents = cents - \(row).amount_cents
        WHERE \(row).status = 'invoiced' AND dated = (\(row).due_date IS NOT NULL) AND due_date = coalesce(\(row).due_date, '');
    DELETE FROM receivable_day WHERE dated = (\(row).due_date IS NOT NULL) AND due_date = coalesce(\(row).due_date, '') AND invoices = 0;
    """
}

private func v29Trigger(_ name: String, _ event: String, _ which: String) -> String {
    keptInStep("label_standing", from: "label_standing_now", ["sort_key", "country", "postcode", "service", "marketing"], name, event, which)
}

private func v30Trigger(_ name: String, _ event: String, _ which: String) -> String {
    keptInStep("customer_activity", from: "customer_activity_now", ["dealt", "last"], name, event, which)
}
