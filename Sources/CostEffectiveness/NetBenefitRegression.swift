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
/// B[Σ_g U_g(λ)U_g(λ)ᵀ]B·G/(G−1)·(n−1)/(n−k), U_g(λ) = Σ_{i∈g} xᵢ(λe_{E,i} − e_{C,i}).
public struct SubgroupNetBenefit: Sendable {
    /// INB of one subgroup at one λ.
    public struct Row: Sendable {
        public let lambda: Double
        public let estimate: Double
        public let standardError: Double
        public let interval: (lower: Double, upper: Double)
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
        let group = "C(`\(subgroup)`)"
        var segments: [Formula.Segment] = [.init("`\(spec.effect)` ~ \(CEAData.indicator) * \(group)")]
        for (covariates, parameter) in [(spec.effectCovariates, Parameter.effectCovariates), (spec.costCovariates, .costCovariates)] {
            if let covariates { segments += [.init(" + "), .init(covariates, parameter: parameter)] }
        }
        let formula = try Formula(segments: segments)
        let design = try DesignMatrix.build(from: d.data, formula: formula)
        guard design.columnCount <= design.observationCount else {
            throw AnalysisError.tooFewRows(rows: design.observationCount, parameters: design.columnCount)
        }
        let x = design.materialized()
        let effectFit = try LeastSquaresFit.fit(x: x, y: d.effect)
        let costFit = try LeastSquaresFit.fit(x: x, y: d.cost)
        guard effectFit.kept == costFit.kept else { throw AnalysisError.numericalFailure("the two net-benefit designs differ in rank") }
        let kept = effectFit.kept, n = x.rows, k = kept.count
        guard n > k else { throw AnalysisError.tooFewRows(rows: n, parameters: k) }
        let bread = try effectFit.r.inverseOfGramFromUpperFactor()
        let xk = SelectedColumns(x, columns: kept)
        let residualE = zip(d.effect, try xk.times(effectFit.coefficients)).map { $0 - $1 }
        let residualC = zip(d.cost, try xk.times(costFit.coefficients)).map { $0 - $1 }
        let dof = Double(n - k)
        let sEE = residualE.reduce(0.0) { $0 + $1 * $1 } / dof
        let sCC = residualC.reduce(0.0) { $0 + $1 * $1 } / dof
        let sEC = zip(residualE, residualC).reduce(0.0) { $0 + $1.0 * $1.1 } / dof
        // Cluster score sums for the effect and cost residuals (G × k each).
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
        let subgroupColumn = try d.data.requireColumn(subgroup)
        let rowLabels: [String] = (0..<n).map { i in
            switch subgroupColumn.values {
            case .categorical(let codes, let levels): return levels[Int(codes[i])]
            case .numeric(let v): return Column.label(for: v[i])
            }
        }
        let labels = Column.sortedLevels(Set(rowLabels))
        let z = Normal.quantile(1 - (1 - spec.level) / 2)
        return labels.map { level in
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
            let quadratic = zip(a, ba).reduce(0.0) { $0 + $1.0 * $1.1 }
            let rows = spec.lambdas.map { lambda -> SubgroupNetBenefit.Row in
                let estimate = (0..<k).reduce(0.0) { $0 + a[$1] * (lambda * effectFit.coefficients[$1] - costFit.coefficients[$1]) }
                let variance: Double
                if d.clusters != nil {
                    let g = Double(d.clusterCount)
                    let meat = zip(scoresE, scoresC).reduce(0.0) { sum, pair in
                        let u = (0..<k).reduce(0.0) { $0 + ba[$1] * (lambda * pair.0[$1] - pair.1[$1]) }
                        return sum + u * u
                    }
                    variance = meat * g / (g - 1) * Double(n - 1) / dof
                } else {
                    variance = (lambda * lambda * sEE - 2 * lambda * sEC + sCC) * quadratic
                }
                let se = variance.squareRoot()
                return .init(lambda: lambda, estimate: estimate, standardError: se, interval: (estimate - z * se, estimate + z * se))
            }
            return SubgroupNetBenefit(level: level, count: count, rows: rows, note: nil)
        }
    }
}
