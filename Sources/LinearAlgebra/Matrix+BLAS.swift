import CLAPACK

/// Matrix products through CBLAS (OpenBLAS when installed).
extension Matrix {
    /// `op(self) · op(other)` by `dgemm`, where `op` transposes when the flag is set.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when the inner dimensions differ.
    /// - Complexity: O(m·n·k).
    public func multiplied(by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false) throws -> Matrix {
        let m = transposingSelf ? columns : rows
        let k = transposingSelf ? rows : columns
        let k2 = transposingOther ? other.columns : other.rows
        let n = transposingOther ? other.rows : other.columns
        guard k == k2 else {
            throw LinearAlgebraError.dimensionMismatch("(\(m)×\(k)) · (\(k2)×\(n))")
        }
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 || k == 0 { return c }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                c.storage.withUnsafeMutableBufferPointer { cc in
                    cblas_dgemm(CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                                transposingOther ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1.0,
                                a.baseAddress, Int32(max(1, rows)), b.baseAddress, Int32(max(1, other.rows)),
                                0.0, cc.baseAddress, Int32(max(1, m)))
                }
            }
        }
        return c
    }

    /// Copies the upper triangle into the lower one.
    mutating func symmetrizeFromUpper() {
        precondition(rows == columns)
        for j in 0..<columns { for i in (j + 1)..<max(j + 1, rows) { self[i, j] = self[j, i] } }
    }
}
