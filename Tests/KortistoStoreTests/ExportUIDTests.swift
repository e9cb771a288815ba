import Foundation
import KortistoCore
import Testing
@testable import KortistoStore

/// The UIDs an export gives cards are written digit by digit: every number gets the prefix and
/// its hexadecimal digits, at least twelve, as the formula of strings gave them, at each place a
/// digit is added and at both ends; a card UID kept for a customer wins.
@Suite struct ExportUIDTests {
    @Test func everyNumberGetsItsHexadecimalDigits() throws {
        let f = try Fixture()
        let kept = try f.add("Åsa", "Öhman")
        #expect(try f.register.keepUID("urn:uuid:kept-elsewhere", for: kept))
        let uid = try f.register.exportUIDs()
        let prefix = String(uid(0).dropLast(12))
        #expect(prefix.hasPrefix("urn:uuid:") && uid(0) == prefix + "000000000000")
        var numbers: [Int64] = [0, 1, 9, 10, 15, 16, 255, 256, 1001, 123_456_789, Int64.max, Int64.max - 1, -1, -4096, Int64.min]
        for shift in 1...15 { numbers += [(Int64(1) << (4 * shift)) - 1, Int64(1) << (4 * shift), (Int64(1) << (4 * shift)) + 1] }
        for number in numbers where number != kept {
            let tail = String(number, radix: 16)
            #expect(uid(number) == prefix + String(repeating: "0", count: max(0, 12 - tail.count)) + tail, "\(number)")
        }
        #expect(uid(kept) == "urn:uuid:kept-elsewhere")
    }
}
