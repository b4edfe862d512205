import Imputation
import Models
import Resampling
import Tabular
import Weighting

/// What a cost-effectiveness analysis compares and how.
public struct CEASpecification: Sendable {
    /// How the incremental effect and cost are estimated.
    public enum Model: String, Sendable, CaseIterable {
        /// One least-squares equation each for effect and cost (the default).
        case ols
        /// Both equations jointly by seemingly unrelated regressions (FGLS, systemfit's defaults).
        case sur
        /// Least squares for effect; a gamma GLM with log link for cost, ΔC by recycled predictions.
        case gammaCost = "gamma-cost"
        /// Least squares for effect; cost by a two-part model (logistic for any cost, gamma GLM
        /// with log link for the positive costs), ΔC by recycled predictions.
        case twoPart = "two-part"
    }

    /// Column identifying the arm, and its value for the intervention (everything else is control).
    public var arm: String
    public var treatedValue: String
    public var effect: String
    public var cost: String
    /// Right-hand-side terms (formula syntax, without the arm) adjusting the effect, e.g.
    /// `"ascot0 + age + C(site)"`; nil for the unadjusted difference in means.
    public var effectCovariates: String?
    public var costCovariates: String?
    public var model: Model
    /// Column identifying clusters: cluster-robust (CR1) model errors for every model, and
    /// cluster resampling in the bootstrap.
    public var cluster: String?
    /// The cluster-robust variance of the model errors: CR1 (default) or, for least squares,
    /// CR2 (Bell & McCaffrey's bias-reduced linearisation with Satterthwaite degrees of freedom,
    /// recommended with fewer than ``Regression/fewClusters`` clusters).
    public var clusterVariance: VarianceType = .CR1
    /// Column defining subgroups for net-benefit regression (INB per subgroup), or nil.
    public var subgroup: String?
    /// Bootstrap replicates (nil: model-based standard errors only).
    public var bootstrapReplicates: Int?
    public var seed: UInt64
    public var interval: BootstrapInterval
    /// Willingness-to-pay values λ (£ per unit of effect).
    public var lambdas: [Double]
    /// Confidence level of every interval.
    public var level: Double
    /// Worker threads for the bootstrap (nil: every core); results do not depend on it.
    public var threads: Int?
    /// Propensity weighting of a non-randomised comparison (nil: none): the increments become
    /// weighted least squares with HC1 (CR1 with clusters) errors, the bootstrap refits the
    /// propensity model in every replicate (``CEAWeighting``).
    public var weighting: WeightingOptions? = nil
    /// Multiple imputation of the missing effects, costs and covariates (nil: listwise deletion).
    public var imputation: CEAImputation? = nil

    public init(arm: String, treatedValue: String, effect: String, cost: String, effectCovariates: String? = nil,
                costCovariates: String? = nil, model: Model = .ols, cluster: String? = nil, subgroup: String? = nil,
                bootstrapReplicates: Int? = nil,
                seed: UInt64 = 1, interval: BootstrapInterval = .percentile, lambdas: [Double] = CEASpecification.defaultLambdas,
                level: Double = 0.95, threads: Int? = nil) {
        self.arm = arm
        self.treatedValue = treatedValue
        self.effect = effect
        self.cost = cost
        self.effectCovariates = effectCovariates
        self.costCovariates = costCovariates
        self.model = model
        self.cluster = cluster
        self.subgroup = subgroup
        self.bootstrapReplicates = bootstrapReplicates
        self.seed = seed
        self.interval = interval
        self.lambdas = lambdas
        self.level = level
        self.threads = threads
    }

    /// λ = 0, 1,000, …, 100,000 (101 values).
    public static let defaultLambdas = stride(from: 0.0, through: 100_000, by: 1_000).map { $0 }

    /// The bootstrap replicates allowed: at least 2 (a variance needs two), at most 1,000,000
    /// (10,000 is plenty for a CEAC; the bound is checked before any work is allocated).
    public static let bootstrapReplicateRange = 2...1_000_000
    /// Worker threads allowed.
    public static let threadRange = 1...1024

    /// Checks the request's numbers before any data is read or work allocated.
    /// - Throws: ``InputError`` at the parameter out of range, at the subgroup when it is the
    ///   effect or cost column (``checkSubgroup(_:)``), and at the interval for BCa under
    ///   bootstrap-then-impute (its intervals are t on von Hippel & Bartlett's df, so BCa, which
    ///   needs one estimate per replicate and a jackknife, is not made there).
    public func validate() throws {
        if let count = bootstrapReplicates { try Self.checkReplicates(count) }
        if let subgroup { try checkSubgroup(subgroup) }
        if imputation != nil, bootstrapReplicates != nil, interval == .bca {
            throw InputError(parameter: .interval, problem: "BCa intervals are not made with multiple imputation: bootstrap-then-impute's intervals are t intervals on the degrees of freedom of von Hippel & Bartlett's pooled variance",
                             fix: "leave out \(parameter: .interval) (or give percentile) with \(parameter: .imputations), or drop \(parameter: .imputations) for a complete-case BCa interval")
        }
        if let threads, !Self.threadRange.contains(threads) {
            throw InputError(parameter: .threads, problem: "\(threads) threads is outside \(Self.threadRange.lowerBound)…\(Self.threadRange.upperBound)",
                             fix: "use \(parameter: .threads) between 1 and the number of cores, or leave it out")
        }
        try weighting?.validate()
        guard level > 0, level < 1 else {
            throw InputError(parameter: .level, problem: "\(level) is not a confidence level between 0 and 1", fix: "use e.g. \(parameter: .level) 0.95")
        }
    }

    /// Rejects a subgroup column that is the effect or the cost: the net-benefit regression would
    /// split the rows by the outcome it estimates (and, under imputation, by imputed values).
    public func checkSubgroup(_ column: String) throws {
        for (outcome, role) in [(effect, "effect"), (cost, "cost")] where column == outcome {
            throw InputError(parameter: .subgroup, problem: "the subgroup column '\(column)' is the \(role) column, so the subgroups would be defined by the outcome being compared",
                             fix: "give a baseline characteristic (e.g. a condition, age band or sex) as the subgroup")
        }
    }

    /// Rejects a replicate count outside ``bootstrapReplicateRange``.
    public static func checkReplicates(_ count: Int) throws {
        let range = bootstrapReplicateRange
        if count < range.lowerBound {
            throw InputError(parameter: .bootstrap, problem: "\(count) replicates are too few: the bootstrap needs at least \(range.lowerBound)",
                             fix: "use \(parameter: .bootstrap) 1000 or more for intervals (10000 for CEACs)")
        }
        if count > range.upperBound {
            throw InputError(parameter: .bootstrap, problem: "\(count) replicates are more than the \(range.upperBound) allowed",
                             fix: "use \(parameter: .bootstrap) 10000 (enough for intervals and CEACs) or at most \(range.upperBound)")
        }
    }

    /// Whether the effect or cost equation has covariates (a regression-adjusted analysis).
    public var isAdjusted: Bool { effectCovariates != nil || costCovariates != nil }
}

extension CEASpecification.Model {
    /// Words for summaries: "difference in means", "least squares", "seemingly unrelated
    /// regressions" or "least squares (effect), gamma GLM with recycled predictions (cost)".
    public func description(adjusted: Bool) -> String {
        switch self {
        case .ols: return adjusted ? "least squares" : "difference in means"
        case .sur: return "seemingly unrelated regressions"
        case .gammaCost: return "least squares (effect), gamma GLM with recycled predictions (cost)"
        case .twoPart: return "least squares (effect), two-part model (logistic × gamma GLM) with recycled predictions (cost)"
        }
    }
}
