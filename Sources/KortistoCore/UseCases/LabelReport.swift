/// Address labels as the interface asks for them (KortistoApp's `LabelPrinter` does the run).
public protocol LabelPrinting: AnyObject {
    /// What a sheet would hold and the first sheet's addresses, written nowhere.
    func preview(search: String, template: String, purpose: LabelPurpose, skip: Int) throws -> LabelReport
    /// Writes the sheet; a marketing sheet is recorded as the campaign `campaign`, or when that
    /// is nil as `unnamed(file name)` (the interface's language). Returns what was done, for
    /// the interface to say in its language.
    func write(search: String, template: String, purpose: LabelPurpose, skip: Int, campaign: String?,
               unnamed: (_ fileName: String) -> String, to path: String) throws -> LabelReport
    /// The sheets it knows (for the `label_template` setting).
    var sheets: LabelSheetCatalog { get }
}

/// What a label run did or would do: facts, never sentences, so that each surface says them
/// in its own language.
public struct LabelReport: Sendable, Equatable {
    public var labels: Int
    public var sheets: Int
    /// The sheet, as its maker names it (`Avery L7160`).
    public var sheet: String
    /// Who was left off and why, in a fixed order.
    public var leftOut: [LeftOut]
    public var path: String?
    public var campaign: RecordedCampaign?
    public var embeddedFont: String?
    /// People whose letters the font lacks (replaced, e.g. ł → l), and whose addresses were cut.
    public var transliterated: [String]
    public var overflowed: [String]
    /// The first sheet's addresses (a preview), as they will print.
    public var firstSheet: [String]

    public struct LeftOut: Sendable, Equatable {
        public var reason: LabelExclusion
        public var count: Int
        public init(reason: LabelExclusion, count: Int) { self.reason = reason; self.count = count }
    }

    public struct RecordedCampaign: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var recipients: Int
        public init(id: Int64, name: String, recipients: Int) { self.id = id; self.name = name; self.recipients = recipients }
    }

    public init(labels: Int, sheets: Int, sheet: String, leftOut: [LeftOut], path: String? = nil, campaign: RecordedCampaign? = nil,
                embeddedFont: String? = nil, transliterated: [String] = [], overflowed: [String] = [], firstSheet: [String] = []) {
        self.labels = labels
        self.sheets = sheets
        self.sheet = sheet
        self.leftOut = leftOut
        self.path = path
        self.campaign = campaign
        self.embeddedFont = embeddedFont
        self.transliterated = transliterated
        self.overflowed = overflowed
        self.firstSheet = firstSheet
    }
}
