import Foundation
import LinearAlgebra

/// Identity of the engine, for `--version` and report provenance.
public enum Engine {
    /// Semantic version of the phbeval engine.
    public static let version = "0.1.0"

    /// OpenBLAS picks its kernels when it loads, from the CPU model; on a virtual CPU it may fall
    /// back to generic ones, 5× slower (``BLASLibrary/preferredOpenBLASCore()``). Executables call
    /// this first: it re-executes the process once with `OPENBLAS_CORETYPE` set (the variable
    /// being set prevents a loop; if the exec fails the process simply continues as it is).
    public static func restartWithFasterBLASKernelsIfNeeded() {
        guard let core = BLASLibrary.preferredOpenBLASCore() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }

    /// `phbeval 0.1.0` plus the BLAS/LAPACK libraries actually loaded.
    public static var versionDescription: String {
        "phbeval \(version)\n\(BLASLibrary.summary)"
    }
}
