import XCTest
@testable import Resampling

/// BCa at magnitudes whose cubes overflow: NaN bounds for the caller to report, never a trap.
final class BootstrapIntervalOverflowTests: XCTestCase {
    func testBCaWithOverflowingJackknifeGivesNaNNotATrap() throws {
        let replicates = (0..<200).map { Double($0 % 37) * 1e104 }
        let jackknife = (0..<60).map { Double($0 % 11) * 1e104 }
        let interval = try XCTUnwrap(BootstrapInterval.bca.interval(replicates: replicates, estimate: 18e104, level: 0.95, jackknife: jackknife))
        XCTAssertTrue(interval.0.isNaN && interval.1.isNaN)
    }

    func testQuantileOfANaNProbabilityIsNaN() {
        XCTAssertTrue(Quantile.type7([1, 2, 3], [.nan])[0].isNaN)
        XCTAssertTrue(Quantile.type7([1, .nan, 3], [0.5])[0].isNaN)
        XCTAssertEqual(Quantile.type7([1, 2, 3], [0.5]), [2])
    }
}
