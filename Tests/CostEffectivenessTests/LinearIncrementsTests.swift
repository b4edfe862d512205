@testable import CostEffectiveness
import Tabular
import XCTest

/// Bootstrap-then-impute's analysis without refits: the arm coefficients as influence-weighted
/// sums of the outcomes equal the refitted least-squares increments for any outcomes.
final class LinearIncrementsTests: XCTestCase {
    func testInfluenceWeightedSumsEqualRefits() throws {
        let data = try CEAGoldenTests.data()
        for covariates in [("ascot0 + age + female + condition + imd", "age + female + condition + imd"), nil] {
            let spec = CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost",
                                        effectCovariates: covariates?.0, costCovariates: covariates?.1)
            let linear = try XCTUnwrap(try MultiplyImputedCEA.LinearIncrements(data, plain: spec, propensityWeights: nil))
            let effect = data.column(named: "ascot12")!.numbers!, cost = data.column(named: "cost")!.numbers!
            // Other outcomes on the same design: the weights do not depend on them.
            for (e, c) in [(effect, cost), (effect.enumerated().map { $1 * 0.5 + Double($0 % 7) * 0.01 }, cost.map { $0 * 1.3 + 200 })] {
                let changed = try MultiplyImputedCEA.replacing(data, variables: ["ascot12", "cost"], values: [e, c])
                let refit = try MultiplyImputedCEA.pointIncrements(changed, plain: spec)
                let point = linear.point(effect: e, cost: c)
                XCTAssertEqual(point.count, 4)
                for k in 0..<4 { XCTAssertEqual(point[k], refit[k], accuracy: 1e-9 * max(1, abs(refit[k])), "\(covariates == nil ? "unadjusted" : "adjusted") \(k)") }
            }
        }
    }
}
