import CLAPACK

/// Level-2 and level-3 BLAS products. All go through CBLAS (OpenBLAS when installed).
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

    /// The Gram matrix `selfᵀ · self` by `dsyrk`, symmetrised (both triangles filled).
    /// - Complexity: O(rows·columns²/ 1), half a `dgemm`.
    public func gram() -> Matrix {
        let p = columns
        var c = Matrix(rows: p, columns: p)
        if p == 0 || rows == 0 { return c }
        storage.withUnsafeBufferPointer { a in
            c.storage.withUnsafeMutableBufferPointer { cc in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(rows), 1.0,
                            a.baseAddress, Int32(rows), 0.0, cc.baseAddress, Int32(p))
            }
        }
        c.symmetrizeFromUpper()
        return c
    }

    /// `op(self) · x` by `dgemv`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `x` has the wrong length.
    public func multiplied(by x: [Double], transposingSelf: Bool = false) throws -> [Double] {
        let inner = transposingSelf ? rows : columns
        let outer = transposingSelf ? columns : rows
        guard x.count == inner else {
            throw LinearAlgebraError.dimensionMismatch("matrix (\(rows)×\(columns)) times vector of length \(x.count)")
        }
        var y = [Double](repeating: 0, count: outer)
        if outer == 0 || inner == 0 { return y }
        storage.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xx in
                y.withUnsafeMutableBufferPointer { yy in
                    cblas_dgemv(CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                                Int32(rows), Int32(columns), 1.0, a.baseAddress, Int32(max(1, rows)),
                                xx.baseAddress, 1, 0.0, yy.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// Copies the upper triangle into the lower one.
    mutating func symmetrizeFromUpper() {
        precondition(rows == columns)
        for j in 0..<columns { for i in (j + 1)..<max(j + 1, rows) { self[i, j] = self[j, i] } }
    }
}
