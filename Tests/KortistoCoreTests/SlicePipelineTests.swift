import Foundation
import KortistoCore
import Synchronization
import Testing

@Suite struct SlicePipelineTests {
    struct Stop: Error {}

    /// Renders that end in any order are delivered in the order handed over, every one once,
    /// however many are rendered ahead.
    /// Delivered as done (`deliverAsDone`), from the renderers' threads, the same holds, and
    /// never more than `ahead + 1` slices are handed over and not yet delivered.
    @Test(arguments: [1, 3, 20], [false, true]) func slicesAreDeliveredInTheOrderHandedOver(ahead: Int, asDone: Bool) throws {
        for count in [0, 1, 2, 3, 17] {
            var delivered: [Int] = []
            let deliveredCount = Atomic<Int>(0)
            var handed = 0, mostOwed = 0
            try SlicePipeline.run(ahead: ahead, deliverAsDone: asDone, deliver: {
                delivered.append($0)
                deliveredCount.add(1, ordering: .sequentiallyConsistent)
            }) { handOver in
                for i in 0..<count {
                    // Early slices render slowest, so a later one is often done first.
                    try handOver { usleep(UInt32((count - i) * 300)); return i }
                    handed += 1
                    mostOwed = max(mostOwed, handed - deliveredCount.load(ordering: .sequentiallyConsistent))
                }
            }
            #expect(delivered == Array(0..<count))
            #expect(mostOwed <= ahead + 1, "\(mostOwed) owed, \(ahead) ahead")
        }
    }

    /// However the run ends — the reader throws, or the writer does, or a render does (the
    /// first slice, one between, the last) — the error reaches the caller, no render is still
    /// going when `run` returns, and nothing after the failure is delivered.
    /// Delivered as done, a failing reader may see rendered slices delivered before it failed,
    /// but none after.
    @Test(arguments: [1, 3, 20], [false, true]) func nothingIsLeftRunningAtAnyEnd(ahead: Int, asDone: Bool) {
        for failing in ["body", "deliver", "render"] {
            for at in failing == "render" ? [0, 1, 4, 7] : [0, 1, 4] {
                let running = Atomic<Int>(0)
                var delivered: [Int] = []
                #expect(throws: Stop.self) {
                    try SlicePipeline.run(ahead: ahead, deliverAsDone: asDone, deliver: { (i: Int) in
                        if failing == "deliver" && i == at { throw Stop() }
                        delivered.append(i)
                    }) { handOver in
                        for i in 0..<8 {
                            if failing == "body" && i == at + 1 { throw Stop() }
                            // Counted from the hand-over: a render not yet begun is still owed.
                            // (Delivering as done, a hand-over after a failure throws before it
                            // takes the render: none is owed.)
                            running.add(1, ordering: .sequentiallyConsistent)
                            do {
                                try handOver {
                                    usleep(3000)
                                    running.subtract(1, ordering: .sequentiallyConsistent)
                                    if failing == "render" && i == at { throw Stop() }
                                    return i
                                }
                            } catch {
                                if asDone { running.subtract(1, ordering: .sequentiallyConsistent) }
                                throw error
                            }
                        }
                    }
                }
                #expect(running.load(ordering: .sequentiallyConsistent) == 0, "\(failing) at \(at), \(ahead) ahead")
                // A failing reader leaves its last `ahead` slices undelivered; a failing writer or
                // render delivers nothing past the slice it failed on.
                let expected = failing == "body" ? max(0, at + 1 - ahead) : at
                if asDone && failing == "body" {
                    #expect(delivered == Array(0..<delivered.count) && delivered.count <= at + 1, "\(failing) at \(at), \(ahead) ahead")
                } else {
                    #expect(delivered == Array(0..<expected), "\(failing) at \(at), \(ahead) ahead, as done: \(asDone)")
                }
            }
        }
    }

    /// Delivered as done, a slice reaches `deliver` without another hand-over (the caller may
    /// be reading the next chunk for long), and never two deliveries at once.
    @Test func aSliceDoneIsDeliveredWithoutTheNextHandOver() throws {
        let delivering = Atomic<Int>(0), overlapped = Atomic<Bool>(false)
        let arrived = DispatchSemaphore(value: 0)
        var delivered: [Int] = []
        try SlicePipeline.run(ahead: 4, deliverAsDone: true, deliver: { (i: Int) in
            if delivering.add(1, ordering: .sequentiallyConsistent).newValue > 1 { overlapped.store(true, ordering: .sequentiallyConsistent) }
            usleep(2000)
            delivered.append(i)
            delivering.subtract(1, ordering: .sequentiallyConsistent)
            arrived.signal()
        }) { handOver in
            for i in 0..<3 { try handOver { usleep(UInt32(3 - i) * 1000); return i } }
            // No hand-over follows: the three come while this waits.
            for _ in 0..<3 { #expect(arrived.wait(timeout: .now() + 5) == .success) }
        }
        #expect(delivered == [0, 1, 2])
        let overlapping = overlapped.load(ordering: .sequentiallyConsistent)
        #expect(!overlapping)
    }

    /// Delivered as done, a caller that fails while its slices still render has none of them
    /// delivered, and its error is the one thrown.
    @Test func aCallerFailingBeforeAnyRenderEndsGetsNothingDelivered() {
        var delivered: [Int] = []
        #expect(throws: Stop.self) {
            try SlicePipeline.run(ahead: 3, deliverAsDone: true, deliver: { (i: Int) in delivered.append(i) }) { handOver in
                for i in 0..<2 { try handOver { usleep(200_000); return i } }
                throw Stop()
            }
        }
        #expect(delivered.isEmpty)
    }
}
