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

    /// `transform` of every item, in the items' order: one at a time on this thread while
    /// `oneAtATime()` holds (another thread needs the other core: a walk still reading), and
    /// the items left, once it no longer does, one a task on every core. The first failure is
    /// thrown, as `map`'s.
    public static func map<T: Sendable, E: Error>(count: Int, oneAtATimeWhile oneAtATime: () -> Bool,
                                                  _ transform: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
        var made: [T] = []
        made.reserveCapacity(count)
        while made.count < count, oneAtATime() { made.append(try transform(made.count)) }
        let first = made.count
        return try made + map(count: count - first, chunk: 1) { i throws(E) in try transform(first + i) }
    }

    /// Every item written as bytes by `write` on every core, `chunk` items a task into one
    /// buffer, joined in the items' order: `lead` first, `separator` between two items. An
    /// output of many items (a list, a slice of the whole-register file) is one buffer, not an
    /// array an item copied again to be joined. The first failure in the items' order is
    /// thrown, as `map`'s.
    public static func joinedBytes<E: Error>(count: Int, chunk: Int, lead: [UInt8] = [], separator: [UInt8] = [],
                                             _ write: @Sendable (_ item: Int, _ out: inout [UInt8]) throws(E) -> Void) throws(E) -> [UInt8] {
        let pieces = try map(count: (count + chunk - 1) / chunk, chunk: 1) { piece throws(E) in
            // A task's own copy: one array's count of references, changed by the threads at once,
            // kept them waiting on each other (`JSON.Key`).
            let separator = separator.withUnsafeBufferPointer { Array($0) }
            var out: [UInt8] = []
            let items = piece * chunk..<min(count, (piece + 1) * chunk)
            for i in items {
                if i > 0 { out += separator }
                try write(i, &out)
                // Room for the rest at once, by the first item's size and a quarter more (at
                // most 4 MiB, for a first item of a long history): grown by doubling, the bytes
                // were copied about twice over (the whole-register file at 4k: 3 % fewer
                // instructions).
                if i == items.lowerBound && items.count > 1 { out.reserveCapacity(min(out.count * items.count * 5 / 4, 4 << 20)) }
            }
            return out
        }
        var joined = lead
        joined.reserveCapacity(pieces.reduce(lead.count) { $0 + $1.count })
        for piece in pieces { joined += piece }
        return joined
    }
}
