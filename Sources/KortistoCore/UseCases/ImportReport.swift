/// Importing as the interface asks for it (KortistoApp's `CustomerImporter` does it).
public protocol CustomerImporting: AnyObject {
    /// What importing the file would do, as lines to read; nothing is written. `map`: column
    /// overrides as `column=field,...` (the command line's `--map`), or empty.
    func preview(path: String, map: String, merge: Bool) throws -> ImportReport
    /// Imports in one transaction; returns the summary to show. `progress` is called now and
    /// then with the phase, rows done and rows in all.
    func importFile(path: String, map: String, merge: Bool, skipInvalid: Bool,
                    progress: (ImportPhase, Int, Int) -> Void) throws -> ImportReport
}

/// A column of the file and the field it is read into (a field key: `first_name`, `ignore`).
public struct ColumnUse: Sendable, Equatable {
    public var header: String
    public var field: String

    public init(header: String, field: String) {
        self.header = header
        self.field = field
    }
}

/// What an import read and did or would do: facts, said by each surface in its own language.
public struct ImportReport: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case vCards(Int)
        /// Rows of a CSV file, its encoding and delimiter, and how its columns were mapped
        /// (`Etu → first_name, …`: headers and field keys, no sentences).
        case rows(Int, encoding: String, delimiter: String, columns: [ColumnUse])
    }

    public struct Line: Sendable, Equatable {
        public var line: Int
        public var text: String
        public init(line: Int, text: String) { self.line = line; self.text = text }
    }

    public var source: Source
    public var fresh: Int
    public var duplicates: Int
    public var invalid: Int
    public var repairs: Int
    public var merge: Bool
    /// Existing customers completed by a merge (after an import).
    public var merged: Int
    /// The field keys a column can be mapped to (shown with a CSV file's mapping).
    public var fields: [String]
    /// The first new customers, and the first invalid rows with their reasons.
    public var examples: [Line]
    public var moreExamples: Int
    public var invalidRows: [NoteLine]
    /// The first rows repaired or with values left out, with what was done.
    public var notes: [NoteLine]

    public struct NoteLine: Sendable, Equatable {
        public var line: Int
        public var notes: [ImportNote]
        public init(line: Int, notes: [ImportNote]) { self.line = line; self.notes = notes }
    }
    /// Columns of the file no field takes.
    public var unusedColumns: [String]
    /// Where the rows left out were written (after an import that skipped invalid rows), or
    /// that they could not be.
    public var rejectedFile: String?
    /// Rows that are organisations (a firm's card), added as organisations.
    public var organisations = 0
    public var rejectedNotWritten = false

    public init(source: Source, fresh: Int, duplicates: Int, invalid: Int, repairs: Int, merge: Bool, merged: Int = 0, fields: [String] = [],
                examples: [Line] = [], moreExamples: Int = 0, invalidRows: [NoteLine] = [], notes: [NoteLine] = [], unusedColumns: [String] = []) {
        self.source = source
        self.fresh = fresh
        self.duplicates = duplicates
        self.invalid = invalid
        self.repairs = repairs
        self.merge = merge
        self.merged = merged
        self.fields = fields
        self.examples = examples
        self.moreExamples = moreExamples
        self.invalidRows = invalidRows
        self.notes = notes
        self.unusedColumns = unusedColumns
    }
}

/// What a long import is doing, for its progress bar.
public enum ImportPhase: String, Sendable {
    /// Rows checked while the ones before them are written.
    case importing
}

/// A repair an import made, or a value it left out, as facts: the sentence (with the field it
/// concerns, or none) and whether the value was left out. Each surface says it in its words.
public struct ImportNote: Sendable, Equatable, CustomStringConvertible {
    public var problem: FieldError
    public var leftOut: Bool

    public init(_ problem: FieldError, leftOut: Bool = false) {
        self.problem = problem
        self.leftOut = leftOut
    }

    /// The command line's English: `phone: '-' is not a phone number …; left out`.
    public var description: String {
        (problem.field.isEmpty ? problem.message : problem.description) + (leftOut ? "; left out" : "")
    }
}
