#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Data-parallel helpers on dedicated threads.
///
/// Work items are indexed and each writes only its own result slot, so results come back in
/// index order and never depend on how many threads ran them or in which order.
public enum Parallel {
    /// `[body(0), …, body(count − 1)]`, the calls running concurrently on at most `threads`
    /// threads (default: every core): the calling thread and `threads − 1` POSIX threads started
    /// for the call and joined before it returns, each taking the next unclaimed item in index
    /// order until none is left. Dedicated threads rather than Dispatch's pool, whose Linux
    /// implementation may run the iterations of `concurrentPerform` one after the other on a
    /// loaded machine.
    public static func map<T>(_ count: Int, threads: Int? = nil, _ body: @Sendable (Int) -> T) -> [T] {
        let workers = max(1, min(count, threads ?? coreCount))
        return [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            guard let base = buffer.baseAddress else { return }
            let results = SharedPointer(base)
            withoutActuallyEscaping(body) { body in
                let next = ItemCounter()
                let work = Work {
                    while true {
                        let i = next.claim()
                        guard i < count else { return }
                        (results.pointer + i).initialize(to: body(i))
                    }
                }
                // Each started thread holds `work` until it returns; joined, none holds it after.
                let started: [pthread_t] = (1..<workers).compactMap { _ in
                    var thread = pthread_t()
                    let context = Unmanaged.passRetained(work).toOpaque()
                    guard pthread_create(&thread, nil, { context in
                        Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
                        return nil
                    }, context) == 0 else {
                        Unmanaged<Work>.fromOpaque(context).release()
                        return nil
                    }
                    return thread
                }
                work.run()
                for thread in started { pthread_join(thread, nil) }
            }
            initializedCount = count
        }
    }

    /// The number of cores the process may run on.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// A pointer handed to concurrent workers that each write a disjoint part of its memory.
private struct SharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// The loop a ``Parallel/map(_:threads:_:)`` thread runs.
private final class Work: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// The next unclaimed item of a ``Parallel/map(_:threads:_:)`` call.
private final class ItemCounter: Sendable {
    private let next = Atomic<Int>(0)
    /// Claims an item: each index is returned once, in increasing order.
    func claim() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
