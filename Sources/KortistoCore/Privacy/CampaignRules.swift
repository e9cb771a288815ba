/// What a list made for a campaign or an export is for; each purpose has its own rule.
public enum CampaignPurpose: String, CaseIterable, Sendable {
    /// Only people whose newsletter consent is current.
    case newsletter
    /// Direct marketing: allowed until the person bans it; by e-mail and SMS only within a
    /// customer relationship, or by SMS with the person's current SMS consent (the register
    /// records no consent to other e-mail marketing); letters need an address list, so a
    /// publication ban stops them too.
    case marketing
    /// Market and opinion research: a research ban stops it.
    case research
}

/// Who a campaign may be aimed at, by purpose and channel. Every list a purpose produces
/// (exports, campaigns, labels) applies this rule by construction.
public enum CampaignRules {
    public static func exclusion(_ c: Customer, channel: Campaign.Channel, purpose: CampaignPurpose) -> LabelExclusion? {
        // A letter needs an address list: the label rule (publication ban, restriction) first.
        if channel == .letter, let exclusion = LabelRules.exclusion(c, purpose: purpose == .research ? .service : .marketing),
           exclusion != .incompleteAddress {
            return exclusion
        }
        if c.isRestricted { return .restricted }
        switch purpose {
        case .newsletter:
            // A newsletter is direct marketing too: an objection ends it whatever was consented.
            if c.bans.contains(.marketing) { return .marketingBan }
            if !c.newsletterConsent { return .noNewsletterConsent }
        case .marketing:
            if c.bans.contains(.marketing) { return .marketingBan }
            // A withdrawn SMS consent ends SMS marketing for anyone: it is their objection.
            if channel == .sms, c.smsConsentWithdrawn { return .smsConsentWithdrawn }
            // Newsletter consent is for the newsletter only: consent must be specific.
            if !c.kind.isCustomerRelationship {
                switch channel {
                case .email: return .noMarketingConsent
                case .sms: if !c.smsConsent { return .noMarketingConsent }
                case .letter, .phone: break
                }
            }
        case .research:
            if c.bans.contains(.research) { return .researchBan }
        }
        return nil
    }

    /// Whether the channel has anything to reach the customer by: a complete address for a
    /// letter, an e-mail address, a phone number. A marketing export records only those.
    public static func canReach(_ c: Customer, by channel: Campaign.Channel) -> Bool {
        switch channel {
        case .letter: (c.street ?? c.poBox) != nil && c.postcode != nil && c.town != nil
        case .email: c.email != nil
        case .sms, .phone: c.phone != nil
        }
    }

    /// Why, in words for a refusal message.
    public static func reason(_ exclusion: LabelExclusion) -> String {
        switch exclusion {
        case .publicationBan: "has banned address lists (publication)"
        case .marketingBan: "has banned direct marketing"
        case .researchBan: "has banned market research"
        case .noNewsletterConsent: "has no current newsletter consent"
        case .noMarketingConsent: "is not a customer, so e-mail or SMS marketing needs their consent (SMS: 'kortisto consent ID sms give')"
        case .smsConsentWithdrawn: "has withdrawn their SMS consent"
        case .restricted: "processing is restricted"
        case .incompleteAddress: "has no complete address"
        }
    }
}
