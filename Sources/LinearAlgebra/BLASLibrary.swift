import Foundation

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
        return "BLAS/LAPACK: " + (files.isEmpty ? "unknown" : files.joined(separator: ", "))
    }
}
