import PHBEval
import TestSupport
import XCTest

/// The front door's error contract: exit statuses and messages in a front end's terms.
final class FailureTests: XCTestCase {
    let flag: (Parameter) -> String = { "--" + $0.name.replacingOccurrences(of: "_", with: "-") }

    func testExitStatuses() {
        XCTAssertEqual(Failure.exitStatus(for: InputError(file: "a.csv", problem: "x", fix: "y")), 2)
        XCTAssertEqual(Failure.exitStatus(for: AnalysisError.perfectFit), 1)
        XCTAssertEqual(Failure.exitStatus(for: LinearAlgebraError.singular(position: 2)), 1)
        struct Other: Error {}
        XCTAssertNil(Failure.exitStatus(for: Other()))
        XCTAssertNil(Failure.message(for: Other(), naming: flag))
    }

    func testOriginsRenderInTheFrontEndsTerms() {
        let file = InputError(file: "trial.csv", line: 14, column: 3, problem: "'x' is not a number", fix: "correct it")
        XCTAssertEqual(Failure.message(for: file, naming: flag), "trial.csv:14:3: 'x' is not a number; correct it")
        let parameter = InputError(parameter: .variance, problem: "CR1 needs clusters",
                                   fix: "name the cluster column with \(parameter: .cluster) COLUMN")
        XCTAssertEqual(Failure.message(for: parameter, naming: flag), "--vcov: CR1 needs clusters; name the cluster column with --cluster COLUMN")
        XCTAssertEqual(parameter.description, "vcov: CR1 needs clusters; name the cluster column with cluster COLUMN")
        let spec = InputError(origin: .specKey(path: "analysis.cluster", file: "study.yaml", line: 9, column: 12),
                              problem: "'sitee' is not a column", fix: "use \(parameter: .cluster)")
        XCTAssertEqual(spec.rendered(naming: { "analysis.\($0.name)" }),
                       "study.yaml:9:12: analysis.cluster: 'sitee' is not a column; use analysis.cluster")
        let formula = InputError(parameter: .effectCovariates, position: 7, problem: "unknown column 'agee'", fix: "use one of …")
        XCTAssertEqual(Failure.message(for: formula, naming: flag), "--effect-covariates:1:7: unknown column 'agee'; use one of …")
    }

    /// Positions inside covariates are counted in the covariates' own text.
    func testCovariatePositionsAreInTheParametersText() throws {
        let error = inputError { _ = try Formula.rightHandSide("age + ) ", parameter: .costCovariates) }
        XCTAssertEqual(error?.origin, .parameter(.costCovariates, position: 7))
        let formula = try Formula.rightHandSide("age + C(site)", parameter: .effectCovariates)
        XCTAssertEqual(formula.predictors.map(\.position), [1, 9])
        XCTAssertEqual(formula.predictors.map(\.parameter), [.effectCovariates, .effectCovariates])
    }
}
