import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which BLAS/LAPACK shared libraries the process actually loaded, for `--version` and the
/// report's provenance: Debian's alternatives may serve OpenBLAS or the reference BLAS under
/// the same `libblas.so.3` name, so the linked name says nothing; the mapped file does.
public enum BLASLibrary {
    /// Resolved paths of the mapped shared objects whose file name contains `fragment`
    /// (read from `/proc/self/maps`; empty where that file does not exist).
    public static func loadedLibraries(containing fragment: String) -> [String] {
        // /proc files report size 0, so read to end of file rather than by the reported size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { return [] }
        defer { try? handle.close() }
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var seen: [String] = []
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            let file = path.split(separator: "/").last.map(String.init) ?? path
            if file.contains(fragment), !seen.contains(path) { seen.append(path) }
        }
        return seen
    }

    /// One line naming the shared objects that provide BLAS and LAPACK, e.g.
    /// `BLAS/LAPACK: /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so` when
    /// OpenBLAS serves both, or the reference `libblas.so.3` and `liblapack.so.3` files.
    public static var summary: String {
        var files = loadedLibraries(containing: "blas")
        for file in loadedLibraries(containing: "lapack") where !file.contains("lapacke") && !files.contains(file) {
            files.append(file)
        }
        let core = openBLASCore.map { " (OpenBLAS \($0) kernels)" } ?? ""
        return "BLAS/LAPACK: " + (files.isEmpty ? "unknown" : files.joined(separator: ", ")) + core
    }

    /// The kernel family OpenBLAS chose (`openblas_get_corename`, e.g. `SkylakeX`), or nil when
    /// the BLAS in use is not OpenBLAS.
    public static var openBLASCore: String? {
        #if canImport(Glibc)
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "openblas_get_corename") else { return nil }
        typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?
        return unsafeBitCast(symbol, to: CoreName.self)().map { String(cString: $0) }
        #else
        return nil
        #endif
    }

    /// The `OPENBLAS_CORETYPE` to request when OpenBLAS fell back to its generic `Prescott`
    /// kernels although the CPU has AVX-512 (`SkylakeX`) or AVX2 + FMA (`Haswell`), or nil.
    ///
    /// OpenBLAS 0.3.21 (Debian 12) picks kernels from the CPU model; a virtual machine that reports
    /// a generic model ("Intel(R) Xeon(R) Processor") gets Prescott kernels, 5× slower in `dgemm`
    /// here (9 vs 49 GFLOP/s). The choice is made when the library loads, so the command-line tool
    /// re-executes itself once with the variable set (see `Phbeval.main`).
    public static func preferredOpenBLASCore() -> String? {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, openBLASCore == "Prescott",
              let handle = FileHandle(forReadingAtPath: "/proc/cpuinfo") else { return nil }
        defer { try? handle.close() }
        let info = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        guard let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512dq", "avx512bw", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Runs `body` with OpenBLAS limited to one thread (restored afterwards), for code that
    /// parallelises across calls itself: nested OpenBLAS threads would only compete for the same
    /// cores (measured: a third of the bootstrap's time spent yielding). No effect without OpenBLAS.
    public static func singleThreaded<T>(_ body: () throws -> T) rethrows -> T {
        #if canImport(Glibc)
        typealias Get = @convention(c) () -> Int32
        typealias Set = @convention(c) (Int32) -> Void
        guard let handle = dlopen(nil, RTLD_NOW), let get = dlsym(handle, "openblas_get_num_threads"),
              let set = dlsym(handle, "openblas_set_num_threads") else { return try body() }
        let previous = unsafeBitCast(get, to: Get.self)()
        unsafeBitCast(set, to: Set.self)(1)
        defer { unsafeBitCast(set, to: Set.self)(previous) }
        #endif
        return try body()
    }
}
