import Foundation
import KortistoCore
import KortistoExchange
import KortistoStore

/// `kortisto sync --vdir DIR`: a vdir (a folder of vCards, as vdirsyncer keeps a CardDAV
/// address book) and the register kept in step both ways.
///
/// The rule, field by field against what both sides last agreed on:
/// - changed on one side only: that side's value goes to the other;
/// - changed on both to different values: a conflict, shown with both values and left as it
///   is on both sides until one is changed to match (never guessed);
/// - bans, holds, restrictions, kind, source and membership come only from the register (a
///   phone cannot lift a ban);
/// - a card new in the vdir becomes a customer (unless it has the e-mail or phone of one: then
///   it is shown, not added); a customer new in the register becomes a card;
/// - a customer forgotten or restricted loses their card, wherever it turns up again; a card
///   deleted in the vdir leaves the customer in the register and is not sent again;
/// - what a card holds that Kortisto does not (a photo) stays on it when Kortisto rewrites it.
/// Files are written whole under a temporary name and renamed; the register changes in one
/// transaction after them, so an interrupted sync is done again, never half-believed.
public struct VdirSync {
    public let register: Register
    public let vdir: String
    public let today: LocalDate

    public init(register: Register, vdir: String, today: LocalDate) {
        self.register = register
        self.vdir = vdir
        self.today = today
    }

    /// What a sync did (or, dry, would do); names are for the person running it.
    public struct Report: Sendable {
        public struct Conflict: Sendable {
            public var customer: Int64
            public var name: String
            /// Field key, the register's value, the card's value.
            public var fields: [(key: String, register: String, card: String)]
        }
        /// Customers made from new cards.
        public var added: [(number: Int64, name: String)] = []
        /// Customers the cards changed, with the fields.
        public var updated: [(number: Int64, name: String, fields: [String])] = []
        /// Cards written (new customers, register changes).
        public var written: [(number: Int64, name: String)] = []
        /// Cards removed: their customer is forgotten or restricted.
        public var removed = 0
        /// Cards deleted in the vdir: the customer stays in the register.
        public var deletedThere: [(number: Int64, name: String)] = []
        public var conflicts: [Conflict] = []
        /// Cards not taken in, and why (no UID, invalid, like an existing customer).
        public var refused: [(file: String, reason: String)] = []

        public var changedNothing: Bool {
            added.isEmpty && updated.isEmpty && written.isEmpty && removed == 0 && deletedThere.isEmpty
        }
    }

    /// The fields a card and a customer keep in step: what a vCard carries and a person types,
    /// but never what only the register decides.
    public static let fields: [CustomerField] = CustomerField.allCases.filter {
        $0.spec.formats.contains(.vcard) && $0.isTyped
            && ![.bans, .kind, .source, .sourceDetail, .since, .memberSince, .memberUntil, .preferredChannel, .customerType, .language].contains($0)
    }

    /// A card file as read: its vCard and the bytes it came from.
    struct CardFile {
        var name: String
        var card: VCard
        var text: String
    }

    public func run(dryRun: Bool = false) throws -> Report {
        var report = Report()
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: vdir, isDirectory: &isFolder) {
            guard !dryRun else { throw Refusal("there is no folder {0}", vdir) }
            try FileManager.default.createDirectory(atPath: vdir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } else if !isFolder.boolValue {
            throw Refusal("{0} is not a folder", vdir)
        }
        // The vdir's cards, by UID.
        var files: [String: CardFile] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: vdir).sorted()
        where name.lowercased().hasSuffix(".vcf") && !name.hasPrefix(".") {
            guard let data = FileManager.default.contents(atPath: vdir + "/" + name), let card = VCardReader.read(data).first else {
                report.refused.append((name, "not a vCard"))
                continue
            }
            guard let uid = card.uid, !uid.isEmpty else {
                report.refused.append((name, "no UID"))
                continue
            }
            files[uid] = CardFile(name: name, card: card, text: String(decoding: data, as: UTF8.self))
        }
        let state = try register.syncCards(vdir: vdir)
        var customers: [Int64: Customer] = [:]
        try register.forEachCustomer { if !$0.isRestricted { customers[$0.number] = $0 } }
        let uidOf = try register.exportUIDs()
        let ourPrefix = String(uidOf(0).dropLast(12))

        var changes = SyncChanges()
        var writes: [Write] = []
        var deletions: [String] = []
        var linked = Set<Int64>()
        var seen = Set<String>()

        let forgottenUIDs = Set(state.filter(\.isForgotten).map(\.uid))
        for card in state where !card.isForgotten { linked.insert(card.customer) }
        let known = Dictionary(state.filter { !$0.isForgotten }.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        // A customer whose card came from elsewhere is known by its UID too.
        var byStoredUID: [String: Int64] = [:]
        for customer in customers.values { if let uid = customer.vcardUID { byStoredUID[uid] = customer.number } }
        // Who a new card may be already: by e-mail (any case) and by phone.
        var twins: [String: Customer] = [:]
        for customer in customers.values.sorted(by: { $0.number < $1.number }) {
            if let email = customer.email?.lowercased(), twins[email] == nil { twins[email] = customer }
            if let phone = customer.phone, twins[phone] == nil { twins[phone] = customer }
        }

        for (uid, file) in files.sorted(by: { $0.value.name < $1.value.name }) {
            seen.insert(uid)
            // A forgotten person's card, wherever it turns up: deleted.
            if forgottenUIDs.contains(SyncCard.forgottenUID(uid)) {
                deletions.append(file.name)
                continue
            }
            if let known = known[uid] {
                // Read again if the walk did not bring them (changed meanwhile): never taken for forgotten.
                guard let customer = try customers[known.customer] ?? register.customer(known.customer), !customer.isRestricted else {
                    // Forgotten or restricted since: off the phone, wherever it turns up again.
                    deletions.append(file.name)
                    if try register.customer(known.customer) != nil {
                        var kept = known
                        kept.file = nil
                        changes.cards.append(kept)
                    } else {
                        changes.dropped.append(uid)
                    }
                    continue
                }
                try reconcile(customer, card: known, file: file, into: &changes, writes: &writes, report: &report)
                continue
            }
            // A card whose UID the register keeps for a customer (it came from elsewhere, or a
            // sync was cut short): theirs, with nothing agreed yet, any difference shown.
            if let number = byStoredUID[uid] ?? (uid.hasPrefix(ourPrefix) ? Int64(uid.dropFirst(ourPrefix.count), radix: 16) : nil) {
                if let customer = customers[number], !linked.contains(number) {
                    linked.insert(number)
                    try reconcile(customer, card: SyncCard(uid: uid, file: file.name, customer: number, base: [:]), file: file,
                                  into: &changes, writes: &writes, report: &report)
                } else if try register.forgottenOn(number) != nil || customers[number] == nil && (try register.customer(number)) != nil {
                    deletions.append(file.name)   // forgotten, or restricted
                } else {
                    report.refused.append((file.name, "names customer \(number), who is not in the register"))
                }
                continue
            }
            try addNew(file, uid: uid, twins: &twins, into: &changes, report: &report)
        }
        // Cards the state knows that are no longer in the vdir.
        for card in state where !card.isForgotten && !seen.contains(card.uid) && card.file != nil {
            if let customer = try customers[card.customer] ?? register.customer(card.customer), !customer.isRestricted {
                var gone = card
                gone.file = nil
                changes.cards.append(gone)
                report.deletedThere.append((customer.number, customer.fullName))
            } else {
                changes.dropped.append(card.uid)
            }
        }
        // Customers without a card: a new one each.
        for (number, customer) in customers.sorted(by: { $0.key < $1.key }) where !linked.contains(number) {
            let uid = uidOf(number)
            let name = Self.fileName(for: uid)
            guard files[uid] == nil, !FileManager.default.fileExists(atPath: vdir + "/" + name) else { continue }
            writes.append(Write(file: name, text: VCardWriter.card(customer, uid: uid, version: 3, revised: customer.updatedAt), customer: number, was: nil))
            changes.cards.append(SyncCard(uid: uid, file: name, customer: number, base: Self.hashes(texts(customer))))
            report.written.append((number, customer.fullName))
        }
        report.removed = deletions.count
        guard !dryRun else { return report }
        // Files first, each whole under a temporary name (a file changed since it was read is
        // left for the next run); then the register in one transaction, which leaves out anyone
        // forgotten or restricted meanwhile: their cards written now are taken away again.
        var written = Set<String>()
        for w in writes where try write(w.text, to: w.file, was: w.was) { written.insert(w.file) }
        // Said as written only when it was (another sync, or vdirsyncer, may have been first).
        let skippedWrites = Set(writes.filter { !written.contains($0.file) }.map(\.customer))
        report.written.removeAll { skippedWrites.contains($0.number) }
        changes.cards.removeAll { card in card.file.map { name in writes.contains { $0.file == name } && !written.contains(name) } ?? false }
        for name in deletions { unlink(vdir + "/" + name) }
        if !changes.isEmpty {
            let outcome = try register.applySync(changes, vdir: vdir, today: today)
            for (i, number) in outcome.added.enumerated() where i < report.added.count { report.added[i].number = number }
            for w in writes where outcome.skipped.contains(w.customer) { unlink(vdir + "/" + w.file) }
        }
        return report
    }

    /// A card to write: to `file`, for `customer`, over the text it had when read (nil: new).
    struct Write {
        var file: String
        var text: String
        var customer: Int64
        var was: String?
    }

    /// The synced fields of `c` as a card carries them: written and read back, so both sides
    /// are compared in the same form (a card read back can order phones differently).
    func texts(_ c: Customer) -> [String: String] {
        let card = VCardWriter.card(c, uid: "x", version: 3, revised: c.updatedAt)
        guard let read = VCardReader.read(Data(card.utf8)).first, let back = try? Self.customer(from: read, today: today) else { return Self.texts(c) }
        return Self.texts(back)
    }

    /// One customer and their card: each side's changes since they last agreed.
    private func reconcile(_ customer: Customer, card known: SyncCard, file: CardFile, into changes: inout SyncChanges,
                           writes: inout [Write], report: inout Report) throws {
        let mine = texts(customer)
        guard let theirs = try? Self.texts(Self.customer(from: file.card, today: today)) else {
            report.refused.append((file.name, "the card has a value Kortisto cannot take; nothing of it was read"))
            return
        }
        var base = known.base
        var input = CustomerInput()
        var fromCard: [String] = []
        var conflicts: [(key: String, register: String, card: String)] = []
        var registerChanged = false
        for field in Self.fields {
            let key = field.key, r = mine[key] ?? "", v = theirs[key] ?? ""
            let rHash = StableHash.hex(r), vHash = StableHash.hex(v)
            if rHash == vHash { base[key] = rHash; continue }
            let rChanged = base[key] != rHash, vChanged = base[key] != vHash
            switch (rChanged, vChanged) {
            case (true, false): registerChanged = true
            case (false, true):
                field.give(v, to: &input)
                fromCard.append(key)
            default: conflicts.append((key, r, v))
            }
        }
        // What only the register decides (bans, kind, membership: our X-KORTISTO- lines) is put
        // back on a card that lost or changed it, so a card read elsewhere keeps a ban.
        if Self.registerOnly(VCardWriter.card(customer, uid: known.uid, version: 3, revised: customer.updatedAt)) != Self.registerOnly(file.text) {
            registerChanged = true
        }
        var after = customer
        if !fromCard.isEmpty {
            do {
                let edit = try input.validate(today: today, existing: customer)
                edit.apply(to: &after)
                changes.edits.append(.init(number: customer.number, changes: edit, revision: customer.revision))
                for key in fromCard { base[key] = StableHash.hex(theirs[key] ?? "") }
                report.updated.append((customer.number, customer.fullName, fromCard))
            } catch {
                report.refused.append((file.name, "\(error)"))
                return
            }
        }
        if !conflicts.isEmpty {
            report.conflicts.append(.init(customer: customer.number, name: customer.fullName, fields: conflicts))
        }
        if registerChanged {
            // The register's side goes to the card, keeping what only the card holds; a field
            // in conflict keeps the card's value (shown, not decided), the rest still goes (a
            // ban set meanwhile is not held back by a conflict over an e-mail).
            var written = after
            if !conflicts.isEmpty {
                var theirsInput = CustomerInput()
                for conflict in conflicts { CustomerField(rawValue: conflict.key)?.give(conflict.card, to: &theirsInput) }
                guard let kept = try? theirsInput.validate(today: today, existing: after) else {
                    var card = known
                    card.file = file.name
                    card.base = base
                    changes.cards.append(card)
                    return
                }
                kept.apply(to: &written)
            }
            writes.append(Write(file: file.name, text: Self.merged(VCardWriter.card(written, uid: known.uid, version: 3, revised: Date()), keeping: file.text),
                                customer: customer.number, was: file.text))
            let conflicted = Set(conflicts.map(\.key))
            for (key, value) in texts(after) where Self.fields.contains(where: { $0.key == key }) && !conflicted.contains(key) { base[key] = StableHash.hex(value) }
            report.written.append((customer.number, customer.fullName))
        }
        var card = known
        card.file = file.name
        card.base = base
        changes.cards.append(card)
    }

    /// A card the register does not know: a new customer, unless it looks like one already there.
    private func addNew(_ file: CardFile, uid: String, twins: inout [String: Customer], into changes: inout SyncChanges, report: inout Report) throws {
        var row = ImportRow(file.card, index: 1)
        row.input.source = row.input.source ?? "other: sync"
        let validated: CustomerChanges
        do { validated = try row.input.validate(today: today) } catch {
            report.refused.append((file.name, "\(error)"))
            return
        }
        var made = Customer(number: 0, firstName: "", lastName: "", since: today, createdAt: Date(), updatedAt: Date())
        validated.apply(to: &made)
        if let twin = made.email.flatMap({ twins[$0.lowercased()] }) ?? made.phone.flatMap({ twins[$0] }) {
            let whose = twin.number == 0 ? "another new card (\(twin.fullName))" : "customer \(twin.number) (\(twin.fullName))"
            report.refused.append((file.name, "has the e-mail or phone of \(whose): not added; merge them by hand"))
            return
        }
        changes.additions.append(.init(changes: validated, card: SyncCard(uid: uid, file: file.name, customer: 0, base: Self.hashes(Self.texts(made)))))
        report.added.append((0, made.fullName))
        // Two new cards of one person in the same run: the second is shown, not added.
        if let email = made.email?.lowercased() { twins[email] = made }
        if let phone = made.phone { twins[phone] = made }
    }

    /// The synced fields as text, by key.
    static func texts(_ c: Customer) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.value(in: c).cell(separator: $0.spec.separator)) })
    }

    static func hashes(_ texts: [String: String]) -> [String: String] { texts.mapValues(StableHash.hex) }

    /// A card read as a customer would be imported from it.
    static func customer(from card: VCard, today: LocalDate) throws -> Customer {
        let row = ImportRow(card, index: 1)
        let changes = try row.input.validate(today: today)
        var c = Customer(number: 0, firstName: "", lastName: "", since: today, createdAt: Date(), updatedAt: Date())
        changes.apply(to: &c)
        return c
    }

    /// A file name from a UID (`urn:uuid:` dropped; only letters, digits, `-`, `_`, `.`).
    static func fileName(for uid: String) -> String {
        let bare = uid.hasPrefix("urn:uuid:") ? String(uid.dropFirst(9)) : uid
        return String(bare.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" }) + ".vcf"
    }

    /// A card's content lines, unfolded (a line break followed by a space or a tab continues
    /// the line), whatever its line ends ("\r\n" is one Character, which "\n" does not match).
    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "")
            .replacingOccurrences(of: "\n ", with: "").replacingOccurrences(of: "\n\t", with: "")
            .split(whereSeparator: \.isNewline).map(String.init)
    }

    /// A card's `X-KORTISTO-` lines (what only the register decides).
    static func registerOnly(_ text: String) -> Set<String> {
        Set(lines(text).filter { $0.uppercased().hasPrefix("X-KORTISTO-") })
    }

    /// Properties Kortisto writes; a card's others (a photo, a phone's own fields) are kept.
    static let ours: Set<String> = ["BEGIN", "END", "VERSION", "PRODID", "UID", "REV", "KIND", "FN", "N", "ORG", "TITLE", "ADR", "TEL",
                                     "EMAIL", "BDAY", "LANG", "NOTE", "URL", "CATEGORIES"]

    /// `card` with the lines of `old` that Kortisto does not write, before its END.
    static func merged(_ card: String, keeping old: String) -> String {
        var kept: [String] = []
        for text in lines(old) {
            var name = String(text.prefix { $0 != ":" && $0 != ";" }).uppercased()
            if let dot = name.firstIndex(of: ".") { name = String(name[name.index(after: dot)...]) }   // itemN.X-ABLABEL
            if ours.contains(name) || name.hasPrefix("X-KORTISTO-") { continue }
            kept.append(text)
        }
        guard !kept.isEmpty, card.hasSuffix("END:VCARD\r\n") else { return card }
        var out = String(card.dropLast("END:VCARD\r\n".count))
        for line in kept { ContentLines.append(line, to: &out) }
        return out + "END:VCARD\r\n"
    }

    /// Writes `text` to `name` unless the file changed since it was read (`was`; nil: it must
    /// not be there yet); returns whether it was written.
    private func write(_ text: String, to name: String, was: String?) throws -> Bool {
        let now = FileManager.default.contents(atPath: vdir + "/" + name).map { String(decoding: $0, as: UTF8.self) }
        guard now == was else { return false }
        // Named for this process: two syncs of one vdir at once each rename their own file
        // (a shared name made the second fail with "No such file or directory").
        let temporary = vdir + "/." + name + ".kortisto-\(getpid())-tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Refusal("cannot write {0}: {1}", vdir + "/" + name, String(cString: strerror(errno)))
        }
        guard rename(temporary, vdir + "/" + name) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Refusal("cannot write {0}: {1}", vdir + "/" + name, reason)
        }
        return true
    }
}
