import Foundation
import XCTest

/// Stata, SPSS and SAS files through the commands: the same trial as CSV, `.dta` (versions 15 and
/// 8), `.sav`, `.zsav` (fixtures of Tests/StatFilesTests/Fixtures/make_statfile_fixtures.R, written
/// by R's haven) gives the same `regress` and `cea` JSON, apart from the data path and the kinds of
/// missing value the binary files record.
final class StatFileCommandTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        CLIHarness.repositoryRoot.appendingPathComponent("Tests/StatFilesTests/Fixtures/\(name)").path
    }

    static let formats = ["trial.csv", "trial.dta", "trial_v8.dta", "trial.sav", "trial.zsav"]

    /// The JSON document without `data` and `missing_kinds`.
    func document(_ run: CLIRun) throws -> NSDictionary {
        XCTAssertEqual(run.status, 0, run.stderr)
        func strip(_ value: Any) -> Any {
            if let d = value as? [String: Any] {
                return d.filter { $0.key != "data" && $0.key != "missing_kinds" }.mapValues(strip)
            }
            if let a = value as? [Any] { return a.map(strip) }
            return value
        }
        return strip(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as! NSDictionary
    }

    func testRegressGivesTheSameJSONForEveryFormat() throws {
        let runs = try Self.formats.map { try CLIHarness.run(["regress", Self.fixture($0), "--formula", "cost ~ trt + age + sex + C(site)", "--json"]) }
        let csv = try document(runs[0])
        for (file, run) in zip(Self.formats, runs).dropFirst() { XCTAssertEqual(try document(run), csv, file) }
        // The labelled arm is categorical with its labels as levels.
        let terms = try XCTUnwrap(csv["terms"] as? [[String: Any]])
        XCTAssertEqual(terms.map { $0["term"] as? String }, ["(Intercept)", "trt[intervention]", "age", "sex[male]", "site[2]", "site[3]", "site[4]"])
    }

    func testCEAGivesTheSameJSONForEveryFormat() throws {
        let arguments = ["--arm", "trt", "--treated", "intervention", "--effect", "qaly", "--cost", "cost",
                         "--effect-covariates", "age + sex", "--bootstrap", "200", "--seed", "3", "--json", "--quiet"]
        let runs = try Self.formats.map { try CLIHarness.run(["cea", Self.fixture($0)] + arguments) }
        let csv = try document(runs[0])
        for (file, run) in zip(Self.formats, runs).dropFirst() { XCTAssertEqual(try document(run), csv, file) }
    }

    /// The row-dropping report names Stata's extended missing values and SPSS's user-missing code;
    /// the table shows the variable labels.
    func testMissingKindsAndLabelsAreReported() throws {
        let dta = try CLIHarness.run(["regress", Self.fixture("trial.dta"), "--formula", "qaly ~ trt + cost"])
        XCTAssertEqual(dta.status, 0, dta.stderr)
        XCTAssertTrue(dta.stdout.contains("9 rows dropped (listwise): 6 missing 'qaly' (2 Stata ., 3 Stata .a, 1 Stata .b), 3 missing 'cost' (3 Stata .c)"), dta.stdout)
        XCTAssertTrue(dta.stdout.contains("Labels:   qaly: Quality-adjusted life years; cost: Total cost (GBP, 2011 prices)"), dta.stdout)
        let sav = try CLIHarness.run(["regress", Self.fixture("trial.sav"), "--formula", "cost ~ trt", "--json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sav.stdout.utf8)) as? [String: Any])
        let reasons = try XCTUnwrap((json["dropped"] as? [String: Any])?["reasons"] as? [[String: Any]])
        XCTAssertEqual(reasons.first?["reason"] as? String, "missing 'cost'")
        let kinds = try XCTUnwrap(reasons.first?["missing_kinds"] as? [[String: Any]])
        XCTAssertEqual(kinds.first?["kind"] as? String, "SPSS user-missing -99 (refused)")
        XCTAssertEqual(kinds.first?["rows"] as? Int, 3)
    }

    /// `--keep-codes` keeps the numbers; `--format` reads a file whose name says nothing.
    func testKeepCodesAndFormat() throws {
        let kept = try CLIHarness.run(["regress", Self.fixture("trial.dta"), "--formula", "cost ~ trt", "--keep-codes", "--json"])
        let terms = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(kept.stdout.utf8)) as? [String: Any])?["terms"] as? [[String: Any]])
        XCTAssertEqual(terms.map { $0["term"] as? String }, ["(Intercept)", "trt"])
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let renamed = directory.appendingPathComponent("trial.data").path
        try FileManager.default.copyItem(atPath: Self.fixture("trial.dta"), toPath: renamed)
        let named = try CLIHarness.run(["regress", renamed, "--formula", "cost ~ trt", "--format", "dta", "--json"])
        XCTAssertEqual(named.status, 0, named.stderr)
        let bogus = try CLIHarness.run(["regress", renamed, "--formula", "cost ~ trt", "--format", "xlsx"])
        XCTAssertEqual(bogus.status, 2)
        XCTAssertTrue(bogus.stderr.contains("--format: unknown data format \"xlsx\""), bogus.stderr)
    }

    /// A truncated .dta exits 2 naming the file; so does a CSV read as Stata.
    func testTruncatedFileExitsTwoNamingIt() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("trial.dta")))
        let cut = directory.appendingPathComponent("cut.dta").path
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: cut))
        let run = try CLIHarness.run(["regress", cut, "--formula", "cost ~ trt"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: \(cut): "), run.stderr)
        XCTAssertTrue(run.stderr.contains("Stata"), run.stderr)
        let csvAsStata = try CLIHarness.run(["regress", Self.fixture("trial.csv"), "--formula", "cost ~ trt", "--format", "dta"])
        XCTAssertEqual(csvAsStata.status, 2, csvAsStata.stderr)
        XCTAssertTrue(csvAsStata.stderr.contains("cannot read the Stata file"), csvAsStata.stderr)
    }

    /// `score` writes a Stata or SPSS input back in its format, labels and missing codes kept,
    /// the same scores as the CSV, the same bytes on every run.
    func testScoreWritesStataAndSPSSBack() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let columns = ["--columns", "mo,sc,ua,pd,ad", "--quiet"]
        let csvOut = directory.appendingPathComponent("scored.csv").path
        XCTAssertEqual(try CLIHarness.run(["score", "eq5d-5l", Self.fixture("eq5d5l.csv"), "--out", csvOut] + columns).status, 0)
        let csvScores = try CLIHarness.run(["regress", csvOut, "--formula", "eq5d_index ~ arm", "--json"])
        for (input, output) in [("eq5d5l.dta", "scored.dta"), ("eq5d5l.sav", "scored.sav"), ("eq5d5l.sav", "scored.zsav")] {
            let out = directory.appendingPathComponent(output).path
            let run = try CLIHarness.run(["score", "eq5d-5l", Self.fixture(input), "--out", out] + columns)
            XCTAssertEqual(run.status, 0, run.stderr)
            let first = try Data(contentsOf: URL(fileURLWithPath: out))
            XCTAssertEqual(try CLIHarness.run(["score", "eq5d-5l", Self.fixture(input), "--out", out] + columns).status, 0)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), first, "\(output) is not the same bytes twice")
            // Read back: the arm is still labelled (categorical), the scores equal the CSV's.
            let back = try CLIHarness.run(["regress", out, "--formula", "eq5d_index ~ arm", "--json"])
            XCTAssertEqual(try document(back), try document(csvScores), output)
            let mo = try CLIHarness.run(["regress", out, "--formula", "eq5d_index ~ mo"])
            XCTAssertTrue(mo.stdout.contains("mo[Slight problems]"), mo.stdout)
            XCTAssertTrue(mo.stdout.contains(input.hasSuffix(".dta") ? "1 missing 'mo' (1 Stata .a (not asked))" : "1 missing 'mo' (1 SPSS user-missing 9 (not asked))"), mo.stdout)
        }
        // A Stata input is written as Stata only; stdout takes CSV inputs only.
        let wrong = try CLIHarness.run(["score", "eq5d-5l", Self.fixture("eq5d5l.dta"), "--out", directory.appendingPathComponent("x.sav").path] + columns)
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("--out: the input is a Stata file"), wrong.stderr)
        let stdout = try CLIHarness.run(["score", "eq5d-5l", Self.fixture("eq5d5l.dta")] + columns)
        XCTAssertEqual(stdout.status, 2)
        XCTAssertTrue(stdout.stderr.contains("--out"), stdout.stderr)
    }
}
