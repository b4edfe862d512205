import Foundation
import PHBEval
@testable import Pipeline
import Study
import TestSupport
import XCTest

/// The study pipeline's outcome regressions checked against R end to end, as the pilot spec
/// composes them (Fixtures/outcome_regression: five sites of the pilot reconstruction, two of them
/// not randomised, under the pilot's weighting; make_outcome_regression_goldens.R): the report's
/// ANCOVAs `Y_12 ~ intervention + Y_0` (P6–P8) and `reproduce`'s equity terms, every
/// `intervention:C(M)` of `Y_12 ~ intervention * C(M) + Y_0 + age + sex + C(condition)` for M in
/// age band, sex and deprivation quintile (P17), for SCRQoL, GHQ-12 and EQ-5D.
final class OutcomeRegressionRTests: XCTestCase {
    static let directory = StudySpecTests.fixtures.appendingPathComponent("outcome_regression")
    static let outcomes = ["ascot", "ghq12", "eq5d"]
    static let modifiers = ["age_band", "sex", "imd_quintile"]
    /// The scores that imputed.yaml imputes (missing for the non-respondents).
    static let imputed = outcomes.map { "\($0)_12" }

    /// P17's regression of `outcome` with modifier `modifier`, as `PilotFindings` writes it.
    static func equityFormula(_ outcome: String, _ modifier: String) -> String {
        "\(outcome)_12 ~ \(StudyPipeline.interventionColumn) * C(\(modifier)) + \(outcome)_0 + age + sex + C(condition)"
    }

    static func run(_ spec: String) throws -> StudyResults {
        try StudyPipeline.run(try StudySpec.load(path: directory.appendingPathComponent(spec).path))
    }

    /// Weighted least squares with HC1 errors on each regression's complete cases, the propensity
    /// model refitted on its rows: the estimate, standard error, p-value, residual df and rows of
    /// every term equal R's `glm` + weighted `lm` + `sandwich::vcovHC(type = "HC1")` from the items.
    func testWeightedCompleteCaseRegressionsEqualR() throws {
        let results = try Self.run("weighted.yaml")
        XCTAssertNil(results.outcomeRegression.imputed)
        try assertEqualR(results, golden: "weighted_goldens.json")
        // The cost categories' adjusted differences (the report's Costs table), on the rows with
        // every category costed: equal to R's, and summing to the total's.
        let costs = try XCTUnwrap(try goldenDocument(Self.directory.appendingPathComponent("weighted_goldens.json"))["costs"] as? [String: [String: Any]])
        XCTAssertEqual(Set(results.costs.map(\.column)), Set(costs.keys))
        for category in results.costs {
            let g = try XCTUnwrap(costs[category.column])
            assertRelative(category.adjusted.estimate, g["estimate"], 1e-8, "\(category.column) estimate")
            assertRelative(category.adjusted.standardError, g["std_error"], 1e-8, "\(category.column) standard error")
            assertRelative(category.adjusted.pValue, g["p_value"], 1e-8, "\(category.column) p-value")
            XCTAssertEqual(category.adjusted.n, g["n"] as? Int, category.column)
        }
        try assertCategoriesSumToTheTotal(results)
    }

    /// The categories' adjusted differences sum to the total's (the same rows and weights; under
    /// imputation the total is recomputed from its imputed categories in every completed dataset).
    func assertCategoriesSumToTheTotal(_ results: StudyResults, file: StaticString = #filePath, line: UInt = #line) throws {
        let total = try XCTUnwrap(results.costs.first { $0.column == StudyPipeline.totalCostColumn }, file: file, line: line)
        let parts = results.costs.filter { $0.column != StudyPipeline.totalCostColumn }.map(\.adjusted.estimate).reduce(0, +)
        XCTAssertEqual(parts, total.adjusted.estimate, accuracy: 1e-9 * abs(total.adjusted.estimate), file: file, line: line)
        XCTAssertEqual(Set(results.costs.map(\.adjusted.n)).count, 1, "every category on the same rows", file: file, line: line)
    }

    /// Under `missing.method: mi` the outcome scores are imputed once within each arm (20
    /// imputations); R fits the weighted regressions to the same completed datasets and pools them
    /// by Rubin's rules with the Barnard–Rubin df (mice's `barnard.rubin`, complete-data df n − k):
    /// the pooled estimate, standard error, df and p-value of every term equal R's.
    func testImputedRegressionsPoolAsROnTheSameCompletedData() throws {
        let results = try Self.run("imputed.yaml")
        let regression = results.outcomeRegression
        XCTAssertEqual(regression.imputed, OutcomeRegression.imputations)
        XCTAssertEqual(regression.datasets.count, OutcomeRegression.imputations)
        // The goldens are R's analysis of the data completed with imputed_values.csv (each completed
        // dataset's 12-month scores of the rows where one was missing), which must be the pipeline's.
        let data = results.primaryData
        let incomplete = try Self.imputed.map { try data.requireColumn($0).missing }
        let rows = (0..<data.rowCount).filter { i in incomplete.contains { $0[i] } }
        var written = Array((([".imp", "id"] + Self.imputed).joined(separator: ",") + "\n").utf8)
        for (k, completed) in regression.datasets.enumerated() {
            let values = try Dataset(source: completed.source, columns: try (["id"] + Self.imputed).map { try completed.requireColumn($0) }).selectingRows(rows)
            written += CSVText.records(of: values, delimiter: UInt8(ascii: ","), leading: { _ in ["\(k + 1)"] })
        }
        guard Data(written) == (try? Data(contentsOf: Self.directory.appendingPathComponent("imputed_values.csv"))) else {
            let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-imputed-values-\(UUID().uuidString).csv")
            try Data(written).write(to: fresh)
            return XCTFail("the pipeline's imputed values are not those of imputed_values.csv, on which R computed the goldens; if the imputation changed on purpose, copy \(fresh.path) to \(Self.directory.path)/imputed_values.csv and rerun make_outcome_regression_goldens.R there")
        }
        try assertEqualR(results, golden: "imputed_goldens.json")
        try assertCategoriesSumToTheTotal(results)
    }

    /// Every ANCOVA (as the report states it, and as `fit` gives it) and every equity term of
    /// `results` equals the golden document `golden` to 1e-8 relative.
    func assertEqualR(_ results: StudyResults, golden: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let document = try goldenDocument(Self.directory.appendingPathComponent(golden))
        let ancova = try XCTUnwrap(document["ancova"] as? [String: [String: Any]])
        let equity = try XCTUnwrap(document["equity"] as? [String: [[String: Any]]])
        func compare(_ estimate: Double, _ se: Double, _ p: Double, _ df: Double?, rows: Int, _ g: [String: Any], _ what: String) {
            assertRelative(estimate, g["estimate"], 1e-8, "\(what) estimate", file: file, line: line)
            assertRelative(se, g["std_error"], 1e-8, "\(what) standard error", file: file, line: line)
            assertRelative(p, g["p_value"], 1e-8, "\(what) p-value", file: file, line: line)
            assertRelative(df ?? .nan, g["df"], 1e-8, "\(what) df", file: file, line: line)
            XCTAssertEqual(rows, g["n"] as? Int, "\(what) rows", file: file, line: line)
        }
        for outcome in Self.outcomes {
            let g = try XCTUnwrap(ancova[outcome], outcome)
            let adjusted = try XCTUnwrap(results.outcomes.first { $0.outcome == outcome }).adjusted
            XCTAssertEqual(adjusted.formula, "\(outcome)_12 ~ \(StudyPipeline.interventionColumn) + \(outcome)_0", file: file, line: line)
            let fit = try results.outcomeRegression.fit(adjusted.formula)
            let term = try XCTUnwrap(fit.terms.first { $0.term == StudyPipeline.interventionColumn })
            compare(adjusted.estimate, adjusted.standardError, adjusted.pValue, term.degreesOfFreedom, rows: adjusted.n, g, "\(outcome) ANCOVA")
            compare(term.estimate, term.standardError, term.pValue, term.degreesOfFreedom, rows: fit.rows, g, "\(outcome) ANCOVA fit")
            for modifier in Self.modifiers {
                let fit = try results.outcomeRegression.fit(Self.equityFormula(outcome, modifier))
                let interactions = fit.terms.filter { $0.term.hasPrefix("\(StudyPipeline.interventionColumn):") }
                let expected = try XCTUnwrap(equity["\(outcome) \(modifier)"], "\(outcome) \(modifier)")
                XCTAssertEqual(interactions.map(\.term), expected.map { $0["term"] as? String ?? "?" }, "\(outcome) \(modifier)", file: file, line: line)
                for (term, g) in zip(interactions, expected) {
                    compare(term.estimate, term.standardError, term.pValue, term.degreesOfFreedom, rows: fit.rows, g, "\(outcome) \(term.term)")
                }
            }
        }
    }
}
