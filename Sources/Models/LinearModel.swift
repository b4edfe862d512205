import LinearAlgebra

/// Ordinary and weighted least squares: `β̂ = argmin Σ wᵢ(yᵢ − xᵢᵀβ)²`, solved by QR of `√W X`
/// (``LeastSquaresFit``) with R's rank detection (tolerance 1e-7, as `lm`).
enum LinearModel {
    /// - Parameter rejectingPerfectFit: throw ``AnalysisError/perfectFit`` for zero residuals (a
    ///   regression to report); estimators for which an exact fit is a valid answer pass false.
    static func fit(_ design: DesignMatrix, rejectingPerfectFit: Bool = true) throws -> WeightedFit {
        let y = design.response
        let ls = try LeastSquaresFit.fit(x: design, y: y, rowScale: design.weights?.map { $0.squareRoot() })
        let beta = ls.coefficientsWithZeros(columns: design.columnCount)
        let fitted = try design.times(beta)
        var scores = [Double](repeating: 0, count: y.count)
        for i in 0..<y.count { scores[i] = (y[i] - fitted[i]) * (design.weights?[i] ?? 1) }
        let df = design.rowCount - ls.rank
        // R's summary.lm: "essentially perfect fit" when σ² < (mean(f)² + var(f))·1e-30.
        let n = Double(fitted.count)
        let mean = fitted.reduce(0, +) / n
        let spread = fitted.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
        if rejectingPerfectFit, df > 0, ls.residualSumOfSquares / Double(df) < (mean * mean + spread) * 1e-30 { throw AnalysisError.perfectFit }
        return WeightedFit(design: design, kept: ls.kept, aliased: ls.aliased, coefficients: beta, r: ls.r,
                           weights: design.weights, scoreResiduals: scores, dfResidual: df,
                           dispersion: df > 0 ? ls.residualSumOfSquares / Double(df) : .nan)
    }
}
