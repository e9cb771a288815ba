import Dispatch

/// Maps many independent items on every core (imports validate a hundred thousand rows; each
/// row is pure work). The order of the results is the order of the items.
public enum ParallelMap {
    /// `transform` of every item, `chunk` of them a task. A transform that fails (a stored value
    /// this program does not know, a file changed while it is read) fails the map: the failure
    /// of the first item in the items' order is thrown, and whatever the others made is freed.
    /// A transform that cannot fail (`E` is `Never`) is called without `try`.
    public static func map<T: Sendable, E: Error>(count: Int, chunk: Int = 2048, _ transform: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
        guard count > chunk else { return try (0..<count).map { i throws(E) in try transform(i) } }
        let chunks = (count + chunk - 1) / chunk
        // Each chunk writes only its own slots: its results, how many it made, its failure.
        let made = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks)
        let failures = UnsafeMutableBufferPointer<E?>.allocate(capacity: chunks)
        _ = failures.initialize(from: repeatElement(nil, count: chunks))
        defer {
            made.deallocate()
            _ = failures.deinitialize()
            failures.deallocate()
        }
        let results = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let slots = buffer, made = made, failures = failures
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                made[c] = 0
                do throws(E) {
                    for i in c * chunk..<min(count, (c + 1) * chunk) {
                        (slots.baseAddress! + i).initialize(to: try transform(i))
                        made[c] += 1
                    }
                } catch {
                    failures[c] = error
                }
            }
            guard failures.contains(where: { $0 != nil }) else {
                initialized = count
                return
            }
            for c in 0..<chunks { (slots.baseAddress! + c * chunk).deinitialize(count: made[c]) }
            initialized = 0
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        return results
    }
}
