import PHBEvalCore
import Study

/// The regressions of the outcomes made as the primary analysis is made (the outcome comparisons,
/// and `reproduce`'s subgroup tests of the outcomes):
///
/// - on the rows the cost-effectiveness analyses use (without `analysis.missing.exclude`);
/// - weighted when the spec weights: the propensity model (``StudyPipeline/weighting(_:)``) fitted
///   to the rows each regression uses, weighted least squares with HC1 errors (CR1 with clusters),
///   as `sandwich::vcovHC(lm(…, weights = w), type = "HC1")`; otherwise classical (CR1 with clusters);
/// - under `analysis.missing.method: mi`, the outcomes' incomplete columns imputed once, by chained
///   equations within each arm (PMM; so that the imputations keep every arm × covariate
///   interaction a subgroup test estimates), with the complete columns of the outcomes, the
///   participant characteristics (`data.characteristics`) and the propensity covariates as
///   predictors; m = `analysis.missing.imputations` under Rubin's rules, else ``imputations`` (a
///   bootstrap-then-impute primary's imputations are per sample); every regression fitted to each
///   completed dataset (the propensity model too) and each term pooled by Rubin's rules with the
///   residual df (``PooledRegression``). Otherwise complete cases.
public struct OutcomeRegression: Sendable {
    /// One coefficient: its estimate, standard error, p-value and the df of its t reference (nil:
    /// the normal).
    public struct Term: Sendable {
        public let term: String
        public let estimate: Double
        public let standardError: Double
        public let pValue: Double
        public let degreesOfFreedom: Double?
    }

    /// m when the spec does not say (White, Royston & Wood 2011, Stat Med 30:377: at least the
    /// percentage of incomplete cases).
    public static let imputations = 20

    /// Name of the weight column added for the weighted fits.
    static let weightColumn = "phbeval_outcome_weight"

    let spec: StudySpec
    let treated: [Bool]
    /// The data, or the m completed datasets.
    let datasets: [Dataset]
    /// m when imputed, else nil.
    public let imputed: Int?
    /// The propensity weights of every row when the spec weights and no propensity covariate is
    /// missing: the same for every completed dataset and every regression on all rows, so fitted once.
    let allRowWeights: [Double]?

    /// - Parameters:
    ///   - data: the rows analysed, with arms `treated`;
    ///   - outcomes: the outcome columns (scores at every time, cost categories) to impute where
    ///     incomplete;
    ///   - passive: columns recomputed from imputed ones (the total cost from its categories), so
    ///     that a total and its parts stay consistent in every completed dataset.
    public init(spec: StudySpec, data: Dataset, treated: [Bool], outcomes: [String], passive: [PassiveVariable] = []) throws {
        self.spec = spec
        self.treated = treated
        let a = spec.analysis
        let incomplete = try outcomes.filter { try data.requireColumn($0).missing.contains(true) }
        let weighting = StudyPipeline.weighting(spec)
        let propensityColumns = try weighting.map { try $0.columns(in: data, arm: StudyPipeline.interventionColumn) } ?? []
        let complete = try propensityColumns.allSatisfy { !(try data.requireColumn($0).missing.contains(true)) }
        // A weighting that cannot be made on all rows is left to each regression, whose rows it
        // names when it fails there.
        allRowWeights = weighting.flatMap { complete ? try? PropensityWeighting(data: data, treated: treated, options: $0).weights : nil }
        guard a.missing.method == .mi, !incomplete.isEmpty else {
            (datasets, imputed) = ([data], nil)
            return
        }
        var auxiliary: [String] = []
        let passive = try passive.filter { try data.requireColumn($0.name).missing.contains(true) }
        for name in outcomes + spec.data.characteristics + propensityColumns
        where !incomplete.contains(name) && !auxiliary.contains(name) && !passive.contains(where: { $0.name == name }) {
            if let column = data.column(named: name), !column.missing.contains(true) { auxiliary.append(name) }
        }
        let model = try ImputationModel(data: data, options: ImputationOptions(
            variables: incomplete, auxiliary: auxiliary, passive: passive, by: StudyPipeline.interventionColumn,
            imputations: a.bootstrap == nil ? a.missing.imputations ?? Self.imputations : Self.imputations, iterations: a.missing.iterations,
            donors: a.missing.donors, seed: a.missing.seed ?? a.bootstrap?.seed ?? 1, threads: a.threads))
        let result = try model.impute()
        datasets = try (0..<result.imputations).map { try result.completed($0) }
        imputed = result.imputations
    }

    /// The estimable terms of `formula` and the rows it used: least squares, or with `.binomial`
    /// a logistic regression (R's `glm`; weighted, `glm(…, family = quasibinomial, weights = w)`
    /// with `sandwich::vcovHC(type = "HC1")`, whose Wald z is the weighted comparison WeightIt's
    /// documentation recommends for a binary outcome).
    ///
    /// `requiring`: further columns a row must have to be used (so that regressions of a total's
    /// parts use the same rows, and their coefficients sum to the total's).
    public func fit(_ formula: String, family: Family = .gaussian, requiring: [String] = []) throws -> (terms: [Term], rows: Int) {
        let parsed = try Formula(formula)
        let a = spec.analysis
        let weighting = StudyPipeline.weighting(spec)
        let variance: VarianceType = a.cluster != nil ? .CR1 : weighting != nil ? .HC1 : .classical
        let regression = Regression.Specification(formula: parsed, family: family, variance: variance,
                                                  weights: weighting == nil ? nil : Self.weightColumn, cluster: a.cluster)
        let propensityColumns = try weighting.map { try $0.columns(in: datasets[0], arm: StudyPipeline.interventionColumn) } ?? []
        let used = parsed.columns + propensityColumns + [a.cluster].compactMap { $0 } + requiring
        /// The complete rows of `d` for `used`, weighted when the spec weights.
        func prepared(_ d: Dataset) throws -> Dataset {
            let missing = try used.map { try d.requireColumn($0).missing }
            let rows = (0..<d.rowCount).filter { i in !missing.contains { $0[i] } }
            var subset = try d.selectingRows(rows)
            if let weighting {
                let w = try allRowWeights.flatMap { rows.count == d.rowCount ? $0 : nil }
                    ?? PropensityWeighting(data: subset, treated: rows.map { treated[$0] }, options: weighting).weights
                try subset.append(Column(name: Self.weightColumn, numbers: w))
            }
            return subset
        }
        let fits = try datasets.map { try Regression.fit(regression, to: try prepared($0)) }
        guard fits.count > 1 else {
            let terms = fits[0].terms.compactMap { t -> Term? in
                guard let e = t.estimate, let se = t.standardError, let p = t.pValue else { return nil }
                return Term(term: t.term, estimate: e, standardError: se, pValue: p, degreesOfFreedom: t.degreesOfFreedom)
            }
            return (terms, fits[0].observationCount)
        }
        let pooled = try PooledRegression(fits)
        let terms = zip(pooled.first.terms, pooled.pooled).compactMap { term, p -> Term? in
            p.map { Term(term: term.term, estimate: $0.estimate, standardError: $0.standardError, pValue: $0.pValue, degreesOfFreedom: $0.degreesOfFreedom) }
        }
        return (terms, fits[0].observationCount)
    }
}
