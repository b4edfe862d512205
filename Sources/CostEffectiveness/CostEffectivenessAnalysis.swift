import Distributions
import Resampling
import LinearAlgebra
import Models
import Tabular
import Weighting

/// Runs a cost-effectiveness analysis (Glick et al., *Economic Evaluation in Clinical Trials*,
/// 2nd ed. 2014, chs. 6–7): incremental effect and cost, their joint uncertainty (model-based or
/// a stratified bootstrap), the ICER with its quadrant and Fieller interval, and incremental net
/// benefit, the CEAC and EVPI over a λ grid.
public enum CostEffectivenessAnalysis {
    /// With ``CEASpecification/weighting`` the comparison is propensity weighted (``CEAWeighting``:
    /// weighted least squares or SUR with HC1/CR1 errors, the propensity model refitted in every
    /// bootstrap replicate) and ``CEAResult/weighting`` holds the weights and the balance table.
    /// - Parameter progress: called with the number of bootstrap replicates just finished.
    /// - Throws: ``InputError`` for bad input (unknown columns, an empty arm, BCa with fewer
    ///   replicates than resampling units), ``AnalysisError`` when a model cannot be estimated.
    public static func run(_ spec: CEASpecification, on data: Dataset,
                           progress: (@Sendable (Int) -> Void)? = nil) throws -> CEAResult {
        try spec.validate()
        if let imputation = spec.imputation { return try MultiplyImputedCEA.run(spec, on: data, options: imputation, progress: progress) }
        try validateClusterVariance(spec)
        let d = try CEAData(data, spec: spec)
        try ArmConfounding.check(d, spec: spec)
        let weighting = try spec.weighting.map { try CEAWeighting(d, spec: spec, options: $0) }
        let z = Normal.quantile(1 - (1 - spec.level) / 2)
        let unadjusted = Self.snapped(try weighting.map { try $0.unadjusted(d) } ?? IncrementalAnalysis.unadjusted(d), d)
        let regression = spec.isAdjusted || spec.cluster != nil || spec.model != .ols
        let equations = try CEAEquations(d, spec: spec, regression: regression, priorWeights: weighting?.weighting.weights)
        let fitted: Increments
        switch spec.model {
        case .ols: fitted = regression ? try weighting.map { try $0.leastSquares(d, equations: equations) } ?? IncrementalAnalysis.leastSquares(d, spec: spec, equations: equations) : unadjusted
        case .sur: fitted = try weighting.map { try $0.seeminglyUnrelated(d, spec: spec, equations: equations) } ?? IncrementalAnalysis.seeminglyUnrelated(d, spec: spec, equations: equations)
        case .gammaCost: fitted = try IncrementalAnalysis.gammaCost(d, spec: spec, equations: equations)
        case .twoPart: fitted = try IncrementalAnalysis.twoPart(d, spec: spec, equations: equations)
        }
        let model = Self.snapped(fitted, d)
        func normalEstimate(_ value: Double, _ variance: Double) -> CEAResult.Estimate {
            let se = variance.squareRoot()
            return .init(estimate: value, standardError: se, interval: (value - z * se, value + z * se))
        }

        var deltaEffect = normalEstimate(model.deltaEffect, model.varianceEffect)
        var deltaCost = normalEstimate(model.deltaCost, model.varianceCost)
        let dfs = equations.cr2.map { (effect: $0.effect.degreesOfFreedom, cost: $0.cost.degreesOfFreedom) }
        if let dfs {
            func tEstimate(_ value: Double, _ variance: Double, _ df: Double) -> CEAResult.Estimate {
                let se = variance.squareRoot(), t = StudentT(degreesOfFreedom: df).quantile(1 - (1 - spec.level) / 2)
                return .init(estimate: value, standardError: se, interval: (value - t * se, value + t * se), degreesOfFreedom: df)
            }
            deltaEffect = tEstimate(model.deltaEffect, model.varianceEffect, dfs.effect)
            deltaCost = tEstimate(model.deltaCost, model.varianceCost, dfs.cost)
        }
        var unadjustedEffect = normalEstimate(unadjusted.deltaEffect, unadjusted.varianceEffect)
        var unadjustedCost = normalEstimate(unadjusted.deltaCost, unadjusted.varianceCost)
        var increments = model
        var netBenefit: [CEAResult.NetBenefit]
        var bootstrapSummary: CEAResult.Bootstrap? = nil
        var replicatePairs: [(replicate: Int, effect: Double, cost: Double)] = []
        var bootstrapWarnings: [Message] = []

        if let count = spec.bootstrapReplicates {
            let run = try weighting.map { try BootstrapRun(weighted: $0, d, spec: spec, equations: equations, count: count, progress: progress) }
                ?? BootstrapRun(d, spec: spec, equations: equations, count: count, progress: progress)
            let ee = run.effect, cc = run.cost
            func summary(_ values: [Double], _ estimate: Double, _ jack: [Double]) throws -> CEAResult.Estimate {
                .init(estimate: estimate, standardError: Self.standardDeviation(values),
                      interval: spec.interval.interval(replicates: values, estimate: estimate, level: spec.level, jackknife: jack))
            }
            deltaEffect = try summary(ee, model.deltaEffect, run.jackknifeEffect)
            deltaCost = try summary(cc, model.deltaCost, run.jackknifeCost)
            unadjustedEffect = try summary(run.unadjustedEffect, unadjusted.deltaEffect, run.jackknifeUnadjustedEffect)
            unadjustedCost = try summary(run.unadjustedCost, unadjusted.deltaCost, run.jackknifeUnadjustedCost)
            increments = Increments(deltaEffect: model.deltaEffect, deltaCost: model.deltaCost,
                                    varianceEffect: deltaEffect.standardError * deltaEffect.standardError,
                                    varianceCost: deltaCost.standardError * deltaCost.standardError,
                                    covariance: Self.covariance(ee, cc))
            netBenefit = spec.lambdas.map { lambda in
                let draws = zip(ee, cc).map { DecisionRules.netBenefit(lambda, deltaEffect: $0, deltaCost: $1) }
                let estimate = DecisionRules.netBenefit(lambda, deltaEffect: model.deltaEffect, deltaCost: model.deltaCost)
                let jack = zip(run.jackknifeEffect, run.jackknifeCost).map { lambda * $0 - $1 }
                return .init(lambda: lambda, estimate: estimate,
                             interval: spec.interval.interval(replicates: draws, estimate: estimate, level: spec.level, jackknife: jack),
                             probabilityCostEffective: Double(draws.filter { $0 > 0 }.count) / Double(draws.count),
                             evpi: DecisionRules.evpi(netBenefits: draws))
            }
            bootstrapSummary = .init(replicates: count, seed: spec.seed, interval: spec.interval, failed: run.failed,
                                     resampling: run.resampling, failedPropensity: run.failedPropensity)
            bootstrapWarnings = Self.bootstrapWarnings(run, count: count, spec: spec,
                                                       intervalMissing: deltaEffect.interval == nil || deltaCost.interval == nil || netBenefit.contains { $0.interval == nil })
            replicatePairs = run.validReplicates.indices.map { (run.validReplicates[$0] + 1, ee[$0], cc[$0]) }
        } else {
            netBenefit = spec.lambdas.map { lambda in
                let estimate = DecisionRules.netBenefit(lambda, deltaEffect: model.deltaEffect, deltaCost: model.deltaCost)
                let se = max(DecisionRules.netBenefitVariance(lambda, model), 0).squareRoot()
                let zero = 1e-10 * (lambda * abs(model.deltaEffect) + abs(model.deltaCost))
                let significant = se > zero
                // Under CR2, Student t with the Welch–Satterthwaite df of INB(λ); the normal otherwise.
                let t = dfs.map { StudentT(degreesOfFreedom: DecisionRules.netBenefitDegreesOfFreedom(lambda, model, effect: $0.effect, cost: $0.cost)) }
                let critical = t?.quantile(1 - (1 - spec.level) / 2) ?? z
                let probability = significant ? (t?.cdf(estimate / se) ?? Normal.cdf(estimate / se)) : (estimate > zero ? 1 : 0)
                return .init(lambda: lambda, estimate: estimate, interval: (estimate - critical * se, estimate + critical * se),
                             probabilityCostEffective: probability,
                             evpi: DecisionRules.evpi(mean: estimate, standardDeviation: se))
            }
        }
        let quadrant = CEQuadrant(deltaEffect: model.deltaEffect, deltaCost: model.deltaCost)
        let subgroups = try spec.subgroup.map { try NetBenefitRegression.run(d, spec: spec, subgroup: $0, priorWeights: weighting?.weighting.weights) }
        var result = CEAResult(treatedCount: d.treatedCount, controlCount: d.controlCount, dropped: d.dropped,
                         model: spec.model.description(adjusted: regression) + (weighting.map { ", \($0.description)" } ?? ""),
                         deltaEffect: deltaEffect, deltaCost: deltaCost, covariance: increments.covariance,
                         unadjustedEffect: unadjustedEffect, unadjustedCost: unadjustedCost, quadrant: quadrant,
                         icer: DecisionRules.icer(deltaEffect: model.deltaEffect, deltaCost: model.deltaCost,
                                                  standardErrorEffect: deltaEffect.standardError),
                         fieller: DecisionRules.fieller(increments, level: spec.level, degreesOfFreedom: spec.bootstrapReplicates == nil ? dfs.map { min($0.effect, $0.cost) } : nil),
                         netBenefit: netBenefit,
                         bootstrap: bootstrapSummary, replicates: replicatePairs, level: spec.level,
                         clusterCount: spec.cluster == nil ? nil : d.clusterCount,
                         warnings: [d.deletionWarning.map { Message($0) }, fewClustersWarning(spec, d), fewReplicatesWarning(spec), weighting?.scaleWarning, d.armCoding.poolingWarning].compactMap { $0 }
                            + (weighting?.weighting.warnings ?? []) + bootstrapWarnings,
                         clusterVariance: spec.cluster == nil ? nil : spec.clusterVariance,
                         subgroups: subgroups?.groups ?? [])
        result.subgroupInteractions = subgroups?.interactions ?? []
        result.subgroupResidualDF = subgroups?.residualDF
        result.subgroupTests = result.subgroupInteractions.compactMap(\.test)
        result.weighting = weighting?.weighting
        result.controlValues = d.armCoding.controlValues
        return result
    }

    /// Net-benefit regression by each of `columns` (model-based: the specification without its
    /// bootstrap and its own subgroup), weighted when ``CEASpecification/weighting`` is set; under
    /// ``CEASpecification/imputation`` every column is analysed on the same m completed datasets
    /// (Rubin's rules, m = the imputation's count or 5) and each joint test is D1.
    /// - Returns: per column, the subgroups' INB and the joint tests at every λ.
    public static func subgroupAnalyses(_ spec: CEASpecification, columns: [String], on data: Dataset) throws -> [(groups: [SubgroupNetBenefit], tests: [SubgroupTest])] {
        var plain = spec
        plain.bootstrapReplicates = nil
        plain.subgroup = nil
        for column in columns { try spec.checkSubgroup(column) }
        if let imputation = plain.imputation {
            try plain.validate()
            return try MultiplyImputedCEA.subgroups(plain, columns: columns, on: data, options: imputation)
        }
        return try columns.map { column in
            var request = plain
            request.subgroup = column
            let result = try run(request, on: data)
            return (result.subgroups, result.subgroupTests)
        }
    }

    /// Replicates whose propensity model failed (the kept ones are conditioned on overlap, so the
    /// intervals are too narrow), and BCa intervals left undefined by failed jackknife refits.
    static func bootstrapWarnings(_ run: BootstrapRun, count: Int, spec: CEASpecification, intervalMissing: Bool) -> [Message] {
        var out: [Message] = []
        if let warning = failedPropensityWarning(run.failedPropensity, of: count) { out.append(warning) }
        let jackknife = [run.jackknifeEffect, run.jackknifeCost]
        let failedJackknife = jackknife.map { $0.filter { !$0.isFinite }.count }.max() ?? 0
        if spec.interval == .bca, intervalMissing, failedJackknife > 0 {
            out.append("the BCa intervals are not given (null): \(failedJackknife) of the \(run.jackknifeEffect.count) leave-one-out (jackknife) refits failed\(spec.weighting == nil ? "" : ", their propensity model or equations could not be fitted without that unit"), so BCa's acceleration is undefined; use \(parameter: .interval) percentile")
        }
        return out
    }

    /// Bootstrap replicates dropped because their propensity model failed, said with what it means.
    static func failedPropensityWarning(_ failed: Int, of count: Int) -> Message? {
        guard failed > 0 else { return nil }
        return "\(failed) of \(count) bootstrap replicates were dropped because their propensity model separated, did not converge or gave a propensity of 0 or 1 (near-separation or poor overlap of the arms); the replicates kept are those with better overlap, so the bootstrap standard errors and intervals are optimistic. Check the overlap, simplify \(parameter: .propensity), or trim the weights (\(parameter: .trim))"
    }

    /// CR1 or CR2 with a cluster column; CR2 for the least-squares model only.
    static func validateClusterVariance(_ spec: CEASpecification) throws {
        guard spec.clusterVariance.needsClusters else {
            throw InputError(parameter: .variance, problem: "'\(spec.clusterVariance.rawValue)' is not a cluster-robust variance",
                             fix: "use \(parameter: .variance) CR1 or CR2 with \(parameter: .cluster) COLUMN")
        }
        if spec.clusterVariance == .CR2 {
            guard spec.cluster != nil else {
                throw InputError(parameter: .variance, problem: "CR2 needs clusters", fix: "name the cluster column with \(parameter: .cluster) COLUMN")
            }
            guard spec.model == .ols else {
                throw InputError(parameter: .variance, problem: "CR2 is for least squares, and the \(spec.model.rawValue) model is not",
                                 fix: "use \(parameter: .variance) CR1 with \(parameter: .model) \(spec.model.rawValue), or \(parameter: .model) ols")
            }
        }
    }

    /// Bootstrap intervals and the CEAC from fewer than this many replicates are imprecise
    /// (Efron & Tibshirani 1993, §19.3: about 1,000 for percentile intervals).
    static let fewReplicates = 1_000

    static func fewReplicatesWarning(_ spec: CEASpecification) -> Message? {
        guard let b = spec.bootstrapReplicates, b < fewReplicates else { return nil }
        return "\(b) bootstrap replicates give imprecise intervals and CEAC (their Monte Carlo error is large); use \(parameter: .bootstrap) 1000 or more (10,000 for a CEAC)"
    }

    /// Below this many clusters a cluster bootstrap's spread is too small to trust (Cameron,
    /// Gelbach & Miller 2008, Rev Econ Stat 90:414).
    static let fewBootstrapClusters = 10

    /// CR1 model errors from fewer than ``Regression/fewClusters`` clusters are biased downwards.
    static func fewClustersWarning(_ spec: CEASpecification, _ d: CEAData) -> Message? {
        if spec.cluster != nil, spec.bootstrapReplicates != nil, d.clusterCount < fewBootstrapClusters {
            return "a cluster bootstrap from \(d.clusterCount) clusters underestimates the uncertainty (fewer than \(fewBootstrapClusters) clusters resampled); treat its intervals and CEAC as too narrow"
        }
        guard spec.cluster != nil, spec.clusterVariance == .CR1, spec.bootstrapReplicates == nil,
              d.clusterCount < Regression.fewClusters else { return nil }
        let alternative: Message = spec.model == .ols && spec.weighting == nil ? "consider \(parameter: .variance) CR2 (bias-reduced, Satterthwaite degrees of freedom) or the cluster bootstrap"
            : "consider the cluster bootstrap (\(parameter: .bootstrap))"
        return "CR1 standard errors from \(d.clusterCount) clusters are biased downwards (fewer than \(Regression.fewClusters) clusters); \(alternative)"
    }

    /// The increments with ΔE and ΔC (and their variances) set to exactly zero when they are
    /// rounding noise: |Δ| ≤ 1e-10 × the largest |value| of that outcome. Otherwise the quadrant,
    /// the ICER and the CEAC of, say, a constant cost would be decided by the sign of 1e-30.
    static func snapped(_ i: Increments, _ d: CEAData) -> Increments {
        let effectScale = 1e-10 * d.effect.reduce(0.0) { max($0, abs($1)) }
        let costScale = 1e-10 * d.cost.reduce(0.0) { max($0, abs($1)) }
        func snap(_ v: Double, _ tolerance: Double) -> Double { abs(v) <= tolerance ? 0 : v }
        return Increments(deltaEffect: snap(i.deltaEffect, effectScale), deltaCost: snap(i.deltaCost, costScale),
                          varianceEffect: snap(i.varianceEffect, effectScale * effectScale),
                          varianceCost: snap(i.varianceCost, costScale * costScale),
                          covariance: snap(i.covariance, effectScale * costScale))
    }

    /// Sample standard deviation (n − 1).
    static func standardDeviation(_ v: [Double]) -> Double { covariance(v, v).squareRoot() }

    /// Sample covariance (n − 1).
    static func covariance(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        return zip(a, b).reduce(0.0) { $0 + ($1.0 - ma) * ($1.1 - mb) } / (n - 1)
    }
}
