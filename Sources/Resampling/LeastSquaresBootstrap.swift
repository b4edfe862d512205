import CLAPACK
import LinearAlgebra
import Parallelism

/// One least-squares equation to bootstrap: `response ~ design`, reporting one coefficient.
public struct BootstrapEquation: Sendable {
    /// `n × p` design (small: trial-sized data).
    public let design: Matrix
    public let response: [Double]
    /// Column of `design` whose coefficient each replicate reports (e.g. the arm indicator).
    public let coefficient: Int

    public init(design: Matrix, response: [Double], coefficient: Int) {
        precondition(design.rows == response.count && coefficient < design.columns)
        self.design = design
        self.response = response
        self.coefficient = coefficient
    }
}

/// Nonparametric bootstrap of least-squares coefficients, batched into matrix products.
///
/// A replicate that draws unit u `c_u` times has normal equations `XᵀCX β = XᵀCy` with
/// `XᵀCX = Σ_u c_u Σ_{i∈u} xᵢxᵢᵀ` and `XᵀCy = Σ_u c_u Σ_{i∈u} xᵢyᵢ`. Identical columns of the
/// equations (the intercept, the arm, shared covariates) are merged into one design `U`, so `Z`
/// holds, per unit, the upper triangle of `Σ uᵢuᵢᵀ` once and `Σ uᵢyᵢ` for each distinct response;
/// every equation's system is a sub-block. The statistics of a batch of replicates are then one
/// GEMM `Zᵀ·Counts`, and each replicate solves each p×p system by Cholesky (`dpotrf`/`dpotrs`).
/// Columns a replicate leaves without data (a category that was not drawn) are dropped from that
/// replicate's system, as R's `lm` would alias them. A replicate whose system is singular in
/// another way (e.g. no member of a reference level) is usually still solved by the Cholesky
/// factorisation with an accurate arm coefficient; when the factorisation fails, the replicate
/// yields NaN and is excluded and counted by the caller.
///
/// Seemingly unrelated regressions of a pair of equations are bootstrapped from the same
/// statistics (the per-unit statistics also hold the response cross-products `Σ yᵣyₛ` and the
/// row count): each replicate fits both equations by least squares, forms the residual covariance
/// σ_ab = e_aᵀe_b/√((n−k_a)(n−k_b)) with e_aᵀe_b = y_aᵀy_b − β_aᵀX_aᵀy_b − β_bᵀX_bᵀy_a +
/// β_aᵀX_aᵀX_bβ_b, and solves the GLS normal equations
/// [σ^{ab} X_aᵀX_b] β = [Σ_b σ^{ab} X_aᵀy_b] (σ^{ab} the entries of Σ⁻¹) — systemfit's one-step
/// FGLS, as ``CostEffectiveness``'s point estimate, in O(p³) per replicate.
///
/// Replicate b's counts depend only on (seed, b) (``ResamplingPlan/counts(seed:replicate:into:)``),
/// and batches are fixed by b, so the output is identical for any thread count.
public struct LeastSquaresBootstrap: Sendable {
    /// Two equations (indices into ``equations``) estimated jointly by SUR.
    public struct SURPair: Sendable {
        public let first: Int
        public let second: Int
        public init(_ first: Int, _ second: Int) {
            self.first = first
            self.second = second
        }
    }

    public let equations: [BootstrapEquation]
    public let surPairs: [SURPair]
    public let plan: ResamplingPlan
    /// Replicates per GEMM batch.
    public static let batchSize = 256

    /// Per-unit statistics, `m × U` column-major (column u = unit u's summed products).
    private let unitStatistics: Matrix
    private let layout: StatisticsLayout

    /// - Parameters:
    ///   - surPairs: pairs of equations whose SUR coefficients are reported after the equations'.
    ///   - unitOfRow: the resampling unit (cluster) of each row; nil when rows are the units.
    public init(equations: [BootstrapEquation], surPairs: [SURPair] = [], plan: ResamplingPlan, unitOfRow: [Int]? = nil) {
        self.equations = equations
        self.surPairs = surPairs
        self.plan = plan
        let layout = StatisticsLayout(equations, responseProducts: !surPairs.isEmpty)
        self.layout = layout
        let m = layout.statisticCount, q = layout.columns.count
        var z = Matrix(rows: m, columns: plan.unitCount)
        let n = equations.first?.design.rows ?? 0
        var row = [Double](repeating: 0, count: q)
        var ys = [Double](repeating: 0, count: layout.responses.count)
        // Responses of equations with an intercept are centred at their mean (the layout keeps a
        // separate response entry for equations without one): the slopes are unchanged,
        // cancellation in the normal equations is smaller, and a constant response gives exactly
        // zero increments rather than rounding noise.
        let centres = layout.responses.map { k -> Double in
            StatisticsLayout.hasIntercept(equations[k]) && n > 0 ? equations[k].response.reduce(0, +) / Double(n) : 0
        }
        for i in 0..<n {
            for (c, source) in layout.columns.enumerated() { row[c] = equations[source.equation].design[i, source.column] }
            var slot = 0
            let unit = unitOfRow?[i] ?? i
            for c in 0..<q { for r in 0...c { z[slot, unit] += row[r] * row[c]; slot += 1 } }
            for (r, response) in layout.responses.enumerated() {
                let y = equations[response].response[i] - centres[r]
                ys[r] = y
                for c in 0..<q { z[slot, unit] += row[c] * y; slot += 1 }
            }
            guard layout.responseProducts else { continue }
            for s in ys.indices { for r in 0...s { z[slot, unit] += ys[r] * ys[s]; slot += 1 } }
            z[slot, unit] += 1
        }
        unitStatistics = z
    }

    /// Number of rows of the statistics matrix (products per unit, all equations).
    var statisticCount: Int { layout.statisticCount }

    /// The reported coefficient of every equation in `count` replicates: `result[k][b]` for
    /// equation k, replicate b (NaN for a singular replicate), followed by the two SUR
    /// coefficients of each of ``surPairs``.
    /// - Parameters:
    ///   - threads: worker threads (default: every core); the result does not depend on it.
    ///   - progress: called with the number of replicates of each finished batch.
    public func replicates(count: Int, seed: UInt64, threads: Int? = nil,
                           progress: (@Sendable (Int) -> Void)? = nil) -> [[Double]] {
        let batches = (count + Self.batchSize - 1) / Self.batchSize
        let workers = max(1, min(threads ?? Parallel.coreCount, batches))
        // Worker w takes batches w, w + workers, …, reusing its buffers; batch contents depend
        // only on the batch index, so the result is the same for any number of workers.
        let perWorker = BLASLibrary.singleThreaded {
            Parallel.map(workers, threads: workers) { w -> [[[Double]]] in
                var scratch = BatchScratch(units: plan.unitCount, layout: layout, equations: equations)
                return stride(from: w, to: batches, by: workers).map { batch in
                    let first = batch * Self.batchSize
                    let size = min(Self.batchSize, count - first)
                    let out = solveBatch(first: first, size: size, seed: seed, scratch: &scratch)
                    progress?(size)
                    return out
                }
            }
        }
        let ordered = (0..<batches).map { perWorker[$0 % workers][$0 / workers] }
        return (0..<seriesCount).map { k in ordered.flatMap { $0[k] } }
    }

    /// Equations plus two per SUR pair.
    private var seriesCount: Int { equations.count + 2 * surPairs.count }

    /// Leave-one-unit-out estimates (the jackknife, for BCa): `result[k][u]` for equation k
    /// without unit u.
    public func jackknife() -> [[Double]] {
        let m = statisticCount, units = plan.unitCount
        var total = [Double](repeating: 0, count: m)
        for u in 0..<units { for r in 0..<m { total[r] += unitStatistics.storage[u * m + r] } }
        var solver = NormalEquationSolver(layout: layout, equations: equations)
        var out = [[Double]](repeating: [Double](repeating: .nan, count: units), count: seriesCount)
        var s = total
        for u in 0..<units {
            for r in 0..<m { s[r] = total[r] - unitStatistics.storage[u * m + r] }
            for k in equations.indices { out[k][u] = solver.coefficient(k, statistics: s, offset: 0) }
            for (p, pair) in surPairs.enumerated() {
                let (a, b) = solver.seeminglyUnrelated(pair, statistics: s, offset: 0)
                out[equations.count + 2 * p][u] = a
                out[equations.count + 2 * p + 1][u] = b
            }
        }
        return out
    }

    /// Statistics of replicates `first ..< first + size` by one GEMM, then one solve each.
    private func solveBatch(first: Int, size: Int, seed: UInt64, scratch: inout BatchScratch) -> [[Double]] {
        let m = statisticCount, units = plan.unitCount
        scratch.counts.withUnsafeMutableBufferPointer { c in
            for b in 0..<size {
                plan.counts(seed: seed, replicate: first + b,
                            into: UnsafeMutableBufferPointer(rebasing: c[(b * units)..<((b + 1) * units)]))
            }
        }
        unitStatistics.storage.withUnsafeBufferPointer { z in
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(size), Int32(units), 1.0,
                        z.baseAddress, Int32(m), scratch.counts, Int32(units), 0.0, &scratch.statistics, Int32(m))
        }
        var out = [[Double]](repeating: [Double](repeating: .nan, count: size), count: seriesCount)
        for b in 0..<size {
            for k in equations.indices {
                out[k][b] = scratch.solver.coefficient(k, statistics: scratch.statistics, offset: b * m)
            }
            for (p, pair) in surPairs.enumerated() {
                let (e, c) = scratch.solver.seeminglyUnrelated(pair, statistics: scratch.statistics, offset: b * m)
                out[equations.count + 2 * p][b] = e
                out[equations.count + 2 * p + 1][b] = c
            }
        }
        return out
    }
}

/// Buffers one bootstrap worker reuses from batch to batch.
private struct BatchScratch {
    var counts: [Double]
    var statistics: [Double]
    var solver: NormalEquationSolver

    init(units: Int, layout: StatisticsLayout, equations: [BootstrapEquation]) {
        counts = [Double](repeating: 0, count: units * LeastSquaresBootstrap.batchSize)
        statistics = [Double](repeating: 0, count: layout.statisticCount * LeastSquaresBootstrap.batchSize)
        solver = NormalEquationSolver(layout: layout, equations: equations)
    }
}

/// Where each equation's columns and response sit in the merged statistics.
private struct StatisticsLayout: Sendable {
    /// The distinct columns of all designs: (equation, column) of a first occurrence.
    let columns: [(equation: Int, column: Int)]
    /// For each equation, the merged index of each of its columns.
    let columnIndex: [[Int]]
    /// Equations whose response is first of its kind (the distinct responses, in order).
    let responses: [Int]
    /// For each equation, the position of its response among ``responses``.
    let responseIndex: [Int]

    /// Whether the statistics hold the response cross-products and the row count (for SUR).
    let responseProducts: Bool

    init(_ equations: [BootstrapEquation], responseProducts: Bool) {
        self.responseProducts = responseProducts
        var columns: [(equation: Int, column: Int)] = [], columnIndex: [[Int]] = []
        var responses: [Int] = [], responseIndex: [Int] = []
        for (k, e) in equations.enumerated() {
            columnIndex.append((0..<e.design.columns).map { j in
                let values = e.design.column(j)
                if let found = columns.firstIndex(where: { equations[$0.equation].design.column($0.column) == values }) { return found }
                columns.append((k, j))
                return columns.count - 1
            })
            // A response is shared only between equations that agree on having an intercept, since
            // it is centred exactly when they do.
            if let found = responses.firstIndex(where: {
                equations[$0].response == e.response && Self.hasIntercept(equations[$0]) == Self.hasIntercept(e)
            }) {
                responseIndex.append(found)
            } else {
                responses.append(k)
                responseIndex.append(responses.count - 1)
            }
        }
        self.columns = columns
        self.columnIndex = columnIndex
        self.responses = responses
        self.responseIndex = responseIndex
    }

    /// Whether the equation's design has a column of ones.
    static func hasIntercept(_ e: BootstrapEquation) -> Bool {
        (0..<e.design.columns).contains { j in (0..<e.design.rows).allSatisfy { e.design[$0, j] == 1 } }
    }

    var gramCount: Int { columns.count * (columns.count + 1) / 2 }
    var responseGramCount: Int { responses.count * (responses.count + 1) / 2 }
    /// Gram, cross-products, and for SUR the response cross-products and the row count.
    var statisticCount: Int { gramCount + columns.count * responses.count + (responseProducts ? responseGramCount + 1 : 0) }

    /// Offset of merged Gram entry (r, c) (any order) in the packed upper triangle.
    func gram(_ r: Int, _ c: Int) -> Int { let (i, j) = r <= c ? (r, c) : (c, r); return j * (j + 1) / 2 + i }

    /// Offset of `Σ u_c y` for response `response` (index into ``responses``).
    func crossProduct(_ c: Int, response: Int) -> Int { gramCount + response * columns.count + c }

    /// Offset of `Σ yᵣyₛ` (responses r, s in any order).
    func responseProduct(_ r: Int, _ s: Int) -> Int {
        let (i, j) = r <= s ? (r, s) : (s, r)
        return gramCount + columns.count * responses.count + j * (j + 1) / 2 + i
    }

    /// Offset of the number of rows.
    var rowCount: Int { statisticCount - 1 }
}

/// Solves packed normal equations with reusable scratch space.
private struct NormalEquationSolver {
    let layout: StatisticsLayout
    let equations: [BootstrapEquation]
    private var a: [Double] = []
    private var rhs: [Double] = []
    private var keep: [Int] = []

    init(layout: StatisticsLayout, equations: [BootstrapEquation]) {
        self.layout = layout
        self.equations = equations
        let p = equations.map { $0.design.columns }.max() ?? 0
        a = [Double](repeating: 0, count: p * p)
        rhs = [Double](repeating: 0, count: p)
        keep.reserveCapacity(p)
    }

    /// The SUR coefficients of the pair's reported columns (see ``LeastSquaresBootstrap``), NaN
    /// when a system is singular.
    mutating func seeminglyUnrelated(_ pair: LeastSquaresBootstrap.SURPair, statistics: [Double], offset: Int) -> (Double, Double) {
        let ks = [pair.first, pair.second]
        var columns: [[Int]] = [], betas: [[Double]] = []
        for k in ks {
            let index = layout.columnIndex[k]
            let kept = index.indices.filter { statistics[offset + layout.gram(index[$0], index[$0])] > 0 }
            guard kept.contains(equations[k].coefficient) else { return (.nan, .nan) }
            let q = kept.count
            var a = [Double](repeating: 0, count: q * q), rhs = [Double](repeating: 0, count: q)
            for (jj, j) in kept.enumerated() {
                for (ii, i) in kept.enumerated() where ii <= jj { a[ii + jj * q] = statistics[offset + layout.gram(index[i], index[j])] }
                rhs[jj] = statistics[offset + layout.crossProduct(index[j], response: layout.responseIndex[k])]
            }
            guard Self.solve(&a, &rhs, q) else { return (.nan, .nan) }
            columns.append(kept.map { index[$0] })
            betas.append(rhs)
        }
        let n = statistics[offset + layout.rowCount]
        // X_aᵀy_b and y_aᵀy_b in the merged layout.
        func xy(_ a: Int, _ b: Int) -> [Double] {
            columns[a].map { statistics[offset + layout.crossProduct($0, response: layout.responseIndex[ks[b]])] }
        }
        func residualProduct(_ a: Int, _ b: Int) -> Double {
            var value = statistics[offset + layout.responseProduct(layout.responseIndex[ks[a]], layout.responseIndex[ks[b]])]
            value -= zip(betas[a], xy(a, b)).reduce(0.0) { $0 + $1.0 * $1.1 }
            value -= zip(betas[b], xy(b, a)).reduce(0.0) { $0 + $1.0 * $1.1 }
            for (i, ci) in columns[a].enumerated() {
                for (j, cj) in columns[b].enumerated() { value += betas[a][i] * statistics[offset + layout.gram(ci, cj)] * betas[b][j] }
            }
            return value
        }
        let k0 = Double(columns[0].count), k1 = Double(columns[1].count)
        guard n > k0, n > k1 else { return (.nan, .nan) }
        let s00 = residualProduct(0, 0) / (n - k0), s11 = residualProduct(1, 1) / (n - k1)
        let s01 = residualProduct(0, 1) / ((n - k0) * (n - k1)).squareRoot()
        let det = s00 * s11 - s01 * s01
        guard det > 0 else { return (.nan, .nan) }
        let inverse = [[s11 / det, -s01 / det], [-s01 / det, s00 / det]]
        let q = columns[0].count + columns[1].count
        var a = [Double](repeating: 0, count: q * q), rhs = [Double](repeating: 0, count: q)
        let blocks = [(0, 0), (1, columns[0].count)]
        for (ea, oa) in blocks {
            for (eb, ob) in blocks {
                for (i, ci) in columns[ea].enumerated() {
                    for (j, cj) in columns[eb].enumerated() where oa + i <= ob + j {
                        a[(oa + i) + (ob + j) * q] = inverse[ea][eb] * statistics[offset + layout.gram(ci, cj)]
                    }
                }
            }
            for (i, value) in xy(ea, 0).enumerated() { rhs[oa + i] += inverse[ea][0] * value }
            for (i, value) in xy(ea, 1).enumerated() { rhs[oa + i] += inverse[ea][1] * value }
        }
        guard Self.solve(&a, &rhs, q) else { return (.nan, .nan) }
        let first = columns[0].firstIndex(of: layout.columnIndex[ks[0]][equations[ks[0]].coefficient])!
        let second = columns[1].firstIndex(of: layout.columnIndex[ks[1]][equations[ks[1]].coefficient])!
        return (rhs[first], rhs[columns[0].count + second])
    }

    /// Solves the symmetric positive-definite system (upper triangle of `a`, order q) in place.
    private static func solve(_ a: inout [Double], _ rhs: inout [Double], _ q: Int) -> Bool {
        let upper = Int8(UInt8(ascii: "U"))
        return LAPACKE_dpotrf(LAPACK_COL_MAJOR, upper, Int32(q), &a, Int32(q)) == 0
            && LAPACKE_dpotrs(LAPACK_COL_MAJOR, upper, Int32(q), 1, a, Int32(q), &rhs, Int32(q)) == 0
    }

    /// The reported coefficient of equation k from statistics starting at `statistics[offset]`.
    mutating func coefficient(_ k: Int, statistics: [Double], offset: Int) -> Double {
        let index = layout.columnIndex[k], target = equations[k].coefficient
        // Keep the columns with data in this replicate.
        keep.removeAll(keepingCapacity: true)
        for j in index.indices where statistics[offset + layout.gram(index[j], index[j])] > 0 { keep.append(j) }
        guard let position = keep.firstIndex(of: target) else { return .nan }
        let q = keep.count, response = layout.responseIndex[k]
        for (jj, j) in keep.enumerated() {
            for (ii, i) in keep.enumerated() where ii <= jj { a[ii + jj * q] = statistics[offset + layout.gram(index[i], index[j])] }
            rhs[jj] = statistics[offset + layout.crossProduct(index[j], response: response)]
        }
        let upper = Int8(UInt8(ascii: "U"))
        guard LAPACKE_dpotrf(LAPACK_COL_MAJOR, upper, Int32(q), &a, Int32(q)) == 0,
              LAPACKE_dpotrs(LAPACK_COL_MAJOR, upper, Int32(q), 1, a, Int32(q), &rhs, Int32(q)) == 0 else { return .nan }
        return rhs[position]
    }
}
