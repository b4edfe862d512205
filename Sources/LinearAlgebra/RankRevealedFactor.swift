import CLAPACK

/// Rank detection that decides *which* columns are aliased the way R's `lm` does.
///
/// R (LINPACK `dqrdc2`, used by `lm.fit` and `glm.fit`) walks the columns left to right and
/// declares a column aliased when the norm of what is left of it, after projecting out the
/// columns already accepted, falls below `tolerance × its original norm` (default 1e-7); an
/// aliased column is moved aside and the walk goes on. So with `x3 = x1 + x2`, `x3` (the last)
/// is the one reported as aliased. Full column pivoting (`dgeqp3`) would instead pick columns by
/// norm, which can alias a different term than R; hence this left-to-right walk.
public struct RankRevealedFactor: Sendable, Equatable {
    /// Indices (ascending) of the leading columns that were kept.
    public let kept: [Int]
    /// Indices (ascending) of the leading columns found linearly dependent on earlier ones.
    public let aliased: [Int]
    /// Upper-triangular factor of `[A_kept | trailing columns]`, (k+e) × (k+e).
    public let r: Matrix
}

extension TallSkinnyQR {
    /// Rank-reveals the first `leading` columns of the matrix whose triangular factor is `r`
    /// (as returned by ``rFactor(of:appending:)``); the remaining columns (e.g. the response) are
    /// carried along and never declared aliased.
    ///
    /// A column whose original norm is zero is aliased (R's rule sets its reference norm to 1).
    /// - Complexity: O(q³) on the small factor only, and only when some column is aliased.
    public static func revealRank(of r: Matrix, leading: Int, tolerance: Double = 1e-7) -> RankRevealedFactor {
        let q = r.columns
        precondition(r.rows == q && leading <= q)
        let norms = (0..<q).map { j -> Double in
            let n = (0...j).reduce(0.0) { $0 + r[$1, j] * r[$1, j] }.squareRoot()
            return n == 0 ? 1 : n
        }
        // Fast path: every diagonal passes, so every column's residual against all earlier ones
        // is above tolerance and nothing is aliased.
        if (0..<leading).allSatisfy({ abs(r[$0, $0]) >= tolerance * norms[$0] }) {
            return RankRevealedFactor(kept: Array(0..<leading), aliased: [], r: r)
        }
        var w = r
        var accepted = 0
        var kept: [Int] = [], aliased: [Int] = []
        for j in 0..<q {
            let residual = (accepted..<q).reduce(0.0) { $0 + w[$1, j] * w[$1, j] }.squareRoot()
            if j < leading && residual < tolerance * norms[j] {
                aliased.append(j)
                continue
            }
            if j < leading { kept.append(j) }
            applyReflector(to: &w, pivotRow: accepted, column: j)
            accepted += 1
        }
        let columns = kept + Array(leading..<q)
        let out = w.selecting(rows: Array(0..<columns.count), columns: columns)
        return RankRevealedFactor(kept: kept, aliased: aliased, r: out)
    }

    /// Householder step (`dlarfg` + `dlarfx`): zeroes `w[pivotRow+1..., column]` and applies the
    /// same reflection to every later column.
    private static func applyReflector(to w: inout Matrix, pivotRow l: Int, column j: Int) {
        let q = w.rows
        guard l < q else { return }
        let length = q - l
        var v = (l..<q).map { w[$0, j] }
        var tau = 0.0
        var alpha = v[0]
        v.withUnsafeMutableBufferPointer { vv in
            _ = LAPACKE_dlarfg(Int32(length), &alpha, vv.baseAddress! + 1, 1, &tau)
        }
        w[l, j] = alpha
        for i in (l + 1)..<max(l + 1, q) { w[i, j] = 0 }
        let trailing = w.columns - j - 1
        guard trailing > 0, tau != 0 else { return }
        v[0] = 1
        var scratch = [Double](repeating: 0, count: trailing)
        w.storage.withUnsafeMutableBufferPointer { s in
            _ = LAPACKE_dlarfx(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(length), Int32(trailing),
                               v, tau, s.baseAddress! + l + (j + 1) * q, Int32(q), &scratch)
        }
    }
}
