import Distributions

/// Confidence intervals from bootstrap replicates.
public enum BootstrapInterval: String, Sendable, CaseIterable {
    /// The α/2 and 1 − α/2 type-7 quantiles of the replicates (Efron & Tibshirani 1993, §13.3).
    case percentile
    /// Bias-corrected and accelerated (Efron 1987, JASA 82:171–185; Efron & Tibshirani §14.3):
    /// the percentile interval at adjusted levels
    /// α₁,₂ = Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))), with z₀ = Φ⁻¹(#{θ*_b < θ̂}/B) and the
    /// acceleration a = Σ(θ̄₍.₎ − θ₍ᵢ₎)³ / (6[Σ(θ̄₍.₎ − θ₍ᵢ₎)²]^{3/2}) from jackknife values θ₍ᵢ₎.
    case bca

    /// The interval at confidence `level`.
    /// - Parameter jackknife: leave-one-unit-out estimates (needed for BCa only).
    /// - Returns: nil when BCa is undefined (every replicate on one side of θ̂, or no spread); NaN
    ///   bounds when the acceleration overflows (jackknife deviations beyond ~1e100, whose cubes are
    ///   not finite), for the caller to report as not finite.
    public func interval(replicates: [Double], estimate: Double, level: Double, jackknife: [Double] = []) -> (Double, Double)? {
        let alpha = (1 - level) / 2
        switch self {
        case .percentile:
            let q = Quantile.type7(replicates, [alpha, 1 - alpha])
            return (q[0], q[1])
        case .bca:
            if let first = replicates.first, replicates.allSatisfy({ $0 == first }) { return (first, first) }
            let below = Double(replicates.filter { $0 < estimate }.count)
            let proportion = below / Double(replicates.count)
            guard proportion > 0, proportion < 1, !jackknife.isEmpty else { return nil }
            let z0 = Normal.quantile(proportion)
            let mean = jackknife.reduce(0, +) / Double(jackknife.count)
            var s2 = 0.0, s3 = 0.0
            for v in jackknife { let d = mean - v; s2 += d * d; s3 += d * d * d }
            guard s2 > 0 else { return nil }
            let a = s3 / (6 * s2 * s2.squareRoot())
            guard a.isFinite, z0.isFinite else { return (.nan, .nan) }
            func adjusted(_ p: Double) -> Double {
                let z = Normal.quantile(p)
                return Normal.cdf(z0 + (z0 + z) / (1 - a * (z0 + z)))
            }
            let q = Quantile.type7(replicates, [adjusted(alpha), adjusted(1 - alpha)])
            return (q[0], q[1])
        }
    }
}
