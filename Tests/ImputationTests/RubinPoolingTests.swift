import Foundation
import Imputation
import Models
import Tabular
import TestSupport
import XCTest

/// Rubin's rules against mice::pool (mice 3.15.0) on completed datasets made by mice
/// (Fixtures/make_fixtures.R wrote mice_long.csv and pool_golden.json).
final class RubinPoolingTests: XCTestCase {
    static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    func testPoolingEqualsMicePool() throws {
        let data = try CSVReader.read(path: Self.fixtures.appendingPathComponent("mice_long.csv").path)
        let golden = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("pool_golden.json"))) as? [[String: Any]])
        XCTAssertEqual(golden.count, 2)
        for model in golden {
            let formula = try XCTUnwrap(model["formula"] as? String)
            let pooled = try PooledRegression.fit(.init(formula: try Formula(formula)), to: data, imputationColumn: ".imp")
            XCTAssertEqual(pooled.imputations, 5)
            let terms = try XCTUnwrap(model["terms"] as? [[String: Any]])
            XCTAssertEqual(terms.map { $0["term"] as? String }, pooled.first.terms.map(\.term))
            for (expected, p) in zip(terms, pooled.pooled) {
                let p = try XCTUnwrap(p)
                let name = "\(formula): \(expected["term"]!)"
                assertRelative(p.estimate, expected["estimate"], 1e-8, "\(name) estimate")
                assertRelative(p.standardError, expected["std_error"], 1e-8, "\(name) std.error")
                assertRelative(p.degreesOfFreedom, expected["df"], 1e-8, "\(name) df")
                assertRelative(p.pValue, expected["p_value"], 1e-8, "\(name) p.value")
                assertRelative(p.relativeIncreaseInVariance, expected["riv"], 1e-8, "\(name) riv")
                assertRelative(p.lambda, expected["lambda"], 1e-8, "\(name) lambda")
                assertRelative(p.fractionOfMissingInformation, expected["fmi"], 1e-8, "\(name) fmi")
                assertRelative(p.withinVariance, expected["ubar"], 1e-8, "\(name) ubar")
                assertRelative(p.betweenVariance, expected["b"], 1e-8, "\(name) b")
                assertRelative(p.totalVariance, expected["t"], 1e-8, "\(name) t")
            }
        }
    }

    /// Identical estimates: b = 0, so riv = λ = 0 and the df use λ floored at 10⁻⁴ (barnard.rubin):
    /// ν_old = 4/10⁻⁸, ν_obs = (ν+1)/(ν+3)·ν·(1 − 10⁻⁴) with ν = 100.
    func testNoBetweenVarianceUsesTheFlooredLambda() {
        let p = PooledEstimate(estimates: [2, 2, 2, 2, 2], variances: [0.25, 0.25, 0.25, 0.25, 0.25], completeDataDF: 100)
        XCTAssertEqual(p.betweenVariance, 0)
        XCTAssertEqual(p.relativeIncreaseInVariance, 0)
        let old = 4 / 1e-8, observed = 101.0 / 103 * 100 * (1 - 1e-4)
        XCTAssertEqual(p.degreesOfFreedom, old * observed / (old + observed), accuracy: 1e-9)
        XCTAssertEqual(p.fractionOfMissingInformation, 2 / (p.degreesOfFreedom + 3), accuracy: 1e-15)
        XCTAssertEqual(p.standardError, 0.5)
        let large = PooledEstimate(estimates: [1, 2, 3], variances: [1, 1, 1], completeDataDF: nil)
        // b = 1, t = 1 + 4/3, λ = (4/3)/(7/3) = 4/7, ν = 2/λ².
        XCTAssertEqual(large.degreesOfFreedom, 2 / (16.0 / 49), accuracy: 1e-12)
    }

    func testLongFormatErrors() throws {
        let data = try CSVReader.read(path: Self.fixtures.appendingPathComponent("mice_long.csv").path)
        let spec = Regression.Specification(formula: try Formula("ascot12 ~ arm"))
        let absent = inputError { _ = try PooledRegression.fit(spec, to: data, imputationColumn: "imp") }
        XCTAssertEqual(absent?.origin, .parameter(.imputations, position: nil))
        let first = try data.selectingRows(Array(0..<120))
        let single = inputError { _ = try PooledRegression.fit(spec, to: first, imputationColumn: ".imp") }
        XCTAssertTrue(single?.problem.rendered(naming: \.name).contains("one completed dataset") ?? false)
        let uneven = try data.selectingRows(Array(0..<239))
        let differing = inputError { _ = try PooledRegression.fit(spec, to: uneven, imputationColumn: ".imp") }
        XCTAssertTrue(differing?.problem.rendered(naming: \.name).contains("has 119 rows") ?? false, "\(String(describing: differing))")
        let nonInteger = inputError { _ = try PooledRegression.fit(spec, to: data, imputationColumn: "ascot0") }
        XCTAssertTrue(nonInteger?.problem.rendered(naming: \.name).contains("not an integer") ?? false)
        XCTAssertEqual(nonInteger?.line, 2)
    }
}
