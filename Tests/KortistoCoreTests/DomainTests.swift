import Testing
@testable import KortistoCore

@Suite struct ConsentTests {
    let d1 = LocalDate(year: 2025, month: 1, day: 1)!
    let d2 = LocalDate(year: 2025, month: 2, day: 1)!

    @Test func newestEventWins() {
        let events = [
            ConsentEvent(id: 1, kind: .publication, granted: true, date: d1),
            ConsentEvent(id: 2, kind: .publication, granted: false, date: d2),
            ConsentEvent(id: 3, kind: .marketing, granted: true, date: d1),
            ConsentEvent(id: 4, kind: .newsletter, granted: true, date: d1),
        ]
        #expect(ConsentEvent.activeBans(in: events) == [.marketing])
        #expect(ConsentEvent.currentState(of: events)[.newsletter]?.granted == true)
    }

    @Test func sameDayLaterIdWins() {
        let events = [
            ConsentEvent(id: 5, kind: .research, granted: false, date: d1),
            ConsentEvent(id: 4, kind: .research, granted: true, date: d1),
        ]
        #expect(ConsentEvent.activeBans(in: events).isEmpty)
    }

    @Test func parsesNames() {
        #expect(ConsentKind.parse("julkaisukielto") == .publication)
        #expect(ConsentKind.parse("direct-marketing") == .marketing)
        #expect(ConsentKind.parse("Research") == .research)
        #expect(ConsentKind.parse("nonsense") == nil)
    }
}

@Suite struct CustomerInputTests {
    let today = LocalDate(year: 2025, month: 6, day: 15)!

    @Test func collectsEveryError() {
        // One name is enough (a last name alone is a person); a first name with a control character is not.
        let input = CustomerInput(firstName: "Ma\u{7}tti", lastName: "Virtanen", email: "nope", phone: "12", postcode: "1", birthdate: "31.2.1990")
        #expect { try input.validate(today: today) } throws: { error in
            let fields = Set((error as? ValidationErrors)?.errors.map(\.field) ?? [])
            return fields == ["first_name", "email", "phone", "postcode", "birthdate"]
        }
    }

    @Test func editLeavesUngivenFieldsAlone() throws {
        let existing = Customer(number: 1001, firstName: "Aino", lastName: "Laine", email: "aino@example.fi", postcode: "00100",
                                since: today, createdAt: .now, updatedAt: .now)
        let changes = try CustomerInput(phone: "040 1234567", town: "").validate(today: today, existing: existing)
        var updated = existing
        changes.apply(to: &updated)
        #expect(updated.email == "aino@example.fi")
        #expect(updated.phone == "+358401234567")
        #expect(updated.town == nil)
        #expect(updated.firstName == "Aino")
    }

    @Test func countryChangeRechecksPostcode() {
        let existing = Customer(number: 1001, firstName: "Åsa", lastName: "Sjöberg", postcode: "114 55", country: "SE",
                                since: today, createdAt: .now, updatedAt: .now)
        #expect(throws: ValidationErrors.self) { try CustomerInput(country: "FI").validate(today: today, existing: existing) }
    }

    @Test func sourceForms() throws {
        #expect(try DataSource.parse("event: Messut 2025") == DataSource(kind: .event, detail: "Messut 2025"))
        #expect(try DataSource.parse("web-form") == DataSource(kind: .webForm))
        #expect(try DataSource.parse("tuttavan suosittelu") == DataSource(kind: .other, detail: "tuttavan suosittelu"))
    }
}

@Suite struct SyntheticRegisterTests {
    @Test func isDeterministicAndValid() throws {
        let today = LocalDate(year: 2025, month: 6, day: 15)!
        let generator = SyntheticRegister(seed: 7, today: today)
        let orgs = generator.organisations(count: 10)
        let a = Array(generator.customers(count: 50, organisations: orgs))
        let b = Array(generator.customers(count: 50, organisations: orgs))
        #expect(a.map(\.fields) == b.map(\.fields))
        for org in orgs { #expect(try BusinessID.validate(org.businessID!) == org.businessID) }
        for record in a {
            if let email = record.fields.email ?? nil { #expect(try Email.validate(email) == email) }
            if let phone = record.fields.phone ?? nil { #expect(try Phone.normalise(phone) == phone) }
            for order in record.orders { #expect(order.date <= today) }
        }
    }
}
