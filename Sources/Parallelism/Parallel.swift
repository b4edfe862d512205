#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Data-parallel helpers over Dispatch's thread pool.
///
/// Work items are indexed and each writes only its own result slot, so results come back in
/// index order and never depend on how many threads ran them or in which order.
public enum Parallel {
    /// `[body(0), …, body(count − 1)]`, the calls running concurrently on at most `threads`
    /// threads (default: every core). Item i always runs on worker `i % threads`.
    public static func map<T>(_ count: Int, threads: Int? = nil, _ body: @Sendable (Int) -> T) -> [T] {
        let workers = max(1, min(count, threads ?? coreCount))
        return [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            guard let base = buffer.baseAddress else { return }
            let results = SharedPointer(base)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in stride(from: w, to: count, by: workers) {
                    (results.pointer + i).initialize(to: body(i))
                }
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
