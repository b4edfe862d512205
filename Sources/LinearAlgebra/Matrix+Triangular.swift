import CLAPACK

/// Solves and inverses with an upper-triangular factor `R` (as from a QR or Cholesky).
extension Matrix {
    /// Solves `R x = b` (or `Rᵀ x = b`) for upper-triangular `self` by `dtrtrs`.
    /// - Throws: ``LinearAlgebraError/singular(position:)`` when a diagonal entry is exactly zero.
    public func solveUpperTriangular(_ b: [Double], transposed: Bool = false) throws -> [Double] {
        guard rows == columns, b.count == rows else {
            throw LinearAlgebraError.dimensionMismatch("triangular \(rows)×\(columns) with right-hand side of length \(b.count)")
        }
        if rows == 0 { return [] }
        var x = b
        var a = storage
        let info = LAPACKE_dtrtrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int8(UInt8(ascii: transposed ? "T" : "N")),
                                  Int8(UInt8(ascii: "N")), Int32(rows), 1, &a, Int32(rows), &x, Int32(rows))
        try LinearAlgebraError.check(info, routine: "dtrtrs", operands: [a, x]) { .singular(position: $0) }
        return x
    }

    /// `(RᵀR)⁻¹` for upper-triangular `self = R` (`dpotri`): with `R` from a QR of `X` this is
    /// `(XᵀX)⁻¹`, computed from the factor without ever forming or inverting `XᵀX`.
    /// - Throws: ``LinearAlgebraError/singular(position:)`` when `R` has a zero diagonal entry.
    public func inverseOfGramFromUpperFactor() throws -> Matrix {
        guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("factor is \(rows)×\(columns), not square") }
        var out = Matrix(rows: rows, columns: columns)
        if rows == 0 { return out }
        for j in 0..<columns { for i in 0...j { out[i, j] = self[i, j] } }
        let info = LAPACKE_dpotri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(rows), &out.storage, Int32(rows))
        try LinearAlgebraError.check(info, routine: "dpotri", operands: [out.storage]) { .singular(position: $0) }
        out.symmetrizeFromUpper()
        return out
    }
}
