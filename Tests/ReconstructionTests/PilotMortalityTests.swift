import Foundation
import Models
import Pipeline
import Study
import XCTest

/// P9's mortality comparison on the shipped pilot reconstruction: the propensity-weighted logistic
/// regression (`OutcomeRegression.fit(_:family:)` with the spec's weighting) and the crude one
/// equal R's glm + sandwich from the definitions (`Fixtures/weighted_mortality.R`).
final class PilotMortalityTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testWeightedAndCrudeMortalityEqualR() throws {
        let golden = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.root.appendingPathComponent("Tests/ReconstructionTests/Fixtures/weighted_mortality.json"))) as! [String: [String: Double]]
        let spec = try StudySpec.load(path: Self.root.appendingPathComponent("datasets/phbe-pilot-2012/study.yaml").path, overrides: [])
        let prepared = try StudyPipeline.prepare(spec)
        let arm = StudyPipeline.interventionColumn
        let weighted = try OutcomeRegression(spec: spec, data: prepared.data, treated: prepared.treated, outcomes: []).fit("died ~ \(arm)", family: .binomial)
        XCTAssertEqual(weighted.rows, 2_235)
        let term = try XCTUnwrap(weighted.terms.first { $0.term == arm })
        let w = try XCTUnwrap(golden["weighted"])
        XCTAssertEqual(term.estimate, w["estimate"]!, accuracy: 1e-8)
        XCTAssertEqual(term.standardError, w["std_error"]!, accuracy: 1e-8)
        XCTAssertEqual(term.pValue, w["p_value"]!, accuracy: 1e-8)
        XCTAssertNil(term.degreesOfFreedom, "a GLM's Wald test is on the normal")
        XCTAssertGreaterThan(term.pValue, 0.10, "P9: not significant at the evaluation's 10%")

        var unweighted = spec
        unweighted.analysis.weighting = nil
        let crude = try XCTUnwrap(try OutcomeRegression(spec: unweighted, data: prepared.data, treated: prepared.treated, outcomes: [])
            .fit("died ~ \(arm)", family: .binomial).terms.first { $0.term == arm })
        let c = try XCTUnwrap(golden["crude"])
        XCTAssertEqual(crude.estimate, c["estimate"]!, accuracy: 1e-8)
        XCTAssertEqual(crude.standardError, c["std_error"]!, accuracy: 1e-8)
        XCTAssertEqual(crude.pValue, c["p_value"]!, accuracy: 1e-8)
    }
}
