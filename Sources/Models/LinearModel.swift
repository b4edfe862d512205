import LinearAlgebra

/// Ordinary and weighted least squares: `β̂ = argmin Σ wᵢ(yᵢ − xᵢᵀβ)²`, solved by QR of `√W X`
/// (``LeastSquaresFit``) with R's rank detection (tolerance 1e-7, as `lm`).
enum LinearModel {
    static func fit(_ design: DesignMatrix) throws -> WeightedFit {
        let x = design.x, y = design.response
        let n = x.rows
        let rootWeights = design.weights?.map { $0.squareRoot() }
        let ls = try LeastSquaresFit.fit(x: rootWeights.map { x.scalingRows(by: $0) } ?? x,
                                         y: rootWeights.map { w in zip(y, w).map { $0 * $1 } } ?? y)
        var beta = [Double](repeating: 0, count: x.columns)
        for (k, j) in ls.kept.enumerated() { beta[j] = ls.coefficients[k] }
        let fitted = try x.multiplied(by: beta)
        let residuals = zip(y, fitted).map { $0 - $1 }
        let scores = design.weights.map { w in zip(w, residuals).map { $0 * $1 } } ?? residuals
        let df = n - ls.rank
        return WeightedFit(x: x, kept: ls.kept, aliased: ls.aliased, coefficients: beta, r: ls.r,
                           weights: design.weights, scoreResiduals: scores, dfResidual: df,
                           dispersion: df > 0 ? ls.residualSumOfSquares / Double(df) : .nan)
    }
}
