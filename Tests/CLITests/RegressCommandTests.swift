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

    /// Sites nested in arms: R keeps `group` (first) and aliases a site; the estimate is a
    /// contrast between sites, so the output says so (stderr and JSON `warnings`), naming both.
    func testATermAbsorbedByLaterTermsIsWarnedAbout() throws {
        let nested = CLIHarness.repositoryRoot.appendingPathComponent("Tests/CostEffectivenessTests/Fixtures/estimators/sites_nested.csv").path
        let run = try CLIHarness.run(["regress", nested, "--formula", "ascot12 ~ group + age + C(site)", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("phbeval: warning: 'group' lies in the span of the other terms ('site' aliased in its place)"), run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let warnings = try XCTUnwrap(json["warnings"] as? [String])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("'group'"), warnings[0])
        // No aliasing, no such warning.
        let plain = try CLIHarness.run(["regress", nested, "--formula", "ascot12 ~ group + age", "--json"])
        XCTAssertFalse(plain.stderr.contains("lies in the span"), plain.stderr)
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

/// `--vcov CR2` end to end: JSON df and warnings keys, the GLM refusal, the CR1 few-clusters warning.
final class RegressCR2CommandTests: XCTestCase {
    let formula = "ascot12 ~ arm + ascot0 + age + female + condition"

    func json(_ run: CLIRun) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    func testCR2JSONHasSatterthwaiteDFAndNoWarning() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", formula, "--vcov", "CR2", "--cluster", "site", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        let doc = try json(run)
        XCTAssertEqual(doc["vcov"] as? String, "CR2")
        XCTAssertEqual(doc["clusters"] as? Int, 12)
        XCTAssertEqual((doc["warnings"] as? [Any])?.count, 0)
        let terms = try XCTUnwrap(doc["terms"] as? [[String: Any]])
        let arm = try XCTUnwrap(terms.first { $0["term"] as? String == "arm" })
        // R: clubSandwich::vcovCR(type = "CR2") and coef_test (golden_cr2/ols_cr2.json).
        XCTAssertEqual(try XCTUnwrap(arm["std_error"] as? Double), 0.01514294973231548, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(arm["df"] as? Double), 8.822257719969711, accuracy: 1e-9)
        for t in terms { XCTAssertTrue(t["df"] is Double, "\(t)") }
    }

    func testCR2TableShowsDFColumn() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", formula, "--vcov", "CR2", "--cluster", "site"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("robust CR2, 12 clusters"), run.stdout)
        XCTAssertTrue(run.stdout.contains("  df  "), run.stdout)
        XCTAssertTrue(run.stdout.contains("Satterthwaite"), run.stdout)
    }

    func testCR2WithWeightsRuns() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", formula, "--vcov", "CR2", "--cluster", "site",
                                      "--weights", "w", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let arm = try XCTUnwrap((try json(run)["terms"] as? [[String: Any]])?.first { $0["term"] as? String == "arm" })
        // golden_cr2/wls_cr2.json
        XCTAssertEqual(try XCTUnwrap(arm["std_error"] as? Double), 0.013973510684896629, accuracy: 1e-12)
    }

    func testGLMWithCR2ExitsTwo() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", "improved ~ arm + age", "--family", "binomial",
                                      "--vcov", "CR2", "--cluster", "site"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: --vcov: CR2 is for least squares"), run.stderr)
        XCTAssertTrue(run.stderr.contains("--vcov CR1"), run.stderr)
        XCTAssertEqual(run.stdout, "")
    }

    func testCR2WithoutClusterExitsTwo() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", "ascot12 ~ arm", "--vcov", "CR2"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("CR2 needs clusters"), run.stderr)
        XCTAssertTrue(run.stderr.contains("--cluster"), run.stderr)
    }

    func testCR1WithTwelveClustersWarnsInJSONAndOnStderr() throws {
        let jsonRun = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", formula, "--vcov", "CR1", "--cluster", "site", "--json"])
        XCTAssertEqual(jsonRun.status, 0, jsonRun.stderr)
        let warnings = try XCTUnwrap(try json(jsonRun)["warnings"] as? [String])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("12 clusters"), warnings[0])
        XCTAssertTrue(warnings[0].contains("--vcov CR2"), warnings[0])
        let textRun = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", formula, "--vcov", "CR1", "--cluster", "site"])
        XCTAssertEqual(textRun.status, 0, textRun.stderr)
        XCTAssertTrue(textRun.stderr.hasPrefix("phbeval: warning: CR1 standard errors from 12 clusters"), textRun.stderr)
        XCTAssertTrue(textRun.stderr.contains("--vcov CR2"), textRun.stderr)
        XCTAssertFalse(textRun.stdout.contains("warning"), textRun.stdout)
    }

    func testEveryTermHasDFKey() throws {
        // Least squares, classical: the residual df; a logit with a robust variance: null (normal).
        let ls = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", formula, "--json"])
        XCTAssertEqual(ls.status, 0, ls.stderr)
        let lsTerms = try XCTUnwrap(try json(ls)["terms"] as? [[String: Any]])
        for t in lsTerms { XCTAssertEqual(t["df"] as? Int, 310, "\(t)") }
        let logit = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", "improved ~ arm + age", "--family", "binomial",
                                        "--vcov", "HC1", "--json"])
        XCTAssertEqual(logit.status, 0, logit.stderr)
        let logitTerms = try XCTUnwrap(try json(logit)["terms"] as? [[String: Any]])
        for t in logitTerms { XCTAssertTrue(t["df"] is NSNull, "\(t)") }
        XCTAssertEqual((try json(logit)["warnings"] as? [Any])?.count, 0)
    }

    func testHelpMentionsCR2() throws {
        let run = try CLIHarness.run(["regress", "--help"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("CR2"), run.stdout)
        XCTAssertTrue(run.stdout.contains("Satterthwaite"), run.stdout)
    }
}
