import Foundation

/// What the register actually holds, counted: the notice lists only data categories in use
/// and the sources actually recorded.
public struct RegisterUsage: Sendable, Equatable {
    public var customers = 0
    public var withEmail = 0
    public var withPhone = 0
    public var withAddress = 0
    public var withBirthdate = 0
    public var withOrganisation = 0
    public var withTitle = 0
    public var withLanguage = 0
    public var withNotes = 0
    public var orders = 0
    public var invoices = 0
    public var contactEvents = 0
    public var consentEvents = 0
    /// Customers with a henkilötunnus: the notice mentions it only when one is stored.
    public var identityCodes = 0
    public var members = 0
    public var withLinks = 0
    public var participants = 0
    public var campaignRecipients = 0
    public var feedback = 0
    /// Events recorded (their participant lists have a retention rule of their own).
    public var events = 0
    public var sources: [DataSource.Kind] = []

    public init() {}
}

/// The privacy notice (tietosuojaseloste) written from the settings and the register's content.
/// Headings follow Finnish small-business practice and cover GDPR Art. 13/14.
public struct PrivacyNotice: Sendable {
    public enum Format: String, Sendable { case md, txt }

    /// The notice as blocks, before formatting.
    enum Block: Equatable {
        case title(String)
        case heading(String)
        case paragraph(String)
        case list([String])
    }

    public let text: String
    /// Settings the notice needed but did not have (also marked in the text).
    public let missing: [SettingKey]

    /// `template` is the notice's words in one language (`Resources/notice/LANG.json`).
    public init(settings: RegisterSettings, usage: RegisterUsage, template: [String: String], format: Format, date: LocalDate) {
        func t(_ key: String, _ arguments: Any...) -> String {
            var text = template[key] ?? key
            for (index, argument) in arguments.enumerated() { text = text.replacingOccurrences(of: "{\(index)}", with: "\(argument)") }
            return text
        }
        var missing: [SettingKey] = []
        func flag(_ key: SettingKey) -> String {
            if !missing.contains(key) { missing.append(key) }
            return t("missing", key.rawValue)
        }
        // The notice's own language decides which words of a free-text setting it may use.
        let language = template["language"] ?? "fi"
        func value(_ key: SettingKey) -> String {
            let (text, flagged) = settings.value(key, in: language)
            return text ?? flag(flagged)
        }
        var blocks: [Block] = [.title(t("title") + ": " + value(.registerName)), .paragraph(t("intro"))]
        var number = 0
        func heading(_ key: String) {
            number += 1
            blocks.append(.heading("\(number). " + t(key)))
        }

        heading("heading.controller")
        var controller = [value(.controllerName)]
        if let id = settings.value(.controllerBusinessID) { controller.append(t("business_id", id)) }
        controller.append(value(.controllerAddress))
        controller.append(t("email", value(.controllerEmail)))
        if let phone = settings.value(.controllerPhone) { controller.append(t("phone", Phone.display(phone))) }
        blocks.append(.list(controller))

        heading("heading.contact")
        blocks.append(.paragraph(value(.contactPerson)))

        heading("heading.register_name")
        blocks.append(.paragraph(value(.registerName)))

        heading("heading.purposes")
        let purposeText = value(.purposes)
        let purposes = (try? Purpose.parseList(purposeText)) ?? []
        if purposes.isEmpty { blocks.append(.paragraph(purposeText)) }
        blocks.append(.list(purposes.map { "\($0.description): \($0.basisText { t($0) })" }))
        if purposes.contains(where: { if case .legitimateInterest = $0.basis { true } else { false } }) {
            blocks.append(.paragraph(t("purposes.objection")))
        }

        heading("heading.content")
        var categories = [t("content.name")]
        if usage.withOrganisation > 0 || usage.withTitle > 0 { categories.append(t("content.organisation")) }
        if usage.withEmail > 0 || usage.withPhone > 0 || usage.withAddress > 0 { categories.append(t("content.contact")) }
        if usage.withBirthdate > 0 { categories.append(t("content.birthdate")) }
        if usage.identityCodes > 0 { categories.append(t("content.identity_code")) }
        if usage.members > 0 { categories.append(t("content.membership")) }
        if usage.withLinks > 0 { categories.append(t("content.web")) }
        if usage.withLanguage > 0 { categories.append(t("content.language")) }
        if usage.orders > 0 { categories.append(t("content.orders")) }
        if usage.invoices > 0 { categories.append(t("content.invoices")) }
        if usage.contactEvents > 0 || usage.withNotes > 0 { categories.append(t("content.contacts")) }
        if usage.participants > 0 { categories.append(t("content.events")) }
        if usage.campaignRecipients > 0 { categories.append(t("content.campaigns")) }
        if usage.feedback > 0 { categories.append(t("content.feedback")) }
        categories.append(t("content.consents"))
        categories.append(t("content.source"))
        blocks.append(.list(categories))

        heading("heading.sources")
        let sources = usage.sources.isEmpty ? [DataSource.Kind.person] : usage.sources
        blocks.append(.list(sources.map { t("source.\($0.rawValue)") }))

        heading("heading.disclosures")
        let recipientText = value(.recipients)
        if recipientText == "none" {
            blocks.append(.paragraph(t("disclosures.none")))
        } else {
            blocks.append(.paragraph(t("disclosures.some")))
            blocks.append(.list(recipientText.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }))
        }
        blocks.append(.paragraph(t("disclosures.law")))

        heading("heading.transfers")
        let transfers = value(.transfers)
        blocks.append(.paragraph(transfers == "none" ? t("transfers.none") : transfers))

        heading("heading.retention")
        blocks.append(.paragraph(t("retention.customers", settings.retentionPeriod.text { t($0) })))
        // Rules for what the register holds, only when it holds it.
        if usage.members > 0 { blocks.append(.paragraph(t("retention.members"))) }
        if usage.events > 0 { blocks.append(.paragraph(t("retention.participants", settings.participantRetentionYears))) }
        blocks.append(.paragraph(t("retention.accounting", settings.value(.fiscalYearEnd) ?? "31.12.")))

        heading("heading.security")
        // The default says only what the program itself does; anything more is the controller's to say.
        let security = settings.value(.security, in: language)
        if let text = security.value {
            blocks.append(.paragraph(text))
        } else if settings.isSet(.security) {
            blocks.append(.paragraph(flag(security.flag)))
        } else {
            blocks.append(.paragraph(t("security.default")))
        }

        heading("heading.rights")
        blocks.append(.list(["access", "rectification", "erasure", "restriction", "objection", "marketing", "portability", "consent"]
            .map { t("rights.\($0)") }))
        blocks.append(.paragraph(t("rights.how", value(.contactPerson))))

        heading("heading.complaint")
        blocks.append(.paragraph(t("complaint")))

        heading("heading.requirement")
        blocks.append(.paragraph(t("requirement")))

        heading("heading.automated")
        let profiling = value(.profiling)
        blocks.append(.paragraph(profiling == "none" ? t("automated") : profiling))

        heading("heading.date")
        blocks.append(.paragraph(t("date", date.finnish)))

        self.missing = missing
        self.text = format == .md ? PrivacyNotice.markdown(blocks) : PrivacyNotice.plain(blocks)
    }

    static func markdown(_ blocks: [Block]) -> String {
        blocks.map { block in
            switch block {
            case let .title(text): "# \(text)\n"
            case let .heading(text): "## \(text)\n"
            case let .paragraph(text): "\(text)\n"
            case let .list(items): items.map { "- \($0)" }.joined(separator: "\n") + "\n"
            }
        }.joined(separator: "\n")
    }

    /// Plain text wrapped at 78 columns, headings underlined. A notice is prose in Finnish,
    /// Swedish or English, one column a character (Core knows no terminal widths).
    static func plain(_ blocks: [Block]) -> String {
        func columns(_ text: String) -> Int { text.count }
        func wrap(_ text: String, indent: String = "", first: String = "") -> String {
            var lines: [String] = []
            var line = first
            for word in text.split(separator: " ") {
                if columns(line) + 1 + word.count > 78 && columns(line) > columns(first.isEmpty ? indent : first) {
                    lines.append(line)
                    line = indent
                }
                line += (line.isEmpty || line == indent || line == first ? "" : " ") + word
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }
        return blocks.map { block in
            switch block {
            case let .title(text): text.uppercased() + "\n" + String(repeating: "=", count: columns(text)) + "\n"
            case let .heading(text): text + "\n" + String(repeating: "-", count: columns(text)) + "\n"
            case let .paragraph(text): wrap(text) + "\n"
            case let .list(items): items.map { wrap($0, indent: "    ", first: "  - ") }.joined(separator: "\n") + "\n"
            }
        }.joined(separator: "\n")
    }
}

extension PrivacyNotice {
    /// The notice's words in `language` (`fi` or `en`) from `notice/` of the program's files.
    public static func template(_ language: String, from files: ResourceFiles) -> [String: String]? {
        guard let data = files.data("notice/\(language).json") else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: data)
    }
}
