import LinearAlgebra

/// The CR2 cluster-robust variance of least squares (Bell & McCaffrey 2002, "Bias reduction in
/// standard errors for linear regression with multi-stage samples", Survey Methodology 28:169–181;
/// Pustejovsky & Tipton 2018, JBES 36:672–683), as R's `clubSandwich::vcovCR(type = "CR2")`
/// computes it for an `lm` with its default working model (the identity), with the
/// Satterthwaite degrees of freedom of `clubSandwich::coef_test(test = "Satterthwaite")`.
///
/// Notation: `X` the `n × k` design (kept columns only), `W = diag(w)` the prior weights (I
/// without weights), `e = y − Xβ̂` the raw residuals, `B = (XᵀWX)⁻¹`, clusters `g = 1…G` with rows
/// `X_g`, `W_g`, `e_g`, and `H = X B XᵀW` the hat matrix. Then
///
///     Cov(β̂) = B (Σ_g u_g u_gᵀ) B,     u_g = X_gᵀ W_g A_g e_g,
///
/// where `A_g = G_g^(-1/2)` is the symmetric inverse square root of the working-model
/// covariance of `e_g`, `G_g = [(I − H)(I − H)ᵀ]_gg` (for unweighted least squares
/// `G_g = I − H_gg`). Like clubSandwich, eigenvalues of `G_g` at or below 10⁻¹² are given 0
/// instead of `λ^(-1/2)` (a generalised inverse square root): this happens when a cluster has a
/// leverage-one row (a singleton with its own fixed effect) or when cluster fixed effects make
/// the cluster's indicator an eigenvector with eigenvalue 0 — the residuals have no component
/// there, so nothing is lost. There is no further small-sample factor. G_g is unchanged by a
/// rescaling of the weights; like clubSandwich the computation uses `w / mean(w)`.
///
/// The matrices `G_g` are never formed (a cluster may hold 10⁵ rows): with `F` the triangular
/// factor of `XᵀW̃X` (`W̃ = W / mean(w)`), `a = X_g F⁻¹` and `b = W̃_g X_g F⁻¹`,
/// `G_g = I − a bᵀ − b aᵀ + a C aᵀ` with `C = F⁻ᵀ XᵀW̃²X F⁻¹`, which is the identity outside
/// the span of `[a b]` (of `a` alone without weights). A Householder QR of the cluster's rows
/// `[a b e_g] = Q R` reduces `G_g` to a matrix of order ≤ 2k, whose eigen-decomposition
/// (`dsyevr`, as R's `eigen`) gives `A_g` on that span; the cost is O(n k²) overall.
///
/// **Satterthwaite degrees of freedom** for a contrast `ℓᵀβ̂` (a coefficient when `ℓ` is a unit
/// vector): with `p_g = ℓᵀ B X_gᵀ W_g A_g` (a row of length n_g) and `p̃_g` its embedding in
/// `Rⁿ`, the `G × G` matrix `P_gh = p̃_gᵀ (I − H)(I − H)ᵀ p̃_h` gives `df = (tr P)² / ‖P‖²_F`
/// (`2 E²/Var` of the quadratic form `Var̂(ℓᵀβ̂)` under the working model).
public enum BiasReducedLinearization {
    /// Eigenvalues of `G_g` at or below this are treated as zero (clubSandwich's `matrix_power`).
    public static let eigenvalueTolerance = 1e-12
    /// Up to this many clusters the Satterthwaite matrix `P` is formed; above, its trace and
    /// Frobenius norm come from k×k sums (the same quantity, without G² memory).
    static let explicitSatterthwaiteLimit = 2000
    /// Rows of `[a b e]` gathered per pass over the design (the memory bound is this × (2k+1) doubles).
    static let gatherBudget = 1 << 24

    /// The CR2 decomposition of a least-squares fit.
    ///
    /// - Parameters:
    ///   - design: `X`, kept (non-aliased) columns only, `n × k` of full column rank.
    ///   - residuals: `eᵢ = yᵢ − xᵢᵀβ̂`, raw (not multiplied by weights or their root).
    ///   - clusters: cluster index `0..<clusterCount` of each row.
    ///   - weights: prior weights (all > 0), or nil for ordinary least squares.
    /// - Throws: ``AnalysisError/tooFewClusters(count:)`` with fewer than 2 clusters;
    ///   ``LinearAlgebraError`` when `X` is singular or a LAPACK routine fails.
    public static func decompose<S: RowBlockSource>(design: S, residuals: [Double], clusters: [Int], clusterCount: Int,
                                                    weights: [Double]?) throws -> CR2Scores {
        let r = try TallSkinnyQR.rFactor(of: design, rowScale: weights?.map { $0.squareRoot() })
        return try decompose(design: design, factor: r, residuals: residuals, clusters: clusters,
                             clusterCount: clusterCount, weights: weights)
    }

    /// As ``decompose(design:residuals:clusters:clusterCount:weights:)`` with `R` (`RᵀR = XᵀWX`)
    /// already known.
    static func decompose(design: any RowBlockSource, factor r: Matrix, residuals: [Double], clusters: [Int],
                          clusterCount: Int, weights: [Double]?, gatherBudget: Int = gatherBudget) throws -> CR2Scores {
        let n = design.rowCount, k = design.columnCount
        guard residuals.count == n, clusters.count == n, weights.map({ $0.count == n }) ?? true, r.rows == k else {
            throw LinearAlgebraError.dimensionMismatch("CR2 with \(n) design rows, \(residuals.count) residuals, \(clusters.count) cluster indices")
        }
        guard clusterCount >= 2 else { throw AnalysisError.tooFewClusters(count: clusterCount) }
        let meanWeight = weights.map { $0.reduce(0, +) / Double(n) } ?? 1
        let scaled = weights?.map { $0 / meanWeight }
        // F = R/√w̄, so FᵀF = XᵀW̃X.
        let f = Matrix(rows: k, columns: k, columnMajor: r.storage.map { $0 / meanWeight.squareRoot() })
        let fInverse = try f.upperTriangularInverse()
        var c: Matrix? = nil
        if let scaled {
            let gram = design.gram(rowScale: scaled)
            c = try fInverse.multiplied(by: try gram.multiplied(by: fInverse), transposingSelf: true)
        }
        let weighted = scaled != nil
        let spanColumns = weighted ? 2 * k : k, q = spanColumns + 1

        var sizes = [Int](repeating: 0, count: clusterCount)
        for g in clusters { sizes[g] += 1 }
        var adjusted = Matrix(rows: clusterCount, columns: k)
        let zero = Matrix(rows: k, columns: k)
        var blocks = [ClusterBlocks](repeating: ClusterBlocks(t: zero, tWeighted: zero, s: zero), count: clusterCount)

        // Clusters in groups whose rows fit the gathering budget; one pass over the design each.
        var first = 0
        while first < clusterCount {
            var last = first, rows = sizes[first]
            while last + 1 < clusterCount, rows + sizes[last + 1] <= max(1, gatherBudget / q) { last += 1; rows += sizes[last] }
            let group = first...last
            var base = [Int](repeating: 0, count: clusterCount), filled = [Int](repeating: 0, count: clusterCount)
            var offset = 0
            for g in group { base[g] = offset; offset += sizes[g] * q }
            var buffer = [Double](repeating: 0, count: offset)
            try design.forEachBlock(afterSolvingWith: f) { block in
                let m = block.rows.count, start = block.rows.lowerBound
                for i in 0..<m {
                    let row = start + i, g = clusters[row]
                    guard group.contains(g) else { continue }
                    let ng = sizes[g], at = base[g] + filled[g]
                    filled[g] += 1
                    for j in 0..<k { buffer[at + j * ng] = block.entries[i + j * m] }
                    if let scaled {
                        for j in 0..<k { buffer[at + (k + j) * ng] = scaled[row] * block.entries[i + j * m] }
                    }
                    buffer[at + spanColumns * ng] = residuals[row]
                }
            }
            for g in group {
                let ng = sizes[g]
                guard ng > 0 else { continue }
                let rows = Matrix(rows: ng, columns: q, columnMajor: Array(buffer[base[g]..<(base[g] + ng * q)]))
                let (u, cluster) = try adjust(rows, k: k, spanColumns: spanColumns, weightedGram: c)
                for j in 0..<k { adjusted[g, j] = u[j] }
                blocks[g] = cluster
            }
            first = last + 1
        }

        // Back to the coefficient scale: B u_raw = F⁻¹ ũ, u_raw = w̄ Fᵀ ũ.
        let coefficientScores = try adjusted.multiplied(by: fInverse, transposingOther: true)   // G × k, row g = (F⁻¹ũ_g)ᵀ
        var covariance = try coefficientScores.multiplied(by: coefficientScores, transposingSelf: true)
        covariance.symmetrize()
        var scores = try adjusted.multiplied(by: f)                                             // row g = (Fᵀũ_g)ᵀ
        scores.scale(by: meanWeight)
        let bread = try r.inverseOfGramFromUpperFactor()
        return CR2Scores(scores: scores, bread: bread, covariance: covariance, coefficientScores: coefficientScores,
                         factor: f, weightedGram: c, clusters: blocks)
    }

    /// One cluster: from the rows `[a b e]` (or `[a e]`), the adjusted score `ũ_g = bᵀA_g e_g`
    /// and the k×k blocks the Satterthwaite df needs (all in the coordinates of `F`).
    private static func adjust(_ rows: Matrix, k: Int, spanColumns: Int, weightedGram c: Matrix?) throws -> ([Double], ClusterBlocks) {
        let full = try rows.householderUpperFactor()
        let m = min(rows.rows, spanColumns)
        let ra = full.selecting(rows: Array(0..<m), columns: Array(0..<k))
        let rb = c == nil ? ra : full.selecting(rows: Array(0..<m), columns: Array(k..<(2 * k)))
        let residual = (0..<m).map { full[$0, spanColumns] }
        // G_g restricted to the span: I − Ra Rbᵀ − Rb Raᵀ + Ra C Raᵀ, or I − Ra Raᵀ.
        var g = Matrix.identity(m)
        let abT = try ra.multiplied(by: rb, transposingOther: true)
        if let c {
            let aca = try ra.multiplied(by: try c.multiplied(by: ra, transposingOther: true))
            for j in 0..<m { for i in 0..<m { g[i, j] += aca[i, j] - abT[i, j] - abT[j, i] } }
        } else {
            for j in 0..<m { for i in 0..<m { g[i, j] -= abT[i, j] } }
        }
        g.symmetrize()
        let eigen = try g.symmetricEigen()
        let tol = eigenvalueTolerance
        let a = eigen.reconstructed { $0 > tol ? 1 / $0.squareRoot() : 0 }
        let aSquared = eigen.reconstructed { $0 > tol ? 1 / $0 : 0 }
        let aRb = try a.multiplied(by: rb)
        var u = [Double](repeating: 0, count: k)
        let ae = (0..<m).map { i in (0..<m).reduce(0.0) { $0 + a[i, $1] * residual[$1] } }
        for j in 0..<k { for i in 0..<m { u[j] += rb[i, j] * ae[i] } }
        let blocks = ClusterBlocks(t: try ra.multiplied(by: aRb, transposingSelf: true),
                                   tWeighted: try rb.multiplied(by: aRb, transposingSelf: true),
                                   s: try rb.multiplied(by: try aSquared.multiplied(by: rb), transposingSelf: true))
        return (u, blocks)
    }
}

/// Per-cluster k×k blocks for the Satterthwaite df, in F coordinates (`a`, `b` as in
/// ``BiasReducedLinearization``): `T = aᵀA b`, `T' = bᵀA b`, `S = bᵀA²b`.
struct ClusterBlocks: Sendable {
    let t: Matrix
    let tWeighted: Matrix
    let s: Matrix
}

/// The CR2 (bias-reduced linearisation) decomposition of one least-squares fit: adjusted
/// per-cluster scores and what their variance and degrees of freedom need.
///
/// With `B` = ``bread`` and `U` = ``scores`` (row g is `u_gᵀ = (X_gᵀ W_g A_g e_g)ᵀ`):
///
///     Cov(β̂) = B (Σ_g u_g u_gᵀ) B = B UᵀU B   (= ``covariance``)
///     Var(ℓᵀβ̂) = Σ_g (ℓᵀ B u_g)²              (the g-th term is contrastScores(ℓ)[g]²)
///
/// For two equations fitted to the same rows and the same cluster indices (the effect E and
/// cost C regressions of a cost-effectiveness analysis), the CR2 cross-equation covariance of
/// the contrasts `ℓ_Eᵀβ̂_E` and `ℓ_Cᵀβ̂_C` is
///
///     Cov = Σ_g (ℓ_Eᵀ B_E u_{E,g}) (ℓ_Cᵀ B_C u_{C,g})
///         = zip(E.contrastScores(ℓ_E), C.contrastScores(ℓ_C)).map(*).sum()
///
/// (each equation with its own design, bread and `A_g`), which for ℓ_E = ℓ_C on the same fit
/// is the variance above.
public struct CR2Scores: Sendable {
    /// `G × k`: row g is `u_g = X_gᵀ W_g A_g e_g` (W = I without weights).
    public let scores: Matrix
    /// `B = (XᵀWX)⁻¹`, k × k.
    public let bread: Matrix
    /// `B UᵀU B`, the CR2 covariance of the coefficients (no further factor), k × k.
    public let covariance: Matrix
    /// `G × k`: row g is `(B u_g)ᵀ`.
    let coefficientScores: Matrix
    let factor: Matrix
    let weightedGram: Matrix?
    let clusters: [ClusterBlocks]

    /// Number of clusters G.
    public var clusterCount: Int { scores.rows }

    /// `ℓᵀ B u_g` for each cluster g, so that `Var(ℓᵀβ̂) = Σ_g` of their squares and the
    /// cross-equation covariance is the sum of products (see the type's documentation).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `ℓ` does not have k entries.
    public func contrastScores(_ contrast: [Double]) throws -> [Double] {
        try coefficientScores.times(contrast)
    }

    /// The Satterthwaite degrees of freedom of `ℓᵀβ̂` (clubSandwich's `df_Satt` for a unit `ℓ`):
    /// `(tr P)² / ‖P‖²_F` with `P` as in ``BiasReducedLinearization``.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `ℓ` does not have k entries.
    public func satterthwaiteDegreesOfFreedom(_ contrast: [Double]) throws -> Double {
        try satterthwaiteDegreesOfFreedom(contrast, explicitLimit: BiasReducedLinearization.explicitSatterthwaiteLimit)
    }

    func satterthwaiteDegreesOfFreedom(_ contrast: [Double], explicitLimit: Int) throws -> Double {
        let k = factor.rows, g = clusters.count
        // γ = F⁻ᵀℓ; per cluster D_g = γᵀSγ, α_g = Tγ, β_g = T'γ.
        let gamma = try factor.solveUpperTriangular(contrast, transposed: true)
        var alpha = Matrix(rows: k, columns: g), beta = Matrix(rows: k, columns: g)
        var d = [Double](repeating: 0, count: g)
        for (h, block) in clusters.enumerated() {
            let a = try block.t.times(gamma), b = try block.tWeighted.times(gamma), s = try block.s.times(gamma)
            for j in 0..<k { alpha[j, h] = a[j]; beta[j, h] = b[j]; d[h] += gamma[j] * s[j] }
        }
        let cAlpha = try weightedGram.map { try $0.multiplied(by: alpha) } ?? alpha
        // P = diag(D) − βᵀα − αᵀβ + αᵀCα.
        if g <= explicitLimit {
            let ba = try beta.multiplied(by: alpha, transposingSelf: true)
            let aca = try alpha.multiplied(by: cAlpha, transposingSelf: true)
            var trace = 0.0, squares = 0.0
            for j in 0..<g {
                for i in 0..<g {
                    let p = (i == j ? d[i] : 0) - ba[i, j] - ba[j, i] + aca[i, j]
                    squares += p * p
                    if i == j { trace += p }
                }
            }
            return trace * trace / squares
        }
        // P = diag(D) + Y with Y = FᵀNF, f_h = [α_h; β_h], N = [[C, −I], [−I, 0]]:
        // tr P = ΣD + ΣY_hh, ‖P‖² = ΣD² + 2ΣD_h Y_hh + tr((NΨ)²), Ψ = Σ f_h f_hᵀ.
        var trace = 0.0, squares = 0.0
        var psi = Matrix(rows: 2 * k, columns: 2 * k)
        for h in 0..<g {
            var y = 0.0
            for j in 0..<k { y += alpha[j, h] * cAlpha[j, h] - 2 * alpha[j, h] * beta[j, h] }
            trace += d[h] + y
            squares += d[h] * d[h] + 2 * d[h] * y
            for j in 0..<(2 * k) {
                let fj = j < k ? alpha[j, h] : beta[j - k, h]
                for i in 0..<(2 * k) { psi[i, j] += (i < k ? alpha[i, h] : beta[i - k, h]) * fj }
            }
        }
        var n = Matrix(rows: 2 * k, columns: 2 * k)
        for j in 0..<k {
            for i in 0..<k { n[i, j] = weightedGram?[i, j] ?? (i == j ? 1 : 0) }
            n[j, k + j] = -1
            n[k + j, j] = -1
        }
        let np = try n.multiplied(by: psi)
        for j in 0..<(2 * k) { for i in 0..<(2 * k) { squares += np[i, j] * np[j, i] } }
        return trace * trace / squares
    }
}

extension Matrix {
    /// Averages the two triangles (removes rounding asymmetry of a product meant to be symmetric).
    mutating func symmetrize() {
        for j in 0..<columns { for i in 0..<j { let v = (self[i, j] + self[j, i]) / 2; self[i, j] = v; self[j, i] = v } }
    }
}
