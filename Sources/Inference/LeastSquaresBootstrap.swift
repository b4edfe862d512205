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
/// `XᵀCX = Σ_u c_u Σ_{i∈u} xᵢxᵢᵀ` and `XᵀCy = Σ_u c_u Σ_{i∈u} xᵢyᵢ`. With `Z` holding each unit's
/// summed products (the upper triangle of `xxᵀ` and `xy`, for every equation side by side), the
/// statistics of a batch of replicates are one GEMM `Zᵀ·Counts`; each replicate then solves a
/// p×p system by Cholesky (`dpotrf`/`dpotrs`). Columns a replicate leaves without data (a
/// category that was not drawn) are dropped from that replicate's system, as R's `lm` would
/// alias them; a replicate whose system is otherwise singular yields NaN and is counted.
///
/// Replicate b's counts depend only on (seed, b) (``ResamplingPlan/counts(seed:replicate:into:)``),
/// and batches are fixed by b, so the output is identical for any thread count.
public struct LeastSquaresBootstrap: Sendable {
    public let equations: [BootstrapEquation]
    public let plan: ResamplingPlan
    /// Replicates per GEMM batch.
    public static let batchSize = 256

    /// Per-unit statistics, `m × U` column-major (column u = unit u's summed products).
    private let unitStatistics: Matrix
    private let offsets: [Int]

    /// - Parameter unitOfRow: the resampling unit (cluster) of each row; nil when rows are the units.
    public init(equations: [BootstrapEquation], plan: ResamplingPlan, unitOfRow: [Int]? = nil) {
        self.equations = equations
        self.plan = plan
        var offsets: [Int] = [], m = 0
        for e in equations {
            offsets.append(m)
            let p = e.design.columns
            m += p * (p + 1) / 2 + p
        }
        self.offsets = offsets
        let units = plan.unitCount
        var z = Matrix(rows: m, columns: units)
        for (k, e) in equations.enumerated() {
            let p = e.design.columns, n = e.design.rows, base = offsets[k]
            for i in 0..<n {
                let column = (unitOfRow?[i] ?? i) * m + base
                var slot = column
                for c in 0..<p {
                    let xc = e.design[i, c]
                    for r in 0...c { z.storage[slot] += e.design[i, r] * xc; slot += 1 }
                }
                for c in 0..<p { z.storage[slot] += e.design[i, c] * e.response[i]; slot += 1 }
            }
        }
        unitStatistics = z
    }

    /// Number of rows of the statistics matrix (products per unit, all equations).
    var statisticCount: Int { unitStatistics.rows }

    /// The reported coefficient of every equation in `count` replicates: `result[k][b]` for
    /// equation k, replicate b (NaN for a singular replicate).
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
                var scratch = BatchScratch(units: plan.unitCount, statistics: statisticCount, equations: equations, offsets: offsets)
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
        return (0..<equations.count).map { k in ordered.flatMap { $0[k] } }
    }

    /// Leave-one-unit-out estimates (the jackknife, for BCa): `result[k][u]` for equation k
    /// without unit u.
    public func jackknife() -> [[Double]] {
        let m = statisticCount, units = plan.unitCount
        var total = [Double](repeating: 0, count: m)
        for u in 0..<units { for r in 0..<m { total[r] += unitStatistics.storage[u * m + r] } }
        var solver = NormalEquationSolver(equations: equations, offsets: offsets)
        var out = [[Double]](repeating: [Double](repeating: .nan, count: units), count: equations.count)
        var s = total
        for u in 0..<units {
            for r in 0..<m { s[r] = total[r] - unitStatistics.storage[u * m + r] }
            for k in equations.indices { out[k][u] = solver.coefficient(k, statistics: s, offset: 0) }
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
        var out = [[Double]](repeating: [Double](repeating: .nan, count: size), count: equations.count)
        for b in 0..<size {
            for k in equations.indices {
                out[k][b] = scratch.solver.coefficient(k, statistics: scratch.statistics, offset: b * m)
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

    init(units: Int, statistics m: Int, equations: [BootstrapEquation], offsets: [Int]) {
        counts = [Double](repeating: 0, count: units * LeastSquaresBootstrap.batchSize)
        statistics = [Double](repeating: 0, count: m * LeastSquaresBootstrap.batchSize)
        solver = NormalEquationSolver(equations: equations, offsets: offsets)
    }
}

/// Solves packed normal equations with reusable scratch space.
private struct NormalEquationSolver {
    let equations: [BootstrapEquation]
    let offsets: [Int]
    private var a: [Double] = []
    private var rhs: [Double] = []
    private var full: [Double] = []
    private var keep: [Int] = []

    init(equations: [BootstrapEquation], offsets: [Int]) {
        self.equations = equations
        self.offsets = offsets
        let p = equations.map { $0.design.columns }.max() ?? 0
        a = [Double](repeating: 0, count: p * p)
        rhs = [Double](repeating: 0, count: p)
        full = a
        keep.reserveCapacity(p)
    }

    /// The reported coefficient of equation k from statistics starting at `statistics[offset]`.
    mutating func coefficient(_ k: Int, statistics: [Double], offset: Int) -> Double {
        let p = equations[k].design.columns, target = equations[k].coefficient
        var slot = offset + offsets[k]
        // Unpack the upper triangle, then keep the columns with data.
        for c in 0..<p { for r in 0...c { full[r + c * p] = statistics[slot]; slot += 1 } }
        keep.removeAll(keepingCapacity: true)
        for j in 0..<p where full[j + j * p] > 0 { keep.append(j) }
        guard let position = keep.firstIndex(of: target) else { return .nan }
        let q = keep.count
        for (jj, j) in keep.enumerated() {
            for (ii, i) in keep.enumerated() where ii <= jj { a[ii + jj * q] = full[i + j * p] }
            rhs[jj] = statistics[slot + j]
        }
        let upper = Int8(UInt8(ascii: "U"))
        guard LAPACKE_dpotrf(LAPACK_COL_MAJOR, upper, Int32(q), &a, Int32(q)) == 0,
              LAPACKE_dpotrs(LAPACK_COL_MAJOR, upper, Int32(q), 1, a, Int32(q), &rhs, Int32(q)) == 0 else { return .nan }
        return rhs[position]
    }
}
