import Models
import Tabular

extension Parameter {
    public static let propensity: Parameter = "propensity"
    public static let estimand: Parameter = "estimand"
    public static let stabilize: Parameter = "stabilize"
    public static let trim: Parameter = "trim"
    public static let randomised: Parameter = "randomised"
    public static let covariates: Parameter = "covariates"
}

/// How a non-randomised comparison is weighted: inverse probability of treatment weights from a
/// logistic propensity model (Hernán & Robins, *Causal Inference: What If*, 2020, ch. 12;
/// conventions of R's WeightIt, `weightit(method = "glm")`).
public struct WeightingOptions: Sendable, Equatable {
    /// The population the weighted comparison describes.
    public enum Estimand: String, Sendable, CaseIterable {
        /// Average treatment effect in the whole population: wᵢ = 1/P(T = tᵢ | X).
        case ate = "ATE"
        /// Average treatment effect in the treated: 1 for treated rows, e/(1 − e) for controls.
        case att = "ATT"
    }

    /// Right-hand side of the propensity model `treated ~ …` (formula terms, e.g. `"age + C(site)"`).
    public var propensity: String
    public var estimand: Estimand
    /// ATE only: multiply each weight by the marginal share of its arm, P(T = tᵢ) (WeightIt's
    /// `stabilize = TRUE`), so that each arm's weights sum to about its size.
    public var stabilize: Bool
    /// Trim (winsorise) the weights at this quantile, in (0.5, 1): weights above the quantile are
    /// set to it (WeightIt's `trim(w, at = Q)`, R quantile type 3; under ATT only the controls').
    public var trim: Double?
    /// A 0/1 column: rows with 1 were randomised and keep weight 1; the propensity model is
    /// fitted on, and weights only, the rows with 0 (nil: every row is weighted).
    public var randomised: String?

    public init(propensity: String, estimand: Estimand = .ate, stabilize: Bool = false, trim: Double? = nil, randomised: String? = nil) {
        self.propensity = propensity
        self.estimand = estimand
        self.stabilize = stabilize
        self.trim = trim
        self.randomised = randomised
    }

    /// Checks the request's values before any data is read.
    /// - Throws: ``InputError`` for a trimming quantile outside (0.5, 1), stabilised ATT weights
    ///   or an empty propensity formula.
    public func validate() throws {
        if let trim, !(trim > 0.5 && trim < 1) {
            throw InputError(parameter: .trim, problem: "\(trim.shortestText) is not a quantile between 0.5 and 1 (exclusive)",
                             fix: "use e.g. \(parameter: .trim) 0.99 to set the weights above their 99th percentile to it")
        }
        if stabilize, estimand == .att {
            throw InputError(parameter: .stabilize, problem: "stabilisation is for ATE weights; ATT weights are 1 for the treated and already on the treated arm's scale",
                             fix: "leave out \(parameter: .stabilize), or use \(parameter: .estimand) ATE")
        }
        if propensity.trimmingSpaces.isEmpty {
            throw InputError(parameter: .propensity, problem: "the propensity model has no terms",
                             fix: "name the covariates that predict treatment, e.g. \(parameter: .propensity) \"age + female + C(site)\"")
        }
    }

    /// The propensity model's right-hand side, parsed (errors located at ``Parameter/propensity``).
    public func propensityFormula() throws -> Formula {
        try Formula.rightHandSide(propensity, parameter: .propensity)
    }

    /// Every column the weighting reads (the propensity covariates' inputs and the randomised
    /// column), each checked to exist in `data`. The propensity model may use neither the arm
    /// column (it is the model's response) nor an outcome of the comparison: weighting by
    /// P(treated | outcome) conditions on a post-treatment variable and biases the increment
    /// (Hernán & Robins 2020, §7.5, §8.4).
    /// - Parameters:
    ///   - arm: the arm column; `outcomes`: the outcome columns with their roles ("effect", "cost").
    /// - Throws: ``InputError`` at the formula position of an unknown column, of a column missing in
    ///   every row, of the arm or of an outcome, or at ``Parameter/randomised``.
    public func columns(in data: Dataset, arm: String, outcomes: [(column: String, role: String)] = []) throws -> [String] {
        var names: [String] = []
        for variable in try propensityFormula().predictors {
            for name in variable.columns {
                _ = try data.requireObservedColumn(name, usedAt: variable.origin, parameter: .propensity)
                if name == arm {
                    throw InputError(origin: variable.origin, problem: "the propensity model uses the arm column '\(arm)', which is what it predicts",
                                     fix: "remove '\(arm)' from \(parameter: .propensity); name the covariates that predict treatment")
                }
                if let outcome = outcomes.first(where: { $0.column == name }) {
                    throw InputError(origin: variable.origin, problem: "the propensity model uses the \(outcome.role) column '\(name)', an outcome measured after treatment; weighting by it biases the increment",
                                     fix: "remove '\(name)' from \(parameter: .propensity); use its baseline value instead")
                }
                names.append(name)
            }
        }
        if let randomised {
            _ = try data.requireObservedColumn(randomised, usedAt: .parameter(.randomised, position: nil), parameter: .randomised)
            names.append(randomised)
        }
        return names
    }
}
