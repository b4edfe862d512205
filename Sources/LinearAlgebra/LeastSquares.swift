/// Least squares `min ‖y − Xβ‖²` by QR, with R's rank detection.
///
/// `X` is factorised once by ``TallSkinnyQR`` with `y` appended as a last column, so that
/// `[X y] = Q [R z; 0 ρ]`: then `β = R⁻¹ z` and the residual sum of squares is `ρ²`.
/// Aliased columns (see ``TallSkinnyQR/revealRank(of:leading:tolerance:)``) get no coefficient.
/// Weighted least squares is the same problem on rows scaled by `√wᵢ` (the caller scales).
public struct LeastSquaresFit: Sendable, Equatable {
    /// Columns of `X` that were estimated, ascending.
    public let kept: [Int]
    /// Columns of `X` found linearly dependent on earlier ones (R's `NA` coefficients).
    public let aliased: [Int]
    /// Coefficients of the kept columns, in the order of ``kept``.
    public let coefficients: [Double]
    /// The `k × k` upper-triangular factor of `X_kept` (so `X_keptᵀ X_kept = RᵀR`).
    public let r: Matrix
    /// `‖y − Xβ‖²`.
    public let residualSumOfSquares: Double

    /// Number of estimated coefficients (the numerical rank of `X`).
    public var rank: Int { kept.count }

    /// Fits `y` on the columns of `x`: minimises `Σ (sᵢ(yᵢ − xᵢᵀβ))²` with `s = rowScale`
    /// (`√wᵢ` for weighted least squares) or 1.
    ///
    /// - Parameter tolerance: relative tolerance of rank detection; R's `lm` default 1e-7.
    /// - Throws: ``LinearAlgebraError`` on inconsistent shapes.
    /// - Complexity: O(n·p²), one pass over the rows of `x`.
    public static func fit<S: RowBlockSource>(x: S, y: [Double], rowScale: [Double]? = nil,
                                              tolerance: Double = 1e-7) throws -> LeastSquaresFit {
        guard y.count == x.rowCount else {
            throw LinearAlgebraError.dimensionMismatch("design has \(x.rowCount) rows, response \(y.count)")
        }
        let full = try TallSkinnyQR.rFactor(of: x, rowScale: rowScale, appending: [y])
        let revealed = TallSkinnyQR.revealRank(of: full, leading: x.columnCount, tolerance: tolerance)
        let k = revealed.kept.count
        let r = revealed.r.selecting(rows: Array(0..<k), columns: Array(0..<k))
        let z = (0..<k).map { revealed.r[$0, k] }
        let beta = try r.solveUpperTriangular(z)
        let rho = revealed.r[k, k]
        return LeastSquaresFit(kept: revealed.kept, aliased: revealed.aliased, coefficients: beta,
                               r: r, residualSumOfSquares: rho * rho)
    }
}
