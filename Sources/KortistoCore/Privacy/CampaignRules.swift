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
