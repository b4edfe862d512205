import Distributions
import StatFiles
import LinearAlgebra
import Models
import Tabular

/// Propensity-score weighting of a comparison of two arms: the logistic propensity model
/// `treated ~ covariates` (R's `glm(family = binomial)`, through ``DesignMatrix/fitted(family:link:frequencyWeights:start:rejectingPerfectFit:)``),
/// the inverse probability weights (``InverseProbabilityWeights``), the balance table
/// (``BalanceTable``) and the effective sample sizes.
///
/// With a randomised column, rows with 1 keep weight 1 and are left out of the propensity model,
/// the balance table and the effective sample sizes: the weighting corrects only the rows whose
/// allocation was not random.
///
/// A fitted propensity within ``extremePropensity`` of 0 or 1 (a weight above 10¹⁰), a separated
/// propensity model or one that does not converge is an ``AnalysisError`` naming the covariate.
public struct PropensityWeighting: Sendable {
    /// A propensity-model coefficient (classical GLM errors, z statistic; nil numbers when aliased).
    public struct Term: Sendable, Equatable {
        public let term: String
        public let estimate: Double?
        public let standardError: Double?
        public let statistic: Double?
        public let pValue: Double?
        /// The Barnard–Rubin df of a term pooled over imputations (its p-value is a t test); nil: a z test.
        public var degreesOfFreedom: Double? = nil
        public var aliased: Bool { estimate == nil }
    }

    /// Rows per arm, or effective sample sizes per arm.
    public struct ArmSizes: Sendable, Equatable {
        public let treated: Double
        public let control: Double
    }

    public let options: WeightingOptions
    /// The weight of every row given (1 for randomised rows).
    public let weights: [Double]
    /// Indices of the rows weighted (randomised = 0, or all rows).
    public let weightedRows: [Int]
    /// Rows left at weight 1 because they were randomised.
    public var randomisedCount: Int { weights.count - weightedRows.count }
    public let terms: [Term]
    public let balance: [BalanceTable.Row]
    /// Rows per arm among the weighted rows, and Kish's effective sample size (Σw)²/Σw² per arm.
    public let sizes: ArmSizes
    public let effectiveSizes: ArmSizes
    /// The weight the trimming set the larger weights to (nil without trimming).
    public let trimThreshold: Double?
    /// Diagnostics of the weights that do not stop the analysis (stderr and JSON `warnings`):
    /// an arm dominated by a few weights (``smallEffectiveShare``, ``dominantWeightShare``),
    /// balance terms left imbalanced (``imbalanceThreshold``) and SMDs not computed (overflow).
    public let warnings: [Message]
    /// The warnings among ``warnings`` that an arm rests on a few rows.
    let dominanceWarnings: [Message]
    /// m when the weighting is combined over m completed datasets (``init(pooling:)``), else nil.
    public internal(set) var imputations: Int? = nil

    /// An arm whose effective sample size after weighting is below this share of its rows is
    /// said to rest on a few rows. This is phbeval's convention, not a published rule (cobalt and
    /// WeightIt report the ESS without a cut-off): 10%, as proposed in review 4 (finding 4).
    public static let smallEffectiveShare = 0.1
    /// An arm in which one row's weight is more than this share of the arm's total weight is said
    /// to rest on that row (phbeval's convention: one row carrying most of the arm).
    public static let dominantWeightShare = 0.5
    /// A balance term with |weighted SMD| (or, binary, |difference in proportions|) at or above
    /// this is left imbalanced (Austin & Stuart 2015, Stat Med 34:3661, §4; cobalt's `thresholds`).
    public static let imbalanceThreshold = 0.1

    /// The propensity design on the weighted rows, its full-sample coefficients (the start of
    /// every bootstrap refit) and the arms of those rows.
    let design: DesignMatrix
    let start: [Double]
    let treatedWeighted: [Bool]

    /// A propensity within this distance of 0 or 1 is refused: its weight would exceed 10¹⁰.
    public static let extremePropensity = 1e-10

    /// Name of the 0/1 treatment column appended for the propensity model.
    static let indicator = "phbeval_propensity_treated"

    /// Weights the rows of `data` (complete on every column used: the caller has made the
    /// listwise deletion) whose arms are `treated`.
    /// - Parameter balanceCovariates: the terms of the balance table (default: the propensity
    ///   model's).
    /// - Throws: ``InputError`` for a randomised column that is not 0/1, no row to weight, an arm
    ///   without non-randomised rows, bad covariates; ``AnalysisError`` when the propensity model
    ///   cannot be used (separation, a propensity of 0 or 1, no convergence).
    public init(data: Dataset, treated: [Bool], options: WeightingOptions, balanceCovariates: String? = nil) throws {
        try options.validate()
        precondition(treated.count == data.rowCount)
        self.options = options
        weightedRows = try Self.nonRandomisedRows(data, options: options)
        guard data.column(named: Self.indicator) == nil else {
            throw InputError(file: data.source, problem: "the data already has a column named '\(Self.indicator)'",
                             fix: "rename that column; phbeval uses the name for the propensity model's treatment indicator")
        }
        var subset = try data.selectingRows(weightedRows)
        let arms = weightedRows.map { treated[$0] }
        let treatedCount = arms.filter { $0 }.count
        guard treatedCount > 0, treatedCount < arms.count else {
            let missing = treatedCount == 0 ? "treated" : "control"
            throw InputError(parameter: options.randomised == nil ? .propensity : .randomised,
                             problem: "the \(weightedRows.count) rows to weight\(options.randomised == nil ? "" : " (randomised = 0)") have no \(missing) row, so no propensity model can be fitted",
                             fix: "weighting compares arms where allocation was not random: check \(parameter: .arm), \(parameter: .treated)\(options.randomised == nil ? "" : " and \(parameter: .randomised)")")
        }
        try subset.append(Column(name: Self.indicator, numbers: arms.map { $0 ? 1 : 0 }))
        treatedWeighted = arms
        let rhs = try options.propensityFormula()
        let formula = Formula(response: .init(column: Self.indicator, parameter: .arm), terms: rhs.terms, hasIntercept: rhs.hasIntercept)
        design = try DesignMatrix.build(from: subset, formula: formula)
        guard design.rowCount == subset.rowCount else {
            throw AnalysisError.numericalFailure("the propensity model dropped rows the analysis keeps")
        }
        let fit = try Self.fit(design, arms: arms, counts: nil, start: nil, data: subset)
        if let separation = Self.univariateSeparation(design, arms: arms, counts: nil) {
            // IRLS may stop just short of the divergence the fit's own test looks for.
            throw AnalysisError.propensity(separation)
        }
        start = fit.coefficients
        var w = InverseProbabilityWeights.weights(propensity: fit.fittedMeans, treated: arms, estimand: options.estimand, stabilize: options.stabilize)
        if let q = options.trim {
            let trimmed = InverseProbabilityWeights.trimmed(w, at: q, treated: arms, estimand: options.estimand)
            w = trimmed.weights
            trimThreshold = trimmed.threshold
        } else {
            trimThreshold = nil
        }
        var all = [Double](repeating: 1, count: data.rowCount)
        for (k, i) in weightedRows.enumerated() { all[i] = w[k] }
        weights = all
        terms = design.columnNames.enumerated().map { j, name in
            guard let kept = fit.keptIndex(of: j) else { return Term(term: name, estimate: nil, standardError: nil, statistic: nil, pValue: nil) }
            let estimate = fit.coefficients[j], se = fit.covariance[kept, kept].squareRoot()
            let z = estimate / se
            return Term(term: name, estimate: estimate, standardError: se, statistic: z, pValue: 2 * Normal.cdf(-abs(z)))
        }
        balance = try BalanceTable.rows(covariates: try balanceCovariates.map { try Formula.rightHandSide($0, parameter: .covariates) } ?? rhs,
                                        data: subset, treated: arms, weights: w, estimand: options.estimand)
        sizes = ArmSizes(treated: Double(treatedCount), control: Double(arms.count - treatedCount))
        let wt = zip(w, arms).filter { $0.1 }.map(\.0), wc = zip(w, arms).filter { !$0.1 }.map(\.0)
        effectiveSizes = ArmSizes(treated: InverseProbabilityWeights.effectiveSampleSize(wt),
                                  control: InverseProbabilityWeights.effectiveSampleSize(wc))
        dominanceWarnings = Self.dominanceWarnings(weights: w, arms: arms, propensity: fit.fittedMeans, data: subset, options: options)
        warnings = dominanceWarnings + Self.balanceWarnings(balance)
    }

    /// Per arm: the effective sample size below ``smallEffectiveShare`` of the arm's rows, or
    /// the largest weight above ``dominantWeightShare`` of the arm's total, naming that row.
    static func dominanceWarnings(weights w: [Double], arms: [Bool], propensity e: [Double], data: Dataset, options: WeightingOptions) -> [Message] {
        [true, false].compactMap { arm -> Message? in
            let rows = arms.indices.filter { arms[$0] == arm }
            guard let top = rows.max(by: { w[$0] < w[$1] }) else { return nil }
            let total = rows.reduce(0.0) { $0 + w[$1] }
            let ess = InverseProbabilityWeights.effectiveSampleSize(rows.map { w[$0] })
            let share = w[top] / total
            guard ess < smallEffectiveShare * Double(rows.count) || share > dominantWeightShare else { return nil }
            let row = data.line(ofRow: top).map { "the row on line \($0)" } ?? "row \(top + 1) of the rows weighted"
            let percent = { (x: Double) in String(Int((100 * x).rounded())) + "%" }
            let remedy: Message = options.trim == nil ? "trim the weights (\(parameter: .trim) 0.99)" : "trim the weights harder (a lower \(parameter: .trim))"
            return "the \(arm ? "treated" : "control") arm rests on a few rows: its effective sample size after weighting is \(ess.tableText) of \(rows.count) rows (\(percent(ess / Double(rows.count)))), and its largest weight, \(w[top].tableText) on \(row) (propensity \(e[top].tableText)), carries \(percent(share)) of the arm's weight (warned below \(percent(smallEffectiveShare)) effective rows or above \(percent(dominantWeightShare)) on one row). The increments and their standard errors then describe those rows only; check the overlap of the arms, remove or coarsen the covariate giving extreme propensities, restrict the analysis to rows where both arms occur, or \(remedy)"
        }
    }

    /// Balance terms with |weighted difference| ≥ ``imbalanceThreshold``, and SMDs not computed
    /// because the SD overflows.
    static func balanceWarnings(_ balance: [BalanceTable.Row]) -> [Message] {
        var out: [Message] = []
        let imbalanced = balance.filter { ($0.weighted.map(abs) ?? 0) >= imbalanceThreshold }
        if !imbalanced.isEmpty {
            let list = imbalanced.prefix(10).map { "\($0.term) (\($0.weighted!.tableText))" }.joined(separator: ", ") + (imbalanced.count > 10 ? ", …" : "")
            out.append("after weighting, \(imbalanced.count) balance term\(imbalanced.count == 1 ? "" : "s") still differ\(imbalanced.count == 1 ? "s" : "") between the arms by \(imbalanceThreshold.shortestText) or more (|SMD|, or the difference in proportions for binary terms; Austin & Stuart 2015): \(list). The weighted comparison may still be confounded; check the overlap of the arms, add squares or interactions of these terms to \(parameter: .propensity), or restrict the analysis to rows where both arms occur")
        }
        for row in balance where row.note == BalanceTable.overflowNote {
            out.append("the SMD of '\(row.term)' is not computed: \(BalanceTable.overflowNote); rescale the covariate (e.g. I(x / 1000)) in \(parameter: .covariates) or \(parameter: .propensity)")
        }
        return out
    }

    /// The weights of a bootstrap replicate: the propensity model refitted to the rows repeated
    /// `counts` times (IRLS from the full-sample estimates), its weights stabilised and trimmed
    /// on the replicate's rows, times the counts (so a row not drawn has weight 0).
    /// - Throws: ``AnalysisError`` when the replicate's propensity model separates, does not
    ///   converge or gives a propensity of 0 or 1 (the caller drops and counts the replicate).
    public func replicateWeights(counts: [Double]) throws -> [Double] {
        let c = weightedRows.map { counts[$0] }
        let fit = try Self.fit(design, arms: treatedWeighted, counts: c, start: start, data: nil)
        var w = InverseProbabilityWeights.weights(propensity: fit.fittedMeans, treated: treatedWeighted, estimand: options.estimand,
                                                  stabilize: options.stabilize, counts: c)
        if let q = options.trim {
            w = InverseProbabilityWeights.trimmed(w, at: q, treated: treatedWeighted, estimand: options.estimand, counts: c).weights
        }
        var all = counts
        for (k, i) in weightedRows.enumerated() { all[i] = counts[i] * w[k] }
        return all
    }

    /// The rows with randomised = 0 (every row without a randomised column).
    static func nonRandomisedRows(_ data: Dataset, options: WeightingOptions) throws -> [Int] {
        guard let name = options.randomised else { return Array(0..<data.rowCount) }
        let column = try data.requireColumn(name, usedAt: .parameter(.randomised, position: nil))
        guard let values = column.numbers else {
            throw InputError(parameter: .randomised, problem: "the randomised column '\(name)' is text",
                             fix: "code it 1 for rows whose allocation was randomised and 0 for the others; if it is a Stata, SPSS or SAS variable with value labels on the codes 0 and 1, add \(parameter: .keepCodes) to read the codes (then give \(parameter: .treated) as a code too)")
        }
        if let bad = values.indices.first(where: { !column.missing[$0] && values[$0] != 0 && values[$0] != 1 }) {
            throw data.inputError(row: bad, column: name, problem: "the randomised indicator is \(values[bad].shortestText), not 0 or 1",
                                  fix: "code it 1 for rows whose allocation was randomised and 0 for the others")
        }
        // Callers drop incomplete rows first; a missing indicator reaching here must not count as randomised.
        if let missing = column.missing.firstIndex(of: true) {
            throw data.inputError(row: missing, column: name, problem: "the randomised indicator is missing",
                                  fix: "code it 1 for rows whose allocation was randomised and 0 for the others, or leave the row out")
        }
        let rows = values.indices.filter { values[$0] == 0 }
        guard !rows.isEmpty else {
            throw InputError(parameter: .randomised, problem: "every one of the \(data.rowCount) rows analysed has \(name) = 1 (randomised), so there is nothing to weight",
                             fix: "leave out \(parameter: .propensity): a randomised comparison needs no propensity weighting")
        }
        return rows
    }

    /// The logistic propensity fit, with separation, non-convergence and extreme propensities
    /// refused naming the covariate responsible.
    /// - Parameter data: the weighted rows (for locating a row in messages); nil in replicates.
    static func fit(_ design: DesignMatrix, arms: [Bool], counts: [Double]?, start: [Double]?, data: Dataset?) throws -> ModelFit {
        let fit: ModelFit
        do {
            fit = try design.fitted(family: .binomial, frequencyWeights: counts, start: start)
        } catch AnalysisError.separation(let term) {
            throw AnalysisError.propensity(Self.separationMessage(design, arms: arms, counts: counts, diverging: term))
        }
        guard fit.converged else {
            throw AnalysisError.propensity("the propensity model did not converge in 25 iterations; check the covariates for near-separation or extreme values")
        }
        let tolerance = extremePropensity
        if let i = fit.fittedMeans.indices.first(where: { (counts?[$0] ?? 1) > 0 && (fit.fittedMeans[$0] <= tolerance || fit.fittedMeans[$0] >= 1 - tolerance) }) {
            let e = fit.fittedMeans[i]
            let x = design.materialized()
            let candidates = fit.kept.filter { design.columnNames[$0] != "(Intercept)" }
            let j = candidates.max { abs(fit.coefficients[$0] * x[i, $0]) < abs(fit.coefficients[$1] * x[i, $1]) }
            let row = data.flatMap { $0.line(ofRow: i) }.map { "the row on line \($0)" } ?? "row \(i + 1) of the rows weighted"
            let blame = j.map { "; the covariate contributing most to its linear predictor is '\(design.columnNames[$0])' (value \(x[i, $0].shortestText), coefficient \(fit.coefficients[$0].shortestText))" } ?? ""
            throw AnalysisError.propensity("the propensity model gives \(row) a probability of treatment of \(e.shortestText), within \(tolerance.shortestText) of \(e < 0.5 ? 0 : 1), so its weight would exceed 10^10 (no overlap between the arms there)\(blame). Remove or coarsen that covariate, or restrict the analysis to rows where both arms occur (trimming the weights would hide the lack of overlap, not cure it)")
        }
        return fit
    }

    /// Which covariate separates the arms: the univariate test (``univariateSeparation(_:arms:counts:)``),
    /// else the term whose estimate diverges.
    static func separationMessage(_ design: DesignMatrix, arms: [Bool], counts: [Double]?, diverging: String) -> String {
        univariateSeparation(design, arms: arms, counts: counts)
            ?? "the covariates separate the arms together (complete or quasi-complete separation): propensities reach 0 or 1 and the estimate of '\(diverging)' diverges. Remove or merge the covariates that predict the arm perfectly, or restrict the analysis to rows where both arms occur"
    }

    /// A design column whose values in one arm all lie at or beyond its values in the other
    /// (univariate complete or quasi-complete separation, Albert & Anderson 1984: e.g. a site or
    /// category present in one arm only), as the message that names it; nil when none does.
    /// Columns constant over the rows are left out (they are aliased with the intercept). For a 0/1
    /// column the message names the value (0 or 1) whose rows all lie in one arm.
    static func univariateSeparation(_ design: DesignMatrix, arms: [Bool], counts: [Double]?) -> String? {
        let x = design.materialized()
        for j in 0..<design.columnCount where design.columnNames[j] != "(Intercept)" {
            var range = (treated: (Double.infinity, -Double.infinity), control: (Double.infinity, -Double.infinity))
            var indicator = true
            for i in 0..<x.rows where (counts?[i] ?? 1) > 0 {
                let v = x[i, j]
                indicator = indicator && (v == 0 || v == 1)
                if arms[i] { range.treated = (min(range.treated.0, v), max(range.treated.1, v)) }
                else { range.control = (min(range.control.0, v), max(range.control.1, v)) }
            }
            guard min(range.treated.0, range.control.0) < max(range.treated.1, range.control.1) else { continue }
            let name = design.columnNames[j]
            let remedy = "so the propensity model's estimate diverges and some propensities are 0 or 1. Remove '\(name)' from the propensity model, merge its categories, or restrict the analysis to rows where both arms occur"
            let treatedAbove = range.control.1 <= range.treated.0
            guard treatedAbove || range.treated.1 <= range.control.0 else { continue }
            if indicator {
                // A 0/1 indicator (a category, a binary covariate): the value whose rows are all in one arm.
                let (value, arm) = treatedAbove ? (range.control.1 == 0 ? (1, "treated") : (0, "a control"))
                    : (range.treated.1 == 0 ? (1, "a control") : (0, "treated"))
                return "'\(name)' separates the arms: every row with \(name) equal to \(value) is \(arm), \(remedy)"
            }
            if treatedAbove {
                return "'\(name)' separates the arms: every row with \(name) above \(range.control.1.shortestText) is treated, and no control row has a larger value, \(remedy)"
            }
            return "'\(name)' separates the arms: every row with \(name) above \(range.treated.1.shortestText) is a control, and no treated row has a larger value, \(remedy)"
        }
        return nil
    }
}
