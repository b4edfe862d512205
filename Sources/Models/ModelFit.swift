import LinearAlgebra

/// A fitted least-squares model or GLM on a ``DesignMatrix``: the building block of estimators
/// made from models (SUR, recycled predictions, two-part costs, propensity scores), so that they
/// never re-implement a fit.
///
/// `covariance` is the classical `φ (XᵀWX)⁻¹` over the kept (non-aliased) columns, with W the
/// final IRLS weights (prior weights for least squares) and φ the dispersion (σ² for least
/// squares, the Pearson estimate for gamma, 1 for binomial and Poisson), as R's `vcov` of an
/// `lm` or `glm`.
public struct ModelFit: Sendable {
    public let columnNames: [String]
    /// Coefficients of every design column, 0 for aliased columns (so `Xβ` needs no selection).
    public let coefficients: [Double]
    /// Design columns that were estimated, and those aliased (R's rank rule).
    public let kept: [Int]
    public let aliased: [Int]
    /// `(XᵀWX)⁻¹` over the kept columns.
    public let unscaledCovariance: Matrix
    /// `φ (XᵀWX)⁻¹`.
    public let covariance: Matrix
    public let dispersion: Double
    /// μ̂ of every row (the linear predictor through the inverse link).
    public let fittedMeans: [Double]
    /// Working weights of the final IRLS step (prior weights for least squares; nil when all 1).
    public let workingWeights: [Double]?
    /// `sᵢ` with score contribution `uᵢ = sᵢ xᵢ` (for least squares `wᵢ(yᵢ − μ̂ᵢ)`).
    public let scoreResiduals: [Double]
    public let dfResidual: Int
    public let converged: Bool

    /// Position of design column `column` among the kept ones, nil when it is aliased.
    public func keptIndex(of column: Int) -> Int? { kept.firstIndex(of: column) }
}

extension DesignMatrix {
    /// Fits `family` with `link` (default: the family's) to the design, with the rows' prior
    /// weights multiplied by `frequencyWeights` when given (a bootstrap replicate's draw counts:
    /// the fit equals the fit to the data with each row repeated that many times).
    ///
    /// - Parameter rejectingPerfectFit: for least squares, whether zero residuals are an error
    ///   (``AnalysisError/perfectFit``, R's `summary.lm` criterion); an estimator for which an exact
    ///   fit is a valid answer (a constant outcome's zero increment) passes false.
    /// - Throws: ``AnalysisError`` when the model cannot be estimated (no residual df, perfect
    ///   fit, a non-converging or diverging IRLS, separation in a logit).
    /// - Parameter start: starting coefficients for IRLS (every design column), e.g. the full-sample
    ///   estimates when refitting a bootstrap replicate; the fit converges to the same estimates.
    public func fitted(family: Family = .gaussian, link: Link? = nil, frequencyWeights: [Double]? = nil,
                       start: [Double]? = nil, rejectingPerfectFit: Bool = true) throws -> ModelFit {
        var design = self
        if let frequencyWeights {
            design.weights = weights.map { zip($0, frequencyWeights).map { $0 * $1 } } ?? frequencyWeights
        }
        let link = link ?? family.defaultLink
        let fit: WeightedFit
        let converged: Bool
        let means: [Double]
        if family == .gaussian && link == .identity {
            fit = try LinearModel.fit(design, rejectingPerfectFit: rejectingPerfectFit)
            means = try design.times(fit.coefficients)
            converged = true
        } else {
            let glm = try GeneralizedLinearModel.fit(design, family: family, link: link, start: start)
            if family == .binomial, let term = glm.separatedTerm(names: columnNames) { throw AnalysisError.separation(term: term) }
            fit = glm.fit
            means = glm.fittedMeans
            converged = glm.converged
        }
        guard fit.dfResidual > 0 else {
            throw AnalysisError.noResidualDegreesOfFreedom(rows: design.rowCount, parameters: fit.rank)
        }
        let bread = try fit.r.inverseOfGramFromUpperFactor()
        return ModelFit(columnNames: columnNames, coefficients: fit.coefficients, kept: fit.kept, aliased: fit.aliased,
                        unscaledCovariance: bread,
                        covariance: Matrix(rows: bread.rows, columns: bread.columns, columnMajor: bread.storage.map { $0 * fit.dispersion }),
                        dispersion: fit.dispersion, fittedMeans: means, workingWeights: fit.weights,
                        scoreResiduals: fit.scoreResiduals, dfResidual: fit.dfResidual, converged: converged)
    }
}

extension DesignMatrix {
    /// The same design with another response and prior weights (e.g. the two parts of a two-part
    /// model: an indicator of any cost, and the positive costs with weight 0 on the zeros).
    public func replacing(response: [Double], weights: [Double]?) -> DesignMatrix {
        precondition(response.count == rowCount && (weights?.count ?? rowCount) == rowCount)
        var design = self
        design.response = response
        design.weights = weights
        return design
    }
}
