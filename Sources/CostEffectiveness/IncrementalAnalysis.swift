import Foundation
import LinearAlgebra
import Models
import Tabular

/// Model-based estimates of ΔE and ΔC, and the same estimators evaluated with row frequency
/// weights (a bootstrap replicate; ``pointEstimates(_:weights:)``).
///
/// Every estimator's variance is either classical (model-based) or, with clusters, CR1 from its
/// influence function ψᵢ (the estimator's linearisation, Σᵢ ψᵢ = estimate − truth to first order):
/// Cov(a, b) = Σ_g (Σ_{i∈g} ψ_{a,i})(Σ_{i∈g} ψ_{b,i}) · G/(G−1) · (n−1)/√((n−k_a)(n−k_b)),
/// which for a least-squares coefficient is `sandwich::vcovCL(type = "HC1")`.
enum IncrementalAnalysis {
    /// Difference in means with Welch's standard errors (Welch 1947):
    /// ΔE = ē₁ − ē₀, Var(ΔE) = s²_{e,1}/n₁ + s²_{e,0}/n₀, and likewise for cost, with
    /// Cov(ΔE, ΔC) = s_{ec,1}/n₁ + s_{ec,0}/n₀ (sample (co)variances with n − 1).
    /// - Throws: ``AnalysisError/armTooSmall(arm:rows:)`` when an arm has fewer than 2 rows.
    static func unadjusted(_ d: CEAData) throws -> Increments {
        func moments(_ arm: Bool) -> (n: Double, e: Double, c: Double, vee: Double, vcc: Double, vec: Double) {
            let idx = d.treated.indices.filter { d.treated[$0] == arm }
            let n = Double(idx.count)
            let e = idx.reduce(0.0) { $0 + d.effect[$1] } / n
            let c = idx.reduce(0.0) { $0 + d.cost[$1] } / n
            var vee = 0.0, vcc = 0.0, vec = 0.0
            for i in idx {
                let de = d.effect[i] - e, dc = d.cost[i] - c
                vee += de * de; vcc += dc * dc; vec += de * dc
            }
            let df = n - 1
            return (n, e, c, vee / df, vcc / df, vec / df)
        }
        for (arm, label) in [(true, "intervention"), (false, "control")] where d.treated.filter({ $0 == arm }).count < 2 {
            throw AnalysisError.armTooSmall(arm: label, rows: d.treated.filter { $0 == arm }.count)
        }
        let t = moments(true), c = moments(false)
        return Increments(deltaEffect: t.e - c.e, deltaCost: t.c - c.c,
                          varianceEffect: t.vee / t.n + c.vee / c.n, varianceCost: t.vcc / t.n + c.vcc / c.n,
                          covariance: t.vec / t.n + c.vec / c.n)
    }

    /// The difference in means with each row weighted by `weights`.
    static func unadjustedPoint(_ d: CEAData, weights: [Double]) -> (Double, Double) {
        unadjustedPoint(treated: d.treated, effect: d.effect, cost: d.cost, weights: weights)
    }

    /// The same on arrays (`weights` nil: all 1).
    static func unadjustedPoint(treated: [Bool], effect: [Double], cost: [Double], weights: [Double]?) -> (Double, Double) {
        var sums = [[Double]](repeating: [0, 0, 0], count: 2)
        for i in treated.indices {
            let a = treated[i] ? 1 : 0, w = weights?[i] ?? 1
            sums[a][0] += w
            sums[a][1] += w * effect[i]
            sums[a][2] += w * cost[i]
        }
        return (sums[1][1] / sums[1][0] - sums[0][1] / sums[0][0], sums[1][2] / sums[1][0] - sums[0][2] / sums[0][0])
    }

    /// Arm coefficients of two least-squares equations (R's `lm`), with their joint covariance:
    /// classical Cov(β_E, β_C) = σ_EC Σ w_{E,i} w_{C,i}, σ_EC = Σ e_{E,i}e_{C,i}/√((n−k_E)(n−k_C))
    /// (on the diagonal σ²(XᵀX)⁻¹, as `lm`; off it systemfit's "geomean" residual covariance),
    /// with w = X(XᵀX)⁻¹e_arm the influence weights; CR1 with ψᵢ = wᵢeᵢ; CR2 (Bell–McCaffrey,
    /// `clubSandwich::vcovCR(type = "CR2")` on each equation) with Cov(β_E, β_C) = Σ_g s_{E,g}s_{C,g},
    /// s_g = e_armᵀB X_gᵀA_g e_g the arm coefficient's adjusted cluster score.
    /// - Throws: ``AnalysisError`` when the arm is aliased with the covariates or no residual df remain.
    static func leastSquares(_ d: CEAData, spec: CEASpecification, equations: CEAEquations) throws -> Increments {
        let effect = try equations.requireEffect(), cost = try equations.requireCost()
        let n = Double(d.treated.count)
        if let cr2 = equations.cr2 {
            let scores = [cr2.effect.scores, cr2.cost.scores]
            func sum(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } }
            return Increments(deltaEffect: effect.coefficient, deltaCost: cost.coefficient,
                              varianceEffect: sum(scores[0], scores[0]), varianceCost: sum(scores[1], scores[1]),
                              covariance: sum(scores[0], scores[1]))
        }
        if d.clusters != nil {
            let psiE = effect.influence, psiC = cost.influence
            return Increments(deltaEffect: effect.coefficient, deltaCost: cost.coefficient,
                              varianceEffect: try clusterCovariance(d, psiE, psiE, effect.rank, effect.rank),
                              varianceCost: try clusterCovariance(d, psiC, psiC, cost.rank, cost.rank),
                              covariance: try clusterCovariance(d, psiE, psiC, effect.rank, cost.rank))
        }
        func covariance(_ a: ArmEquation, _ b: ArmEquation) -> Double {
            let sigma = zip(a.residuals, b.residuals).reduce(0.0) { $0 + $1.0 * $1.1 }
                / ((n - Double(a.rank)) * (n - Double(b.rank))).squareRoot()
            return sigma * zip(a.weights, b.weights).reduce(0.0) { $0 + $1.0 * $1.1 }
        }
        return Increments(deltaEffect: effect.coefficient, deltaCost: cost.coefficient,
                          varianceEffect: covariance(effect, effect), varianceCost: covariance(cost, cost),
                          covariance: covariance(effect, cost))
    }

    /// Σ_g (Σ_{i∈g} aᵢ)(Σ_{i∈g} bᵢ) · G/(G−1) · (n−1)/√((n−k_a)(n−k_b)) (CR1 of two influence
    /// functions).
    static func clusterCovariance(_ d: CEAData, _ a: [Double], _ b: [Double], _ ka: Int, _ kb: Int) throws -> Double {
        guard let clusters = d.clusters else { return zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } }
        guard d.clusterCount >= 2 else { throw AnalysisError.tooFewClusters(count: d.clusterCount) }
        var ua = [Double](repeating: 0, count: d.clusterCount), ub = ua
        for i in clusters.indices {
            ua[clusters[i]] += a[i]
            ub[clusters[i]] += b[i]
        }
        return zip(ua, ub).reduce(0.0) { $0 + $1.0 * $1.1 } * VarianceType.cr1Factor(clusters: d.clusterCount, rows: clusters.count, parameters: ka, kb)
    }

    /// Seemingly unrelated regressions of the two equations (``SeeminglyUnrelatedFit``, systemfit's
    /// defaults). SUR matters when the regressors differ; with identical regressors it equals
    /// OLS. With clusters, CR1 from the GLS influence function
    /// ψᵢ = B Xᵢᵀ Σ⁻¹ eᵢ (B the GLS covariance, Xᵢ the 2 × (p_E + p_C) rows of observation i, eᵢ
    /// its two SUR residuals), with k_E and k_C in the small-sample factor.
    static func seeminglyUnrelated(_ d: CEAData, spec: CEASpecification, equations: CEAEquations) throws -> Increments {
        let effect = try equations.requireEffect(), cost = try equations.requireCost()
        let n = d.treated.count
        func sigma(_ a: [Double], _ b: [Double], _ ka: Int, _ kb: Int) -> Double {
            zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } / (Double(n - ka) * Double(n - kb)).squareRoot()
        }
        // A (numerically) zero residual variance makes Σ singular: R's systemfit stops there too.
        for (equation, outcome) in [(effect, spec.effect), (cost, spec.cost)] {
            let scale = equation.response.reduce(0.0) { max($0, abs($1)) }
            if sigma(equation.residuals, equation.residuals, equation.rank, equation.rank).squareRoot() <= 1e-10 * max(scale, .leastNormalMagnitude) {
                throw AnalysisError.numericalFailure("the '\(outcome)' equation leaves no residual variation, so SUR's residual covariance is singular; use the ols model")
            }
        }
        let fit = try SeeminglyUnrelatedFit(.init(design: effect.keptDesign, response: effect.response, residuals: effect.residuals),
                                            .init(design: cost.keptDesign, response: cost.response, residuals: cost.residuals))
        let covariance = fit.covariance
        let e = effect.armKept, c = fit.firstColumns + cost.armKept
        guard d.clusters != nil else {
            return Increments(deltaEffect: fit.coefficients[e], deltaCost: fit.coefficients[c],
                              varianceEffect: covariance[e, e], varianceCost: covariance[c, c], covariance: covariance[e, c])
        }
        let psiE = fit.influence(of: e, first: effect.keptDesign, second: cost.keptDesign)
        let psiC = fit.influence(of: c, first: effect.keptDesign, second: cost.keptDesign)
        return Increments(deltaEffect: fit.coefficients[e], deltaCost: fit.coefficients[c],
                          varianceEffect: try clusterCovariance(d, psiE, psiE, effect.rank, effect.rank),
                          varianceCost: try clusterCovariance(d, psiC, psiC, cost.rank, cost.rank),
                          covariance: try clusterCovariance(d, psiE, psiC, effect.rank, cost.rank))
    }

    /// Incremental cost from a gamma GLM with log link (`cost ~ arm + covariates`, R's
    /// `glm(family = Gamma("log"))`), by recycled predictions (Glick et al. 2014, §7.4):
    /// ΔC = mean_i[μ̂ᵢ(arm = 1) − μ̂ᵢ(arm = 0)] over all analysed rows, with the delta-method variance
    /// gᵀVg, g = ∂ΔC/∂β = mean_i[μ̂ᵢ(1)xᵢ(1) − μ̂ᵢ(0)xᵢ(0)], V the GLM's classical covariance. ΔE is
    /// the least-squares arm coefficient of the effect equation. Cov(ΔE, ΔC) is the cross-product
    /// of the two estimators' influence functions, ψ_{E,i} = w_{E,i}e_{E,i} and
    /// ψ_{C,i} = gᵀB uᵢ with B = (XᵀWX)⁻¹ and uᵢ the GLM's score contribution — a sandwich
    /// (HC0-type) estimate. With clusters every (co)variance is CR1 of these influence functions.
    /// - Throws: ``InputError`` when a cost is zero or negative (the gamma family needs positive
    ///   costs), saying how many are zero and pointing to the two-part model.
    static func gammaCost(_ d: CEAData, spec: CEASpecification, equations: CEAEquations) throws -> Increments {
        try combined(d, effect: try equations.requireEffect(), cost: try equations.requireRecycled())
    }

    /// Two-part cost model (Mihaylova et al. 2011, Health Econ 20:897–916; Deb & Norton 2018):
    /// part 1 a logistic regression of 1[cost > 0] on arm + cost covariates, part 2 a gamma GLM
    /// with log link of the positive costs on the same terms. ΔC by recycled predictions over the
    /// analysis sample, mean_i[p̂ᵢ(1)μ̂ᵢ(1) − p̂ᵢ(0)μ̂ᵢ(0)], with the delta-method variance
    /// g₁ᵀV₁g₁ + g₂ᵀV₂g₂ (the parts use disjoint likelihood contributions, so V is block
    /// diagonal): g₁ = mean_i[p̂ᵢ(1)(1−p̂ᵢ(1))μ̂ᵢ(1)xᵢ(1) − p̂ᵢ(0)(1−p̂ᵢ(0))μ̂ᵢ(0)xᵢ(0)],
    /// g₂ = mean_i[p̂ᵢ(1)μ̂ᵢ(1)xᵢ(1) − p̂ᵢ(0)μ̂ᵢ(0)xᵢ(0)]. Influence function ψ_{C,i} = g₁ᵀB₁u₁ᵢ + g₂ᵀB₂u₂ᵢ
    /// for the covariance with ΔE and for CR1. ΔE is the least-squares arm coefficient.
    static func twoPart(_ d: CEAData, spec: CEASpecification, equations: CEAEquations) throws -> Increments {
        try combined(d, effect: try equations.requireEffect(), cost: try equations.requireRecycled())
    }
}

extension IncrementalAnalysis {
    /// ΔE from least squares and ΔC by recycled predictions: model-based variances (classical ΔE,
    /// delta-method ΔC) and the influence-function covariance, or CR1 of the influence functions.
    static func combined(_ d: CEAData, effect: ArmEquation, cost: RecycledCost) throws -> Increments {
        let estimate = try cost.estimate(weights: nil)
        guard d.clusters != nil else {
            return Increments(deltaEffect: effect.coefficient, deltaCost: estimate.delta, varianceEffect: effect.classicalVariance,
                              varianceCost: estimate.variance, covariance: zip(effect.influence, estimate.influence).reduce(0.0) { $0 + $1.0 * $1.1 })
        }
        return Increments(deltaEffect: effect.coefficient, deltaCost: estimate.delta,
                          varianceEffect: try clusterCovariance(d, effect.influence, effect.influence, effect.rank, effect.rank),
                          varianceCost: try clusterCovariance(d, estimate.influence, estimate.influence, cost.rank, cost.rank),
                          covariance: try clusterCovariance(d, effect.influence, estimate.influence, effect.rank, cost.rank))
    }
}

extension IncrementalAnalysis {
    /// The gamma family needs every cost > 0; zero costs point to the two-part model.
    static func checkGammaCosts(_ d: CEAData, spec: CEASpecification) throws {
        let zeros = d.cost.filter { $0 == 0 }.count, negatives = d.cost.filter { $0 < 0 }.count
        if zeros + negatives > 0 {
            let what = negatives > 0 ? "\(negatives) cost\(negatives == 1 ? " is" : "s are") negative" + (zeros > 0 ? " and \(zeros) zero" : "")
                : "\(zeros) of the \(d.cost.count) costs \(zeros == 1 ? "is" : "are") zero"
            throw InputError(parameter: .model, problem: "the gamma-cost model needs every cost > 0, but \(what)",
                             fix: negatives > 0 ? "check the cost column '\(spec.cost)'" : "use the two-part model (\(parameter: .model) two-part), which models any cost > 0 and the positive costs separately")
        }
    }

    /// The two-part model needs costs ≥ 0, some zero and at least two positive.
    static func checkTwoPartCosts(_ d: CEAData, spec: CEASpecification) throws {
        if let negative = d.cost.firstIndex(where: { $0 < 0 }) {
            throw d.data.inputError(row: negative, column: spec.cost, problem: "the cost is \(d.cost[negative].shortestText), but the two-part model needs costs ≥ 0",
                               fix: "correct the cost or mark it missing")
        }
        let positives = d.cost.filter { $0 > 0 }.count
        guard positives < d.cost.count else {
            throw InputError(parameter: .model, problem: "every one of the \(d.cost.count) costs is positive, so the two-part model's first part (any cost > 0) has nothing to model",
                             fix: "use \(parameter: .model) gamma-cost")
        }
        guard positives >= 2 else {
            throw InputError(parameter: .model, problem: "only \(positives) of the \(d.cost.count) costs \(positives == 1 ? "is" : "are") positive, too few for the second part of the two-part model",
                             fix: "check the cost column '\(spec.cost)'; with so few positive costs compare the share with any cost instead")
        }
    }
}
