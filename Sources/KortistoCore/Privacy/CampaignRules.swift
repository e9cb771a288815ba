/// Who a marketing campaign may be aimed at. Every campaign is direct marketing; a letter also
/// needs an address list, so it follows the marketing label rule (a publication ban stops it).
public enum CampaignRules {
    public static func exclusion(_ c: Customer, channel: Campaign.Channel) -> LabelExclusion? {
        if channel == .letter, let exclusion = LabelRules.exclusion(c, purpose: .marketing), exclusion != .incompleteAddress {
            return exclusion
        }
        if c.isRestricted { return .restricted }
        if c.bans.contains(.marketing) { return .marketingBan }
        return nil
    }

    /// Whether the channel has anything to reach the customer by: a complete address for a
    /// letter, an e-mail address, a phone number. A marketing export records only those.
    public static func canReach(_ c: Customer, by channel: Campaign.Channel) -> Bool {
        switch channel {
        case .letter: c.street != nil && c.postcode != nil && c.town != nil
        case .email: c.email != nil
        case .sms, .phone: c.phone != nil
        }
    }

    /// Why, in words for a refusal message.
    public static func reason(_ exclusion: LabelExclusion) -> String {
        switch exclusion {
        case .publicationBan: "has banned address lists (publication)"
        case .marketingBan: "has banned direct marketing"
        case .restricted: "processing is restricted"
        case .incompleteAddress: "has no complete address"
        }
    }
}
