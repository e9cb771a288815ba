import Dispatch

/// Reading and rendering side by side: the caller reads a slice (a register connection is its
/// thread's), hands over the work that renders it, and reads the next while another thread
/// renders; each result reaches `deliver` on the caller's thread, in the order handed over.
/// A whole-register output costs about the longer of the two instead of their sum.
public enum SlicePipeline {
    /// Runs `body`, which calls `handOver` once a slice. A slice handed over is delivered once
    /// `ahead` more are handed over (or `body` ends), so at most `ahead + 1` are held at a time;
    /// when `body` ends — or throws, or `deliver` does, or a render does (its error is thrown
    /// where its slice would have been delivered) — nothing is left running.
    public static func run<Output: Sendable>(
        ahead: Int = 1,
        deliver: (Output) throws -> Void,
        _ body: (_ handOver: (_ render: @escaping @Sendable () throws -> Output) throws -> Void) throws -> Void
    ) throws {
        precondition(ahead >= 1)
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

    /// A slice's result: written by its renderer before the group leaves, read after `wait()`.
    private final class Result<Output>: @unchecked Sendable {
        var value: Swift.Result<Output, any Error>?
    }
}
