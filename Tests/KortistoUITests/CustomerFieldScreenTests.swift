import Foundation
import KortistoCore
import KortistoStore
import KortistoTestSupport
import Testing
import TUIKit
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
            let number = try register.addCustomer(try FullCustomer.input.validate(today: today), today: today)
            try register.keepUID(FullCustomer.cardUID, for: number)
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
            case .otherEmails, .otherPhones, .otherAddresses:
                c.otherContacts.filter { field.value(in: c).cell(separator: "|").contains($0.value) }.map { $0.kind == .phone ? Phone.display($0.value) : $0.value }
            default: [field.typed(in: c)]
            }
            for part in shown { #expect(text.contains(part), "\(language): \(field.key) '\(part)' not on the card\n\(text)") }
        }
    }
}

/// One key table per screen drives its dispatch, footer and help: no key is bound twice, every
/// word the table names is in both languages, and every consent kind has its key.
@Suite struct KeyTableTests {
    @Test(arguments: [Strings.Language.en, .fi])
    func everyTableIsCompleteAndSaysItsKeysInTheLanguage(_ language: Strings.Language) throws {
        let strings = Strings.load(language, from: ResourceFiles.builtIn)
        let tables: [(String, [Key], [String])] = [
            ("list", App.listKeys.repeatedKeys, App.listKeys.bindings.flatMap { [$0.footer, $0.help] }.compactMap { $0 }),
            ("card", App.cardKeys.repeatedKeys, App.cardKeys.bindings.flatMap { [$0.footer, $0.help] }.compactMap { $0 }),
            ("forms", App.formKeys.repeatedKeys, App.formKeys.bindings.flatMap { [$0.footer, $0.help] }.compactMap { $0 }),
            ("retention", App.retentionKeys.repeatedKeys, App.retentionKeys.bindings.flatMap { [$0.footer, $0.help] }.compactMap { $0 }),
            ("birthdays", App.birthdayKeys.repeatedKeys, App.birthdayKeys.bindings.flatMap { [$0.footer, $0.help] }.compactMap { $0 }),
        ]
        for (name, repeated, words) in tables {
            #expect(repeated.isEmpty, "\(name): bound twice \(repeated)")
            for word in words where !word.isEmpty {
                #expect(strings[word] != word, "\(language) \(name): no words for \(word)")
            }
        }
        #expect(Set(App.consentKeys.values) == Set(ConsentKind.allCases))
        for (keys, text) in App.helpKeys where !text.isEmpty {
            #expect(strings[text] != text, "\(language): help \(keys) has no words")
        }
    }

    /// The card scrolls no further than its last line: PgUp after many PgDn moves at once.
    @Test func theCardScrollsWithinItsLines() throws {
        let h = try Harness(width: 80, height: 14, setup: Harness.basic)
        h.type("<Enter>")
        let top = h.text
        h.type(String(repeating: "<PgDn>", count: 50))
        let bottom = h.text
        #expect(bottom != top)
        h.type("<PgUp>")
        #expect(h.text != bottom, "PgUp after the end moves at once")
    }
}

/// Found: the settings form showed a raw key (`setting.participant_retention_years`). Every
/// setting has its label in both languages.
@Suite struct SettingLabelTests {
    @Test(arguments: [Strings.Language.en, .fi])
    func everySettingHasItsLabel(_ language: Strings.Language) {
        let strings = Strings.load(language, from: ResourceFiles.builtIn)
        for key in SettingKey.allCases {
            #expect(strings["setting.\(key.rawValue)"] != "setting.\(key.rawValue)", "\(language): \(key.rawValue)")
        }
    }
}
