import Foundation

/// Who may be printed on an address label. Bans are honoured by construction: the label
/// writer only ever receives customers this rule let through.
public enum LabelPurpose: String, CaseIterable, Sendable {
    /// Direct mail, invitations, greetings: every ban that concerns lists or marketing applies.
    case marketing
    /// Invoices, appointment letters: only publication ban and restriction apply.
    case service
}

/// Why someone is left off a list: a label sheet, a campaign, an export for a purpose.
public enum LabelExclusion: String, CaseIterable, Sendable, Comparable {
    case publicationBan = "publication_ban"
    case marketingBan = "marketing_ban"
    case researchBan = "research_ban"
    /// A newsletter goes only to people whose newsletter consent is current.
    case noNewsletterConsent = "no_newsletter_consent"
    /// E-mail and SMS marketing to someone who is not a customer needs their prior consent to
    /// it (Information Society Code § 200), which the register does not record.
    case noMarketingConsent = "no_marketing_consent"
    /// The person withdrew their SMS consent: no more SMS marketing, customer or not (the
    /// withdrawal is their objection to it).
    case smsConsentWithdrawn = "sms_consent_withdrawn"
    case restricted
    case incompleteAddress = "incomplete_address"

    public static func < (a: LabelExclusion, b: LabelExclusion) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public var english: String {
        switch self {
        case .publicationBan: "publication ban"
        case .marketingBan: "direct-marketing ban"
        case .researchBan: "market-research ban"
        case .noNewsletterConsent: "no newsletter consent"
        case .noMarketingConsent: "not a customer (e-mail or SMS marketing needs their consent)"
        case .smsConsentWithdrawn: "SMS consent withdrawn"
        case .restricted: "restriction of processing"
        case .incompleteAddress: "incomplete address"
        }
    }
}

public enum LabelRules {
    /// Why the customer is left off the sheet, or nil when they may be on it.
    public static func exclusion(_ c: Customer, purpose: LabelPurpose) -> LabelExclusion? {
        if c.bans.contains(.publication) { return .publicationBan }
        if c.isRestricted { return .restricted }
        if purpose == .marketing && c.bans.contains(.marketing) { return .marketingBan }
        // A PO box is an address of its own (the post goes to the box).
        guard c.street != nil || c.poBox != nil, c.postcode != nil, c.town != nil else { return .incompleteAddress }
        return nil
    }

    /// Whether the customer has an address of their own (any part of one).
    public static func hasOwnAddress(_ c: Customer) -> Bool {
        c.street != nil || c.poBox != nil || c.postcode != nil || c.town != nil
    }

    /// The customer as the post reaches them: a business contact without an address of their
    /// own at their organisation's (Posti: name, organisation, its street, postcode and town).
    /// Someone with any address of their own keeps it, whole or not.
    public static func addressed(_ c: Customer, organisation: Organisation?) -> Customer {
        guard !hasOwnAddress(c), let org = organisation, org.street != nil || org.postcode != nil || org.town != nil else { return c }
        var at = c
        at.street = org.street
        at.postcode = org.postcode
        at.town = org.town
        at.country = org.country
        return at
    }

    /// The address as Posti wants it: name; organisation; street or PL; `NNNNN TOWN`; and the
    /// country in capitals for foreign addresses. Nothing else (no birthdates, notes or codes).
    public static func addressLines(_ c: Customer) -> [String] {
        // Room for every line at once, at most six: name, c/o, organisation, street or PO box,
        // postcode and town, country (a sheet of a million makes 775,000 of these).
        var lines: [String] = []
        lines.reserveCapacity(6)
        lines.append(c.fullName)
        if let careOf = c.careOf { lines.append(careOf) }
        if let org = c.organisationName { lines.append(org) }
        // The post goes to a PO box when there is one (Posti): its line stands for the street's.
        if let line = c.poBox ?? c.street { lines.append(line) }
        switch (c.postcode, c.town?.uppercased()) {
        case let (postcode?, town?): lines.append(postcode + " " + town)
        case let (postcode?, nil): lines.append(postcode)
        case let (nil, town?): lines.append(town)
        case (nil, nil): lines.append("")
        }
        // Åland is in Finland's postal system: no country line.
        if c.country != Country.finland && c.country != "AX" {
            lines.append((Country.named(c.country)?.english ?? c.country).uppercased())
        }
        return lines
    }
}

/// A printer's shift on label sheets, in millimetres (`1.5,-0.5`).
public struct LabelOffset: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init?(_ text: String) {
        let parts = text.replacingOccurrences(of: ";", with: ",").split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let x = parts[0], let y = parts[1], abs(x) <= 20, abs(y) <= 20 else { return nil }
        self.x = x
        self.y = y
    }

    public var text: String {
        func f(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        return "\(f(x)),\(f(y))"
    }
}

/// Narrows a label run to part of the register: one organisation, one town, a range of
/// postcodes (each as the customer's own record has it). Nothing given admits everyone.
public struct LabelFilter: Sendable {
    private let organisationKey: String?
    private let townKey: String?
    public let postcodes: ClosedRange<String>?

    public init(organisation: String? = nil, town: String? = nil, postcodes: ClosedRange<String>? = nil) {
        organisationKey = organisation.map(FinnishOrder.key)
        townKey = town.map(SearchFolding.fold)
        self.postcodes = postcodes
    }

    public func admits(_ c: Customer) -> Bool {
        if let organisationKey, c.organisationName.map(FinnishOrder.key) != organisationKey { return false }
        if let townKey, c.town.map(SearchFolding.fold) != townKey { return false }
        if let postcodes, !(c.postcode.map { postcodes.contains($0) } ?? false) { return false }
        return true
    }
}
