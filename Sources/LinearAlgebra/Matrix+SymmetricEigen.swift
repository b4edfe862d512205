import CLAPACK

/// Eigen-decomposition of a symmetric matrix (`dsyevr`, the routine behind R's
/// `eigen(symmetric = TRUE)`).
public struct SymmetricEigen: Sendable, Equatable {
    /// Eigenvalues in ascending order.
    public let values: [Double]
    /// Orthonormal eigenvectors: column `i` belongs to `values[i]`.
    public let vectors: Matrix

    /// `V f(Λ) Vᵀ`: the matrix function `f` applied to the eigenvalues (e.g. `λ^(-1/2)` for an
    /// inverse square root, with small eigenvalues mapped to 0 for a generalised inverse).
    public func reconstructed(applying f: (Double) -> Double) -> Matrix {
        let n = values.count
        var out = Matrix(rows: n, columns: n)
        let scaled = values.map(f)
        for j in 0..<n {
            for i in 0...j {
                var s = 0.0
                for r in 0..<n { s += vectors[i, r] * scaled[r] * vectors[j, r] }
                out[i, j] = s
                out[j, i] = s
            }
        }
        return out
    }
}

extension Matrix {
    /// The eigenvalues (ascending) and orthonormal eigenvectors of symmetric `self`; only the
    /// lower triangle is read, as R's `eigen(symmetric = TRUE)` does.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` for a non-square matrix,
    ///   ``LinearAlgebraError/noConvergence(routine:)`` when LAPACK's iteration fails.
    /// - Complexity: O(n³).
    public func symmetricEigen() throws -> SymmetricEigen {
        guard rows == columns else { throw LinearAlgebraError.dimensionMismatch("eigen-decomposition of a \(rows)×\(columns) matrix") }
        let n = rows
        if n == 0 { return SymmetricEigen(values: [], vectors: Matrix(rows: 0, columns: 0)) }
        var a = storage
        var found: Int32 = 0
        var values = [Double](repeating: 0, count: n)
        var vectors = Matrix(rows: n, columns: n)
        var support = [Int32](repeating: 0, count: 2 * n)
        let info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "A")), Int8(UInt8(ascii: "L")),
                                  Int32(n), &a, Int32(n), 0, 0, 0, 0, 0, &found, &values, &vectors.storage, Int32(n), &support)
        try LinearAlgebraError.check(info, routine: "dsyevr") { _ in .noConvergence(routine: "dsyevr") }
        guard Int(found) == n else { throw LinearAlgebraError.noConvergence(routine: "dsyevr") }
        return SymmetricEigen(values: values, vectors: vectors)
    }
}
