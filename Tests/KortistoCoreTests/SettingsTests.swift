import Testing
@testable import KortistoCore

@Suite struct SettingsValidationTests {
    @Test func validatesLikeEverywhereElse() throws {
        #expect(try SettingValidation.validate(.controllerBusinessID, "1234567-1") == "1234567-1")
        #expect(throws: FieldError.self) { try SettingValidation.validate(.controllerBusinessID, "1234567-2") }
        #expect(try SettingValidation.validate(.controllerEmail, "Toimisto@Esimerkki.FI") == "Toimisto@esimerkki.fi")
        #expect(throws: FieldError.self) { try SettingValidation.validate(.controllerEmail, "toimisto") }
        #expect(try SettingValidation.validate(.controllerPhone, "040 123 4567") == "+358401234567")
        #expect(try SettingValidation.validate(.retentionYears, "7") == "7")
        #expect(throws: FieldError.self) { try SettingValidation.validate(.retentionYears, "0") }
        #expect(throws: FieldError.self) { try SettingValidation.validate(.retentionYears, "viisi") }
        #expect(try SettingValidation.validate(.fiscalYearEnd, "30.6") == "30.6.")
        #expect(throws: FieldError.self) { try SettingValidation.validate(.fiscalYearEnd, "31.6.") }
        #expect(try SettingValidation.validate(.language, "FI") == "fi")
        #expect(throws: FieldError.self) { try SettingValidation.validate(.language, "sv") }
        #expect(try SettingValidation.validate(.transfers, "ei") == "none")
        #expect(try SettingValidation.validate(.controllerName, "  ") == nil)
        #expect(throws: FieldError.self) { try SettingValidation.validate(.controllerName, "Tmi\u{1B}[31m") }
        #expect(try SettingValidation.validate(.labelOffset, "1.5, -0.5") == "1.5,-0.5")
        #expect(throws: FieldError.self) { try SettingValidation.validate(.labelOffset, "25,0") }
        #expect(try SettingValidation.validate(.labelTemplate, "avery-l7163") == "avery-l7163")
        #expect(throws: FieldError.self) { try SettingValidation.validate(.labelTemplate, "../etc") }
    }

    @Test func purposesNeedALegalBasis() throws {
        let purposes = try Purpose.parseList("Laskutus = sopimus; Markkinointi = oikeutettu etu: asiakassuhde; Uutiskirje = consent")
        #expect(purposes == [Purpose("Laskutus", .contract), Purpose("Markkinointi", .legitimateInterest("asiakassuhde")), Purpose("Uutiskirje", .consent)])
        #expect(throws: FieldError.self) { try Purpose.parseList("Laskutus") }
        #expect(throws: FieldError.self) { try Purpose.parseList("Markkinointi = legitimate_interest") }
        #expect(throws: FieldError.self) { try Purpose.parseList("Laskutus = maybe") }
        #expect(throws: FieldError.self) { try Purpose.parseList(" ; ") }
        // What validation stores parses back to the same purposes.
        let stored = try SettingValidation.validate(.purposes, "Laskutus = sopimus; Markkinointi = oikeutettu etu: asiakassuhde")!
        #expect(try Purpose.parseList(stored) == Array(purposes.prefix(2)))
    }

    @Test func defaultsAndMissing() {
        let settings = RegisterSettings(stored: [:])
        #expect(settings.value(.registerName) == "Asiakasrekisteri")
        #expect(settings.retentionYears == 5)
        #expect(settings.value(.fiscalYearEnd) == "31.12.")
        #expect(settings.purposes == Purpose.defaults)
        #expect(settings.missingForNotice == [.controllerName, .controllerAddress, .controllerEmail, .contactPerson, .recipients, .transfers, .profiling])
        #expect(RegisterSettings(stored: ["recipients": "Kirjanpitäjä; Perintätoimisto"]).recipients == ["Kirjanpitäjä", "Perintätoimisto"])
    }
}
