import LinearAlgebra

/// Identity of the engine, for `--version` and report provenance.
public enum Engine {
    /// Semantic version of the phbeval engine.
    public static let version = "0.1.0"

    /// The `OPENBLAS_CORETYPE` the process should be restarted with, when OpenBLAS fell back to
    /// generic kernels on a CPU that has faster ones (see ``BLASLibrary/preferredOpenBLASCore()``).
    public static func preferredOpenBLASCore() -> String? { BLASLibrary.preferredOpenBLASCore() }

    /// `phbeval 0.1.0` plus the BLAS/LAPACK libraries actually loaded.
    public static var versionDescription: String {
        "phbeval \(version)\n\(BLASLibrary.summary)"
    }
}
