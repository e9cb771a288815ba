import Foundation

/// What a person can ban or consent to. The register keeps every change as an event
/// (append-only); the current state of each kind is the newest event of that kind.
public enum ConsentKind: String, CaseIterable, Sendable, Codable {
    /// No published lists, e.g. mailing labels (julkaisukielto / luettelokielto).
    case publication
    /// No direct marketing, distance selling included (suoramarkkinointikielto).
    case marketing
    /// No market or opinion research (markkinatutkimuskielto).
    case research
    /// No disclosure to partners (luovutuskielto).
    case disclosure
    /// Consent to receive the newsletter (suostumus): a permission, not a ban.
    case newsletter
    /// Consent to marketing by text message (Information Society Code § 200): what lets an SMS
    /// campaign reach someone who is not a customer. A permission, not a ban.
    case sms

    /// Each kind says which it is: a new kind must be placed here, never become a ban by default.
    public var isBan: Bool {
        switch self {
        case .publication, .marketing, .research, .disclosure: true
        case .newsletter, .sms: false
        }
    }

    public static var bans: [ConsentKind] { allCases.filter(\.isBan) }

    public var english: String {
        switch self {
        case .publication: "publication ban"
        case .marketing: "direct-marketing ban"
        case .research: "market-research ban"
        case .disclosure: "disclosure ban"
        case .newsletter: "newsletter consent"
        case .sms: "SMS marketing consent"
        }
    }

    public var finnish: String {
        switch self {
        case .publication: "julkaisukielto"
        case .marketing: "suoramarkkinointikielto"
        case .research: "markkinatutkimuskielto"
        case .disclosure: "luovutuskielto"
        case .newsletter: "uutiskirjeen suostumus"
        case .sms: "tekstiviestimarkkinoinnin suostumus"
        }
    }

    /// Accepts the key and a few natural spellings (`direct-marketing`, `julkaisukielto`).
    public static func parse(_ raw: String) -> ConsentKind? {
        if let kind = ConsentKind(rawValue: raw) { return kind } // as our own files write it
        let text = SearchFolding.fold(raw).replacingOccurrences(of: "_", with: "-")
        if let kind = ConsentKind(rawValue: text) { return kind }
        switch text {
        case "pub", "publish", "list", "lists", "labels", "julkaisukielto", "luettelokielto", "julkaisu": return .publication
        case "direct-marketing", "dm", "mkt", "suoramarkkinointikielto", "suoramarkkinointi": return .marketing
        case "market-research", "markkinatutkimuskielto", "markkinatutkimus": return .research
        case "luovutuskielto", "luovutus": return .disclosure
        case "uutiskirje": return .newsletter
        case "text", "text-message", "tekstiviesti", "tekstiviestit", "tekstiviestimarkkinointi": return .sms
        default: return nil
        }
    }
}

public struct ConsentEvent: Sendable, Equatable {
    /// Sources written as keywords and said in each reader's language (`consent_source.…`):
    /// the interface's own entries and the demo's. Anything else is the user's own text.
    public static let sourceKortisto = "kortisto", sourceCustomer = "customer", sourceWebForm = "web form"
    public static let knownSources = [sourceKortisto, sourceCustomer, sourceWebForm]

    public var id: Int64
    public var kind: ConsentKind
    /// For a ban: the ban was set (`true`) or lifted. For a consent: given or withdrawn.
    public var granted: Bool
    public var date: LocalDate
    public var source: String?
    public var note: String?

    public init(id: Int64 = 0, kind: ConsentKind, granted: Bool, date: LocalDate, source: String? = nil, note: String? = nil) {
        self.id = id
        self.kind = kind
        self.granted = granted
        self.date = date
        self.source = source
        self.note = note
    }

    /// The state each kind is in now: the newest event of each kind (later id wins on the same date).
    public static func currentState(of events: [ConsentEvent]) -> [ConsentKind: ConsentEvent] {
        var state: [ConsentKind: ConsentEvent] = [:]
        for event in events.sorted(by: { ($0.date, $0.id) < ($1.date, $1.id) }) {
            state[event.kind] = event
        }
        return state
    }

    /// Bans in effect now, in a stable order.
    public static func activeBans(in events: [ConsentEvent]) -> [ConsentKind] {
        let state = currentState(of: events)
        return ConsentKind.bans.filter { state[$0]?.granted == true }
    }
}
