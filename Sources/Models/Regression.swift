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

    /// Below this many clusters CR1 output carries a warning recommending CR2 (Cameron & Miller
    /// 2015, J Human Resources 50:317–372, on inference with few clusters).
    public static let fewClusters = 30

    /// Fits `spec` to `data`.
    ///
    /// Gaussian with identity link is least squares (R's `lm`); everything else is a GLM by
    /// IRLS (R's `glm`). p-values: Student's t with the residual degrees of freedom for least
    /// squares (any variance but CR2) and for classical GLM variances when the dispersion is
    /// estimated (as `summary.glm`); with CR2, Student's t with each coefficient's Satterthwaite
    /// degrees of freedom (as `clubSandwich::coef_test`); the standard normal otherwise (as
    /// `lmtest::coeftest` on a `glm`). Each term carries the degrees of freedom it used.
    ///
    /// CR1 with fewer than ``fewClusters`` clusters adds a warning recommending CR2.
    ///
    /// - Throws: ``InputError`` for bad input (unknown columns, invalid outcome values, an
    ///   unsupported family/link pair, CR1/CR2 without a cluster column, CR2 for a GLM);
    ///   ``AnalysisError`` when the model cannot be estimated (too few rows, constant GLM
    ///   outcome, separation, no convergence).
    public static func fit(_ spec: Specification, to data: Dataset) throws -> RegressionResult {
        guard spec.family.supportedLinks.contains(spec.link) else {
            throw InputError(parameter: .link, problem: "the \(spec.family.rawValue) family cannot use the \(spec.link.rawValue) link",
                             fix: "use \(parameter: .link) \(spec.family.supportedLinks.map(\.rawValue).joined(separator: " or "))")
        }
        let isLeastSquares = spec.family == .gaussian && spec.link == .identity
        if spec.variance.leastSquaresOnly, !isLeastSquares {
            throw InputError(parameter: .variance,
                             problem: "\(spec.variance.rawValue) is for least squares (the gaussian family with the identity link), not a \(spec.family.rawValue) GLM with the \(spec.link.rawValue) link",
                             fix: "use \(parameter: .variance) CR1 for a GLM, or fit a linear model")
        }
        if spec.variance.needsClusters, spec.cluster == nil {
            throw InputError(parameter: .variance, problem: "\(spec.variance.rawValue) needs clusters", fix: "name the cluster column with \(parameter: .cluster) COLUMN")
        }
        if let cluster = spec.cluster, !spec.variance.needsClusters {
            throw InputError(parameter: .cluster, problem: "'\(cluster)' would only drop rows: clusters are used by the CR1 and CR2 variances alone",
                             fix: "add \(parameter: .variance) CR1 or CR2, or leave out \(parameter: .cluster)")
        }
        let design = try DesignMatrix.build(from: data, formula: spec.formula, weights: spec.weights, cluster: spec.cluster)
        try validateOutcome(design, family: spec.family, link: spec.link, data: data)
        let n = design.rowCount, p = design.columnCount
        // Refused before any fitting work (which grows as p² and n·p²): R would fit and mark the
        // excess columns aliased, but no more than n parameters can be estimated.
        guard p <= n else { throw AnalysisError.tooFewRows(rows: n, parameters: p) }

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
            if spec.family == .binomial, let term = glm.separatedTerm(names: design.columnNames) {
                throw AnalysisError.separation(term: term)
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
        let covariance: Matrix
        // Degrees of freedom of each kept coefficient's t reference; nil for the normal.
        let termDF: [Double?]
        let normal = !isLeastSquares && (spec.variance != .classical || !spec.family.estimatesDispersion)
        if spec.variance == .CR2 {
            let cr2 = try Sandwich.cr2(fit, clusters: design.clusters, clusterCount: clusterCount ?? 0)
            covariance = cr2.covariance
            termDF = try (0..<fit.rank).map { k in
                var unit = [Double](repeating: 0, count: fit.rank)
                unit[k] = 1
                return try cr2.satterthwaiteDegreesOfFreedom(unit)
            }
        } else {
            covariance = try Sandwich.covariance(fit, type: spec.variance, clusters: design.clusters,
                                                 clusterCount: clusterCount ?? 0,
                                                 rowLines: { data.line(ofRow: design.rows[$0]) })
            termDF = Array(repeating: normal ? nil : Double(fit.dfResidual), count: fit.rank)
        }
        var terms: [RegressionResult.Term] = []
        var k = 0
        for (j, name) in design.columnNames.enumerated() {
            guard fit.kept.contains(j) else {
                terms.append(.init(term: name, estimate: nil, standardError: nil, statistic: nil, pValue: nil, aliased: true,
                                   degreesOfFreedom: nil))
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
            let df = termDF[k]
            if let df, !(df > 0 && df.isFinite) {
                throw AnalysisError.extremeMagnitude("the Satterthwaite degrees of freedom of '\(name)' are not a finite positive number")
            }
            let statistic = estimate / se
            let p = df.map { StudentT(degreesOfFreedom: $0).twoSidedPValue(statistic) } ?? Normal.twoSidedPValue(statistic)
            terms.append(.init(term: name, estimate: estimate, standardError: se, statistic: statistic, pValue: p, aliased: false,
                               degreesOfFreedom: df))
            k += 1
        }
        var warnings: [Message] = try absorbedTerms(design, fit: fit)
        if spec.variance == .CR1, let g = clusterCount, g < fewClusters {
            warnings.append("CR1 standard errors from \(g) clusters are biased downwards (fewer than \(fewClusters) clusters) and its t tests reject too often; consider \(parameter: .variance) CR2\(isLeastSquares ? "" : " with a linear model"), the bias-reduced variance with Satterthwaite degrees of freedom")
        }
        return RegressionResult(formula: spec.formula, family: spec.family, link: spec.link, variance: spec.variance,
                                observationCount: n, dfResidual: fit.dfResidual, terms: terms, dropped: design.dropped,
                                dispersion: fit.dispersion, deviance: deviance, iterations: iterations,
                                clusterCount: clusterCount, covariance: covariance, usesNormalReference: normal,
                                warnings: warnings)
    }

    /// Rejects outcome values the family cannot take, naming the first offending row.
    private static func validateOutcome(_ design: DesignMatrix, family: Family, link: Link, data: Dataset) throws {
        guard let i = design.response.firstIndex(where: { !family.allowsOutcome($0, link: link) }) else { return }
        let name = design.formula.response.name
        let row = design.rows[i]
        throw InputError(file: data.source, line: data.line(ofRow: row),
                         column: design.formula.response.columns.first.flatMap { data.columnNames.firstIndex(of: $0) }.map { $0 + 1 },
                         problem: "outcome '\(name)' is \(design.response[i]), which the \(family.rawValue) family does not allow",
                         fix: "the \(family.rawValue) family needs \(family.outcomeRule(link: link)); fix the value or use a model that allows it")
    }

    /// Terms reported with an estimate although they lie (partly) in the span of the other terms,
    /// so that R's rule — keep the earlier column, alias the later — decided which one is
    /// estimated: `arm + C(site)` with sites nested in arms reports a contrast between sites as
    /// the arm's coefficient. Checked only when a column of categorical dummies (fixed effects)
    /// was aliased — plain collinearity among numeric columns is R's ordinary aliasing: term t is
    /// absorbed when rank(X without t) + (t's kept columns) > rank(X). One warning per such term,
    /// naming the aliased terms.
    private static func absorbedTerms(_ design: DesignMatrix, fit: WeightedFit) throws -> [Message] {
        let aliasedTerms = Set(fit.aliased.filter(design.involvesCategorical).compactMap { design.columnTerms[$0] })
        guard !aliasedTerms.isEmpty else { return [] }
        let aliasedText = aliasedTerms.sorted().map { "'\(design.formula.terms[$0].label)'" }.joined(separator: ", ")
        var warnings: [Message] = []
        for t in design.formula.terms.indices where !aliasedTerms.contains(t) {
            let own = fit.kept.filter { design.columnTerms[$0] == t }
            guard !own.isEmpty else { continue }
            let others = (0..<design.columnCount).filter { design.columnTerms[$0] != t }
            let rest = try LeastSquaresFit.fit(x: SelectedColumns(design, columns: others), y: design.response,
                                               rowScale: design.weights?.map { $0.squareRoot() })
            guard rest.rank + own.count > fit.rank else { continue }
            let label = design.formula.terms[t].label
            warnings.append("'\(label)' lies in the span of the other terms (\(aliasedText) aliased in its place), so its estimate depends on which of them is dropped (R drops the later one) and is not an effect of '\(label)' alone — an arm with sites nested in it reports a contrast between sites; remove the terms that absorb it to estimate it")
        }
        return warnings
    }
}
