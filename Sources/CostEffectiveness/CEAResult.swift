import Models
import Resampling
import Tabular
import Weighting

/// The result of a cost-effectiveness analysis of intervention versus control.
public struct CEAResult: Sendable {
    /// An increment with its standard error and interval (bootstrap ones when bootstrapped).
    public struct Estimate: Sendable, Equatable {
        public let estimate: Double
        public let standardError: Double
        public let interval: (lower: Double, upper: Double)?
        /// Degrees of freedom of a t interval (Satterthwaite, under CR2); nil for a normal or
        /// bootstrap interval.
        public var degreesOfFreedom: Double? = nil
        public static func == (l: Estimate, r: Estimate) -> Bool {
            l.estimate == r.estimate && l.standardError == r.standardError && l.interval?.lower == r.interval?.lower
                && l.interval?.upper == r.interval?.upper && l.degreesOfFreedom == r.degreesOfFreedom
        }
    }

    /// Incremental net benefit at one willingness-to-pay λ.
    public struct NetBenefit: Sendable {
        public let lambda: Double
        /// λΔE − ΔC at the point estimates.
        public let estimate: Double
        public let interval: (lower: Double, upper: Double)?
        /// The CEAC: share of bootstrap replicates with INB > 0, or Φ(INB/se) without bootstrap.
        public let probabilityCostEffective: Double
        /// Expected value of perfect information per person.
        public let evpi: Double
    }

    /// How the bootstrap was run.
    public struct Bootstrap: Sendable {
        public let replicates: Int
        public let seed: UInt64
        public let interval: BootstrapInterval
        /// Replicates excluded from every summary: with a singular equation, or (weighted) with a
        /// failed propensity model (``failedPropensity``).
        public let failed: Int
        /// "rows within arms" or "clusters" (within arms when clusters are nested in arms).
        public let resampling: String
        /// Of ``failed``, the replicates whose propensity model failed (separation,
        /// non-convergence, a propensity of 0 or 1); the others had a singular equation.
        public var failedPropensity: Int = 0
    }

    public let treatedCount: Int
    public let controlCount: Int
    public let dropped: DroppedRows
    /// The estimator in words (``CEASpecification/Model/description(adjusted:)``).
    public let model: String
    public let deltaEffect: Estimate
    public let deltaCost: Estimate
    /// Cov(ΔE, ΔC) used for Fieller and INB (bootstrap covariance when bootstrapped).
    public let covariance: Double
    public let unadjustedEffect: Estimate
    public let unadjustedCost: Estimate
    public let quadrant: CEQuadrant
    public let icer: Double?
    public let fieller: (lower: Double, upper: Double)?
    public let netBenefit: [NetBenefit]
    public let bootstrap: Bootstrap?
    /// (ΔE*, ΔC*) of every valid replicate with its 1-based replicate number, for the CE plane
    /// (empty without bootstrap).
    public let replicates: [(replicate: Int, effect: Double, cost: Double)]
    public let level: Double
    public let clusterCount: Int?
    /// Things the reader must know (that listwise deletion removed more than a fifth of the rows,
    /// that CR1 from few clusters is biased), in words that may name parameters.
    public let warnings: [Message]
    /// The cluster-robust variance of the model errors (CR1 or CR2), nil without clusters.
    public let clusterVariance: VarianceType?
    /// INB by subgroup from net-benefit regression (empty without a subgroup column).
    public let subgroups: [SubgroupNetBenefit]
    /// The distinct arm values taken as control (every value other than the treated one; nil
    /// where not recorded, under multiple imputation).
    public internal(set) var controlValues: [String]? = nil
    /// The propensity weighting of the full sample (nil without one).
    public internal(set) var weighting: PropensityWeighting? = nil
    /// The joint tests that the INB does not differ between subgroups, one per λ (empty without a
    /// subgroup column or when no arm × subgroup term is estimable): F on (q, n − k), or under
    /// multiple imputation the D1 statistic of Li, Raghunathan & Rubin (1991) with Reiter's (2007)
    /// small-sample df, as `mice::D1` (mitml's `testModels`), bounded by the complete-data df
    /// where Reiter's is undefined (``MultiplyImputedCEA/pooledInteractionTests(_:)``).
    public internal(set) var subgroupTests: [SubgroupTest] = []
    /// The coefficients and covariance behind each test (one dataset's; empty under imputation).
    var subgroupInteractions: [SubgroupInteraction] = []
    /// n − k of the net-benefit regression (nil without a subgroup column): the complete-data df
    /// of the subgroups' INB under imputation, whether or not an arm × subgroup term is estimable.
    var subgroupResidualDF: Int? = nil
    /// The multiple imputation, when ``CEASpecification/imputation`` asked for one.
    public var imputation: CEAImputationSummary? = nil
}
