import Dispatch
import Foundation
import Synchronization

/// Reading and rendering side by side: the caller reads a slice (a register connection is its
/// thread's), hands over the work that renders it, and reads the next while another thread
/// renders; each result reaches `deliver` in the order handed over (on the caller's thread,
/// unless delivered as done). A whole-register output costs about the longer of the two
/// instead of their sum.
public enum SlicePipeline {
    /// Runs `body`, which calls `handOver` once a slice. A slice handed over is delivered, on the
    /// caller's thread, once `ahead` more are handed over (or `body` ends), so at most
    /// `ahead + 1` are held at a time; when `body` ends — or throws, or `deliver` does, or a
    /// render does (its error is thrown where its slice would have been delivered) — nothing is
    /// left running.
    ///
    /// `deliverAsDone`: each slice is delivered as soon as it and every slice before it are
    /// rendered, on the thread that rendered the last of them (one delivery at a time, in
    /// order), instead of when the caller hands over the next: a rendered slice is not held
    /// while the caller reads, so as many can be ahead in less memory; `handOver` waits while
    /// `ahead + 1` are handed over and not yet delivered. `deliver` must then touch nothing the
    /// caller's thread uses until `run` returns (the compiler cannot check it). The first
    /// failure — a render's, `deliver`'s or the caller's — is thrown, and nothing is delivered
    /// after it; but slices done before the caller's own failure reached `run` may have been.
    public static func run<Output: Sendable>(
        ahead: Int = 1,
        deliverAsDone: Bool = false,
        deliver: (Output) throws -> Void,
        _ body: (_ handOver: (_ render: @escaping @Sendable () throws -> Output) throws -> Void) throws -> Void
    ) throws {
        precondition(ahead >= 1)
        if deliverAsDone { return try runDeliveringAsDone(ahead: ahead, deliver: deliver, body) }
        // `deliver` is only called before `run` returns.
        try withoutActuallyEscaping(deliver) { deliver throws in
            var inFlight: [(group: DispatchGroup, result: Result<Output>)] = []
            func finish(_ slice: (group: DispatchGroup, result: Result<Output>)) throws {
                slice.group.wait()
                try deliver(slice.result.value!.get())
            }
            do {
                try body { render in
                    let group = DispatchGroup(), result = Result<Output>()
                    DispatchQueue.global().async(group: group) { result.value = Swift.Result { try render() } }
                    // The slices before are delivered while this one renders.
                    inFlight.append((group, result))
                    if inFlight.count > ahead { try finish(inFlight.removeFirst()) }
                }
                while !inFlight.isEmpty { try finish(inFlight.removeFirst()) }
            } catch {
                for slice in inFlight { slice.group.wait() } // never leave a renderer running past the output
                throw error
            }
        }
    }

    /// `run` with `deliverAsDone`.
    private static func runDeliveringAsDone<Output: Sendable>(
        ahead: Int,
        deliver: (Output) throws -> Void,
        _ body: (_ handOver: (_ render: @escaping @Sendable () throws -> Output) throws -> Void) throws -> Void
    ) throws {
        // `deliver` is only called before `run` returns: every render is waited for.
        try withoutActuallyEscaping(deliver) { deliver throws in
            let order = InOrder(deliver, room: ahead + 1)
            let group = DispatchGroup()
            var handed = 0
            do {
                try body { render in
                    try order.waitForRoom()
                    let index = handed
                    handed += 1
                    DispatchQueue.global().async(group: group) { order.done(index, Swift.Result { try render() }) }
                }
            } catch {
                order.stop(error)
                group.wait() // never leave a renderer running past the output
                throw order.failure ?? error
            }
            group.wait()
            if let failure = order.failure { throw failure }
        }
    }

    /// The slices rendered, delivered in the order handed over, one at a time, and how many
    /// more may be handed over; the first failure stops the deliveries.
    ///
    /// `@unchecked Sendable`: `next`, `rendered` and `failure` are only touched holding `lock`,
    /// and `deliver` only called holding it, so whatever it touches is handed from one
    /// delivery to the next by the lock; from the caller's thread to the first by `async`, and
    /// back to the caller by `group.wait()` before `run` returns. `stopped` lets a hand-over
    /// see a failure without waiting for a delivery under way.
    private final class InOrder<Output>: @unchecked Sendable {
        private let lock = NSLock()
        private let deliver: (Output) throws -> Void
        /// Slices handed over and not yet delivered (or dropped) that may still be added.
        private let room: DispatchSemaphore
        private var next = 0
        private var rendered: [Int: Swift.Result<Output, any Error>] = [:]
        private var firstFailure: (any Error)?
        private let stopped = Atomic<Bool>(false)

        init(_ deliver: @escaping (Output) throws -> Void, room: Int) {
            self.deliver = deliver
            self.room = DispatchSemaphore(value: room)
        }

        var failure: (any Error)? {
            lock.lock()
            defer { lock.unlock() }
            return firstFailure
        }

        /// Waits until a slice may be handed over; throws the failure that stopped the run.
        func waitForRoom() throws {
            room.wait()
            guard stopped.load(ordering: .acquiring) else { return }
            room.signal()
            throw failure ?? CancellationError()
        }

        /// Records the first failure; nothing is delivered after it.
        func stop(_ error: any Error) {
            lock.lock()
            defer { lock.unlock() }
            fail(error)
        }

        /// Holding `lock`.
        private func fail(_ error: any Error) {
            guard firstFailure == nil else { return }
            firstFailure = error
            stopped.store(true, ordering: .releasing)
        }

        /// Slice `index` is rendered: it and any after it already rendered are delivered now.
        func done(_ index: Int, _ result: Swift.Result<Output, any Error>) {
            lock.lock()
            defer { lock.unlock() }
            rendered[index] = result
            while let result = rendered.removeValue(forKey: next) {
                next += 1
                if firstFailure == nil {
                    do { try deliver(try result.get()) } catch { fail(error) }
                }
                room.signal()
            }
        }
    }

    /// A slice's result: written by its renderer before the group leaves, read after `wait()`.
    private final class Result<Output>: @unchecked Sendable {
        var value: Swift.Result<Output, any Error>?
    }
}
