import LinearAlgebra
import Models
import Resampling
import Tabular
import Weighting

/// A cost-effectiveness analysis of a non-randomised comparison, weighted by inverse probability
/// of treatment weights (``PropensityWeighting``; Hernán & Robins 2020, ch. 12):
///
/// - the increments are the arm coefficients of weighted least squares (`lm(…, weights = w)`),
///   the unadjusted ones the weighted differences in means, SUR is weighted GLS (Σ from the
///   weighted residuals, the equations scaled by √wᵢ);
/// - model errors are HC1 sandwiches on the weighted fits, Cov(a, b) = Σᵢψ_{a,i}ψ_{b,i} ·
///   n/√((n−k_a)(n−k_b)) with ψᵢ = aᵢwᵢeᵢ (`sandwich::vcovHC(type = "HC1")` on each equation,
///   as Stata's `regress [pweight]`), or CR1 with clusters. They treat the weights as known, so
///   they ignore the propensity model's estimation (conservative for the ATE, Lunceford &
///   Davidian 2004; WeightIt's `lm_weightit(vcov = "HC0")` ignores it likewise): the bootstrap,
///   which refits the propensity model in every replicate, accounts for it;
/// - the bootstrap resamples as the unweighted one (rows within arms, or clusters) and in every
///   replicate refits the propensity model, recomputes (stabilises, trims) the weights on the
///   replicate's rows and refits the weighted equations (the generic ``Bootstrap``); a
///   replicate whose propensity model fails (separates, does not converge, gives a propensity of
///   0 or 1) is dropped and counted apart (``BootstrapRun/failedPropensity``), with a warning.
///
/// Gamma-cost and two-part models, CR2 and subgroups are not weighted (refused, exit 2).
struct CEAWeighting {
    let weighting: PropensityWeighting

    /// - Throws: ``InputError`` for a model or option the weighting does not support, bad
    ///   weighting input; ``AnalysisError`` when the propensity model cannot be used.
    init(_ d: CEAData, spec: CEASpecification, options: WeightingOptions) throws {
        try Self.checkSupported(spec)
        weighting = try PropensityWeighting(data: d.data, treated: d.treated, options: options)
    }

    /// Words for the model description, e.g. "inverse probability weighted (ATE, stabilised)".
    var description: String {
        let o = weighting.options
        let details = [o.estimand.rawValue] + (o.stabilize ? ["stabilised"] : []) + (o.trim.map { ["trimmed at the \($0.shortestText) quantile"] } ?? [])
        return "inverse probability weighted (\(details.joined(separator: ", ")))"
    }

    /// Unstabilised ATE weights average about 2 per row (each arm's sum estimates the whole
    /// sample's size) while randomised rows keep weight 1: said, with the remedy.
    var scaleWarning: Message? {
        let o = weighting.options
        guard o.estimand == .ate, !o.stabilize, weighting.randomisedCount > 0 else { return nil }
        return "unstabilised ATE weights average about 2 per row while the \(weighting.randomisedCount) randomised rows keep weight 1, so each non-randomised row counts about twice as much as a randomised one; add \(parameter: .stabilize) to put them on one scale"
    }

    /// The weighting of m completed datasets combined (``PropensityWeighting/init(pooling:)``).
    init(pooling imputations: [PropensityWeighting]) throws {
        weighting = try PropensityWeighting(pooling: imputations)
    }

    /// Every warning of the weighting: the scale of unstabilised weights, then the weights' own.
    var warnings: [Message] { [scaleWarning].compactMap { $0 } + weighting.warnings }

    static func checkSupported(_ spec: CEASpecification) throws {
        switch spec.model {
        case .ols, .sur: break
        case .gammaCost, .twoPart:
            throw InputError(parameter: .propensity, problem: "propensity weighting is done for the ols and sur models, not \(spec.model.rawValue)",
                             fix: "use \(parameter: .model) ols or sur with \(parameter: .propensity), or leave out \(parameter: .propensity)")
        }
        if spec.cluster != nil, spec.clusterVariance == .CR2 {
            throw InputError(parameter: .variance, problem: "CR2 is not available with propensity weighting",
                             fix: "use \(parameter: .variance) CR1, or the cluster bootstrap (\(parameter: .bootstrap))")
        }
        if spec.subgroup != nil {
            throw InputError(parameter: .subgroup, problem: "subgroup net-benefit regression is not weighted",
                             fix: "leave out \(parameter: .subgroup) with \(parameter: .propensity), or run each subgroup's rows as their own analysis")
        }
    }

    /// HC1 of two influence functions, or CR1 with clusters.
    static func robustCovariance(_ d: CEAData, _ a: [Double], _ b: [Double], _ ka: Int, _ kb: Int) throws -> Double {
        if d.clusters != nil { return try IncrementalAnalysis.clusterCovariance(d, a, b, ka, kb) }
        let n = Double(a.count)
        return zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } * n / ((n - Double(ka)) * (n - Double(kb))).squareRoot()
    }

    /// Weighted differences in means, ȳ_a = Σwᵢyᵢ/Σwᵢ within arm a, with HC1 errors of
    /// `lm(y ~ arm, weights = w)`: ψᵢ = ±wᵢ(yᵢ − ȳ_a)/Σ_{j∈a}wⱼ (+ treated, − control), k = 2.
    /// - Throws: ``AnalysisError/armTooSmall(arm:rows:)`` when an arm has fewer than 2 rows.
    func unadjusted(_ d: CEAData) throws -> Increments {
        for (arm, label) in [(true, "intervention"), (false, "control")] where d.treated.filter({ $0 == arm }).count < 2 {
            throw AnalysisError.armTooSmall(arm: label, rows: d.treated.filter { $0 == arm }.count)
        }
        let w = weighting.weights
        func influence(_ y: [Double]) -> (delta: Double, psi: [Double]) {
            var total = [0.0, 0.0], sum = [0.0, 0.0]
            for i in y.indices {
                let a = d.treated[i] ? 1 : 0
                total[a] += w[i]
                sum[a] += w[i] * y[i]
            }
            let mean = [sum[0] / total[0], sum[1] / total[1]]
            let psi = y.indices.map { i in
                d.treated[i] ? w[i] * (y[i] - mean[1]) / total[1] : -w[i] * (y[i] - mean[0]) / total[0]
            }
            return (mean[1] - mean[0], psi)
        }
        let e = influence(d.effect), c = influence(d.cost)
        return Increments(deltaEffect: e.delta, deltaCost: c.delta,
                          varianceEffect: try Self.robustCovariance(d, e.psi, e.psi, 2, 2),
                          varianceCost: try Self.robustCovariance(d, c.psi, c.psi, 2, 2),
                          covariance: try Self.robustCovariance(d, e.psi, c.psi, 2, 2))
    }

    /// Arm coefficients of the two weighted least-squares equations with HC1 (CR1) errors.
    func leastSquares(_ d: CEAData, equations: CEAEquations) throws -> Increments {
        let effect = try equations.requireEffect(), cost = try equations.requireCost()
        let psiE = effect.influence, psiC = cost.influence
        return Increments(deltaEffect: effect.coefficient, deltaCost: cost.coefficient,
                          varianceEffect: try Self.robustCovariance(d, psiE, psiE, effect.rank, effect.rank),
                          varianceCost: try Self.robustCovariance(d, psiC, psiC, cost.rank, cost.rank),
                          covariance: try Self.robustCovariance(d, psiE, psiC, effect.rank, cost.rank))
    }

    /// Weighted SUR: systemfit's one-step FGLS on the equations scaled by √wᵢ (Σ from the
    /// weighted least-squares residuals), HC1 (CR1) errors from its influence function
    /// ψᵢ = B wᵢXᵢᵀΣ⁻¹eᵢ.
    func seeminglyUnrelated(_ d: CEAData, spec: CEASpecification, equations: CEAEquations) throws -> Increments {
        let effect = try equations.requireEffect(), cost = try equations.requireCost()
        let fit = try Self.weightedSUR(effect, cost, weights: weighting.weights, effectResiduals: effect.residuals, costResiduals: cost.residuals)
        let e = effect.armKept, c = fit.fit.firstColumns + cost.armKept
        let psiE = fit.fit.influence(of: e, first: fit.effectDesign, second: fit.costDesign)
        let psiC = fit.fit.influence(of: c, first: fit.effectDesign, second: fit.costDesign)
        return Increments(deltaEffect: fit.fit.coefficients[e], deltaCost: fit.fit.coefficients[c],
                          varianceEffect: try Self.robustCovariance(d, psiE, psiE, effect.rank, effect.rank),
                          varianceCost: try Self.robustCovariance(d, psiC, psiC, cost.rank, cost.rank),
                          covariance: try Self.robustCovariance(d, psiE, psiC, effect.rank, cost.rank))
    }

    /// SUR of the two equations with rows scaled by √wᵢ, given each equation's weighted
    /// least-squares residuals.
    static func weightedSUR(_ effect: ArmEquation, _ cost: ArmEquation, weights: [Double], effectResiduals: [Double],
                            costResiduals: [Double]) throws -> (fit: SeeminglyUnrelatedFit, effectDesign: Matrix, costDesign: Matrix) {
        let root = weights.map { $0.squareRoot() }
        func scaled(_ x: Matrix) -> Matrix {
            var out = x
            for j in 0..<x.columns { for i in 0..<x.rows { out[i, j] = x[i, j] * root[i] } }
            return out
        }
        func scaled(_ v: [Double]) -> [Double] { zip(v, root).map { $0 * $1 } }
        let xe = scaled(effect.keptDesign), xc = scaled(cost.keptDesign)
        let fit = try SeeminglyUnrelatedFit(.init(design: xe, response: scaled(effect.response), residuals: scaled(effectResiduals)),
                                            .init(design: xc, response: scaled(cost.response), residuals: scaled(costResiduals)))
        return (fit, xe, xc)
    }

    /// One bootstrap replicate from row draw counts: [unadjusted ΔE, ΔC, model ΔE, ΔC].
    func replicate(_ d: CEAData, spec: CEASpecification, equations: CEAEquations, regression: Bool, counts: [Double]) throws -> [Double] {
        let w = try weighting.replicateWeights(counts: counts)
        let unadjusted = IncrementalAnalysis.unadjustedPoint(d, weights: w)
        guard regression else { return [unadjusted.0, unadjusted.1, unadjusted.0, unadjusted.1] }
        let effect = try equations.requireEffect(), cost = try equations.requireCost()
        func refit(_ equation: ArmEquation) throws -> ModelFit {
            try equation.design.replacing(response: equation.design.response, weights: w).fitted(rejectingPerfectFit: false)
        }
        let fe = try refit(effect), fc = try refit(cost)
        let arm = { (e: ArmEquation) in e.design.columnNames.firstIndex(of: CEAData.indicator)! }
        guard spec.model == .sur else { return [unadjusted.0, unadjusted.1, fe.coefficients[arm(effect)], fc.coefficients[arm(cost)]] }
        func residuals(_ e: ArmEquation, _ f: ModelFit) -> [Double] { zip(e.response, f.fittedMeans).map { $0 - $1 } }
        let sur = try Self.weightedSUR(effect, cost, weights: w, effectResiduals: residuals(effect, fe), costResiduals: residuals(cost, fc))
        return [unadjusted.0, unadjusted.1, sur.fit.coefficients[effect.armKept], sur.fit.coefficients[sur.fit.firstColumns + cost.armKept]]
    }
}

extension BootstrapRun {
    /// The replicates of a weighted analysis (``CEAWeighting``): the generic bootstrap, the
    /// propensity model and the weighted equations refitted in every replicate.
    init(weighted w: CEAWeighting, _ d: CEAData, spec: CEASpecification, equations: CEAEquations, count: Int,
         progress: (@Sendable (Int) -> Void)?) throws {
        try CEASpecification.checkReplicates(count)
        let regression = spec.isAdjusted || spec.cluster != nil || spec.model != .ols
        let plan: ResamplingPlan
        (plan, resampling) = try Self.plan(d, spec: spec, count: count)
        let generic = Bootstrap(plan: plan, rowCount: d.treated.count, unitOfRow: d.clusters)
        // A fifth component flags a replicate whose propensity model failed (separation,
        // non-convergence, a propensity of 0 or 1), so that it is counted as such.
        let statistic: @Sendable ([Double]) throws -> [Double] = { counts in
            do {
                return try w.replicate(d, spec: spec, equations: equations, regression: regression, counts: counts) + [0]
            } catch AnalysisError.propensity {
                return [0, 0, 0, 0, 1]
            }
        }
        let draws = BLASLibrary.singleThreaded {
            generic.replicates(count: count, dimension: 5, seed: spec.seed, threads: spec.threads, progress: progress, statistic: statistic)
        }
        var jack = spec.interval == .bca ? BLASLibrary.singleThreaded { generic.jackknife(dimension: 5, threads: spec.threads, statistic: statistic) }
            : [[Double]](repeating: [], count: 5)
        for u in jack[4].indices where jack[4][u] != 0 {
            for k in 0..<4 { jack[k][u] = .nan }
        }
        let valid = (0..<count).filter { b in draws[4][b] == 0 && draws.allSatisfy { $0[b].isFinite } }
        failed = count - valid.count
        failedPropensity = draws[4].filter { $0 != 0 }.count
        validReplicates = valid
        guard valid.count >= 2 else {
            throw AnalysisError.numericalFailure("every bootstrap replicate failed (\(failedPropensity) of \(count) because the propensity model separated or gave propensities of 0 or 1 in the resample, the others because the equations could not be fitted)")
        }
        let series = draws.map { d in valid.map { d[$0] } }
        unadjustedEffect = series[0]
        unadjustedCost = series[1]
        effect = series[2]
        cost = series[3]
        jackknifeUnadjustedEffect = jack[0]
        jackknifeUnadjustedCost = jack[1]
        jackknifeEffect = jack[2]
        jackknifeCost = jack[3]
    }
}
