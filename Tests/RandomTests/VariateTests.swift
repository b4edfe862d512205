import Random
import XCTest

/// The normal, gamma and χ² variates against their distributions' moments and quantiles
/// (reference values: the normal's P(Z ≤ 1) = 0.841344746; χ²₃'s median 2.365974; mean ν,
/// variance 2ν), over 200,000 draws: the tolerances are about 5 Monte Carlo standard errors.
final class VariateTests: XCTestCase {
    private func draws(_ n: Int, stream: Int, _ draw: (inout Xoshiro256StarStar) -> Double) -> [Double] {
        var g = Xoshiro256StarStar(seed: 2026, stream: RandomStream(.simulation, stream))
        return (0..<n).map { _ in draw(&g) }
    }

    private func moments(_ x: [Double]) -> (mean: Double, variance: Double) {
        let mean = x.reduce(0, +) / Double(x.count)
        return (mean, x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1))
    }

    func testNormalMomentsAndCDF() {
        let x = draws(200_000, stream: 1) { $0.nextNormal() }
        let m = moments(x)
        XCTAssertEqual(m.mean, 0, accuracy: 5 / 200_000.0.squareRoot())
        XCTAssertEqual(m.variance, 1, accuracy: 5 * 2.0.squareRoot() / 200_000.0.squareRoot())
        let below1 = Double(x.filter { $0 <= 1 }.count) / Double(x.count)
        XCTAssertEqual(below1, 0.841344746, accuracy: 5 * (0.84 * 0.16 / 200_000).squareRoot())
    }

    func testChiSquaredMomentsAndMedian() {
        for (k, nu) in [0.6, 1, 3, 17.5].enumerated() {
            let x = draws(200_000, stream: 10 + k) { $0.nextChiSquared(degreesOfFreedom: nu) }
            let m = moments(x)
            let se = (2 * nu / 200_000).squareRoot()
            XCTAssertEqual(m.mean, nu, accuracy: 5 * se, "ν = \(nu)")
            XCTAssertEqual(m.variance, 2 * nu, accuracy: 2 * nu * 0.05, "ν = \(nu)")
            XCTAssertTrue(x.allSatisfy { $0 > 0 && $0.isFinite })
            if nu == 3 {
                let below = Double(x.filter { $0 <= 2.365974 }.count) / Double(x.count)
                XCTAssertEqual(below, 0.5, accuracy: 5 * (0.25 / 200_000).squareRoot())
            }
        }
    }

    func testVariatesDependOnlyOnTheStream() {
        var a = Xoshiro256StarStar(seed: 9, stream: RandomStream(.imputation, 4))
        var b = Xoshiro256StarStar(seed: 9, stream: RandomStream(.imputation, 4))
        XCTAssertEqual((0..<50).map { _ in a.nextGamma(shape: 2.5) }, (0..<50).map { _ in b.nextGamma(shape: 2.5) })
    }

    func testUniformIntegersCoverTheRange() {
        var g = Xoshiro256StarStar(seed: 5, stream: 0)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[g.nextInt(below: 7)] += 1 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
    }
}
