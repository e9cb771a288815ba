import Dispatch

/// Maps many independent items on every core (imports validate a hundred thousand rows; each
/// row is pure work). The order of the results is the order of the items.
public enum ParallelMap {
    public static func map<T: Sendable>(count: Int, chunk: Int = 2048, _ transform: @Sendable (Int) -> T) -> [T] {
        guard count > chunk else { return (0..<count).map(transform) }
        let chunks = (count + chunk - 1) / chunk
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each chunk writes only its own slots, so the shared buffer is never written twice.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in c * chunk..<min(count, (c + 1) * chunk) {
                    (slots.baseAddress! + i).initialize(to: transform(i))
                }
            }
            initialized = count
        }
    }
}
