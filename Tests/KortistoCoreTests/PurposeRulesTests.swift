import Foundation
import Testing
@testable import KortistoCore

/// Every consent and ban kind against every purpose and channel: the rule each list applies.
@Suite struct PurposeRulesTests {
    enum State: CaseIterable {
        case nothing, newsletterConsent, publicationBan, marketingBan, researchBan, disclosureBan, restricted, prospect, prospectWithConsent
        /// SMS consent alone: for SMS marketing only, never for the newsletter.
        case prospectWithSMSConsent
        /// A customer who withdrew their SMS consent: no SMS marketing, other channels as before.
        case customerWithdrewSMS
    }

    static func person(_ state: State) -> Customer {
        var c = Customer(number: 1001, firstName: "Säde", lastName: "Ylijärvi", email: "sade@example.fi", phone: "+358401234567",
                         street: "Kirkkokatu 2", postcode: "28100", town: "Pori", since: LocalDate(year: 2020, month: 1, day: 1)!,
                         createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
        switch state {
        case .nothing: break
        case .newsletterConsent: c.newsletterConsent = true
        case .publicationBan: c.bans = [.publication]
        case .marketingBan: c.bans = [.marketing]; c.newsletterConsent = true
        case .researchBan: c.bans = [.research]
        case .disclosureBan: c.bans = [.disclosure]
        case .restricted: c.restrictionReason = "Kiistää tiedot"; c.newsletterConsent = true
        case .prospect: c.kind = .prospect
        case .prospectWithConsent: c.kind = .prospect; c.newsletterConsent = true
        case .prospectWithSMSConsent: c.kind = .prospect; c.smsConsent = true
        case .customerWithdrewSMS: c.smsConsentWithdrawn = true
        }
        return c
    }

    /// What each purpose and channel must do, written out: nil is "on the list".
    static func expected(_ state: State, _ purpose: CampaignPurpose, _ channel: Campaign.Channel) -> LabelExclusion? {
        if state == .restricted { return .restricted }
        if channel == .letter, state == .publicationBan { return .publicationBan }
        switch purpose {
        case .newsletter:
            if state == .marketingBan { return .marketingBan }
            return [.newsletterConsent, .prospectWithConsent].contains(state) ? nil : .noNewsletterConsent
        case .marketing:
            if state == .marketingBan { return .marketingBan }
            if state == .customerWithdrewSMS, channel == .sms { return .smsConsentWithdrawn }
            if state == .prospect || state == .prospectWithConsent, channel == .email || channel == .sms { return .noMarketingConsent }
            if state == .prospectWithSMSConsent, channel == .email { return .noMarketingConsent }
            return nil
        case .research:
            return state == .researchBan ? .researchBan : nil
        }
    }

    @Test func everyStateEveryPurposeEveryChannel() {
        var checked = 0
        for state in State.allCases {
            for purpose in CampaignPurpose.allCases {
                for channel in Campaign.Channel.allCases {
                    #expect(CampaignRules.exclusion(Self.person(state), channel: channel, purpose: purpose) == Self.expected(state, purpose, channel),
                            "\(state) \(purpose) \(channel)")
                    checked += 1
                }
            }
        }
        #expect(checked == State.allCases.count * 3 * 4)
    }

    /// Every ban kind is read by some rule except disclosure, which `disclose` reads.
    @Test func everyBanKindIsEnforcedSomewhere() {
        for kind in ConsentKind.bans where kind != .disclosure {
            var c = Self.person(.nothing)
            c.bans = [kind]
            let stopped = CampaignPurpose.allCases.contains { purpose in
                Campaign.Channel.allCases.contains { CampaignRules.exclusion(c, channel: $0, purpose: purpose) != nil }
            }
            #expect(stopped, "\(kind) stops no list")
        }
    }
}
