import Foundation

/// The post-pilot follow-up study (Jones et al. 2018, PSSRU WP 2949; Welch et al. 2022),
/// reconstructed so that its three tables give the published counts exactly:
///
/// - `consents.csv`, the 92 people who consented to the extraction of their secondary-care
///   (Hospital Episode Statistics) records (F5): 64 from the pilot evaluation, 37 of its PHB arm
///   and 27 of its control arm, and 28 post-pilot budget holders, who joined after the pilot and
///   so belong to no evaluation arm (`arm` empty; every one of them holds a budget).
/// - `support_plans.csv`, the 42 support plans received from 4 CCGs (F6): annual spend with mean
///   £42,530 and median £19,180 (F7; both hold exactly, so they survive any rounding the
///   publication applied), deployment reported for 31 plans, 26 direct payments and 5 managed
///   budgets (F8), and the spend split into health, social-care-related and well-being support,
///   with 35 plans of £1,000 a year or more, 28 of them buying more than £1,000 of
///   social-care-related support for a health need and 11 more than £1,000 of well-being support (F9).
/// - `questionnaire.csv`, the 50 returned outcome questionnaires, 34 PHB and 16 control (F4), with
///   the PHB items behind F10: 21 currently receiving support bought with the budget; of those
///   21, 18 extremely or very satisfied with that support, 10 satisfied with the care-planning
///   process, and 5 who felt they needed more support to decide how to spend the budget.
///
/// Which plan, respondent or consent carries which value is drawn at random (seed ``seed``; streams
/// `RandomStream(.simulation, 1)` for the plans, `2` for the questionnaire, `3` for the consents);
/// the counts and the two spend statistics are fixed by construction. Spend amounts are whole
/// pounds. The publications do not say how the 92 consents, the 69 consents behind the support
/// plans (F6), the 42 plans and the 50 returns overlap, so the tables share no person identifier.
public enum FollowUpReconstruction {
    /// The seed of both tables.
    public static let seed: UInt64 = 2015
    /// The published figures the tables are built to (F4, F5, F7–F10).
    public static let plans = 42, plansAtLeast1000 = 35, socialCareOver1000 = 28, wellbeingOver1000 = 11
    public static let directPayments = 26, managed = 5
    public static let meanSpend = 42_530, medianSpend = 19_180
    public static let returnsPHB = 34, returnsControl = 16
    public static let receivingSupport = 21, satisfiedWithSupport = 18, satisfiedWithPlanning = 10, neededMoreSupport = 5
    public static let consentsEvaluationPHB = 37, consentsEvaluationControl = 27, consentsPostPilot = 28

    /// The files of the dataset folder: name → CSV text.
    public static func files() -> [(name: String, text: String)] {
        [("support_plans.csv", supportPlans().text), ("questionnaire.csv", questionnaire().text), ("consents.csv", consents().text)]
    }

    /// The 42 plans, in plan order.
    static func supportPlans() -> CSVTable {
        var draws = Draws(seed: seed, stream: 1)
        let spend = annualSpends(&draws)
        // Deployment: 26 direct payments, 5 managed, 11 not reported, in random plan order.
        let deploymentOrder = draws.permutation(plans)
        var deployment = [String](repeating: "", count: plans)
        for (rank, plan) in deploymentOrder.enumerated() where rank < directPayments + managed {
            deployment[plan] = rank < directPayments ? "direct payment" : "managed"
        }
        // F9: among the plans ≥ £1,000, 28 buy > £1,000 of social-care-related support and 11 > £1,000
        // of well-being support. A plan in both sets needs room for both (> £2,002 with the rest);
        // redraw the two sets until every such plan has it.
        let large = spend.indices.filter { spend[$0] >= 1000 }
        var social = Set<Int>(), wellbeing = Set<Int>()
        repeat {
            social = Set(draws.permutation(large.count).prefix(socialCareOver1000).map { large[$0] })
            wellbeing = Set(draws.permutation(large.count).prefix(wellbeingOver1000).map { large[$0] })
        } while social.intersection(wellbeing).contains { spend[$0] < 2_500 }
        var table = CSVTable(header: ["plan_id", "ccg", "annual_spend", "deployment", "health_spend", "social_care_spend", "wellbeing_spend"])
        let ccgs = ["CCG-A", "CCG-B", "CCG-C", "CCG-D"]
        let ccgOrder = draws.permutation(plans)
        for plan in 0..<plans {
            let parts = split(spend[plan], social: social.contains(plan), wellbeing: wellbeing.contains(plan), &draws)
            table.append(["P\(String(format: "%02d", plan + 1))", ccgs[ccgOrder[plan] % ccgs.count], "\(spend[plan])", deployment[plan],
                          "\(parts.health)", "\(parts.social)", "\(parts.wellbeing)"])
        }
        return table
    }

    /// 42 whole-pound annual spends, in random plan order: 7 below £1,000 (uniform £300–£950), 35
    /// from a log-normal (median £19,180, σ 1.1), at least £1,000. The two middle order statistics
    /// are then set to the published median, and the plans above the median are scaled (and the
    /// largest given the remaining pounds) so that the total is exactly 42 × £42,530.
    private static func annualSpends(_ draws: inout Draws) -> [Int] {
        var values = (0..<(plans - plansAtLeast1000)).map { _ in Int(300 + 650 * draws.uniform()) }
        values += (0..<plansAtLeast1000).map { _ in max(1_000, Int((Double(medianSpend) * exp(1.1 * draws.normal())).rounded())) }
        values.sort()
        let middle = plans / 2  // 0-based 20 and 21 are the median's pair
        for k in 0..<(middle - 1) { values[k] = min(values[k], medianSpend) }
        values[middle - 1] = medianSpend
        values[middle] = medianSpend
        let target = plans * meanSpend
        let fixedPart = values[...middle].reduce(0, +)
        let upper = values[(middle + 1)...].map { max(Double($0), Double(medianSpend)) }
        let scale = Double(target - fixedPart) / upper.reduce(0, +)
        var scaled = upper.map { max(medianSpend, Int(($0 * scale).rounded())) }
        scaled[scaled.count - 1] += target - fixedPart - scaled.reduce(0, +)
        precondition(scaled.last! >= scaled.dropLast().max()!, "the largest plan must stay the largest")
        let ordered = Array(values[...middle]) + scaled
        let order = draws.permutation(plans)
        return order.map { ordered[$0] }
    }

    /// A plan's spend in three parts that add up to it: social-care-related support above £1,000
    /// exactly when `social`, well-being support above £1,000 exactly when `wellbeing` (at most
    /// £1,000 otherwise), health care the rest.
    private static func split(_ spend: Int, social: Bool, wellbeing: Bool, _ draws: inout Draws) -> (health: Int, social: Int, wellbeing: Int) {
        let reservedSocial = social ? 1_001 : 0, reservedWellbeing = wellbeing ? 1_001 : 0
        let free = Double(spend - reservedSocial - reservedWellbeing)
        var socialPart = reservedSocial + Int(free * 0.6 * draws.uniform())
        var wellbeingPart = reservedWellbeing + Int(free * 0.3 * draws.uniform())
        // Outside its set a part is capped at a random £200–£1,000 (the rest goes to health care).
        if !social { socialPart = min(socialPart, 200 + Int(800 * draws.uniform())) }
        if !wellbeing { wellbeingPart = min(wellbeingPart, 200 + Int(800 * draws.uniform())) }
        return (spend - socialPart - wellbeingPart, socialPart, wellbeingPart)
    }

    /// The 50 returns: `group` PHB or control; for PHB respondents `receiving_support` (yes/no),
    /// and for those receiving support `support_satisfaction` (the seven-point scale),
    /// `care_planning_satisfied` and `needed_more_support_to_decide` (yes/no). Items not asked
    /// are empty.
    static func questionnaire() -> CSVTable {
        var draws = Draws(seed: seed, stream: 2)
        let groupOrder = draws.permutation(returnsPHB + returnsControl)
        var table = CSVTable(header: ["respondent_id", "group", "receiving_support", "support_satisfaction",
                                      "care_planning_satisfied", "needed_more_support_to_decide"])
        // Among the PHB respondents (in id order): which 21 receive support, and among those,
        // which are satisfied, satisfied with planning, and needing more support.
        let receiving = Set(draws.permutation(returnsPHB).prefix(receivingSupport))
        let satisfied = Set(draws.permutation(receivingSupport).prefix(satisfiedWithSupport))
        let planning = Set(draws.permutation(receivingSupport).prefix(satisfiedWithPlanning))
        let needing = Set(draws.permutation(receivingSupport).prefix(neededMoreSupport))
        let positive = ["extremely satisfied", "very satisfied"]
        let other = ["quite satisfied", "neither satisfied nor dissatisfied", "quite dissatisfied"]
        var phbSeen = 0, receivingSeen = 0
        for respondent in 0..<(returnsPHB + returnsControl) {
            let isPHB = groupOrder[respondent] < returnsPHB
            var row = ["R\(String(format: "%02d", respondent + 1))", isPHB ? "PHB" : "control", "", "", "", ""]
            if isPHB {
                let receives = receiving.contains(phbSeen)
                row[2] = receives ? "yes" : "no"
                if receives {
                    let k = receivingSeen
                    row[3] = satisfied.contains(k) ? positive[draws.category([1, 1])] : other[draws.category([3, 1, 1])]
                    row[4] = planning.contains(k) ? "yes" : "no"
                    row[5] = needing.contains(k) ? "yes" : "no"
                    receivingSeen += 1
                }
                phbSeen += 1
            }
            table.append(row)
        }
        return table
    }

    /// The 92 consents to HES extraction (F5), in random order: `consent_id` C01–C92, `cohort`
    /// `evaluation` (37 `arm` PHB, 27 `arm` control) or `post-pilot` (28, `arm` empty).
    static func consents() -> CSVTable {
        var draws = Draws(seed: seed, stream: 3)
        let people = [(cohort: "evaluation", arm: "PHB", count: consentsEvaluationPHB),
                      (cohort: "evaluation", arm: "control", count: consentsEvaluationControl),
                      (cohort: "post-pilot", arm: "", count: consentsPostPilot)]
            .flatMap { group in repeatElement((group.cohort, group.arm), count: group.count) }
        var table = CSVTable(header: ["consent_id", "cohort", "arm"])
        for (row, person) in draws.permutation(people.count).enumerated() {
            table.append(["C\(String(format: "%02d", row + 1))", people[person].0, people[person].1])
        }
        return table
    }
}
