import Foundation
import LinearAlgebra
import Models
import Tabular

/// ΔC by recycled predictions from a log-link cost model: the gamma GLM alone, or the two-part
/// model (logistic for any cost > 0 times the gamma GLM of the positive costs).
struct RecycledCost {
    /// The cost design (every analysed row) and the arm's column.
    let design: DesignMatrix
    let arm: Int
    let x: Matrix
    let twoPart: Bool
    /// Parts' designs: the any-cost indicator (two-part only) and the positive costs.
    let occurrence: DesignMatrix?
    let positive: DesignMatrix
    /// The full-sample fits of the parts (R's start): the point estimate, and where replicate
    /// refits start.
    private let full: (positive: ModelFit, occurrence: ModelFit?)
    /// Kept columns of the positive-cost part, the rank used in CR1 factors.
    var rank: Int { full.positive.kept.count }

    init(_ d: CEAData, spec: CEASpecification, twoPart: Bool) throws {
        design = try DesignMatrix.build(from: d.data, formula: d.formula(outcome: spec.cost, parameter: .cost, covariates: d.costCovariates))
        guard let arm = design.columnNames.firstIndex(of: CEAData.indicator) else {
            throw AnalysisError.numericalFailure("the arm indicator is missing from the cost design")
        }
        self.arm = arm
        self.twoPart = twoPart
        x = design.materialized()
        if twoPart {
            occurrence = design.replacing(response: d.cost.map { $0 > 0 ? 1 : 0 }, weights: nil)
            // Zero costs take weight 0 (and a placeholder response the gamma family accepts).
            positive = design.replacing(response: d.cost.map { $0 > 0 ? $0 : 1 }, weights: d.cost.map { $0 > 0 ? 1 : 0 })
        } else {
            occurrence = nil
            positive = design
        }
        full = (try positive.fitted(family: .gamma, link: .log), try occurrence?.fitted(family: .binomial, link: .logit))
    }

    struct Estimate {
        let delta: Double
        /// Delta-method variance from the parts' classical covariances.
        let variance: Double
        /// ψᵢ of ΔC, row by row.
        let influence: [Double]
    }

    /// ΔC (with its delta-method variance and influence function when `weights` is nil; with
    /// frequency weights only ΔC is meaningful).
    func estimate(weights: [Double]?) throws -> Estimate {
        // Replicates start from the full-sample estimates (fewer IRLS steps, the same optimum); the
        // point estimate starts as R's glm does.
        let gamma = try weights.map { try positive.fitted(family: .gamma, link: .log, frequencyWeights: $0, start: full.positive.coefficients) }
            ?? full.positive
        guard gamma.converged else { throw AnalysisError.notConverged(iterations: 25) }
        let logit = try occurrence.map { design in
            try weights.map { try design.fitted(family: .binomial, link: .logit, frequencyWeights: $0, start: full.occurrence?.coefficients) }
                ?? full.occurrence!
        }
        if let logit, !logit.converged { throw AnalysisError.notConverged(iterations: 25) }
        for fit in [gamma] + (logit.map { [$0] } ?? []) where fit.keptIndex(of: arm) == nil {
            throw AnalysisError.numericalFailure("the arm indicator is a linear combination of the cost covariates; remove covariates that are constant within arms")
        }
        let n = x.rows, p = x.columns
        let w = weights ?? [Double](repeating: 1, count: n)
        let total = w.reduce(0, +)
        var delta = 0.0
        var g2 = [Double](repeating: 0, count: p), g1 = g2
        for i in 0..<n where w[i] > 0 {
            var eta2 = 0.0, eta1 = 0.0
            for j in 0..<p where j != arm {
                eta2 += x[i, j] * gamma.coefficients[j]
                eta1 += x[i, j] * (logit?.coefficients[j] ?? 0)
            }
            let mu1 = exp(eta2 + gamma.coefficients[arm]), mu0 = exp(eta2)
            let p1 = logit.map { 1 / (1 + exp(-(eta1 + $0.coefficients[arm]))) } ?? 1
            let p0 = logit.map { _ in 1 / (1 + exp(-eta1)) } ?? 1
            delta += w[i] * (p1 * mu1 - p0 * mu0)
            guard weights == nil else { continue }
            for j in 0..<p {
                let x1 = j == arm ? 1 : x[i, j], x0 = j == arm ? 0 : x[i, j]
                g2[j] += p1 * mu1 * x1 - p0 * mu0 * x0
                g1[j] += p1 * (1 - p1) * mu1 * x1 - p0 * (1 - p0) * mu0 * x0
            }
        }
        delta /= total
        guard weights == nil else { return Estimate(delta: delta, variance: .nan, influence: []) }
        g1 = g1.map { $0 / Double(n) }
        g2 = g2.map { $0 / Double(n) }
        var variance = 0.0
        var influence = [Double](repeating: 0, count: n)
        for (fit, g) in [(gamma, g2)] + (logit.map { [($0, g1)] } ?? []) {
            let gk = fit.kept.map { g[$0] }
            let k = gk.count
            // Vg and Bg over the kept columns.
            let vg = (0..<k).map { r in (0..<k).reduce(0.0) { $0 + fit.covariance[r, $1] * gk[$1] } }
            let bg = (0..<k).map { r in (0..<k).reduce(0.0) { $0 + fit.unscaledCovariance[r, $1] * gk[$1] } }
            variance += zip(gk, vg).reduce(0.0) { $0 + $1.0 * $1.1 }
            for i in 0..<n {
                var v = 0.0
                for (c, j) in fit.kept.enumerated() { v += bg[c] * x[i, j] }
                influence[i] += v * fit.scoreResiduals[i]
            }
        }
        return Estimate(delta: delta, variance: variance, influence: influence)
    }
}
