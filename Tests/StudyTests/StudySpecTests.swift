import Foundation
import PHBEval
import Pipeline
import Study
import XCTest

/// The spec's reading (overrides, the resolved echo, the walker's locations) and the derived
/// outcomes against hand computations.
final class StudySpecTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("datasets/examples/study.yaml").path

    func testQALYAreaUnderCurveByHand() {
        // (0.5 + 0.7)/2 · 0.5 + (0.7 + 0.6)/2 · 0.5 = 0.3 + 0.325.
        XCTAssertEqual(DerivedOutcomes.qaly(utilities: [0.5, 0.7, 0.6], months: [0, 6, 12], discountRate: 0.035), 0.625, accuracy: 1e-15)
        XCTAssertTrue(DerivedOutcomes.qaly(utilities: [0.5, .nan, 0.6], months: [0, 6, 12], discountRate: 0).isNaN)
    }

    func testQALYDiscountingCutsSegmentsAtEachYear() {
        // 0–6: 0.3; 6–12: (0.7 + 0.65)/2 · 0.5 = 0.3375 (u(12) = 0.65 on the line from 0.7 to
        // 0.6); 12–18: (0.65 + 0.6)/2 · 0.5 = 0.3125 and 18–24: (0.6 + 0.8)/2 · 0.5 = 0.35, both
        // in the second year, divided by 1.035.
        let expected = 0.3 + 0.3375 + (0.3125 + 0.35) / 1.035
        XCTAssertEqual(DerivedOutcomes.qaly(utilities: [0.5, 0.7, 0.6, 0.8], months: [0, 6, 18, 24], discountRate: 0.035), expected, accuracy: 1e-14)
        XCTAssertEqual(DerivedOutcomes.qaly(utilities: [1, 1, 1], months: [0, 12, 24], discountRate: 0.035), 1 + 1 / 1.035, accuracy: 1e-14)
    }

    func testPipelineQALYsEqualHandComputation() throws {
        let spec = try StudySpec.load(path: Self.fixtures.appendingPathComponent("qaly_fixture.yaml").path)
        let prepared = try StudyPipeline.prepare(spec)
        let qaly = try XCTUnwrap(prepared.data.column(named: "qaly")?.numbers)
        // England (Devlin 2018): 11111 = 1, 12121 = 0.887, 11121 = 0.937, 55555 = -0.285.
        let expected = [1.0, (-0.285 + 1) / 4 + (1 + 0.887) / 4, (1 - 0.285) / 4 + (-0.285 + 1) / 4, .nan, (0.887 + 0.937) / 4 + (0.937 + 1) / 4]
        for (value, hand) in zip(qaly, expected) {
            if hand.isNaN { XCTAssertTrue(value.isNaN) } else { XCTAssertEqual(value, hand, accuracy: 1e-12) }
        }
        XCTAssertEqual(prepared.data.column(named: "eq5d_change")?.numbers?[1] ?? .nan, 0.887 + 0.285, accuracy: 1e-12)
        // Costs: 36 a visit plus the budget; a missing count gives a missing cost.
        let total = try XCTUnwrap(prepared.data.column(named: "cost_total")?.numbers)
        XCTAssertEqual(total[0], 2 * 36 + 100)
        XCTAssertEqual(total[1], 3 * 36 + 200)
        XCTAssertTrue(total[3].isNaN)
    }

    /// `scores`: each time's column is the score, copied under NAME_T, summarised, never rescored;
    /// a control's missing budget is £0, an intervention participant's stays missing.
    func testPrecomputedScoresAreUsedAsGiven() throws {
        let spec = try StudySpec.load(path: Self.fixtures.appendingPathComponent("scores_fixture.yaml").path)
        XCTAssertEqual(spec.instruments[0].columns.map(\.time), [0, 12])
        XCTAssertTrue(spec.instruments[0].precomputed)
        let prepared = try StudyPipeline.prepare(spec)
        XCTAssertEqual(prepared.data.column(named: "ascot_0")?.numbers, [0.5, 0.25, 0.5, 0.75])
        let change = try XCTUnwrap(prepared.data.column(named: "ascot_change")?.numbers)
        XCTAssertEqual(change[0], 0.25)
        XCTAssertTrue(change[1].isNaN)
        XCTAssertEqual(change[3], -0.125)
        let record = try XCTUnwrap(prepared.scoring.first { $0.time == 12 })
        XCTAssertEqual(record.summary.scored, 3)
        XCTAssertEqual(record.summary.mean ?? .nan, (0.75 + 0.5 + 0.625) / 3, accuracy: 1e-15)
        XCTAssertEqual(record.provenance.method, "precomputed score (column scrqol_12)")
        let total = try XCTUnwrap(prepared.data.column(named: "cost_total")?.numbers)
        XCTAssertEqual(total[0], 2 * 36 + 100)
        XCTAssertEqual(total[2], 1 * 36, "a control without a budget costs its services only")
        XCTAssertTrue(total[3].isNaN, "a missing count gives a missing cost")
    }

    func testScoresRefuseScoringOptionsAndItems() throws {
        let path = Self.fixtures.appendingPathComponent("scores_fixture.yaml").path
        XCTAssertThrowsError(try StudySpec.load(path: path, overrides: [try SpecOverride("instruments.1.method=weighted")])) { error in
            XCTAssertTrue((error as! InputError).problem.description.contains("method says how to score items"), "\(error)")
        }
        XCTAssertThrowsError(try StudySpec.load(path: path, overrides: [try SpecOverride("instruments.1.columns=[a]")])) { error in
            XCTAssertTrue((error as! InputError).problem.description.contains("either items (columns) or precomputed scores"), "\(error)")
        }
        XCTAssertThrowsError(try StudySpec.load(path: path, overrides: [try SpecOverride("instruments.1.scores=[scrqol_0]")])) { error in
            XCTAssertTrue((error as! InputError).problem.description.contains("scores must map each time"), "\(error)")
        }
    }

    func testOverridesReplaceCreateAndIndex() throws {
        let spec = try StudySpec.load(path: Self.example, overrides: [
            try SpecOverride("analysis.bootstrap.replicates=2000"), try SpecOverride("analysis.level=0.9"),
            try SpecOverride("instruments.1.value_set=UK-Rowen-2026"), try SpecOverride("analysis.subgroups=[sex]"),
            try SpecOverride("analysis.cluster=site"),
        ])
        XCTAssertEqual(spec.analysis.bootstrap?.replicates, 2000)
        XCTAssertEqual(spec.analysis.level, 0.9)
        XCTAssertEqual(spec.instruments[0].valueSet, "UK-Rowen-2026")
        XCTAssertEqual(spec.analysis.subgroups, ["sex"])
        XCTAssertEqual(spec.analysis.cluster, "site")
        XCTAssertTrue(spec.resolved.yaml().contains("replicates: 2000"))
    }

    func testOverrideOfAnUnknownKeyNamesThePathAndSuggests() throws {
        XCTAssertThrowsError(try StudySpec.load(path: Self.example, overrides: [try SpecOverride("analysis.bootstrap.replicatez=10")])) { error in
            let e = error as! InputError
            XCTAssertEqual(e.origin, .parameter(.set, position: 20))
            XCTAssertEqual(e.problem.description, "analysis.bootstrap.replicatez: 'replicatez' is not a key of analysis.bootstrap")
            XCTAssertEqual(e.fix.description, "did you mean 'replicates'?")
        }
        XCTAssertThrowsError(try SpecOverride("analysis.level")) { XCTAssertEqual(($0 as! InputError).parameter, .set) }
        XCTAssertThrowsError(try StudySpec.load(path: Self.example, overrides: [try SpecOverride("title.x=1")])) { error in
            XCTAssertTrue((error as! InputError).problem.contains("title is a single value"))
        }
    }

    func testResolvedSpecReadsBackToTheSameSpec() throws {
        let spec = try StudySpec.load(path: Self.example)
        let reread = try SpecNode.parse(yaml: spec.resolved.yaml(), file: "echo.yaml")
        func strip(_ n: SpecNode) -> String { n.yaml() }
        XCTAssertEqual(strip(reread), spec.resolved.yaml())
        let again = try StudySpec(root: reread, file: Self.example)
        XCTAssertEqual(again.analysis.lambda.grid, spec.analysis.lambda.grid)
        XCTAssertEqual(again.title, spec.title)
    }

    func testBasicResolverKeepsYAMLBooleansAsText() throws {
        let node = try SpecNode.parse(yaml: "a: no\nb: NO\nc: on\n", file: "x.yaml")
        XCTAssertEqual(node["a"]?.text, "no")
        XCTAssertEqual(node["b"]?.text, "NO")
        XCTAssertEqual(node["c"]?.text, "on")
    }

    func testDidYouMeanUsesEditDistance() {
        XCTAssertEqual(SpecSuggestion.nearest("treatd", in: ["treated", "time", "id"]), "treated")
        XCTAssertEqual(SpecSuggestion.nearest("analyss", in: StudySpecTests.topKeys), "analysis")
        XCTAssertNil(SpecSuggestion.nearest("zzzzzz", in: ["treated"]))
    }

    static let topKeys = ["spec_version", "title", "data", "instruments", "outcomes", "costs", "analysis", "report"]
}
