import Foundation
import PHBEvalCore

/// The follow-up study's figures F4–F10 (Jones et al. 2018, PSSRU WP 2949; Welch et al. 2022),
/// counted from `questionnaire.csv`, `consents.csv` and `support_plans.csv`. Every figure is a
/// count, a mean or a median, so the rule is exact equality (the mean and median as the source
/// rounds them, to £10).
enum FollowUpFindings {
    static let source = "[S] WP 2949 §§8–13; Welch et al. 2022"

    /// The cells of a column as text (nil when missing).
    static func cells(_ data: Dataset, _ name: String) throws -> [String?] {
        let column = try data.requireColumn(name)
        return (0..<data.rowCount).map { row in
            guard !column.missing[row] else { return nil }
            switch column.values {
            case .numeric(let v): return Column.label(for: v[row])
            case .categorical(let codes, let levels): return levels[Int(codes[row])]
            }
        }
    }

    static func amounts(_ data: Dataset, _ name: String) throws -> [Double] {
        try cells(data, name).map { $0.flatMap(Double.init) ?? .nan }
    }

    static func finding(_ id: String, _ what: String, published: String, reproduced: String, equal: Bool) -> Finding {
        Finding(id: id, finding: what, published: published, source: source, reproduced: reproduced, status: Finding.judged(equal),
                rule: "exact equality of every figure")
    }

    static func findings(directory: String) throws -> [Finding] {
        func read(_ file: String, text: [String]) throws -> Dataset {
            var options = CSVOptions()
            options.categorical = Set(text)
            return try CSVReader.read(path: (directory as NSString).appendingPathComponent(file), options: options)
        }
        let survey = try read("questionnaire.csv", text: ["respondent_id", "group", "receiving_support", "support_satisfaction",
                                                          "care_planning_satisfied", "needed_more_support_to_decide"])
        let plans = try read("support_plans.csv", text: ["plan_id", "ccg", "deployment"])
        let consents = try read("consents.csv", text: ["consent_id", "cohort", "arm"])

        let group = try cells(survey, "group")
        let phb = group.filter { $0 == "PHB" }.count, control = group.filter { $0 == "control" }.count
        let support = try cells(survey, "receiving_support")
        let receiving = support.indices.filter { support[$0] == "yes" }
        let satisfaction = try cells(survey, "support_satisfaction"), planning = try cells(survey, "care_planning_satisfied")
        let needing = try cells(survey, "needed_more_support_to_decide")
        let satisfied = receiving.filter { ["extremely satisfied", "very satisfied"].contains(satisfaction[$0] ?? "") }.count
        let planningYes = receiving.filter { planning[$0] == "yes" }.count, needingYes = receiving.filter { needing[$0] == "yes" }.count

        let cohort = try cells(consents, "cohort"), arm = try cells(consents, "arm")
        let evaluation = cohort.indices.filter { cohort[$0] == "evaluation" }
        let evaluationPHB = evaluation.filter { arm[$0] == "PHB" }.count, evaluationControl = evaluation.filter { arm[$0] == "control" }.count
        let postPilot = cohort.indices.filter { cohort[$0] == "post-pilot" }.count

        let spend = try amounts(plans, "annual_spend").filter { !$0.isNaN }
        let sorted = spend.sorted()
        let mean = spend.reduce(0, +) / Double(spend.count)
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        func tens(_ x: Double) -> Int { Int((x / 10).rounded()) * 10 }
        let ccgs = Set(try cells(plans, "ccg").compactMap { $0 }).count
        let deployment = try cells(plans, "deployment")
        let direct = deployment.filter { $0 == "direct payment" }.count, managed = deployment.filter { $0 == "managed" }.count
        let socialCare = try amounts(plans, "social_care_spend"), wellbeing = try amounts(plans, "wellbeing_spend")
        let allSpend = try amounts(plans, "annual_spend")
        let large = allSpend.indices.filter { allSpend[$0] >= 1000 }
        let largeSocial = large.filter { socialCare[$0] > 1000 }.count, largeWellbeing = large.filter { wellbeing[$0] > 1000 }.count

        return [
            finding("F4", "Outcome questionnaires returned", published: "50 returned: 34 PHB, 16 control",
                    reproduced: "\(survey.rowCount) returned: \(phb) PHB, \(control) control", equal: survey.rowCount == 50 && phb == 34 && control == 16),
            finding("F5", "Consent to secondary-care (HES) extraction", published: "92: 64 from the evaluation (37 PHB, 27 control) + 28 post-pilot",
                    reproduced: "\(consents.rowCount): \(evaluation.count) from the evaluation (\(evaluationPHB) PHB, \(evaluationControl) control) + \(postPilot) post-pilot",
                    equal: consents.rowCount == 92 && evaluation.count == 64 && evaluationPHB == 37 && evaluationControl == 27 && postPilot == 28),
            finding("F6", "Support plans received", published: "42 from 4 CCGs", reproduced: "\(plans.rowCount) from \(ccgs) CCGs",
                    equal: plans.rowCount == 42 && ccgs == 4),
            finding("F7", "Spend per plan a year", published: "mean £42,530; median £19,180",
                    reproduced: "mean \(Text.pounds(Double(tens(mean)))); median \(Text.pounds(Double(tens(median))))",
                    equal: tens(mean) == 42_530 && tens(median) == 19_180),
            finding("F8", "Deployment reported", published: "31 plans: 26 direct payment, 5 managed",
                    reproduced: "\(direct + managed) plans: \(direct) direct payment, \(managed) managed", equal: direct == 26 && managed == 5),
            finding("F9", "Budget size", published: "35 plans ≥ £1,000 a year; of these 28 > £1,000 social-care-related, 11 > £1,000 well-being",
                    reproduced: "\(large.count) plans ≥ £1,000 a year; of these \(largeSocial) > £1,000 social-care-related, \(largeWellbeing) > £1,000 well-being",
                    equal: large.count == 35 && largeSocial == 28 && largeWellbeing == 11),
            finding("F10", "Questionnaire, PHB group", published: "21 of 34 receiving support; of those 18 extremely or very satisfied, 10 satisfied with care planning, 5 needing more support to decide",
                    reproduced: "\(receiving.count) of \(phb) receiving support; of those \(satisfied) extremely or very satisfied, \(planningYes) satisfied with care planning, \(needingYes) needing more support to decide",
                    equal: receiving.count == 21 && phb == 34 && satisfied == 18 && planningYes == 10 && needingYes == 5),
        ]
    }
}
