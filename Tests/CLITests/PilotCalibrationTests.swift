import Foundation
import XCTest

/// The calibration check: the engine, run on the shipped pilot reconstruction the way the
/// evaluation analysed its data (change from baseline adjusted for baseline; bootstrap; 10%
/// significance), recovers the published findings (published-findings.md). A change to the
/// generator that breaks a finding fails here.
///
/// The analysis: GHQ-12 (Likert) and EQ-5D-3L (UK TTO) scored by `phbeval score`; `phbeval cea`
/// with effect `ascot_12`, cost `cost_total`, both adjusted for `ascot_0 + age + sex +
/// C(condition)`, 1,000 bootstrap replicates, 90% intervals, λ = £50,000 per unit of SCRQoL
/// [A]; `phbeval regress` for the other outcomes and for interactions.
final class PilotCalibrationTests: XCTestCase {
    static let covariates = "ascot_0 + age + sex + C(condition)"
    static let lambda = 50_000.0
    nonisolated(unsafe) static var scored: String = ""
    nonisolated(unsafe) static var directory: URL?

    override class func setUp() {
        super.setUp()
        guard let folder = try? CLIHarness.temporaryDirectory() else { return }
        directory = folder
        var input = CLIHarness.repositoryRoot.appendingPathComponent("datasets/phbe-pilot-2012/participants.csv").path
        let steps: [(String, String, String)] = [
            ("ghq12", (1...12).map { "g\($0)_0" }.joined(separator: ","), "ghq_0"),
            ("ghq12", (1...12).map { "g\($0)_12" }.joined(separator: ","), "ghq_12"),
            ("eq5d-3l", ["mo", "sc", "ua", "pd", "ad"].map { "\($0)_0" }.joined(separator: ","), "eq5d_0"),
            ("eq5d-3l", ["mo", "sc", "ua", "pd", "ad"].map { "\($0)_12" }.joined(separator: ","), "eq5d_12"),
        ]
        for (k, (instrument, columns, name)) in steps.enumerated() {
            let output = folder.appendingPathComponent("scored\(k).csv").path
            var arguments = ["score", instrument, input, "--columns", columns, "--name", name, "--out", output, "--quiet"]
            if instrument == "eq5d-3l" { arguments += ["--value-set", "UK"] }
            guard (try? CLIHarness.run(arguments))?.status == 0 else { return }
            input = output
        }
        scored = input
    }

    override class func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        super.tearDown()
    }

    private func json(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertFalse(Self.scored.isEmpty, "scoring the pilot failed", file: file, line: line)
        let run = try CLIHarness.run(arguments + ["--json"])
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    private func cea(_ extra: [String] = []) throws -> [String: Any] {
        try json(["cea", Self.scored, "--arm", "arm", "--treated", "PHB", "--effect", "ascot_12", "--cost", "cost_total",
                  "--effect-covariates", Self.covariates, "--cost-covariates", Self.covariates,
                  "--level", "0.9", "--lambda", "50000:50000:1", "--quiet"] + extra)
    }

    /// The term's (estimate, p-value) from `regress --json`.
    private func term(_ name: String, _ formula: String, family: String = "gaussian") throws -> (estimate: Double, p: Double) {
        let terms = try XCTUnwrap(try json(["regress", Self.scored, "--formula", formula, "--family", family])["terms"] as? [[String: Any]])
        let row = try XCTUnwrap(terms.first { $0["term"] as? String == name }, "no term \(name) in \(formula)")
        return (try XCTUnwrap(row["estimate"] as? Double), try XCTUnwrap(row["p_value"] as? Double))
    }

    private func interval(_ object: Any?) throws -> (estimate: Double, low: Double, high: Double) {
        let o = try XCTUnwrap(object as? [String: Any])
        let ci = try XCTUnwrap(o["ci"] as? [Double])
        return (try XCTUnwrap(o["estimate"] as? Double), ci[0], ci[1])
    }

    /// Mean change from baseline by arm among respondents, from the CSV itself.
    private func meanChange(_ column: String) throws -> [String: Double] {
        let lines = try String(contentsOfFile: Self.scored, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let arm = try XCTUnwrap(header.firstIndex(of: "arm")), before = try XCTUnwrap(header.firstIndex(of: "\(column)_0")), after = try XCTUnwrap(header.firstIndex(of: "\(column)_12"))
        var sum: [String: Double] = [:], count: [String: Double] = [:]
        for row in lines.dropFirst() where !row[after].isEmpty {
            sum[row[arm], default: 0] += Double(row[after])! - Double(row[before])!
            count[row[arm], default: 0] += 1
        }
        return sum.mapValues { $0 } .reduce(into: [:]) { $0[$1.key] = $1.value / count[$1.key]! }
    }

    /// P6, P6a, P11 (total), P13, P13a: bootstrapped CEA with 90% intervals.
    func testASCOTImprovesCostsDoNotDifferNetBenefitPositive() throws {
        let change = try meanChange("ascot")
        XCTAssertEqual(try XCTUnwrap(change["PHB"]), 0.057, accuracy: 0.005, "P6a PHB change")
        XCTAssertEqual(try XCTUnwrap(change["control"]), 0.018, accuracy: 0.005, "P6a control change")
        let result = try cea(["--bootstrap", "1000", "--seed", "1"])
        let effect = try interval(result["delta_effect"]), cost = try interval(result["delta_cost"])
        XCTAssertGreaterThan(effect.low, 0, "P6: SCRQoL improves significantly more for PHB (90% CI above 0)")
        XCTAssertEqual(effect.estimate, 0.039, accuracy: 0.005, "P6a: adjusted difference near 0.057 − 0.018")
        XCTAssertTrue(cost.low < 0 && cost.high > 0, "P11: total cost difference not significant (90% CI \(cost))")
        let inb = try XCTUnwrap((result["inb"] as? [[String: Any]])?.first)
        let value = try XCTUnwrap(inb["estimate"] as? Double)
        XCTAssertEqual(try XCTUnwrap(inb["lambda"] as? Double), Self.lambda)
        XCTAssertTrue((1_520...2_690).contains(value), "P13a: INB £\(value) at λ = £50,000 outside £1,520–£2,690")
        XCTAssertGreaterThan(try XCTUnwrap(inb["prob_cost_effective"] as? Double), 0.9, "P13: cost-effective")
    }

    /// P7 and P8: GHQ-12 (lower is better) improves significantly; EQ-5D does not differ at 10%.
    func testGHQImprovesEQ5DDoesNot() throws {
        let ghq = try term("arm[control]", "ghq_12 ~ arm + ghq_0 + age + sex + C(condition)")
        XCTAssertGreaterThan(ghq.estimate, 0, "P7: control GHQ-12 higher (worse) than PHB at 12 months")
        XCTAssertLessThan(ghq.p, 0.10, "P7")
        let eq5d = try term("arm[control]", "eq5d_12 ~ arm + eq5d_0 + age + sex + C(condition)")
        XCTAssertGreaterThan(eq5d.p, 0.10, "P8: EQ-5D not significant")
    }

    /// P9a: mortality 8.7% vs 6.6% (each ±0.5 points), not significant (logistic regression of
    /// `died` on arm, Wald z test; published p = 0.109).
    func testMortalityNotSignificant() throws {
        let died = try term("arm[control]", "died ~ arm", family: "binomial")
        XCTAssertGreaterThan(died.p, 0.10, "P9a: p = \(died.p)")
        XCTAssertLessThan(died.estimate, 0, "more deaths among PHB holders")
        let text = try String(contentsOfFile: Self.scored, encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = text.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        let arm = header.firstIndex(of: "arm")!, dead = header.firstIndex(of: "died")!
        for (group, published) in [("PHB", 0.087), ("control", 0.066)] {
            let members = rows.filter { $0[arm] == group }
            let rate = Double(members.filter { $0[dead] == "1" }.count) / Double(members.count)
            XCTAssertEqual(rate, published, accuracy: 0.005, "P9a \(group)")
        }
    }

    /// P11: inpatient, A&E and GP use (so their costs, count × unit cost) lower for PHB holders.
    func testInpatientAEAndGPLower() throws {
        for count in ["inpatient_days", "ae_visits", "gp_contacts"] {
            let effect = try term("arm[control]", "\(count) ~ arm + \(Self.covariates)")
            XCTAssertGreaterThan(effect.estimate, 0, "P11: \(count) lower among PHB holders")
        }
    }

    private func subgroupINB(_ column: String) throws -> [String: Double] {
        let groups = try XCTUnwrap(try cea(["--subgroup", column])["subgroups"] as? [[String: Any]])
        var values: [String: Double] = [:]
        for g in groups {
            let row = try XCTUnwrap((g["inb"] as? [[String: Any]])?.first)
            values[try XCTUnwrap(g["subgroup"] as? String)] = try XCTUnwrap(row["estimate"] as? Double)
        }
        return values
    }

    /// P14 and P15: net benefit larger for budgets over £1,000, and for CHC and mental health.
    func testNetBenefitByBudgetAndCondition() throws {
        let budget = try subgroupINB("budget_band")
        XCTAssertGreaterThan(try XCTUnwrap(budget["over 1000"]), try XCTUnwrap(budget["1000 or less"]), "P14")
        let condition = try subgroupINB("condition")
        let others = ["COPD", "diabetes", "neurological", "stroke"].compactMap { condition[$0] }
        XCTAssertEqual(others.count, 4)
        for group in ["CHC", "mental health"] {
            XCTAssertGreaterThan(try XCTUnwrap(condition[group]), others.max()!, "P15: \(group)")
        }
    }

    /// P17: no arm × age band, sex or deprivation interaction significant at 10% for SCRQoL,
    /// GHQ-12 or EQ-5D.
    func testNoDifferencesByAgeSexOrDeprivation() throws {
        for outcome in ["ascot", "ghq", "eq5d"] {
            for (modifier, terms) in [("age_band", ["age_band[45-64]", "age_band[65+]"]), ("sex", ["sex[male]"]),
                                      ("C(imd_quintile)", (2...5).map { "imd_quintile[\($0)]" })] {
                let formula = "\(outcome)_12 ~ arm * \(modifier) + \(outcome)_0 + age + sex + C(condition)"
                for name in terms {
                    let interaction = try term("arm[control]:\(name)", formula)
                    XCTAssertGreaterThan(interaction.p, 0.10, "P17: \(formula), \(name)")
                }
            }
        }
    }
}
