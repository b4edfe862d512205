/// How coefficient variances are estimated.
///
/// With bread `B = (XᵀWX)⁻¹` (from the QR factor) and score contributions `uᵢ = sᵢ xᵢ`
/// (`sᵢ = wᵢeᵢ` for least squares, working weight × working residual for a GLM), the sandwich is
/// `B M B` with meat `M`:
/// - `classical`: no sandwich, `φ B` (φ = σ² for least squares, the dispersion for a GLM);
/// - `HC0`: `M = Σ uᵢuᵢᵀ` (White 1980);
/// - `HC1`: HC0 × n/(n−k);
/// - `HC2`: `Σ uᵢuᵢᵀ/(1−hᵢ)` (hᵢ the hat values);
/// - `HC3`: `Σ uᵢuᵢᵀ/(1−hᵢ)²` (MacKinnon & White 1985);
/// - `CR1`: `Σ_g U_g U_gᵀ` with `U_g` the sum of `uᵢ` over cluster g, times
///   G/(G−1)·(n−1)/(n−k) — Stata's small-sample factor, which is also R's
///   `sandwich::vcovCL(type = "HC1")`.
/// These equal R's `sandwich::vcovHC` / `vcovCL` for `lm` and `glm` fits (Zeileis 2004, 2006).
public enum VarianceType: String, Sendable, CaseIterable, Codable {
    case classical
    case HC0, HC1, HC2, HC3
    case CR1

    /// Whether this type needs a cluster column.
    public var needsClusters: Bool { self == .CR1 }
}
