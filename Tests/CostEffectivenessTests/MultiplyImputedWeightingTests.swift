@testable import CostEffectiveness
import Foundation
import Random
import Tabular
import Weighting
import XCTest

/// Multiple imputation with propensity weighting within each completed dataset (Leyrat et al.
/// 2019), against R (Fixtures/mi_weighting/make_mi_weighting_goldens.R: glm + weighted lm +
/// sandwich HC1 on phbeval's completed datasets, pooled with mice's Barnard–Rubin df), and the
/// shortcuts of bootstrap-then-impute against the refits they replace.
final class MultiplyImputedWeightingTests: XCTestCase {
    static var directory: URL { CEAGoldenTests.fixtures.appendingPathComponent("mi_weighting") }

    static func data() throws -> Dataset {
        try CSVReader.read(path: directory.appendingPathComponent("mi_weighting.csv").path)
    }

    static func specification(imputations: Int = 5, bootstrap: Int? = nil) -> CEASpecification {
        var spec = CEASpecification(arm: "arm", treatedValue: "PHB", effect: "ascot_12", cost: "cost_total",
                                    effectCovariates: "ascot_0 + age + sex + C(condition)", costCovariates: "ascot_0 + age + sex + C(condition)",
                                    bootstrapReplicates: bootstrap, seed: 11, lambdas: [0, 50000])
        spec.imputation = CEAImputation(imputations: imputations, iterations: 5)
        spec.weighting = WeightingOptions(propensity: "age + sex + C(condition) + C(imd_quintile) + ascot_0", stabilize: true, randomised: "randomised")
        return spec
    }

    /// The pooled increments, their df, the pooled propensity coefficient and the mean ESS equal R
    /// to 1e-10 (relative): cea's own imputations are `phbeval impute`'s, which R analysed.
    func testRubinPooledWeightedIncrementsEqualR() throws {
        let golden = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.directory.appendingPathComponent("mi_weighting_goldens.json"))) as! [String: Any]
        func value(_ key: String, _ field: String) -> Double { ((golden[key] as! [String: Any])[field] as! NSNumber).doubleValue }
        let r = try CostEffectivenessAnalysis.run(Self.specification(), on: Self.data())
        func close(_ a: Double, _ b: Double, _ what: String) { XCTAssertEqual(a, b, accuracy: 1e-10 * abs(b), what) }
        for (estimate, key) in [(r.deltaEffect, "effect"), (r.deltaCost, "cost")] {
            close(estimate.estimate, value(key, "estimate"), "\(key) estimate")
            close(estimate.standardError, value(key, "std_error"), "\(key) SE")
            close(try XCTUnwrap(estimate.degreesOfFreedom), value(key, "df"), "\(key) df")
        }
        let w = try XCTUnwrap(r.weighting)
        XCTAssertEqual(w.imputations, 5)
        let age = try XCTUnwrap(w.terms.first { $0.term == "age" })
        close(try XCTUnwrap(age.estimate), value("propensity_age", "estimate"), "propensity age")
        close(try XCTUnwrap(age.standardError), value("propensity_age", "std_error"), "propensity age SE")
        close(try XCTUnwrap(age.degreesOfFreedom), value("propensity_age", "df"), "propensity age df")
        let ess = golden["ess"] as! [String: NSNumber]
        close(w.effectiveSizes.treated, ess["treated"]!.doubleValue, "ESS treated")
        close(w.effectiveSizes.control, ess["control"]!.doubleValue, "ESS control")
        XCTAssertTrue(r.model.contains("inverse probability weighted (ATE, stabilised)"), r.model)
        XCTAssertEqual(r.imputation?.imputed.map(\.variable), ["ascot_0", "ascot_12", "cost_total"])
        XCTAssertEqual(r.imputation?.imputed.map(\.count), [54, 71, 71])
    }

    /// A bootstrap sample's weights from the full data's propensity model refitted with row
    /// counts (the shortcut when no propensity covariate is imputed) and the increments as
    /// influence-weighted sums equal fitting the propensity model and the weighted equations to
    /// the sample's rows.
    func testSampleWeightsFromTheFullModelEqualARefitOnTheSample() throws {
        let long = try CSVReader.read(path: Self.directory.appendingPathComponent("completed.csv").path)
        let first = try long.selectingRows(Array(0..<500))  // completed dataset 1
        var plain = Self.specification()
        plain.imputation = nil
        let d = try CEAData(first, spec: plain)
        let full = try CEAWeighting(d, spec: plain, options: plain.weighting!).weighting
        var g = Xoshiro256StarStar(seed: 3, stream: RandomStream(.bootstrap, 0))
        let rows = (0..<first.rowCount).map { _ in g.nextInt(below: first.rowCount) }
        var counts = [Double](repeating: 0, count: first.rowCount)
        for row in rows { counts[row] += 1 }
        let weighted = try full.replicateWeights(counts: counts)
        let sample = try first.selectingRows(rows)
        for analysis in [plain, CEAImputation.Variant.unadjusted.applied(to: plain)] {
            let linear = try XCTUnwrap(try MultiplyImputedCEA.LinearIncrements(sample, plain: analysis, propensityWeights: rows.map { weighted[$0] / counts[$0] }))
            let refit = try MultiplyImputedCEA.pointIncrements(sample, plain: analysis)
            let point = linear.point(effect: sample.column(named: "ascot_12")!.numbers!, cost: sample.column(named: "cost_total")!.numbers!)
            for k in 0..<4 { XCTAssertEqual(point[k], refit[k], accuracy: 1e-8 * max(1, abs(refit[k])), "\(analysis.isAdjusted ? "adjusted" : "unadjusted") \(k)") }
        }
    }

    /// A variant is the analysis of the primary's own imputations: the unweighted variant equals
    /// an unweighted run whose imputation model has the same predictors (the propensity covariates
    /// as auxiliary variables), by Rubin's rules and by bootstrap-then-impute.
    func testVariantsAreTheAnalysesOfThePrimaryImputations() throws {
        let data = try Self.data()
        for bootstrap in [nil, 30] {
            var spec = Self.specification(imputations: bootstrap == nil ? 5 : 2, bootstrap: bootstrap)
            spec.imputation?.variants = [.unweighted, .unadjusted]
            let primary = try CostEffectivenessAnalysis.run(spec, on: data)
            let variants = try XCTUnwrap(primary.imputation?.variants)
            XCTAssertEqual(variants.map(\.variant), [.unweighted, .unadjusted])
            var unweighted = spec
            unweighted.weighting = nil
            unweighted.imputation?.variants = []
            unweighted.imputation?.auxiliary = ["imd_quintile", "randomised"]
            // imd_quintile categorical, as the primary's C(imd_quintile) makes it in its imputation model.
            let separate = try CostEffectivenessAnalysis.run(unweighted, on: try MultiplyImputedCEA.categoricalTerms(spec, data: data))
            let shared = variants[0].result
            XCTAssertNil(shared.weighting)
            XCTAssertEqual(shared.deltaEffect.estimate, separate.deltaEffect.estimate, accuracy: 1e-12, "B = \(bootstrap ?? 0)")
            XCTAssertEqual(shared.deltaCost.estimate, separate.deltaCost.estimate, accuracy: 1e-8, "B = \(bootstrap ?? 0)")
            XCTAssertEqual(shared.deltaCost.standardError, separate.deltaCost.standardError, accuracy: 1e-8, "B = \(bootstrap ?? 0)")
            // The primary is the same with or without variants.
            var alone = spec
            alone.imputation?.variants = []
            XCTAssertEqual(try CostEffectivenessAnalysis.run(alone, on: data).deltaEffect.estimate, primary.deltaEffect.estimate)
            // The unadjusted variant reports the weighted differences in means as its increments.
            XCTAssertEqual(variants[1].result.deltaEffect.estimate, primary.unadjustedEffect.estimate, accuracy: 1e-12)
            XCTAssertNotNil(variants[1].result.weighting)
        }
    }

    /// Weighted net-benefit regression by subgroup (WLS, HC1) on one completed dataset, and pooled
    /// over the five (Rubin's rules per subgroup; D1 with Reiter's df for the joint test, or the
    /// Barnard–Rubin df where t = k(m − 1) ≤ 4), equal R
    /// (Fixtures/mi_weighting/make_subgroup_goldens.R: lm with weights, sandwich HC1, mitml's D1).
    func testWeightedAndImputedSubgroupsEqualR() throws {
        let golden = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.directory.appendingPathComponent("subgroup_goldens.json"))) as! [String: [String: [String: Any]]]
        func number(_ x: Any?) -> Double { (x as! NSNumber).doubleValue }
        func close(_ a: Double?, _ b: Double, _ what: String) { XCTAssertEqual(try XCTUnwrap(a), b, accuracy: 1e-9 * max(1, abs(b)), what) }
        // Imputed within each arm with the subgroups among the predictors, as phbeval does for subgroups.
        let long = try CSVReader.read(path: Self.directory.appendingPathComponent("completed_by_arm.csv").path)
        var weighted = Self.specification()
        weighted.imputation = nil
        let columns = ["condition", "sex"]
        let single = try CostEffectivenessAnalysis.subgroupAnalyses(weighted, columns: columns, on: try long.selectingRows(Array(0..<500)))
        let pooled = try CostEffectivenessAnalysis.subgroupAnalyses(Self.specification(), columns: columns, on: Self.data())
        for (c, column) in columns.enumerated() {
            for (kind, analysis) in [("single", single[c]), ("pooled", pooled[c])] {
                let g = golden[column]![kind]!
                for group in g["groups"] as! [[String: Any]] {
                    let level = group["level"] as! String
                    let row = analysis.groups.first { $0.level == level }?.rows.first { $0.lambda == 50000 }
                    close(row?.estimate, number(group["estimate"]), "\(kind) \(column) \(level) INB")
                    close(row?.standardError, number(group["std_error"]), "\(kind) \(column) \(level) SE")
                    if kind == "pooled" { close(row?.degreesOfFreedom, number(group["df"]), "\(column) \(level) df") }
                }
                let test = analysis.tests.first { $0.lambda == 50000 }
                close(test?.statistic, number(g["f"]), "\(kind) \(column) F")
                XCTAssertEqual(test?.numeratorDF, Int(number(g["df1"])))
                // mitml's Reiter df needs t = k(m − 1) > 4; for sex (k = 1, m = 5, where mitml gives
                // t = 4) phbeval's is the Barnard–Rubin df of the one coefficient (bounded by n − k).
                let barnardRubin = kind == "pooled" && column == "sex"
                close(test?.denominatorDF, number(g[barnardRubin ? "df2_barnard_rubin" : "df2"]), "\(kind) \(column) df2")
                close(test?.pValue, number(g[barnardRubin ? "p_barnard_rubin" : "p"]), "\(kind) \(column) p")
            }
        }
    }

    /// Participants are imputed only when the randomised indicator, a predictor, is known.
    func testMissingRandomisedIndicatorIsLocated() throws {
        var columns = try Self.data().columns
        let c = columns.firstIndex { $0.name == "randomised" }!
        var values = columns[c].numbers!
        values[3] = .nan
        columns[c] = Column(name: "randomised", values: .numeric(values), missing: values.map(\.isNaN))
        let data = try Dataset(source: "mi.csv", columns: columns, lineNumbers: Array(2...501))
        XCTAssertThrowsError(try CostEffectivenessAnalysis.run(Self.specification(), on: data)) { error in
            let e = error as? InputError
            XCTAssertTrue(e?.description.contains("mi.csv:5") ?? false, "\(error)")
            XCTAssertTrue(e?.description.contains("randomised indicator is missing") ?? false, "\(error)")
        }
    }
}
