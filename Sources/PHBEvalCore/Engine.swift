import LinearAlgebra

/// Identity of the engine, for `--version` and report provenance.
public enum Engine {
    /// Semantic version of the phbeval engine.
    public static let version = "0.1.0"

    /// `phbeval 0.1.0` plus the BLAS/LAPACK libraries actually loaded.
    public static var versionDescription: String {
        "phbeval \(version)\n\(BLASLibrary.summary)"
    }
}
