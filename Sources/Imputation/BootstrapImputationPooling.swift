import Distributions

/// An estimate from bootstrap-then-impute: B bootstrap samples, each imputed M times, pooled
/// by the one-way random-effects ANOVA of von Hippel & Bartlett (2021, Statistical Science
/// 36:400, "Maximum likelihood multiple imputation: faster imputations and consistent standard
/// errors without posterior draws"), as R's bootImpute (`bootImputeAnalyse`, R/bootImpute.R)
/// computes it:
///
/// SSW = Σ_b Σ_m (θ_bm − θ̄_b)², SSB = M Σ_b (θ̄_b − θ̄)², MSW = SSW/(B(M − 1)), MSB = SSB/(B − 1);
/// σ²_B = (MSB − MSW)/M, and when that is ≤ 0 it is set to 0 and the residual variance to
/// (SSW + SSB)/(BM − 1) in place of MSW. The estimate is θ̄ (the mean of all BM estimates),
/// Var = (1 + 1/B) σ²_B + residual/(BM), and
/// df = Var² / [((B + 1)/(BM))² MSB²/(B − 1) + MSW²/(B M² (M − 1))], at least 3.
public struct BootstrapImputationEstimate: Sendable, Equatable {
    public let replicates: Int
    public let imputations: Int
    public let estimate: Double
    public let variance: Double
    public let degreesOfFreedom: Double
    /// σ²_B, the between-bootstrap variance component (0 when truncated).
    public let betweenBootstrapVariance: Double
    /// The residual (within-bootstrap, between-imputation) variance component.
    public let withinBootstrapVariance: Double
    /// Whether σ²_B was ≤ 0 and set to 0 (bootImpute warns: rerun with a larger B).
    public let truncated: Bool

    public var standardError: Double { variance.squareRoot() }

    /// θ̄ ± t_{df, 1−(1−level)/2} √Var.
    public func interval(level: Double) -> (lower: Double, upper: Double) {
        let q = StudentT(degreesOfFreedom: degreesOfFreedom).quantile(1 - (1 - level) / 2)
        return (estimate - q * standardError, estimate + q * standardError)
    }

    /// Pools `estimates[b][m]` (B ≥ 2 replicates of M ≥ 2 imputations each).
    public init(estimates: [[Double]]) {
        let b = estimates.count, m = estimates.first?.count ?? 0
        precondition(b >= 2 && m >= 2 && estimates.allSatisfy { $0.count == m }, "bootstrap-then-impute pooling needs B ≥ 2 and M ≥ 2")
        let B = Double(b), M = Double(m)
        let means = estimates.map { $0.reduce(0, +) / M }
        let grand = means.reduce(0, +) / B
        var ssw = 0.0
        for (row, mean) in zip(estimates, means) { for value in row { ssw += (value - mean) * (value - mean) } }
        let ssb = M * means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        let msw = ssw / (B * (M - 1)), msb = ssb / (B - 1)
        var between = (msb - msw) / M, residual = msw
        truncated = between <= 0
        if truncated {
            between = 0
            residual = (ssw + ssb) / (B * M - 1)
        }
        replicates = b
        imputations = m
        estimate = grand
        variance = (1 + 1 / B) * between + residual / (B * M)
        let denominator = ((B + 1) / (B * M)) * ((B + 1) / (B * M)) * msb * msb / (B - 1) + msw * msw / (B * M * M * (M - 1))
        degreesOfFreedom = max(3, variance * variance / denominator)
        betweenBootstrapVariance = between
        withinBootstrapVariance = residual
    }
}
