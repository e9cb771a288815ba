import Foundation
import KortistoApp
import KortistoCore
import Testing

extension JSON {
    /// An object written member by member (`object(level:pretty:into:_:)`), as text.
    static func renderedObject(level: Int = 0, pretty: Bool = true, _ members: (inout ObjectWriter) -> Void) -> String {
        var out: [UInt8] = []
        object(level: level, pretty: pretty, into: &out, members)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Every character JSON writing treats specially, alone and inside text, at the start, middle
/// and end: the text reads back the same through Foundation's parser, and what must be escaped
/// (controls, C1 controls, U+2028/2029 that break JavaScript) never reaches the file raw.
@Suite struct JSONEscapeTests {
    static let special: [Unicode.Scalar] = (0x00...0x1F).map { Unicode.Scalar($0)! } + ["\"", "\\", "\u{7F}"]
        + (0x80...0x9F).map { Unicode.Scalar($0)! } + ["\u{2028}", "\u{2029}"]
    /// Bytes next to the special ones that must pass through as they are.
    static let plain: [String] = ["ä", "\u{A0}", "€", "\u{2027}", "\u{202A}", "😀", "Öhrnberg", ""]

    @Test func everySpecialCharacterReadsBackAndIsEscaped() throws {
        for scalar in Self.special {
            for around in Self.plain {
                for text in [String(scalar), around + String(scalar), String(scalar) + around, around + String(scalar) + around + String(scalar)] {
                    let rendered = JSON.array([.string(text)]).rendered(pretty: false)
                    let read = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String]
                    #expect(read == [text], "U+\(String(scalar.value, radix: 16)) around '\(around)'")
                    #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" },
                            "U+\(String(scalar.value, radix: 16)) written raw")
                }
            }
        }
    }

    @Test func plainTextIsWrittenAsItIs() throws {
        for text in Self.plain + ["Äijä Kääriäinen, Jäkäläpolku 3 A 12, 40100 JYVÄSKYLÄ"] {
            #expect(JSON.string(text).rendered(pretty: false) == "\"" + text + "\"")
        }
    }

    /// Integers are written digit by digit: every power of ten and its neighbours, both ends of
    /// Int64, zero, and the words beside them.
    @Test func integersAndWordsAreWrittenAsSwiftWritesThem() throws {
        var values: [Int64] = [0, Int64.max, Int64.min, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0...18 {
            values += [power - 1, power, power + 1, -power, -(power - 1)]
            if power <= Int64.max / 10 { power *= 10 }
        }
        for value in values {
            #expect(JSON.int(value).rendered(pretty: false) == String(value))
        }
        #expect(JSON.array([.null, .bool(true), .bool(false), .int(-5), .decimal("63.5")]).rendered(pretty: false) == "[null,true,false,-5,63.5]")
    }

    /// An object written member by member (`renderedObject`, a long list's customers) is the
    /// object rendered whole: none to four members of every kind of value, empty and nested
    /// arrays and objects among them, at every depth, indented and not.
    @Test func anObjectWrittenMemberByMemberIsTheObjectRenderedWhole() {
        let values: [JSON] = [.null, .bool(true), .int(-7), .decimal("63.5"), .string("Äijä \"x\"\n"), .array([]), .object([]),
                              .array([.int(1), .array([.null])]), .object([("a", .object([("b", .array([]))]))])]
        var members: [[(String, JSON)]] = [[]]
        for count in 1...4 {
            for start in values.indices { members.append((0..<count).map { i in ("k\(i)ä", values[(start + i * 2) % values.count]) }) }
        }
        for pairs in members {
            for level in 0...3 {
                for pretty in [true, false] {
                    let whole = JSON.object(pairs).rendered(level: level, pretty: pretty)
                    let written = JSON.renderedObject(level: level, pretty: pretty) { object in for (key, value) in pairs { object.member(key, value) } }
                    #expect(written == whole, "\(pairs.count) members, level \(level), pretty \(pretty)")
                }
            }
        }
    }

    /// A key escaped once (`JSON.Key`) writes as the same key given as text, and a stored
    /// field's value (`FieldValue`) as the `JSON` value it stands for: every special character
    /// in keys and texts, integers at both ends, lists empty and not, at every depth.
    @Test func keysEscapedOnceAndFieldValuesWriteAsTheirJSON() {
        let texts = Self.special.map { "a" + String($0) + "ä" } + Self.plain
        var values: [(FieldValue, JSON)] = [(.none, .null), (.integer(Int64.min), .int(Int64.min)), (.integer(0), .int(0)), (.integer(Int64.max), .int(Int64.max)),
                                            (.list([]), .array([])), (.list(["Åsa"]), .array([.string("Åsa")])),
                                            (.list(texts), .array(texts.map { JSON.string($0) }))]
        for text in texts { values.append((FieldValue.text(text), JSON.string(text))) }
        for key in texts {
            let escaped = JSON.Key(key)
            #expect(escaped.name == key)
            for (level, pretty) in [(0, true), (2, true), (0, false)] {
                for (value, json) in values {
                    let written = JSON.renderedObject(level: level, pretty: pretty) { object in
                        object.member(escaped, value)
                        object.member(escaped, json)
                    }
                    #expect(written == JSON.object([(key, json), (key, json)]).rendered(level: level, pretty: pretty), "\(key) \(value)")
                }
            }
        }
    }

    /// A list of objects written in place (`member(_:objects:_:)`: a customer's orders,
    /// contacts and consents in the whole-register file) is the list of each one's `json`
    /// rendered whole: every kind, none to three of them, empty and filled optional values and
    /// texts with every special character, at every depth, indented and not, between members.
    @Test func aListOfObjectsWrittenInPlaceIsTheListRenderedWhole() {
        let d = LocalDate(year: 2026, month: 2, day: 28)!, later = LocalDate(year: 2026, month: 12, day: 31)!
        let first = LocalDate(year: 1, month: 1, day: 1)!, last = LocalDate(year: 9999, month: 12, day: 31)!
        let text = Self.special.map { String($0) }.joined() + "Åsa €"
        var checked = 0
        let listKey = JSON.Key("list")
        func check<T>(_ members: JSON.Members<T>, _ items: [T], _ what: String) {
            #expect(items.count >= 3, "\(what): give three or more")
            for count in 0...items.count {
                let list = Array(items.prefix(count))
                for (level, pretty) in [(0, true), (1, true), (2, true), (3, true), (0, false), (2, false)] {
                    let whole = JSON.object([("before", .int(1)), ("list", .array(list.map(members.json))), ("after", .null)])
                    let written = JSON.renderedObject(level: level, pretty: pretty) { object in
                        object.member("before", .int(1))
                        object.member(listKey, objects: list, members)
                        object.member("after", .null)
                    }
                    #expect(written == whole.rendered(level: level, pretty: pretty), "\(what): \(count), level \(level), pretty \(pretty)")
                    checked += 1
                }
            }
        }
        check(CustomerFormat.order, [
            Order(id: 1, customerNumber: 1001, date: d, description: "", amountCents: 0),
            Order(id: 2, customerNumber: 1001, date: d, description: text, amountCents: -1250, status: .invoiced, invoiceNumber: text,
                  invoiceDate: d, dueDate: later, paidDate: later, inCollection: true),
            Order(id: Int64.max, customerNumber: 1002, date: later, description: "Kurssi", amountCents: 12_345, status: .paid, paidDate: d),
            // Dates and amounts are written digit by digit: the first and last years, cents
            // under ten and a hundred, whole euros, below zero (as `Money.decimal` writes them).
            Order(id: 4, customerNumber: 1003, date: first, description: "Ö", amountCents: 5, status: .invoiced, invoiceDate: last, dueDate: first),
            Order(id: 5, customerNumber: 1003, date: last, description: "", amountCents: 100, paidDate: first),
            Order(id: 6, customerNumber: 1003, date: d, description: "", amountCents: -99),
            Order(id: 7, customerNumber: 1003, date: d, description: "", amountCents: -100_000_007),
            // Years a day count can reach outside four digits (written as `iso` writes them), and the ends of Int.
            Order(id: 8, customerNumber: 1003, date: LocalDate(daysSinceEpoch: -800_000), description: "", amountCents: Int.min,
                  invoiceDate: LocalDate(daysSinceEpoch: 3_000_000)),
            Order(id: 9, customerNumber: 1003, date: d, description: "", amountCents: Int.max),
        ], "orders")
        check(CustomerFormat.orderChange, [
            OrderChange(id: 1, at: "2026-02-28T10:00:00Z", orderID: 2, date: d, field: .description, old: nil, new: nil),
            OrderChange(id: 2, at: text, orderID: 2, date: d, field: .amount, old: "100", new: text, action: .cancel),
            OrderChange(id: 3, orderID: 3, date: later, field: .dueDate, old: d.iso, new: later.iso, action: .collectionOn),
        ], "order changes")
        check(CustomerFormat.contact, [
            ContactEvent(id: 1, date: d, channel: .phone), ContactEvent(id: 2, date: d, channel: .email, note: text, followUp: later),
            ContactEvent(id: 3, date: later, channel: .meeting, note: "", followUp: nil),
        ], "contacts")
        check(CustomerFormat.consent, [
            ConsentEvent(id: 1, kind: .newsletter, granted: true, date: d),
            ConsentEvent(id: 2, kind: .marketing, granted: false, date: d, source: text, note: text),
            ConsentEvent(id: 3, kind: .publication, granted: true, date: later, source: "", note: nil),
        ], "consents")
        check(CustomerFormat.feedback, [
            Feedback(id: 1, customerNumber: 1001, date: d, text: ""), Feedback(id: 2, customerNumber: 1001, date: d, text: text, isComplaint: true, resolution: text),
            Feedback(id: 3, customerNumber: 1002, date: later, text: "Kiitos", resolution: nil),
        ], "feedback")
        check(RequestFormat.request, [
            DataRequest(id: 1, customerNumber: 1001, type: .access, received: d, due: later),
            DataRequest(id: 2, customerNumber: 1001, type: .erasure, received: d, due: later, extensionReason: text, isOpen: false,
                        resolution: text, note: text, closedOn: later),
            DataRequest(id: 3, customerNumber: 1002, type: .portability, received: later, due: later, note: ""),
        ], "requests")
        check(DisclosureFormat.disclosure, [
            Disclosure(id: 1, date: d, recipient: "", what: ""), Disclosure(id: 2, date: d, recipient: text, what: text, reason: text, legalBasis: text),
            Disclosure(id: 3, date: later, recipient: "Perintä", what: "osoite", reason: nil, legalBasis: "laki"),
        ], "disclosures")
        #expect(checked == (10 + 6 * 4) * 6)
    }
}
