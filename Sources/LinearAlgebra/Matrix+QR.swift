import CLAPACK

extension Matrix {
    /// The upper-trapezoidal factor `R` (`min(rows, columns) × columns`) of the Householder QR
    /// `self = Q R` (`dgeqrf`), with `Q` orthogonal and never formed. For `[A b]` the last
    /// column of `R` holds `Qᵀb` on the rows that span `A`, as ``LeastSquaresFit`` uses it.
    /// Backward stable whatever the rank of `self`: rank-deficient columns give small or zero
    /// diagonal entries, and `Q` stays orthogonal.
    /// - Complexity: O(rows · columns²).
    public func householderUpperFactor() throws -> Matrix {
        let m = Swift.min(rows, columns)
        if m == 0 { return Matrix(rows: 0, columns: columns) }
        var work = storage
        var tau = [Double](repeating: 0, count: m)
        let info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(rows), Int32(columns), &work, Int32(rows), &tau)
        try LinearAlgebraError.check(info, routine: "dgeqrf") { _ in .singular(position: 0) }
        var r = Matrix(rows: m, columns: columns)
        for j in 0..<columns { for i in 0..<Swift.min(j + 1, m) { r[i, j] = work[i + j * rows] } }
        return r
    }

    /// The inverse of upper-triangular `self` (`dtrtri`).
    /// - Throws: ``LinearAlgebraError/singular(position:)`` for a zero diagonal entry.
    public func upperTriangularInverse() throws -> Matrix {
        guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("triangular inverse of a \(rows)×\(columns) matrix") }
        var out = Matrix(rows: rows, columns: columns)
        if rows == 0 { return out }
        for j in 0..<columns { for i in 0...j { out[i, j] = self[i, j] } }
        let info = LAPACKE_dtrtri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int8(UInt8(ascii: "N")), Int32(rows), &out.storage, Int32(rows))
        try LinearAlgebraError.check(info, routine: "dtrtri") { .singular(position: $0) }
        return out
    }
}
