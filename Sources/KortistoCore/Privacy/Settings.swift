import Foundation

/// The register's settings: who the controller is and what the privacy notice promises.
/// Keys are a contract (scripts use them); values are stored as text in the register.
public enum SettingKey: String, CaseIterable, Sendable {
    case controllerName = "controller_name"
    case controllerBusinessID = "controller_business_id"
    case controllerAddress = "controller_address"
    case controllerEmail = "controller_email"
    case controllerPhone = "controller_phone"
    case contactPerson = "contact_person"
    case registerName = "register_name"
    case purposes
    case recipients
    case transfers
    case retentionYears = "retention_years"
    /// The retention period in months instead (wins over retention_years when set).
    case retentionMonths = "retention_months"
    /// Years an event's participant list is kept after the event.
    case participantRetentionYears = "participant_retention_years"
    case fiscalYearEnd = "fiscal_year_end"
    case security
    case language
    /// The label sheet `kortisto labels` uses when no --template is given.
    case labelTemplate = "label_template"
    /// Printer offset for label sheets, `X,Y` in millimetres.
    case labelOffset = "label_offset"
    /// Automated decision-making and profiling: `none`, or what is done. No default: the
    /// notice says there is none only when the controller has said so.
    case profiling
    /// Whether the interface opens on the today view when something is late (`yes`, the default, or `no`).
    case todayOnStart = "today_on_start"
    // The English notice's words for the settings written in free text; a missing one is
    // flagged in the English notice like a missing setting (never Finnish text there).
    case registerNameEnglish = "register_name_en"
    case purposesEnglish = "purposes_en"
    case recipientsEnglish = "recipients_en"
    case transfersEnglish = "transfers_en"
    case securityEnglish = "security_en"
    case profilingEnglish = "profiling_en"

    /// The setting that holds this one's English words, for those written in free text.
    public var english: SettingKey? {
        switch self {
        case .registerName: .registerNameEnglish
        case .purposes: .purposesEnglish
        case .recipients: .recipientsEnglish
        case .transfers: .transfersEnglish
        case .security: .securityEnglish
        case .profiling: .profilingEnglish
        case .controllerName, .controllerBusinessID, .controllerAddress, .controllerEmail, .controllerPhone, .contactPerson,
             .retentionYears, .retentionMonths, .participantRetentionYears, .fiscalYearEnd, .language, .labelTemplate, .labelOffset,
             .todayOnStart, .registerNameEnglish, .purposesEnglish, .recipientsEnglish, .transfersEnglish, .securityEnglish, .profilingEnglish: nil
        }
    }

    /// Settings the notice cannot do without: missing ones are named in a warning.
    public var isRequiredForNotice: Bool {
        switch self {
        // Whom data goes to, whether it leaves the EU and whether it is used for profiling are
        // the controller's to say: an unset one never becomes a sentence the notice assumes.
        case .controllerName, .controllerAddress, .controllerEmail, .contactPerson, .recipients, .transfers, .profiling: true
        default: false
        }
    }

    /// The value used when none is stored (nil: no default; the notice marks it missing).
    public var defaultValue: String? {
        switch self {
        case .registerName: "Asiakasrekisteri"
        case .retentionYears: "5"
        case .participantRetentionYears: "5"
        case .fiscalYearEnd: "31.12."
        case .purposes: Purpose.defaults.map(\.text).joined(separator: "; ")
        case .purposesEnglish: Purpose.englishDefaults.map(\.text).joined(separator: "; ")
        case .registerNameEnglish: "Customer register"
        case .labelTemplate: "avery-l7160"
        case .labelOffset: "0,0"
        case .todayOnStart: "yes"
        default: nil
        }
    }

    public var maxLength: Int {
        switch self {
        case .purposes, .recipients, .security, .transfers, .profiling,
             .purposesEnglish, .recipientsEnglish, .securityEnglish, .transfersEnglish, .profilingEnglish: 2000
        default: 300
        }
    }
}

/// Why the register is kept, and on what legal basis (GDPR Art. 6).
public struct Purpose: Sendable, Equatable {
    public enum Basis: Sendable, Equatable {
        case contract, legalObligation, consent
        case legitimateInterest(String)

        public var key: String {
            switch self {
            case .contract: "contract"
            case .legalObligation: "legal_obligation"
            case .consent: "consent"
            case .legitimateInterest: "legitimate_interest"
            }
        }
    }

    public var description: String
    public var basis: Basis

    /// The basis in a language table's words (`basis.contract` …, the interest in `{0}`).
    public func basisText(_ table: (String) -> String) -> String {
        switch basis {
        case .contract: table("basis.contract")
        case .legalObligation: table("basis.legal_obligation")
        case .consent: table("basis.consent")
        case let .legitimateInterest(interest): table("basis.legitimate_interest").replacingOccurrences(of: "{0}", with: interest)
        }
    }

    public init(_ description: String, _ basis: Basis) {
        self.description = description
        self.basis = basis
    }

    /// `Asiakassuhteen hoito = contract`, `Markkinointi = legitimate_interest: asiakassuhde`.
    public var text: String { text(finnish: false) }

    /// The same with the basis in Finnish words (`= sopimus`), as a Finnish form shows it; the
    /// parser reads both.
    public func text(finnish: Bool) -> String {
        let word: String
        switch basis {
        case .contract: word = finnish ? "sopimus" : basis.key
        case .legalObligation: word = finnish ? "lakisääteinen_velvoite" : basis.key
        case .consent: word = finnish ? "suostumus" : basis.key
        case let .legitimateInterest(interest): word = (finnish ? "oikeutettu_etu" : basis.key) + ": " + interest
        }
        return "\(description) = \(word)"
    }

    public static let defaults: [Purpose] = [
        Purpose("Asiakassuhteen hoito, tilaukset ja laskutus", .contract),
        Purpose("Kirjanpito- ja verolainsäädännön velvoitteet", .legalObligation),
        Purpose("Suoramarkkinointi asiakkaille", .legitimateInterest("asiakassuhteen ylläpito")),
        Purpose("Uutiskirje", .consent),
    ]

    /// The same in English, for the English notice when neither list was set.
    public static let englishDefaults: [Purpose] = [
        Purpose("Customer relationship, orders and invoicing", .contract),
        Purpose("Accounting and tax obligations", .legalObligation),
        Purpose("Direct marketing to customers", .legitimateInterest("maintaining the customer relationship")),
        Purpose("Newsletter", .consent),
    ]

    /// Parses `purpose = basis; purpose = basis …`.
    public static func parseList(_ text: String, field: String = "purposes") throws(FieldError) -> [Purpose] {
        var purposes: [Purpose] = []
        for item in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let equals = item.range(of: "=", options: .backwards) else {
                throw FieldError(field, "'{0}' needs a legal basis: write 'purpose = contract' (or legal_obligation, legitimate_interest: INTEREST, consent)", "\(item)")
            }
            let description = item[..<equals.lowerBound].trimmingCharacters(in: .whitespaces)
            let spec = item[equals.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !description.isEmpty else { throw FieldError(field, "a purpose has no description before '='") }
            let (head, interest) = spec.firstIndex(of: ":").map {
                (String(spec[..<$0]).trimmingCharacters(in: .whitespaces), String(spec[spec.index(after: $0)...]).trimmingCharacters(in: .whitespaces))
            } ?? (spec, "")
            let basis: Basis
            switch SearchFolding.fold(head).replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_") {
            case "contract", "sopimus": basis = .contract
            case "legal_obligation", "lakisaateinen_velvoite", "laki": basis = .legalObligation
            case "consent", "suostumus": basis = .consent
            case "legitimate_interest", "oikeutettu_etu":
                guard !interest.isEmpty else {
                    throw FieldError(field, "'{0}': a legitimate interest must be named (legitimate_interest: INTEREST)", "\(description)")
                }
                basis = .legitimateInterest(interest)
            default:
                throw FieldError(field, "'{0}' is not a legal basis (contract, legal_obligation, legitimate_interest: INTEREST, consent)", "\(head)")
            }
            purposes.append(Purpose(description, basis))
        }
        guard !purposes.isEmpty else { throw FieldError(field, "at least one purpose is needed") }
        return purposes
    }
}

/// The label sheets the program knows, for settings that name one: the id a name means (an
/// id, a part number or an alias, any case) and every id.
public struct LabelSheetCatalog: Sendable {
    public let ids: [String]
    private let byName: [String: String]

    public init(_ sheets: [(id: String, names: [String])]) {
        ids = sheets.map(\.id)
        var byName: [String: String] = [:]
        for sheet in sheets { for name in [sheet.id] + sheet.names { byName[name.lowercased()] = sheet.id } }
        self.byName = byName
    }

    public func id(_ name: String) -> String? { byName[name.lowercased()] }
}

/// Validates a value for a setting; returns the normalised value, or nil to reset to the default.
public enum SettingValidation {
    /// `sheets`: the label sheets known, so `label_template` names one of them (stored by its id).
    public static func validate(_ key: SettingKey, _ raw: String, sheets: LabelSheetCatalog? = nil) throws(FieldError) -> String? {
        let field = key.rawValue
        switch key {
        case .controllerBusinessID: return try BusinessID.validate(raw, field: field)
        case .controllerEmail: return try Email.validate(raw, field: field)
        case .controllerPhone: return try Phone.normalise(raw, field: field)
        case .retentionYears, .participantRetentionYears:
            guard let text = try TextInput.clean(raw, field: field, maxLength: 3) else { return nil }
            guard let years = Int(text), (1...30).contains(years) else {
                throw FieldError(field, "'{0}' is not a number of years from 1 to 30", "\(text)")
            }
            return String(years)
        case .retentionMonths:
            guard let text = try TextInput.clean(raw, field: field, maxLength: 3) else { return nil }
            guard let months = Int(text), (1...360).contains(months) else {
                throw FieldError(field, "'{0}' is not a number of months from 1 to 360", "\(text)")
            }
            return String(months)
        case .fiscalYearEnd:
            guard let text = try TextInput.clean(raw, field: field, maxLength: 10) else { return nil }
            let parts = text.split(separator: ".", omittingEmptySubsequences: true)
            guard parts.count == 2, let day = Int(parts[0]), let month = Int(parts[1]),
                  LocalDate(year: 2001, month: month, day: day) != nil else {
                throw FieldError(field, "'{0}' is not a day of the year (write 31.12. or 30.6.)", "\(text)")
            }
            return "\(day).\(month)."
        case .purposes, .purposesEnglish:
            guard let text = try TextInput.clean(raw, field: field, maxLength: key.maxLength) else { return nil }
            return try Purpose.parseList(text, field: field).map(\.text).joined(separator: "; ")
        case .language:
            guard let text = try TextInput.clean(raw, field: field, maxLength: 10)?.lowercased() else { return nil }
            guard ["fi", "en"].contains(text) else { throw FieldError(field, "'{0}' is not a UI language (fi or en)", "\(text)") }
            return text
        case .transfers, .transfersEnglish:
            guard let text = try TextInput.clean(raw, field: field, maxLength: key.maxLength) else { return nil }
            return ["none", "ei", "ei siirtoja", "no"].contains(text.lowercased()) ? "none" : text
        case .recipients, .recipientsEnglish:
            guard let text = try TextInput.clean(raw, field: field, maxLength: key.maxLength) else { return nil }
            return ["none", "ei", "no"].contains(text.lowercased()) ? "none" : text
        case .profiling, .profilingEnglish:
            guard let text = try TextInput.clean(raw, field: field, maxLength: key.maxLength) else { return nil }
            return ["none", "ei", "no", "ei profilointia"].contains(text.lowercased()) ? "none" : text
        case .labelTemplate:
            guard let text = try TextInput.clean(raw, field: field, maxLength: 60) else { return nil }
            guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == " " }) else {
                throw FieldError(field, "'{0}' is not a label template id (see kortisto labels --list-templates)", "\(text)")
            }
            guard let sheets else { return text }
            guard let id = sheets.id(text) else {
                throw FieldError(field, "'{0}' is not a label sheet Kortisto knows ({1})", "\(text)", "\(sheets.ids.joined(separator: ", "))")
            }
            return id
        case .labelOffset:
            guard let text = try TextInput.clean(raw, field: field, maxLength: 20) else { return nil }
            guard let offset = LabelOffset(text) else { throw FieldError(field, "'{0}' is not X,Y in millimetres (at most 20), e.g. 1.5,-0.5", "\(text)") }
            return offset.text
        case .todayOnStart:
            guard let text = try TextInput.clean(raw, field: field, maxLength: 10) else { return nil }
            switch SearchFolding.fold(text) {
            case "yes", "y", "kylla", "k", "on": return "yes"
            case "no", "n", "ei", "e", "off": return "no"
            default: throw FieldError(field, "'{0}' is not yes or no", "\(text)")
            }
        case .controllerName, .controllerAddress, .contactPerson, .registerName, .security, .registerNameEnglish, .securityEnglish:
            return try TextInput.clean(raw, field: field, maxLength: key.maxLength)
        }
    }
}

/// Stored values with defaults filled in.
public struct RegisterSettings: Sendable, Equatable {
    public var stored: [String: String]

    public init(stored: [String: String]) { self.stored = stored }

    public func value(_ key: SettingKey) -> String? { stored[key.rawValue] ?? key.defaultValue }
    public func isSet(_ key: SettingKey) -> Bool { stored[key.rawValue] != nil }

    public var purposes: [Purpose] { (try? Purpose.parseList(value(.purposes) ?? "")) ?? Purpose.defaults }

    /// The value of a free-text setting in the notice's language: the English one for `en`
    /// (`none` needs no translation); nil when it is not set, so the notice flags it. `flag`
    /// names the key a missing value is flagged as.
    public func value(_ key: SettingKey, in language: String) -> (value: String?, flag: SettingKey) {
        guard language == "en", let english = key.english else { return (value(key), key) }
        if let text = stored[english.rawValue] { return (text, english) }
        // Set in Finnish only: the English notice flags the translation, never shows the Finnish.
        if let base = stored[key.rawValue] { return (base == "none" ? "none" : nil, english) }
        return (english.defaultValue, key)
    }
    public var retentionYears: Int { Int(value(.retentionYears) ?? "") ?? 5 }
    /// `retention_months` when set, else `retention_years` (five by default).
    public var retentionPeriod: RetentionPeriod {
        if let months = stored[SettingKey.retentionMonths.rawValue].flatMap(Int.init) { return RetentionPeriod(months, .months) }
        return RetentionPeriod(retentionYears, .years)
    }
    public var fiscalYearEnd: (day: Int, month: Int) { AccountingRetention.parseFiscalYearEnd(value(.fiscalYearEnd)) }
    public var participantRetentionYears: Int { Int(value(.participantRetentionYears) ?? "") ?? 5 }
    /// The interface opens on the today view when something is late, unless turned off.
    public var todayOnStart: Bool { value(.todayOnStart) != "no" }
    public var recipients: [String] {
        guard let text = value(.recipients), text != "none" else { return [] }
        return text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Required settings that are still missing.
    public var missingForNotice: [SettingKey] { SettingKey.allCases.filter { $0.isRequiredForNotice && value($0) == nil } }
}
