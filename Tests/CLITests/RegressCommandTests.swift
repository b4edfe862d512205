import Foundation
import XCTest

/// End-to-end tests of `phbeval regress`: output contract, exit codes and messages.
final class RegressCommandTests: XCTestCase {
    let formula = "ascot12 ~ arm + ascot0 + age + female + condition"

    func testJSONContractKeysAndValues() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", formula, "--vcov", "CR1", "--cluster", "site", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["n", "family", "link", "vcov", "df_residual", "terms", "dropped"] { XCTAssertNotNil(json[key], key) }
        XCTAssertEqual(json["n"] as? Int, 320)
        XCTAssertEqual(json["vcov"] as? String, "CR1")
        XCTAssertEqual(json["family"] as? String, "gaussian")
        XCTAssertEqual(json["clusters"] as? Int, 12)
        let terms = try XCTUnwrap(json["terms"] as? [[String: Any]])
        XCTAssertEqual(terms.first?["term"] as? String, "(Intercept)")
        XCTAssertEqual(terms.map { $0["term"] as? String }, ["(Intercept)", "arm", "ascot0", "age", "female", "condition[COPD]",
                                                             "condition[diabetes]", "condition[mental_health]", "condition[neuro]",
                                                             "condition[stroke]"])
        for t in terms { for key in ["term", "estimate", "std_error", "statistic", "p_value", "aliased"] { XCTAssertNotNil(t[key], key) } }
        // arm estimate and CR1 error as R's golden case ols_cr1 (Tests/ModelsTests/Fixtures/golden).
        let arm = try XCTUnwrap(terms.first { $0["term"] as? String == "arm" })
        XCTAssertEqual(try XCTUnwrap(arm["estimate"] as? Double), 0.02433336777090673, accuracy: 1e-12)
    }

    func testAliasedTermHasNullEstimate() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", "ascot12 ~ arm + age + female + agex", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let agex = try XCTUnwrap((json["terms"] as? [[String: Any]])?.first { $0["term"] as? String == "agex" })
        XCTAssertEqual(agex["aliased"] as? Bool, true)
        XCTAssertTrue(agex["estimate"] is NSNull)
        XCTAssertTrue(agex["std_error"] is NSNull)
    }

    func testTableShowsRowsUsedDroppedAndIntervals() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", formula, "--vcov", "HC3"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("320 rows used; 40 rows dropped (listwise): 14 missing 'ascot12', 14 missing 'age', 15 missing 'condition'"), run.stdout)
        XCTAssertTrue(run.stdout.contains("95% CI"))
        XCTAssertTrue(run.stdout.contains("robust HC3"))
        XCTAssertTrue(run.stdout.contains("condition[stroke]"))
    }

    func testSameInputsGiveIdenticalBytes() throws {
        let args = ["regress", CLIHarness.exampleData, "--formula", "improved ~ arm + age + condition", "--family", "binomial", "--vcov", "CR1", "--cluster", "site", "--json"]
        let first = try CLIHarness.run(args), second = try CLIHarness.run(args)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, second.stdout)
    }

    func testVersionNamesTheLoadedBLAS() throws {
        let run = try CLIHarness.run(["--version"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.hasPrefix("phbeval 0."), run.stdout)
        XCTAssertTrue(run.stdout.contains("BLAS/LAPACK: /"), run.stdout)
    }

    func testHelpExitsZero() throws {
        let run = try CLIHarness.run(["regress", "--help"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("--vcov"))
        XCTAssertTrue(run.stdout.contains("--cluster"))
    }
}
