import CostEffectiveness
import Foundation
import Tabular
import TestSupport
import Weighting
import XCTest

/// Propensity weighting against R on the lalonde data (Fixtures/make_weighting_fixtures.R: glm,
/// weighted lm + sandwich HC1, a weighted SUR written out, WeightIt's and cobalt's definitions in
/// base R): propensity coefficients, every weight, the trimming threshold, effective sample
/// sizes, the balance table and the CEA increments with their HC1 errors, to 1e-8 relative.
final class WeightingGoldenTests: XCTestCase {
    static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
    static let propensity = "age + educ + race + married + nodegree + re74 + re75"

    static func lalonde() throws -> Dataset {
        try CSVReader.read(path: fixtures.appendingPathComponent("lalonde.csv").path)
    }

    static func cases() throws -> [[String: Any]] {
        let golden = try goldenDocument(fixtures.appendingPathComponent("weighting_goldens.json"))
        return try XCTUnwrap(golden["cases"] as? [[String: Any]])
    }

    static func options(_ c: [String: Any]) -> WeightingOptions {
        WeightingOptions(propensity: propensity, estimand: c["estimand"] as? String == "ATT" ? .att : .ate,
                         stabilize: c["stabilize"] as? Bool ?? false, trim: c["trim"] as? Double,
                         randomised: c["randomised"] as? Bool == true ? "randomised" : nil)
    }

    func testPropensityWeightsBalanceAndESSEqualR() throws {
        let data = try Self.lalonde()
        let treated = try XCTUnwrap(data.column(named: "treat")?.numbers).map { $0 == 1 }
        let cases = try Self.cases()
        XCTAssertEqual(cases.count, 6)
        for c in cases {
            let name = c["name"] as! String
            let w = try PropensityWeighting(data: data, treated: treated, options: Self.options(c))
            let terms = try XCTUnwrap(c["propensity"] as? [[String: Any]])
            XCTAssertEqual(w.terms.map(\.term), terms.map { $0["term"] as! String }, name)
            for (t, r) in zip(w.terms, terms) {
                assertRelative(t.estimate!, r["estimate"], 1e-8, "\(name) \(t.term) estimate")
                assertRelative(t.standardError!, r["std_error"], 1e-8, "\(name) \(t.term) se")
                assertRelative(t.statistic!, r["statistic"], 1e-8, "\(name) \(t.term) z")
                assertRelative(t.pValue!, r["p_value"], 1e-8, "\(name) \(t.term) p")
            }
            let weights = try XCTUnwrap(c["weights"] as? [Double])
            XCTAssertEqual(w.weights.count, weights.count)
            for (a, b) in zip(w.weights, weights) { assertRelative(a, b, 1e-8, "\(name) weight") }
            if let threshold = c["trim_threshold"] as? Double { assertRelative(try XCTUnwrap(w.trimThreshold), threshold, 1e-12, "\(name) trim") }
            else { XCTAssertNil(w.trimThreshold) }
            let ess = try XCTUnwrap(c["ess"] as? [String: Double])
            assertRelative(w.effectiveSizes.treated, ess["treated"], 1e-8, "\(name) ESS treated")
            assertRelative(w.effectiveSizes.control, ess["control"], 1e-8, "\(name) ESS control")
            let balance = try XCTUnwrap(c["balance"] as? [[String: Any]])
            XCTAssertEqual(w.balance.map(\.term), balance.map { $0["term"] as! String }, name)
            for (row, r) in zip(w.balance, balance) {
                XCTAssertEqual(row.binary, r["binary"] as? Bool, "\(name) \(row.term)")
                assertRelative(try XCTUnwrap(row.unweighted), r["smd_unweighted"], 1e-8, "\(name) \(row.term) unweighted")
                assertRelative(try XCTUnwrap(row.weighted), r["smd_weighted"], 1e-8, "\(name) \(row.term) weighted")
            }
            XCTAssertEqual(w.randomisedCount, c["randomised"] as? Bool == true ? 122 : 0, name)
        }
    }

    func testWeightedIncrementsEqualR() throws {
        let data = try Self.lalonde()
        for c in try Self.cases() {
            let name = c["name"] as! String
            for model in [CEASpecification.Model.ols, .sur] {
                var spec = CEASpecification(arm: "treat", treatedValue: "1", effect: "re78", cost: "cost",
                                            effectCovariates: "age + educ + married", costCovariates: "age + re74", model: model)
                // race is a covariate of the propensity model only, so the clustered run below keeps every row.
                spec.weighting = Self.options(c)
                let result = try CostEffectivenessAnalysis.run(spec, on: data)
                let golden = try XCTUnwrap(c[model == .ols ? "increments" : "sur_increments"] as? [String: Any])
                let what = "\(name) \(model.rawValue)"
                assertRelative(result.deltaEffect.estimate, golden["delta_effect"], 1e-8, "\(what) ΔE")
                assertRelative(result.deltaCost.estimate, golden["delta_cost"], 1e-8, "\(what) ΔC")
                assertRelative(result.deltaEffect.standardError, golden["se_effect"], 1e-8, "\(what) se ΔE")
                assertRelative(result.deltaCost.standardError, golden["se_cost"], 1e-8, "\(what) se ΔC")
                assertRelative(result.covariance, golden["covariance"], 1e-8, "\(what) Cov")
                guard model == .ols else { continue }
                assertRelative(result.unadjustedEffect.estimate, golden["unadjusted_effect"], 1e-8, "\(what) unadjusted ΔE")
                assertRelative(result.unadjustedCost.estimate, golden["unadjusted_cost"], 1e-8, "\(what) unadjusted ΔC")
                assertRelative(result.unadjustedEffect.standardError, golden["unadjusted_se_effect"], 1e-8, "\(what) unadjusted se ΔE")
                assertRelative(result.unadjustedCost.standardError, golden["unadjusted_se_cost"], 1e-8, "\(what) unadjusted se ΔC")
                XCTAssertNotNil(result.weighting, what)
                spec.cluster = "race"
                let clustered = try CostEffectivenessAnalysis.run(spec, on: data)
                XCTAssertEqual(clustered.deltaEffect.estimate, result.deltaEffect.estimate, what)
                assertRelative(clustered.deltaEffect.standardError, golden["cr1_se_effect"], 1e-8, "\(what) CR1 se ΔE")
                assertRelative(clustered.deltaCost.standardError, golden["cr1_se_cost"], 1e-8, "\(what) CR1 se ΔC")
            }
        }
    }

    /// The weighted bootstrap (propensity model refitted, stabilised ATE weights trimmed at 0.95 in
    /// every replicate) against R's `boot(…, strata = treat)` of the same statistic, B = 2,000
    /// each: standard errors within 4 Monte Carlo standard errors (se/√B for the difference of
    /// two bootstrap SDs) + 2%.
    func testBootstrapStandardErrorsMatchRBoot() throws {
        let golden = try XCTUnwrap(try goldenDocument(Self.fixtures.appendingPathComponent("weighting_goldens.json"))["bootstrap"] as? [String: Any])
        var spec = CEASpecification(arm: "treat", treatedValue: "1", effect: "re78", cost: "cost", effectCovariates: "age + educ + married",
                                    costCovariates: "age + re74", bootstrapReplicates: 2000, seed: 2026)
        spec.weighting = WeightingOptions(propensity: Self.propensity, stabilize: true, trim: 0.95)
        let result = try CostEffectivenessAnalysis.run(spec, on: try Self.lalonde())
        XCTAssertEqual(result.bootstrap?.failed, 0)
        for (se, key) in [(result.deltaEffect.standardError, "se_effect"), (result.deltaCost.standardError, "se_cost")] {
            let reference = try XCTUnwrap(golden[key] as? Double)
            XCTAssertEqual(se, reference, accuracy: (4 / 2000.0.squareRoot() + 0.02) * reference, key)
        }
    }

    /// The bootstrap refits the propensity model in every replicate: its spread differs from
    /// a bootstrap with the full-sample weights held fixed, and is the same for any thread count.
    func testBootstrapRefitsThePropensityModelAndIgnoresThreads() throws {
        let data = try Self.lalonde()
        var spec = CEASpecification(arm: "treat", treatedValue: "1", effect: "re78", cost: "cost",
                                    effectCovariates: "age + educ + married", bootstrapReplicates: 200, seed: 7, threads: 1)
        spec.weighting = WeightingOptions(propensity: Self.propensity, estimand: .att, trim: 0.95)
        let one = try CostEffectivenessAnalysis.run(spec, on: data)
        spec.threads = 2
        let two = try CostEffectivenessAnalysis.run(spec, on: data)
        XCTAssertEqual(one.replicates.map(\.effect), two.replicates.map(\.effect))
        XCTAssertEqual(one.replicates.map(\.cost), two.replicates.map(\.cost))
        XCTAssertEqual(one.deltaEffect, two.deltaEffect)
        XCTAssertEqual(one.bootstrap?.failed, 0)
        // Point estimates are the full-sample weighted ones; the bootstrap SE is of the same order
        // as the HC1 model error but not equal to it.
        spec.bootstrapReplicates = nil
        let model = try CostEffectivenessAnalysis.run(spec, on: data)
        XCTAssertEqual(one.deltaEffect.estimate, model.deltaEffect.estimate)
        XCTAssertGreaterThan(one.deltaEffect.standardError, 0.5 * model.deltaEffect.standardError)
        XCTAssertLessThan(one.deltaEffect.standardError, 2 * model.deltaEffect.standardError)
        XCTAssertNotEqual(one.deltaEffect.standardError, model.deltaEffect.standardError)
    }
}
