import Models
import Tabular

/// Detects an arm indicator that lies in the span of an equation's covariates (sites nested in
/// arms with `C(site)` as a covariate is the common case). Least squares would then alias a
/// covariate column instead and report a contrast between, say, two sites as the arm effect; the
/// analysis stops instead, naming the covariate.
///
/// The test: the least-squares fit of the indicator on the covariates (with their intercept)
/// leaves no residual (R's `summary.lm` perfect-fit criterion, as ``AnalysisError/perfectFit``).
/// The covariate named is the first term whose removal makes the arm estimable.
enum ArmConfounding {
    static func check(_ d: CEAData, spec: CEASpecification) throws {
        let equations: [(Formula?, String)] = [(d.effectCovariates, "effect"), (d.costCovariates, "cost")]
        for (covariates, equation) in equations {
            guard let covariates, !covariates.terms.isEmpty, try absorbs(covariates, d) else { continue }
            let culprit = try covariates.terms.indices.first { !(try absorbs(covariates.removingTerm(at: $0), d)) }
            let names = culprit.map { [covariates.terms[$0]] } ?? covariates.terms
            throw AnalysisError.armConfounded(arm: spec.arm, covariate: names.map { "'\($0.text)'" }.joined(separator: " + "),
                                              equation: equation)
        }
    }

    /// Whether the arm indicator is reproduced exactly by `covariates`.
    private static func absorbs(_ covariates: Formula, _ d: CEAData) throws -> Bool {
        let indicator = Formula.Variable(column: CEAData.indicator, parameter: .arm)
        let formula = Formula(response: indicator, terms: covariates.terms, hasIntercept: covariates.hasIntercept)
        do {
            _ = try DesignMatrix.build(from: d.data, formula: formula).fitted()
            return false
        } catch AnalysisError.perfectFit {
            return true
        } catch is AnalysisError {
            return false
        }
    }
}
