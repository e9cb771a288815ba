import Foundation
import KortistoCore
import Synchronization
import Testing

/// A map on every core gives each item's result in the items' order; a transform that fails
/// fails the map with the first failure in that order, and nothing any task made is kept.
@Suite struct ParallelMapTests {
    struct Failed: Error, Equatable { let item: Int }

    /// Counts the results made and freed: a failed map frees all it made.
    final class Made: Sendable {
        static let alive = Atomic<Int>(0)
        let item: Int
        init(_ item: Int) { self.item = item; Self.alive.add(1, ordering: .relaxed) }
        deinit { Self.alive.subtract(1, ordering: .relaxed) }
    }

    /// Every count around the chunks' edges, in one task and in many.
    @Test func everyItemInOrder() {
        for chunk in [1, 3, 64] {
            for count in [0, 1, chunk - 1, chunk, chunk + 1, 5 * chunk, 5 * chunk + 2] where count >= 0 {
                #expect(ParallelMap.map(count: count, chunk: chunk) { $0 * 2 } == (0..<count).map { $0 * 2 }, "\(count) in chunks of \(chunk)")
            }
        }
    }

    /// Made one at a time while asked to, then on every core: for every count, every point at
    /// which one at a time ends (before the first item, after each, never), every item once,
    /// in order; a failure is the first in the items' order, made either way.
    @Test func itemsMadeOneAtATimeAndThenOnEveryCoreAreInOrder() {
        for count in [0, 1, 2, 5, 9] {
            for sequential in 0...(count + 1) {
                var asked = 0
                let calls = Atomic<Int>(0)
                let made = ParallelMap.map(count: count, oneAtATimeWhile: { asked += 1; return asked <= sequential }) {
                    calls.add(1, ordering: .relaxed)
                    return $0 * 3
                }
                #expect(made == (0..<count).map { $0 * 3 }, "\(count) items, \(sequential) one at a time")
                #expect(calls.load(ordering: .relaxed) == count, "each item made once")
                #expect(asked == min(sequential, count) + (sequential < count ? 1 : 0), "asked once an item made one at a time, and once more where it ends")
                for failing in [0, count / 2, count - 1] where count > 0 {
                    var asks = 0
                    #expect(throws: Failed(item: failing)) {
                        try ParallelMap.map(count: count, oneAtATimeWhile: { asks += 1; return asks <= sequential }) { i throws(Failed) in
                            if i >= failing { throw Failed(item: i) }
                            return i
                        }
                    }
                }
            }
        }
    }

    /// Items joined as bytes: every count around the chunks' edges, with and without a lead and
    /// a separator, is the items' bytes joined in order; a failure is the first in that order.
    @Test func itemsJoinedAsBytesAreTheItemsJoinedInOrder() {
        for chunk in [1, 3, 64] {
            for count in [0, 1, chunk - 1, chunk, chunk + 1, 5 * chunk, 5 * chunk + 2] where count >= 0 {
                for (lead, separator) in [("", ""), ("[", ", "), ("\n    ", ",\n    ")] {
                    let joined = ParallelMap.joinedBytes(count: count, chunk: chunk, lead: Array(lead.utf8), separator: Array(separator.utf8)) {
                        $1 += Array("ä\($0)".utf8)
                    }
                    let expected = lead + (0..<count).map { "ä\($0)" }.joined(separator: separator)
                    #expect(joined == Array(expected.utf8), "\(count) in chunks of \(chunk), \(lead.debugDescription)")
                }
            }
        }
        #expect(throws: Failed(item: 13)) {
            _ = try ParallelMap.joinedBytes(count: 200, chunk: 7) { i, out throws(Failed) in
                if i == 13 || i == 150 { throw Failed(item: i) }
                out.append(1)
            }
        }
    }

    /// Failures at the first item, inside a chunk, at a chunk's edge, the last, and several at
    /// once: the first in the items' order is thrown, and no result made is left alive.
    @Test func theFirstFailureIsThrownAndNothingMadeIsKept() {
        let count = 200, chunk = 7
        for failing in [[0], [13], [14], [20, 21], [199], [150, 3, 90], Array(0..<count)] {
            #expect(throws: Failed(item: failing.min()!), "\(failing)") {
                _ = try ParallelMap.map(count: count, chunk: chunk) { i throws(Failed) in
                    if failing.contains(i) { throw Failed(item: i) }
                    return Made(i)
                }
            }
            #expect(Made.alive.load(ordering: .relaxed) == 0, "\(failing): results made by the other tasks were not freed")
        }
        let made = ParallelMap.map(count: count, chunk: chunk) { Made($0) }
        #expect(made.map(\.item) == Array(0..<count) && Made.alive.load(ordering: .relaxed) == count)
    }
}
