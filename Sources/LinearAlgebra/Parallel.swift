import Dispatch

/// Data-parallel helpers over `DispatchQueue.concurrentPerform`, which runs on as many threads
/// as there are cores. Work items are indexed, each writes only its own slot, and results come
/// back in index order, so the outcome never depends on the thread count or scheduling.
public enum Parallel {
    /// `(0..<count).map(body)`, evaluated concurrently. If any item throws, the error of the
    /// lowest-indexed failing item is rethrown.
    public static func map<T: Sendable>(count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        if count == 0 { return [] }
        let slots = Slots<Result<T, Error>>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            slots.set(i, Result { try body(i) })
        }
        return try slots.values().map { try $0.get() }
    }
}

/// Fixed-size storage written concurrently at distinct indices (each index exactly once), then
/// read after all writers have finished (`concurrentPerform` returns only then).
private final class Slots<T>: @unchecked Sendable {
    private var storage: [T?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) {
        storage.withUnsafeMutableBufferPointer { $0[i] = value }
    }
    func values() -> [T] { storage.map { $0! } }
}
