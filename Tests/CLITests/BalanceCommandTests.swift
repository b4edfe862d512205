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
        XCTAssertEqual(((try json(scale))["warnings"] as? [String])?.count, 1)
        XCTAssertEqual(((try json(model))["warnings"] as? [String])?.count, 0)
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
}
