import LinearAlgebra
import Random
import Resampling
import TestSupport
import XCTest

final class ResamplingTests: XCTestCase {
    func counts(_ plan: ResamplingPlan, seed: UInt64, replicate: Int) -> [Double] {
        var c = [Double](repeating: 0, count: plan.unitCount)
        c.withUnsafeMutableBufferPointer { plan.counts(seed: seed, replicate: replicate, into: $0) }
        return c
    }

    func testStratifiedDrawsKeepEachStratumsSize() {
        let strata = (0..<30).map { $0 < 12 ? 0 : 1 }
        let plan = ResamplingPlan(strata: strata)
        for b in 0..<20 {
            let c = counts(plan, seed: 3, replicate: b)
            XCTAssertEqual(c[0..<12].reduce(0, +), 12)
            XCTAssertEqual(c[12...].reduce(0, +), 18)
            XCTAssertEqual(c, counts(plan, seed: 3, replicate: b), "replicate \(b) depends only on (seed, b)")
        }
        XCTAssertNotEqual(counts(plan, seed: 3, replicate: 0), counts(plan, seed: 4, replicate: 0))
    }

    func testGenericBootstrapOfAMeanAgreesWithTheoryAndIgnoresThreads() {
        let values = (0..<200).map { Double(($0 * 37) % 101) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let sd = (values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let bootstrap = Bootstrap(plan: ResamplingPlan(strata: [Int](repeating: 0, count: values.count)), rowCount: values.count)
        let statistic: @Sendable ([Double]) throws -> [Double] = { w in
            [zip(w, values).reduce(0.0) { $0 + $1.0 * $1.1 } / w.reduce(0, +)]
        }
        let one = bootstrap.replicates(count: 4000, dimension: 1, seed: 11, threads: 1, statistic: statistic)
        let two = bootstrap.replicates(count: 4000, dimension: 1, seed: 11, threads: 2, statistic: statistic)
        XCTAssertEqual(one, two)
        let draws = one[0]
        let m = draws.reduce(0, +) / 4000
        let se = (draws.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / 3999).squareRoot()
        // The bootstrap SE of a mean is s·√((n−1)/n)/√n; Monte Carlo error of the SD ≈ 1.1% at B = 4000.
        assertRelative(se, sd * ((n - 1) / n).squareRoot() / n.squareRoot(), 0.05, "bootstrap SE of the mean")
        // Jackknife: exactly the leave-one-out means.
        let jack = bootstrap.jackknife(dimension: 1, statistic: statistic)[0]
        for i in [0, 57, 199] { XCTAssertEqual(jack[i], (mean * n - values[i]) / (n - 1), accuracy: 1e-9) }
    }

    func testAFailingReplicateIsNaNInEveryComponent() {
        let bootstrap = Bootstrap(plan: ResamplingPlan(strata: [0, 0, 0, 0]), rowCount: 4)
        struct Failure: Error {}
        let out = bootstrap.replicates(count: 10, dimension: 2, seed: 1) { w in
            if w[0] == 0 { throw Failure() }
            return [w[0], .infinity]
        }
        XCTAssertTrue(out.allSatisfy { $0.allSatisfy(\.isNaN) }, "non-finite or failed replicates are NaN")
    }

    /// With identical regressors SUR equals equation-by-equation least squares (Zellner 1962), so
    /// the batched SUR replicates must equal the OLS replicates.
    func testBatchedSURWithIdenticalRegressorsEqualsLeastSquares() {
        let n = 120
        var x = Matrix(rows: n, columns: 3)
        var y1 = [Double](repeating: 0, count: n), y2 = y1
        for i in 0..<n {
            x[i, 0] = 1; x[i, 1] = Double(i % 2); x[i, 2] = Double((i * 13) % 17) / 4
            y1[i] = 0.3 + 0.1 * x[i, 1] + 0.05 * x[i, 2] + Double((i * 7) % 11) / 30
            y2[i] = 100 + 20 * x[i, 1] - 3 * x[i, 2] + Double((i * 5) % 13) * 2
        }
        let equations = [BootstrapEquation(design: x, response: y1, coefficient: 1),
                         BootstrapEquation(design: x, response: y2, coefficient: 1)]
        let engine = LeastSquaresBootstrap(equations: equations, surPairs: [.init(0, 1)],
                                           plan: ResamplingPlan(strata: (0..<n).map { $0 % 2 }))
        let draws = engine.replicates(count: 300, seed: 5)
        XCTAssertEqual(draws.count, 4)
        for b in 0..<300 {
            XCTAssertEqual(draws[2][b], draws[0][b], accuracy: 1e-9 * max(1, abs(draws[0][b])))
            XCTAssertEqual(draws[3][b], draws[1][b], accuracy: 1e-9 * max(1, abs(draws[1][b])))
        }
    }

    func testPercentileIntervalIsTheType7Quantiles() throws {
        let replicates = (1...101).map(Double.init)
        let interval = try XCTUnwrap(BootstrapInterval.percentile.interval(replicates: replicates, estimate: 51, level: 0.9))
        XCTAssertEqual(interval.0, 6, accuracy: 1e-12)
        XCTAssertEqual(interval.1, 96, accuracy: 1e-12)
    }
}
