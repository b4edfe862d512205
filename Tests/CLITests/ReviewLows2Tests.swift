import Foundation
import XCTest

/// The low findings of the reviews docs/reviews/2026-12-02-subgroups.md (L4, L5) and
/// 2026-12-02-mi-weighting.md (M3, L1–L4), and spec file keys located at their key, each through
/// the command that showed it.
final class ReviewLows2Tests: XCTestCase {
    static let miData = ReviewLowFindingsTests.fixture("CostEffectivenessTests", "mi_weighting/mi_weighting.csv")
    static let miArguments = ["--arm", "arm", "--treated", "PHB", "--effect", "ascot_12", "--cost", "cost_total"]

    func json(_ run: CLIRun, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    /// The example study spec with `edit` applied to its lines, written with `files` beside it; the run of `analyze`.
    func analyze(_ edit: (inout [String]) -> Void, files: [String: String] = [:]) throws -> (run: CLIRun, path: String, lines: [String]) {
        var lines = AnalyzeCommandTests.baseSpec
        edit(&lines)
        return try analyze(spec: lines, files: files)
    }

    // MARK: subgroups (2026-12-02-subgroups.md)

    /// L5: the effect or the cost as the subgroup is refused at --subgroup (with or without
    /// imputation; it was "the subgroup is missing here" under imputation) and at analysis.subgroups.
    func testOutcomeAsSubgroupIsRefused() throws {
        let data = CLIHarness.exampleData
        let base = ["cea", data, "--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost"]
        assertRefused(try CLIHarness.run(base + ["--subgroup", "ascot12"]), at: "--subgroup: the subgroup column 'ascot12' is the effect column", saying: "give a baseline characteristic")
        let dir = try CLIHarness.temporaryDirectory()
        let masked = try ImputeCommandTests.maskedTrial(in: dir)
        assertRefused(try CLIHarness.run(["cea", masked] + base.dropFirst(2) + ["--subgroup", "cost", "--imputations", "2", "--iterations", "2"]),
                      at: "--subgroup: the subgroup column 'cost' is the cost column", saying: "outcome being compared")
        // A data file with a cost_total column (the spec's cost) named as a subgroup.
        let cohort = try String(contentsOfFile: AnalyzeCommandTests.examples.appendingPathComponent("study_cohort.csv").path, encoding: .utf8)
        let rows = cohort.split(separator: "\n").enumerated().map { $0 == 0 ? $1 + ",cost_total" : $1 + ",\(100 + $0)" }
        let spec = try analyze({ lines in
            lines[lines.firstIndex { $0.hasPrefix("  file:") }!] = "  file: cohort.csv"
            lines[lines.firstIndex { $0.hasPrefix("  subgroups:") }!] = "  subgroups: [sex, cost_total]"
        }, files: ["cohort.csv": rows.joined(separator: "\n") + "\n"])
        assertRefused(spec.run, at: location(of: "[sex", in: spec.lines, path: spec.path) + " analysis.subgroups: the subgroup column 'cost_total' is the cost column",
                      saying: "give a baseline characteristic")
    }

    /// L4: an exclusion column that leaves one row of an arm is refused at analysis.missing.exclude
    /// (it was blamed on data.randomised by the weighting).
    func testExclusionLeavingOneRowOfAnArmIsRefusedAtItsKey() throws {
        let cohort = try String(contentsOfFile: AnalyzeCommandTests.examples.appendingPathComponent("study_cohort.csv").path, encoding: .utf8)
        var seenControl = false
        let rows = cohort.split(separator: "\n").enumerated().map { i, line -> String in
            guard i > 0 else { return line + ",gone" }
            let control = line.contains(",usual care,")
            defer { if control { seenControl = true } }
            return line + (control && seenControl ? ",1" : ",0")
        }
        let spec = try analyze({ lines in
            let i = lines.firstIndex { $0.hasPrefix("  file:") }!
            lines[i] = "  file: cohort.csv"
            lines.append("  missing: {method: mi, exclude: gone}")
        }, files: ["cohort.csv": rows.joined(separator: "\n") + "\n"])
        assertRefused(spec.run, at: location(of: "gone}", in: spec.lines, path: spec.path),
                      saying: "all but one participant in the control arm have gone = 1, so the cost-effectiveness analyses would have 1 control participant")
    }

    // MARK: MI and weighting (2026-12-02-mi-weighting.md)

    /// M3 and L3: a column missing in every row is refused at the parameter that named it, under
    /// --imputations (it was "FILE:11: … remove it from --variables") and complete-case weighting
    /// (it was "the treated arm has no complete rows").
    func testColumnMissingEverywhereIsNamedAtItsParameter() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let lines = try String(contentsOfFile: Self.miData, encoding: .utf8).split(separator: "\n")
        let data = try CLIHarness.write(lines.enumerated().map { $0 == 0 ? $1 + ",z" : $1 + "," }.joined(separator: "\n") + "\n", named: "zall.csv", in: dir)
        let imputed = ["cea", data] + Self.miArguments + ["--imputations", "2", "--iterations", "2"]
        let saying = "'z' is missing in every one of the 500 rows, so no row has a value of it to analyse or to impute it from; give its values, or remove it from"
        assertRefused(try CLIHarness.run(imputed + ["--propensity", "age + z", "--randomised", "randomised"]), at: "--propensity:1:7:", saying: saying + " --propensity")
        assertRefused(try CLIHarness.run(imputed + ["--effect-covariates", "age + z"]), at: "--effect-covariates:1:7:", saying: saying + " --effect-covariates")
        assertRefused(try CLIHarness.run(["cea", data] + Self.miArguments + ["--propensity", "age + z", "--randomised", "randomised"]), at: "--propensity:1:7:", saying: saying)
        assertRefused(try CLIHarness.run(["balance", data, "--arm", "arm", "--treated", "PHB", "--covariates", "age + z"]), at: "--covariates:1:7:", saying: saying + " --covariates")
    }

    /// L1: bootstrap-then-impute says its intervals are t (`ci_method` "t"), and --ci bca with
    /// --imputations is refused (it was accepted and reported as "bca").
    func testBootstrapThenImputeReportsTIntervalsAndRefusesBCa() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = try ImputeCommandTests.maskedTrial(in: dir)
        let base = ["cea", data, "--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost", "--imputations", "2", "--iterations", "2", "--bootstrap", "30"]
        let document = try json(try CLIHarness.run(base + ["--json"]))
        XCTAssertEqual((document["bootstrap"] as? [String: Any])?["ci_method"] as? String, "t")
        assertRefused(try CLIHarness.run(base + ["--ci", "bca"]), at: "--ci: BCa intervals are not made with multiple imputation", saying: "leave out --ci (or give percentile) with --imputations")
        let complete = try json(try CLIHarness.run(["cea", CLIHarness.exampleData, "--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost", "--bootstrap", "30", "--json"]))
        XCTAssertEqual((complete["bootstrap"] as? [String: Any])?["ci_method"] as? String, "percentile")
    }

    /// L2: separation by a 0/1 indicator names the value (every row with female equal to 0 is
    /// treated), not "above 1".
    func testSeparationByAnIndicatorSaysEqualTo() throws {
        let dir = try CLIHarness.temporaryDirectory()
        var csv = "arm,female,age,e,c\n"
        for i in 0..<40 {
            let treated = i % 2 == 0
            csv += "\(treated ? 1 : 0),\(treated ? i % 4 / 2 : 1),\(30 + i),\(0.5 + Double(i % 7) / 20),\(1000 + 37 * i)\n"
        }
        let data = try CLIHarness.write(csv, named: "sep.csv", in: dir)
        let run = try CLIHarness.run(["cea", data, "--arm", "arm", "--treated", "1", "--effect", "e", "--cost", "c", "--propensity", "female + age"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("'female' separates the arms: every row with female equal to 0 is treated"), run.stderr)
    }

    /// L4: a numeric column used as C(x) enters the imputation models as its categories: the
    /// imputed analysis equals the one with --categorical x (it imputed with x linear before).
    func testCategoricalTermIsHonouredByTheImputationModel() throws {
        let arguments = ["cea", Self.miData] + Self.miArguments + [
            "--effect-covariates", "ascot_0 + age + C(imd_quintile)", "--cost-covariates", "age + C(imd_quintile)",
            "--propensity", "age + C(imd_quintile)", "--randomised", "randomised", "--imputations", "3", "--iterations", "3",
            "--seed", "5", "--lambda", "20000:20000:1", "--json"]
        let asTerm = try json(try CLIHarness.run(arguments))
        let declared = try json(try CLIHarness.run(arguments + ["--categorical", "imd_quintile"]))
        let effect = { (d: [String: Any]) in (d["delta_effect"] as? [String: Any])?["estimate"] as? Double }
        XCTAssertNotNil(effect(asTerm))
        XCTAssertEqual(effect(asTerm), effect(declared))
        XCTAssertEqual((asTerm["delta_cost"] as? [String: Any])?["std_error"] as? Double, (declared["delta_cost"] as? [String: Any])?["std_error"] as? Double)
        XCTAssertEqual((asTerm["inb"] as? [[String: Any]])?.first?["estimate"] as? Double, (declared["inb"] as? [[String: Any]])?.first?["estimate"] as? Double)
    }

    // MARK: spec files

    /// A spec key other than data.file naming a missing file is refused at that key
    /// (costs.unit_costs, costs.price_index).
    func testMissingSpecFilesAreLocatedAtTheirKey() throws {
        let costs = try analyze { lines in
            let i = lines.firstIndex { $0.hasPrefix("  unit_costs:") }!
            lines[i] = "  unit_costs: no_such_costs.csv"
        }
        assertRefused(costs.run, at: location(of: "no_such_costs.csv", in: costs.lines, path: costs.path) + " costs.unit_costs: there is no unit-cost table",
                      saying: "give the CSV file's path, absolute or relative to the spec's directory")
        let index = try analyze { lines in
            let i = lines.firstIndex { $0.hasPrefix("  price_year:") }!
            lines.insert("  price_index: no_such_index.csv", at: i)
        }
        assertRefused(index.run, at: location(of: "no_such_index.csv", in: index.lines, path: index.path) + " costs.price_index: there is no price index", saying: "no_such_index.csv")
    }
}
