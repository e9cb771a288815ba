import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
@testable import KortistoUI

/// The interface over the one table of a customer's fields: the form edits what the table
/// says it edits, and the card shows every field a person filled.
@Suite struct CustomerFieldScreenTests {
    @Test func theFormLaysOutEveryEditedField() {
        #expect(App.customerForm.count == Set(App.customerForm).count)
        #expect(Set(App.customerForm) == Set(CustomerField.edited))
    }

    @Test(arguments: [Strings.Language.en, .fi])
    func theCardShowsEveryFilledField(_ language: Strings.Language) throws {
        let h = try Harness(language: language, width: 120, height: 50) { register, today in
            _ = try register.addCustomer(try FullCustomer.input.validate(today: today), today: today)
        }
        let c = try #require(try h.register.customer(1001))
        h.type("<Enter>")
        let text = h.text
        for field in CustomerField.allCases {
            let shown: [String] = switch field {
            case .number: ["1001"]
            case .createdAt, .updatedAt, .revision, .bans, .legalHoldReason, .restrictionReason: []
            case .identityCode: [c.identityCodeMasked ?? ""]
            case .kind: [h.app.strings["kind.member"]]
            case .customerType: [h.app.strings["type.business"]]
            case .preferredChannel: [h.app.strings["preferred.sms"]]
            case .source: ["Messut 2025"]
            case .country: []
            case .town: [c.town?.uppercased() ?? ""]
            case .notes: ["Selkä kipeä"]
            case .websites, .profiles: field.value(in: c).cell(separator: " ").split(separator: " ").map { String($0.prefix(30)) }
            case .tags: c.tags
            default: [field.typed(in: c)]
            }
            for part in shown { #expect(text.contains(part), "\(language): \(field.key) '\(part)' not on the card\n\(text)") }
        }
    }
}
