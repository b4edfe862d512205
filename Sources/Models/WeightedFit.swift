import LinearAlgebra

/// What every variance estimator needs from a converged (weighted) least-squares or IRLS fit.
///
/// With `W` the weights of the final weighted least-squares problem (prior weights for least
/// squares, the working weights of the last IRLS step for a GLM, as R's `glm.fit` returns them),
/// ``r`` is the triangular factor of `√W X_kept`, and the score contribution of row i is
/// `uᵢ = scoreResiduals[i] · xᵢ`.
struct WeightedFit {
    /// Unweighted design (all columns; aliased ones are ignored through ``kept``).
    let x: Matrix
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

    var observationCount: Int { x.rows }
    var rank: Int { kept.count }

    /// `X_kept`, without copying when nothing is aliased.
    var keptDesign: Matrix { aliased.isEmpty ? x : x.selectingColumns(kept) }

    /// `Xβ` through BLAS (aliased coefficients are 0).
    func linearPredictor() throws -> [Double] { try x.multiplied(by: coefficients) }
}

extension Matrix {
    /// A copy with row i multiplied by `factors[i]`.
    func scalingRows(by factors: [Double]) -> Matrix {
        var out = self
        out.storage.withUnsafeMutableBufferPointer { s in
            for j in 0..<columns {
                let base = j * rows
                for i in 0..<rows { s[base + i] *= factors[i] }
            }
        }
        return out
    }
}
