import Foundation
import XCTest

/// The low findings of the reviews of 2026-12-02 (docs/reviews/2026-12-02-mi-analyze.md L1–L7 and
/// 2026-12-02-statfiles-weighting.md 14–18), each through the command that showed it.
final class ReviewLowFindingsTests: XCTestCase {
    static func fixture(_ folder: String, _ name: String) -> String {
        CLIHarness.repositoryRoot.appendingPathComponent("Tests/\(folder)/Fixtures/\(name)").path
    }

    func json(_ run: CLIRun, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    // MARK: MI and analyze

    /// L1: a problem with a whole column is located at its header cell (FILE:1:FIELD), not FILE:FIELD,
    /// which reads as a line.
    func testWholeColumnProblemIsLocatedAtTheHeaderCell() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = try CLIHarness.write("a,b,c,allna\n1,2,3,\n2,,1,\n3,1,,\n4,2,2,\n", named: "e.csv", in: dir)
        let run = try CLIHarness.run(["impute", data, "--variables", "allna,b", "--out", dir.appendingPathComponent("o.csv").path])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: \(data):1:4: every one of the 4 values of 'allna' is missing"), run.stderr)
        let long = try CLIHarness.write(".imp,y,x\na,1,2\nb,2,3\n", named: "long.csv", in: dir)
        let text = try CLIHarness.run(["regress", long, "--formula", "y ~ x", "--imputations", ".imp"])
        XCTAssertEqual(text.status, 2)
        XCTAssertTrue(text.stderr.hasPrefix("phbeval: \(long):1:1: the imputation column '.imp' is not numeric"), text.stderr)
    }

    /// L2: every pair of the δ grids is listed, (0, 0) too, and (0, 0) equals the primary.
    func testDeltaGridListsEveryPairAndZeroZeroIsThePrimary() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = try ImputeCommandTests.maskedTrial(in: dir)
        let document = try json(try CLIHarness.run(["cea", data, "--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost",
                                                    "--lambda", "0:30000:10000", "--imputations", "2", "--iterations", "3",
                                                    "--delta-effect=-0.05,0,0.05", "--delta-cost", "0,500", "--json"]))
        let scenarios = try XCTUnwrap((document["imputation"] as? [String: Any])?["sensitivity"] as? [[String: Any]])
        XCTAssertEqual(scenarios.map { [$0["delta_effect"] as? Double, $0["delta_cost"] as? Double] },
                       [[-0.05, 0], [-0.05, 500], [0, 0], [0, 500], [0.05, 0], [0.05, 500]])
        let zero = scenarios[2]
        XCTAssertEqual((zero["effect"] as? [String: Any])?["estimate"] as? Double, (document["delta_effect"] as? [String: Any])?["estimate"] as? Double)
        XCTAssertEqual((zero["cost"] as? [String: Any])?["std_error"] as? Double, (document["delta_cost"] as? [String: Any])?["std_error"] as? Double)
        XCTAssertEqual((zero["inb"] as? [[String: Any]])?.map { $0["estimate"] as? Double }, (document["inb"] as? [[String: Any]])?.map { $0["estimate"] as? Double })
        // Without grids there is no sensitivity entry.
        let plain = try json(try CLIHarness.run(["cea", data, "--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost",
                                                 "--imputations", "2", "--iterations", "3", "--json"]))
        XCTAssertEqual(((plain["imputation"] as? [String: Any])?["sensitivity"] as? [Any])?.count, 0)
    }

    /// L3: `impute --include-original` writes the data as given first as `.imp` = 0, then the same
    /// completed datasets as without it; R's `as.mids()` reads such a file (check_as_mids.R) and
    /// `regress --imputations` on it leaves `.imp` = 0 out and equals R's `pool(with(imp, lm()))`.
    func testIncludeOriginalRoundTripsThroughAsMids() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = Self.fixture("ImputationTests", "include_original_data.csv")
        let with = dir.appendingPathComponent("with.csv").path, without = dir.appendingPathComponent("without.csv").path
        let arguments = ["impute", data, "--variables", "ascot12,cost", "--auxiliary", "arm + ascot0 + age", "--m", "4", "--iterations", "5", "--seed", "11"]
        XCTAssertEqual(try CLIHarness.run(arguments + ["--include-original", "--out", with]).status, 0)
        XCTAssertEqual(try CLIHarness.run(arguments + ["--out", without]).status, 0)
        let withLines = try String(contentsOfFile: with, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let withoutLines = try String(contentsOfFile: without, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let input = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(withLines.count, withoutLines.count + 60)
        XCTAssertEqual(withLines[0], withoutLines[0])
        // The .imp = 0 block is the input, field for field (R writes text quoted, phbeval only where needed).
        for (i, line) in input.enumerated() {
            XCTAssertEqual(String(withLines[1 + i]), "0,\(i + 1)," + line.replacingOccurrences(of: "\"", with: ""), "row \(i + 1)")
        }
        XCTAssertEqual(Array(withLines.dropFirst(61)), Array(withoutLines.dropFirst()))
        // The committed file is this command's output; R's as.mids + pool on it is the golden.
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: with)), try Data(contentsOf: URL(fileURLWithPath: Self.fixture("ImputationTests", "include_original_long.csv"))))
        let golden = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.fixture("ImputationTests", "as_mids_pool_golden.json")))) as? [String: Any])
        let pooled = try json(try CLIHarness.run(["regress", with, "--formula", try XCTUnwrap(golden["formula"] as? String), "--imputations", ".imp", "--json"]))
        XCTAssertEqual(pooled["imputations"] as? Int, 4)
        let terms = try XCTUnwrap(pooled["terms"] as? [[String: Any]]), expected = try XCTUnwrap(golden["terms"] as? [[String: Any]])
        XCTAssertEqual(terms.count, expected.count)
        for (term, r) in zip(terms, expected) {
            for key in ["estimate", "std_error", "df", "fmi"] {
                let value = try XCTUnwrap(term[key] as? Double), reference = try XCTUnwrap(r[key] as? Double)
                XCTAssertEqual(value, reference, accuracy: 1e-10 * max(1, abs(reference)), "\(term["term"] ?? "") \(key)")
            }
        }
    }

    /// L6: a covariate of the CEA that cannot be imputed is refused at its place in the covariates,
    /// with a fix that `cea` can follow.
    func testUnimputableCovariateIsLocatedAtTheCovariates() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = try ImputeCommandTests.maskedTrial(in: dir)
        let run = try CLIHarness.run(["cea", data, "--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost",
                                      "--effect-covariates", "ascot0 + C(condition)", "--imputations", "2"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: --effect-covariates:1:12: 'condition' is categorical with 6 levels and has missing values ("), run.stderr)
        XCTAssertFalse(run.stderr.contains("--variables"), run.stderr)
        XCTAssertFalse(run.stderr.contains("--method"), run.stderr)
        XCTAssertTrue(run.stderr.contains("a level of their own"), run.stderr)
    }
}
