import Parallelism

/// A nonparametric bootstrap of any statistic (Efron & Tibshirani 1993, ch. 6): replicate b draws
/// units with ``ResamplingPlan/counts(seed:replicate:into:)`` and evaluates the statistic with
/// each row weighted by how often its unit was drawn (frequency weights: a row drawn twice counts
/// twice, a row not drawn has weight 0). Estimators that accept frequency weights therefore
/// bootstrap without copying data.
///
/// This is the general path, for estimators refitted from scratch in every replicate (GLMs,
/// two-part models). Least-squares statistics have a batched fast path, ``LeastSquaresBootstrap``.
/// Replicate b depends only on (seed, b), so the result is the same for any thread count.
public struct Bootstrap: Sendable {
    public let plan: ResamplingPlan
    /// The resampling unit of each row (a cluster index), or nil when rows are the units.
    public let unitOfRow: [Int]?
    public let rowCount: Int

    public init(plan: ResamplingPlan, rowCount: Int, unitOfRow: [Int]? = nil) {
        precondition(unitOfRow.map { $0.count == rowCount } ?? (plan.unitCount == rowCount))
        self.plan = plan
        self.rowCount = rowCount
        self.unitOfRow = unitOfRow
    }

    /// `result[k][b]`: statistic k of replicate b. A replicate whose statistic throws, or returns
    /// a non-finite value, has NaN in every component (the caller excludes and counts it).
    /// - Parameters:
    ///   - statistic: the statistics from row frequency weights; it must return `dimension` values.
    ///   - progress: called with the number of replicates just finished.
    public func replicates(count: Int, dimension: Int, seed: UInt64, threads: Int? = nil,
                           progress: (@Sendable (Int) -> Void)? = nil,
                           statistic: @Sendable ([Double]) throws -> [Double]) -> [[Double]] {
        let chunk = 64
        let chunks = (count + chunk - 1) / chunk
        let results = Parallel.map(chunks, threads: threads) { c -> [[Double]] in
            var unitCounts = [Double](repeating: 0, count: plan.unitCount)
            let range = (c * chunk)..<min(count, (c + 1) * chunk)
            let out = range.map { b -> [Double] in
                unitCounts.withUnsafeMutableBufferPointer { plan.counts(seed: seed, replicate: b, into: $0) }
                return evaluate(statistic, weights: rowWeights(unitCounts), dimension: dimension)
            }
            progress?(range.count)
            return out
        }
        let flat = results.flatMap { $0 }
        return (0..<dimension).map { k in flat.map { $0[k] } }
    }

    /// Leave-one-unit-out values (the jackknife, for BCa): `result[k][u]` without unit u.
    public func jackknife(dimension: Int, threads: Int? = nil,
                          statistic: @Sendable ([Double]) throws -> [Double]) -> [[Double]] {
        let values = Parallel.map(plan.unitCount, threads: threads) { u -> [Double] in
            var unitCounts = [Double](repeating: 1, count: plan.unitCount)
            unitCounts[u] = 0
            return evaluate(statistic, weights: rowWeights(unitCounts), dimension: dimension)
        }
        return (0..<dimension).map { k in values.map { $0[k] } }
    }

    /// Row weights from unit counts.
    private func rowWeights(_ unitCounts: [Double]) -> [Double] {
        guard let unitOfRow else { return unitCounts }
        return unitOfRow.map { unitCounts[$0] }
    }

    private func evaluate(_ statistic: ([Double]) throws -> [Double], weights: [Double], dimension: Int) -> [Double] {
        guard let values = try? statistic(weights), values.count == dimension, values.allSatisfy(\.isFinite) else {
            return [Double](repeating: .nan, count: dimension)
        }
        return values
    }
}
