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
    static func run(_ spec: CEASpecification, on data: Dataset, options: CEAImputation,
                    progress: (@Sendable (Int) -> Void)?) throws -> CEAResult {
        if spec.cluster != nil || spec.subgroup != nil {
            throw InputError(parameter: .imputations, problem: "multiple imputation is not available with \(parameter: spec.cluster != nil ? .cluster : .subgroup)",
                             fix: "leave out \(parameter: spec.cluster != nil ? .cluster : .subgroup), or impute with phbeval impute and analyse the completed datasets")
        }
        // Weighting within each imputation (Leyrat et al. 2019) needs the propensity model in the
        // imputation model and the weights pooled into the result; until then the two are refused
        // together rather than one of them silently dropped.
        if spec.weighting != nil {
            throw InputError(parameter: .propensity, problem: "propensity weighting together with multiple imputation is not available yet",
                             fix: "run the weighted analysis on complete cases (leave out \(parameter: .imputations)), or impute with phbeval impute and weight each completed dataset")
        }
        var plain = spec
        plain.imputation = nil
        plain.bootstrapReplicates = nil
        let model = try imputationModel(spec, data: data, options: options)
        let arm = try treatedRows(spec, data: data)
        let imputedEffect = data.column(named: spec.effect)!.missing, imputedCost = data.column(named: spec.cost)!.missing
        let shift = Shift(effect: spec.effect, cost: spec.cost, imputedEffect: imputedEffect, imputedCost: imputedCost, treated: arm, arm: options.deltaArm)
        let scenarios = options.scenarios
        let summaryBase = (imputations: model.options.imputations, iterations: model.options.iterations, methods: model.methods,
                           imputed: model.missingCounts.map { ($0.variable, $0.missing) })
        if let replicates = spec.bootstrapReplicates {
            return try bootstrapThenImpute(spec, plain: plain, data: data, model: model, arm: arm, replicates: replicates,
                                           scenarios: scenarios, shift: shift, options: options, base: summaryBase, progress: progress)
        }
        let result = try model.impute()
        let completed = try (0..<result.imputations).map { try result.completed($0) }
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
            imputations: summaryBase.imputations, iterations: summaryBase.iterations, byArm: options.byArm, methods: summaryBase.methods,
            imputed: summaryBase.imputed, pooling: "rubin", effect: rubin(main.effect), cost: rubin(main.cost), deltaArm: options.deltaArm,
            scenarios: zip(scenarios, pooledScenarios).dropFirst().map { delta, pooled in
                .init(deltaEffect: delta.effect, deltaCost: delta.cost, effect: estimate(pooled.effect), cost: estimate(pooled.cost),
                      netBenefit: netBenefits(pooled.results))
            },
            notes: result.notes)
        var out = CEAResult(treatedCount: results[0].treatedCount, controlCount: results[0].controlCount, dropped: results[0].dropped,
                            model: results[0].model, deltaEffect: estimate(main.effect), deltaCost: estimate(main.cost), covariance: covariance,
                            unadjustedEffect: estimate(unadjustedEffect), unadjustedCost: estimate(unadjustedCost),
                            quadrant: CEQuadrant(deltaEffect: increments.deltaEffect, deltaCost: increments.deltaCost),
                            icer: DecisionRules.icer(deltaEffect: increments.deltaEffect, deltaCost: increments.deltaCost, standardErrorEffect: main.effect.standardError),
                            fieller: DecisionRules.fieller(increments, level: spec.level, degreesOfFreedom: min(main.effect.degreesOfFreedom, main.cost.degreesOfFreedom)),
                            netBenefit: netBenefits(results), bootstrap: nil, replicates: [], level: spec.level, clusterCount: nil,
                            warnings: [], clusterVariance: nil, subgroups: [])
        out.imputation = summary
        out.imputation?.chains = CEAImputationSummary.diagnostics(result.chains, model: model)
        return out
    }

    /// Rubin's rules over the per-imputation estimates of one increment.
    private static func pool(_ estimates: [CEAResult.Estimate], df: Double) -> PooledEstimate {
        PooledEstimate(estimates: estimates.map(\.estimate), variances: estimates.map { $0.standardError * $0.standardError }, completeDataDF: df)
    }

    /// The chained equations of the analysis: effect, cost and incomplete covariate columns
    /// imputed; the arm (unless imputing by arm), the complete covariate columns and the
    /// auxiliary columns as predictors.
    static func imputationModel(_ spec: CEASpecification, data: Dataset, options: CEAImputation) throws -> ImputationModel {
        let armColumn = try data.requireColumn(spec.arm, usedAt: .parameter(.arm, position: nil))
        if let row = armColumn.missing.firstIndex(of: true) {
            throw data.inputError(row: row, column: spec.arm, problem: "the arm is missing here; multiple imputation needs every row's arm",
                                  fix: "give the arm of every row, or remove the rows without one")
        }
        var targets = [spec.effect, spec.cost], auxiliary: [String] = options.byArm ? [] : [spec.arm]
        for (text, parameter) in [(spec.effectCovariates, Parameter.effectCovariates), (spec.costCovariates, .costCovariates)] {
            guard let text else { continue }
            for variable in try Formula.rightHandSide(text, parameter: parameter).predictors {
                for name in variable.columns where !targets.contains(name) && !auxiliary.contains(name) && name != spec.arm {
                    let column = try data.requireColumn(name, usedAt: variable.origin)
                    guard column.missing.contains(true) else { auxiliary.append(name); continue }
                    try ImputationModel.checkImputable(column, at: variable.origin)
                    targets.append(name)
                }
            }
        }
        for name in options.auxiliary where !targets.contains(name) && !auxiliary.contains(name) { auxiliary.append(name) }
        let imputations = options.count(bootstrap: spec.bootstrapReplicates != nil)
        if spec.bootstrapReplicates != nil, imputations < 2 {
            throw InputError(parameter: .imputations, problem: "\(imputations) imputation per bootstrap sample", fix: "use \(parameter: .imputations) 2 or more (2 is bootImpute's default)")
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

    /// ΔE and ΔC (adjusted as the specification asks, least squares) and the unadjusted ones.
    static func pointIncrements(_ dataset: Dataset, plain: CEASpecification) throws -> [Double] {
        let d = try CEAData(dataset, spec: plain)
        let unadjusted = IncrementalAnalysis.unadjustedPoint(d, weights: [Double](repeating: 1, count: d.treated.count))
        guard plain.isAdjusted else { return [unadjusted.0, unadjusted.1, unadjusted.0, unadjusted.1] }
        let equations = try CEAEquations(d, spec: plain, regression: true)
        return [try equations.requireEffect().coefficient, try equations.requireCost().coefficient, unadjusted.0, unadjusted.1]
    }

    /// Bootstrap-then-impute: replicate b resamples the rows within arms from the stream
    /// `RandomStream(.bootstrap, b)`; its imputation j (0-based) runs on `RandomStream(.nested, b·M + j)`.
    private static func bootstrapThenImpute(
        _ spec: CEASpecification, plain: CEASpecification, data: Dataset, model: ImputationModel, arm: [Bool], replicates: Int,
        scenarios: [(effect: Double, cost: Double)], shift: Shift,
        options: CEAImputation, base: (imputations: Int, iterations: Int, methods: [(variable: String, method: ImputationMethod)], imputed: [(String, Int)]),
        progress: (@Sendable (Int) -> Void)?
    ) throws -> CEAResult {
        guard spec.model == .ols else {
            throw InputError(parameter: .model, problem: "bootstrap-then-impute is available for the least-squares model only, not \(spec.model.rawValue)",
                             fix: "use \(parameter: .model) ols with \(parameter: .imputations), or leave out \(parameter: .bootstrap) for Rubin's rules")
        }
        let m = options.count(bootstrap: true)
        let treatedRows = arm.indices.filter { arm[$0] }, controlRows = arm.indices.filter { !arm[$0] }
        let seed = spec.seed
        // When no covariate is imputed, each replicate's analysis designs are the same for all its
        // imputations (``LinearIncrements``): the positions of the effect and the cost among the
        // imputed variables.
        let covariateColumns = try [(spec.effectCovariates, Parameter.effectCovariates), (spec.costCovariates, .costCovariates)].flatMap { text, parameter in
            try text.map { try Formula.rightHandSide($0, parameter: parameter).predictors.flatMap(\.columns) } ?? []
        }
        let fixedDesignOutcomes = model.imputedVariables.firstIndex(of: spec.effect).flatMap { effect in
            model.imputedVariables.firstIndex(of: spec.cost).map { (effect: effect, cost: $0) }
        }.flatMap { covariateColumns.contains(where: model.imputedVariables.contains) ? nil : $0 }
        // estimates[b] = nil when the replicate failed; else [scenario][imputation][ΔE, ΔC, ΔE unadjusted, ΔC unadjusted].
        // One BLAS thread per worker: the workers are the parallelism (as the other bootstraps).
        let estimates: [[[[Double]]]?] = BLASLibrary.singleThreaded { Parallel.map(replicates, threads: spec.threads) { b in
            defer { progress?(1) }
            var g = Xoshiro256StarStar(seed: seed, stream: RandomStream(.bootstrap, b))
            var rows: [Int] = []
            rows.reserveCapacity(arm.count)
            for group in [controlRows, treatedRows] { for _ in group.indices { rows.append(group[g.nextInt(below: group.count)]) } }
            let sample = try? data.selectingRows(rows)
            guard let sample else { return nil }
            var perScenario = [[[Double]]](repeating: [], count: scenarios.count)
            var linear: LinearIncrements? = nil
            let layout = model.chainRows(rows)  // shared by the sample's imputations
            for j in 0..<m {
                var generator = Xoshiro256StarStar(seed: seed, stream: RandomStream(.nested, b * m + j))
                guard let chain = try? model.runChain(on: layout, generator: &generator) else { return nil }
                // A completed dataset only where an analysis needs one: the first imputation's
                // designs when they are fixed, every imputation's refit otherwise.
                func completed() -> Dataset? { try? replacing(sample, variables: model.imputedVariables, values: chain.values) }
                if let outcomes = fixedDesignOutcomes {
                    if linear == nil { linear = completed().flatMap { try? LinearIncrements($0, plain: plain) } }
                    guard let linear else { return nil }
                    let effect = chain.values[outcomes.effect], cost = chain.values[outcomes.cost]
                    for (s, delta) in scenarios.enumerated() {
                        perScenario[s].append(linear.point(effect: shift.shifted(effect, imputed: shift.imputedEffect, rows: rows, by: delta.effect),
                                                           cost: shift.shifted(cost, imputed: shift.imputedCost, rows: rows, by: delta.cost)))
                    }
                    continue
                }
                guard let completed = completed() else { return nil }
                for (s, delta) in scenarios.enumerated() {
                    guard let data = try? shift.apply(completed, rows: rows, delta), let point = try? pointIncrements(data, plain: plain) else { return nil }
                    perScenario[s].append(point)
                }
            }
            return perScenario
        } }
        let valid = estimates.indices.filter { estimates[$0] != nil }
        guard valid.count >= 2 else {
            throw AnalysisError.numericalFailure("only \(valid.count) of \(replicates) bootstrap samples could be imputed and analysed. Check the data for variables that are missing in most rows")
        }
        func pooled(_ s: Int, _ k: Int) -> BootstrapImputationEstimate {
            BootstrapImputationEstimate(estimates: valid.map { b in estimates[b]![s].map { $0[k] } })
        }
        func means(_ s: Int, _ k: Int) -> [Double] { valid.map { b in estimates[b]![s].reduce(0) { $0 + $1[k] } / Double(m) } }
        func estimate(_ p: BootstrapImputationEstimate) -> CEAResult.Estimate {
            .init(estimate: p.estimate, standardError: p.standardError, interval: p.interval(level: spec.level), degreesOfFreedom: p.degreesOfFreedom)
        }
        func netBenefits(_ s: Int) -> [CEAResult.NetBenefit] {
            let meanEffect = means(s, 0), meanCost = means(s, 1)
            return spec.lambdas.map { lambda in
                let p = BootstrapImputationEstimate(estimates: valid.map { b in estimates[b]![s].map { lambda * $0[0] - $0[1] } })
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
        let effect = pooled(0, 0), cost = pooled(0, 1)
        let meanEffect = means(0, 0), meanCost = means(0, 1)
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
        let summary = CEAImputationSummary(
            imputations: m, iterations: base.iterations, byArm: options.byArm, methods: base.methods,
            imputed: base.imputed.map { (variable: $0.0, count: $0.1) }, pooling: "von-hippel-bartlett", effect: components(effect), cost: components(cost),
            deltaArm: options.deltaArm,
            scenarios: scenarios.indices.dropFirst().map { s in
                .init(deltaEffect: scenarios[s].effect, deltaCost: scenarios[s].cost, effect: estimate(pooled(s, 0)), cost: estimate(pooled(s, 1)),
                      netBenefit: netBenefits(s))
            },
            notes: [])
        var out = CEAResult(treatedCount: treatedRows.count, controlCount: controlRows.count,
                            dropped: ListwiseDeletion(rowCount: data.rowCount).dropped,
                            model: spec.model.description(adjusted: spec.isAdjusted),
                            deltaEffect: estimate(effect), deltaCost: estimate(cost), covariance: covariance,
                            unadjustedEffect: estimate(pooled(0, 2)), unadjustedCost: estimate(pooled(0, 3)),
                            quadrant: CEQuadrant(deltaEffect: effect.estimate, deltaCost: cost.estimate),
                            icer: DecisionRules.icer(deltaEffect: effect.estimate, deltaCost: cost.estimate, standardErrorEffect: effect.standardError),
                            fieller: DecisionRules.fieller(increments, level: spec.level, degreesOfFreedom: min(effect.degreesOfFreedom, cost.degreesOfFreedom)),
                            netBenefit: netBenefits(0),
                            bootstrap: .init(replicates: replicates, seed: spec.seed, interval: spec.interval, failed: replicates - valid.count,
                                             resampling: "rows within arms, each sample imputed \(m) times"),
                            replicates: valid.indices.map { (valid[$0] + 1, meanEffect[$0], meanCost[$0]) },
                            level: spec.level, clusterCount: nil, warnings: warnings, clusterVariance: nil, subgroups: [])
        out.imputation = summary
        // The convergence diagnostic: M chains on the full data (imputation streams).
        out.imputation?.chains = CEAImputationSummary.diagnostics(try (0..<m).map { j in
            var generator = Xoshiro256StarStar(seed: seed, stream: RandomStream(.imputation, j))
            return try model.runChain(rows: nil, generator: &generator)
        }, model: model)
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
    /// for designs that no imputation changes (no covariate imputed): ΔE = Σ a_E,i y_E,i and
    /// ΔC = Σ a_C,i y_C,i with each least-squares equation's influence weights
    /// a = X(XᵀX)⁻¹e_arm (``ArmEquation/weights``) — the arm coefficient of a refit, without the
    /// refit — and the unadjusted increments as differences in arm means.
    struct LinearIncrements {
        let treated: [Bool]
        /// Influence weights of the effect and cost equations (nil: the analysis is unadjusted).
        let effectWeights: [Double]?, costWeights: [Double]?

        /// From one completed sample; nil when listwise deletion would drop rows of it.
        init?(_ dataset: Dataset, plain: CEASpecification) throws {
            let d = try CEAData(dataset, spec: plain)
            guard d.dropped.total == 0 else { return nil }
            treated = d.treated
            if plain.isAdjusted {
                let equations = try CEAEquations(d, spec: plain, regression: true)
                (effectWeights, costWeights) = (try equations.requireEffect().weights, try equations.requireCost().weights)
            } else {
                (effectWeights, costWeights) = (nil, nil)
            }
        }

        /// [ΔE, ΔC, ΔE unadjusted, ΔC unadjusted] for completed outcomes in the sample's row order
        /// (the order of ``pointIncrements(_:plain:)``).
        func point(effect: [Double], cost: [Double]) -> [Double] {
            let unadjusted = IncrementalAnalysis.unadjustedPoint(treated: treated, effect: effect, cost: cost, weights: nil)
            func dot(_ a: [Double]?, _ y: [Double]) -> Double? { a.map { zip($0, y).reduce(0) { $0 + $1.0 * $1.1 } } }
            return [dot(effectWeights, effect) ?? unadjusted.0, dot(costWeights, cost) ?? unadjusted.1, unadjusted.0, unadjusted.1]
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
