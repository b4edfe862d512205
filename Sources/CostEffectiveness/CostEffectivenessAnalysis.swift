import Distributions
import Resampling
import LinearAlgebra
import Models
import Tabular

/// The result of a cost-effectiveness analysis of intervention versus control.
public struct CEAResult: Sendable {
    /// An increment with its standard error and interval (bootstrap ones when bootstrapped).
    public struct Estimate: Sendable, Equatable {
        public let estimate: Double
        public let standardError: Double
        public let interval: (lower: Double, upper: Double)?
        public static func == (l: Estimate, r: Estimate) -> Bool {
            l.estimate == r.estimate && l.standardError == r.standardError && l.interval?.lower == r.interval?.lower
                && l.interval?.upper == r.interval?.upper
        }
    }

    /// Incremental net benefit at one willingness-to-pay λ.
    public struct NetBenefit: Sendable {
        public let lambda: Double
        /// λΔE − ΔC at the point estimates.
        public let estimate: Double
        public let interval: (lower: Double, upper: Double)?
        /// The CEAC: share of bootstrap replicates with INB > 0, or Φ(INB/se) without bootstrap.
        public let probabilityCostEffective: Double
        /// Expected value of perfect information per person.
        public let evpi: Double
    }

    /// How the bootstrap was run.
    public struct Bootstrap: Sendable {
        public let replicates: Int
        public let seed: UInt64
        public let interval: BootstrapInterval
        /// Replicates whose equations were singular (excluded from every summary).
        public let failed: Int
        /// "rows within arms" or "clusters" (within arms when clusters are nested in arms).
        public let resampling: String
    }

    public let treatedCount: Int
    public let controlCount: Int
    public let dropped: DroppedRows
    /// "difference in means" or "least squares".
    public let model: String
    public let deltaEffect: Estimate
    public let deltaCost: Estimate
    /// Cov(ΔE, ΔC) used for Fieller and INB (bootstrap covariance when bootstrapped).
    public let covariance: Double
    public let unadjustedEffect: Estimate
    public let unadjustedCost: Estimate
    public let quadrant: CEQuadrant
    public let icer: Double?
    public let fieller: (lower: Double, upper: Double)?
    public let netBenefit: [NetBenefit]
    public let bootstrap: Bootstrap?
    /// (ΔE*, ΔC*) of every valid replicate with its 1-based replicate number, for the CE plane
    /// (empty without bootstrap).
    public let replicates: [(replicate: Int, effect: Double, cost: Double)]
    public let level: Double
    public let clusterCount: Int?
    /// INB by subgroup from net-benefit regression (empty without a subgroup column).
    public let subgroups: [SubgroupNetBenefit]
}

/// Runs a cost-effectiveness analysis (Glick et al., *Economic Evaluation in Clinical Trials*,
/// 2nd ed. 2014, chs. 6–7): incremental effect and cost, their joint uncertainty (model-based or
/// a stratified bootstrap), the ICER with its quadrant and Fieller interval, and incremental net
/// benefit, the CEAC and EVPI over a λ grid.
public enum CostEffectivenessAnalysis {
    /// - Parameter progress: called with the number of bootstrap replicates just finished.
    /// - Throws: ``InputError`` for bad input (unknown columns, an empty arm, BCa with fewer
    ///   replicates than resampling units), ``AnalysisError`` when a model cannot be estimated.
    public static func run(_ spec: CEASpecification, on data: Dataset,
                           progress: (@Sendable (Int) -> Void)? = nil) throws -> CEAResult {
        try spec.validate()
        if spec.model != .ols, spec.bootstrapReplicates != nil || spec.cluster != nil {
            throw InputError(parameter: .model, problem: "\(spec.model.rawValue) is available with model-based standard errors only; the bootstrap and cluster-robust errors are not implemented for it yet",
                             fix: "drop \(parameter: .bootstrap) and \(parameter: .cluster), or use \(parameter: .model) ols")
        }
        let d = try CEAData(data, spec: spec)
        let z = Normal.quantile(1 - (1 - spec.level) / 2)
        let unadjusted = Self.snapped(try IncrementalAnalysis.unadjusted(d), d)
        let regression = spec.isAdjusted || spec.cluster != nil || spec.model != .ols
        let fitted: Increments
        switch spec.model {
        case .ols: fitted = regression ? try IncrementalAnalysis.leastSquares(d, spec: spec) : unadjusted
        case .sur: fitted = try IncrementalAnalysis.seeminglyUnrelated(d, spec: spec)
        case .gammaCost: fitted = try IncrementalAnalysis.gammaCost(d, spec: spec)
        }
        let model = Self.snapped(fitted, d)
        func normalEstimate(_ value: Double, _ variance: Double) -> CEAResult.Estimate {
            let se = variance.squareRoot()
            return .init(estimate: value, standardError: se, interval: (value - z * se, value + z * se))
        }

        var deltaEffect = normalEstimate(model.deltaEffect, model.varianceEffect)
        var deltaCost = normalEstimate(model.deltaCost, model.varianceCost)
        var unadjustedEffect = normalEstimate(unadjusted.deltaEffect, unadjusted.varianceEffect)
        var unadjustedCost = normalEstimate(unadjusted.deltaCost, unadjusted.varianceCost)
        var increments = model
        var netBenefit: [CEAResult.NetBenefit]
        var bootstrapSummary: CEAResult.Bootstrap? = nil
        var replicatePairs: [(replicate: Int, effect: Double, cost: Double)] = []

        if let count = spec.bootstrapReplicates {
            let run = try BootstrapRun(d, spec: spec, count: count, progress: progress)
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
                                     resampling: run.resampling)
            replicatePairs = run.validReplicates.indices.map { (run.validReplicates[$0] + 1, ee[$0], cc[$0]) }
        } else {
            netBenefit = spec.lambdas.map { lambda in
                let estimate = DecisionRules.netBenefit(lambda, deltaEffect: model.deltaEffect, deltaCost: model.deltaCost)
                let se = max(DecisionRules.netBenefitVariance(lambda, model), 0).squareRoot()
                let zero = 1e-10 * (lambda * abs(model.deltaEffect) + abs(model.deltaCost))
                let significant = se > zero
                return .init(lambda: lambda, estimate: estimate, interval: (estimate - z * se, estimate + z * se),
                             probabilityCostEffective: significant ? Normal.cdf(estimate / se) : (estimate > zero ? 1 : 0),
                             evpi: DecisionRules.evpi(mean: estimate, standardDeviation: se))
            }
        }
        let quadrant = CEQuadrant(deltaEffect: model.deltaEffect, deltaCost: model.deltaCost)
        return CEAResult(treatedCount: d.treatedCount, controlCount: d.controlCount, dropped: d.dropped,
                         model: spec.model.description(adjusted: regression),
                         deltaEffect: deltaEffect, deltaCost: deltaCost, covariance: increments.covariance,
                         unadjustedEffect: unadjustedEffect, unadjustedCost: unadjustedCost, quadrant: quadrant,
                         icer: DecisionRules.icer(deltaEffect: model.deltaEffect, deltaCost: model.deltaCost,
                                                  standardErrorEffect: deltaEffect.standardError),
                         fieller: DecisionRules.fieller(increments, level: spec.level), netBenefit: netBenefit,
                         bootstrap: bootstrapSummary, replicates: replicatePairs, level: spec.level,
                         clusterCount: spec.cluster == nil ? nil : d.clusterCount,
                         subgroups: try spec.subgroup.map { try NetBenefitRegression.run(d, spec: spec, subgroup: $0) } ?? [])
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
