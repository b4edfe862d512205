import Foundation
import XCTest

/// `phbeval balance` and `phbeval cea --propensity` end to end: the JSON against the R goldens
/// of Tests/WeightingTests/Fixtures, determinism of the weighted bootstrap, the refusals' exit
/// statuses and messages.
final class BalanceCommandTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WeightingTests/Fixtures/\(name)").path
    }

    static let propensity = "age + educ + race + married + nodegree + re74 + re75"
    let balance = ["balance", BalanceCommandTests.fixture("lalonde.csv"), "--arm", "treat", "--treated", "1", "--covariates", BalanceCommandTests.propensity]
    let cea = ["cea", BalanceCommandTests.fixture("lalonde.csv"), "--arm", "treat", "--treated", "1", "--effect", "re78", "--cost", "cost",
               "--effect-covariates", "age + educ + married", "--propensity", BalanceCommandTests.propensity]

    static func goldenCase(_ name: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture("weighting_goldens.json"))))
        let cases = try XCTUnwrap((object as? [String: Any])?["cases"] as? [[String: Any]])
        return try XCTUnwrap(cases.first { $0["name"] as? String == name })
    }

    func json(_ run: CLIRun) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stderr)
    }

    func testBalanceJSONEqualsR() throws {
        let run = try CLIHarness.run(balance + ["--estimand", "att", "--trim", "0.9", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = try json(run), golden = try Self.goldenCase("att_trim90")
        XCTAssertEqual(out["estimand"] as? String, "ATT")
        XCTAssertEqual(out["trim"] as? Double, 0.9)
        XCTAssertEqual(out["rows"] as? Int, 614)
        let ess = try XCTUnwrap(out["ess"] as? [String: Double]), goldenESS = try XCTUnwrap(golden["ess"] as? [String: Double])
        for arm in ["treated", "control"] { XCTAssertEqual(ess[arm]!, goldenESS[arm]!, accuracy: 1e-8 * goldenESS[arm]!) }
        let rows = try XCTUnwrap(out["balance"] as? [[String: Any]]), goldenRows = try XCTUnwrap(golden["balance"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["term"] as? String }, goldenRows.map { $0["term"] as? String })
        for (a, b) in zip(rows, goldenRows) {
            XCTAssertEqual(a["binary"] as? Bool, b["binary"] as? Bool)
            for key in ["smd_unweighted", "smd_weighted"] {
                let x = try XCTUnwrap(a[key] as? Double), y = try XCTUnwrap(b[key] as? Double)
                XCTAssertEqual(x, y, accuracy: 1e-8 * abs(y), "\(a["term"]!) \(key)")
            }
        }
        let terms = try XCTUnwrap(out["propensity"] as? [[String: Any]])
        XCTAssertEqual(terms.first?["term"] as? String, "(Intercept)")
        for key in ["term", "estimate", "std_error", "statistic", "p_value", "aliased", "df"] { XCTAssertTrue(terms[0].keys.contains(key), key) }
        // The text table names every term and the effective sample sizes.
        let text = try CLIHarness.run(balance + ["--estimand", "ATT"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("race[hispan]  binary"), text.stdout)
        XCTAssertTrue(text.stdout.contains("Effective sample size: treated 185 of 185"), text.stdout)
    }

    func testCEAWeightingJSONAndDeterministicBootstrap() throws {
        let model = try CLIHarness.run(cea + ["--estimand", "ATE", "--stabilize", "--json"])
        XCTAssertEqual(model.status, 0, model.stderr)
        let out = try json(model)
        let weighting = try XCTUnwrap(out["weighting"] as? [String: Any])
        for key in ["estimand", "stabilized", "trim", "ess", "balance", "propensity", "n_randomised"] { XCTAssertNotNil(weighting[key], key) }
        XCTAssertEqual(weighting["stabilized"] as? Bool, true)
        XCTAssertTrue((out["model"] as? String)?.contains("inverse probability weighted (ATE, stabilised)") == true)
        // Randomised rows at weight 1 beside unstabilised ATE weights (about 2 per row): warned.
        let scale = try CLIHarness.run(cea + ["--randomised", "randomised", "--json"])
        XCTAssertEqual(scale.status, 0, scale.stderr)
        XCTAssertTrue(scale.stderr.contains("warning: unstabilised ATE weights average about 2 per row while the 122 randomised rows keep weight 1"), scale.stderr)
        XCTAssertEqual(((try json(scale))["warnings"] as? [String])?.count, 2)
        // The Lalonde data keep |SMD| ≥ 0.1 after this weighting (Austin & Stuart's threshold): warned, naming the terms.
        let modelWarnings = try XCTUnwrap((try json(model))["warnings"] as? [String])
        XCTAssertEqual(modelWarnings.count, 1)
        XCTAssertTrue(modelWarnings[0].hasPrefix("after weighting, 4 balance terms still differ between the arms by 0.1 or more"), modelWarnings[0])
        XCTAssertTrue(modelWarnings[0].contains("re74 (-0.27"), modelWarnings[0])
        XCTAssertTrue(model.stderr.contains("phbeval: warning: after weighting"), model.stderr)
        XCTAssertEqual((try json(model))["control_values"] as? [String], ["0"])
        let args = cea + ["--estimand", "ATT", "--randomised", "randomised", "--bootstrap", "300", "--seed", "11", "--json"]
        let one = try CLIHarness.run(args + ["--threads", "1"]), two = try CLIHarness.run(args + ["--threads", "2"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(one.stdout, two.stdout)
        XCTAssertEqual(((try json(one))["bootstrap"] as? [String: Any])?["failed"] as? Int, 0)
    }

    func testRefusals() throws {
        let bogus = try CLIHarness.run(balance + ["--estimand", "ATC"])
        XCTAssertEqual(bogus.status, 2)
        XCTAssertTrue(bogus.stderr.contains("'ATE' and 'ATT'"), bogus.stderr)
        let trim = try CLIHarness.run(cea + ["--trim", "1.5"])
        XCTAssertEqual(trim.status, 2)
        XCTAssertTrue(trim.stderr.contains("phbeval: --trim: 1.5 is not a quantile between 0.5 and 1"), trim.stderr)
        let orphan = try CLIHarness.run(Array(cea.dropLast(2)) + ["--trim", "0.9"])
        XCTAssertEqual(orphan.status, 2)
        XCTAssertTrue(orphan.stderr.contains("--trim sets up propensity weighting and needs --propensity"), orphan.stderr)
        let separation = try CLIHarness.run(["balance", Self.fixture("separation.csv"), "--arm", "treat", "--treated", "1", "--covariates", "x + site"])
        XCTAssertEqual(separation.status, 1)
        XCTAssertTrue(separation.stderr.contains("phbeval: propensity weighting: 'site[C]' separates the arms"), separation.stderr)
        let extreme = try CLIHarness.run(["cea", Self.fixture("extreme.csv"), "--arm", "treat", "--treated", "1", "--effect", "effect", "--cost", "cost", "--propensity", "z"])
        XCTAssertEqual(extreme.status, 1)
        XCTAssertTrue(extreme.stderr.contains("probability of treatment of 0.99999999999"), extreme.stderr)
        let nothing = try CLIHarness.run(["balance", Self.fixture("separation.csv"), "--arm", "treat", "--treated", "1", "--covariates", "x", "--randomised", "all_randomised"])
        XCTAssertEqual(nothing.status, 2)
        XCTAssertTrue(nothing.stderr.contains("phbeval: --randomised: every one of the 90 rows"), nothing.stderr)
        let model = try CLIHarness.run(cea + ["--model", "two-part"])
        XCTAssertEqual(model.status, 2)
        XCTAssertTrue(model.stderr.contains("--propensity: propensity weighting is done for the ols and sur models"), model.stderr)
    }

    /// Review 4's weighting findings end to end (inputs in Tests/WeightingTests/Fixtures/review4):
    /// exit statuses, stderr warnings with flags, and the JSON keys `warnings`, `control_values`,
    /// `failed_propensity` and a balance row's `note`.
    func testReviewFindingsEndToEnd() throws {
        let xtr = Self.fixture("review4/xtr.csv"), wsite = Self.fixture("review4/wsite.csv"), ext2 = Self.fixture("review4/ext2.csv")
        let ceaArgs = ["--arm", "trt", "--treated", "1", "--effect", "qaly", "--cost", "cost"]
        // 4: an arm resting on one row is warned, naming --trim.
        let oneRow = try CLIHarness.run(["balance", xtr, "--arm", "trt", "--treated", "1", "--covariates", "x", "--json"])
        XCTAssertEqual(oneRow.status, 0, oneRow.stderr)
        XCTAssertTrue(oneRow.stderr.contains("phbeval: warning: the treated arm rests on a few rows"), oneRow.stderr)
        XCTAssertTrue(((try json(oneRow))["warnings"] as? [String])?.contains { $0.contains("trim the weights (--trim 0.99)") } == true)
        XCTAssertEqual((try json(oneRow))["control_values"] as? [String], ["0"])
        // 6: a site with treated rows only: exit 1 naming the level.
        let site = try CLIHarness.run(["cea", wsite] + ceaArgs + ["--propensity", "age + C(site)"])
        XCTAssertEqual(site.status, 1, site.stderr)
        XCTAssertTrue(site.stderr.contains("phbeval: propensity weighting: 'site[8]' separates the arms"), site.stderr)
        // 12: the outcome and the arm in the propensity model: exit 2 at their position.
        let outcome = try CLIHarness.run(["cea", wsite] + ceaArgs + ["--propensity", "qaly + age"])
        XCTAssertEqual(outcome.status, 2, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("--propensity:1:1: the propensity model uses the effect column 'qaly'"), outcome.stderr)
        let arm = try CLIHarness.run(["balance", wsite, "--arm", "trt", "--treated", "1", "--covariates", "age", "--propensity", "age + trt"])
        XCTAssertEqual(arm.status, 2, arm.stderr)
        XCTAssertTrue(arm.stderr.contains("--propensity:1:7: the propensity model uses the arm column 'trt'"), arm.stderr)
        // 7: replicates whose propensity model fails are named as such and warned.
        let boot = try CLIHarness.run(["cea", ext2] + ceaArgs + ["--propensity", "x", "--bootstrap", "200", "--seed", "1", "--json"])
        XCTAssertEqual(boot.status, 0, boot.stderr)
        let failed = try XCTUnwrap(((try json(boot))["bootstrap"] as? [String: Any])?["failed_propensity"] as? Int)
        XCTAssertGreaterThan(failed, 0)
        XCTAssertTrue(boot.stderr.contains("phbeval: warning: \(failed) of 200 bootstrap replicates were dropped because their propensity model separated"), boot.stderr)
        let bootText = try CLIHarness.run(["cea", ext2] + ceaArgs + ["--propensity", "x", "--bootstrap", "200", "--seed", "1"])
        XCTAssertTrue(bootText.stdout.contains("; \(failed) replicates excluded (\(failed) with a failed propensity model)"), bootText.stdout)
        // 15: a treated value no row has is refused at --treated, with the arm's values.
        let absent = try CLIHarness.run(["balance", wsite, "--arm", "trt", "--treated", "7", "--covariates", "age"])
        XCTAssertEqual(absent.status, 2, absent.stderr)
        XCTAssertEqual(absent.stderr, "phbeval: --treated: no row has trt = 7; give the treated arm's value; 'trt' takes the values 0, 1\n")
        // 22: an overflowing SD: null SMD with a note, a warning.
        let overflow = try CLIHarness.run(["balance", wsite, "--arm", "trt", "--treated", "1", "--covariates", "I(age*1e300) + female", "--propensity", "age + female", "--json"])
        XCTAssertEqual(overflow.status, 0, overflow.stderr)
        let row = try XCTUnwrap(((try json(overflow))["balance"] as? [[String: Any]])?.first)
        XCTAssertTrue((row["note"] as? String)?.hasPrefix("its SD overflows") == true, "\(row)")
        XCTAssertTrue(overflow.stderr.contains("is not computed: its SD overflows"), overflow.stderr)
        // 11: a text randomised column's fix names --keep-codes.
        let directory = try CLIHarness.temporaryDirectory()
        let labelled = try CLIHarness.write("trt,age,randomised\n" + (0..<20).map { "\($0 % 2),\(20 + $0),\($0 % 4 == 0 ? "yes" : "no")" }.joined(separator: "\n") + "\n",
                                            named: "r.csv", in: directory)
        let text = try CLIHarness.run(["balance", labelled, "--arm", "trt", "--treated", "1", "--covariates", "age", "--randomised", "randomised"])
        XCTAssertEqual(text.status, 2, text.stderr)
        XCTAssertTrue(text.stderr.contains("add --keep-codes to read the codes"), text.stderr)
    }
}
