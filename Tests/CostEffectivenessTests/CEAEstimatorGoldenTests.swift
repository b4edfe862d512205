import CostEffectiveness
import Distributions
import Foundation
import Models
import TestSupport
import Tabular
import XCTest

/// Two-part costs, CR1 for gamma-cost and SUR, and the bootstraps of SUR, gamma-cost and two-part
/// against R (Fixtures/estimators/make_estimator_fixtures.R: glm, systemfit, sandwich, boot; see
/// the README beside it for every formula).
final class CEAEstimatorGoldenTests: XCTestCase {
    static func golden(_ name: String) throws -> [String: Any] {
        try goldenDocument(CEAGoldenTests.fixtures.appendingPathComponent("estimators/golden/\(name).json"))
    }

    static func data(_ file: String) throws -> Dataset { try CEAGoldenTests.data("estimators/\(file)") }

    func spec(_ model: CEASpecification.Model, effect: String?, cost: String?) -> CEASpecification {
        CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost",
                         effectCovariates: effect, costCovariates: cost, model: model, seed: 1)
    }

    func testTwoPartMatchesR() throws {
        let fits = try Self.golden("two_part")["fits"] as! [String: [String: Any]]
        for (name, covariates) in [("none", nil), ("adjusted", "age + female + condition")] as [(String, String?)] {
            let g = try XCTUnwrap(fits[name])
            let r = try CostEffectivenessAnalysis.run(spec(.twoPart, effect: covariates, cost: covariates), on: Self.data("pilot_like_zeros.csv"))
            let c = g["delta_cost"] as! [String: Any], e = g["delta_effect"] as! [String: Any]
            assertRelative(r.deltaCost.estimate, c["estimate"], 1e-8, "\(name) two-part ΔC")
            assertRelative(r.deltaCost.standardError, c["std_error"], 1e-8, "\(name) two-part se(ΔC), delta method")
            assertRelative(r.deltaEffect.estimate, e["estimate"], 1e-8, "\(name) ΔE")
            assertRelative(r.deltaEffect.standardError, e["std_error"], 1e-8, "\(name) se(ΔE)")
            assertRelative(r.covariance, g["cov_effect_cost"], 1e-7, "\(name) cov(ΔE, ΔC), influence functions")
            XCTAssertEqual(r.model, "least squares (effect), two-part model (logistic × gamma GLM) with recycled predictions (cost)")
        }
    }

    func testCR1ForGammaCostAndSURMatchesR() throws {
        let g = try Self.golden("cr1")
        let effect = CEAGoldenTests.effectCovariates, cost = CEAGoldenTests.costCovariates
        var s = spec(.gammaCost, effect: effect, cost: cost)
        s.cluster = "site"
        let gamma = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data())
        let gg = g["gamma_cost"] as! [String: Any]
        let gc = gg["delta_cost"] as! [String: Any], ge = gg["delta_effect"] as! [String: Any]
        assertRelative(gamma.deltaCost.estimate, gc["estimate"], 1e-8, "gamma ΔC")
        assertRelative(gamma.deltaCost.standardError, gc["std_error_cr1"], 1e-7, "gamma CR1 se(ΔC)")
        assertRelative(gamma.deltaEffect.standardError, ge["std_error_cr1"], 1e-8, "gamma CR1 se(ΔE)")
        assertRelative(gamma.covariance, gg["cov_effect_cost_cr1"], 1e-7, "gamma CR1 cov")
        XCTAssertEqual(gamma.clusterCount, 20)

        s.model = .sur
        let sur = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data())
        let sg = g["sur"] as! [String: Any]
        let v = sg["vcov_cr1"] as! [[Double]]
        assertRelative(sur.deltaEffect.estimate, (sg["delta_effect"] as! [String: Any])["estimate"], 1e-8, "SUR ΔE")
        assertRelative(sur.deltaEffect.standardError, v[0][0].squareRoot(), 1e-8, "SUR CR1 se(ΔE)")
        assertRelative(sur.deltaCost.standardError, v[1][1].squareRoot(), 1e-8, "SUR CR1 se(ΔC)")
        assertRelative(sur.covariance, v[0][1], 1e-8, "SUR CR1 cov")

        s.model = .ols
        let ols = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data())
        let ov = g["ols"] as! [String: Any]
        assertRelative(ols.covariance, ov["cov_effect_cost_cr1"], 1e-8, "OLS CR1 cov")
    }

    /// `--vcov CR2` against clubSandwich (Fixtures/cr2/make_cea_cr2_fixture.R): each arm
    /// coefficient's SE and Satterthwaite df, the t intervals, INB(0) = −ΔC with the same
    /// interval, and subgroup INB by net-benefit regression with CR2 SEs.
    func testCR2MatchesClubSandwich() throws {
        let g = try goldenDocument(CEAGoldenTests.fixtures.appendingPathComponent("cr2/cea_cr2.json"))
        var s = spec(.ols, effect: "ascot0 + age + female", cost: "age + female")
        s.cluster = "site"
        s.clusterVariance = .CR2
        s.subgroup = "condition"
        s.lambdas = [0, 20_000, 50_000]
        let r = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data())
        for (mine, key) in [(r.deltaEffect, "delta_effect"), (r.deltaCost, "delta_cost")] {
            let theirs = g[key] as! [String: Any]
            assertRelative(mine.estimate, theirs["estimate"], 1e-10, "\(key)")
            assertRelative(mine.standardError, theirs["std_error"], 1e-8, "\(key) CR2 SE")
            assertRelative(try XCTUnwrap(mine.degreesOfFreedom), theirs["df"], 1e-8, "\(key) Satterthwaite df")
            let t = StudentT(degreesOfFreedom: mine.degreesOfFreedom!).quantile(0.975)
            assertRelative(try XCTUnwrap(mine.interval).upper, mine.estimate + t * mine.standardError, 1e-12, "\(key) t interval")
        }
        let inb0 = try XCTUnwrap(r.netBenefit.first { $0.lambda == 0 }?.interval), cost = try XCTUnwrap(r.deltaCost.interval)
        assertRelative(inb0.lower, -cost.upper, 1e-10, "INB(0) lower = −ΔC upper")
        assertRelative(inb0.upper, -cost.lower, 1e-10, "INB(0) upper = −ΔC lower")
        XCTAssertEqual(r.clusterVariance, .CR2)
        XCTAssertTrue(r.warnings.isEmpty, "\(r.warnings)")
        for row in g["subgroups"] as! [[String: Any]] {
            let level = row["subgroup"] as! String, lambda = row["lambda"] as! Double
            let mine = try XCTUnwrap(r.subgroups.first { $0.level == level }?.rows.first { $0.lambda == lambda }, level)
            assertRelative(mine.estimate, row["estimate"], 1e-8, "\(level) INB(\(lambda))")
            assertRelative(mine.standardError, row["std_error"], 1e-8, "\(level) CR2 se INB(\(lambda))")
            assertRelative(try XCTUnwrap(mine.degreesOfFreedom), row["df"], 1e-8, "\(level) Satterthwaite df")
        }
        // CR1 from 20 clusters warns and recommends CR2.
        s.clusterVariance = .CR1
        let cr1 = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data())
        XCTAssertTrue(cr1.warnings.contains { $0.contains("20 clusters") && $0.contains("CR2") }, "\(cr1.warnings)")
        s.model = .sur
        s.clusterVariance = .CR2
        XCTAssertEqual(inputError { _ = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data()) }?.parameter, .variance)
    }

    /// Bootstrap standard errors against R's boot of the same estimator, within
    /// 4·√(mc_R² + mc_phbeval²) + 2%, mc = SE/√(2(B − 1)) (the Monte Carlo error of an SD).
    func testBootstrapsAgreeWithRBootWithinMonteCarloError() throws {
        let g = try Self.golden("bootstrap_estimators")
        let effect = CEAGoldenTests.effectCovariates, cost = CEAGoldenTests.costCovariates
        let cases: [(block: String, spec: CEASpecification, data: Dataset)] = [
            ("sur_rows", spec(.sur, effect: effect, cost: cost), try CEAGoldenTests.data()),
            ("gamma_cost_rows", spec(.gammaCost, effect: effect, cost: cost), try CEAGoldenTests.data()),
            ("two_part_rows", spec(.twoPart, effect: "age + female + condition", cost: "age + female + condition"),
             try Self.data("pilot_like_zeros.csv")),
            ("sur_cluster", spec(.sur, effect: effect, cost: cost).with { $0.cluster = "site" }, try CEAGoldenTests.data()),
            ("sur_cluster_nested", spec(.sur, effect: effect, cost: cost).with { $0.cluster = "site" }, try Self.data("sites_nested.csv")),
        ]
        for (block, base, data) in cases {
            let reference = try XCTUnwrap(g[block] as? [String: Any], block)
            // Refitting GLMs is the slow path: fewer replicates there, with the wider Monte Carlo band.
            let b = block.hasPrefix("sur") ? reference["replicates"] as! Int : 400
            let r = try CostEffectivenessAnalysis.run(base.with { $0.bootstrapReplicates = b }, on: data)
            XCTAssertEqual(r.bootstrap?.failed, 0, block)
            XCTAssertEqual(r.bootstrap?.resampling, block == "sur_cluster_nested" ? "clusters within arms" : block == "sur_cluster" ? "clusters" : "rows within arms")
            for (key, mine) in [("delta_effect", r.deltaEffect.standardError), ("delta_cost", r.deltaCost.standardError)] {
                let theirs = try XCTUnwrap(reference[key] as? [String: Any])
                let se = theirs["std_error"] as! Double, mcR = theirs["mc_se_of_std_error"] as! Double
                let mcMine = mine / (2 * Double(b - 1)).squareRoot()
                let tolerance = 4 * (mcR * mcR + mcMine * mcMine).squareRoot() + 0.02 * se
                XCTAssertLessThanOrEqual(abs(mine - se), tolerance, "\(block) \(key): phbeval \(mine) (B = \(b)) vs R boot \(se) (B = \(reference["replicates"]!))")
            }
        }
    }
}

extension CEASpecification {
    func with(_ change: (inout CEASpecification) -> Void) -> CEASpecification {
        var copy = self
        change(&copy)
        return copy
    }
}
