import LinearAlgebra
import Models
import Tabular

/// One least-squares equation `outcome ~ arm + covariates` with the arm coefficient as a linear
/// functional of the response: β_arm = Σ wᵢyᵢ, w = X(XᵀX)⁻¹e_arm (influence weights).
struct ArmEquation {
    let design: DesignMatrix
    let fit: ModelFit
    let coefficient: Double
    let weights: [Double]
    let residuals: [Double]
    let rank: Int
    let response: [Double]
    /// The design without aliased columns (for the bootstrap and SUR), and the arm's column in it.
    let keptDesign: Matrix
    let armKept: Int

    /// ψᵢ = wᵢeᵢ: the arm coefficient's influence function.
    var influence: [Double] { zip(weights, residuals).map { $0 * $1 } }

    /// σ²Σwᵢ² = σ²[(XᵀX)⁻¹]_arm,arm with σ² = eᵀe/(n − k), as `lm`.
    var classicalVariance: Double {
        let sigma2 = residuals.reduce(0.0) { $0 + $1 * $1 } / Double(residuals.count - rank)
        return sigma2 * weights.reduce(0.0) { $0 + $1 * $1 }
    }

    /// - Parameter priorWeights: weights of a weighted least-squares fit (propensity weights), one
    ///   per analysed row; then ``weights`` are aᵢwᵢ (β_arm = Σ aᵢwᵢyᵢ, a = X(XᵀWX)⁻¹e_arm) and
    ///   ``residuals`` the raw yᵢ − ŷᵢ, so that ψᵢ = aᵢwᵢeᵢ as before.
    init(_ d: CEAData, outcome: String, parameter: Parameter, covariates: Formula?, priorWeights: [Double]? = nil) throws {
        let built = try DesignMatrix.build(from: d.data, formula: d.formula(outcome: outcome, parameter: parameter, covariates: covariates))
        design = priorWeights.map { built.replacing(response: built.response, weights: $0) } ?? built
        guard design.rowCount > design.columnCount else {
            throw AnalysisError.tooFewRows(rows: design.rowCount, parameters: design.columnCount)
        }
        let fit = try design.fitted(rejectingPerfectFit: false)
        guard let arm = design.columnNames.firstIndex(of: CEAData.indicator), let k = fit.keptIndex(of: arm) else {
            throw AnalysisError.numericalFailure("the arm indicator is a linear combination of the covariates of '\(outcome)'; remove covariates that are constant within arms")
        }
        let x = design.materialized()
        let kept = fit.aliased.isEmpty ? x : x.selectingColumns(fit.kept)
        let a = (0..<fit.kept.count).map { fit.unscaledCovariance[$0, k] }
        let influenceWeights = try kept.multiplied(by: Matrix(rows: a.count, columns: 1, columnMajor: a)).storage
        weights = priorWeights.map { zip(influenceWeights, $0).map { $0 * $1 } } ?? influenceWeights
        self.fit = fit
        keptDesign = kept
        residuals = priorWeights == nil ? fit.scoreResiduals : zip(design.response, fit.fittedMeans).map { $0 - $1 }
        coefficient = fit.coefficients[arm]
        rank = fit.kept.count
        response = design.response
        armKept = k
    }

    /// The arm coefficient refitted with row frequency weights.
    func coefficient(weights: [Double]) throws -> Double {
        try design.fitted(frequencyWeights: weights, rejectingPerfectFit: false).coefficients[design.columnNames.firstIndex(of: CEAData.indicator)!]
    }

    /// The arm coefficient under CR2: its adjusted cluster scores s_g = e_armᵀB X_gᵀA_g e_g
    /// (Var = Σ s_g²) and its Satterthwaite degrees of freedom (Bell & McCaffrey 2002,
    /// ``BiasReducedLinearization``).
    struct CR2 {
        let scores: [Double]
        let degreesOfFreedom: Double
    }

    func cr2(clusters: [Int], count: Int) throws -> CR2 {
        var contrast = [Double](repeating: 0, count: rank)
        contrast[armKept] = 1
        let decomposition = try BiasReducedLinearization.decompose(design: keptDesign, residuals: residuals, clusters: clusters,
                                                                   clusterCount: count, weights: nil)
        return CR2(scores: try decomposition.contrastScores(contrast),
                   degreesOfFreedom: try decomposition.satterthwaiteDegreesOfFreedom(contrast))
    }
}
