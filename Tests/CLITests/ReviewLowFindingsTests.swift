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
        // The committed long file is this command's output when check_as_mids.R ran (the draws of
        // a later engine may differ in the last digits); R's as.mids + pool on it is the golden.
        let committed = Self.fixture("ImputationTests", "include_original_long.csv")
        let golden = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.fixture("ImputationTests", "as_mids_pool_golden.json")))) as? [String: Any])
        let pooled = try json(try CLIHarness.run(["regress", committed, "--formula", try XCTUnwrap(golden["formula"] as? String), "--imputations", ".imp", "--json"]))
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

    /// Writes the analyze tests' base spec with `lines` replacing the line that starts with `old`
    /// (or appended), runs `analyze` on it and returns the run, the spec's path and its lines.
    func analyze(replacing old: String? = nil, with new: [String] = []) throws -> (CLIRun, String, [String]) {
        var lines = AnalyzeCommandTests.baseSpec
        if let old, let i = lines.firstIndex(where: { $0.hasPrefix(old) }) { lines.replaceSubrange(i...i, with: new) } else { lines += new }
        let directory = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(lines.joined(separator: "\n") + "\n", named: "study.yaml", in: directory)
        return (try CLIHarness.run(["analyze", path, "--out", directory.appendingPathComponent("out").path, "--quiet"]), path, lines)
    }

    func report(of path: String) throws -> String {
        try String(contentsOf: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out/report.md"), encoding: .utf8)
    }

    /// L5: the imputation table has the fraction of missing information and the relative increase
    /// in variance under Rubin's rules only; bootstrap-then-impute has neither, so no column of dashes.
    func testImputationTableHasRubinColumnsOnlyUnderRubin() throws {
        let (bootstrap, path, _) = try analyze(replacing: "  bootstrap:", with: ["  bootstrap: {replicates: 200, seed: 1}", "  missing: {method: mi, iterations: 3}"])
        XCTAssertEqual(bootstrap.status, 0, bootstrap.stderr)
        let withBootstrap = try report(of: path)
        XCTAssertTrue(withBootstrap.contains("| Increment | df |\n"), withBootstrap)
        XCTAssertFalse(withBootstrap.contains("Fraction of missing information"), withBootstrap)
        let (rubin, path2, _) = try analyze(replacing: "  bootstrap:", with: ["  missing: {method: mi, iterations: 3}"])
        XCTAssertEqual(rubin.status, 0, rubin.stderr)
        let withRubin = try report(of: path2)
        XCTAssertTrue(withRubin.contains("| Increment | df | Fraction of missing information | Relative increase in variance |"), withRubin)
        XCTAssertTrue(withRubin.contains("The primary analysis includes all "), withRubin)
    }

    /// L7: `analyze DIR` says that it is a directory and names a spec file to give; a data.file
    /// that does not exist is refused at the spec's `data.file` line and column.
    func testSpecDirectoryAndAbsentDataFileAreLocated() throws {
        let examples = AnalyzeCommandTests.examples.path
        let directory = try CLIHarness.run(["analyze", examples])
        XCTAssertEqual(directory.status, 2)
        XCTAssertEqual(directory.stderr, "phbeval: \(examples): this is a directory, not a spec file; give the spec file itself, e.g. \"\(examples)/study.yaml\"\n")
        let (absent, path, lines) = try analyze(replacing: "  file:", with: ["  file: /nonexistent/x.csv"])
        let line = try XCTUnwrap(lines.firstIndex(of: "  file: /nonexistent/x.csv")) + 1
        XCTAssertEqual(absent.status, 2)
        XCTAssertTrue(absent.stderr.hasPrefix("phbeval: \(path):\(line):9: data.file: there is no data file \"/nonexistent/x.csv\"; give the CSV file's path"), absent.stderr)
        let (folder, path2, _) = try analyze(replacing: "  file:", with: ["  file: \(examples)"])
        XCTAssertTrue(folder.stderr.hasPrefix("phbeval: \(path2):\(line):9: data.file: the data file \"\(examples)\" is a directory"), folder.stderr)
    }

    // MARK: Stata, SPSS and SAS files, balance

    /// 14: a Stata or SPSS file without observations is refused in words that fit it (it has no
    /// header line), by every command that reads data (fixtures of make_edge_fixtures.R).
    func testZeroRowStatFilesAreRefusedWithoutCSVWording() throws {
        for name in ["zero.dta", "zero.sav"] {
            let file = Self.fixture("StatFilesTests", name)
            let runs = [
                try CLIHarness.run(["regress", file, "--formula", "qaly ~ trt"]),
                try CLIHarness.run(["cea", file, "--arm", "trt", "--treated", "1", "--effect", "qaly", "--cost", "cost"]),
                try CLIHarness.run(["balance", file, "--arm", "trt", "--treated", "1", "--covariates", "qaly"]),
            ]
            for run in runs {
                XCTAssertEqual(run.status, 2, run.stderr)
                XCTAssertEqual(run.stderr, "phbeval: \(file): the file has no data rows: it names its columns (variables) but holds no observation; give a file with at least one row of data\n")
            }
        }
    }

    /// 15: `balance --treated` with a value the arm does not take is refused at `--treated`, naming
    /// the arm's values (the labels of a value-labelled arm).
    func testBalanceTreatedValueNotInTheDataIsLocatedAtTreated() throws {
        let csv = try CLIHarness.run(["balance", Self.fixture("StatFilesTests", "trial.csv"), "--arm", "trt", "--treated", "7", "--covariates", "age"])
        XCTAssertEqual(csv.status, 2)
        XCTAssertEqual(csv.stderr, "phbeval: --treated: no row has trt = 7; give the treated arm's value; 'trt' takes the values control, intervention\n")
        let labelled = try CLIHarness.run(["balance", Self.fixture("StatFilesTests", "trial.dta"), "--arm", "trt", "--treated", "1", "--covariates", "age"])
        XCTAssertEqual(labelled.status, 2)
        XCTAssertEqual(labelled.stderr, "phbeval: --treated: no row has trt = 1; give the treated arm's value; 'trt' takes the values control, intervention\n")
    }

    /// 17: a Stata file read as CSV is refused with the format that reads it, from its name and
    /// first bytes (`--format csv`) or from its first bytes alone (a name without `.dta`).
    func testBinaryFileReadAsCSVSuggestsItsFormat() throws {
        let dta = Self.fixture("StatFilesTests", "trial.dta")
        let forced = try CLIHarness.run(["regress", dta, "--format", "csv", "--formula", "qaly ~ trt"])
        XCTAssertEqual(forced.status, 2)
        XCTAssertTrue(forced.stderr.hasPrefix("phbeval: \(dta):1:1: field 1 is not valid UTF-8 text"), forced.stderr)
        XCTAssertTrue(forced.stderr.hasSuffix("; its name and its first bytes say it is a Stata file: read it with --format dta, or leave --format out\n"), forced.stderr)
        XCTAssertFalse(forced.stderr.contains("UTF-8 encoding"), forced.stderr)
        let dir = try CLIHarness.temporaryDirectory()
        for (name, format, program) in [("trial.dta", "dta", "Stata"), ("trial_v8.dta", "dta", "Stata"), ("trial.sav", "sav", "SPSS"), ("trial.zsav", "sav", "SPSS"), ("trial.sas7bdat", "sas7bdat", "SAS")] {
            let renamed = dir.appendingPathComponent(name + ".bin")
            try FileManager.default.copyItem(atPath: Self.fixture("StatFilesTests", name), toPath: renamed.path)
            let run = try CLIHarness.run(["regress", renamed.path, "--formula", "qaly ~ trt"])
            XCTAssertEqual(run.status, 2, name)
            XCTAssertTrue(run.stderr.hasSuffix("; its first bytes are a \(program) file's: read it with --format \(format)\n"), "\(name): \(run.stderr)")
        }
        // A CSV error in a text file keeps its own fix.
        let text = try CLIHarness.write("y,x\n1,\"2\n", named: "broken.csv", in: dir)
        XCTAssertFalse(try CLIHarness.run(["regress", text, "--formula", "y ~ x"]).stderr.contains("--format"))
    }

    /// 18: control characters of value labels are escaped in terminal tables and in messages
    /// (ctrl.dta labels its arm "ctl<LF>x" and "int<ESC>[31m"); the JSON keeps the labels as they are.
    func testControlCharactersInValueLabelsAreEscaped() throws {
        let file = Self.fixture("StatFilesTests", "ctrl.dta")
        let table = try CLIHarness.run(["regress", file, "--formula", "qaly ~ trt"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("trt[int\\u{1B}[31m]  "), table.stdout)
        XCTAssertFalse(table.stdout.contains("\u{1B}"), table.stdout)
        let document = try json(try CLIHarness.run(["regress", file, "--formula", "qaly ~ trt", "--json"]))
        XCTAssertEqual((document["terms"] as? [[String: Any]])?.last?["term"] as? String, "trt[int\u{1B}[31m]")
        let message = try CLIHarness.run(["cea", file, "--arm", "trt", "--treated", "5", "--effect", "qaly", "--cost", "qaly"])
        XCTAssertEqual(message.status, 2)
        XCTAssertEqual(message.stderr, "phbeval: --treated: no row has trt = 5; give the treated arm's value; 'trt' takes the values ctl\\nx, int\\u{1B}[31m\n")
        let balance = try CLIHarness.run(["balance", file, "--arm", "trt", "--treated", "ctl\nx", "--covariates", "site"])
        XCTAssertEqual(balance.status, 0, balance.stderr)
        XCTAssertTrue(balance.stdout.contains("Arms: treated trt = ctl\\nx; control trt = int\\u{1B}[31m\n"), balance.stdout)
        XCTAssertTrue(balance.stdout.contains("\nsite[c\\u{7}d]  binary"), balance.stdout)
        for control in ["\u{1B}", "\u{7}"] { XCTAssertFalse(balance.stdout.contains(control), balance.stdout) }
    }
}
