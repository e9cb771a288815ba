import Foundation
import Testing
@testable import KortistoCore

/// The examples in the shared notes on Finnish formats, plus the mistakes people make.
@Suite struct BusinessIDTests {
    @Test(arguments: ["2077474-0", "0112038-9", "1234567-1"])
    func acceptsValid(_ id: String) throws {
        #expect(try BusinessID.validate(id) == id)
    }

    @Test(arguments: ["2077474-1", "1234568-9", "12345678", "1234567", "abcdefg-1", "1234567-12"])
    func refusesInvalid(_ id: String) {
        #expect(throws: FieldError.self) { try BusinessID.validate(id) }
    }

    @Test func padsOldSixDigitIDs() throws {
        #expect(try BusinessID.validate("112038-9") == "0112038-9")
    }

    @Test func explainsWhenNoCheckDigitExists() {
        #expect { try BusinessID.validate("1234568-9") } throws: { ($0 as? FieldError)?.message.contains("no check digit") == true }
    }
}

@Suite struct PersonalIdentityCodeTests {
    @Test(arguments: ["131052-308T", "131052A308T", "311299U1236", "290200A002C"])
    func acceptsValid(_ code: String) throws {
        #expect(try PersonalIdentityCode.validate(code) == code)
    }

    @Test(arguments: ["131052-308U", "290201A002C", "131052Z308T", "131052-000T", "1310523-308T"])
    func refusesInvalid(_ code: String) {
        #expect(throws: FieldError.self) { try PersonalIdentityCode.validate(code) }
    }

    @Test func masks() {
        #expect(PersonalIdentityCode.masked("131052-308T") == "131052-****")
    }
}

@Suite struct PhoneTests {
    @Test(arguments: [
        ("040 123 4567", "+358401234567"),
        ("(09) 123 456", "+3589123456"),
        ("00358 40 1234567", "+358401234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+358 040 1234567", "+358401234567"),
        ("050-123.4567", "+358501234567"),
    ])
    func normalises(_ raw: String, _ e164: String) throws {
        #expect(try Phone.normalise(raw) == e164)
    }

    @Test(arguments: ["401234567", "040 abc", "+358", "0401234567890123456", "+0401234"])
    func refuses(_ raw: String) {
        #expect(throws: FieldError.self) { try Phone.normalise(raw) }
    }

    @Test func displaysGrouped() {
        #expect(Phone.display("+358401234567") == "040 123 4567")
        #expect(Phone.display("+3589123456") == "09 123 456")
        #expect(Phone.display("+358501234567") == "050 123 4567")
        #expect(Phone.display("+46701234567") == "+46701234567")
    }

    @Test func emptyMeansNone() throws {
        #expect(try Phone.normalise("  ") == nil)
    }

    /// A digit with a combining mark is a single Character between "0" and "9": not a digit.
    @Test(arguments: ["040 1\u{301}23 4567", "+3\u{308}58 40 123 4567", "040 123 456\u{20DD}7"])
    func refusesDigitsWithMarks(_ raw: String) {
        #expect(throws: FieldError.self) { try Phone.normalise(raw) }
    }

    /// Grouping reads bytes, where it read Characters: every number of up to 16 digits, each
    /// first two digits after the +, with and without +358, groups as the Character reading
    /// did (kept here as it was); a number with anything but ASCII is shown as stored.
    @Test func groupsEveryNumberAsTheCharacterReadingDid() {
        var numbers: [String] = ["", "+", "+3", "+35", "+358", "+3580", "+35845", "0401234567", "358401234567", "+abc12345", "+4a123456"]
        let tail = "1234567890123456"
        for first in 0...9 {
            for second in 0...9 {
                for length in 0...14 {
                    numbers.append("+\(first)\(second)" + tail.prefix(length))
                    numbers.append("+358\(first)\(second)" + tail.prefix(length))
                }
            }
        }
        for number in numbers {
            #expect(Phone.display(number) == Self.characterDisplay(number), "\(number)")
            #expect(Phone.international(number) == Self.characterInternational(number), "\(number)")
        }
        for stored in ["+358401\u{301}234567", "+35840123456ä", "+46701\u{301}234567", "+ä46701234567"] {
            #expect(Phone.display(stored) == stored && Phone.international(stored) == stored, "\(stored)")
        }
    }

    /// `Phone.display` as it read Characters before.
    private static func characterDisplay(_ e164: String) -> String {
        guard e164.hasPrefix("+358") else { return e164 }
        let national = Array("0" + e164.dropFirst(4))
        let areaLength: Int
        switch national.dropFirst().first {
        case "4": areaLength = 3
        case "5" where national.count > 2 && national[2] == "0": areaLength = 3
        case "1", "7": areaLength = 3
        case "2", "3", "5", "6", "8", "9": areaLength = 2
        default: areaLength = 3
        }
        guard national.count > areaLength + 3 else { return String(national) }
        let rest = national[areaLength...]
        return "\(String(national[0..<areaLength])) \(String(rest.prefix(3))) \(String(rest.dropFirst(3)))"
    }

    /// `Phone.international` as it read Characters before.
    private static func characterInternational(_ e164: String) -> String {
        guard e164.hasPrefix("+"), e164.count > 4 else { return e164 }
        if e164.hasPrefix("+358") {
            let national = characterDisplay(e164)
            guard national.hasPrefix("0") else { return e164 }
            return "+358 " + national.dropFirst()
        }
        let digits = e164.dropFirst()
        let two: Set<String> = ["20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
                                "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86",
                                "90", "91", "92", "93", "94", "95", "98"]
        let length = digits.first.map { $0 == "1" || $0 == "7" ? 1 : two.contains(String(digits.prefix(2))) ? 2 : 3 } ?? 0
        return "+" + digits.prefix(length) + " " + digits.dropFirst(length)
    }
}

@Suite struct EmailTests {
    @Test(arguments: ["matti@example.fi", "Matti.Virtanen+crm@Example.FI", "åsa@esimerkki.fi", "a@b.co"])
    func accepts(_ email: String) throws {
        #expect(try Email.validate(email) != nil)
    }

    @Test func lowercasesTheDomainOnly() throws {
        #expect(try Email.validate("Matti@Example.FI") == "Matti@example.fi")
    }

    @Test(arguments: ["matti", "matti@", "@example.fi", "matti@example", "matti virtanen@example.fi", "a@@b.fi",
                      "matti@example.f1", "matti@-x.fi", ".a@b.fi", "a..b@c.fi"])
    func refuses(_ email: String) {
        #expect(throws: FieldError.self) { try Email.validate(email) }
    }

    /// The byte-level check for ASCII addresses gives the full check's verdict on every case,
    /// including generated near-misses around each rule.
    @Test func theASCIIFastPathAgreesWithTheFullCheck() {
        var cases = ["matti@example.fi", "Matti.Virtanen+crm@Example.FI", "a@b.co", "matti", "matti@", "@example.fi", "matti@example",
                     "a@@b.fi", "matti@example.f1", "matti@-x.fi", "matti@x-.fi", ".a@b.fi", "a.@b.fi", "a..b@c.fi", "a@b..fi", "a@.b.fi",
                     "a@b.fi.", "a(b)@c.fi", "a\"b@c.fi", "a;b@c.fi", "a@b_c.fi", "a@b.c", "x@1.2.fi", "x@sub.domain-1.example.com",
                     String(repeating: "a", count: 64) + "@b.fi", String(repeating: "a", count: 65) + "@b.fi",
                     "a@" + String(repeating: "b", count: 63) + ".fi", "a@" + String(repeating: "b", count: 64) + ".fi", "A@B.FI"]
        let alphabet = Array("aZ09.-_+@()\"")
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            cases.append(String((0..<Int.random(in: 1...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
        }
        #expect(Email.asciiVerdict("Matti.Virtanen@Example.FI") == "Matti.Virtanen@example.fi", "plain addresses take the fast path")
        for text in cases {
            let full = try? Email.validateText(text, field: "email")
            let fast = Email.asciiVerdict(text)
            if let fast { #expect(fast == full, "\(text)") }
            if full == nil { #expect(fast == nil, "\(text) passed the fast path only") }
        }
    }
}

@Suite struct PostcodeTests {
    @Test func finnishIsFiveDigits() throws {
        #expect(try Postcode.validate("00100", country: "FI") == "00100")
        #expect(throws: FieldError.self) { try Postcode.validate("100", country: "FI") }
        #expect(throws: FieldError.self) { try Postcode.validate("0010A", country: "FI") }
    }

    @Test func foreignIsFreer() throws {
        #expect(try Postcode.validate("114 55", country: "SE") == "114 55")
        #expect(try Postcode.validate("sw1a 1aa", country: "GB") == "SW1A 1AA")
    }
}

@Suite struct MoneyTests {
    @Test(arguments: [("25,50", 2550), ("25.50", 2550), ("120", 12000), ("1 234,50", 123_450), ("0,5", 50), ("99,9 €", 9990), (",75", 75)])
    func parses(_ raw: String, _ cents: Int) throws {
        #expect(try Money.parseCents(raw) == cents)
    }

    @Test(arguments: ["abc", "12,345", "1.234,50", "-5", "", "1e3"])
    func refuses(_ raw: String) {
        #expect(throws: FieldError.self) { try Money.parseCents(raw) }
    }

    @Test func displaysFinnish() {
        #expect(Money.display(cents: 123_450) == "1\u{00A0}234,50\u{00A0}€")
        #expect(Money.display(cents: 5) == "0,05\u{00A0}€")
        #expect(Money.decimal(cents: 12000) == "120.00")
    }
}

@Suite struct CountryAndLanguageTests {
    @Test func countries() throws {
        #expect(try Country.validate(nil) == "FI")
        #expect(try Country.validate("Ruotsi") == "SE")
        #expect(try Country.validate("sweden") == "SE")
        #expect(try Country.validate("de") == "DE")
        #expect(throws: FieldError.self) { try Country.validate("Atlantis") }
    }

    @Test func languages() throws {
        #expect(try Language.validate("suomi") == "fi")
        #expect(try Language.validate("SV") == "sv")
        #expect(throws: FieldError.self) { try Language.validate("klingon") }
    }
}

@Suite struct MembershipInputTests {
    let today = LocalDate(year: 2026, month: 11, day: 22)!

    @Test func membershipMustNotEndBeforeItBegan() throws {
        var input = CustomerInput(firstName: "Äinö", lastName: "Öljynen")
        input.memberSince = "1.1.2024"
        input.memberUntil = "31.12.2023"
        #expect { try input.validate(today: today) } throws: { ($0 as? ValidationErrors)?.errors.first?.field == "member_until" }
        // Clearing the start on edit does not compare with the old one.
        var existing = Customer(number: 1001, firstName: "Äinö", lastName: "Öljynen", since: today, createdAt: Date(), updatedAt: Date())
        existing.memberSince = LocalDate(year: 2024, month: 1, day: 1)
        var edit = CustomerInput()
        edit.memberSince = ""
        edit.memberUntil = "31.12.2023"
        #expect(try edit.validate(today: today, existing: existing).memberUntil == .some(LocalDate(year: 2023, month: 12, day: 31)))
    }
}
