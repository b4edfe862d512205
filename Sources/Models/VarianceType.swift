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
///   `sandwich::vcovCL(type = "HC1")`;
/// - `CR2`: least squares only, the bias-reduced linearisation of Bell & McCaffrey:
///   `Σ_g u_g u_gᵀ` with `u_g = X_gᵀ W_g A_g e_g`, `A_g = [(I − H)(I − H)ᵀ]_gg^(-1/2)`, and
///   Satterthwaite degrees of freedom per coefficient (``BiasReducedLinearization``; equal to
///   R's `clubSandwich::vcovCR(type = "CR2")` and `coef_test(test = "Satterthwaite")`).
/// HC0–CR1 equal R's `sandwich::vcovHC` / `vcovCL` for `lm` and `glm` fits (Zeileis 2004, 2006).
public enum VarianceType: String, Sendable, CaseIterable, Codable {
    case classical
    case HC0, HC1, HC2, HC3
    case CR1, CR2

    /// Whether this type needs a cluster column.
    public var needsClusters: Bool { self == .CR1 || self == .CR2 }

    /// Whether this type is defined for least squares only (not for a GLM).
    public var leastSquaresOnly: Bool { self == .CR2 }
}
