import Foundation
import CSQLite
import KortistoCore

/// Who goes on a label sheet, in the sheet's order, with each label's address lines, and how
/// many were left out for each reason (never who). The addresses are read once, with the
/// rules, in the table's own order, and kept as they were read (`LabelRecords`): some 70 bytes a
/// label, where whole customers cost kilobytes, and no second, scattered read of the register.
/// Past a few megabytes they wait in an unnamed file beside the register, so a sheet of a
/// million holds 8 bytes a label in memory; the sheet's order is read from them a window at a
/// time.
public struct LabelSelection: Sendable {
    public var excluded: [LabelExclusion: Int]
    /// Every label, in the order they were read.
    private var records: LabelRecords
    /// Each label read's position on the sheet.
    private var positions: [Int32] = []
    /// How many positions of the sheet are put together from the labels read at once.
    private let window: Int
    /// The rule the labels were let through by, and the moment of the register they were read
    /// at: a campaign recorded while the register is unchanged need not read them again.
    var purpose: LabelPurpose = .service
    var readAt: ChangeStamp?

    init(records: LabelRecords, window: Int) {
        precondition(window > 0)
        excluded = [:]
        self.records = records
        self.window = window
    }

    /// How many labels the sheet has.
    public var count: Int { positions.count }
    public var isEmpty: Bool { positions.isEmpty }

    /// The customers on the sheet, by number, in the sheet's order.
    public var numbers: [Int64] {
        get throws(StoreError) {
            var numbers = [Int64](repeating: 0, count: count)
            try records.forEach(where: { _ in true }) { index, record in numbers[Int(positions[index])] = LabelRecords.number(record) }
            return numbers
        }
    }

    /// The customers on the sheet, by number, in number order: taken in the order they were
    /// read (the table's, so already in order when everyone is) and sorted in place, one array
    /// where a sorted copy of `numbers` held two (6 MB each for a campaign of a million).
    var numbersAscending: [Int64] {
        get throws(StoreError) {
            var numbers: [Int64] = []
            numbers.reserveCapacity(count)
            try records.forEach(where: { _ in true }) { _, record in numbers.append(LabelRecords.number(record)) }
            numbers.sort()
            return numbers
        }
    }

    /// The labels at `positions` of the sheet (all of them when nil), in the sheet's order:
    /// their customer and address lines.
    public func labels(_ positions: Range<Int>? = nil) throws -> [(number: Int64, lines: [String])] {
        var labels: [(number: Int64, lines: [String])] = []
        try forEachLabel(positions) { labels.append(($0, $1)) }
        return labels
    }

    /// Calls `body` with each label at `wanted` positions of the sheet (all of them when nil),
    /// in the sheet's order: `window` positions at a time are put together from one pass over
    /// the labels read (a block of the file at a time, and only the blocks that hold one of
    /// theirs).
    public func forEachLabel(_ wanted: Range<Int>? = nil, _ body: (_ number: Int64, _ lines: [String]) throws -> Void) throws {
        let wanted = wanted ?? 0..<count
        precondition(wanted.lowerBound >= 0 && wanted.upperBound <= count)
        for start in stride(from: wanted.lowerBound, to: wanted.upperBound, by: window) {
            let stretch = start..<min(start + window, wanted.upperBound)
            // Where each label of the stretch goes in one run of bytes, in the sheet's order.
            var starts = [Int](repeating: 0, count: stretch.count + 1)
            for (index, position) in positions.enumerated() where stretch.contains(Int(position)) {
                starts[Int(position) - stretch.lowerBound + 1] = records.length(index)
            }
            for i in 1..<starts.count { starts[i] += starts[i - 1] }
            var bytes = [UInt8](repeating: 0, count: starts[stretch.count])
            try records.forEach(where: { stretch.contains(Int(positions[$0])) }) { index, record in
                let at = Int(positions[index]) - stretch.lowerBound
                bytes.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[starts[at]..<starts[at + 1]]).copyMemory(from: record) }
            }
            try bytes.withUnsafeBytes { bytes in
                for at in 0..<stretch.count {
                    let record = UnsafeRawBufferPointer(rebasing: bytes[starts[at]..<starts[at + 1]])
                    try body(LabelRecords.number(record), LabelRecords.lines(record))
                }
            }
        }
    }

    /// Room for `labels` labels at once: growing a buffer of megabytes copies it, and for a
    /// moment holds it twice (room reserved and never written costs no memory). Every copy of
    /// the selection shares its records: this is for the selection being read, before anyone has
    /// a copy.
    func reserve(_ labels: Int) {
        records.reserve(labels)
    }

    /// Adds labels read after those before (shared as `reserve` says).
    func append(_ labels: LabelChunk) {
        records.append(labels)
    }

    /// Puts the labels read in the sheet's order: `keys` has one per label read, in that order.
    mutating func arrange(by keys: [UInt64]) {
        precondition(keys.count == records.count)
        var order = Array(0..<Int32(keys.count))
        order.sort { keys[Int($0)] < keys[Int($1)] }
        positions = [Int32](repeating: 0, count: order.count)
        for (position, index) in order.enumerated() { positions[Int(index)] = Int32(position) }
    }
}

/// A chunk's labels as they are weighed: each its customer's number (8 bytes, little-endian)
/// and its lines in UTF-8, parted by 0xFF (a byte UTF-8 never uses), one after another, and
/// each one's length.
struct LabelChunk: Sendable {
    var bytes: [UInt8] = []
    var lengths: [UInt32] = []

    mutating func append(_ number: Int64, lines: [String]) {
        let start = bytes.count
        withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
        for (i, line) in lines.enumerated() {
            if i > 0 { bytes.append(0xFF) }
            bytes.append(contentsOf: line.utf8)
        }
        lengths.append(UInt32(bytes.count - start))
    }
}

/// A selection's labels in the order they were read (`LabelChunk`'s bytes). Those read first
/// are moved to a `ScratchFile` in `folder` each time more than `spillAfter` bytes are held;
/// the rest stay in memory. Where no file can be made, or one stops taking bytes (a full disk),
/// the labels simply stay in memory: nothing is lost, only room.
///
/// `@unchecked Sendable`: it changes only while the selection is read (`append` and `reserve`,
/// on the thread that reads the register: `SlicePipeline` delivers the weighed chunks there),
/// and is read only after that thread has returned the selection.
final class LabelRecords: @unchecked Sendable {
    private var lengths: [UInt32] = []
    /// The labels after those in the file.
    private var held: [UInt8] = []
    private var file: ScratchFile?
    /// How many labels are in the file (the first ones read).
    private var inFile = 0
    private var folder: String?
    private let spillAfter: Int
    private let scratch: (String) -> ScratchFile?
    /// How many bytes of the file are read at once (at least one label, however long).
    private let block: Int

    /// `scratch` makes the file in a folder (tests pass files that fail).
    init(spillingTo folder: String?, after bytes: Int, scratch: @escaping (String) -> ScratchFile? = ScratchFile.init(in:),
         block: Int = 1 << 20) {
        self.folder = folder
        spillAfter = bytes
        self.scratch = scratch
        self.block = block
    }

    var count: Int { lengths.count }

    /// The bytes of the label read `index`-th.
    func length(_ index: Int) -> Int { Int(lengths[index]) }

    func reserve(_ labels: Int) {
        lengths.reserveCapacity(labels)
        held.reserveCapacity(folder == nil ? labels * 72 : spillAfter + (1 << 18))
    }

    func append(_ labels: LabelChunk) {
        held += labels.bytes
        lengths += labels.lengths
        guard held.count > spillAfter, let folder else { return }
        if file == nil { file = scratch(folder) }
        guard let file, held.withUnsafeBytes(file.append) else {
            // Kept in memory from here on.
            self.folder = nil
            return
        }
        inFile = lengths.count
        held.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with each label `wanted` takes, in the order read: the file's a block at a
    /// time (blocks with none wanted are not read), then those in memory.
    func forEach(where wanted: (Int) -> Bool, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws(StoreError) {
        var index = 0, offset = 0
        if let file, inFile > 0 {
            var buffer = [UInt8](repeating: 0, count: block)
            while index < inFile {
                // The labels that fit in a block (at least one, however long).
                var end = index, size = 0, any = false
                while end < inFile && (end == index || size + length(end) <= block) {
                    any = any || wanted(end)
                    size += length(end)
                    end += 1
                }
                if any {
                    if buffer.count < size { buffer = [UInt8](repeating: 0, count: size) }
                    let failure = buffer.withUnsafeMutableBytes { buffer -> Int32? in
                        if let failure = file.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size])) { return failure }
                        var start = 0
                        for i in index..<end {
                            if wanted(i) { body(i, UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[start..<start + length(i)])) }
                            start += length(i)
                        }
                        return nil
                    }
                    if let failure {
                        throw .refused(Refusal("cannot read the labels set aside beside the register ({0}); nothing was written",
                                               String(cString: strerror(failure))))
                    }
                }
                index = end
                offset += size
            }
        }
        held.withUnsafeBytes { held in
            var start = 0
            for i in index..<lengths.count {
                if wanted(i) { body(i, UnsafeRawBufferPointer(rebasing: held[start..<start + length(i)])) }
                start += length(i)
            }
        }
    }

    /// The customer of a label's bytes.
    static func number(_ record: UnsafeRawBufferPointer) -> Int64 {
        Int64(littleEndian: record.loadUnaligned(as: Int64.self))
    }

    /// The address lines of a label's bytes.
    static func lines(_ record: UnsafeRawBufferPointer) -> [String] {
        let text = UnsafeRawBufferPointer(rebasing: record[8...]).assumingMemoryBound(to: UInt8.self)
        return text.split(separator: 0xFF, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A chunk of rows weighed for a sheet (`Register.labelSelection`): how many the rules left out
/// and why, and the labels let through with their rank in name order and, for a sheet by
/// postcode, their place (an index into `places`, the chunk's country-and-postcode keys).
private struct WeighedLabels: Sendable {
    var excluded: [LabelExclusion: Int] = [:]
    var labels = LabelChunk()
    var ranks: [UInt32] = []
    var places: [String] = []
    var placeOfLabel: [UInt32] = []
}

/// What the label dialog previews of a sheet of everyone, without reading everyone: counts
/// kept as the register changes, and the first labels (`Register.labelGlance`).
public struct LabelGlance: Sendable {
    /// How many labels the sheet has.
    public var labels = 0
    /// How many the sheet leaves out, for each reason (never who).
    public var excluded: [LabelExclusion: Int] = [:]
    /// The first labels in the sheet's order: their customer and address lines.
    public var first: [(number: Int64, lines: [String])] = []
}

extension Register {
    /// Customers matching `query` and `filter` that the label rules let through for `purpose`,
    /// sorted by postcode (bulk-mail discounts need it; name order within a postcode) or by
    /// name. Each customer is weighed from the few columns the rules and the label read (no
    /// tags, links or contacts), and only their label's lines are kept.
    public func labelSelection(matching query: SearchQuery, purpose: LabelPurpose, sortByPostcode: Bool,
                               filter: LabelFilter = LabelFilter()) throws -> LabelSelection {
        try labelSelection(matching: query, purpose: purpose, sortByPostcode: sortByPostcode, filter: filter, weighing: Self.weighedChunk,
                           spillingAfter: Self.labelBytesHeld, window: Self.labelWindow)
    }

    /// The same, weighing `weighing` rows at a time, setting the labels aside in a file (made
    /// by `scratch`, read `block` bytes at a time) past `spillingAfter` bytes (nil: never) and
    /// putting `window` positions of the sheet together at a time (tests pass across each).
    func labelSelection(matching query: SearchQuery, purpose: LabelPurpose, sortByPostcode: Bool, filter: LabelFilter,
                        weighing chunkSize: Int, spillingAfter bytesHeld: Int?, window: Int,
                        scratch: @escaping (String) -> ScratchFile? = ScratchFile.init(in:), block: Int = 1 << 20) throws -> LabelSelection {
        precondition(chunkSize > 0)
        // Beside the register: its folder is the user's own (0700 for the default register).
        let folder = path.isEmpty || path.hasPrefix(":memory:") ? nil : PathName.folderOrCurrent(path)
        let records = LabelRecords(spillingTo: bytesHeld == nil ? nil : folder, after: bytesHeld ?? .max, scratch: scratch, block: block)
        // One read transaction: the name order and the rows (their bans on them) from one moment.
        return try read { try db.reading {
            // A sheet of everyone reads every page once (the organisations, the name index, the
            // rows front to back): 2 MiB of cache do, where the 8 MiB a command keeps were an
            // eighth of a million's sheet's memory (the interface's 32 MiB start cold after it).
            let everyone = query.terms.isEmpty, cache = try db.scalarInt("PRAGMA cache_size") ?? -2048
            if everyone { try db.execute("PRAGMA cache_size = \(max(cache, -2048))") }
            defer { if everyone { try? db.execute("PRAGMA cache_size = \(cache)") } }
            var selection = LabelSelection(records: records, window: window)
            selection.purpose = purpose
            selection.readAt = try db.changeStamp()
            let organisations = try OrganisationsByID(db)
            let live = try countCustomers()
            let span = try NumberSpan(db, live: live)
            // The sheet's order as two small numbers a label: the place (country and postcode,
            // ranked once the places are known) and the rank in name order.
            var places: [String: UInt32] = [:]
            var keys: [UInt64] = []
            // Rows are read here and weighed on other threads a chunk at a time (up to three
            // at once), put together in order (weighing was two thirds of a sheet of everyone:
            // at 100k 0.72 -> 0.53 s).
            var chunk = CopiedRows(columns: Self.weighedColumnCount, rows: chunkSize), ranks: [UInt32] = []
            try SlicePipeline.run(ahead: 2, deliver: { (part: WeighedLabels) in
                for (reason, count) in part.excluded { selection.excluded[reason, default: 0] += count }
                // The chunk's places numbered as the whole sheet's.
                let global = part.places.map { key in
                    if let known = places[key] { return known }
                    let place = UInt32(places.count)
                    places[key] = place
                    return place
                }
                for (i, rank) in part.ranks.enumerated() {
                    let place = part.placeOfLabel.isEmpty ? 0 : UInt64(global[Int(part.placeOfLabel[i])])
                    keys.append(place << 32 | UInt64(rank))
                }
                selection.append(part.labels)
            }) { handOver in
                func weighChunk() throws {
                    let rows = chunk, rowRanks = ranks
                    chunk = CopiedRows(columns: Self.weighedColumnCount, rows: chunkSize)
                    ranks = []
                    try handOver {
                        try Self.weigh(rows, ranks: rowRanks, organisations: organisations, filter: filter,
                                       purpose: purpose, byPlace: sortByPostcode)
                    }
                }
                func read(_ row: Row, rank: UInt32) throws {
                    chunk.append(row)
                    ranks.append(rank)
                    if ranks.count == chunkSize { try weighChunk() }
                }
                let (from, whereSQL, arguments) = try self.filter(query, whole: true)
                if query.terms.isEmpty {
                    // Everyone: the table in its own order (read once, front to back), ranked by the
                    // name index read alone (no row visited), with room for all at once (a search's
                    // few grow as they come).
                    selection.reserve(live)
                    keys.reserveCapacity(live)
                    var nameRanks = try NameRanks(db, span: span)
                    try db.forEach("SELECT \(Self.labelColumns) FROM \(from) WHERE \(whereSQL)", arguments) { row in
                        guard let rank = nameRanks[row.int(0)] else { return }
                        try read(row, rank: rank)
                    }
                    nameRanks = NameRanks()
                } else {
                    var rank: UInt32 = 0
                    try db.forEach("SELECT \(Self.labelColumns) FROM \(from) WHERE \(whereSQL) ORDER BY c.sort_key, c.number", arguments) { row in
                        try read(row, rank: rank)
                        rank += 1
                    }
                }
                if !ranks.isEmpty { try weighChunk() }
            }
            if sortByPostcode {
                // Places ranked by country, then postcode; a person's rank breaks ties.
                var placeRank = [UInt64](repeating: 0, count: places.count)
                for (position, key) in places.keys.sorted().enumerated() { placeRank[Int(places[key]!)] = UInt64(position) }
                for i in keys.indices { keys[i] = placeRank[Int(keys[i] >> 32)] << 32 | keys[i] & 0xFFFF_FFFF }
            }
            selection.arrange(by: keys)
            return selection
        } }
    }

    /// The label dialog's preview of everyone, from the standing the register keeps (v29):
    /// how many a sheet of `purpose` takes, how many it leaves out and why, and its first
    /// `first` labels in the sheet's order, each weighed again by
    /// `LabelRules` as a written sheet weighs them. Nil when the rules would leave one of those
    /// out (a standing left behind by a write the triggers missed; the tests hold that none
    /// does): the caller then reads everyone. The counts are not checked again here: counting
    /// the register would cost what the kept counts save.
    public func labelGlance(purpose: LabelPurpose, first limit: Int) throws -> LabelGlance? {
        try read { try db.reading { () throws -> LabelGlance? in
            var glance = LabelGlance()
            try db.forEach("SELECT reason, n FROM label_tally WHERE purpose = ? AND n > 0", [purpose.rawValue]) { row in
                if row.text(0).isEmpty { glance.labels = Int(row.int(1)) } else { glance.excluded[try row.known(0, LabelExclusion.self)] = Int(row.int(1)) }
            }
            guard limit > 0 else { return glance }
            // A marketing sheet passes over the service sheet's few with a marketing ban.
            let numbers = try db.rows("""
                SELECT customer_number FROM label_standing INDEXED BY label_standing_in_sheet_order
                WHERE service IS NULL\(purpose == .marketing ? " AND marketing IS NULL" : "")
                ORDER BY country, postcode, sort_key, customer_number LIMIT ?
                """, [limit]) { $0.int(0) }
            // Weighed as a written sheet's recipients are (`weighed`: the rules' columns and
            // consents), at their organisation's address where they have none of their own.
            var found: [Int64: Customer] = [:]
            for start in stride(from: 0, to: numbers.count, by: 500) {
                found.merge(try weighed(numbered: Array(numbers[start..<min(start + 500, numbers.count)]))) { $1 }
            }
            let organisations = Dictionary(uniqueKeysWithValues: try db.rows(Self.organisationSelect + " WHERE id IN (SELECT value FROM json_each(?))",
                                                                             [Database.jsonArray(found.values.compactMap(\.organisationID))],
                                                                             organisation(from:)).map { ($0.id, $0) })
            for number in numbers {
                guard var weighed = found[number] else { return nil }
                let organisation = weighed.organisationID.flatMap { organisations[$0] }
                weighed.organisationName = organisation?.name
                let customer = LabelRules.addressed(weighed, organisation: organisation)
                guard LabelRules.exclusion(customer, purpose: purpose) == nil else { return nil }
                glance.first.append((number, LabelRules.addressLines(customer)))
            }
            return glance
        } }
    }

    /// Weighs a chunk of rows of `labelColumns` (`ranks`: each row's rank in name order) as
    /// the sheet's rules do, on whichever thread: one customer filled in for each row (a new
    /// one a row cost a tenth of the run).
    private static func weigh(_ rows: CopiedRows, ranks: [UInt32], organisations: OrganisationsByID,
                              filter: LabelFilter, purpose: LabelPurpose, byPlace: Bool) throws -> WeighedLabels {
        var part = WeighedLabels(), found = blankCustomer, places: [String: UInt32] = [:]
        // `customer` at the address on their label: passed on, not copied (a copy of a customer
        // for every row was 4 % of a test print's instructions at 100k).
        func label(_ customer: Customer, rank: UInt32) {
            if let reason = LabelRules.exclusion(customer, purpose: purpose) {
                part.excluded[reason, default: 0] += 1
                return
            }
            if byPlace {
                let key = customer.country + "\u{0}" + (customer.postcode ?? "")
                if let known = places[key] { part.placeOfLabel.append(known) } else {
                    places[key] = UInt32(part.places.count)
                    part.placeOfLabel.append(UInt32(part.places.count))
                    part.places.append(key)
                }
            }
            part.ranks.append(rank)
            part.labels.append(customer.number, lines: LabelRules.addressLines(customer))
        }
        for (index, rank) in ranks.enumerated() {
            try fill(&found, from: rows[index], organisations: organisations)
            guard filter.admits(found) else { continue }
            // Their organisation is copied only where they have no address of their own (`fill`
            // reads only its name): a copy of it for every customer was some 5 % of a sheet of
            // everyone's processor time.
            if LabelRules.hasOwnAddress(found) {
                label(found, rank: rank)
            } else {
                label(LabelRules.addressed(found, organisation: found.organisationID.flatMap { organisations[$0] }), rank: rank)
            }
        }
        return part
    }

    /// How many rows are weighed at once (a few hundred kilobytes of them).
    private static let weighedChunk = 2048
    /// How many bytes of labels are held before they are set aside in a file (about 30,000
    /// labels; a million's are some 60 MB).
    private static let labelBytesHeld = 2 * 1024 * 1024
    /// How many positions of a sheet are put together at once (about 9 MB of labels; a
    /// million's file is read six times).
    private static let labelWindow = 1 << 17
    private static let weighedColumnCount = labelConsentsColumn + 1

    /// The live customers of `chunk` (at most 500) in the columns and consents the privacy rules
    /// read (`LabelRules`, `CampaignRules`): no links or other contacts.
    func weighed(numbered chunk: [Int64]) throws -> [Int64: Customer] {
        let list = "(" + Array(repeating: "?", count: chunk.count).joined(separator: ",") + ")"
        var found: [Customer] = []
        try db.forEachOnce("SELECT \(Self.labelColumns) FROM customer c WHERE c.number IN \(list) AND c.forgotten_on IS NULL", chunk) { row in
            found.append(try Self.labelCustomer(row, organisations: OrganisationsByID()))
        }
        return Dictionary(uniqueKeysWithValues: found.map { ($0.number, $0) })
    }

    /// What the privacy rules and a label read of a customer, from the field table (the number
    /// first: the rank is looked up by it).
    private static let weighedFields: [CustomerField] = [.number, .firstName, .lastName, .organisation, .street, .poBox, .postcode, .town, .country,
                                                         .careOf, .kind, .restrictionReason]
    private static let weighedAccess = CustomerField.Access(weighedFields)
    /// The weighed fields' columns, then the consents as the row keeps them (v36).
    private static let labelColumns = (weighedFields.map { "c." + $0.column } + ["c.consents"]).joined(separator: ", ")
    private static let labelConsentsColumn = Int32(weighedFields.count)

    /// A customer in the weighed fields, with their consents and their organisation's name
    /// (for `LabelFilter`).
    private static func labelCustomer(_ row: Row, organisations: OrganisationsByID) throws -> Customer {
        var customer = blankCustomer
        try fill(&customer, from: row, organisations: organisations)
        return customer
    }

    private static let blankCustomer = Customer(number: 0, firstName: "", lastName: "", since: LocalDate(daysSinceEpoch: 0),
                                                createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))

    /// Sets the weighed fields, consents and organisation name of `customer` from `row`; the
    /// rest stays as it was.
    private static func fill(_ customer: inout Customer, from row: some ColumnValues, organisations: OrganisationsByID) throws {
        for i in weighedFields.indices {
            do {
                try weighedAccess.set(i, row.value(Int32(i)), in: &customer)
            } catch {
                throw StoreError.unknownStoredValue(what: "a \(error.field.key)", value: error.value)
            }
        }
        // Set for every row, with or without events: `customer` is the row before's, refilled.
        try ConsentBits(stored: row.int(labelConsentsColumn)).set(on: &customer)
        customer.organisationName = customer.organisationID.flatMap { organisations.name(of: $0) }
    }
}

/// The organisations by id: one array in id order, and each id's place in it by `ByNumber`
/// (an array over the ids where they lie close together). A dictionary of 50,000
/// organisations (a million customers' register) took 23 MB, the array 8 MB; a search by
/// halves through the organisations themselves fetched one from memory a step (a tenth of
/// weighing a sheet of everyone).
private struct OrganisationsByID: Sendable {
    /// What a label reads of an organisation: its name, and its address for the people who
    /// have none of their own (80 bytes where the whole organisation took 168).
    private struct Kept: Sendable {
        var name: String
        var street: String?, postcode: String?, town: String?
        var country: String
    }

    private let sorted: [Kept]
    private let places: ByNumber<Int32>

    /// None.
    init() {
        sorted = []
        places = ByNumber(empty: -1)
    }

    /// Every organisation of the register, in room made for all at once.
    init(_ db: Database) throws {
        let (lowest, highest, count) = try db.first("SELECT min(id), max(id), count(*) FROM organisation", []) { ($0.int(0), $0.int(1), Int($0.int(2))) }
            ?? (0, -1, 0)
        var places = ByNumber<Int32>(NumberSpan(lowest: lowest, highest: count == 0 ? -1 : highest, count: count), empty: -1)
        var sorted: [Kept] = []
        sorted.reserveCapacity(count)
        try db.forEach("SELECT id, name, street, postcode, town, country FROM organisation ORDER BY id") { row in
            places[row.int(0)] = Int32(sorted.count)
            sorted.append(Kept(name: row.text(1), street: row.optionalText(2), postcode: row.optionalText(3), town: row.optionalText(4), country: row.text(5)))
        }
        (self.sorted, self.places) = (sorted, places)
    }

    /// The organisation `id` as a label reads it (the rest of it left empty).
    subscript(id: Int64) -> Organisation? {
        index(of: id).map {
            let kept = sorted[$0]
            return Organisation(id: id, name: kept.name, street: kept.street, postcode: kept.postcode, town: kept.town, country: kept.country)
        }
    }

    /// The name of the organisation `id`.
    func name(of id: Int64) -> String? {
        index(of: id).map { sorted[$0].name }
    }

    private func index(of id: Int64) -> Int? {
        let place = places[id]
        return place < 0 ? nil : Int(place)
    }
}

/// Each live customer's place in name order, read from the name index alone (4 bytes a
/// number while the numbers lie close together: `ByNumber`).
private struct NameRanks {
    private var ranks = ByNumber<UInt32>(empty: .max)

    init() {}

    init(_ db: Database, span: NumberSpan) throws {
        ranks = ByNumber(span, empty: .max)
        var next: UInt32 = 0
        try db.forEach("SELECT number FROM customer INDEXED BY customer_by_name WHERE forgotten_on IS NULL ORDER BY sort_key, number") { row in
            ranks[row.int(0)] = next
            next += 1
        }
    }

    /// The rank of a live customer; nil for anyone else (forgotten, or added since).
    subscript(number: Int64) -> UInt32? {
        let rank = ranks[number]
        return rank == .max ? nil : rank
    }
}
