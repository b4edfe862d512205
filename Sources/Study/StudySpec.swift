import CostEffectiveness
import Models
import PHBEvalCore
import Resampling
import Tabular

/// A study as its spec file describes it (`phbeval analyze STUDY.yaml`): the data, the
/// instruments and how to score them, the outcomes, the costing, the analysis and the report.
/// Every key, its default and its meaning are documented in `datasets/examples/study.yaml` and the
/// README; ``StudySpec/load(path:overrides:)`` reads and checks one. Paths in the spec are
/// resolved against the spec file's directory.
public struct StudySpec: Sendable {
    /// The spec format's version; only 1 exists.
    public static let supportedVersion = 1

    public var title: String
    /// The spec file as given.
    public var file: String
    public var data: DataSection
    public var instruments: [InstrumentSpec]
    public var outcomes: OutcomesSection
    public var costs: CostsSection
    public var analysis: AnalysisSection
    public var report: ReportSection
    /// The spec after `--set` overrides, as nodes (echoed in the report's appendix).
    public var resolved: SpecNode
    /// Where each key was written, for errors found later (a column the data lack).
    public var locations: SpecLocations

    /// The columns that identify participants and arms, and how the file is laid out.
    public struct DataSection: Sendable {
        /// The data file, resolved against the spec's directory.
        public var file: String
        public var id: String
        public var arm: String
        /// The value of `arm` that marks the intervention; every other value is control.
        public var treated: String
        /// How the report names the intervention and control arms (defaults: the treated value, "control").
        public var treatedLabel: String
        public var controlLabel: String
        /// Cluster (site) column, if any.
        public var site: String?
        /// A 0/1 column marking randomised participants (non-randomised rows are described but
        /// analysed only when weighting is asked for).
        public var randomised: String?
        /// Long-format data: the column of assessment times (months); nil for wide data.
        public var time: String?
        /// Baseline characteristics for the baseline table (numeric: mean (SD); text: n (%)).
        public var characteristics: [String]
        /// Missing-value tokens (default empty, `NA`, `.`).
        public var missing: [String]
    }

    /// An instrument scored at each assessment time.
    public struct InstrumentSpec: Sendable {
        public var instrument: ScoreRequest.Instrument
        /// The outcome's name: scores are `NAME_T` for each time T (e.g. `ascot_12`).
        public var name: String
        /// Wide data: the item columns at each time (months); long data: one list of item columns.
        public var columns: [(time: Double, items: [String])]
        /// The spec path of each item column (parallel to ``columns``), for locating errors.
        public var columnPaths: [[String]]
        public var valueSet: String?
        public var method: String?
        /// ASCOT weights file (licensed), resolved against the spec's directory.
        public var weights: String?
        /// GHQ-12: items missing allowed (prorated).
        public var prorateMax: Int?
        /// The spec path of this instrument (`instruments[2]`), for locating errors.
        public var path: String
        /// Given by `scores` instead of `columns`: each time's one column already holds the score
        /// (e.g. the ASCOT SCRQoL index, whose preference weights are licensed), used as it is.
        public var precomputed: Bool = false
    }

    public struct QALYSpec: Sendable {
        /// The instrument outcome whose utilities are integrated (an EQ-5D instrument's name).
        public var from: String
        /// Assessment times in months, ascending, the first being baseline.
        public var times: [Double]
        /// Annual discount rate applied to follow-up beyond the first year (default 0.035, NICE 2022).
        public var discountRate: Double
        /// Adjust the QALY increment for baseline utility (default true; Manca et al. 2005).
        public var adjustForBaseline: Bool
    }

    public struct OutcomesSection: Sendable {
        public var primary: String
        public var secondary: [String]
        public var qaly: QALYSpec?
        /// The baseline and follow-up times (months) for change scores (defaults: each instrument's first and last time).
        public var baseline: Double?
        public var followUp: Double?
    }

    public struct CostsSection: Sendable {
        public var unitCosts: String
        public var priceIndex: String?
        public var priceYear: Int?
        /// Item (as the unit-cost table names it) → count column, in the order written.
        public var serviceUse: [(item: String, column: String)]
        /// The PHB's direct cost column (£), and the year of its prices.
        public var budget: String?
        public var budgetPriceYear: Int?
    }

    public struct BootstrapSpec: Sendable {
        public var replicates: Int
        public var seed: UInt64
        public var interval: BootstrapInterval
    }

    public struct LambdaSpec: Sendable {
        public var grid: [Double]
        /// The λ values the report's summary and tables headline (each in the grid).
        public var headline: [Double]
    }

    /// `analysis.missing`: complete-case analysis (the default) or multiple imputation.
    public struct MissingSpec: Sendable {
        public enum Method: String, Sendable, CaseIterable {
            case completeCase = "complete_case"
            case mi
        }
        public var method: Method
        /// M (nil: the engine's default, 5 with Rubin's rules, 2 per bootstrap sample).
        public var imputations: Int?
        public var iterations: Int
        public var donors: Int
        /// Columns used to predict the missing values but not in the analysis models.
        public var auxiliary: [String]
        public var seed: UInt64?
        /// A 0/1 column: rows with 1 have no outcome to miss (e.g. death before follow-up: a
        /// quality of life after death is not missing but undefined), so the cost-effectiveness
        /// analyses leave them out instead of imputing them; nil: every row is analysed.
        public var exclude: String? = nil
    }

    /// `analysis.weighting`: inverse-probability-of-treatment weighting.
    public struct WeightingSpec: Sendable {
        public enum Estimand: String, Sendable, CaseIterable { case ATE, ATT, ATO }
        /// Right-hand side of the propensity model (`age + C(site)`).
        public var propensity: String
        public var estimand: Estimand
        public var stabilize: Bool
        /// Weights above this percentile are trimmed to it (e.g. 0.99), nil for none.
        public var trim: Double?
        /// Weight the randomised participants too (default false: weighting is for non-randomised comparisons).
        public var randomised: Bool
    }

    /// One sensitivity analysis: the primary analysis with one thing changed.
    public enum Variation: Sendable, Equatable {
        case completeCase
        case unadjusted
        /// The primary analysis without propensity weights (every participant analysed, weight 1).
        case unweighted
        case valueSet(String)
        case model(CEASpecification.Model)
        case effect(String)
        case discount(Double)

        /// The variation as the spec writes it, e.g. `model: two-part`.
        public var label: String {
            switch self {
            case .completeCase: return "complete_case"
            case .unadjusted: return "unadjusted"
            case .unweighted: return "unweighted"
            case .valueSet(let name): return "value_set: \(name)"
            case .model(let model): return "model: \(model.rawValue)"
            case .effect(let name): return "effect: \(name)"
            case .discount(let rate): return "discount: \(rate.shortestText)"
            }
        }
    }

    public struct AnalysisSection: Sendable {
        /// The outcome the CEA's effect is: an instrument's name (its score at follow-up) or `qaly`.
        public var effect: String
        public var effectCovariates: String?
        public var costCovariates: String?
        /// Add the effect's baseline value to the effect covariates (default true).
        public var adjustForBaseline: Bool
        public var model: CEASpecification.Model
        public var cluster: String?
        public var clusterVariance: VarianceType
        public var bootstrap: BootstrapSpec?
        public var level: Double
        public var lambda: LambdaSpec
        /// The significance level the summary's words use (default 0.05).
        public var significance: Double
        public var missing: MissingSpec
        public var weighting: WeightingSpec?
        public var subgroups: [String]
        public var sensitivity: [Variation]
        public var threads: Int?
    }

    /// The report's words: what CHEERS asks a report to state that the data cannot tell.
    public struct ReportSection: Sendable {
        public var out: String?
        /// ISO 4217 code (default GBP).
        public var currency: String
        public var perspective: String
        public var setting: String?
        public var population: String?
        public var objective: String?
        public var timeHorizon: String?
        public var analysisPlan: String?
        public var engagement: String?
        public var funding: String?
        public var conflicts: String?

        /// The currency's symbol for figures (`£`, `€`, `$`), else the code.
        public var currencySymbol: String {
            switch currency {
            case "GBP": return "£"
            case "EUR": return "€"
            case "USD": return "$"
            default: return currency + " "
            }
        }
    }
}

extension Parameter {
    /// `phbeval analyze`'s overrides of spec keys (`key.path=value`).
    public static let set: Parameter = "set"
}
