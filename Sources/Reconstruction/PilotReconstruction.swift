import Foundation
import Tabular

/// The national evaluation of the PHB pilot (Forder et al. 2012), reconstructed: 2,235
/// participants (1,130 PHB, 1,105 control) in 20 sites, calibrated so that the engine's analysis
/// recovers the published findings (published-findings.md P3–P19). It is a seeded model, not the
/// pilot's data; every number the sources do not give is an assumption ([A], listed in the
/// dataset's README).
///
/// The model, in the order it is drawn (each step its own stream `RandomStream(.simulation, k)`
/// under ``seed``):
///
/// - **Sites** (k = 10): 20 sites of relative size U(0.6, 1.4); sites S01–S08 randomised, S09–S20
///   not; each site its own condition mix (the overall shares × U(0.3, 1.7)), deprivation tilt
///   t ~ N(0, 1), and site effects on the 12-month SCRQoL (N(0, 0.015²)), GHQ-12 (N(0, 0.5²)) and
///   service use (log scale, N(0, 0.15²)).
/// - **People** (k = 11): condition from the site's mix; age N(μ_c, 13²) in 18–95; sex; IMD
///   quintile with weights ∝ exp(0.25 t (q − 3)); a latent need z ~ N(0, 1).
/// - **Baseline** (k = 13): SCRQoL a₀ = μᴬ_c − 0.07z + 0.10ε (in [−0.17, 1], 3 decimals); GHQ-12
///   Likert g₀ = 12.5 + γ_c + 2.5z + 4ε; EQ-5D severity h₀ = η_c + 0.8z + 0.6ε; the items from
///   these latent values by thresholds with item noise (below).
/// - **Allocation** (k = 12): exactly 1,130 PHB drawn without replacement with weight 1 in randomised
///   sites and, in the others (PHB holders recruited from participating professionals' caseloads),
///   exp(−0.02(age − 60) + 0.2(q − 3) + 1.0(0.7 − a₀) + ``allocationTilt``_c): younger, less deprived,
///   more care need, more often in the conditions with the highest mortality. The
///   imbalance is on observed covariates only, so covariate adjustment and propensity weighting
///   can both correct it.
/// - **Budgets** (k = 18): an indicative allocation for everyone (the budget the site's resource
///   allocation gives for the assessed needs), log-normal with median β_c × exp(0.25z), σ 0.8, then
///   scaled so that PHB holders' mean is £10,000, bounded to £400–£150,000, to £10 (P19); for
///   holders it is `budget_value`. Holders' deployment (notional 45%, third party 15%, direct
///   payment 40%) and flexibility (low with probability 0.35 for notional budgets, else 0.1).
/// - **Deaths** (k = 15): exactly 96 PHB (8.5%) and 75 control (6.8%) deaths, drawn without
///   replacement with weight exp(0.05(age − 65) + δ_c) (P9a).
/// - **Non-response** (k = 16): survivors miss the 12-month interview with probability
///   logistic(−1.7 + 0.015(age − 60) − 0.2(q − 3) + 0.04(g₀ − 14) − 0.2·PHB + site term): missing at
///   random given observed covariates.
/// - **12-month outcomes** (k = 14): a₁₂ = 0.55a₀ + 0.45μᴬ_c − 0.03z + site + s_arm + PHB·τᵢ +
///   0.085ε, τᵢ = 0.03 [CHC or mental health] − 0.03 [budget ≤ £1,000] − 0.07 [low flexibility];
///   g₁₂ = 0.5g₀ + 0.5(12.5 + γ_c) + 1.2z + site − 1.6·PHB + 3.5ε; h₁₂ = 0.6h₀ + 0.4η_c + 0.45ε (no
///   effect). Among respondents the noise ε of each outcome is centred within the cells of arm ×
///   age band, sex, IMD quintile, condition and budget band (alternating projections, 50
///   rounds), so sampling noise neither creates nor hides subgroup differences the sources do not
///   report (P15, P17). The shifts s_control and s_PHB are solved by bisection so that the mean
///   change from baseline of the SCRQoL among respondents is +0.018 (control) and +0.057 (PHB) (P6a).
/// - **Service use** (k = 17): per category a count with mean (the condition's control mean ×
///   exp(0.35z + site) × the PHB factor) × a log-normal frailty, drawn by Poisson inversion of a
///   fixed uniform; PHB factors inpatient 0.82, A&E 0.85, GP 0.92, outpatient 1, community 0.95
///   (P11). Social care hours: the indicative allocation × φ_c / £20 an hour × a log-normal
///   frailty, for PHB holders × (1 − 0.9), the 90% the budget displaces; φ_c, the cost of
///   conventional care per £ of allocation, is solved by bisection per condition so that the arm
///   coefficient of `cost_total ~ PHB + ascot_0 + age + sex` among the condition's respondents is
///   ``costDifference`` (P11, P13a, P15, P22).
/// - `cost_total` = Σ counts × unit costs (`unit_costs.csv`, 2011 prices) + `budget_value`:
///   the services and the budget's annual value, for respondents.
public enum PilotReconstruction {
    public static let seed: UInt64 = 2012
    public static let participantCount = 2_235, phbCount = 1_130
    public static let siteCount = 20, randomisedSites = 8
    public static let phbDeaths = 96, controlDeaths = 75
    /// Calibration targets: SCRQoL mean change from baseline by arm (P6a), and per condition (in
    /// ``conditions`` order) the adjusted difference in total cost (PHB − control, £) that φ_c is
    /// solved for: CHC −£3,100 (P22), mental health −£300, the other four +£650 [A]; the pooled
    /// adjustment of the whole sample then gives about −£340.
    public static let ascotChangePHB = 0.057, ascotChangeControl = 0.018
    public static let costDifference = [-3_100.0, 650, 650, 650, -300, 650]
    /// The price year of every cost.
    public static let priceYear = 2011

    static let conditions = ["CHC", "COPD", "diabetes", "neurological", "mental health", "stroke"]
    static let conditionShares = [0.14, 0.16, 0.18, 0.16, 0.20, 0.16]
    static let meanAge = [62.0, 68, 60, 52, 44, 70]
    static let ascotMean = [0.58, 0.74, 0.80, 0.65, 0.68, 0.70]
    static let ghqShift = [1.5, 0.5, 0, 1.5, 5, 1]
    static let eq5dSeverity = [0.9, 0.3, -0.2, 0.6, 0, 0.5]
    static let deathHazard = [0.9, 0.8, -0.3, 0, -0.8, 0.4]
    /// Where sites did not randomise, the log-odds of a budget by condition [A]: budgets were offered
    /// most to the conditions with the highest mortality (CHC, COPD, stroke), so that the crude
    /// excess of deaths among holders (P9a) is explained by who was offered a budget, and the
    /// propensity-weighted comparison finds no effect on mortality (P9).
    static let allocationTilt = [0.9, 0.8, -0.3, 0, -0.8, 0.4]
    static let budgetMedian = [30_000.0, 1_100, 800, 4_000, 2_000, 3_000]
    /// The share of conventional social care a budget displaces (the rest continues beside it).
    static let displacement = 0.9

    /// A unit-cost table row: the count column (the item), its unit, £ per unit (2011 prices), category.
    struct Service {
        let item: String, unit: String, unitCost: Double, category: String
        /// Control means over 12 months by condition, and the PHB factor.
        let controlMean: [Double], phbFactor: Double
    }

    static let services = [
        Service(item: "inpatient_days", unit: "bed day", unitCost: 330, category: "inpatient",
                controlMean: [9, 6, 2.5, 4, 5, 6], phbFactor: 0.82),
        Service(item: "ae_visits", unit: "A&E attendance", unitCost: 114, category: "ae",
                controlMean: [1.0, 1.4, 0.6, 0.7, 1.2, 0.9], phbFactor: 0.85),
        Service(item: "gp_contacts", unit: "GP surgery consultation", unitCost: 36, category: "gp",
                controlMean: [8, 9, 7, 6, 8, 7], phbFactor: 0.92),
        Service(item: "outpatient_visits", unit: "outpatient attendance", unitCost: 147, category: "outpatient",
                controlMean: [3, 4, 4, 5, 3, 4], phbFactor: 1),
        Service(item: "community_contacts", unit: "community health contact", unitCost: 40, category: "community",
                controlMean: [30, 12, 8, 15, 20, 18], phbFactor: 0.95),
    ]
    /// Social care is costed by the hour (£20, category `social_care`).
    static let socialCareHourCost = 20.0

    static let ghqItems = (1...12).map { "g\($0)" }
    static let eq5dItems = ["mo", "sc", "ua", "pd", "ad"]
    static let ascotItems = ["control", "cleanliness", "food", "safety", "social", "occupation", "accommodation", "dignity"]

    /// The files of the dataset folder: name → CSV text.
    public static func files() -> [(name: String, text: String)] {
        let cohort = Cohort.generate()
        return [("participants.csv", cohort.table().text), ("unit_costs.csv", unitCostTable().text)]
    }

    static func unitCostTable() -> CSVTable {
        var table = CSVTable(header: ["item", "unit", "unit_cost", "source", "price_year", "category"])
        let source = "assumed round figure (order of PSSRU Unit Costs 2011 / NHS Reference Costs 2010-11)"
        for s in services {
            table.append([s.item, s.unit, s.unitCost.shortestText, source, "\(priceYear)", s.category])
        }
        table.append(["social_care_hours", "hour of home or personal care", socialCareHourCost.shortestText, source, "\(priceYear)", "social_care"])
        return table
    }
}
