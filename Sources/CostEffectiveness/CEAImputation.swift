import Imputation
import Models
import Tabular

extension Parameter {
    public static let deltaEffect: Parameter = "delta_effect"
    public static let deltaCost: Parameter = "delta_cost"
    public static let deltaArm: Parameter = "delta_arm"
    public static let imputeByArm: Parameter = "impute_by_arm"
}

/// Multiple imputation inside a cost-effectiveness analysis (``CEASpecification/imputation``).
///
/// The effect, the cost and every covariate column with missing values are imputed by chained
/// equations (``ImputationModel``) with the arm (and the complete covariates, and ``auxiliary``)
/// as predictors, or by arm (``byArm``: separate chains per arm). Without a bootstrap the m
/// completed datasets are analysed and pooled by Rubin's rules (Barnard–Rubin df); with
/// ``CEASpecification/bootstrapReplicates`` B, bootstrap-then-impute: each bootstrap sample
/// (rows within arms) is imputed M times and the estimates pooled as von Hippel & Bartlett
/// (2021) and R's bootImpute do (``BootstrapImputationEstimate``); the CE plane and the CEAC come
/// from the B per-sample means (Brand et al. 2019; Schomaker & Heumann 2018; Bartlett & Hughes 2020).
public struct CEAImputation: Sendable {
    /// Which arm's imputed values a δ shifts (Leurent et al. 2018, PharmacoEconomics 36:889).
    public enum DeltaArm: String, Sendable, CaseIterable {
        case treated, control, both
    }

    /// A variation of the analysis made on the same imputations as the primary one (its
    /// result in ``CEAImputationSummary/variants``): impute once, analyse many, so that a
    /// sensitivity analysis of the analysis model differs from the primary by the model alone,
    /// not by other random draws. The imputation model is the primary's (it keeps the dropped
    /// covariates as predictors, which is valid: auxiliary variables, van Buuren 2018 §6.2).
    public enum Variant: String, Sendable, CaseIterable {
        /// Without the propensity weights.
        case unweighted
        /// Without the covariates of the effect and cost equations (differences in means).
        case unadjusted

        func applied(to plain: CEASpecification) -> CEASpecification {
            var out = plain
            switch self {
            case .unweighted: out.weighting = nil
            case .unadjusted: (out.effectCovariates, out.costCovariates) = (nil, nil)
            }
            return out
        }
    }

    /// M: imputations per analysis (nil: 5 with Rubin's rules, 2 per bootstrap sample, bootImpute's default).
    public var imputations: Int?
    public var iterations: Int
    public var auxiliary: [String]
    public var methods: [String: ImputationMethod]
    public var donors: Int
    /// Separate chains within each arm.
    public var byArm: Bool
    /// MNAR grids: each pair (δ_E, δ_C) of the two grids is a scenario in which the imputed
    /// effects (costs) of ``deltaArm`` are shifted by δ_E (δ_C) after imputation.
    public var deltaEffect: [Double]
    public var deltaCost: [Double]
    public var deltaArm: DeltaArm
    /// Variations analysed on the same imputations (none by default).
    public var variants: [Variant] = []

    public static let defaultRubinImputations = 5
    public static let defaultBootstrapImputations = 2
    /// bootImpute warns below this many bootstrap samples.
    public static let fewReplicates = 200

    public init(imputations: Int? = nil, iterations: Int = ImputationOptions.defaultIterations, auxiliary: [String] = [],
                methods: [String: ImputationMethod] = [:], donors: Int = ImputationOptions.defaultDonors, byArm: Bool = false,
                deltaEffect: [Double] = [], deltaCost: [Double] = [], deltaArm: DeltaArm = .treated) {
        self.imputations = imputations
        self.iterations = iterations
        self.auxiliary = auxiliary
        self.methods = methods
        self.donors = donors
        self.byArm = byArm
        self.deltaEffect = deltaEffect
        self.deltaCost = deltaCost
        self.deltaArm = deltaArm
    }

    /// M for an analysis with or without the bootstrap.
    func count(bootstrap: Bool) -> Int {
        imputations ?? (bootstrap ? Self.defaultBootstrapImputations : Self.defaultRubinImputations)
    }

    /// The scenarios (δ_E, δ_C): (0, 0) first (the primary analysis), then every pair of the
    /// grids (each grid [0] when empty), (0, 0) among them when both grids hold 0 (it then
    /// equals the primary, listed so that the sensitivity table has every pair asked for).
    var scenarios: [(effect: Double, cost: Double)] {
        guard !deltaEffect.isEmpty || !deltaCost.isEmpty else { return [(0, 0)] }
        var out: [(effect: Double, cost: Double)] = [(0, 0)]
        for e in deltaEffect.isEmpty ? [0] : deltaEffect {
            for c in deltaCost.isEmpty ? [0] : deltaCost { out.append((e, c)) }
        }
        return out
    }
}

/// What the imputation did and how its estimates were pooled (``CEAResult/imputation``).
public struct CEAImputationSummary: Sendable {
    /// Pooling diagnostics of one increment.
    public struct Pooling: Sendable {
        public let degreesOfFreedom: Double
        /// Rubin: riv, λ and fmi (nil with bootstrap-then-impute).
        public let riv: Double?
        public let lambda: Double?
        public let fmi: Double?
        /// Bootstrap-then-impute: the between-bootstrap and within-bootstrap variance components.
        public let betweenBootstrapVariance: Double?
        public let withinBootstrapVariance: Double?
    }

    /// One MNAR scenario: the increments and INB with the imputed values shifted.
    public struct Scenario: Sendable {
        public let deltaEffect: Double
        public let deltaCost: Double
        public let effect: CEAResult.Estimate
        public let cost: CEAResult.Estimate
        public let netBenefit: [CEAResult.NetBenefit]
    }

    public let imputations: Int
    public let iterations: Int
    public let byArm: Bool
    public let methods: [(variable: String, method: ImputationMethod)]
    public let imputed: [(variable: String, count: Int)]
    /// "rubin" or "von-hippel-bartlett".
    public let pooling: String
    public let effect: Pooling
    public let cost: Pooling
    public let deltaArm: CEAImputation.DeltaArm
    /// Every scenario but (0, 0), empty without δ grids.
    public let scenarios: [Scenario]
    public let notes: [String]
    /// The convergence diagnostic (mice's `chainMean`/`chainVar`, shown by `plot.mids`): for each
    /// imputed variable, the mean and SD of its imputed values after each iteration of each chain
    /// on the full data (the analysis's own chains under Rubin's rules; M chains on the full data,
    /// streams ``RandomStream/Purpose/imputation``, beside bootstrap-then-impute).
    public internal(set) var chains: [Chains] = []
    /// The result of each requested ``CEAImputation/Variant``, in the order asked.
    public internal(set) var variants: [(variant: CEAImputation.Variant, result: CEAResult)] = []

    /// One variable's chains: `means[chain][iteration]`, `standardDeviations[chain][iteration]`.
    public struct Chains: Sendable {
        public let variable: String
        public let means: [[Double]]
        public let standardDeviations: [[Double]]
    }

    /// The diagnostic of `chains`, run on `model`.
    static func diagnostics(_ chains: [ImputationChain], model: ImputationModel) -> [Chains] {
        model.imputedVariables.indices.map { v in
            Chains(variable: model.imputedVariables[v], means: chains.map { $0.means[v] },
                   standardDeviations: chains.map { $0.variances[v].map { $0.squareRoot() } })
        }
    }
}

extension CEAImputation {
    /// `-0.05,0,0.05`: a δ grid.
    /// - Throws: ``InputError`` at `parameter` for an item that is not a finite number.
    public static func grid(parsing text: String, parameter: Parameter) throws -> [Double] {
        try text.split(separator: ",").map { item in
            guard let value = NumberParser.parse(String(String(item).trimmingSpaces)), value.isFinite else {
                throw InputError(parameter: parameter, problem: "\(MessageText.display(String(item))) is not a number", fix: "give numbers separated by commas, e.g. -0.05,0,0.05")
            }
            return value
        }
    }
}
