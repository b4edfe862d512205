import Foundation
import PHBEval
import Pipeline
import Study
import XCTest

/// The cost categories' adjusted differences with awkward inputs (review 2026-12-02-reproduce H1,
/// L2): a category whose name needs backticks in a formula, and a category no one has.
final class CostCategoryTests: XCTestCase {
    /// A copy of Fixtures/outcome_regression in a temporary folder, `edit` applied to a file.
    func fixtureCopy(editing name: String, _ edit: (String) -> String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("costs-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: OutcomeRegressionRTests.directory, to: folder)
        let file = folder.appendingPathComponent(name)
        try edit(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
        return folder
    }

    func testACategoryNameWithASpaceIsAnalysed() throws {
        let folder = try fixtureCopy(editing: "unit_costs.csv") { $0.replacingOccurrences(of: ",social_care\n", with: ",social care\n") }
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = try StudyPipeline.run(try StudySpec.load(path: folder.appendingPathComponent("weighted.yaml").path))
        let category = try XCTUnwrap(results.costs.first { $0.column == "cost_social care" })
        XCTAssertEqual(category.adjusted.formula, "`cost_social care` ~ intervention + ascot_0 + age + sex + C(condition)")
        let total = try XCTUnwrap(results.costs.first { $0.column == StudyPipeline.totalCostColumn })
        XCTAssertEqual(results.costs.filter { $0.column != total.column }.map(\.adjusted.estimate).reduce(0, +), total.adjusted.estimate,
                       accuracy: 1e-9 * abs(total.adjusted.estimate))
    }

    func testACategoryWithABacktickIsRefusedAtItsUnitCostRow() throws {
        let folder = try fixtureCopy(editing: "unit_costs.csv") { $0.replacingOccurrences(of: ",social_care\n", with: ",social`care\n") }
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertThrowsError(try StudyPipeline.run(try StudySpec.load(path: folder.appendingPathComponent("weighted.yaml").path))) { error in
            guard let error = error as? InputError, case .file(let file, let line, _) = error.origin else { return XCTFail("\(error)") }
            XCTAssertTrue(file.hasSuffix("unit_costs.csv"), file)
            XCTAssertEqual(line, 7, "the social care row")
            XCTAssertTrue("\(error.problem.rendered(naming: \.name))".contains("backtick"))
        }
    }

    /// A data file with Windows line endings: its header's last column keeps no CR, so the spec's
    /// keys find it and the results equal those of the same file with LF endings.
    func testWindowsLineEndingsGiveTheSameResults() throws {
        let folder = try fixtureCopy(editing: "participants.csv") { $0.replacingOccurrences(of: "\n", with: "\r\n") }
        defer { try? FileManager.default.removeItem(at: folder) }
        let crlf = try StudyPipeline.run(try StudySpec.load(path: folder.appendingPathComponent("weighted.yaml").path))
        let lf = try OutcomeRegressionRTests.run("weighted.yaml")
        XCTAssertEqual(crlf.primary.result.deltaEffect.estimate, lf.primary.result.deltaEffect.estimate)
        XCTAssertEqual(crlf.costs.map(\.adjusted.estimate), lf.costs.map(\.adjusted.estimate))
    }

    func testACategoryMissingForEveryoneIsRefusedAtServiceUse() throws {
        // Every outpatient count emptied (the column stays).
        let folder = try fixtureCopy(editing: "participants.csv") { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let k = header.firstIndex(of: "outpatient_visits")!
            for i in 1..<lines.count where !lines[i].isEmpty {
                var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[k] = ""
                lines[i] = fields.joined(separator: ",")
            }
            return lines.joined(separator: "\n")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        for spec in ["weighted.yaml", "imputed.yaml"] {
            XCTAssertThrowsError(try StudyPipeline.run(try StudySpec.load(path: folder.appendingPathComponent(spec).path)), spec) { error in
                guard let error = error as? InputError, case .specKey(let path, _, _, _) = error.origin else { return XCTFail("\(error)") }
                XCTAssertEqual(path, "costs.service_use", spec)
                XCTAssertTrue("\(error.problem.rendered(naming: \.name))".contains("'cost_outpatient'"), spec)
            }
        }
    }
}
