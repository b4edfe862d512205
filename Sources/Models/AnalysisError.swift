/// An analysis that cannot be done on valid input (exit status 1 in the CLI): a singular or
/// degenerate design, an outcome with no variation, separation, non-convergence.
/// Each case renders as a sentence saying what happened and what can be done.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooFewRows(rows: Int, parameters: Int)
    case noResidualDegreesOfFreedom(rows: Int, parameters: Int)
    case constantOutcome(name: String, value: Double, rows: Int)
    case separation(term: String)
    /// A propensity model that cannot give usable weights (separation naming the covariate, a
    /// propensity of 0 or 1, no convergence): `what` is the whole sentence.
    case propensity(String)
    case notConverged(iterations: Int)
    case leverageOne(rowLine: Int?, variance: String)
    case tooFewClusters(count: Int)
    case perfectFit
    case armTooSmall(arm: String, rows: Int)
    /// The arm indicator is a linear combination of covariates (e.g. sites nested in arms with a
    /// site covariate): no contrast between arms can be estimated.
    case armConfounded(arm: String, covariate: String, equation: String)
    case numericalFailure(String)
    /// A result that is not a finite number, or a variance lost to underflow, at extreme
    /// magnitudes of the data: `what` says which, e.g. "the variance of 'x' is not a finite number".
    case extremeMagnitude(String)

    public var description: String {
        switch self {
        case .tooFewRows(let n, let p):
            return "the model has \(p) parameters but only \(n) complete rows; at least \(p + 1) are needed. Simplify the formula or use more data"
        case .noResidualDegreesOfFreedom(let n, let p):
            return "the model has as many estimable parameters (\(p)) as complete rows (\(n)), so no variance can be estimated. Simplify the formula or use more data"
        case .constantOutcome(let name, let value, let n):
            return "the outcome '\(name)' is \(value.shortestText) in all \(n) rows used, so a GLM cannot be fitted (its estimates would diverge). Check the outcome and the rows kept"
        case .separation(let term):
            return "the outcome is perfectly predicted (complete or quasi-complete separation): fitted probabilities reached 0 or 1 and the estimate of '\(term)' diverges. Remove or merge the categories or predictors that separate the outcome, or use a penalised model"
        case .propensity(let what):
            return "propensity weighting: \(what)"
        case .notConverged(let iterations):
            return "the iterative fit did not converge in \(iterations) iterations; the estimates are not reliable. Check for separation, extreme values or a mis-specified family/link"
        case .leverageOne(let line, let variance):
            let whereText = line.map { "the row on line \($0)" } ?? "a row"
            return "\(whereText) has leverage 1 (it alone determines a coefficient), so the \(variance) variance divides by zero. Use HC0, HC1, CR1 or CR2, or remove the category with a single member"
        case .tooFewClusters(let g):
            return "cluster-robust variances need at least 2 clusters, found \(g). Analyse without clustering (in a regression, a heteroskedasticity-robust HC variance), or cluster on a coarser unit"
        case .perfectFit:
            return "the predictors reproduce the outcome exactly (zero residuals), so standard errors are zero and tests are undefined. Check that the outcome is not computed from the predictors"
        case .armTooSmall(let arm, let rows):
            return "the \(arm) arm has only \(rows) complete row\(rows == 1 ? "" : "s"), so its variance cannot be estimated; a comparison needs at least 2 rows per arm"
        case .armConfounded(let arm, let covariate, let equation):
            return "the arm ('\(arm)') is a linear combination of the covariate \(covariate) in the \(equation) equation (for example sites nested within arms), so the difference between arms cannot be separated from it and any arm coefficient would be a meaningless contrast. Remove \(covariate) from the covariates, or adjust for it by clustering instead"
        case .numericalFailure(let what):
            return "the computation failed: \(what)"
        case .extremeMagnitude(let what):
            return "\(what): the computation overflowed (or underflowed) double precision at the magnitudes of the data. Rescale the variables (e.g. costs in thousands, or divide by a power of ten) so that their values and products stay well inside ±1e150, and rerun"
        }
    }
}
