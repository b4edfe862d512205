import LinearAlgebra
import Models
import Tabular

/// Keeps the arm contrast meaningful.
///
/// 1. The covariates must keep the intercept and may not use the equation's own outcome (the
///    increment would be the treated arm's mean, or exactly 0), nor the arm column (`group`, `C(group)`, `group:age`, `I(2*group)`):
///    the arm enters every equation by itself, and an arm interaction would make ΔE the effect at
///    the interacting covariate's zero. Effects by subgroup come from `subgroup`.
/// 2. The arm indicator may not lie in the span of an equation's covariates (sites nested in arms
///    with `C(site)` as a covariate): least squares would alias a covariate column instead and
///    report a contrast between two sites as the arm effect. The test is by rank, as `lm`
///    decides aliasing: with the indicator as the last column of `outcome ~ covariates + arm`,
///    R's pivoting rule (tolerance 1e-7) aliases it. The covariate named is the first term whose
///    removal makes the arm estimable.
enum ArmConfounding {
    static func check(_ d: CEAData, spec: CEASpecification) throws {
        let equations: [(Formula?, String, Parameter)] = [(d.effectCovariates, "effect", .effectCovariates),
                                                          (d.costCovariates, "cost", .costCovariates)]
        for ((covariates, _, parameter), outcome) in zip(equations, [spec.effect, spec.cost]) {
            guard let covariates else { continue }
            guard covariates.hasIntercept else {
                throw InputError(parameter: parameter, problem: "the covariates remove the intercept ('0' or '-1'), which would make the arm coefficient the intervention arm's mean rather than its difference from control",
                                 fix: "keep the intercept: remove '0' or '-1' from \(parameter: parameter)")
            }
            for variable in covariates.predictors where variable.columns.contains(outcome) {
                throw InputError(origin: variable.origin, problem: "the covariates use the outcome '\(outcome)' itself, so the equation reproduces it exactly and every increment would be 0",
                                 fix: "remove '\(outcome)' from \(parameter: parameter); adjust for its baseline value instead")
            }
            for term in covariates.terms {
                guard let variable = term.variables.first(where: { $0.columns.contains(spec.arm) }) else { continue }
                throw InputError(origin: variable.origin,
                                 problem: "the covariate term '\(term.text)' uses the arm column '\(spec.arm)'; the arm enters each equation by itself, and an arm interaction would make the increment the effect at the other variable's zero",
                                 fix: "remove '\(term.text)' from \(parameter: parameter); for increments by subgroup use \(parameter: .subgroup)")
            }
        }
        for (covariates, equation, _) in equations {
            guard let covariates, !covariates.terms.isEmpty, try absorbs(covariates, d) else { continue }
            let culprit = try covariates.terms.indices.first { !(try absorbs(covariates.removingTerm(at: $0), d)) }
            let names = culprit.map { [covariates.terms[$0]] } ?? covariates.terms
            throw AnalysisError.armConfounded(arm: spec.arm, covariate: names.map { "'\($0.text)'" }.joined(separator: " + "),
                                              equation: equation)
        }
    }

    /// Whether `covariates` alias the arm indicator placed after them.
    private static func absorbs(_ covariates: Formula, _ d: CEAData) throws -> Bool {
        let indicator = Formula.Variable(column: CEAData.indicator, parameter: .arm)
        let formula = Formula(response: Formula.Variable(column: CEAData.indicator, parameter: .arm),
                              terms: covariates.terms + [Formula.Term([indicator])], hasIntercept: covariates.hasIntercept)
        let design = try DesignMatrix.build(from: d.data, formula: formula)
        // With no more rows than columns every column may be aliased; the fit reports too few rows.
        guard design.rowCount > design.columnCount else { return false }
        let x = design.materialized()
        let fit = try LeastSquaresFit.fit(x: x, y: design.response)
        return fit.aliased.contains(design.columnCount - 1)
    }
}
