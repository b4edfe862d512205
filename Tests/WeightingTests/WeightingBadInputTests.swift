import CostEffectiveness
import Foundation
import Models
import Tabular
import TestSupport
import Weighting
import XCTest

/// The weighting's refusals (Fixtures/make_bad_input_fixtures.R made the data): each names what
/// happened and, for the propensity model, the covariate.
final class WeightingBadInputTests: XCTestCase {
    static func data(_ name: String) throws -> Dataset {
        try CSVReader.read(path: WeightingGoldenTests.fixtures.appendingPathComponent(name).path)
    }

    static func treated(_ data: Dataset) throws -> [Bool] { try XCTUnwrap(data.column(named: "treat")?.numbers).map { $0 == 1 } }

    func propensityMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            XCTFail("expected the propensity model to be refused")
        } catch AnalysisError.propensity(let what) {
            return what
        } catch {
            XCTFail("expected AnalysisError.propensity, got \(error)")
        }
        return nil
    }

    func testSeparatedModelNamesTheCovariate() throws {
        let data = try Self.data("separation.csv"), treated = try Self.treated(data)
        let message = propensityMessage { _ = try PropensityWeighting(data: data, treated: treated, options: .init(propensity: "x + site")) }
        XCTAssertTrue(message?.hasPrefix("'site[C]' separates the arms: every row with site[C] equal to 1 is treated") == true, message ?? "")
        // Through the CEA, with the same message; exit 1 in the CLI (an AnalysisError).
        var spec = CEASpecification(arm: "treat", treatedValue: "1", effect: "effect", cost: "cost")
        spec.weighting = .init(propensity: "x + site")
        XCTAssertEqual(propensityMessage { _ = try CostEffectivenessAnalysis.run(spec, on: data) }, message)
    }

    func testPropensityWithin1e10Of1NamesRowAndCovariate() throws {
        let data = try Self.data("extreme.csv"), treated = try Self.treated(data)
        let message = propensityMessage { _ = try PropensityWeighting(data: data, treated: treated, options: .init(propensity: "z")) }
        XCTAssertTrue(message?.contains("gives the row on line 2 a probability of treatment of 0.99999999999") == true, message ?? "")
        XCTAssertTrue(message?.contains("is 'z' (value 22") == true, message ?? "")
    }

    func testNothingToWeight() throws {
        let data = try Self.data("separation.csv"), treated = try Self.treated(data)
        let error = inputError { _ = try PropensityWeighting(data: data, treated: treated, options: .init(propensity: "x", randomised: "all_randomised")) }
        XCTAssertEqual(error?.origin, .parameter(.randomised, position: nil))
        XCTAssertTrue("\(error?.problem.rendered(naming: \.name) ?? "")".contains("every one of the 90 rows analysed has all_randomised = 1"))
    }

    func testRandomisedRowsKeepWeightOneAndStayOutOfTheModel() throws {
        let data = try Self.data("separation.csv"), treated = try Self.treated(data)
        let w = try PropensityWeighting(data: data, treated: treated, options: .init(propensity: "x", randomised: "randomised"))
        XCTAssertEqual(w.randomisedCount, 45)
        XCTAssertEqual(w.weightedRows, Array(stride(from: 0, to: 90, by: 2)))
        for i in stride(from: 1, to: 90, by: 2) { XCTAssertEqual(w.weights[i], 1) }
        XCTAssertEqual(w.sizes.treated + w.sizes.control, 45)
        // The model fitted on the weighted rows alone equals the model fitted to those rows.
        let subset = try data.selectingRows(w.weightedRows)
        let alone = try PropensityWeighting(data: subset, treated: w.weightedRows.map { treated[$0] }, options: .init(propensity: "x"))
        XCTAssertEqual(alone.terms, w.terms)
        XCTAssertEqual(alone.weights, w.weightedRows.map { w.weights[$0] })
    }

    func testAMissingRandomisedIndicatorIsRefusedAtItsRow() throws {
        // The randomised column's value on line 3 (the second row) left empty.
        let source = try Self.data("separation.csv")
        var text = "id,treat,x,randomised\n"
        let x = try XCTUnwrap(source.requireColumn("x").numbers), r = try XCTUnwrap(source.requireColumn("randomised").numbers)
        for i in 0..<source.rowCount { text += "\(i + 1),\(i % 2 == 0 ? 1 : 0),\(x[i]),\(i == 1 ? "" : r[i].shortestText)\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("missing-randomised-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let data = try CSVReader.read(path: path)
        let error = inputError { _ = try PropensityWeighting(data: data, treated: (0..<data.rowCount).map { $0 % 2 == 0 }, options: .init(propensity: "x", randomised: "randomised")) }
        XCTAssertEqual(error?.origin, .file(data.source, line: 3, column: 4))
        XCTAssertTrue("\(error?.problem.rendered(naming: \.name) ?? "")".contains("randomised indicator is missing"))
    }

    func testRequestValuesRefused() throws {
        for q in [0.5, 0.3, 1, 1.2, .nan] {
            XCTAssertEqual(inputError { try WeightingOptions(propensity: "x", trim: q).validate() }?.origin, .parameter(.trim, position: nil), "\(q)")
        }
        XCTAssertEqual(inputError { try WeightingOptions(propensity: "x", estimand: .att, stabilize: true).validate() }?.origin,
                       .parameter(.stabilize, position: nil))
        XCTAssertEqual(inputError { try WeightingOptions(propensity: " ").validate() }?.origin, .parameter(.propensity, position: nil))
        let data = try Self.data("separation.csv"), treated = try Self.treated(data)
        // A randomised column that is not 0/1 is refused at its first bad row.
        let error = inputError { _ = try PropensityWeighting(data: data, treated: treated, options: .init(propensity: "x", randomised: "id")) }
        XCTAssertEqual(error?.origin, .file(data.source, line: 3, column: 1))
        // Unknown covariates are located in the formula.
        XCTAssertEqual(inputError { _ = try PropensityWeighting(data: data, treated: treated, options: .init(propensity: "x + nope")) }?.origin,
                       .parameter(.propensity, position: 5))
    }

    func testUnsupportedCEACombinationsRefused() throws {
        let data = try Self.data("separation.csv")
        for (model, cluster, variance, subgroup, parameter) in [(CEASpecification.Model.gammaCost, nil, VarianceType.CR1, nil, Parameter.propensity),
                                                                (.twoPart, nil, .CR1, nil, .propensity), (.ols, "site", .CR2, nil, .variance)] as [(CEASpecification.Model, String?, VarianceType, String?, Parameter)] {
            var spec = CEASpecification(arm: "treat", treatedValue: "1", effect: "effect", cost: "cost", model: model, cluster: cluster, subgroup: subgroup)
            spec.clusterVariance = variance
            spec.weighting = .init(propensity: "x")
            XCTAssertEqual(inputError { _ = try CostEffectivenessAnalysis.run(spec, on: data) }?.origin, .parameter(parameter, position: nil), model.rawValue)
        }
    }
}
