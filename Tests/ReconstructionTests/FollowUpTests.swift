import XCTest
@testable import Reconstruction

/// Every published follow-up figure (F4–F10) recomputed from the generated tables.
final class FollowUpTests: XCTestCase {
    /// The rows of a generated CSV as dictionaries (the tables have no quoted fields).
    static func rows(_ name: String) -> [[String: String]] {
        let text = FollowUpReconstruction.files().first { $0.name == name }!.text
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    func testSupportPlansMatchF6ToF9() {
        let plans = Self.rows("support_plans.csv")
        XCTAssertEqual(plans.count, 42, "F6: 42 plans")
        XCTAssertEqual(Set(plans.map { $0["ccg"]! }).count, 4, "F6: from 4 CCGs")
        let spend = plans.map { Int($0["annual_spend"]!)! }.sorted()
        // F7: the exact mean and median; the publication's £10 rounding gives the same figures.
        XCTAssertEqual(spend.reduce(0, +), 42 * 42_530, "F7 mean £42,530 exactly")
        XCTAssertEqual(Double(spend[20] + spend[21]) / 2, 19_180, "F7 median £19,180 exactly")
        let deployment = plans.map { $0["deployment"]! }
        XCTAssertEqual(deployment.filter { $0 == "direct payment" }.count, 26, "F8")
        XCTAssertEqual(deployment.filter { $0 == "managed" }.count, 5, "F8")
        XCTAssertEqual(deployment.filter { $0.isEmpty }.count, 11, "F8: 31 report it")
        let large = plans.filter { Int($0["annual_spend"]!)! >= 1_000 }
        XCTAssertEqual(large.count, 35, "F9")
        XCTAssertEqual(large.filter { Int($0["social_care_spend"]!)! > 1_000 }.count, 28, "F9")
        XCTAssertEqual(large.filter { Int($0["wellbeing_spend"]!)! > 1_000 }.count, 11, "F9")
        for plan in plans {
            let parts = ["health_spend", "social_care_spend", "wellbeing_spend"].map { Int(plan[$0]!)! }
            XCTAssertEqual(parts.reduce(0, +), Int(plan["annual_spend"]!)!, "parts add up to the spend")
            XCTAssertTrue(parts.allSatisfy { $0 >= 0 })
        }
    }

    func testQuestionnaireMatchesF4AndF10() {
        let returns = Self.rows("questionnaire.csv")
        XCTAssertEqual(returns.count, 50, "F4")
        let phb = returns.filter { $0["group"] == "PHB" }
        XCTAssertEqual(phb.count, 34, "F4")
        XCTAssertEqual(returns.filter { $0["group"] == "control" }.count, 16, "F4")
        let receiving = phb.filter { $0["receiving_support"] == "yes" }
        XCTAssertEqual(receiving.count, 21, "F10")
        XCTAssertEqual(receiving.filter { ["extremely satisfied", "very satisfied"].contains($0["support_satisfaction"]!) }.count, 18, "F10")
        XCTAssertEqual(receiving.filter { $0["care_planning_satisfied"] == "yes" }.count, 10, "F10")
        XCTAssertEqual(receiving.filter { $0["needed_more_support_to_decide"] == "yes" }.count, 5, "F10")
        // Items not asked are empty: controls, and PHB respondents not receiving support.
        for row in returns where row["receiving_support"] != "yes" {
            XCTAssertEqual(row["support_satisfaction"], "")
            XCTAssertEqual(row["needed_more_support_to_decide"], "")
        }
        XCTAssertTrue(returns.filter { $0["group"] == "control" }.allSatisfy { $0["receiving_support"] == "" })
    }

    func testConsentsMatchF5() {
        let consents = Self.rows("consents.csv")
        XCTAssertEqual(consents.count, 92, "F5: 92 consents")
        XCTAssertEqual(Set(consents.map { $0["consent_id"]! }).count, 92, "one row per person")
        let evaluation = consents.filter { $0["cohort"] == "evaluation" }
        XCTAssertEqual(evaluation.count, 64, "F5: 64 from the evaluation")
        XCTAssertEqual(evaluation.filter { $0["arm"] == "PHB" }.count, 37, "F5")
        XCTAssertEqual(evaluation.filter { $0["arm"] == "control" }.count, 27, "F5")
        let postPilot = consents.filter { $0["cohort"] == "post-pilot" }
        XCTAssertEqual(postPilot.count, 28, "F5: 28 post-pilot budget holders")
        XCTAssertTrue(postPilot.allSatisfy { $0["arm"] == "" }, "post-pilot budget holders belong to no evaluation arm")
        // The order is drawn, not the groups in blocks.
        XCTAssertNotEqual(consents.prefix(37).map { $0["arm"] }, Array(repeating: "PHB", count: 37))
    }
}
