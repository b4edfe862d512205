import Foundation
import Models
import Random
import Tabular

/// One chain of the chained equations: the completed values and the convergence diagnostics.
public struct ImputationChain: Sendable {
    /// Completed values of each of ``ImputationModel/imputedVariables`` on the chain's rows
    /// (codes 0/1 for a categorical variable).
    public let values: [[Double]]
    /// Mean and variance (n − 1) of the imputed values of each imputed variable after each
    /// iteration (mice's `chainMean`, `chainVar`): `[variable][iteration]`; NaN where fewer
    /// values than the statistic needs; `[variable]` empty for a chain run without
    /// diagnostics (``ImputationModel/runChain(on:generator:diagnostics:)``).
    public let means: [[Double]]
    public let variances: [[Double]]
    /// Fallbacks taken (a constant variable, a ridge), as sentences.
    public let notes: [String]
}

extension ImputationModel {
    /// The rows of chains and everything that depends on the rows alone, made once for all the
    /// chains on the same rows (the imputations of one bootstrap sample, or of the data): the
    /// values and missing flags of each variable on the rows, the groups, each target's observed
    /// and missing rows in each group, and each target's design with the columns that no chain
    /// changes (``TargetDesign``), which each chain copies and completes with its own values.
    public struct ChainRows: Sendable {
        /// The rows of the data (nil: every row, in order; a bootstrap sample may repeat rows).
        let rows: [Int]?
        let count: Int
        /// Each slot's values on the rows (NaN where missing, before the initial draws).
        let values: [[Double]]
        let missing: [[Bool]]
        let groupOfRow: [Int]
        /// The rows of each non-empty group.
        let groupRows: [[Int]]
        /// Each target's observed and missing rows in each group (empty for the other slots).
        let split: [[(observed: [Int], absent: [Int])]]
        /// The missing rows of each target or passive slot (empty for the auxiliary ones).
        let missingRows: [[Int]]
        /// The design of each target in each group (nil: nothing to impute there), its changing
        /// columns and their entries of XᵀX and Xᵀy not yet filled.
        let templates: [[TargetDesign?]]
    }

    /// The ``ChainRows`` of the rows `rows` of the data (nil: every row, in order).
    public func chainRows(_ rows: [Int]? = nil) -> ChainRows {
        let n = rows?.count ?? data.rowCount
        // Plain loops over buffers: this runs once per bootstrap sample, and the closures of
        // map and filter over nested arrays cost as much as the gathers.
        func gather<T>(_ column: [T]) -> [T] {
            guard let rows else { return column }
            return column.withUnsafeBufferPointer { column in
                [T](unsafeUninitializedCapacity: n) { out, initialized in
                    for (k, row) in rows.enumerated() { (out.baseAddress! + k).initialize(to: column[row]) }
                    initialized = n
                }
            }
        }
        let missing = slots.map { gather($0.missing) }
        let groupOfRow = gather(group)
        var groupRows = [[Int]](repeating: [], count: groupLabels.count)
        for i in 0..<n { groupRows[groupOfRow[i]].append(i) }
        groupRows.removeAll { $0.isEmpty }
        func rowsWhere(_ flags: [Bool], are value: Bool, among candidates: [Int]) -> [Int] {
            var out: [Int] = []
            out.reserveCapacity(candidates.count)
            flags.withUnsafeBufferPointer { flags in
                for i in candidates where flags[i] == value { out.append(i) }
            }
            return out
        }
        // (Auxiliary variables are complete, so only the others have missing rows.)
        let split = groupRows.map { rowsOfGroup in
            slots.indices.map { s in
                slots[s].isTarget ? (observed: rowsWhere(missing[s], are: false, among: rowsOfGroup), absent: rowsWhere(missing[s], are: true, among: rowsOfGroup))
                                  : (observed: [], absent: [])
            }
        }
        let everyRow = Array(0..<n)
        let missingRows = slots.indices.map { s in
            if case .auxiliary = slots[s].role { return [Int]() } else { return rowsWhere(missing[s], are: true, among: everyRow) }
        }
        let values = slots.map { gather($0.values) }
        let changes = missingRows.map { !$0.isEmpty }
        let templates = split.map { targets in
            slots.indices.map { s in
                targets[s].absent.isEmpty ? nil : makeDesign(s, observed: targets[s].observed, absent: targets[s].absent, current: values, changes: changes)
            }
        }
        return ChainRows(rows: rows, count: n, values: values, missing: missing, groupOfRow: groupOfRow, groupRows: groupRows,
                         split: split, missingRows: missingRows, templates: templates)
    }

    /// Runs one chain on the rows `rows` of the data (nil: every row); see ``runChain(on:generator:diagnostics:)``.
    public func runChain(rows: [Int]? = nil, generator g: inout Xoshiro256StarStar) throws -> ImputationChain {
        try runChain(on: chainRows(rows), generator: &g)
    }

    /// Runs one chain (mice's `sampler`) on the rows of `layout`, drawing from `generator` alone.
    ///
    /// Initialisation: each missing value is a random draw from the observed values of its
    /// variable (within its `by` group), then the passive variables are computed. Each iteration
    /// visits every group and, within it, the variables in data column order; each variable's
    /// missing values are drawn from its conditional model given the current values of its
    /// predictors, and the passive variables made from it are recomputed at once.
    ///
    /// Every conditional model has an intercept. A variable whose observed values (in the group)
    /// are all equal is imputed with that value (noted). When the predictors' XᵀX is singular to
    /// working precision, mice's ridge diag(XᵀX)·10⁻⁵ is added (noted).
    ///
    /// - Parameter diagnostics: false to leave the chain means and variances empty (the chains of a
    ///   bootstrap sample, whose diagnostics nothing reports: two passes over the missing values
    ///   per variable and iteration saved; the draws are the same).
    /// - Throws: ``AnalysisError`` when a group of the rows has no observed value of a variable
    ///   it must impute, a logistic model does not converge, or a passive formula gives a value
    ///   that is not a finite number.
    public func runChain(on layout: ChainRows, generator g: inout Xoshiro256StarStar, diagnostics: Bool = true) throws -> ImputationChain {
        let n = layout.count, rows = layout.rows
        var current = layout.values
        let missing = layout.missing, groupOfRow = layout.groupOfRow, groupRows = layout.groupRows
        let split = layout.split, missingRows = layout.missingRows
        var notes: [String] = []
        func note(_ text: String) { if !notes.contains(text) { notes.append(text) } }

        // Initialisation: random draws from the observed values.
        for s in visitOrder {
            for groupIndex in groupRows.indices {
                let (observed, absent) = split[groupIndex][s]
                guard !absent.isEmpty else { continue }
                guard !observed.isEmpty else {
                    let label = groupLabels[groupOfRow[absent[0]]]
                    throw AnalysisError.numericalFailure("no value of '\(slots[s].name)' is observed\(options.by.map { " in the \($0) group \(label)" } ?? "")\(rows == nil ? "" : " of a bootstrap sample"), so its missing values cannot be imputed. Impute it over all rows (without the grouping) or drop it from the variables")
                }
                for i in absent { current[s][i] = current[s][observed[g.nextInt(below: observed.count)]] }
            }
        }
        let passiveSlots = slots.indices.filter { if case .passive = slots[$0].role { return true } else { return false } }
        for p in passiveSlots { try recompute(p, rows: Array(0..<n), current: &current, missing: missing, originalRows: rows) }

        let reported = visitOrder + passiveSlots
        var means = [[Double]](repeating: [], count: reported.count)
        var variances = means
        // The design of each target's model in each group: the layout's, completed at the first visit.
        var designs = [[TargetDesign?]](repeating: [TargetDesign?](repeating: nil, count: slots.count), count: groupRows.count)
        for _ in 0..<options.iterations {
            for (groupIndex, rowsOfGroup) in groupRows.enumerated() {
                for s in visitOrder {
                    let absent = split[groupIndex][s].absent
                    guard !absent.isEmpty else { continue }
                    if designs[groupIndex][s] == nil { designs[groupIndex][s] = layout.templates[groupIndex][s] }
                    refresh(&designs[groupIndex][s]!, current: current)
                    try draw(s, design: &designs[groupIndex][s]!, current: &current, generator: &g, note: note)
                    for p in passiveAfter[s] { try recompute(p, rows: rowsOfGroup, current: &current, missing: missing, originalRows: rows) }
                }
            }
            for (k, s) in reported.enumerated() where diagnostics {
                let count = Double(missingRows[s].count)
                var sum = 0.0
                for i in missingRows[s] { sum += current[s][i] }
                let mean = count > 0 ? sum / count : .nan
                var squares = 0.0
                for i in missingRows[s] { squares += (current[s][i] - mean) * (current[s][i] - mean) }
                means[k].append(mean)
                variances[k].append(count > 1 ? squares / (count - 1) : .nan)
            }
        }
        return ImputationChain(values: reported.map { current[$0] }, means: means, variances: variances, notes: notes)
    }

    /// The design of one target's conditional model on its observed and missing rows in one
    /// group, kept for the whole chain: the intercept and the predictors (column-major), XᵀX and
    /// Xᵀy on the observed rows, and buffers for the predictions. The target's observed values
    /// and the columns of the fully observed predictors never change, in a chain or between the
    /// chains on the same rows (``ChainRows/templates``: made once, copied by each chain); before
    /// each visit, the first included, only the columns of the predictors that are imputed
    /// themselves (or passive) are rebuilt, with their row and column of XᵀX and their entry of
    /// Xᵀy: O(n·p) per visit instead of O(n·p²). The sums are the same dot products as a full
    /// rebuild, so the draws are too.
    struct TargetDesign {
        let observed: [Int], absent: [Int]
        /// The target's observed values.
        let y: [Double]
        /// Their common value when they are all equal (the model is not fitted then).
        let constant: Double?
        let p: Int
        var xObserved: [Double] = [], xAbsent: [Double] = []
        /// The predictors whose values change during the chain: slot and first design column.
        let changing: [(slot: Int, column: Int)]
        /// Whether XᵀX and Xᵀy are kept (the least-squares methods; logreg reweights each time).
        let keepsCrossProducts: Bool
        var xtx: [Double], xty: [Double]
        var fitted: [Double], predicted: [Double]
        /// The PMM donor search's buffers, reused at every visit.
        var search = DonorSearch()
    }

    /// The design of target `s` on `observed` and `absent` from the values `current` (the layout's:
    /// its changing columns, NaN where missing, are rebuilt by ``refresh(_:current:)`` before use).
    private func makeDesign(_ s: Int, observed: [Int], absent: [Int], current: [[Double]], changes: [Bool]) -> TargetDesign {
        let y = observed.map { current[s][$0] }
        let p = 1 + predictorSlots[s].reduce(0) { $0 + slots[$1].width }
        var changing: [(slot: Int, column: Int)] = []
        var column = 1
        for k in predictorSlots[s] {
            if changes[k] { changing.append((k, column)) }
            column += slots[k].width
        }
        let keeps: Bool
        if case .target(.logreg) = slots[s].role { keeps = false } else { keeps = true }
        var d = TargetDesign(observed: observed, absent: absent, y: y, constant: y.first.flatMap { first in y.allSatisfy { $0 == first } ? first : nil },
                             p: p, changing: changing, keepsCrossProducts: keeps,
                             xtx: [Double](repeating: 0, count: p * p), xty: [Double](repeating: 0, count: p),
                             fitted: [Double](repeating: 0, count: observed.count), predicted: [Double](repeating: 0, count: absent.count))
        guard d.constant == nil else { return d }
        d.xObserved = [Double](repeating: 1, count: observed.count * p)
        d.xAbsent = [Double](repeating: 1, count: absent.count * p)
        var base = 1
        for k in predictorSlots[s] {
            fillColumns(k, rows: observed, current: current, into: &d.xObserved, at: base)
            fillColumns(k, rows: absent, current: current, into: &d.xAbsent, at: base)
            base += slots[k].width
        }
        if keeps { Self.crossProducts(d.xObserved, rows: observed.count, p: p, weights: nil, response: y, xtx: &d.xtx, xty: &d.xty) }
        return d
    }

    /// Rebuilds the changing columns of `d` from the current values, with their entries of XᵀX and Xᵀy.
    private func refresh(_ d: inout TargetDesign, current: [[Double]]) {
        guard d.constant == nil else { return }
        let r = d.observed.count, p = d.p
        for (k, column) in d.changing {
            fillColumns(k, rows: d.observed, current: current, into: &d.xObserved, at: column)
            fillColumns(k, rows: d.absent, current: current, into: &d.xAbsent, at: column)
        }
        guard d.keepsCrossProducts else { return }
        d.xObserved.withUnsafeBufferPointer { x in
            d.y.withUnsafeBufferPointer { y in
                d.xtx.withUnsafeMutableBufferPointer { xtx in
                    let base = x.baseAddress!
                    // y, then the design's columns: Xᵀy and the row of XᵀX of a changing column.
                    let columns = [y.baseAddress!] + (0..<p).map { base + $0 * r }
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: p + 1) { sums in
                        for (k, first) in d.changing {
                            for a in first..<(first + slots[k].width) {
                                // The same partial sums as crossProducts' dots (elementwise products commute).
                                columns.withUnsafeBufferPointer { Self.dots(base + a * r, $0, r, into: sums.baseAddress!) }
                                d.xty[a] = sums[0]
                                for b in 0..<p {
                                    xtx[a * p + b] = sums[b + 1]
                                    xtx[b * p + a] = sums[b + 1]
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes the design columns of predictor slot `k` on `rows` into column-major `x`
    /// (`rows.count` rows) from column `base` on: the values, or one indicator per level after
    /// the first of a categorical auxiliary.
    private func fillColumns(_ k: Int, rows: [Int], current: [[Double]], into x: inout [Double], at base: Int) {
        let r = rows.count
        x.withUnsafeMutableBufferPointer { x in
            rows.withUnsafeBufferPointer { rows in
                current[k].withUnsafeBufferPointer { values in
                    if slots[k].width == 1 {
                        for i in 0..<r { x[base * r + i] = values[rows[i]] }
                    } else {
                        for level in 1...slots[k].width {
                            let code = Double(level), offset = (base + level - 1) * r
                            for i in 0..<r { x[offset + i] = values[rows[i]] == code ? 1 : 0 }
                        }
                    }
                }
            }
        }
    }

    /// out = Xβ for column-major `x` (`rows` × p), skipping zero coefficients: each row's sum
    /// in column order, eight rows at a time in one SIMD accumulator. With `response`, also the
    /// residual sum of squares Σ(yᵢ − outᵢ)², added row by row in row order as it is made: the
    /// chain of additions (a latency the processor waits for when it runs alone) then overlaps
    /// the next rows' products.
    @discardableResult
    private static func multiply(_ x: [Double], rows r: Int, p: Int, _ beta: [Double], into out: inout [Double], response: [Double]? = nil) -> Double {
        let columns = (0..<p).filter { beta[$0] != 0 }
        let coefficients = columns.map { beta[$0] }, offsets = columns.map { $0 * r }
        var rss = 0.0
        x.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { out in
            coefficients.withUnsafeBufferPointer { coefficients in offsets.withUnsafeBufferPointer { offsets in
                (response ?? []).withUnsafeBufferPointer { y in
                    let raw = UnsafeRawPointer(x.baseAddress!), y = response == nil ? nil : y.baseAddress
                    var i = 0
                    while i + 8 <= r {
                        var sum = SIMD8<Double>()
                        for c in 0..<columns.count {
                            sum += raw.loadUnaligned(fromByteOffset: (offsets[c] + i) * 8, as: SIMD8<Double>.self) * SIMD8(repeating: coefficients[c])
                        }
                        UnsafeMutableRawPointer(out.baseAddress! + i).storeBytes(of: sum, as: SIMD8<Double>.self)
                        if let y {
                            for k in 0..<8 { rss += (y[i + k] - sum[k]) * (y[i + k] - sum[k]) }
                        }
                        i += 8
                    }
                    while i < r {
                        var sum = 0.0
                        for c in 0..<columns.count { sum += x[offsets[c] + i] * coefficients[c] }
                        out[i] = sum
                        if let y { rss += (y[i] - sum) * (y[i] - sum) }
                        i += 1
                    }
                }
            } }
        } }
        return rss
    }

    /// Draws the missing values of target `s` on `d.absent` from its model fitted on `d.observed`.
    private func draw(_ s: Int, design d: inout TargetDesign, current: inout [[Double]], generator g: inout Xoshiro256StarStar,
                      note: (String) -> Void) throws {
        guard case .target(let method) = slots[s].role else { return }
        let name = slots[s].name
        if let value = d.constant {
            note("every observed value of '\(name)' is \(value.shortestText), so its missing values were set to it")
            for i in d.absent { current[s][i] = value }
            return
        }
        let p = d.p, no = d.observed.count, na = d.absent.count
        func normals(_ count: Int) -> [Double] { (0..<count).map { _ in g.nextNormal() } }

        switch method {
        case .pmm, .norm:
            // mice's .norm.draw (R/mice.impute.norm.R): β̂ by least squares on the observed rows,
            // σ* = √(RSS/χ²_df) with df = max(n_obs − p, 1), β* = β̂ + σ*·U⁻¹z (U⁻¹U⁻ᵀ = (XᵀX)⁻¹).
            guard let (factor, ridged) = SmallCholesky.factoring(d.xtx, p: p, ridge: ImputationOptions.ridge) else {
                throw AnalysisError.numericalFailure("the imputation model of '\(name)' cannot be fitted: its predictors' cross-product matrix is singular even with a ridge. Remove constant or duplicated predictors")
            }
            if ridged { note("a ridge penalty (diag(XᵀX)·1e-5, as mice) was needed for the imputation model of '\(name)': its predictors are collinear") }
            let beta = factor.solve(d.xty)
            let rss = Self.multiply(d.xObserved, rows: no, p: p, beta, into: &d.fitted, response: d.y)
            let df = Double(max(no - p, 1))
            let sigma = (rss / g.nextChiSquared(degreesOfFreedom: df)).squareRoot()
            let shift = factor.solveUpper(normals(p))
            let betaStar = (0..<p).map { beta[$0] + sigma * shift[$0] }
            Self.multiply(d.xAbsent, rows: na, p: p, betaStar, into: &d.predicted)
            if method == .norm {
                for (k, i) in d.absent.enumerated() { current[s][i] = d.predicted[k] + sigma * g.nextNormal() }
            } else {
                d.fitted.withUnsafeBufferPointer { fitted in d.predicted.withUnsafeBufferPointer { predicted in
                    d.search.match(observed: fitted, targets: predicted, donors: min(options.donors, no), generator: &g)
                } }
                let donors = d.search.donors
                current[s].withUnsafeMutableBufferPointer { values in
                    for (k, i) in d.absent.enumerated() { values[i] = d.y[Int(donors[k])] }
                }
            }
        case .logreg:
            let (beta, factor) = try Self.logisticFit(d.xObserved, rows: no, p: p, y: d.y, name: name, note: note)
            let shift = factor.solveUpper(normals(p))
            Self.multiply(d.xAbsent, rows: na, p: p, (0..<p).map { beta[$0] + shift[$0] }, into: &d.predicted)
            for (k, i) in d.absent.enumerated() { current[s][i] = g.nextUniform() <= 1 / (1 + exp(-d.predicted[k])) ? 1 : 0 }
        }
    }

    /// XᵀWX (row-major, both triangles) and XᵀWy over column-major `x` (W = I when `weights` is nil).
    static func crossProducts(_ x: [Double], rows r: Int, p: Int, weights: [Double]?, response: [Double], xtx: inout [Double], xty: inout [Double]) {
        // Weighted: X and y scaled by √w, then the unweighted products (w > 0 always: μ(1 − μ) ≥ 1e-15).
        if let weights {
            var scaled = x, z = response
            for i in 0..<r { let root = weights[i].squareRoot(); z[i] *= root; for j in 0..<p { scaled[j * r + i] *= root } }
            return crossProducts(scaled, rows: r, p: p, weights: nil, response: z, xtx: &xtx, xty: &xty)
        }
        x.withUnsafeBufferPointer { x in
            response.withUnsafeBufferPointer { y in
                let base = x.baseAddress!
                for a in 0..<p {
                    let ca = base + a * r
                    xty[a] = dot(ca, y.baseAddress!, r)
                    for b in a..<p {
                        let sum = dot(ca, base + b * r, r)
                        xtx[a * p + b] = sum
                        xtx[b * p + a] = sum
                    }
                }
            }
        }
    }

    /// Σ aᵢcᵢ over `count` elements for each column c of `columns`, into `out`: for each column
    /// the partial sums of ``dot(_:_:_:)`` (elementwise products commute, so the same sums
    /// bit for bit), two columns per pass, so that `a` is read once for both.
    static func dots(_ a: UnsafePointer<Double>, _ columns: UnsafeBufferPointer<UnsafePointer<Double>>, _ count: Int, into out: UnsafeMutablePointer<Double>) {
        let rawA = UnsafeRawPointer(a)
        var c = 0
        while c + 2 <= columns.count {
            let b0 = columns[c], b1 = columns[c + 1]
            let raw0 = UnsafeRawPointer(b0), raw1 = UnsafeRawPointer(b1)
            var acc0 = SIMD8<Double>(), acc1 = SIMD8<Double>()
            var i = 0
            while i + 8 <= count {
                let x = rawA.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                acc0 += x * raw0.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                acc1 += x * raw1.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                i += 8
            }
            var sum0 = acc0.sum(), sum1 = acc1.sum()
            while i < count {
                sum0 += a[i] * b0[i]
                sum1 += a[i] * b1[i]
                i += 1
            }
            out[c] = sum0
            out[c + 1] = sum1
            c += 2
        }
        if c < columns.count { out[c] = dot(a, columns[c], count) }
    }

    /// Σ aᵢbᵢ over `count` elements, in eight interleaved partial sums (so that it vectorises).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var acc = SIMD8<Double>()
        var i = 0
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        while i + 8 <= count {
            acc += rawA.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self) * rawB.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
            i += 8
        }
        var sum = acc.sum()
        while i < count { sum += a[i] * b[i]; i += 1 }
        return sum
    }

    /// Logistic regression by IRLS (R's `glm.fit` criterion: relative change in deviance below
    /// 10⁻⁸, at most 25 iterations) and the Cholesky factor of XᵀWX at the estimate, for mice's
    /// `.logreg` draw β* = β̂ + U⁻¹z ~ N(β̂, (XᵀWX)⁻¹).
    static func logisticFit(_ x: [Double], rows r: Int, p: Int, y: [Double], name: String, note: (String) -> Void) throws -> ([Double], SmallCholesky) {
        var beta = [Double](repeating: 0, count: p)
        var deviance = Double.infinity
        var xtx = [Double](repeating: 0, count: p * p), xtz = [Double](repeating: 0, count: p)
        var eta = [Double](repeating: 0, count: r), weights = eta, working = eta
        func refresh() -> Double {
            for i in 0..<r { eta[i] = 0 }
            for j in 0..<p where beta[j] != 0 { for i in 0..<r { eta[i] += x[j * r + i] * beta[j] } }
            var dev = 0.0
            for i in 0..<r {
                let mu = min(max(1 / (1 + exp(-eta[i])), 1e-15), 1 - 1e-15)
                weights[i] = mu * (1 - mu)
                working[i] = eta[i] + (y[i] - mu) / weights[i]
                dev -= 2 * (y[i] == 1 ? log(mu) : log(1 - mu))
            }
            return dev
        }
        deviance = refresh()
        for _ in 0..<25 {
            crossProducts(x, rows: r, p: p, weights: weights, response: working, xtx: &xtx, xty: &xtz)
            guard let (factor, _) = SmallCholesky.factoring(xtx, p: p, ridge: ImputationOptions.ridge) else { break }
            beta = factor.solve(xtz)
            let previous = deviance
            deviance = refresh()
            guard deviance.isFinite, beta.allSatisfy(\.isFinite) else { break }
            if abs(deviance - previous) / (abs(deviance) + 0.1) < 1e-8 {
                crossProducts(x, rows: r, p: p, weights: weights, response: working, xtx: &xtx, xty: &xtz)
                guard let (final, ridged) = SmallCholesky.factoring(xtx, p: p, ridge: ImputationOptions.ridge) else { break }
                if ridged { note("a ridge penalty (diag(XᵀWX)·1e-5) was needed for the logistic imputation model of '\(name)'") }
                return (beta, final)
            }
        }
        throw AnalysisError.numericalFailure("the logistic imputation model of '\(name)' did not converge in 25 iterations (its predictors may separate the two values). Choose fewer predictors of '\(name)', or impute it with the pmm method")
    }

    /// Recomputes passive slot `p` on those of `rows` where it is missing.
    private func recompute(_ p: Int, rows: [Int], current: inout [[Double]], missing: [[Bool]], originalRows: [Int]?) throws {
        guard case .passive(let passive) = slots[p].role else { return }
        let targetRows = rows.filter { missing[p][$0] }
        guard !targetRows.isEmpty else { return }
        let index = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1.name, $0) })
        let snapshot = current
        do {
            let values = try passive.expression.evaluate(count: targetRows.count) { name in targetRows.map { snapshot[index[name]!][$0] } }
            for (k, i) in targetRows.enumerated() { current[p][i] = values[k] }
        } catch {
            let row = originalRows.map { $0[targetRows[error.row]] } ?? targetRows[error.row]
            let line = data.line(ofRow: row).map { "line \($0)" } ?? "row \(row + 1)"
            throw AnalysisError.numericalFailure("the passive variable '\(passive.text)' is not a finite number at \(line) with the imputed values (\(error.expression.label) = \(error.value)). Change its formula")
        }
    }
}
