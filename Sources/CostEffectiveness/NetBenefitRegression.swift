import Distributions
import LinearAlgebra
import Models
import Tabular

/// Incremental net benefit by subgroup from net-benefit regression (Hoch, Briggs & Willan 2002,
/// Health Econ 11:415–430): nbᵢ(λ) = λ·eᵢ − cᵢ regressed on `arm + subgroup + arm:subgroup +
/// covariates`; the INB of the reference subgroup is β_arm and of subgroup s is β_arm + β_arm:s.
///
/// Because nb is linear in λ, one QR of the design serves every λ: β(λ) = λβ_E − β_C, and with
/// residuals e_E, e_C the classical covariance is (λ²σ_EE − 2λσ_EC + σ_CC)(XᵀX)⁻¹,
/// σ_ab = e_aᵀe_b/(n − k) — exactly `lm(nb ~ …)` at each λ. With clusters, CR1:
/// B[Σ_g U_g(λ)U_g(λ)ᵀ]B·G/(G−1)·(n−1)/(n−k), U_g(λ) = Σ_{i∈g} xᵢ(λe_{E,i} − e_{C,i}); CR2
/// (Bell–McCaffrey): the adjustment A_g depends on the design only, so the adjusted cluster score
/// of a contrast is λs_{E,g} − s_{C,g} from the effect and cost residuals, and
/// Var = Σ_g (λs_{E,g} − s_{C,g})², as `clubSandwich::vcovCR(lm(nb ~ …), type = "CR2")`.
/// Propensity weighted: weighted least squares, HC1 (CR1 with clusters) with scores xᵢwᵢeᵢ.
public struct SubgroupNetBenefit: Sendable {
    /// INB of one subgroup at one λ.
    public struct Row: Sendable {
        public let lambda: Double
        public let estimate: Double
        public let standardError: Double
        public let interval: (lower: Double, upper: Double)
        /// Satterthwaite degrees of freedom of the t interval under CR2; nil for normal intervals.
        public var degreesOfFreedom: Double? = nil
    }

    /// The subgroup's label (a level of the subgroup column).
    public let level: String
    /// Analysed rows in the subgroup (both arms).
    public let count: Int
    /// INB at each λ; empty when the subgroup's INB is not estimable (see ``note``).
    public let rows: [Row]
    /// Why no INB is reported, e.g. the subgroup has members of only one arm.
    public let note: String?
}

/// The arm × subgroup coefficients of the net-benefit regression at one λ and their covariance
/// (classical, CR1 with clusters — also under CR2 — or HC1 when weighted), for the joint test
/// that the INB does not differ between subgroups.
public struct SubgroupInteraction: Sendable {
    public let lambda: Double
    public let terms: [String]
    public let estimates: [Double]
    /// Row-major q × q.
    public let covariance: [[Double]]
    /// n − k of the regression (the complete-data df under imputation).
    public let residualDF: Int

    /// The Wald F test bᵀV⁻¹b/q on (q, n − k); nil when V is singular.
    public var test: SubgroupTest? {
        guard let inverse = try? Matrix(rows: terms.count, columns: terms.count, columnMajor: (0..<terms.count).flatMap { j in covariance.map { $0[j] } })
            .inverseSymmetricPositiveDefinite() else { return nil }
        let q = estimates.count
        var quadratic = 0.0
        for i in 0..<q { for j in 0..<q { quadratic += estimates[i] * inverse[i, j] * estimates[j] } }
        return SubgroupTest(lambda: lambda, statistic: quadratic / Double(q), numeratorDF: q, denominatorDF: Double(residualDF))
    }
}

/// A joint F test that every arm × subgroup coefficient is zero at one λ.
public struct SubgroupTest: Sendable {
    public let lambda: Double
    public let statistic: Double
    public let numeratorDF: Int
    public let denominatorDF: Double
    /// P(F > f) = I_{ν₂/(ν₂ + ν₁f)}(ν₂/2, ν₁/2).
    public var pValue: Double {
        let q = Double(numeratorDF)
        return IncompleteBeta.regularized(x: denominatorDF / (denominatorDF + q * statistic), a: denominatorDF / 2, b: q / 2)
    }
}

enum NetBenefitRegression {
    /// - Parameter priorWeights: propensity weights of the rows (weighted least squares, HC1 or
    ///   CR1 errors with ψᵢ = xᵢwᵢeᵢ as `sandwich::vcovHC(lm(nb ~ …, weights = w), type = "HC1")`).
    /// - Returns: the subgroups' INB, the joint tests' coefficients at each λ and the regression's n − k.
    static func run(_ d: CEAData, spec: CEASpecification, subgroup: String, priorWeights: [Double]? = nil) throws
        -> (groups: [SubgroupNetBenefit], interactions: [SubgroupInteraction], residualDF: Int) {
        // effect ~ arm + C(subgroup, ref = r) + arm:C(subgroup, ref = r) + the covariates of both
        // equations, r the first level (in sorted order) with members of both arms: the arm
        // coefficient is the reference subgroup's INB, so a reference lacking an arm would hand
        // another subgroup's INB to it.
        let subgroupColumn = try d.data.requireColumn(subgroup)
        let rowLabels: [String] = (0..<d.treated.count).map { i in
            switch subgroupColumn.values {
            case .categorical(let codes, let levels): return levels[Int(codes[i])]
            case .numeric(let v): return Column.label(for: v[i])
            }
        }
        let labels = Column.sortedLevels(Set(rowLabels))
        var arms: [String: Set<Bool>] = [:]
        for (label, treated) in zip(rowLabels, d.treated) { arms[label, default: []].insert(treated) }
        let arm = Formula.Variable(column: CEAData.indicator, parameter: .arm)
        var group = Formula.Variable(column: subgroup, parameter: .subgroup, categorical: true)
        group.reference = labels.first { arms[$0]?.count == 2 }
        var terms = [Formula.Term([arm]), Formula.Term([group]), Formula.Term([arm, group])]
        for covariates in [d.effectCovariates, d.costCovariates].compactMap({ $0 }) {
            for term in covariates.terms where !terms.contains(term) { terms.append(term) }
        }
        let formula = Formula(response: Formula.Variable(column: spec.effect, parameter: .effect), terms: terms)
        let built = try DesignMatrix.build(from: d.data, formula: formula)
        let design = priorWeights.map { built.replacing(response: built.response, weights: $0) } ?? built
        guard design.rowCount > design.columnCount else { throw AnalysisError.tooFewRows(rows: design.rowCount, parameters: design.columnCount) }
        let effectFit = try design.fitted(rejectingPerfectFit: false)
        let costFit = try design.replacing(response: d.cost, weights: priorWeights).fitted(rejectingPerfectFit: false)
        guard effectFit.kept == costFit.kept else { throw AnalysisError.numericalFailure("the two net-benefit designs differ in rank") }
        let x = design.materialized()
        let kept = effectFit.kept, n = x.rows, k = kept.count
        let bread = effectFit.unscaledCovariance
        // Weighted: the raw residuals (σ-free HC1 scores wᵢeᵢ below); else lm's.
        let residualE: [Double] = priorWeights == nil ? effectFit.scoreResiduals : zip(design.response, effectFit.fittedMeans).map { $0 - $1 }
        let residualC: [Double] = priorWeights == nil ? costFit.scoreResiduals : zip(d.cost, costFit.fittedMeans).map { $0 - $1 }
        let dof = Double(n - k)
        let sEE = residualE.reduce(0.0) { $0 + $1 * $1 } / dof
        let sCC = residualC.reduce(0.0) { $0 + $1 * $1 } / dof
        let sEC = zip(residualE, residualC).reduce(0.0) { $0 + $1.0 * $1.1 } / dof
        // Cluster score sums for the effect and cost residuals (G × k each).
        // CR2: the adjusted cluster scores of the effect and cost residuals on the same design.
        let keptDesign = effectFit.aliased.isEmpty ? x : x.selectingColumns(kept)
        let cr2 = try d.clusters.flatMap { clusters -> (effect: CR2Scores, cost: CR2Scores)? in
            guard spec.clusterVariance == .CR2 else { return nil }
            return (try BiasReducedLinearization.decompose(design: keptDesign, residuals: residualE, clusters: clusters, clusterCount: d.clusterCount, weights: nil),
                    try BiasReducedLinearization.decompose(design: keptDesign, residuals: residualC, clusters: clusters, clusterCount: d.clusterCount, weights: nil))
        }
        // Score sums per unit — cluster (CR1) or, weighted, row (HC1) — of the effect and cost
        // residuals: s_{a,u} = Σ_{i∈u} xᵢwᵢe_{a,i} (U × k each); none for the classical variance.
        let units: (of: [Int], count: Int, factor: Double)? = d.clusters.map { ($0, d.clusterCount, VarianceType.cr1Factor(clusters: d.clusterCount, rows: n, parameters: k)) }
            ?? priorWeights.map { _ in (Array(0..<n), n, Double(n) / dof) }
        var scoresE: [[Double]] = [], scoresC: [[Double]] = []
        if let units {
            scoresE = Array(repeating: Array(repeating: 0, count: k), count: units.count)
            scoresC = scoresE
            for i in 0..<n {
                let w = priorWeights?[i] ?? 1
                for (c, j) in kept.enumerated() {
                    scoresE[units.of[i]][c] += x[i, j] * w * residualE[i]
                    scoresC[units.of[i]][c] += x[i, j] * w * residualC[i]
                }
            }
        }
        // The scores through the bread, t_{a,u} = B s_{a,u}: every contrast's meat at every λ is
        // then λ²Σ(cᵀt_E)² − 2λΣ(cᵀt_E)(cᵀt_C) + Σ(cᵀt_C)², one pass over the units per contrast.
        func throughBread(_ scores: [[Double]]) -> [[Double]] {
            scores.map { u in (0..<k).map { r in (0..<k).reduce(0.0) { $0 + bread[r, $1] * u[$1] } } }
        }
        let breadE = throughBread(scoresE), breadC = throughBread(scoresC)
        /// (Σ(cᵀt_E)(dᵀt_E), Σ(cᵀt_E)(dᵀt_C) + Σ(cᵀt_C)(dᵀt_E), Σ(cᵀt_C)(dᵀt_C)) × the factor,
        /// for contrasts c, d given as (index, weight) pairs.
        func meat(_ c: [(Int, Double)], _ d: [(Int, Double)], factor: Double) -> (ee: Double, ec: Double, cc: Double) {
            var out = (ee: 0.0, ec: 0.0, cc: 0.0)
            for u in breadE.indices {
                let ce = c.reduce(0.0) { $0 + $1.1 * breadE[u][$1.0] }, cc = c.reduce(0.0) { $0 + $1.1 * breadC[u][$1.0] }
                let de = d.reduce(0.0) { $0 + $1.1 * breadE[u][$1.0] }, dc = d.reduce(0.0) { $0 + $1.1 * breadC[u][$1.0] }
                out.ee += ce * de
                out.ec += ce * dc + cc * de
                out.cc += cc * dc
            }
            return (out.ee * factor, out.ec * factor, out.cc * factor)
        }
        let names = design.columnNames
        guard let arm = names.firstIndex(of: CEAData.indicator), let armK = kept.firstIndex(of: arm) else {
            throw AnalysisError.numericalFailure("the arm indicator is aliased in the net-benefit regression")
        }
        let z = Normal.quantile(1 - (1 - spec.level) / 2)
        // The joint test's coefficients: every estimable arm × subgroup term.
        let interactionPrefix = "\(CEAData.indicator):\(subgroup)["
        let tested = kept.indices.filter { names[kept[$0]].hasPrefix(interactionPrefix) }
        let interactionMeat = units.map { units in tested.map { p in tested.map { q in meat([(p, 1)], [(q, 1)], factor: units.factor) } } } ?? []
        let interactions = tested.isEmpty ? [] : spec.lambdas.map { lambda -> SubgroupInteraction in
            let b = tested.map { lambda * effectFit.coefficients[kept[$0]] - costFit.coefficients[kept[$0]] }
            var v = [[Double]](repeating: [Double](repeating: 0, count: tested.count), count: tested.count)
            if !interactionMeat.isEmpty {
                // V = B[Σ_u s_u(λ)s_u(λ)ᵀ]B × factor, s_u(λ) = λs_{E,u} − s_{C,u}, rows of B for the tested terms.
                for p in tested.indices {
                    for q in tested.indices {
                        let m = interactionMeat[p][q]
                        v[p][q] = lambda * lambda * m.ee - lambda * m.ec + m.cc
                    }
                }
            } else {
                let sigma = lambda * lambda * sEE - 2 * lambda * sEC + sCC
                for p in tested.indices { for q in tested.indices { v[p][q] = sigma * bread[tested[p], tested[q]] } }
            }
            return SubgroupInteraction(lambda: lambda, terms: tested.map { names[kept[$0]] }, estimates: b, covariance: v, residualDF: n - k)
        }
        let groups: [SubgroupNetBenefit] = try labels.map { level in
            // Contrast a: arm, plus arm:subgroup[level] unless level is the reference.
            var a = [Double](repeating: 0, count: k)
            a[armK] = 1
            let count = rowLabels.filter { $0 == level }.count
            if let j = names.firstIndex(of: "\(CEAData.indicator):\(subgroup)[\(level)]") {
                guard let c = kept.firstIndex(of: j) else {
                    return SubgroupNetBenefit(level: level, count: count, rows: [],
                                              note: "the arm × subgroup term is aliased (the subgroup lacks one of the arms, or is confounded with covariates), so its INB is not estimable")
                }
                a[c] = 1
            }
            let ba = (0..<k).map { r in (0..<k).reduce(0.0) { $0 + bread[r, $1] * a[$1] } }
            let adjusted = try cr2.map { (try $0.effect.contrastScores(a), try $0.cost.contrastScores(a)) }
            // CR2's Satterthwaite df depend on the design and the contrast only (not on λ).
            let df = try cr2.map { try $0.effect.satterthwaiteDegreesOfFreedom(a) }
            let critical = df.map { StudentT(degreesOfFreedom: $0).quantile(1 - (1 - spec.level) / 2) } ?? z
            let quadratic = zip(a, ba).reduce(0.0) { $0 + $1.0 * $1.1 }
            let nonzero = a.indices.filter { a[$0] != 0 }.map { ($0, a[$0]) }
            let contrastMeat = units.map { meat(nonzero, nonzero, factor: $0.factor) }
            let rows = spec.lambdas.map { lambda -> SubgroupNetBenefit.Row in
                let estimate = kept.indices.reduce(0.0) { $0 + a[$1] * (lambda * effectFit.coefficients[kept[$1]] - costFit.coefficients[kept[$1]]) }
                let variance: Double
                if let adjusted {
                    variance = zip(adjusted.0, adjusted.1).reduce(0.0) { $0 + (lambda * $1.0 - $1.1) * (lambda * $1.0 - $1.1) }
                } else if let m = contrastMeat {
                    variance = lambda * lambda * m.ee - lambda * m.ec + m.cc
                } else {
                    variance = (lambda * lambda * sEE - 2 * lambda * sEC + sCC) * quadratic
                }
                let se = variance.squareRoot()
                return .init(lambda: lambda, estimate: estimate, standardError: se, interval: (estimate - critical * se, estimate + critical * se),
                             degreesOfFreedom: df)
            }
            return SubgroupNetBenefit(level: level, count: count, rows: rows, note: nil)
        }
        return (groups, interactions, n - k)
    }
}
