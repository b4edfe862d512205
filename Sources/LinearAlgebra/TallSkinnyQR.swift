import CLAPACK

/// The triangular factor of a QR decomposition of a tall, thin matrix, computed block by block.
///
/// For `A = QR` (Householder QR, LAPACK `dgeqrf`) only `R` is kept. Blocks of ``RowBlocks/size``
/// rows are stacked under the running factor and re-factorised, `R ← qr([R; A_block]).R`: the
/// incremental form of TSQR (Demmel, Grigori, Hoemmen & Langou 2012, SIAM J. Sci. Comput.
/// 34(1):A206–A239), as backward-stable as one Householder QR of `A`. For p < 128 `dgeqrf` runs
/// its unblocked level-2 kernel, which on one big matrix streams the whole of `A` once per
/// column; on cache-sized blocks it is about 3× faster on 1,000,000 × 21 here. Blocks are
/// processed in order (OpenBLAS threads each block's kernels); splitting the rows across our
/// own threads measured no faster on this bandwidth-bound kernel.
public enum TallSkinnyQR {
    /// The upper-triangular factor `R` ((p+e) × (p+e)) of `D [A | extra₁ … extraₑ]`, where `A`
    /// (`n × p`) comes from `source` block by block, each extra column has `n` entries, and `D` is
    /// the diagonal of `rowScale` (the square roots of weights, for weighted least squares), or
    /// the identity. Signs of `R`'s rows are LAPACK's choice.
    ///
    /// - Complexity: O(n·(p+e)²) time, O(``RowBlocks/size``·(p+e)) memory; one pass over the rows.
    public static func rFactor<S: RowBlockSource>(of source: S, rowScale: [Double]? = nil,
                                                  appending extra: [[Double]] = []) throws -> Matrix {
        let n = source.rowCount, p = source.columnCount, q = p + extra.count
        for e in extra where e.count != n {
            throw LinearAlgebraError.dimensionMismatch("extra column of length \(e.count) beside \(n) rows")
        }
        if let rowScale, rowScale.count != n {
            throw LinearAlgebraError.dimensionMismatch("\(rowScale.count) row scale factors for \(n) rows")
        }
        var r = Matrix(rows: q, columns: q)
        if q == 0 || n == 0 { return r }
        // Rows of the largest block plus the factor's: a small design (a bootstrap replicate's, at
        // every replicate) allocates and clears its own rows, not a whole block's.
        let ld = min(RowBlocks.size, n) + q
        var work = [Double](repeating: 0, count: ld * q)
        var start = 0
        while start < n {
            let m = min(RowBlocks.size, n - start)
            work.withUnsafeMutableBufferPointer { w in
                let base = w.baseAddress!
                // Rows 0..<q: the running factor; rows q..<q+m: the block.
                for j in 0..<q { for i in 0..<q { base[i + j * ld] = i <= j ? r[i, j] : 0 } }
                source.fill(rows: start..<(start + m), into: base + q, leadingDimension: ld)
                for (k, e) in extra.enumerated() {
                    e.withUnsafeBufferPointer { (base + (p + k) * ld + q).update(from: $0.baseAddress! + start, count: m) }
                }
                if let rowScale {
                    for j in 0..<q {
                        let column = base + j * ld + q
                        for i in 0..<m { column[i] *= rowScale[start + i] }
                    }
                }
            }
            r = try upperTriangle(ofQR: &work, rows: q + m, columns: q, leading: ld)
            start += m
        }
        return r
    }

    /// Runs `dgeqrf` on the `rows × columns` matrix in `buffer` (leading dimension `leading`) and
    /// returns the `columns × columns` upper triangle of the result.
    static func upperTriangle(ofQR buffer: inout [Double], rows: Int, columns: Int, leading: Int) throws -> Matrix {
        var tau = [Double](repeating: 0, count: columns)
        let info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(rows), Int32(columns), &buffer, Int32(leading), &tau)
        try LinearAlgebraError.check(info, routine: "dgeqrf", operands: [buffer]) { _ in .singular(position: 0) }
        var r = Matrix(rows: columns, columns: columns)
        for j in 0..<columns { for i in 0...j where i < rows { r[i, j] = buffer[i + j * leading] } }
        return r
    }
}
