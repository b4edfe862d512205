import Imputation
import Models
import Tabular

extension PropensityWeighting {
    /// The weighting of m completed datasets (multiple imputation, the "within" approach of
    /// Leyrat et al. 2019, Stat Methods Med Res 28:3): the propensity model is fitted and the
    /// weights computed in each completed dataset, and what the analysis reports is combined over
    /// the m, as cobalt's `bal.tab` combines multiply imputed data (its "average across
    /// imputations"):
    ///
    /// - ``weights``: each row's mean weight over the m (the analysis itself uses each
    ///   imputation's own weights);
    /// - ``terms``: the propensity coefficients by Rubin's rules (``PooledEstimate``, complete-data
    ///   df the weighted rows less the model's rank), with t statistics and p-values on the pooled df;
    /// - ``balance``: each SMD (difference in proportions) the mean of the m (nil when any is nil);
    /// - ``effectiveSizes`` and ``trimThreshold``: the means of the m;
    /// - ``warnings``: the balance warnings of the mean SMDs, and the first imputation's warning
    ///   that an arm rests on a few rows, naming the imputation.
    /// - Throws: ``AnalysisError`` when the m propensity models differ in which terms are aliased.
    public init(pooling imputations: [PropensityWeighting]) throws {
        precondition(imputations.count >= 2, "pooling needs m ≥ 2 weightings")
        let first = imputations[0], m = Double(imputations.count)
        for (k, w) in imputations.enumerated() where w.terms.map(\.aliased) != first.terms.map(\.aliased) || w.weightedRows != first.weightedRows {
            throw AnalysisError.numericalFailure("the propensity model of completed dataset \(k + 1) has other aliased terms than that of dataset 1, so it cannot be pooled; remove the propensity terms that are collinear in some imputations")
        }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / m }
        options = first.options
        weightedRows = first.weightedRows
        weights = first.weights.indices.map { i in mean(imputations.map { $0.weights[i] }) }
        let completeDataDF = Double(first.weightedRows.count - first.terms.filter { !$0.aliased }.count)
        terms = first.terms.indices.map { j in
            guard !first.terms[j].aliased else { return first.terms[j] }
            let p = PooledEstimate(estimates: imputations.map { $0.terms[j].estimate! },
                                   variances: imputations.map { $0.terms[j].standardError! * $0.terms[j].standardError! },
                                   completeDataDF: completeDataDF)
            return Term(term: first.terms[j].term, estimate: p.estimate, standardError: p.standardError, statistic: p.statistic, pValue: p.pValue,
                        degreesOfFreedom: p.degreesOfFreedom)
        }
        balance = first.balance.indices.map { j in
            func pooled(_ pick: (BalanceTable.Row) -> Double?) -> Double? {
                let values = imputations.compactMap { pick($0.balance[j]) }
                return values.count == imputations.count ? mean(values) : nil
            }
            var row = BalanceTable.Row(term: first.balance[j].term, binary: first.balance[j].binary, unweighted: pooled(\.unweighted), weighted: pooled(\.weighted))
            row.note = imputations.lazy.compactMap { $0.balance[j].note }.first
            return row
        }
        sizes = first.sizes
        effectiveSizes = ArmSizes(treated: mean(imputations.map(\.effectiveSizes.treated)), control: mean(imputations.map(\.effectiveSizes.control)))
        trimThreshold = first.trimThreshold.map { _ in mean(imputations.map { $0.trimThreshold ?? 0 }) }
        let dominance = imputations.indices.lazy.compactMap { k in
            imputations[k].dominanceWarnings.first.map { warning -> Message in "in completed dataset \(k + 1) of \(imputations.count), \(warning)" }
        }.first
        dominanceWarnings = dominance.map { [$0] } ?? []
        warnings = dominanceWarnings + Self.balanceWarnings(balance)
        design = first.design
        start = first.start
        treatedWeighted = first.treatedWeighted
        self.imputations = imputations.count
    }
}
