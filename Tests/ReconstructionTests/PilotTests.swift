import Costs
import Foundation
import Tabular
import XCTest
@testable import Reconstruction

/// The pilot reconstruction's structure and published aggregates (P2–P4, P9a, P19), and its
/// costs against the project's `Costing`. The findings the engine must recover are checked in
/// CLITests/PilotCalibrationTests.
final class PilotTests: XCTestCase {
    static let files = PilotReconstruction.files()
    static let rows: [[String: String]] = {
        let lines = files[0].text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }()

    func testDesign() {
        let rows = Self.rows
        XCTAssertEqual(rows.count, 2_235, "P3")
        XCTAssertEqual(rows.filter { $0["arm"] == "PHB" }.count, 1_130)
        XCTAssertEqual(rows.filter { $0["arm"] == "control" }.count, 1_105)
        XCTAssertEqual(Set(rows.map { $0["site"]! }).count, 20, "P2")
        XCTAssertEqual(Set(rows.filter { $0["randomised"] == "1" }.map { $0["site"]! }).count, 8, "P1: some sites randomised")
        XCTAssertEqual(Set(rows.map { $0["condition"]! }), ["CHC", "COPD", "diabetes", "neurological", "mental health", "stroke"], "P4")
        for site in Set(rows.map { $0["site"]! }) {
            XCTAssertEqual(Set(rows.filter { $0["site"] == site }.map { $0["randomised"]! }).count, 1, "randomised is per site")
        }
    }

    func testNonRandomisedSitesAreImbalancedOnObservedCovariates() {
        let rows = Self.rows.filter { $0["randomised"] == "0" }
        func mean(_ column: String, _ arm: String) -> Double {
            let values = rows.filter { $0["arm"] == arm }.map { Double($0[column]!)! }
            return values.reduce(0, +) / Double(values.count)
        }
        XCTAssertLessThan(mean("ascot_0", "PHB"), mean("ascot_0", "control") - 0.02, "PHB holders with more care need where not randomised")
        func share(_ condition: String, _ arm: String) -> Double {
            let members = rows.filter { $0["arm"] == arm }
            return Double(members.filter { $0["condition"] == condition }.count) / Double(members.count)
        }
        XCTAssertGreaterThan(share("CHC", "PHB"), share("CHC", "control") + 0.03, "budgets offered most to CHC where not randomised")
        XCTAssertLessThan(share("mental health", "PHB"), share("mental health", "control") - 0.03, "and least to mental health")
    }

    func testDeathsAndNonResponse() {
        let rows = Self.rows
        XCTAssertEqual(rows.filter { $0["arm"] == "PHB" && $0["died"] == "1" }.count, 96, "P9a: 8.5%")
        XCTAssertEqual(rows.filter { $0["arm"] == "control" && $0["died"] == "1" }.count, 75, "P9a: 6.8%")
        for row in rows {
            let observed = row["status_12"] == "responded"
            XCTAssertEqual(row["died"] == "1", row["status_12"] == "died")
            for column in ["ascot_12", "g1_12", "mo_12", "control_12", "inpatient_days", "cost_total"] {
                XCTAssertEqual(row[column]!.isEmpty, !observed, "\(column) empty exactly when not observed")
            }
        }
        let missing = rows.filter { $0["status_12"] == "no response" }.count
        XCTAssertTrue((200...450).contains(missing), "non-response \(missing)")
    }

    func testInstrumentCodes() {
        for row in Self.rows {
            for t in ["0", "12"] where !row["ascot_\(t)"]!.isEmpty {
                XCTAssertTrue((1...12).allSatisfy { (1...4).contains(Int(row["g\($0)_\(t)"]!)!) })
                XCTAssertTrue(["mo", "sc", "ua", "pd", "ad"].allSatisfy { (1...3).contains(Int(row["\($0)_\(t)"]!)!) })
                XCTAssertTrue(PilotReconstruction.ascotItems.allSatisfy { (1...4).contains(Int(row["\($0)_\(t)"]!)!) })
                XCTAssertTrue((-0.17...1).contains(Double(row["ascot_\(t)"]!)!))
            }
        }
    }

    func testBudgetsMatchP19() {
        let phb = Self.rows.filter { $0["arm"] == "PHB" }
        let budgets = phb.map { Double($0["budget_value"]!)! }
        let mean = budgets.reduce(0, +) / Double(budgets.count)
        XCTAssertEqual(mean, 10_000, accuracy: 50, "P19: average about £10,000")
        XCTAssertGreaterThan(budgets.filter { $0 < mean }.count * 2, budgets.count, "P19: over half below the average")
        XCTAssertLessThan(budgets.min()!, 500, "P19: from under £500")
        XCTAssertEqual(budgets.max()!, 150_000, "P19: to about £150,000")
        XCTAssertTrue(Self.rows.filter { $0["arm"] == "control" }.allSatisfy { $0["budget_value"] == "" && $0["deployment"] == "" })
        for row in phb {
            XCTAssertEqual(row["budget_band"], Double(row["budget_value"]!)! > 1_000 ? "over 1000" : "1000 or less")
            XCTAssertTrue(["notional", "third party", "direct payment"].contains(row["deployment"]!))
            XCTAssertTrue(["low", "high"].contains(row["flexibility"]!))
        }
    }

    /// `cost_total` is what `Costing` gives from the service use, the shipped unit costs and the
    /// budget as the PHB's direct cost.
    func testCostTotalIsCostingsTotal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-pilot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in Self.files { try Data(file.text.utf8).write(to: folder.appendingPathComponent(file.name)) }
        let data = try CSVReader.read(path: folder.appendingPathComponent("participants.csv").path)
        let table = try UnitCostTable(contentsOf: folder.appendingPathComponent("unit_costs.csv").path)
        let items = PilotReconstruction.services.map(\.item) + ["social_care_hours"]
        let spec = CostingSpecification(unitCosts: table, serviceUse: items.map { ServiceUseColumn($0) },
                                        phbCost: PHBCost(column: "budget_value"), targetPriceYear: 2011)
        // Controls have no budget: cost them with a zero amount, as the study spec will.
        let budget = data.column(named: "budget_value")!
        let amounts = (0..<data.rowCount).map { budget.missing[$0] ? 0 : budget.numbers![$0] }
        let columns = data.columns.filter { $0.name != "budget_value" } + [Column(name: "budget_value", numbers: amounts)]
        let withBudget = try Dataset(source: data.source, columns: columns, lineNumbers: data.lineNumbers)
        let result = try Costing.run(spec, on: withBudget)
        let computed = try XCTUnwrap(result.columns.last?.numbers)
        let shipped = data.column(named: "cost_total")!
        for row in 0..<data.rowCount {
            if shipped.missing[row] {
                XCTAssertTrue(computed[row].isNaN, "row \(row): no service use, no cost")
            } else {
                XCTAssertEqual(computed[row], shipped.numbers![row], "row \(row)")
            }
        }
    }
}
