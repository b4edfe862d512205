import CLAPACK

/// The triangular factor of a QR decomposition of a tall, thin matrix, computed block by block.
///
/// For `A = QR` (Householder QR, LAPACK `dgeqrf`) only `R` is kept. Blocks of ``blockRows``
/// rows are stacked under the running factor and re-factorised, `R ← qr([R; A_block]).R`: the
/// incremental form of TSQR (Demmel, Grigori, Hoemmen & Langou 2012, SIAM J. Sci. Comput.
/// 34(1):A206–A239), as backward-stable as one Householder QR of `A`. For p < 128 `dgeqrf` runs
/// its unblocked level-2 kernel, which on one big matrix streams the whole of `A` once per
/// column; on cache-sized blocks it is about 3× faster on 1,000,000 × 21 here. Blocks are
/// processed in order (OpenBLAS threads each block's kernels); splitting the rows across our
/// own threads measured no faster on this bandwidth-bound kernel.
public enum TallSkinnyQR {
    /// Rows per block (measured here: 8,192–16,384 rows fastest for p ≈ 20).
    public static let blockRows = 8192

    /// The upper-triangular factor `R` ((p+e) × (p+e)) of `[A | extra₁ … extraₑ]`, where `A` is
    /// `n × p` and each extra column has `n` entries. Signs of `R`'s rows are LAPACK's choice.
    ///
    /// - Complexity: O(n·(p+e)²), one pass over the data.
    public static func rFactor(of a: Matrix, appending extra: [[Double]] = []) throws -> Matrix {
        let n = a.rows
        for e in extra where e.count != n {
            throw LinearAlgebraError.dimensionMismatch("extra column of length \(e.count) beside \(n) rows")
        }
        if a.columns + extra.count == 0 { return Matrix(rows: 0, columns: 0) }
        return try factorRows(a, extra: extra, rows: 0..<n)
    }

    /// Factor of the rows `range` of `[A | extra]`, by stacking blocks under the running factor.
    private static func factorRows(_ a: Matrix, extra: [[Double]], rows range: Range<Int>) throws -> Matrix {
        let p = a.columns, q = p + extra.count, n = a.rows
        let ld = blockRows + q
        var work = [Double](repeating: 0, count: ld * q)
        var r = Matrix(rows: q, columns: q)
        var start = range.lowerBound
        if range.isEmpty { return r }
        try a.storage.withUnsafeBufferPointer { aBuf in
            while start < range.upperBound {
                let m = min(blockRows, range.upperBound - start)
                work.withUnsafeMutableBufferPointer { w in
                    for j in 0..<q {
                        let col = w.baseAddress! + j * ld
                        for i in 0..<q { col[i] = i <= j ? r[i, j] : 0 }
                        if j < p {
                            (col + q).update(from: aBuf.baseAddress! + j * n + start, count: m)
                        } else {
                            extra[j - p].withUnsafeBufferPointer { e in
                                (col + q).update(from: e.baseAddress! + start, count: m)
                            }
                        }
                    }
                }
                r = try upperTriangle(ofQR: &work, rows: q + m, columns: q, leading: ld)
                start += m
            }
        }
        return r
    }

    /// Runs `dgeqrf` on the `rows × columns` matrix in `buffer` (leading dimension `leading`) and
    /// returns the `columns × columns` upper triangle of the result.
    static func upperTriangle(ofQR buffer: inout [Double], rows: Int, columns: Int, leading: Int) throws -> Matrix {
        var tau = [Double](repeating: 0, count: columns)
        let info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(rows), Int32(columns), &buffer, Int32(leading), &tau)
        try LinearAlgebraError.check(info, routine: "dgeqrf") { _ in .singular(position: 0) }
        var r = Matrix(rows: columns, columns: columns)
        for j in 0..<columns { for i in 0...j where i < rows { r[i, j] = buffer[i + j * leading] } }
        return r
    }
}
