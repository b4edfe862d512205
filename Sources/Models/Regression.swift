import Distributions
import LinearAlgebra
import Tabular

/// Fits a regression from a formula on a dataset: the library's entry point for `phbeval regress`.
public enum Regression {
    /// What to fit.
    public struct Specification: Sendable {
        public var formula: Formula
        public var family: Family
        public var link: Link
        public var variance: VarianceType
        public var weights: String?
        public var cluster: String?

        public init(formula: Formula, family: Family = .gaussian, link: Link? = nil, variance: VarianceType = .classical,
                    weights: String? = nil, cluster: String? = nil) {
            self.formula = formula
            self.family = family
            self.link = link ?? family.defaultLink
            self.variance = variance
            self.weights = weights
            self.cluster = cluster
        }
    }

    /// Fits `spec` to `data`.
    ///
    /// Gaussian with identity link is least squares (R's `lm`); everything else is a GLM by
    /// IRLS (R's `glm`). p-values: Student's t with the residual degrees of freedom for least
    /// squares (any variance) and for classical GLM variances when the dispersion is estimated
    /// (as `summary.glm`); the standard normal otherwise (as `lmtest::coeftest` on a `glm`).
    ///
    /// - Throws: ``InputError`` for bad input (unknown columns, invalid outcome values, an
    ///   unsupported family/link pair, CR1 without a cluster column); ``AnalysisError`` when the
    ///   model cannot be estimated (too few rows, constant GLM outcome, separation, no convergence).
    public static func fit(_ spec: Specification, to data: Dataset) throws -> RegressionResult {
        guard spec.family.supportedLinks.contains(spec.link) else {
            throw InputError(parameter: .link, problem: "the \(spec.family.rawValue) family cannot use the \(spec.link.rawValue) link",
                             fix: "use \(parameter: .link) \(spec.family.supportedLinks.map(\.rawValue).joined(separator: " or "))")
        }
        if spec.variance.needsClusters, spec.cluster == nil {
            throw InputError(parameter: .variance, problem: "CR1 needs clusters", fix: "name the cluster column with \(parameter: .cluster) COLUMN")
        }
        if let cluster = spec.cluster, !spec.variance.needsClusters {
            throw InputError(parameter: .cluster, problem: "'\(cluster)' would only drop rows: clusters are used by the CR1 variance alone",
                             fix: "add \(parameter: .variance) CR1, or leave out \(parameter: .cluster)")
        }
        let design = try DesignMatrix.build(from: data, formula: spec.formula, weights: spec.weights, cluster: spec.cluster)
        try validateOutcome(design, family: spec.family, link: spec.link, data: data)
        let n = design.observationCount, p = design.columnCount

        let isLeastSquares = spec.family == .gaussian && spec.link == .identity
        let fit: WeightedFit
        var iterations: Int? = nil
        var deviance: Double
        if isLeastSquares {
            fit = try LinearModel.fit(design)
            deviance = fit.dispersion * Double(fit.dfResidual)
        } else {
            if let constant = design.response.first, design.response.allSatisfy({ $0 == constant }) {
                throw AnalysisError.constantOutcome(name: spec.formula.response.name, value: constant, rows: n)
            }
            let glm = try GeneralizedLinearModel.fit(design, family: spec.family, link: spec.link)
            if spec.family == .binomial, separated(glm, names: design.columnNames) {
                throw AnalysisError.separation(term: largestCoefficientTerm(glm.fit, names: design.columnNames))
            }
            guard glm.converged else { throw AnalysisError.notConverged(iterations: glm.iterations) }
            fit = glm.fit
            iterations = glm.iterations
            deviance = glm.deviance
        }
        // Counted on the rank, as R does: aliased columns cost no degree of freedom.
        guard fit.dfResidual > 0 else {
            throw p > n ? AnalysisError.tooFewRows(rows: n, parameters: p)
                        : AnalysisError.noResidualDegreesOfFreedom(rows: n, parameters: fit.rank)
        }
        let clusterCount = design.clusters == nil ? nil : design.clusterLabels.count
        let covariance = try Sandwich.covariance(fit, type: spec.variance, clusters: design.clusters,
                                                 clusterCount: clusterCount ?? 0,
                                                 rowLines: { data.line(ofRow: design.rows[$0]) })
        let normal = !isLeastSquares && (spec.variance != .classical || !spec.family.estimatesDispersion)
        let t = StudentT(degreesOfFreedom: Double(fit.dfResidual))
        var terms: [RegressionResult.Term] = []
        var k = 0
        for (j, name) in design.columnNames.enumerated() {
            guard fit.kept.contains(j) else {
                terms.append(.init(term: name, estimate: nil, standardError: nil, statistic: nil, pValue: nil, aliased: true))
                continue
            }
            let estimate = fit.coefficients[j]
            let se = covariance[k, k].squareRoot()
            guard se.isFinite, estimate.isFinite else {
                throw AnalysisError.extremeMagnitude((se.isFinite ? "the estimate of '\(name)'" : "the variance of '\(name)'") + " is not a finite number")
            }
            guard se > 0 else {
                throw AnalysisError.extremeMagnitude("the standard error of '\(name)' is 0 to double precision, so no test or interval can be computed")
            }
            let statistic = estimate / se
            let p = normal ? Normal.twoSidedPValue(statistic) : t.twoSidedPValue(statistic)
            terms.append(.init(term: name, estimate: estimate, standardError: se, statistic: statistic, pValue: p, aliased: false))
            k += 1
        }
        return RegressionResult(formula: spec.formula, family: spec.family, link: spec.link, variance: spec.variance,
                                observationCount: n, dfResidual: fit.dfResidual, terms: terms, dropped: design.dropped,
                                dispersion: fit.dispersion, deviance: deviance, iterations: iterations,
                                clusterCount: clusterCount, covariance: covariance, usesNormalReference: normal)
    }

    /// Rejects outcome values the family cannot take, naming the first offending row.
    private static func validateOutcome(_ design: DesignMatrix, family: Family, link: Link, data: Dataset) throws {
        guard let i = design.response.firstIndex(where: { !family.allowsOutcome($0, link: link) }) else { return }
        let name = design.formula.response.name
        let row = design.rows[i]
        throw InputError(file: data.source, line: data.line(ofRow: row),
                         column: data.columnNames.firstIndex(of: name).map { $0 + 1 },
                         problem: "outcome '\(name)' is \(design.response[i]), which the \(family.rawValue) family does not allow",
                         fix: "the \(family.rawValue) family needs \(family.outcomeRule(link: link)); fix the value or use a model that allows it")
    }

    /// Complete or quasi-complete separation in a logit: fitted probabilities numerically 0 or 1
    /// (within 10ε, R's warning threshold), or within 1e-8 of them while some coefficient exceeds
    /// 10 on the logit scale (an odds ratio above 22,000) — the signature of an estimate running
    /// off to infinity that IRLS stopped early (Albert & Anderson 1984, Biometrika 71:1–10).
    private static func separated(_ glm: GeneralizedLinearModel.Result, names: [String]) -> Bool {
        if glm.fittedMeans.contains(where: { $0 < 10 * .ulpOfOne || $0 > 1 - 10 * .ulpOfOne }) { return true }
        let extreme = glm.fittedMeans.contains { $0 <= 1e-8 || $0 >= 1 - 1e-8 }
        let diverging = glm.fit.kept.contains { names[$0] != "(Intercept)" && abs(glm.fit.coefficients[$0]) > 10 }
        return extreme && diverging
    }

    /// The non-intercept term with the largest |estimate| (the one diverging under separation).
    private static func largestCoefficientTerm(_ fit: WeightedFit, names: [String]) -> String {
        let candidates = fit.kept.filter { names[$0] != "(Intercept)" }
        let j = candidates.max { abs(fit.coefficients[$0]) < abs(fit.coefficients[$1]) } ?? fit.kept.first ?? 0
        return names[j]
    }
}
