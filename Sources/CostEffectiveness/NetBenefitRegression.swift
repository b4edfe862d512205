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

enum NetBenefitRegression {
    static func run(_ d: CEAData, spec: CEASpecification, subgroup: String) throws -> [SubgroupNetBenefit] {
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
        let design = try DesignMatrix.build(from: d.data, formula: formula)
        guard design.rowCount > design.columnCount else { throw AnalysisError.tooFewRows(rows: design.rowCount, parameters: design.columnCount) }
        let effectFit = try design.fitted(rejectingPerfectFit: false)
        let costFit = try design.replacing(response: d.cost, weights: nil).fitted(rejectingPerfectFit: false)
        guard effectFit.kept == costFit.kept else { throw AnalysisError.numericalFailure("the two net-benefit designs differ in rank") }
        let x = design.materialized()
        let kept = effectFit.kept, n = x.rows, k = kept.count
        let bread = effectFit.unscaledCovariance
        let residualE: [Double] = effectFit.scoreResiduals, residualC: [Double] = costFit.scoreResiduals
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
        var scoresE: [[Double]] = [], scoresC: [[Double]] = []
        if let clusters = d.clusters {
            scoresE = Array(repeating: Array(repeating: 0, count: k), count: d.clusterCount)
            scoresC = scoresE
            for i in 0..<n {
                for (c, j) in kept.enumerated() {
                    scoresE[clusters[i]][c] += x[i, j] * residualE[i]
                    scoresC[clusters[i]][c] += x[i, j] * residualC[i]
                }
            }
        }
        let names = design.columnNames
        guard let arm = names.firstIndex(of: CEAData.indicator), let armK = kept.firstIndex(of: arm) else {
            throw AnalysisError.numericalFailure("the arm indicator is aliased in the net-benefit regression")
        }
        let z = Normal.quantile(1 - (1 - spec.level) / 2)
        return try labels.map { level in
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
            let rows = spec.lambdas.map { lambda -> SubgroupNetBenefit.Row in
                let estimate = kept.indices.reduce(0.0) { $0 + a[$1] * (lambda * effectFit.coefficients[kept[$1]] - costFit.coefficients[kept[$1]]) }
                let variance: Double
                if let adjusted {
                    variance = zip(adjusted.0, adjusted.1).reduce(0.0) { $0 + (lambda * $1.0 - $1.1) * (lambda * $1.0 - $1.1) }
                } else if d.clusters != nil {
                    let meat = zip(scoresE, scoresC).reduce(0.0) { sum, pair in
                        let u = (0..<k).reduce(0.0) { $0 + ba[$1] * (lambda * pair.0[$1] - pair.1[$1]) }
                        return sum + u * u
                    }
                    variance = meat * VarianceType.cr1Factor(clusters: d.clusterCount, rows: n, parameters: k)
                } else {
                    variance = (lambda * lambda * sEE - 2 * lambda * sEC + sCC) * quadratic
                }
                let se = variance.squareRoot()
                return .init(lambda: lambda, estimate: estimate, standardError: se, interval: (estimate - critical * se, estimate + critical * se),
                             degreesOfFreedom: df)
            }
            return SubgroupNetBenefit(level: level, count: count, rows: rows, note: nil)
        }
    }
}
