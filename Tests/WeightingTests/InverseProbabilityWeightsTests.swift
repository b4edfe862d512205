import Tabular
import TestSupport
@testable import Weighting
import XCTest

/// The weight formulas, trimming quantile and effective sample size on small hand-checked values.
final class InverseProbabilityWeightsTests: XCTestCase {
    func testATEAndATTWeights() {
        let e = [0.25, 0.5, 0.75, 0.125], t = [true, true, false, false]
        XCTAssertEqual(InverseProbabilityWeights.weights(propensity: e, treated: t, estimand: .ate, stabilize: false), [4, 2, 4, 8 / 7.0])
        XCTAssertEqual(InverseProbabilityWeights.weights(propensity: e, treated: t, estimand: .att, stabilize: false), [1, 1, 3, 1 / 7.0])
        // Stabilised: times the arm's share (2 of 4 each); with counts the shares are of the
        // repeated rows (3 treated of 4).
        XCTAssertEqual(InverseProbabilityWeights.weights(propensity: e, treated: t, estimand: .ate, stabilize: true), [2, 1, 2, 4 / 7.0])
        XCTAssertEqual(InverseProbabilityWeights.weights(propensity: e, treated: t, estimand: .ate, stabilize: true, counts: [2, 1, 1, 0]),
                       [3, 1.5, 1, 2 / 7.0])
    }

    /// R 4.2.2: `quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(.5, .9, .75, .625, .3125, .4375), type = 3)`
    /// is 3 6 5 4 1 3 (sorted 1 1 2 3 4 5 6 9; p = 0.3125 gives h = 2, j even, so x₍₂₎), and
    /// `quantile(c(5, 1, 1, 1), c(.9, .5), type = 3)` is 5 1.
    func testType3QuantileEqualsR() {
        let x: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        XCTAssertEqual(InverseProbabilityWeights.quantileType3(x, counts: nil, 0.5), 3)
        XCTAssertEqual(InverseProbabilityWeights.quantileType3(x, counts: nil, 0.9), 6)
        XCTAssertEqual(InverseProbabilityWeights.quantileType3(x, counts: nil, 0.75), 5)
        XCTAssertEqual(InverseProbabilityWeights.quantileType3(x, counts: nil, 0.625), 4)
        XCTAssertEqual(InverseProbabilityWeights.quantileType3(x, counts: nil, 0.3125), 1)
        XCTAssertEqual(InverseProbabilityWeights.quantileType3(x, counts: nil, 0.4375), 3)
        // Counts repeat values: the quantile of (1, 1, 1, 5) at 0.9 is 5, at 0.5 is 1.
        XCTAssertEqual(InverseProbabilityWeights.quantileType3([5, 1, 7], counts: [1, 3, 0], 0.9), 5)
        XCTAssertEqual(InverseProbabilityWeights.quantileType3([5, 1, 7], counts: [1, 3, 0], 0.5), 1)
    }

    func testTrimmingATTLeavesTheTreated() {
        let w: [Double] = [1, 1, 9, 0.5, 3, 0.2]
        let t = [true, true, false, false, false, false]
        let trimmed = InverseProbabilityWeights.trimmed(w, at: 0.75, treated: t, estimand: .att)
        XCTAssertEqual(trimmed.threshold, 3)
        XCTAssertEqual(trimmed.weights, [1, 1, 3, 0.5, 3, 0.2])
    }

    func testEffectiveSampleSize() {
        XCTAssertEqual(InverseProbabilityWeights.effectiveSampleSize([1, 1, 1, 1]), 4)
        XCTAssertEqual(InverseProbabilityWeights.effectiveSampleSize([1, 3]), 16 / 10.0)
        XCTAssertEqual(InverseProbabilityWeights.effectiveSampleSize([1, 3], counts: [2, 0]), 2)
    }
}
