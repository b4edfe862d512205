#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Data-parallel helpers over Dispatch's thread pool.
enum Parallel {
    /// `[body(0), …, body(count − 1)]`, the calls running concurrently on the available cores.
    static func map<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            guard let base = buffer.baseAddress else { return }
            let results = SharedPointer(base)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                (results.pointer + i).initialize(to: body(i))
            }
            initializedCount = count
        }
    }

    /// The number of cores the process may run on.
    static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// A pointer handed to concurrent workers that each write a disjoint part of its memory.
private struct SharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
