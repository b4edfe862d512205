import LinearAlgebra

/// What every variance estimator needs from a converged (weighted) least-squares or IRLS fit.
///
/// With `W` the weights of the final weighted least-squares problem (prior weights for least
/// squares, the working weights of the last IRLS step for a GLM, as R's `glm.fit` returns them),
/// ``r`` is the triangular factor of `√W X_kept`, and the score contribution of row i is
/// `uᵢ = scoreResiduals[i] · xᵢ`.
struct WeightedFit {
    /// The design (all columns; aliased ones are ignored through ``kept``).
    let design: DesignMatrix
    let kept: [Int]
    let aliased: [Int]
    /// Coefficients for every column, 0 for aliased ones (so `X β` needs no column selection).
    let coefficients: [Double]
    let r: Matrix
    /// `W`, or nil when all weights are 1.
    let weights: [Double]?
    /// `sᵢ` with `uᵢ = sᵢ xᵢ`.
    let scoreResiduals: [Double]
    /// Residual degrees of freedom n − k (rows with zero weight excluded).
    let dfResidual: Int
    /// φ for the classical variance: σ² = Σ wᵢeᵢ²/(n−k), or the GLM dispersion.
    let dispersion: Double

    var observationCount: Int { design.rowCount }
    var rank: Int { kept.count }

    /// `X_kept` as a block source (the design itself when nothing is aliased).
    var keptDesign: any RowBlockSource {
        aliased.isEmpty ? design : SelectedColumns(design, columns: kept)
    }
}

extension LeastSquaresFit {
    /// Coefficients for all `columns`, 0 for aliased ones.
    func coefficientsWithZeros(columns: Int) -> [Double] {
        var beta = [Double](repeating: 0, count: columns)
        for (k, j) in kept.enumerated() { beta[j] = coefficients[k] }
        return beta
    }
}
