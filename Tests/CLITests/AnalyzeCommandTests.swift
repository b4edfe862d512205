import Foundation
import XCTest

/// `phbeval analyze`: spec errors exit 2 at the spec's line and column; the report's primary
/// analysis equals `phbeval cea --json` on the prepared data.
final class AnalyzeCommandTests: XCTestCase {
    static let examples = CLIHarness.repositoryRoot.appendingPathComponent("datasets/examples")

    /// A small valid spec on the example cohort (absolute paths), one line per element.
    static let baseSpec: [String] = [
        "spec_version: 1",
        "title: Spec error test",
        "data:",
        "  file: \(examples.appendingPathComponent("study_cohort.csv").path)",
        "  id: id",
        "  arm: arm",
        "  treated: PHB",
        "instruments:",
        "  - instrument: ascot",
        "    columns:",
        "      0: [control_0, cleanliness_0, food_0, safety_0, social_0, occupation_0, accommodation_0, dignity_0]",
        "      12: [control_12, cleanliness_12, food_12, safety_12, social_12, occupation_12, accommodation_12, dignity_12]",
        "outcomes:",
        "  primary: ascot",
        "costs:",
        "  unit_costs: \(examples.appendingPathComponent("study_unit_costs.csv").path)",
        "  price_year: 2011",
        "  service_use: {gp_visit: gp_visits, home_care_hour: home_care_hours}",
        "  budget: phb_cost",
        "analysis:",
        "  effect_covariates: age + sex",
        "  bootstrap: {replicates: 1000, seed: 1}",
        "  lambda: {from: 0, to: 5000, step: 100, headline: [1000]}",
        "  subgroups: [sex]",
    ]

    /// Runs `analyze` on the base spec with `replace` applied (line prefix → new line, or
    /// appended lines) and returns the run and the spec's path.
    func analyze(replacing old: String? = nil, with new: [String] = [], extra: [String] = []) throws -> (CLIRun, String, [String]) {
        var lines = Self.baseSpec
        if let old, let i = lines.firstIndex(where: { $0.hasPrefix(old) }) { lines.replaceSubrange(i...i, with: new) } else { lines += new }
        let (run, path, written) = try analyze(spec: lines, extra: extra)
        return (run, path, written)
    }

    func testUnknownKeyWithSuggestion() throws {
        let (run, path, lines) = try analyze(replacing: "  treated:", with: ["  treatd: PHB"])
        assertRefused(run, at: location(of: "treatd", in: lines, path: path), saying: "'treatd' is not a key of data; did you mean 'treated'?")
    }

    func testUnknownTopLevelKey() throws {
        let (run, path, lines) = try analyze(with: ["reprot:", "  currency: GBP"])
        assertRefused(run, at: location(of: "reprot", in: lines, path: path), saying: "did you mean 'report'?")
    }

    func testDuplicateKeyAtItsSecondOccurrence() throws {
        let (run, path, lines) = try analyze(replacing: "  arm:", with: ["  arm: arm", "  arm: site"])
        let second = lines.firstIndex(of: "  arm: site")!
        assertRefused(run, at: "\(path):\(second + 1):3:", saying: "the key 'arm' appears twice")
    }

    func testWrongType() throws {
        let (run, path, lines) = try analyze(replacing: "  bootstrap:", with: ["  bootstrap: {replicates: many, seed: 1}"])
        assertRefused(run, at: location(of: "many", in: lines, path: path), saying: "\"many\" is not a whole number")
    }

    func testBooleanIsNotGuessed() throws {
        let (run, path, lines) = try analyze(with: ["  adjust_baseline: yes"])
        assertRefused(run, at: location(of: "yes", in: lines, path: path), saying: "is not true or false")
    }

    func testMissingColumn() throws {
        let (run, path, lines) = try analyze(replacing: "  arm:", with: ["  arm: armm"])
        assertRefused(run, at: location(of: "armm", in: lines, path: path), saying: "have no column 'armm'; did you mean 'arm'?")
    }

    func testMissingItemColumn() throws {
        let (run, path, lines) = try analyze(replacing: "      12:", with: ["      12: [control_12, cleanliness_12, food_12, safety_12, social_12, occupation_12, accomodation_12, dignity_12]"])
        assertRefused(run, at: location(of: "accomodation_12", in: lines, path: path), saying: "no column 'accomodation_12'")
    }

    func testBadLambdaGrid() throws {
        let (run, path, lines) = try analyze(replacing: "  lambda:", with: ["  lambda: {from: 0, to: 5000, step: 0}"])
        assertRefused(run, at: location(of: "0}", in: lines, path: path, after: 20), saying: "is not a step greater than 0")
        let (backwards, path2, lines2) = try analyze(replacing: "  lambda:", with: ["  lambda: {from: 5000, to: 0}"])
        assertRefused(backwards, at: location(of: "0}", in: lines2, path: path2, after: 20), saying: "backwards")
    }

    func testHeadlineOffTheGrid() throws {
        let (run, path, lines) = try analyze(replacing: "  lambda:", with: ["  lambda: {from: 0, to: 5000, step: 100, headline: [1050]}"])
        assertRefused(run, at: location(of: "1050", in: lines, path: path), saying: "the headline λ 1050 is not a point of the grid")
    }

    func testAbsentSubgroupColumn() throws {
        let (run, path, lines) = try analyze(replacing: "  subgroups:", with: ["  subgroups: [sex, regionn]"])
        assertRefused(run, at: location(of: "regionn", in: lines, path: path), saying: "no column 'regionn'")
    }

    func testBrokenYAML() throws {
        let (run, path, _) = try analyze(replacing: "  subgroups:", with: ["  subgroups: [sex, condition"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: \(path):"), run.stderr)
        XCTAssertTrue(run.stderr.contains("the spec is not valid YAML"), run.stderr)
    }

    func testSpecVersionMissingOrWrong() throws {
        let (missing, path, _) = try analyze(replacing: "spec_version:", with: [])
        assertRefused(missing, at: "\(path):1:1:", saying: "the spec has no spec_version")
        let (wrong, path2, lines) = try analyze(replacing: "spec_version:", with: ["spec_version: 2"])
        assertRefused(wrong, at: location(of: "2", in: lines, path: path2), saying: "spec_version \"2\" is not supported")
    }

    func testBadSetPath() throws {
        let (run, _, _) = try analyze(extra: ["--set", "analysis.bootstrap.replicatez=10"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: --set:1:20: analysis.bootstrap.replicatez: 'replicatez' is not a key of analysis.bootstrap; did you mean 'replicates'?"), run.stderr)
        let (noEquals, _, _) = try analyze(extra: ["--set", "analysis.level"])
        XCTAssertEqual(noEquals.status, 2, noEquals.stderr)
        XCTAssertTrue(noEquals.stderr.contains("is not key.path=value"), noEquals.stderr)
    }

    func testUnknownChoiceSuggests() throws {
        let (run, path, lines) = try analyze(with: ["  model: olss"])
        assertRefused(run, at: location(of: "olss", in: lines, path: path), saying: "did you mean 'ols'?")
    }

    func testOutcomeThatNoInstrumentScores() throws {
        let (run, path, lines) = try analyze(replacing: "  primary:", with: ["  primary: ascott"])
        assertRefused(run, at: location(of: "ascott", in: lines, path: path), saying: "'ascott' is not the name of an instrument; did you mean 'ascot'?")
    }

    func testFormulaErrorIsLocatedInsideTheSpecLine() throws {
        let (run, path, lines) = try analyze(replacing: "  effect_covariates:", with: ["  effect_covariates: age + sexx"])
        assertRefused(run, at: location(of: "sexx", in: lines, path: path), saying: "sexx")
    }

    /// Combinations the engine does not support are refused at their key before any work.
    func testUnsupportedImputationAndWeightingCombinationsAreRefused() throws {
        let (exclude, path, lines) = try analyze(with: ["  missing: {method: mi, exclude: diedd}"])
        assertRefused(exclude, at: location(of: "diedd", in: lines, path: path), saying: "the data have no column 'diedd'")
        let (text, path6, lines6) = try analyze(with: ["  missing: {method: mi, exclude: arm}"])
        assertRefused(text, at: location(of: "arm}", in: lines6, path: path6), saying: "is text, not 0/1")
        let (clustered, path2, lines2) = try analyze(with: ["  missing: {method: mi}", "  cluster: site"])
        assertRefused(clustered, at: location(of: "mi}", in: lines2, path: path2), saying: "multiple imputation is not available with clustered errors")
        let (overlap, path3, lines3) = try analyze(with: ["  weighting: {propensity: age + sex, estimand: ATO, randomised: true}"])
        assertRefused(overlap, at: location(of: "ATO", in: lines3, path: path3), saying: "overlap weights (ATO) are not available")
        let (noColumn, path4, lines4) = try analyze(with: ["  weighting: {propensity: age + sex}"])
        assertRefused(noColumn, at: location(of: "{propensity", in: lines4, path: path4), saying: "names no data.randomised column")
        let (bad, path5, lines5) = try analyze(with: ["  weighting: {propensity: age, estimand: ATX}"])
        assertRefused(bad, at: location(of: "ATX", in: lines5, path: path5), saying: "did you mean 'ATE'?")
    }

    /// `analysis.missing.method: mi` imputes (bootstrap-then-impute with the spec's bootstrap)
    /// and the report and results say so; the primary analysis equals `cea --imputations`.
    func testMultipleImputationRunsThroughTheReport() throws {
        let (run, path, _) = try analyze(replacing: "  bootstrap:", with: ["  bootstrap: {replicates: 200, seed: 1}", "  missing: {method: mi, iterations: 5}"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out")
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("multiply imputed by chained equations"), report)
        XCTAssertTrue(report.contains("von Hippel & Bartlett (2021)"), report)
        XCTAssertTrue(report.contains("| Variable | Method | Values imputed |"), report)
        XCTAssertTrue(report.contains("figures/convergence.svg"), report)
        let convergence = try String(contentsOf: out.appendingPathComponent("figures/convergence.svg"), encoding: .utf8)
        XCTAssertTrue(convergence.contains("Chain 2"), "the convergence figure has a line per chain")
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
        let imputation = try XCTUnwrap((results["primary"] as? [String: Any])?["imputation"] as? [String: Any])
        XCTAssertEqual(imputation["pooling"] as? String, "von-hippel-bartlett")
        XCTAssertEqual(imputation["m"] as? Int, 2)
    }

    /// `analysis.weighting` weights the comparison; the report has the balance table, the
    /// effective sample sizes and the love plot. A spec whose data.randomised marks everyone
    /// randomised has nothing to weight, located at the spec's key.
    func testWeightingRunsThroughTheReport() throws {
        // The example cohort is all randomised: weight everyone (randomised: true).
        let (weighted, path, _) = try analyze(with: ["  weighting: {propensity: age + sex, estimand: ATE, stabilize: true, randomised: true}"])
        XCTAssertEqual(weighted.status, 0, weighted.stderr)
        let out = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out")
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("### Balance after propensity weighting"), report)
        XCTAssertTrue(report.contains("| Effective sample size |"), report)
        XCTAssertTrue(report.contains("figures/balance.svg"), report)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("figures/balance.svg").path))
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
        let weighting = try XCTUnwrap((results["primary"] as? [String: Any])?["weighting"] as? [String: Any])
        XCTAssertEqual(weighting["estimand"] as? String, "ATE")
        XCTAssertFalse(try XCTUnwrap(weighting["balance"] as? [Any]).isEmpty)
        let (all, path2, lines2) = try analyze(replacing: "  id: id", with: ["  id: id", "  randomised: randomised"] ,
                                               extra: ["--set", "analysis.weighting.propensity=age + sex"])
        let line = try XCTUnwrap(lines2.firstIndex(of: "  randomised: randomised")) + 1
        assertRefused(all, at: "\(path2):\(line):15:", saying: "data.randomised: every one of the 325 rows analysed has randomised = 1")
    }

    func testOutputDirectoryMayNotBeAnInputFile() throws {
        let run = try CLIHarness.run(["analyze", Self.examples.appendingPathComponent("study.yaml").path, "--out",
                                      Self.examples.appendingPathComponent("study_cohort.csv").path, "--quiet"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("is a file, not a directory"), run.stderr)
    }

    /// Steps over a second are reported on stderr (the debug build's bootstrap of 20,000
    /// replicates takes longer than that); --quiet silences them.
    func testProgressLinesForSlowStepsAndQuiet() throws {
        let directory = try CLIHarness.temporaryDirectory()
        let spec = Self.examples.appendingPathComponent("study.yaml").path
        let loud = try CLIHarness.run(["analyze", spec, "--out", directory.appendingPathComponent("a").path, "--set", "analysis.bootstrap.replicates=20000",
                                       "--set", "analysis.sensitivity=[]", "--set", "analysis.subgroups=[]"])
        XCTAssertEqual(loud.status, 0, loud.stderr)
        XCTAssertTrue(loud.stderr.contains("phbeval: cost-effectiveness analysis (bootstrap, 20000 replicates): "), loud.stderr)
        XCTAssertTrue(loud.stderr.contains("phbeval: wrote 9 files to "), loud.stderr)
        let quiet = try CLIHarness.run(["analyze", spec, "--out", directory.appendingPathComponent("b").path, "--quiet", "--set", "analysis.bootstrap.replicates=1000"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stderr, "")
    }

    /// results.json's `primary` equals `phbeval cea --json` run with `primary_command` on the
    /// prepared data the report wrote.
    func testPrimaryEqualsCEAOnThePreparedData() throws {
        let directory = try CLIHarness.temporaryDirectory()
        let out = directory.appendingPathComponent("report")
        let run = try CLIHarness.run(["analyze", Self.examples.appendingPathComponent("study.yaml").path, "--out", out.path, "--quiet",
                                      "--set", "analysis.bootstrap.replicates=1000"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any])
        var command = try XCTUnwrap(results["primary_command"] as? [String])
        XCTAssertEqual(command[1], "analysis-data.csv")
        command[1] = out.appendingPathComponent("analysis-data.csv").path
        let cea = try CLIHarness.run(command + ["--json"])
        XCTAssertEqual(cea.status, 0, cea.stderr)
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(cea.stdout.utf8)) as? [String: Any])
        let primary = try XCTUnwrap(results["primary"] as? [String: Any])
        XCTAssertEqual(Set(primary.keys), Set(expected.keys))
        for key in expected.keys where key != "warnings" {
            XCTAssertEqual(primary[key] as? NSObject, expected[key] as? NSObject, key)
        }
        XCTAssertEqual((primary["n"] as? [String: Int])?["treated"], 173)
    }
}
