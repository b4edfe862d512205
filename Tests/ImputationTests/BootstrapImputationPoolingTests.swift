import Foundation
import Imputation
import TestSupport
import XCTest

/// The von Hippel–Bartlett pooling against bootImpute's formula written out in R
/// (Fixtures/make_bootimpute_golden.R; bootImpute itself is not installable here): one matrix with
/// a clear between-bootstrap spread, one where σ²_B is truncated to 0 and the df to 3.
final class BootstrapImputationPoolingTests: XCTestCase {
    func testPoolingEqualsBootImputeFormula() throws {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("bootimpute_golden.json")
        let cases = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        XCTAssertEqual(cases.count, 2)
        for (k, c) in cases.enumerated() {
            let estimates = try XCTUnwrap(c["estimates"] as? [[Double]])
            let expected = try XCTUnwrap(c["pooled"] as? [String: Any])
            let pooled = BootstrapImputationEstimate(estimates: estimates)
            assertRelative(pooled.estimate, expected["estimate"], 1e-12, "case \(k) estimate")
            assertRelative(pooled.variance, expected["variance"], 1e-12, "case \(k) variance")
            assertRelative(pooled.degreesOfFreedom, expected["df"], 1e-12, "case \(k) df")
            let ci = pooled.interval(level: 0.95)
            assertRelative(ci.lower, expected["lower"], 1e-9, "case \(k) lower")
            assertRelative(ci.upper, expected["upper"], 1e-9, "case \(k) upper")
            XCTAssertEqual(pooled.truncated, k == 1)
        }
    }
}
