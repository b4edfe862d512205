import CLAPACK

/// Products over a ``RowBlockSource``, computed block by block with BLAS.
extension RowBlockSource {
    /// `A·β` (`dgemv` per block).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `beta` has the wrong length.
    public func times(_ beta: [Double]) throws -> [Double] {
        guard beta.count == columnCount else {
            throw LinearAlgebraError.dimensionMismatch("\(columnCount) columns times a vector of length \(beta.count)")
        }
        var out = [Double](repeating: 0, count: rowCount)
        if columnCount == 0 { return out }
        out.withUnsafeMutableBufferPointer { o in
            RowBlocks.forEach(self) { block in
                cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(block.rows.count), Int32(block.columns), 1.0,
                            block.entries, Int32(block.rows.count), beta, 1, 0.0,
                            o.baseAddress! + block.rows.lowerBound, 1)
            }
        }
        return out
    }

    /// `(DA)ᵀ(DA) = Σ dᵢ² aᵢaᵢᵀ` with `D = diag(rowScale)` (`dsyrk` per block, accumulated).
    public func gram(rowScale: [Double]? = nil) -> Matrix {
        let p = columnCount
        var c = Matrix(rows: p, columns: p)
        if p == 0 { return c }
        c.storage.withUnsafeMutableBufferPointer { cc in
            RowBlocks.forEach(self, rowScale: rowScale) { block in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(block.rows.count), 1.0,
                            block.entries, Int32(block.rows.count), 1.0, cc.baseAddress, Int32(p))
            }
        }
        c.symmetrizeFromUpper()
        return c
    }

    /// Squared row norms of `D A R⁻¹` for upper-triangular `r`: with `R` the QR factor of `DA`,
    /// these are the hat values (leverages) `hᵢ`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `r` does not fit.
    public func rowNormsSquared(afterSolvingWith r: Matrix, rowScale: [Double]? = nil) throws -> [Double] {
        guard r.rows == r.columns, r.rows == columnCount else {
            throw LinearAlgebraError.dimensionMismatch("\(columnCount) columns with a \(r.rows)×\(r.columns) factor")
        }
        var h = [Double](repeating: 0, count: rowCount)
        if columnCount == 0 { return h }
        h.withUnsafeMutableBufferPointer { out in
            r.storage.withUnsafeBufferPointer { rr in
                RowBlocks.forEach(self, rowScale: rowScale) { block in
                    let m = block.rows.count
                    cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit,
                                Int32(m), Int32(block.columns), 1.0, rr.baseAddress, Int32(block.columns),
                                block.entries, Int32(m))
                    for j in 0..<block.columns {
                        let column = block.entries + j * m
                        for i in 0..<m { out[block.rows.lowerBound + i] += column[i] * column[i] }
                    }
                }
            }
        }
        return h
    }

    /// Calls `body` with consecutive blocks of rows of `D A R⁻¹` (`D = diag(rowScale)`, `R`
    /// upper triangular), each block solved in place by `dtrsm`: with `R` the QR factor of `DA`
    /// these are the rows of the thin `Q`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `r` does not fit, or what `body` throws.
    public func forEachBlock(afterSolvingWith r: Matrix, rowScale: [Double]? = nil, _ body: (RowBlock) throws -> Void) throws {
        guard r.rows == r.columns, r.rows == columnCount else {
            throw LinearAlgebraError.dimensionMismatch("\(columnCount) columns with a \(r.rows)×\(r.columns) factor")
        }
        try r.storage.withUnsafeBufferPointer { rr in
            try RowBlocks.forEach(self, rowScale: rowScale) { block in
                if block.columns > 0 {
                    cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit,
                                Int32(block.rows.count), Int32(block.columns), 1.0, rr.baseAddress, Int32(block.columns),
                                block.entries, Int32(block.rows.count))
                }
                try body(block)
            }
        }
    }
}
