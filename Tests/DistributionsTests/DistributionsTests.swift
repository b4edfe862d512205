import TestSupport
import XCTest
@testable import Distributions

/// Reference values printed by R 4.2.2 with `options(digits = 17)`:
/// `pnorm(1.96); 2*pnorm(-3); 2*pnorm(-10); qnorm(0.975); qnorm(1e-10); qnorm(0.3)` and
/// `2*pt(-2.228138851986274, 10); qt(0.975, 10); pt(-1, 3); 2*pt(-0.5, 300); 2*pt(-8, 300);
/// qt(0.025, 300); qt(0.75, 1); 2*pt(-40, 5); 2*pt(-3.2, 2.5)`.
final class DistributionsTests: XCTestCase {
    func testNormal() {
        assertRelative(Normal.cdf(1.96), 9.7500210485177963e-01, 1e-15)
        assertRelative(Normal.twoSidedPValue(3), 2.6997960632601892e-03, 1e-14)
        assertRelative(Normal.twoSidedPValue(-10), 1.5239706048321054e-23, 1e-13)
        assertRelative(Normal.quantile(0.975), 1.9599639845400536, 1e-15)
        assertRelative(Normal.quantile(1e-10), -6.3613409024040557, 1e-15)
        assertRelative(Normal.quantile(0.3), -5.2440051270804067e-01, 1e-15)
        XCTAssertEqual(Normal.quantile(0.5), 0)
        XCTAssertTrue(Normal.quantile(1.5).isNaN)
    }

    func testStudentT() {
        assertRelative(StudentT(degreesOfFreedom: 10).twoSidedPValue(2.228138851986274), 5.0000000000000037e-02, 1e-13)
        assertRelative(StudentT(degreesOfFreedom: 10).quantile(0.975), 2.2281388519862739, 1e-13)
        assertRelative(StudentT(degreesOfFreedom: 3).cdf(-1), 1.9550110947788527e-01, 1e-14)
        assertRelative(StudentT(degreesOfFreedom: 300).twoSidedPValue(0.5), 6.1744162255422541e-01, 1e-12)
        assertRelative(StudentT(degreesOfFreedom: 300).twoSidedPValue(8), 2.7350153901538275e-14, 1e-12)
        assertRelative(StudentT(degreesOfFreedom: 300).quantile(0.025), -1.9679030112610865, 1e-13)
        assertRelative(StudentT(degreesOfFreedom: 1).quantile(0.75), 1, 1e-13)
        assertRelative(StudentT(degreesOfFreedom: 5).twoSidedPValue(-40), 1.8411962171772952e-07, 1e-12)
        assertRelative(StudentT(degreesOfFreedom: 2.5).twoSidedPValue(-3.2), 6.3411028236381478e-02, 1e-13)
    }
}
