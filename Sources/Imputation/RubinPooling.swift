import Distributions
import LinearAlgebra
import Models
import Tabular

/// One estimate combined over m completed datasets by Rubin's rules, with the quantities
/// `mice::pool` reports under the same names (mice 3.x `pool.fitlist`, `barnard.rubin`,
/// `summary.mipo`; Rubin 1987; Barnard & Rubin 1999, Biometrika 86:948).
public struct PooledEstimate: Sendable, Equatable {
    public let imputations: Int
    /// q̄ = mean of the m estimates.
    public let estimate: Double
    /// ū = mean of the m squared standard errors.
    public let withinVariance: Double
    /// b = sample variance (m − 1) of the m estimates.
    public let betweenVariance: Double
    /// t = ū + (1 + 1/m) b.
    public let totalVariance: Double
    /// The complete-data degrees of freedom (nil: a large sample, ∞).
    public let completeDataDF: Double?
    /// Barnard–Rubin: with λ floored at 10⁻⁴, ν_old = (m − 1)/λ², ν_obs = (ν_com + 1)/(ν_com + 3)·ν_com·(1 − λ),
    /// ν = ν_old ν_obs/(ν_old + ν_obs) (ν_old when ν_com is infinite).
    public let degreesOfFreedom: Double
    /// riv = (1 + 1/m) b/ū, the relative increase in variance due to nonresponse.
    public let relativeIncreaseInVariance: Double
    /// λ = (1 + 1/m) b/t, the proportion of the variance due to nonresponse.
    public let lambda: Double
    /// fmi = (riv + 2/(ν + 3))/(riv + 1), the fraction of missing information.
    public let fractionOfMissingInformation: Double

    /// √t.
    public var standardError: Double { totalVariance.squareRoot() }
    /// q̄/√t.
    public var statistic: Double { estimate / standardError }
    /// 2 P(T_ν > |q̄/√t|), ν floored at 0.001 as `summary.mipo` does.
    public var pValue: Double { StudentT(degreesOfFreedom: max(degreesOfFreedom, 0.001)).twoSidedPValue(statistic) }

    /// q̄ ± t_{ν, 1−(1−level)/2} √t.
    public func interval(level: Double) -> (lower: Double, upper: Double) {
        let q = StudentT(degreesOfFreedom: max(degreesOfFreedom, 0.001)).quantile(1 - (1 - level) / 2)
        return (estimate - q * standardError, estimate + q * standardError)
    }

    /// Pools `estimates` with their `variances` (squared standard errors), m ≥ 2 of each.
    public init(estimates: [Double], variances: [Double], completeDataDF: Double?) {
        precondition(estimates.count == variances.count && estimates.count >= 2, "Rubin's rules need m ≥ 2 estimates")
        let m = Double(estimates.count)
        imputations = estimates.count
        let mean = estimates.reduce(0, +) / m
        estimate = mean
        withinVariance = variances.reduce(0, +) / m
        betweenVariance = estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (m - 1)
        totalVariance = withinVariance + (1 + 1 / m) * betweenVariance
        self.completeDataDF = completeDataDF
        lambda = (1 + 1 / m) * betweenVariance / totalVariance
        relativeIncreaseInVariance = (1 + 1 / m) * betweenVariance / withinVariance
        let floored = max(lambda, 1e-4)
        let old = (m - 1) / (floored * floored)
        if let dfcom = completeDataDF, dfcom.isFinite {
            let observed = (dfcom + 1) / (dfcom + 3) * dfcom * (1 - floored)
            degreesOfFreedom = old * observed / (old + observed)
        } else {
            degreesOfFreedom = old
        }
        fractionOfMissingInformation = (relativeIncreaseInVariance + 2 / (degreesOfFreedom + 3)) / (relativeIncreaseInVariance + 1)
    }
}

/// A regression fitted to each of m completed datasets and pooled term by term.
public struct PooledRegression: Sendable {
    /// The fit to the first completed dataset (model, family, data used), for the report.
    public let first: RegressionResult
    /// Per term of ``first``, the pooled estimate (nil for an aliased term).
    public let pooled: [PooledEstimate?]
    public let imputations: Int

    /// Pools `fits` (m ≥ 2, fitted to completed datasets of the same size) with the complete-data
    /// df the residual df of the first fit, as `mice::pool` takes `df.residual`.
    /// - Throws: ``AnalysisError`` when the fits differ in their terms or in which terms are aliased.
    public init(_ fits: [RegressionResult]) throws {
        precondition(fits.count >= 2)
        let first = fits[0]
        for (k, fit) in fits.enumerated() where fit.terms.map(\.term) != first.terms.map(\.term) || fit.terms.map(\.aliased) != first.terms.map(\.aliased) {
            throw AnalysisError.numericalFailure("the model fitted to completed dataset \(k + 1) has other terms (or other aliased terms) than on dataset 1, so its estimates cannot be pooled. Remove the terms that are collinear in some imputations")
        }
        self.first = first
        self.imputations = fits.count
        self.pooled = first.terms.indices.map { j in
            guard !first.terms[j].aliased else { return nil }
            return PooledEstimate(estimates: fits.map { $0.terms[j].estimate! },
                                  variances: fits.map { $0.terms[j].standardError! * $0.terms[j].standardError! },
                                  completeDataDF: Double(first.dfResidual))
        }
    }
}
