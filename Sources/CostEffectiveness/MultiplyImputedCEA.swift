import Distributions
import Imputation
import LinearAlgebra
import Models
import Parallelism
import Random
import Tabular
import Weighting

/// A cost-effectiveness analysis with multiple imputation (``CEASpecification/imputation``):
/// Rubin's rules without the bootstrap, bootstrap-then-impute with it.
enum MultiplyImputedCEA {
    /// The analyses of the imputations: `plain` (the specification without imputation and
    /// bootstrap) first, then each of ``CEAImputation/variants`` applied to it.
    static func analyses(_ plain: CEASpecification, options: CEAImputation) -> [CEASpecification] {
        [plain] + options.variants.map { $0.applied(to: plain) }
    }

    static func run(_ spec: CEASpecification, on data: Dataset, options: CEAImputation,
                    progress: (@Sendable (Int) -> Void)?) throws -> CEAResult {
        if spec.cluster != nil {
            throw InputError(parameter: .imputations, problem: "multiple imputation is not available with \(parameter: .cluster)",
                             fix: "leave out \(parameter: .cluster), or impute with phbeval impute and analyse the completed datasets")
        }
        if let subgroup = spec.subgroup {
            if spec.bootstrapReplicates != nil {
                throw InputError(parameter: .subgroup, problem: "subgroup net-benefit regression under imputation is pooled by Rubin's rules, not bootstrapped",
                                 fix: "leave out \(parameter: .bootstrap) with \(parameter: .subgroup) and \(parameter: .imputations)")
            }
            try requireComplete(subgroup: subgroup, in: data)
        }
        var plain = spec
        plain.imputation = nil
        plain.bootstrapReplicates = nil
        let data = try categoricalTerms(spec, data: data)
        let model = try imputationModel(spec, data: data, options: options)
        let arm = try treatedRows(spec, data: data)
        let imputedEffect = data.column(named: spec.effect)!.missing, imputedCost = data.column(named: spec.cost)!.missing
        let shift = Shift(effect: spec.effect, cost: spec.cost, imputedEffect: imputedEffect, imputedCost: imputedCost, treated: arm, arm: options.deltaArm)
        let base = SummaryBase(options: options, byArm: options.byArm, iterations: model.options.iterations, methods: model.methods,
                               imputed: model.missingCounts.map { (variable: $0.variable, count: $0.missing) })
        if let replicates = spec.bootstrapReplicates {
            return try bootstrapThenImpute(spec, plain: plain, data: data, model: model, arm: arm, replicates: replicates,
                                           shift: shift, options: options, base: base, progress: progress)
        }
        let result = try model.impute()
        let completed = try (0..<result.imputations).map { try result.completed($0) }
        var outs = try analyses(plain, options: options).map { analysis in
            try pooledByRubin(spec, plain: analysis, completed: completed, shift: shift, options: options, base: base, notes: result.notes)
        }
        outs[0].imputation?.chains = CEAImputationSummary.diagnostics(result.chains, model: model)
        let variants = Array(zip(options.variants, outs.dropFirst()))
        outs[0].imputation?.variants = variants
        return outs[0]
    }

    /// What every analysis of the same imputations reports about them.
    struct SummaryBase {
        let options: CEAImputation
        let byArm: Bool
        let iterations: Int
        let methods: [(variable: String, method: ImputationMethod)]
        let imputed: [(variable: String, count: Int)]
    }

    /// Rubin's rules over the analyses of `completed` by `plain` (weighted within each completed
    /// dataset when it weights, Leyrat et al. 2019).
    static func pooledByRubin(_ spec: CEASpecification, plain: CEASpecification, completed: [Dataset], shift: Shift, options: CEAImputation,
                              base: SummaryBase, notes: [String]) throws -> CEAResult {
        let scenarios = options.scenarios
        // Complete-data df: the residual df of each equation (n − 2 for the difference in means).
        let first = try CEAData(completed[0], spec: plain)
        let regression = plain.isAdjusted || plain.model != .ols
        let equations = try CEAEquations(first, spec: plain, regression: regression)
        let n = first.treated.count
        let dfEffect = Double(n - (equations.effect?.rank ?? 2)), dfCost = Double(n - (equations.cost?.rank ?? (regression ? (equations.effect?.rank ?? 2) : 2)))
        var pooledScenarios: [(effect: PooledEstimate, cost: PooledEstimate, results: [CEAResult])] = []
        for delta in scenarios {
            let results = try completed.map { try CostEffectivenessAnalysis.run(plain, on: try shift.apply($0, rows: nil, delta)) }
            pooledScenarios.append((pool(results.map(\.deltaEffect), df: dfEffect), pool(results.map(\.deltaCost), df: dfCost), results))
        }
        func estimate(_ p: PooledEstimate) -> CEAResult.Estimate {
            .init(estimate: p.estimate, standardError: p.standardError, interval: p.interval(level: spec.level), degreesOfFreedom: p.degreesOfFreedom)
        }
        func netBenefits(_ results: [CEAResult]) -> [CEAResult.NetBenefit] {
            spec.lambdas.map { lambda in
                let p = PooledEstimate(estimates: results.map { lambda * $0.deltaEffect.estimate - $0.deltaCost.estimate },
                                       variances: results.map { lambda * lambda * $0.deltaEffect.standardError * $0.deltaEffect.standardError
                                           + $0.deltaCost.standardError * $0.deltaCost.standardError - 2 * lambda * $0.covariance },
                                       completeDataDF: min(dfEffect, dfCost))
                let t = StudentT(degreesOfFreedom: max(p.degreesOfFreedom, 0.001))
                let zero = 1e-10 * (lambda * abs(results[0].deltaEffect.estimate) + abs(results[0].deltaCost.estimate))
                let probability = p.standardError > zero ? t.cdf(p.estimate / p.standardError) : (p.estimate > zero ? 1 : 0)
                return .init(lambda: lambda, estimate: p.estimate, interval: p.interval(level: spec.level), probabilityCostEffective: probability,
                             evpi: DecisionRules.evpi(mean: p.estimate, standardDeviation: p.standardError))
            }
        }
        let main = pooledScenarios[0], results = main.results
        let m = Double(results.count)
        let covariance = results.map(\.covariance).reduce(0, +) / m
            + (1 + 1 / m) * CostEffectivenessAnalysis.covariance(results.map(\.deltaEffect.estimate), results.map(\.deltaCost.estimate))
        let increments = Increments(deltaEffect: main.effect.estimate, deltaCost: main.cost.estimate, varianceEffect: main.effect.totalVariance,
                                    varianceCost: main.cost.totalVariance, covariance: covariance)
        let unadjustedEffect = pool(results.map(\.unadjustedEffect), df: Double(n - 2)), unadjustedCost = pool(results.map(\.unadjustedCost), df: Double(n - 2))
        func rubin(_ p: PooledEstimate) -> CEAImputationSummary.Pooling {
            .init(degreesOfFreedom: p.degreesOfFreedom, riv: p.relativeIncreaseInVariance, lambda: p.lambda, fmi: p.fractionOfMissingInformation,
                  betweenBootstrapVariance: nil, withinBootstrapVariance: nil)
        }
        let summary = CEAImputationSummary(
            imputations: completed.count, iterations: base.iterations, byArm: base.byArm, methods: base.methods,
            imputed: base.imputed, pooling: "rubin", effect: rubin(main.effect), cost: rubin(main.cost), deltaArm: options.deltaArm,
            scenarios: zip(scenarios, pooledScenarios).dropFirst().map { delta, pooled in
                .init(deltaEffect: delta.effect, deltaCost: delta.cost, effect: estimate(pooled.effect), cost: estimate(pooled.cost),
                      netBenefit: netBenefits(pooled.results))
            },
            notes: notes)
        let weighting = try plain.weighting.map { _ in try CEAWeighting(pooling: results.map { $0.weighting! }) }
        let subgroups = plain.subgroup == nil ? [] : pooledSubgroups(results.map(\.subgroups), residualDF: results[0].subgroupResidualDF, level: spec.level)
        var out = CEAResult(treatedCount: results[0].treatedCount, controlCount: results[0].controlCount, dropped: results[0].dropped,
                            model: results[0].model, deltaEffect: estimate(main.effect), deltaCost: estimate(main.cost), covariance: covariance,
                            unadjustedEffect: estimate(unadjustedEffect), unadjustedCost: estimate(unadjustedCost),
                            quadrant: CEQuadrant(deltaEffect: increments.deltaEffect, deltaCost: increments.deltaCost),
                            icer: DecisionRules.icer(deltaEffect: increments.deltaEffect, deltaCost: increments.deltaCost, standardErrorEffect: main.effect.standardError),
                            fieller: DecisionRules.fieller(increments, level: spec.level, degreesOfFreedom: min(main.effect.degreesOfFreedom, main.cost.degreesOfFreedom)),
                            netBenefit: netBenefits(results), bootstrap: nil, replicates: [], level: spec.level, clusterCount: nil,
                            warnings: weighting?.warnings ?? [], clusterVariance: nil, subgroups: subgroups)
        out.imputation = summary
        out.weighting = weighting?.weighting
        if plain.subgroup != nil { out.subgroupTests = pooledInteractionTests(results.map(\.subgroupInteractions)) }
        return out
    }

    /// Net-benefit regression by each of `columns` on the same m completed datasets (Rubin's
    /// rules; `spec` without a bootstrap): the propensity model fitted once per completed dataset.
    static func subgroups(_ spec: CEASpecification, columns: [String], on data: Dataset, options: CEAImputation) throws -> [(groups: [SubgroupNetBenefit], tests: [SubgroupTest])] {
        var plain = spec
        plain.imputation = nil
        for name in columns { try requireComplete(subgroup: name, in: data) }
        let data = try categoricalTerms(spec, data: data)
        let result = try imputationModel(spec, data: data, options: options, subgroups: columns).impute()
        let fits = try (0..<result.imputations).map { j -> [(groups: [SubgroupNetBenefit], interactions: [SubgroupInteraction], residualDF: Int)] in
            let d = try CEAData(try result.completed(j), spec: plain)
            let weights = try propensityWeights(d, plain: plain)
            return try columns.map { column in
                var request = plain
                request.subgroup = column
                return try NetBenefitRegression.run(d, spec: request, subgroup: column, priorWeights: weights)
            }
        }
        return columns.indices.map { c in
            (pooledSubgroups(fits.map { $0[c].groups }, residualDF: fits[0][c].residualDF, level: spec.level),
             pooledInteractionTests(fits.map { $0[c].interactions }))
        }
    }

    /// Under imputation every row needs its subgroup (the subgroup is a predictor, not imputed).
    static func requireComplete(subgroup name: String, in data: Dataset) throws {
        let column = try data.requireColumn(name, usedAt: .parameter(.subgroup, position: nil))
        if let row = column.missing.firstIndex(of: true) {
            throw data.inputError(row: row, column: name, problem: "the subgroup is missing here; under multiple imputation every row needs its subgroup",
                                  fix: "give every row's subgroup, or remove the rows without one")
        }
    }

    /// Each subgroup's INB at each λ pooled by Rubin's rules (complete-data df: the net-benefit
    /// regression's n − k); a subgroup not estimable in some imputation keeps that note.
    static func pooledSubgroups(_ imputations: [[SubgroupNetBenefit]], residualDF: Int?, level: Double) -> [SubgroupNetBenefit] {
        imputations[0].indices.map { g in
            let each = imputations.map { $0[g] }
            if let note = each.lazy.compactMap(\.note).first { return SubgroupNetBenefit(level: each[0].level, count: each[0].count, rows: [], note: note) }
            let rows = each[0].rows.indices.map { r -> SubgroupNetBenefit.Row in
                let p = PooledEstimate(estimates: each.map { $0.rows[r].estimate }, variances: each.map { $0.rows[r].standardError * $0.rows[r].standardError },
                                       completeDataDF: residualDF.map(Double.init))
                return .init(lambda: each[0].rows[r].lambda, estimate: p.estimate, standardError: p.standardError, interval: p.interval(level: level),
                             degreesOfFreedom: p.degreesOfFreedom)
            }
            return SubgroupNetBenefit(level: each[0].level, count: each[0].count, rows: rows, note: nil)
        }
    }

    /// The D1 test of the arm × subgroup terms at each λ over m imputations (Li, Raghunathan &
    /// Rubin 1991, JASA 86:1065; as mitml's `testModels(method = "D1")`, which `mice::D1` calls):
    /// q̄ and Ū the means of the m estimates and covariances, B their between-imputation
    /// covariance, r = (1 + 1/m) tr(BŪ⁻¹)/k, D1 = q̄ᵀŪ⁻¹q̄ / (k(1 + r)) on (k, ν). With
    /// t = k(m − 1) > 4, ν is Reiter's (2007, Biometrika 94:502) small-sample df from the
    /// complete-data df ν_com = n − k (a = rt/(t − 2), ν* = (ν_com + 1)/(ν_com + 3)·ν_com,
    /// c₀ = 1/(t − 4), c₁ = ν* − 2(1 + a), c₂ = ν* − 4(1 + a), ν = 4 + 1/z with
    /// z = 1/c₂ + c₀a²c₁/((1 + a)²c₂) + c₀(8a²c₁/((1 + a)c₂²) + 4a²/((1 + a)c₂)) + c₀(4a²/(c₂c₁) + 16a²c₁/c₂³) + c₀·8a²/c₂²).
    /// Otherwise — t ≤ 4, where c₀ is undefined, or c₂ ≤ 0 (ν* ≤ 4(1 + a): few complete-data df
    /// against much missing information), where Reiter's expansion breaks down and ν falls below
    /// 4 or jumps non-monotonically (mitml applies it unguarded) — Li et al.'s
    /// ν_L = t(1 + 1/k)(1 + 1/r)²/2 combined with the observed-data df as Barnard & Rubin (1999,
    /// Biometrika 86:948) do for one coefficient: ν = (1/ν_L + (1 + r)/ν*)⁻¹, which is below ν*
    /// ≤ ν_com and, for k = 1 (D1 = t²), the Barnard–Rubin df of the coefficient (without the floor
    /// of λ at 1e-4 that `mice::pool` and ``PooledEstimate`` apply, so the two differ by < 1e-4
    /// relative where λ < 1e-4).
    /// A λ whose terms differ between imputations (aliasing) or whose Ū is singular has no test.
    static func pooledInteractionTests(_ imputations: [[SubgroupInteraction]]) -> [SubgroupTest] {
        guard let first = imputations.first, imputations.count >= 2 else { return [] }
        let m = Double(imputations.count)
        return first.indices.compactMap { l -> SubgroupTest? in
            let each = imputations.compactMap { $0.indices.contains(l) ? $0[l] : nil }
            guard each.count == imputations.count, each.allSatisfy({ $0.terms == first[l].terms }) else { return nil }
            let k = first[l].terms.count
            let qbar = (0..<k).map { i in each.reduce(0.0) { $0 + $1.estimates[i] } / m }
            var ubar = Matrix(rows: k, columns: k), between = Matrix(rows: k, columns: k)
            for fit in each {
                for i in 0..<k {
                    for j in 0..<k {
                        ubar[i, j] += fit.covariance[i][j] / m
                        between[i, j] += (fit.estimates[i] - qbar[i]) * (fit.estimates[j] - qbar[j]) / (m - 1)
                    }
                }
            }
            guard let inverse = try? ubar.inverseSymmetricPositiveDefinite() else { return nil }
            var trace = 0.0, quadratic = 0.0
            for i in 0..<k {
                for j in 0..<k {
                    trace += between[i, j] * inverse[j, i]
                    quadratic += qbar[i] * inverse[i, j] * qbar[j]
                }
            }
            let r = (1 + 1 / m) * trace / Double(k)
            let statistic = quadratic / (1 + r) / Double(k)
            let t = Double(k) * (m - 1)
            let df: Double
            let dfcom = Double(first[l].residualDF)
            let a = r * t / (t - 2), vstar = (dfcom + 1) / (dfcom + 3) * dfcom
            let c1 = vstar - 2 * (1 + a), c2 = vstar - 4 * (1 + a)
            if t > 4, c2 > 0 {
                let c0 = 1 / (t - 4)
                let z = 1 / c2 + c0 * (a * a * c1 / ((1 + a) * (1 + a) * c2)) + c0 * (8 * a * a * c1 / ((1 + a) * c2 * c2) + 4 * a * a / ((1 + a) * c2))
                    + c0 * (4 * a * a / (c2 * c1) + 16 * a * a * c1 / (c2 * c2 * c2)) + c0 * (8 * a * a / (c2 * c2))
                df = 4 + 1 / z
            } else {
                let li = t * (1 + 1 / Double(k)) * (1 + 1 / r) * (1 + 1 / r) / 2  // +∞ when r = 0: ν = ν*
                df = 1 / (1 / li + (1 + r) / vstar)
            }
            return SubgroupTest(lambda: first[l].lambda, statistic: statistic, numeratorDF: k, denominatorDF: df)
        }
    }

    /// Rubin's rules over the per-imputation estimates of one increment.
    private static func pool(_ estimates: [CEAResult.Estimate], df: Double) -> PooledEstimate {
        PooledEstimate(estimates: estimates.map(\.estimate), variances: estimates.map { $0.standardError * $0.standardError }, completeDataDF: df)
    }

    /// The chained equations of the analysis: effect, cost and incomplete covariate columns
    /// imputed; the arm (unless imputing by arm), the complete covariate columns and the
    /// auxiliary columns as predictors.
    /// - Parameter subgroups: the subgroup columns the imputations will be analysed by (with
    ///   ``CEASpecification/subgroup``): they join the predictors and the chains run within each
    ///   arm, so that the imputation model holds every arm × subgroup interaction the net-benefit
    ///   regressions estimate; without them the imputed values carry no subgroup difference and
    ///   the subgroups' INB shrink towards the overall INB (uncongeniality: Meng 1994, Stat Sci
    ///   9:538; Tilling et al. 2016, Stat Med 35:3915).
    static func imputationModel(_ spec: CEASpecification, data: Dataset, options: CEAImputation, subgroups: [String] = []) throws -> ImputationModel {
        let subgroups = subgroups + [spec.subgroup].compactMap { $0 }.filter { !subgroups.contains($0) }
        var options = options
        if !subgroups.isEmpty {
            options.byArm = true
            options.auxiliary += subgroups.filter { !options.auxiliary.contains($0) }
        }
        let armColumn = try data.requireColumn(spec.arm, usedAt: .parameter(.arm, position: nil))
        if let row = armColumn.missing.firstIndex(of: true) {
            throw data.inputError(row: row, column: spec.arm, problem: "the arm is missing here; multiple imputation needs every row's arm",
                                  fix: "give the arm of every row, or remove the rows without one")
        }
        for (name, parameter) in [(spec.effect, Parameter.effect), (spec.cost, .cost)] { _ = try data.requireObservedColumn(name, usedAt: .parameter(parameter, position: nil), parameter: parameter) }
        var targets = [spec.effect, spec.cost], auxiliary: [String] = options.byArm ? [] : [spec.arm]
        for (text, parameter) in [(spec.effectCovariates, Parameter.effectCovariates), (spec.costCovariates, .costCovariates)] {
            guard let text else { continue }
            for variable in try Formula.rightHandSide(text, parameter: parameter).predictors {
                for name in variable.columns where !targets.contains(name) && !auxiliary.contains(name) && name != spec.arm {
                    let column = try data.requireObservedColumn(name, usedAt: variable.origin, parameter: variable.parameter)
                    guard column.missing.contains(true) else { auxiliary.append(name); continue }
                    try ImputationModel.checkImputable(column, at: variable.origin)
                    targets.append(name)
                }
            }
        }
        // Weighting within each imputation (Leyrat et al. 2019): the propensity covariates join
        // the imputation model (imputed when incomplete, predictors otherwise), and the randomised
        // column is a predictor, which must be complete.
        if let weighting = spec.weighting {
            for name in try weighting.columns(in: data, arm: spec.arm, outcomes: [(spec.effect, "effect"), (spec.cost, "cost")])
            where !targets.contains(name) && !auxiliary.contains(name) {
                if name == weighting.randomised, let row = data.column(named: name)!.missing.firstIndex(of: true) {
                    throw data.inputError(row: row, column: name, problem: "the randomised indicator is missing here; weighting with multiple imputation needs it in every row",
                                          fix: "give every row's randomised indicator (1 randomised, 0 not), or remove the rows without one")
                }
                if data.column(named: name)!.missing.contains(true) { targets.append(name) } else { auxiliary.append(name) }
            }
        }
        for name in options.auxiliary where !targets.contains(name) && !auxiliary.contains(name) { auxiliary.append(name) }
        let imputations = options.count(bootstrap: spec.bootstrapReplicates != nil)
        if spec.bootstrapReplicates != nil, imputations < 2 {
            throw InputError(parameter: .imputations, problem: "\(imputations) imputation per bootstrap sample", fix: "use \(parameter: .imputations) 2 or more (2 is bootImpute's default)")
        }
        if spec.bootstrapReplicates == nil, imputations < 2 {
            throw InputError(parameter: .imputations, problem: "\(imputations) imputation cannot be pooled: Rubin's rules need the spread between 2 or more completed datasets",
                             fix: "use \(parameter: .imputations) 5 or more (the default is 5)")
        }
        return try ImputationModel(data: data, options: ImputationOptions(
            variables: targets, methods: options.methods, auxiliary: auxiliary, by: options.byArm ? spec.arm : nil,
            imputations: spec.bootstrapReplicates == nil ? imputations : 1, iterations: options.iterations, donors: options.donors,
            seed: spec.seed, threads: spec.threads))
    }

    /// Whether each row is in the treated arm (the arm equals ``CEASpecification/treatedValue``).
    static func treatedRows(_ spec: CEASpecification, data: Dataset) throws -> [Bool] {
        let column = try data.requireColumn(spec.arm)
        switch column.values {
        case .numeric(let values):
            guard let target = Double(spec.treatedValue) else {
                throw InputError(parameter: .treated, problem: "'\(spec.treatedValue)' is not a number, but the arm column '\(spec.arm)' holds numbers",
                                 fix: "give the treated arm's value, e.g. \(parameter: .treated) 1")
            }
            return values.map { $0 == target }
        case .categorical(let codes, let levels):
            let code = levels.firstIndex(of: spec.treatedValue).map(Int32.init)
            return codes.map { $0 == code }
        }
    }

    /// What one bootstrap-then-impute replicate gave.
    enum ReplicateOutcome {
        /// [analysis][scenario][imputation][ΔE, ΔC, ΔE unadjusted, ΔC unadjusted].
        case estimates([[[[Double]]]])
        /// An imputation model or an analysis equation could not be fitted.
        case failed
        /// The propensity model of a completed sample separated or gave a propensity of 0 or 1.
        case propensityFailed
    }

    /// The propensity weights of the rows of `d` when the specification weights (nil otherwise).
    static func propensityWeights(_ d: CEAData, plain: CEASpecification) throws -> [Double]? {
        try plain.weighting.map { try CEAWeighting(d, spec: plain, options: $0).weighting.weights }
    }

    /// ΔE and ΔC (adjusted as the specification asks, least squares, weighted when it weights;
    /// the propensity model fitted to `dataset`) and the unadjusted ones.
    static func pointIncrements(_ dataset: Dataset, plain: CEASpecification) throws -> [Double] {
        let d = try CEAData(dataset, spec: plain)
        let weights = try propensityWeights(d, plain: plain)
        let unadjusted = IncrementalAnalysis.unadjustedPoint(treated: d.treated, effect: d.effect, cost: d.cost, weights: weights)
        guard plain.isAdjusted else { return [unadjusted.0, unadjusted.1, unadjusted.0, unadjusted.1] }
        let equations = try CEAEquations(d, spec: plain, regression: true, priorWeights: weights)
        return [try equations.requireEffect().coefficient, try equations.requireCost().coefficient, unadjusted.0, unadjusted.1]
    }

    /// Bootstrap-then-impute: replicate b resamples the rows within arms from the stream
    /// `RandomStream(.bootstrap, b)`; its imputation j (0-based) runs on `RandomStream(.nested, b·M + j)`.
    /// Every analysis (``analyses(_:options:)``) is made on the same completed samples.
    private static func bootstrapThenImpute(
        _ spec: CEASpecification, plain: CEASpecification, data: Dataset, model: ImputationModel, arm: [Bool], replicates: Int,
        shift: Shift, options: CEAImputation, base: SummaryBase, progress: (@Sendable (Int) -> Void)?
    ) throws -> CEAResult {
        guard spec.model == .ols else {
            throw InputError(parameter: .model, problem: "bootstrap-then-impute is available for the least-squares model only, not \(spec.model.rawValue)",
                             fix: "use \(parameter: .model) ols with \(parameter: .imputations), or leave out \(parameter: .bootstrap) for Rubin's rules")
        }
        let m = options.count(bootstrap: true)
        let analyses = analyses(plain, options: options), scenarios = options.scenarios
        let treatedRows = arm.indices.filter { arm[$0] }, controlRows = arm.indices.filter { !arm[$0] }
        let seed = spec.seed
        // The convergence diagnostic: M chains on the full data (imputation streams); the
        // weighting reported is that of the M completed full datasets, combined. (Before the
        // bootstrap, so that a propensity model that cannot be fitted stops it early.)
        let chains = try (0..<m).map { j in
            var generator = Xoshiro256StarStar(seed: seed, stream: RandomStream(.imputation, j))
            return try model.runChain(rows: nil, generator: &generator)
        }
        let fullWeightings = try plain.weighting.map { options in
            try chains.map { chain in
                try CEAWeighting(try CEAData(try replacing(data, variables: model.imputedVariables, values: chain.values), spec: plain), spec: plain, options: options).weighting
            }
        }
        let weighting = try fullWeightings.map { try CEAWeighting(pooling: $0) }
        // When no covariate is imputed, each replicate's analysis designs are the same for all its
        // imputations (``LinearIncrements``): the positions of the effect and the cost among the
        // imputed variables. Weighted, when no propensity covariate is imputed either, the weights
        // are the same for all of a replicate's imputations too: the full data's propensity model
        // refitted to the sample's rows (``PropensityWeighting/replicateWeights(counts:)``).
        let covariateColumns = try [(spec.effectCovariates, Parameter.effectCovariates), (spec.costCovariates, .costCovariates)].flatMap { text, parameter in
            try text.map { try Formula.rightHandSide($0, parameter: parameter).predictors.flatMap(\.columns) } ?? []
        }
        let propensityColumns = try spec.weighting.map { try $0.columns(in: data, arm: spec.arm) } ?? []
        let fixedDesignOutcomes = model.imputedVariables.firstIndex(of: spec.effect).flatMap { effect in
            model.imputedVariables.firstIndex(of: spec.cost).map { (effect: effect, cost: $0) }
        }.flatMap { (covariateColumns + propensityColumns).contains(where: model.imputedVariables.contains) ? nil : $0 }
        let fixedWeighting = fixedDesignOutcomes == nil ? nil : fullWeightings?[0]
        // The fixed designs on all rows (from a completed full dataset: no covariate is imputed),
        // of which each sample's designs are its rows.
        let fullDesigns = try fixedDesignOutcomes.map { _ in
            try analyses.map { try FullDesigns(try replacing(data, variables: model.imputedVariables, values: chains[0].values), plain: $0) }
        }
        // The bootstrap samples need only the columns of the imputation and of the analyses.
        let used = Set(model.options.variables + model.options.auxiliary + [spec.arm] + covariateColumns + propensityColumns)
        let narrow = try Dataset(source: data.source, columns: data.columns.filter { used.contains($0.name) }, lineNumbers: data.lineNumbers)
        // One BLAS thread per worker: the workers are the parallelism (as the other bootstraps).
        let outcomes: [ReplicateOutcome] = BLASLibrary.singleThreaded { Parallel.map(replicates, threads: spec.threads) { b in
            defer { progress?(1) }
            do {
                var g = Xoshiro256StarStar(seed: seed, stream: RandomStream(.bootstrap, b))
                var rows: [Int] = []
                rows.reserveCapacity(arm.count)
                for group in [controlRows, treatedRows] { for _ in group.indices { rows.append(group[g.nextInt(below: group.count)]) } }
                let sample = fixedDesignOutcomes == nil ? try narrow.selectingRows(rows) : nil
                // The sample's propensity weights when they are fixed: row k of the sample is row rows[k].
                let sampleWeights = try fixedWeighting.map { w -> [Double] in
                    var counts = [Double](repeating: 0, count: arm.count)
                    for row in rows { counts[row] += 1 }
                    let weighted = try w.replicateWeights(counts: counts)
                    return rows.map { weighted[$0] / counts[$0] }
                }
                // points[analysis][scenario][imputation] = [ΔE, ΔC, ΔE unadjusted, ΔC unadjusted].
                var points = [[[[Double]]]](repeating: [[[Double]]](repeating: [], count: scenarios.count), count: analyses.count)
                var linear: [LinearIncrements] = []
                let layout = model.chainRows(rows)  // shared by the sample's imputations
                for j in 0..<m {
                    var generator = Xoshiro256StarStar(seed: seed, stream: RandomStream(.nested, b * m + j))
                    let chain = try model.runChain(on: layout, generator: &generator, diagnostics: false)
                    // A completed dataset only where an analysis needs one: the first imputation's
                    // designs when they are fixed, every imputation's refit otherwise.
                    if let outcomes = fixedDesignOutcomes, let fullDesigns {
                        if linear.isEmpty {
                            for (a, analysis) in analyses.enumerated() {
                                linear.append(try fullDesigns[a].linear(rows: rows, propensityWeights: analysis.weighting == nil ? nil : sampleWeights))
                            }
                        }
                        let effect = chain.values[outcomes.effect], cost = chain.values[outcomes.cost]
                        for (s, delta) in scenarios.enumerated() {
                            let e = shift.shifted(effect, imputed: shift.imputedEffect, rows: rows, by: delta.effect)
                            let c = shift.shifted(cost, imputed: shift.imputedCost, rows: rows, by: delta.cost)
                            for a in analyses.indices { points[a][s].append(linear[a].point(effect: e, cost: c)) }
                        }
                        continue
                    }
                    let completed = try replacing(sample!, variables: model.imputedVariables, values: chain.values)
                    for (s, delta) in scenarios.enumerated() {
                        let shifted = try shift.apply(completed, rows: rows, delta)
                        for (a, analysis) in analyses.enumerated() { points[a][s].append(try pointIncrements(shifted, plain: analysis)) }
                    }
                }
                return .estimates(points)
            } catch AnalysisError.propensity {
                return .propensityFailed
            } catch {
                return .failed
            }
        } }
        let estimates = outcomes.map { outcome -> [[[[Double]]]]? in
            if case .estimates(let e) = outcome { return e }
            return nil
        }
        let failedPropensity = outcomes.filter { if case .propensityFailed = $0 { return true } else { return false } }.count
        let valid = estimates.indices.filter { estimates[$0] != nil }
        guard valid.count >= 2 else {
            throw AnalysisError.numericalFailure("only \(valid.count) of \(replicates) bootstrap samples could be imputed and analysed\(failedPropensity > 0 ? " (\(failedPropensity) failed because their propensity model separated or gave propensities of 0 or 1)" : ""). Check the data for variables that are missing in most rows")
        }
        var outs = analyses.indices.map { a in
            pooledByBootstrap(spec, plain: analyses[a], estimates: valid.map { estimates[$0]![a] }, replicateNumbers: valid.map { $0 + 1 },
                              replicates: replicates, failedPropensity: failedPropensity, weighting: analyses[a].weighting == nil ? nil : weighting,
                              treatedCount: treatedRows.count, controlCount: controlRows.count, rowCount: data.rowCount, options: options, base: base)
        }
        outs[0].imputation?.chains = CEAImputationSummary.diagnostics(chains, model: model)
        let variants = Array(zip(options.variants, outs.dropFirst()))
        outs[0].imputation?.variants = variants
        return outs[0]
    }

    /// The von Hippel–Bartlett pooling of one analysis's bootstrap-then-impute estimates
    /// (`estimates[replicate][scenario][imputation]` = [ΔE, ΔC, ΔE unadjusted, ΔC unadjusted],
    /// valid replicates only): estimates and t intervals from the one-way ANOVA, the CE plane and
    /// the CEAC from the per-replicate means.
    static func pooledByBootstrap(_ spec: CEASpecification, plain: CEASpecification, estimates: [[[[Double]]]], replicateNumbers: [Int],
                                  replicates: Int, failedPropensity: Int, weighting: CEAWeighting?, treatedCount: Int, controlCount: Int, rowCount: Int,
                                  options: CEAImputation, base: SummaryBase) -> CEAResult {
        let m = options.count(bootstrap: true), scenarios = options.scenarios
        func pooled(_ s: Int, _ k: Int) -> BootstrapImputationEstimate {
            BootstrapImputationEstimate(estimates: estimates.map { $0[s].map { $0[k] } })
        }
        func means(_ s: Int, _ k: Int) -> [Double] { estimates.map { $0[s].reduce(0) { $0 + $1[k] } / Double(m) } }
        func estimate(_ p: BootstrapImputationEstimate) -> CEAResult.Estimate {
            .init(estimate: p.estimate, standardError: p.standardError, interval: p.interval(level: spec.level), degreesOfFreedom: p.degreesOfFreedom)
        }
        // An unadjusted analysis's increments are its unadjusted ones.
        let (effectIndex, costIndex) = plain.isAdjusted ? (0, 1) : (2, 3)
        func netBenefits(_ s: Int) -> [CEAResult.NetBenefit] {
            let meanEffect = means(s, effectIndex), meanCost = means(s, costIndex)
            return spec.lambdas.map { lambda in
                let p = BootstrapImputationEstimate(estimates: estimates.map { $0[s].map { lambda * $0[effectIndex] - $0[costIndex] } })
                let draws = zip(meanEffect, meanCost).map { lambda * $0 - $1 }
                return .init(lambda: lambda, estimate: p.estimate, interval: p.interval(level: spec.level),
                             probabilityCostEffective: Double(draws.filter { $0 > 0 }.count) / Double(draws.count),
                             evpi: DecisionRules.evpi(netBenefits: draws))
            }
        }
        func components(_ p: BootstrapImputationEstimate) -> CEAImputationSummary.Pooling {
            .init(degreesOfFreedom: p.degreesOfFreedom, riv: nil, lambda: nil, fmi: nil,
                  betweenBootstrapVariance: p.betweenBootstrapVariance, withinBootstrapVariance: p.withinBootstrapVariance)
        }
        let effect = pooled(0, effectIndex), cost = pooled(0, costIndex)
        let meanEffect = means(0, effectIndex), meanCost = means(0, costIndex)
        let covariance = CostEffectivenessAnalysis.covariance(meanEffect, meanCost)
        let increments = Increments(deltaEffect: effect.estimate, deltaCost: cost.estimate, varianceEffect: effect.variance,
                                    varianceCost: cost.variance, covariance: covariance)
        var warnings: [Message] = []
        if replicates < CEAImputation.fewReplicates {
            warnings.append("bootstrap-then-impute with \(replicates) bootstrap samples gives unstable variances (bootImpute warns below \(CEAImputation.fewReplicates)); use \(parameter: .bootstrap) 200 or more")
        }
        for (name, p) in [("ΔE", effect), ("ΔC", cost)] where p.truncated {
            warnings.append("the between-bootstrap variance of \(name) was estimated as 0 or less and set to 0; rerun with a larger \(parameter: .bootstrap)")
        }
        warnings += (weighting?.warnings ?? []) + [CostEffectivenessAnalysis.failedPropensityWarning(failedPropensity, of: replicates)].compactMap { $0 }
        let summary = CEAImputationSummary(
            imputations: m, iterations: base.iterations, byArm: base.byArm, methods: base.methods,
            imputed: base.imputed, pooling: "von-hippel-bartlett", effect: components(effect), cost: components(cost),
            deltaArm: options.deltaArm,
            scenarios: scenarios.indices.dropFirst().map { s in
                .init(deltaEffect: scenarios[s].effect, deltaCost: scenarios[s].cost, effect: estimate(pooled(s, effectIndex)), cost: estimate(pooled(s, costIndex)),
                      netBenefit: netBenefits(s))
            },
            notes: [])
        var bootstrap = CEAResult.Bootstrap(replicates: replicates, seed: spec.seed, interval: spec.interval, failed: replicates - estimates.count,
                                            resampling: "rows within arms, each sample imputed \(m) times")
        bootstrap.failedPropensity = failedPropensity
        var out = CEAResult(treatedCount: treatedCount, controlCount: controlCount,
                            dropped: ListwiseDeletion(rowCount: rowCount).dropped,
                            model: plain.model.description(adjusted: plain.isAdjusted) + (weighting.map { ", \($0.description)" } ?? ""),
                            deltaEffect: estimate(effect), deltaCost: estimate(cost), covariance: covariance,
                            unadjustedEffect: estimate(pooled(0, 2)), unadjustedCost: estimate(pooled(0, 3)),
                            quadrant: CEQuadrant(deltaEffect: effect.estimate, deltaCost: cost.estimate),
                            icer: DecisionRules.icer(deltaEffect: effect.estimate, deltaCost: cost.estimate, standardErrorEffect: effect.standardError),
                            fieller: DecisionRules.fieller(increments, level: spec.level, degreesOfFreedom: min(effect.degreesOfFreedom, cost.degreesOfFreedom)),
                            netBenefit: netBenefits(0),
                            bootstrap: bootstrap,
                            replicates: replicateNumbers.indices.map { (replicateNumbers[$0], meanEffect[$0], meanCost[$0]) },
                            level: spec.level, clusterCount: nil, warnings: warnings, clusterVariance: nil, subgroups: [])
        out.weighting = weighting?.weighting
        out.imputation = summary
        return out
    }

    /// The MNAR δ-adjustment (Leurent et al. 2018): after imputation, the imputed effects and
    /// costs of the chosen arm(s) are shifted by δ_E and δ_C.
    struct Shift: Sendable {
        let effect: String, cost: String
        /// Rows of the data whose effect (cost) was missing, and whether each row is treated.
        let imputedEffect: [Bool], imputedCost: [Bool], treated: [Bool]
        let arm: CEAImputation.DeltaArm

        /// `dataset` (whose row i is row `rows[i]` of the data; row i when `rows` is nil) shifted.
        func apply(_ dataset: Dataset, rows: [Int]?, _ delta: (effect: Double, cost: Double)) throws -> Dataset {
            guard delta.effect != 0 || delta.cost != 0 else { return dataset }
            var columns = dataset.columns
            for (name, mask, shift) in [(effect, imputedEffect, delta.effect), (cost, imputedCost, delta.cost)] where shift != 0 {
                let c = dataset.columnNames.firstIndex(of: name)!
                columns[c] = Column(name: name, values: .numeric(shifted(columns[c].numbers!, imputed: mask, rows: rows, by: shift)), missing: columns[c].missing)
            }
            return try Dataset(source: dataset.source, columns: columns, lineNumbers: dataset.lineNumbers)
        }

        /// Completed effects or costs (`imputed`: ``imputedEffect`` or ``imputedCost``; value i
        /// belongs to row `rows[i]` of the data, row i when `rows` is nil), shifted by `shift`.
        func shifted(_ values: [Double], imputed mask: [Bool], rows: [Int]?, by shift: Double) -> [Double] {
            guard shift != 0 else { return values }
            var values = values
            for i in values.indices {
                let row = rows?[i] ?? i
                if mask[row], arm == .both || (arm == .treated) == treated[row] { values[i] += shift }
            }
            return values
        }
    }

    /// The increments of one bootstrap replicate as linear functions of its completed outcomes,
    /// for designs and weights that no imputation changes (no covariate imputed, no propensity
    /// covariate imputed): ΔE = Σ a_E,i y_E,i and ΔC = Σ a_C,i y_C,i with each (weighted)
    /// least-squares equation's influence weights a = WX(XᵀWX)⁻¹e_arm (``ArmEquation/weights``,
    /// W the propensity weights or I) — the arm coefficient of a refit, without the refit — and the
    /// unadjusted increments as (weighted) differences in arm means.
    struct LinearIncrements {
        let treated: [Bool]
        /// The propensity weights of the sample's rows (nil: unweighted).
        let propensityWeights: [Double]?
        /// Influence weights of the effect and cost equations (nil: the analysis is unadjusted).
        let effectWeights: [Double]?, costWeights: [Double]?

        init(treated: [Bool], propensityWeights: [Double]?, effectWeights: [Double]?, costWeights: [Double]?) {
            (self.treated, self.propensityWeights, self.effectWeights, self.costWeights) = (treated, propensityWeights, effectWeights, costWeights)
        }

        /// From one completed sample and its propensity weights (nil: unweighted): its full
        /// designs' rows (``FullDesigns``); nil when listwise deletion would drop rows of it.
        init?(_ dataset: Dataset, plain: CEASpecification, propensityWeights: [Double]?) throws {
            guard try CEAData(dataset, spec: plain).dropped.total == 0 else { return nil }
            self = try FullDesigns(dataset, plain: plain).linear(rows: Array(0..<dataset.rowCount), propensityWeights: propensityWeights)
        }

        /// [ΔE, ΔC, ΔE unadjusted, ΔC unadjusted] for completed outcomes in the sample's row order
        /// (the order of ``pointIncrements(_:plain:)``).
        func point(effect: [Double], cost: [Double]) -> [Double] {
            let unadjusted = IncrementalAnalysis.unadjustedPoint(treated: treated, effect: effect, cost: cost, weights: propensityWeights)
            func dot(_ a: [Double]?, _ y: [Double]) -> Double? { a.map { zip($0, y).reduce(0) { $0 + $1.0 * $1.1 } } }
            return [dot(effectWeights, effect) ?? unadjusted.0, dot(costWeights, cost) ?? unadjusted.1, unadjusted.0, unadjusted.1]
        }
    }

    /// The analysis designs on every row of a complete dataset, parsed and built once, of which a
    /// bootstrap sample's designs are its rows: the sample's ``LinearIncrements`` without a
    /// sample dataset, the same least-squares fit (``LeastSquaresFit``, rank tolerance 1e-7) on
    /// the same rows of the same matrix as ``LinearIncrements/init(_:plain:propensityWeights:)``.
    struct FullDesigns {
        let treated: [Bool]
        /// The effect and cost designs with their arm column (nil: the analysis is unadjusted).
        let effect: (x: Matrix, arm: Int)?, cost: (x: Matrix, arm: Int)?

        /// - Throws: ``AnalysisError`` when the completed data still lack a value (listwise
        ///   deletion would drop rows).
        init(_ completed: Dataset, plain: CEASpecification) throws {
            let d = try CEAData(completed, spec: plain)
            guard d.dropped.total == 0 else { throw AnalysisError.numericalFailure("the completed data still have missing values in the analysis columns") }
            treated = d.treated
            guard plain.isAdjusted else { (effect, cost) = (nil, nil); return }
            func design(_ outcome: String, _ parameter: Parameter, _ covariates: Formula?) throws -> (x: Matrix, arm: Int) {
                let built = try DesignMatrix.build(from: d.data, formula: d.formula(outcome: outcome, parameter: parameter, covariates: covariates))
                return (built.materialized(), built.columnNames.firstIndex(of: CEAData.indicator)!)
            }
            effect = try design(plain.effect, .effect, d.effectCovariates)
            cost = try design(plain.cost, .cost, d.costCovariates)
        }

        /// The linear increments of the sample of rows `rows` (repeats allowed) with the
        /// sample's propensity weights (nil: unweighted): a = WX_k(X_kᵀWX_k)⁻¹e_arm on the kept
        /// columns X_k, from the R factor (RᵀR = X_kᵀWX_k) by two triangular solves.
        func linear(rows: [Int], propensityWeights w: [Double]?) throws -> LinearIncrements {
            func influence(_ design: (x: Matrix, arm: Int)?) throws -> [Double]? {
                guard let design else { return nil }
                let x = design.x.selecting(rows: rows, columns: Array(0..<design.x.columns))
                let fit = try LeastSquaresFit.fit(x: x, y: [Double](repeating: 0, count: rows.count), rowScale: w?.map { $0.squareRoot() })
                guard let k = fit.kept.firstIndex(of: design.arm) else {
                    throw AnalysisError.numericalFailure("the arm indicator is a linear combination of the covariates in a bootstrap sample")
                }
                var e = [Double](repeating: 0, count: fit.rank)
                e[k] = 1
                let c = try fit.r.solveUpperTriangular(try fit.r.solveUpperTriangular(e, transposed: true))
                // aᵢ = (Σⱼ xᵢ,kⱼ·cⱼ, in the order of the kept columns)·wᵢ, through buffers (the
                // subscripts' checks were most of this loop's time at every replicate).
                let r = rows.count
                return [Double](unsafeUninitializedCapacity: r) { out, initialized in
                    x.storage.withUnsafeBufferPointer { entries in
                        for i in 0..<r { out[i] = 0 }
                        for (j, column) in fit.kept.enumerated() {
                            let values = entries.baseAddress! + column * r, cj = c[j]
                            for i in 0..<r { out[i] += values[i] * cj }
                        }
                        if let w { for i in 0..<r { out[i] *= w[i] } }
                    }
                    initialized = r
                }
            }
            return LinearIncrements(treated: rows.map { treated[$0] }, propensityWeights: w, effectWeights: try influence(effect), costWeights: try influence(cost))
        }
    }

    /// `data` with the columns `variables` replaced by `values` (codes for categorical columns).
    static func replacing(_ data: Dataset, variables: [String], values: [[Double]]) throws -> Dataset {
        var columns = data.columns
        for (name, v) in zip(variables, values) {
            let c = data.columnNames.firstIndex(of: name)!
            switch columns[c].values {
            case .numeric: columns[c] = Column(name: name, values: .numeric(v), missing: v.map(\.isNaN))
            case .categorical(_, let levels):
                columns[c] = Column(name: name, values: .categorical(codes: v.map { $0.isNaN ? -1 : Int32($0) }, levels: levels), missing: v.map(\.isNaN))
            }
        }
        return try Dataset(source: data.source, columns: columns, lineNumbers: data.lineNumbers)
    }
}
