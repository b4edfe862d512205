import LinearAlgebra

/// Two equations fitted jointly by seemingly unrelated regressions (Zellner 1962), as R's
/// `systemfit(method = "SUR")` with its defaults: the equations' OLS residuals give
/// Σ with σ_ij = e_iᵀe_j/√((n−k_i)(n−k_j)) ("geomean"); then one GLS step
/// β = (Xᵀ(Σ⁻¹⊗I)X)⁻¹Xᵀ(Σ⁻¹⊗I)y on the stacked system X = diag(X₁, X₂), whose inverse is the
/// coefficient covariance. The GLS step is solved by QR of the whitened system (U⊗I)X with
/// UᵀU = Σ⁻¹, not by inverting XᵀΩ⁻¹X. With identical regressors SUR equals OLS.
public struct SeeminglyUnrelatedFit: Sendable {
    /// One equation: its design without aliased columns, response, OLS residuals and rank.
    public struct Equation: Sendable {
        public let design: Matrix
        public let response: [Double]
        public let residuals: [Double]
        public var rank: Int { design.columns }
        public init(design: Matrix, response: [Double], residuals: [Double]) {
            self.design = design
            self.response = response
            self.residuals = residuals
        }
    }

    /// Stacked coefficients: the first equation's columns, then the second's.
    public let coefficients: [Double]
    /// `(Xᵀ(Σ⁻¹⊗I)X)⁻¹` over the stacked coefficients.
    public let covariance: Matrix
    /// Σ from the OLS residuals, and its inverse.
    public let residualCovariance: Matrix
    public let residualCovarianceInverse: Matrix
    /// The SUR residuals of each equation (y − Xβ at the GLS estimates).
    public let residuals: [[Double]]
    /// Columns of the first equation (its coefficients are `coefficients[0..<firstColumns]`).
    public let firstColumns: Int

    /// - Throws: ``AnalysisError/extremeMagnitude(_:)`` when Σ is not finite,
    ///   ``LinearAlgebraError`` when Σ is singular, ``AnalysisError`` when the stacked system is
    ///   rank deficient.
    public init(_ first: Equation, _ second: Equation) throws {
        let n = first.response.count
        func sigma(_ a: Equation, _ b: Equation) -> Double {
            zip(a.residuals, b.residuals).reduce(0.0) { $0 + $1.0 * $1.1 } / (Double(n - a.rank) * Double(n - b.rank)).squareRoot()
        }
        let s11 = sigma(first, first), s12 = sigma(first, second), s22 = sigma(second, second)
        guard s11.isFinite, s12.isFinite, s22.isFinite else { throw AnalysisError.extremeMagnitude("the SUR residual covariance") }
        residualCovariance = Matrix(rowMajor: [[s11, s12], [s12, s22]])
        residualCovarianceInverse = try residualCovariance.inverseSymmetricPositiveDefinite()
        let u = try residualCovarianceInverse.choleskyUpper()
        let x1 = first.design, x2 = second.design
        let p1 = x1.columns, p2 = x2.columns
        // Whitened stacked system: rows 0..<n = [u₁₁X₁, u₁₂X₂], rows n..<2n = [0, u₂₂X₂].
        var x = Matrix(rows: 2 * n, columns: p1 + p2)
        for j in 0..<p1 { for i in 0..<n { x[i, j] = u[0, 0] * x1[i, j] } }
        for j in 0..<p2 {
            for i in 0..<n {
                x[i, p1 + j] = u[0, 1] * x2[i, j]
                x[n + i, p1 + j] = u[1, 1] * x2[i, j]
            }
        }
        let y = (0..<n).map { u[0, 0] * first.response[$0] + u[0, 1] * second.response[$0] } + second.response.map { u[1, 1] * $0 }
        let fit = try LeastSquaresFit.fit(x: x, y: y)
        guard fit.aliased.isEmpty else { throw AnalysisError.numericalFailure("the stacked SUR system is rank deficient") }
        coefficients = fit.coefficients
        covariance = try fit.r.inverseOfGramFromUpperFactor()
        firstColumns = p1
        let beta1 = Matrix(rows: p1, columns: 1, columnMajor: Array(fit.coefficients[0..<p1]))
        let beta2 = Matrix(rows: p2, columns: 1, columnMajor: Array(fit.coefficients[p1...]))
        residuals = [zip(first.response, try x1.multiplied(by: beta1).storage).map { $0 - $1 },
                     zip(second.response, try x2.multiplied(by: beta2).storage).map { $0 - $1 }]
    }

    /// The influence function of stacked coefficient `k` row by row: row k of B times
    /// Xᵢᵀ Σ⁻¹ eᵢ (Xᵢ the two rows of observation i in the stacked design, eᵢ its SUR residuals),
    /// for cluster-robust variances.
    public func influence(of k: Int, first: Matrix, second: Matrix) -> [Double] {
        let n = residuals[0].count, p1 = firstColumns
        let w = residualCovarianceInverse
        return (0..<n).map { i in
            let score1 = w[0, 0] * residuals[0][i] + w[0, 1] * residuals[1][i]
            let score2 = w[1, 0] * residuals[0][i] + w[1, 1] * residuals[1][i]
            var value = 0.0
            for j in 0..<p1 { value += covariance[k, j] * first[i, j] * score1 }
            for j in 0..<second.columns { value += covariance[k, p1 + j] * second[i, j] * score2 }
            return value
        }
    }
}
