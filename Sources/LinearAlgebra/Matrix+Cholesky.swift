import CLAPACK

extension Matrix {
    /// The upper Cholesky factor `U` with `self = UᵀU`, for a symmetric positive-definite `self`
    /// (`dpotrf`; only the upper triangle of `self` is read).
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(order:)`` naming the failing minor.
    public func choleskyUpper() throws -> Matrix {
        guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("Cholesky of a \(rows)×\(columns) matrix") }
        var u = self
        if rows == 0 { return u }
        let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(rows), &u.storage, Int32(rows))
        try LinearAlgebraError.check(info, routine: "dpotrf", operands: [u.storage]) { .notPositiveDefinite(order: $0) }
        for j in 0..<columns { for i in (j + 1)..<max(j + 1, rows) { u[i, j] = 0 } }
        return u
    }

    /// The inverse of a symmetric positive-definite matrix via its Cholesky factor.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(order:)``.
    public func inverseSymmetricPositiveDefinite() throws -> Matrix {
        try choleskyUpper().inverseOfGramFromUpperFactor()
    }
}
