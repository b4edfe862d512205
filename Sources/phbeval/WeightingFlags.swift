import ArgumentParser
import PHBEval

extension WeightingOptions.Estimand: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

/// The propensity-weighting flags shared by `cea` and `balance`.
struct WeightingFlags: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Propensity model terms (treated ~ terms, logistic), e.g. \"age + female + C(site)\".", valueName: "terms"))
    var propensity: String?

    @Option(help: "Estimand of the weights: ATE (1/P(T = t | X)) or ATT (1 for treated, e/(1 − e) for controls).")
    var estimand: WeightingOptions.Estimand?

    @Flag(help: "Stabilise ATE weights: multiply by the arm's marginal share (WeightIt's stabilize = TRUE).")
    var stabilize = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Trim the weights at this quantile, in (0.5, 1): larger weights are set to it (WeightIt's trim; ATT trims the controls).", valueName: "Q"))
    var trim: Double?

    @Option(help: ArgumentHelp("0/1 column: rows with 1 were randomised, keep weight 1 and stay out of the propensity model.", valueName: "column"))
    var randomised: String?

    /// The options with `model` as the propensity model's terms.
    func options(propensity model: String) -> WeightingOptions {
        WeightingOptions(propensity: model, estimand: estimand ?? .ate, stabilize: stabilize, trim: trim, randomised: randomised)
    }

    /// The weighting flags given without a propensity model, for the error that says so.
    var orphanFlags: [String] {
        [estimand.map { _ in "--estimand" }, stabilize ? "--stabilize" : nil, trim.map { _ in "--trim" }, randomised.map { _ in "--randomised" }].compactMap { $0 }
    }
}
