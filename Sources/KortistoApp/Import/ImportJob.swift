import Foundation
import KortistoCore
import KortistoExchange
import KortistoStore

/// What an import does, row by row in file order (ImportChecker): worked out before anything
/// is written for a dry run and the `i` dialog, or while writing for `kortisto import`.
public struct ImportPlan {
    /// How many rows are new customers. Only the first of them are held (what a preview shows):
    /// an import writes the rest as they are checked, so memory does not grow with the file.
    public var freshCount = 0
    public var freshExamples: [(line: Int, record: CustomerRecord)] = []
    /// How many new customers a plan holds as examples.
    public static let examples = 15
    public var duplicates: [(line: Int, existing: Int64?, record: CustomerRecord)] = []
    public var rejected: [(line: Int, row: [String], reasons: [String])] = []
    /// The same rows' reasons as facts, for the interface to say in its language.
    public var rejectedErrors: [(line: Int, errors: [FieldError])] = []
    public var repairs = 0
    /// Every repair and every value left out, by file line: said, never silent.
    public var notes: [(line: Int, notes: [ImportNote])] = []
    /// Rows that are organisations, not people.
    public var organisations: [(line: Int, organisation: Organisation)] = []

    public func summary(duplicates mode: String) -> String {
        "\(freshCount) new, \(duplicates.count) duplicate(s) (\(mode)), \(rejected.count) invalid, \(repairs) repair(s)"
            + (organisations.isEmpty ? "" : ", \(organisations.count) organisation(s)")
    }
}

/// The rows of a file as read, before any check. A file is read a part at a time as it is
/// checked (on every core, while the rows before it are written), its rows never all held;
/// each row is mapped to a customer only then.
public struct ImportInput: Sendable {
    /// A CSV file (its parts, or one part of rows already read: `--no-header`) or vCards.
    public enum Rows: Sendable {
        case csv(CSVParts)
        case vCards(VCardParts)
    }

    public let rows: Rows
    public var header: [String] = []
    /// Columns of the file no field takes.
    public var unused: [String] = []
    public var mapping = ColumnMapping(header: [])
    /// `--source`, for every row; else each row's own source column, else `fallbackSource`.
    public var source: String?
    public var fallbackSource: String
    /// The file line of the first row (after the header, or the first line without one).
    public var firstLine = 2

    /// Rows of the file at `path`: each one's source is `source`, else its own, else the file's name.
    init(_ rows: Rows, path: String, source: String?) {
        self.rows = rows
        self.source = source
        fallbackSource = "other: import \(PathName.name(path))"
    }

    /// How many rows the file holds, as counted before they are read: a CSV file's exactly,
    /// a vCard file's BEGIN lines (reading may find a few more; ImportChecker counts those it read).
    public var count: Int {
        switch rows {
        case let .csv(file): file.counted
        case let .vCards(file): file.cardsBegun
        }
    }

    /// How many parts the file is read in.
    public var partCount: Int {
        switch rows {
        case let .csv(file): file.parts.count
        case let .vCards(file): file.parts.count
        }
    }

    /// What was read, with `count` rows, as facts (the interface says them in its language).
    func source(rows count: Int) -> ImportReport.Source {
        guard case let .csv(file) = rows else { return .vCards(count) }
        return .rows(count, encoding: file.encoding, delimiter: delimiterSaid(file), columns: mapping.uses(header: header))
    }

    /// The same, said in English (the command line).
    func description(rows count: Int) -> String {
        guard case let .csv(file) = rows else { return "Read \(count) vCard(s)." }
        return "Read \(count) row(s) (\(file.encoding), '\(delimiterSaid(file))'). Columns: \(mapping.describe(header: header))"
            + (unused.isEmpty ? "" : ". Not imported (no field takes them): " + unused.joined(separator: ", "))
    }

    private func delimiterSaid(_ file: CSVParts) -> String { file.delimiter == "\t" ? "TAB" : String(file.delimiter) }

    /// A row as read from a part: a card, or a CSV record's cells.
    enum Read: Sendable {
        case card(VCard)
        case cells([String])
    }

    /// The rows of part `index`.
    func rows(inPart index: Int) throws(VCardParts.Changed) -> [Read] {
        switch rows {
        case let .csv(file): file.rows(inPart: index).map(Read.cells)
        case let .vCards(file): try file.cards(inPart: index).map(Read.card)
        }
    }

    /// Row `index` (0-based) of the file, as read from its part, as a customer to check.
    func row(_ index: Int, read: Read) -> ImportRow {
        var row = switch read {
        case let .card(card): ImportRow(card, index: index + 1)
        case let .cells(cells): ImportRow(cells, line: index + firstLine, mapping: mapping)
        }
        if source != nil || row.input.source == nil { row.input.source = source ?? fallbackSource }
        return row
    }

    /// How the rejected rows' file shows a row: a CSV row's cells, a card by its name.
    static func cells(_ read: Read) -> [String] {
        switch read {
        case let .card(card): [card.fn ?? "\(card.n.given) \(card.n.family)"]
        case let .cells(cells): cells
        }
    }
}

/// Checks rows in file order, a slice at a time, building the plan: validation on every core,
/// duplicates judged in order against the register as it was and the rows before. One call at
/// a time (an import's writer calls it from another thread while it writes the slice before).
public final class ImportChecker: @unchecked Sendable {
    public let input: ImportInput
    public let today: LocalDate
    /// Who is already here, and where the register stood when that was read (`refreshKnown`).
    /// Read again only by `refreshKnown`, on the writing thread before the first slice is
    /// checked: the checking thread it hands slices to starts after it.
    private var known: DuplicateIndex, knownAt: ChangeStamp
    public private(set) var plan = ImportPlan()
    /// What `--duplicates update` changed, by file line (after `checkAndApply`).
    public var corrections: [Correction] = []
    private var seenEmails = Set<String>(), seenPhoneNames = Set<String>()
    /// Rows checked so far, and whether that is all: advanced by `checkNext`, read by a
    /// progress bar on another thread (under the lock).
    private var position = 0, finished = false
    private let lock = NSLock()
    /// How many parts of the file are read at once, side by side (two keep this kind of
    /// machine's two cores busy between writes; a test reads one at a time).
    private let partsAtOnce: Int
    /// The next part to read, and rows read but not yet checked. Like the plan, touched only
    /// by `checkNext`, one call at a time.
    private var nextPart = 0, pending: ArraySlice<ImportInput.Read> = []

    public init(_ input: ImportInput, register: Register, today: LocalDate, partsAtOnce: Int = 2) throws {
        self.input = input
        self.today = today
        self.partsAtOnce = max(1, partsAtOnce)
        // The stamp first: a write between the two makes it older than the index, never newer.
        knownAt = try register.db.changeStamp()
        known = try register.duplicateIndex()
        finished = isDone
    }

    /// Reads who is already here again when the register changed since (another import, or
    /// the interface, wrote meanwhile): called inside the write that checks the rows, before
    /// the first is checked (as every caller does), so no row of a file is judged against a
    /// register older than the one it is written into. `register` is the one (the connection) the checker was made with:
    /// a stamp means nothing on another.
    func refreshKnown(_ register: Register) throws {
        let now = try register.db.changeStamp()
        guard now != knownAt else { return }
        known = DuplicateIndex() // not two registers' worth at once
        (knownAt, known) = (now, try register.duplicateIndex())
    }

    public var isDone: Bool { nextPart >= input.partCount && pending.isEmpty }
    /// A file changed on disk while its parts were read: checking stopped, and whoever checks
    /// must not write (ImportJob.FileChanged). Read after `checkNext` returns.
    public private(set) var fileChanged = false
    /// Rows checked so far; safe to read from any thread.
    public var checked: Int { lock.withLock { position } }
    /// How many rows there are to check, as far as is known: never reached before the last is
    /// checked (a vCard file may hold more cards than were counted). Safe from any thread.
    public var total: Int { lock.withLock { finished ? position : max(input.count, position + 1) } }

    /// What was read, with the rows checked (every row, once checking is done).
    public var read: ImportReport.Source { input.source(rows: checked) }
    public var description: String { input.description(rows: checked) }

    /// The next `count` rows of the file, reading its parts (several at once, on every core).
    private func nextRows(_ count: Int) -> ArraySlice<ImportInput.Read> {
        let input = input
        while pending.count < count, nextPart < input.partCount {
            let parts = nextPart..<min(input.partCount, nextPart + partsAtOnce)
            do throws(VCardParts.Changed) {
                let read = try ParallelMap.map(count: parts.count, chunk: 1) { i throws(VCardParts.Changed) in
                    try input.rows(inPart: parts.lowerBound + i)
                }
                nextPart = parts.upperBound
                for part in read { pending += part }
            } catch {
                fileChanged = true
                (nextPart, pending) = (input.partCount, [])
            }
        }
        defer { pending = pending.dropFirst(count) }
        return pending.prefix(count)
    }

    /// Checks the next `count` rows; returns the new customers among them.
    @discardableResult
    public func checkNext(_ count: Int) -> [(line: Int, record: CustomerRecord)] {
        let start = checked
        let slice = Array(nextRows(count)), end = start + slice.count
        let input = input, today = today
        /// Row `offset` as the file has it, for the rejected rows' file.
        func cells(_ offset: Int) -> [String] { ImportInput.cells(slice[offset - start]) }
        let results = ParallelMap.map(count: end - start) { i in
            var row = input.row(start + i, read: slice[i])
            var result = Result { () throws(ValidationErrors) in try row.input.validate(today: today) }
            // A value that cannot be used never costs the person: it is left out and said, the
            // person imported. Only a person without a name is refused.
            if case let .failure(error) = result, let fields = Self.optional(error.errors) {
                var without = row.input
                for field in fields { field.give("", to: &without) }
                let second = Result { () throws(ValidationErrors) in try without.validate(today: today) }
                // Said as left out only when leaving them out made the person valid.
                if case .success = second {
                    row.input = without
                    row.repairs += error.errors.map { ImportNote($0, leftOut: true) }
                    result = second
                }
            }
            return (row, result)
        }
        var fresh: [(line: Int, record: CustomerRecord)] = []
        for offset in start..<end {
            let (imported, validated) = results[offset - start]
            plan.repairs += imported.repairs.count
            if !imported.repairs.isEmpty { plan.notes.append((imported.line, imported.repairs)) }
            // A firm, not a person: an organisation with its contact details.
            if let organisation = imported.organisation {
                do {
                    plan.organisations.append((imported.line, try organisation.validate()))
                } catch {
                    plan.rejected.append((imported.line, cells(offset), error.errors.map(\.description)))
                    plan.rejectedErrors.append((imported.line, error.errors))
                }
                continue
            }
            var problems = imported.problems
            var changes: CustomerChanges?
            switch validated {
            case let .success(valid): changes = valid
            case let .failure(error): problems += error.errors
            }
            guard problems.isEmpty, let changes else {
                plan.rejected.append((imported.line, cells(offset), problems.map(\.description)))
                plan.rejectedErrors.append((imported.line, problems))
                continue
            }
            // Compared as the register compares them (`COLLATE NOCASE`).
            let email = (changes.email ?? nil)?.asciiCaseFolded, phone = changes.phone ?? nil
            // The same person: our own UID, the same e-mail, or the same phone and the same name.
            let first = changes.firstName ?? "", last = changes.lastName ?? ""
            let existing = known.existing(uid: imported.uid) ?? known.samePerson(email: email, phone: phone, firstName: first, lastName: last)
            let phoneName = phone.map { DuplicateIndex.personKey(phone: $0, first: first, last: last) }
            let repeated = (email.map { seenEmails.contains($0) } ?? false) || (phoneName.map { seenPhoneNames.contains($0) } ?? false)
            if let email { seenEmails.insert(email) }
            if let phoneName { seenPhoneNames.insert(phoneName) }
            let bans = imported.bans.map { ConsentEvent(kind: $0, granted: true, date: today, source: "import") }
            var record = CustomerRecord(fields: changes, consents: bans)
            record.uid = imported.uid
            if existing != nil || repeated {
                plan.duplicates.append((imported.line, existing, record))
            } else {
                fresh.append((imported.line, record))
                plan.freshCount += 1
                if plan.freshExamples.count < ImportPlan.examples { plan.freshExamples.append((imported.line, record)) }
            }
        }
        lock.withLock { position = end }
        let done = isDone
        lock.withLock { finished = done }
        return fresh
    }

    /// The fields of `errors` when every one of them can be left out (none is a name), else nil.
    static func optional(_ errors: [FieldError]) -> [CustomerField]? {
        let fields = errors.compactMap { CustomerField(rawValue: $0.field) }
        guard fields.count == errors.count, !fields.contains(where: { $0 == .firstName || $0 == .lastName }) else { return nil }
        return fields
    }
}

/// One customer corrected from a file (`--duplicates update`), or why not.
public struct Correction: Sendable {
    public var line: Int
    public var customer: Int64
    public var changes: [FieldChange]
    public var refused: String?
}

public enum ImportJob {
    /// Cells that say a line is data, not headers: an e-mail address, a phone number, a date.
    /// Returns the telling cell.
    static func looksLikeAPerson(_ cells: [String]) -> String? {
        cells.first { cell in
            let text = cell.trimmed
            if text.contains("@"), text.contains(".") { return true }
            if text.filter(\.isNumber).count >= 6, text.allSatisfy({ $0.isNumber || " +-()./".contains($0) }) { return true }
            return false
        }
    }

    /// Where the rows an import left out are kept: `rejected/` beside the register.
    public static func rejectedFolder(_ register: String) -> String { PathName.folderOrCurrent(register) + "/rejected" }

    /// The rejected rows with their reasons, so they can be fixed and imported: in `rejected/`
    /// beside the register (0700, the file 0600), a new file each time; returns its path.
    /// Callers never turn an import that happened into a failure when this throws: they say so.
    public static func writeRejected(_ rows: [(line: Int, row: [String], reasons: [String])], header: [String], input: String, register: String,
                                     today: LocalDate) throws -> String {
        let folder = rejectedFolder(register)
        let base = PathName.stem(input)
        let text = CSVWriter.document([["line", "reasons"] + header] + rows.map { [String($0.line), $0.reasons.joined(separator: "; ")] + $0.row }, .excel)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var out = "\(folder)/\(base)-\(today.iso).rejected.csv"
        var n = 2
        while FileManager.default.fileExists(atPath: out) { out = "\(folder)/\(base)-\(today.iso)-\(n).rejected.csv"; n += 1 }
        try PrivateFile.write(text, to: out, replace: false)
        return out
    }

    /// What a file holds, from its first bytes: vCards, a whole-register JSON, else CSV.
    public static func detectFormat(_ data: Data) -> String {
        let head = String(decoding: data.prefix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
        if head.uppercased().hasPrefix("BEGIN:VCARD") { return "vcf" }
        if head.hasPrefix("{") { return "json" }
        return "csv"
    }

    /// A file to import, opened once: a vCard file or a whole-register JSON file on disk to read
    /// a part at a time, or the whole of anything else.
    public enum File {
        case vCards(VCardParts)
        /// A whole-register JSON file on disk, read a customer at a time (`SnapshotFile`).
        case register(OpenFile)
        case whole(Data)
    }

    /// Opens `path` once. A regular file's first bytes tell its format (unless `format` is
    /// given) and a vCard file is then read a part at a time, a JSON file kept open for
    /// `SnapshotFile`; anything else, and whatever is not a regular file (a pipe, `<(…)`), is
    /// read whole from the same opening. Nil when it cannot be read.
    public static func open(_ path: String, format: String?) -> (format: String, file: File)? {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else {
            close(descriptor)
            return nil
        }
        if (status.st_mode & S_IFMT) == S_IFREG {
            var head = [UInt8](repeating: 0, count: 64)
            let n = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, 64, 0) }
            let chosen = format ?? detectFormat(Data(head.prefix(max(0, n))))
            if chosen == "vcf" { return VCardParts(descriptor: descriptor).map { (chosen, .vCards($0)) } }
            if chosen == "json" { return OpenFile(descriptor).map { (chosen, .register($0)) } }
            // Its size known: read into one buffer of that size.
            defer { close(descriptor) }
            var data = Data(count: Int(status.st_size))
            guard data.withUnsafeMutableBytes({ FileRange.read(descriptor, at: 0, into: $0) }) else { return nil }
            return (chosen, .whole(data))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard let data = try? handle.readToEnd() ?? Data() else { return nil }
        return (format ?? detectFormat(data), .whole(data))
    }

    /// Reads a file (`open`) and maps its columns; nothing is checked yet.
    /// `hasHeader: false`: a CSV whose first line is already a person (`--no-header`).
    public static func read(_ file: File, path: String, format: String, mapSpec: String?, source: String?, hasHeader: Bool = true) throws -> ImportInput {
        switch file {
        case let .vCards(parts): try vCards(parts, path: path, source: source)
        case let .whole(data): try read(data, path: path, format: format, mapSpec: mapSpec, source: source, hasHeader: hasHeader)
        case .register:
            preconditionFailure("a whole-register file is restored (SnapshotFile), never imported as rows")
        }
    }

    /// Reads CSV or vCard data and maps its columns; nothing is checked yet.
    public static func read(_ data: Data, path: String, format: String, mapSpec: String?, source: String?, hasHeader: Bool = true) throws -> ImportInput {
        if format == "vcf" { return try vCards(VCardParts(data), path: path, source: source) }
        // With a header, in parts as they are checked; without one, whole (its columns are
        // numbered by the longest row), as one part.
        let file: CSVParts
        do {
            file = try hasHeader ? CSVReader.parts(data) : CSVParts(CSVReader.read(data, hasHeader: false))
        } catch {
            throw Refusal(error.format, path) // the do throws nothing but CSVReader.ReadError
        }
        var mapping = ColumnMapping(header: file.header)
        if let mapSpec { try mapping.apply(mapSpec, header: file.header) }
        // One name is enough, as for a person.
        guard mapping.maps(.firstName) || mapping.maps(.lastName) || mapping.columns[.fullName] != nil else {
            // A first line that is a person, not column names, must not become the header.
            if hasHeader, let example = Self.looksLikeAPerson(file.header) {
                throw Refusal("the first line looks like a person ({0}), not column names: add --no-header and name the columns by number, e.g. --map 1=first_name,2=last_name,3=email", example)
            }
            throw Refusal("no name columns recognised; name them with --map, e.g. --map 'Column A=first_name,Column B=last_name'")
        }
        var input = ImportInput(.csv(file), path: path, source: source)
        input.header = file.header
        input.mapping = mapping
        input.unused = mapping.unused(header: file.header)
        input.firstLine = hasHeader ? 2 : 1
        return input
    }

    /// A vCard file: read only to find where its parts begin, then a part at a time as checked.
    private static func vCards(_ file: VCardParts, path: String, source: String?) throws -> ImportInput {
        // Every card begins with a BEGIN line; one that only reading finds is looked for in a
        // file without any.
        do {
            guard try file.cardsBegun > 0 || file.parts.indices.contains(where: { try !file.cards(inPart: $0).isEmpty }) else {
                throw Refusal("{0} has no vCards (BEGIN:VCARD … END:VCARD)", "\(path)")
            }
        } catch is VCardParts.Changed {
            throw Refusal("{0} changed while it was read; nothing was imported", path)
        }
        var input = ImportInput(.vCards(file), path: path, source: source)
        input.header = ["name"]
        return input
    }

    /// Checks every row, writing nothing: the plan a dry run and the dialog's preview show.
    public static func checkAll(_ checker: ImportChecker, progress: ((Int, Int) -> Void)? = nil) throws(FileChanged) -> ImportPlan {
        while !checker.isDone {
            progress?(checker.checked, checker.total)
            checker.checkNext(10_000)
        }
        if checker.fileChanged { throw FileChanged() }
        progress?(checker.total, checker.total)
        return checker.plan
    }

    /// The file changed while it was read: what was read of it cannot be trusted, and nothing
    /// is written.
    public struct FileChanged: Error {}

    /// Checks and writes at once: each slice of rows is checked on the other cores while the
    /// slice before is written, all in one transaction. When rows turn out invalid and
    /// `skipInvalid` is not set, the transaction is undone and nothing is imported.
    public static func checkAndApply(_ checker: ImportChecker, merge: Bool, update: Bool = false, skipInvalid: Bool, register: Register,
                                     today: LocalDate, progress: ((Int, Int) -> Void)? = nil) throws -> Int {
        var merged = 0
        // New customers hang off nothing but what the batch writes (addRecords), and merging
        // only updates and adds to existing customers: no row is deleted, so no cascade is due.
        try register.db.write(checkingForeignKeys: false) {
            try checker.refreshKnown(register)
            try register.addRecords(total: checker.total, today: today, progress: { _, _ in progress?(checker.checked, checker.total) }) {
                while !checker.isDone {
                    let fresh = checker.checkNext(4096)
                    // An invalid row the user has not agreed to leave out: stop writing.
                    if !skipInvalid && !checker.plan.rejected.isEmpty { return [] }
                    if !fresh.isEmpty { return fresh.map(\.record) }
                }
                return []
            }
            if checker.fileChanged { throw FileChanged() }
            if !checker.plan.rejected.isEmpty && !skipInvalid {
                while !checker.isDone { checker.checkNext(10_000) } // to report every invalid row
                if checker.fileChanged { throw FileChanged() }
                progress?(checker.total, checker.total) // every row was checked: the bar ends before the report
                throw InvalidRows()
            }
            merged = try mergeDuplicates(checker.plan, merge: merge, register: register)
            if update { checker.corrections = try corrections(checker.plan, register: register, apply: true) }
            // Organisations: a new one added; one already here (by name, perhaps made for a person
            // of the same file) completed where it is empty, nothing overwritten.
            for (_, organisation) in checker.plan.organisations {
                if let known = try register.organisation(organisation.name), known.name == organisation.name {
                    try register.completeOrganisation(known.id, with: organisation)
                } else {
                    try register.addOrganisation(organisation)
                }
            }
        }
        progress?(checker.total, checker.total)
        return merged
    }

    /// Rows were invalid and the user did not agree to leave them out: nothing was written.
    public struct InvalidRows: Error {}

    /// Every duplicate with the customer it is: one already in the register, or one this file
    /// added a few rows before (looked up once the new ones are written, in the same transaction).
    static func matched(_ plan: ImportPlan, register: Register) throws -> [(line: Int, existing: Int64, record: CustomerRecord)] {
        var index: DuplicateIndex?
        return try plan.duplicates.compactMap { d in
            if let existing = d.existing { return (d.line, existing, d.record) }
            if index == nil { index = try register.duplicateIndex() }
            let f = d.record.fields
            return index?.samePerson(email: f.email ?? nil, phone: f.phone ?? nil, firstName: f.firstName ?? "", lastName: f.lastName ?? "")
                .map { (d.line, $0, d.record) }
        }
    }

    /// Merges (or, skipping, at least records the bans of) every duplicate: a ban a file says is
    /// honoured whatever is done with the rest of the row, and never lifted.
    private static func mergeDuplicates(_ plan: ImportPlan, merge: Bool, register: Register) throws -> Int {
        var merged = 0
        for d in try matched(plan, register: register) {
            if merge {
                if try register.merge(d.existing, with: d.record) { merged += 1 }
            } else {
                for ban in d.record.consents where ban.kind.isBan && ban.granted { try register.recordConsent(ban, customer: d.existing) }
            }
        }
        return merged
    }

    /// `--duplicates update`: what correcting each matched customer from the file changes (or,
    /// with `apply`, changes), by file line.
    public static func corrections(_ plan: ImportPlan, register: Register, apply: Bool) throws -> [Correction] {
        var all: [Correction] = []
        for d in try matched(plan, register: register) {
            do {
                let changes = try register.correct(d.existing, with: d.record, dryRun: !apply)
                if !changes.isEmpty { all.append(Correction(line: d.line, customer: d.existing, changes: changes)) }
            } catch let StoreError.refused(reason) {
                all.append(Correction(line: d.line, customer: d.existing, changes: [], refused: reason.message))
            }
        }
        return all
    }
}
