import Resampling
import LinearAlgebra
import Models
import Tabular

/// The bootstrap replicates of a cost-effectiveness analysis: the model's ΔE* and ΔC* and the
/// unadjusted differences in means, all from the same resamples (stratified by arm; or whole
/// clusters), with jackknife values for BCa. Replicates with a singular equation are dropped
/// from all four series together and counted.
struct BootstrapRun {
    let effect: [Double]
    let cost: [Double]
    let unadjustedEffect: [Double]
    let unadjustedCost: [Double]
    let jackknifeEffect: [Double]
    let jackknifeCost: [Double]
    let jackknifeUnadjustedEffect: [Double]
    let jackknifeUnadjustedCost: [Double]
    let failed: Int
    /// Of ``failed``, the replicates whose propensity model failed (weighted analyses only).
    let failedPropensity: Int
    /// 0-based numbers of the replicates kept (all but the singular ones).
    let validReplicates: [Int]
    let resampling: String

    init(_ d: CEAData, spec: CEASpecification, equations fitted: CEAEquations, count: Int, progress: (@Sendable (Int) -> Void)?) throws {
        try CEASpecification.checkReplicates(count)
        let regression = spec.isAdjusted || spec.cluster != nil || spec.model != .ols
        let arm = d.treated.map { $0 ? 1.0 : 0.0 }
        let simple = Matrix(rows: arm.count, columns: 2, columnMajor: [Double](repeating: 1, count: arm.count) + arm)
        var equations = [BootstrapEquation(design: simple, response: d.effect, coefficient: 1),
                         BootstrapEquation(design: simple, response: d.cost, coefficient: 1)]
        var surPairs: [LeastSquaresBootstrap.SURPair] = []
        if regression {
            let effect = try fitted.requireEffect()
            equations.append(BootstrapEquation(design: effect.keptDesign, response: d.effect, coefficient: effect.armKept))
            if spec.model == .ols || spec.model == .sur {
                let cost = try fitted.requireCost()
                equations.append(BootstrapEquation(design: cost.keptDesign, response: d.cost, coefficient: cost.armKept))
            }
            if spec.model == .sur { surPairs = [.init(2, 3)] }
        }
        let plan: ResamplingPlan
        (plan, resampling) = try Self.plan(d, spec: spec, count: count)
        let engine = LeastSquaresBootstrap(equations: equations, surPairs: surPairs, plan: plan, unitOfRow: d.clusters)
        let recycled = spec.model == .gammaCost || spec.model == .twoPart
        var draws = engine.replicates(count: count, seed: spec.seed, threads: spec.threads, progress: recycled ? nil : progress)
        var jack = spec.interval == .bca ? engine.jackknife() : [[Double]](repeating: [], count: draws.count)
        if recycled {
            // ΔC refitted in every replicate from the same resamples (the generic bootstrap).
            let cost = try fitted.requireRecycled()
            let generic = Bootstrap(plan: plan, rowCount: d.treated.count, unitOfRow: d.clusters)
            let statistic: @Sendable ([Double]) throws -> [Double] = { [cost] in [try cost.estimate(weights: $0).delta] }
            draws += BLASLibrary.singleThreaded {
                generic.replicates(count: count, dimension: 1, seed: spec.seed, threads: spec.threads, progress: progress, statistic: statistic)
            }
            jack += spec.interval == .bca ? BLASLibrary.singleThreaded { generic.jackknife(dimension: 1, threads: spec.threads, statistic: statistic) } : [[]]
        }
        let valid = (0..<count).filter { b in draws.allSatisfy { $0[b].isFinite } }
        failed = count - valid.count
        failedPropensity = 0
        validReplicates = valid
        guard valid.count >= 2 else {
            throw AnalysisError.numericalFailure("every bootstrap replicate was singular; the covariates cannot be estimated in resamples")
        }
        let series = draws.map { d in valid.map { d[$0] } }
        // Series: unadjusted ΔE, ΔC; then per model: OLS ΔE, ΔC (2, 3); SUR after the two OLS
        // equations (4, 5); recycled ΔE from least squares (2) and ΔC from the refits (3).
        let main = !regression ? (0, 1) : spec.model == .sur ? (4, 5) : (2, 3)
        unadjustedEffect = series[0]
        unadjustedCost = series[1]
        effect = series[main.0]
        cost = series[main.1]
        jackknifeUnadjustedEffect = jack[0]
        jackknifeUnadjustedCost = jack[1]
        jackknifeEffect = jack[main.0]
        jackknifeCost = jack[main.1]
    }

    /// How the replicates resample: rows within arms, or whole clusters (within arms when the
    /// clusters are nested in arms), with its description.
    /// - Throws: ``InputError`` when BCa is asked for with fewer replicates than units.
    static func plan(_ d: CEAData, spec: CEASpecification, count: Int) throws -> (ResamplingPlan, String) {
        let plan: ResamplingPlan, resampling: String
        if let clusters = d.clusters {
            var armOfCluster = [Int?](repeating: nil, count: d.clusterCount)
            var nested = true
            for (i, g) in clusters.enumerated() {
                let a = d.treated[i] ? 1 : 0
                if let seen = armOfCluster[g], seen != a { nested = false }
                armOfCluster[g] = a
            }
            plan = ResamplingPlan(clusterCount: d.clusterCount, clusterStratum: nested ? armOfCluster.map { $0 ?? 0 } : nil)
            resampling = nested ? "clusters within arms" : "clusters"
        } else {
            plan = ResamplingPlan(strata: d.treated.map { $0 ? 1 : 0 })
            resampling = "rows within arms"
        }
        if spec.interval == .bca, count < plan.unitCount {
            throw InputError(parameter: .interval, problem: "BCa intervals need at least as many replicates as resampled units (\(plan.unitCount)); \(parameter: .bootstrap) is \(count)",
                             fix: "use \(parameter: .bootstrap) \(plan.unitCount) or more, or \(parameter: .interval) percentile")
        }
        return (plan, resampling)
    }
}
