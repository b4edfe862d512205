import CostEffectiveness
import Foundation
import Resampling
import Tabular
import TestSupport
import XCTest

/// The cost-effectiveness engine against R (Fixtures/make_cea_fixtures.R: lm, sandwich, boot and
/// an R implementation of Fieller's formula) on the pilot-shaped data.
final class CEAGoldenTests: XCTestCase {
    static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
    static let effectCovariates = "ascot0 + age + female + condition + imd"
    static let costCovariates = "age + female + condition + imd"

    static func golden(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("golden/\(name).json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func data(_ file: String = "pilot_like.csv") throws -> Dataset {
        try CSVReader.read(path: fixtures.appendingPathComponent(file).path)
    }

    static func spec(adjusted: Bool, cluster: String? = nil, bootstrap: Int? = nil, threads: Int? = nil,
                     interval: BootstrapInterval = .percentile) -> CEASpecification {
        CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost",
                         effectCovariates: adjusted ? effectCovariates : nil, costCovariates: adjusted ? costCovariates : nil,
                         cluster: cluster, bootstrapReplicates: bootstrap, seed: 1, interval: interval, threads: threads)
    }

    func assertRelative(_ actual: Double, _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        TestSupport.assertRelative(actual, expected, 1e-8, what, file: file, line: line)
    }

    func assertRelative(_ actual: Double, _ expected: Any?, _ tolerance: Double, _ what: String,
                        file: StaticString = #filePath, line: UInt = #line) {
        TestSupport.assertRelative(actual, expected, tolerance, what, file: file, line: line)
    }

    func testUnadjustedIncrementsMatchR() throws {
        let g = try Self.golden("unadjusted")
        let r = try CostEffectivenessAnalysis.run(Self.spec(adjusted: false), on: Self.data())
        XCTAssertEqual(r.treatedCount, 1187)
        XCTAssertEqual(r.controlCount, 1048)
        let e = g["delta_effect"] as! [String: Any], c = g["delta_cost"] as! [String: Any]
        assertRelative(r.deltaEffect.estimate, e["estimate"], "ΔE")
        assertRelative(r.deltaEffect.standardError, e["std_error"], "Welch se(ΔE)")
        assertRelative(r.deltaCost.estimate, c["estimate"], "ΔC")
        assertRelative(r.deltaCost.standardError, c["std_error"], "Welch se(ΔC)")
        assertRelative(r.covariance, g["cov_effect_cost"], "cov(ΔE, ΔC)")
        let ci = e["ci_normal"] as! [Double]
        assertRelative(r.deltaEffect.interval!.lower, ci[0], "ΔE lower")
        assertRelative(r.deltaEffect.interval!.upper, ci[1], "ΔE upper")
        assertRelative(r.icer!, (g["icer"] as! [String: Any])["estimate"], "ICER")
        XCTAssertEqual(r.quadrant, .northeast)
        let inb = g["inb"] as! [[String: Any]]
        XCTAssertEqual(r.netBenefit.count, inb.count)
        for (mine, theirs) in zip(r.netBenefit, inb) {
            XCTAssertEqual(mine.lambda, theirs["lambda"] as! Double)
            assertRelative(mine.estimate, theirs["estimate"], "INB(\(mine.lambda))")
        }
    }

    func testLeastSquaresIncrementsMatchR() throws {
        let g = try Self.golden("ols")
        let r = try CostEffectivenessAnalysis.run(Self.spec(adjusted: true), on: Self.data())
        let e = g["delta_effect"] as! [String: Any], c = g["delta_cost"] as! [String: Any]
        assertRelative(r.deltaEffect.estimate, e["estimate"], "ΔE")
        assertRelative(r.deltaEffect.standardError, e["std_error"], "se(ΔE)")
        assertRelative(r.deltaCost.estimate, c["estimate"], "ΔC")
        assertRelative(r.deltaCost.standardError, c["std_error"], "se(ΔC)")
        assertRelative(r.covariance, g["cov_effect_cost"], "cross-equation cov")
        let ci = c["ci_normal"] as! [Double]
        assertRelative(r.deltaCost.interval!.lower, ci[0], "ΔC lower")
        assertRelative(r.deltaCost.interval!.upper, ci[1], "ΔC upper")
        for (mine, theirs) in zip(r.netBenefit, g["inb"] as! [[String: Any]]) {
            assertRelative(mine.estimate, theirs["estimate"], "INB(\(mine.lambda))")
            assertRelative(mine.interval!.lower, (theirs["ci_normal"] as! [Double])[0], "INB(\(mine.lambda)) lower")
        }
        // Cluster-robust (CR1) standard errors: sandwich::vcovCL(type = "HC1"), 20 sites, one singleton.
        let clustered = try CostEffectivenessAnalysis.run(Self.spec(adjusted: true, cluster: "site"), on: Self.data())
        XCTAssertEqual(clustered.clusterCount, 20)
        assertRelative(clustered.deltaEffect.standardError, e["std_error_cr1"], "CR1 se(ΔE)")
        assertRelative(clustered.deltaCost.standardError, c["std_error_cr1"], "CR1 se(ΔC)")
    }

    func testSeeminglyUnrelatedRegressionsMatchSystemfit() throws {
        let g = try Self.golden("sur")
        var spec = Self.spec(adjusted: true)
        spec.model = .sur
        let r = try CostEffectivenessAnalysis.run(spec, on: Self.data())
        let e = g["delta_effect"] as! [String: Any], c = g["delta_cost"] as! [String: Any]
        assertRelative(r.deltaEffect.estimate, e["estimate"], "SUR ΔE")
        assertRelative(r.deltaEffect.standardError, e["std_error"], "SUR se(ΔE)")
        assertRelative(r.deltaCost.estimate, c["estimate"], "SUR ΔC")
        assertRelative(r.deltaCost.standardError, c["std_error"], "SUR se(ΔC)")
        assertRelative(r.covariance, g["cov_effect_cost"], "SUR cov(ΔE, ΔC)")
        assertRelative(r.icer!, (g["icer"] as! [String: Any])["estimate"], "SUR ICER")
        for (mine, theirs) in zip(r.netBenefit, g["inb"] as! [[String: Any]]) {
            assertRelative(mine.estimate, theirs["estimate"], "SUR INB(\(mine.lambda))")
        }
        // The bootstrap of SUR (batched normal equations) keeps the model's point estimates.
        spec.bootstrapReplicates = 100
        let boot = try CostEffectivenessAnalysis.run(spec, on: Self.data())
        XCTAssertEqual(boot.deltaEffect.estimate, r.deltaEffect.estimate)
        XCTAssertEqual(boot.deltaCost.estimate, r.deltaCost.estimate)
        XCTAssertEqual(boot.bootstrap?.replicates, 100)
    }

    func testGammaCostRecycledPredictionsMatchR() throws {
        let g = try Self.golden("gamma")
        let fit = g["r_fit"] as! [String: Any]
        var spec = Self.spec(adjusted: true)
        spec.model = .gammaCost
        let r = try CostEffectivenessAnalysis.run(spec, on: Self.data())
        let c = fit["delta_cost"] as! [String: Any]
        assertRelative(r.deltaCost.estimate, c["estimate"], "recycled-prediction ΔC")
        assertRelative(r.deltaCost.standardError, c["std_error_delta_method"], "delta-method se(ΔC)")
        assertRelative(r.deltaEffect.estimate, (g["delta_effect"] as! [String: Any])["estimate"], "ΔE (least squares)")
        assertRelative(r.icer!, (fit["icer"] as! [String: Any])["estimate"], "ICER")
        for (mine, theirs) in zip(r.netBenefit, fit["inb"] as! [[String: Any]]) {
            assertRelative(mine.estimate, theirs["estimate"], "gamma INB(\(mine.lambda))")
        }
        XCTAssertEqual(r.model, "least squares (effect), gamma GLM with recycled predictions (cost)")
    }

    /// INB by subgroup from net-benefit regression: Fixtures/make_nbr_fixture.R (lm + sandwich).
    func testNetBenefitRegressionBySubgroupMatchesR() throws {
        let rows = try Self.golden("nbr")["rows"] as! [[String: Any]]
        for cluster in [nil, "site"] {
            var spec = CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost",
                                        effectCovariates: "ascot0 + age + female + imd", cluster: cluster, subgroup: "condition",
                                        lambdas: [0, 20_000, 50_000])
            spec.level = 0.95
            let r = try CostEffectivenessAnalysis.run(spec, on: Self.data())
            XCTAssertEqual(r.subgroups.map(\.level), ["CHC", "COPD", "diabetes", "mental_health", "neuro", "stroke"])
            for golden in rows {
                let group = try XCTUnwrap(r.subgroups.first { $0.level == golden["subgroup"] as? String })
                XCTAssertEqual(group.count, golden["n"] as? Int)
                let row = try XCTUnwrap(group.rows.first { $0.lambda == golden["lambda"] as? Double })
                let label = "\(group.level) λ=\(row.lambda) \(cluster ?? "classical")"
                // INB crosses zero on the grid: compare on the scale of its parts.
                let scale = abs(row.lambda * 0.05) + 2_000
                XCTAssertEqual(row.estimate, golden["estimate"] as! Double, accuracy: 1e-8 * scale, label)
                assertRelative(row.standardError, golden[cluster == nil ? "std_error" : "std_error_cr1"], "se \(label)")
            }
        }
    }

    func testFiellerMatchesR() throws {
        let g = try Self.golden("fieller")
        for case let c as [String: Any] in g["cases"] as! [Any] {
            let inputs = c["inputs"] as! [String: Double]
            let increments = Increments(deltaEffect: inputs["delta_effect"]!, deltaCost: inputs["delta_cost"]!,
                                        varianceEffect: inputs["var_effect"]!, varianceCost: inputs["var_cost"]!,
                                        covariance: inputs["cov_effect_cost"]!)
            let interval = DecisionRules.fieller(increments, level: 0.95)
            if c["status"] as? String == "bounded" {
                let limits = try XCTUnwrap(interval, "\(c["name"]!)")
                assertRelative(limits.lower, c["lower"], "\(c["name"]!) lower")
                assertRelative(limits.upper, c["upper"], "\(c["name"]!) upper")
            } else {
                XCTAssertNil(interval, "\(c["name"]!) is unbounded in R")
            }
        }
    }

    /// B = 10,000: bootstrap standard errors within 3% of R's boot (strata = arm), CEAC within
    /// 0.025 at every λ; the same result for 1 and 2 threads.
    func testBootstrapAgreesWithRBootAndIgnoresThreadCount() throws {
        let g = try Self.golden("bootstrap")
        let data = try Self.data()
        let r = try CostEffectivenessAnalysis.run(Self.spec(adjusted: true, bootstrap: 10_000, threads: 2), on: data)
        let ols = g["ols"] as! [String: Any]
        let e = ols["delta_effect"] as! [String: Any], c = ols["delta_cost"] as! [String: Any]
        assertRelative(r.deltaEffect.standardError, e["std_error"], 0.03, "bootstrap se(ΔE)")
        assertRelative(r.deltaCost.standardError, c["std_error"], 0.03, "bootstrap se(ΔC)")
        for (mine, theirs) in zip(r.netBenefit, ols["inb"] as! [[String: Any]]) {
            XCTAssertEqual(mine.probabilityCostEffective, theirs["prob_cost_effective"] as! Double, accuracy: 0.025, "CEAC(\(mine.lambda))")
        }
        let unadjusted = g["unadjusted"] as! [String: Any]
        let se = unadjusted["std_error"] as! [Double]
        assertRelative(r.unadjustedEffect.standardError, se[0], 0.03, "bootstrap se(unadjusted ΔE)")
        assertRelative(r.unadjustedCost.standardError, se[1], 0.03, "bootstrap se(unadjusted ΔC)")
        XCTAssertEqual(r.bootstrap?.failed, 0)

        let single = try CostEffectivenessAnalysis.run(Self.spec(adjusted: true, bootstrap: 10_000, threads: 1), on: data)
        XCTAssertTrue(zip(single.replicates, r.replicates).allSatisfy { $0.effect == $1.effect && $0.cost == $1.cost })
        XCTAssertEqual(single.deltaCost, r.deltaCost)
    }

    func testBCaNeedsAtLeastAsManyReplicatesAsUnits() throws {
        XCTAssertThrowsError(try CostEffectivenessAnalysis.run(Self.spec(adjusted: false, bootstrap: 500, interval: .bca), on: Self.data())) { error in
            XCTAssertTrue("\(error)".contains("BCa"), "\(error)")
        }
        // With B ≥ n, the BCa limits are close to boot.ci(type = "bca") (different random draws).
        let r = try CostEffectivenessAnalysis.run(Self.spec(adjusted: true, bootstrap: 4_000, interval: .bca), on: Self.data())
        let golden = ((try Self.golden("bootstrap")["ols"] as! [String: Any])["delta_effect"] as! [String: Any])["ci_bca"] as! [Double]
        XCTAssertEqual(r.deltaEffect.interval!.lower, golden[0], accuracy: 0.0015)
        XCTAssertEqual(r.deltaEffect.interval!.upper, golden[1], accuracy: 0.0015)
    }
}
