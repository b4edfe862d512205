import CostEffectiveness
import Distributions
import Foundation
import Models
import Tabular
import TestSupport
import XCTest

/// Requests whose answer would be silently meaningless are refused, or answered correctly.
final class CEARefusalTests: XCTestCase {
    func spec(effect: String? = nil, cost: String? = nil) -> CEASpecification {
        CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost", effectCovariates: effect, costCovariates: cost)
    }

    func testCovariatesMustKeepTheInterceptAndNotUseTheOutcome() throws {
        for covariates in ["0", "-1 + age", "age - 1", "0 + age"] {
            let error = inputError { _ = try CostEffectivenessAnalysis.run(self.spec(effect: covariates), on: CEAGoldenTests.data()) }
            XCTAssertEqual(error?.parameter, .effectCovariates, covariates)
            XCTAssertTrue(error?.problem.contains("remove the intercept") ?? false, "\(String(describing: error))")
        }
        let own = inputError { _ = try CostEffectivenessAnalysis.run(self.spec(effect: "age + ascot12"), on: CEAGoldenTests.data()) }
        XCTAssertEqual(own?.origin, .parameter(.effectCovariates, position: 7))
        XCTAssertTrue(own?.problem.contains("the outcome 'ascot12' itself") ?? false, "\(String(describing: own))")
        let ownCost = inputError { _ = try CostEffectivenessAnalysis.run(self.spec(cost: "I(cost/1000)"), on: CEAGoldenTests.data()) }
        XCTAssertEqual(ownCost?.parameter, .costCovariates)
        // The effect column as a cost covariate is a legitimate (if unusual) adjustment.
        XCTAssertNoThrow(try CostEffectivenessAnalysis.run(spec(cost: "ascot0"), on: CEAGoldenTests.data()))
    }

    func testTheArmCannotBeTheSubgroup() throws {
        var s = spec()
        s.subgroup = "group"
        XCTAssertEqual(inputError { _ = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data()) }?.parameter, .subgroup)
    }

    /// Without CHC's treated rows the first level in sorted order (CHC) has one arm: the reference
    /// becomes the next level with both arms, CHC is "not estimable", and each other subgroup's
    /// INB equals the difference in mean net benefit within it (no covariates: a saturated model).
    func testASubgroupReferenceWithOneArmIsNotHandedAnotherSubgroupsINB() throws {
        let data = try CEAGoldenTests.data()
        let condition = try XCTUnwrap(data.column(named: "condition")), group = try XCTUnwrap(data.column(named: "group")?.numbers)
        guard case .categorical(let codes, let levels) = condition.values else { return XCTFail("condition is text") }
        let rows = codes.indices.filter { !(levels[Int(codes[$0])] == "CHC" && group[$0] == 1) }
        let subset = try data.selectingRows(rows)
        var s = spec()
        s.subgroup = "condition"
        s.lambdas = [0, 20_000]
        let r = try CostEffectivenessAnalysis.run(s, on: subset)
        XCTAssertNotNil(r.subgroups.first { $0.level == "CHC" }?.note)
        let effect = try XCTUnwrap(subset.column(named: "ascot12")?.numbers), cost = try XCTUnwrap(subset.column(named: "cost")?.numbers)
        let arm = try XCTUnwrap(subset.column(named: "group")?.numbers)
        guard case .categorical(let subCodes, let subLevels) = try XCTUnwrap(subset.column(named: "condition")).values else { return }
        for result in r.subgroups where result.level != "CHC" {
            let members = subCodes.indices.filter { subLevels[Int(subCodes[$0])] == result.level }
            func mean(_ a: Double, _ lambda: Double) -> Double {
                let m = members.filter { arm[$0] == a }
                return m.reduce(0.0) { $0 + lambda * effect[$1] - cost[$1] } / Double(m.count)
            }
            for row in result.rows {
                assertRelative(row.estimate, mean(1, row.lambda) - mean(0, row.lambda), 1e-8, "\(result.level) INB(\(row.lambda))")
            }
        }
    }

    func testClustersNestedInArmsNeedTwoPerArm() throws {
        var s = spec(effect: "age")
        s.cluster = "group"
        let error = inputError { _ = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data()) }
        XCTAssertEqual(error?.parameter, .cluster)
        XCTAssertTrue(error?.problem.contains("has 1 cluster") ?? false, "\(String(describing: error))")
        // Two clusters crossing the arms: the cluster bootstrap runs and warns.
        s.cluster = "female"
        s.bootstrapReplicates = 200
        let r = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data())
        XCTAssertTrue(r.warnings.contains { $0.contains("cluster bootstrap from 2 clusters") }, "\(r.warnings)")
    }

    /// With the same covariates in both equations, INB(λ) is one net-benefit regression: under CR2
    /// its t interval has the equations' Satterthwaite df at every λ (clubSandwich on lm(nb ~ …)).
    func testCR2INBHasTheNetBenefitRegressionsDegreesOfFreedom() throws {
        let covariates = "age + female + ascot0"
        var s = spec(effect: covariates, cost: covariates)
        s.cluster = "site"
        s.clusterVariance = .CR2
        s.lambdas = [0, 30_000]
        let r = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data())
        let df = try XCTUnwrap(r.deltaEffect.degreesOfFreedom)
        XCTAssertEqual(df, try XCTUnwrap(r.deltaCost.degreesOfFreedom), accuracy: 1e-9 * df)
        for row in r.netBenefit {
            let interval = try XCTUnwrap(row.interval)
            let se = (interval.upper - interval.lower) / 2 / Distributions.StudentT(degreesOfFreedom: df).quantile(0.975)
            let variance = row.lambda * row.lambda * r.deltaEffect.standardError * r.deltaEffect.standardError
                + r.deltaCost.standardError * r.deltaCost.standardError - 2 * row.lambda * r.covariance
            assertRelative(se, variance.squareRoot(), 1e-9, "INB(\(row.lambda)) interval uses t with df \(df)")
        }
    }
}
