import Models
import Tabular

/// The balance table of a dataset on its own (`phbeval balance`): listwise deletion over the
/// arm, the covariates and the weighting's columns (reported), the arm coded from its treated
/// value, then ``PropensityWeighting`` with the covariates as the balance terms.
public struct BalanceAnalysis: Sendable {
    public let weighting: PropensityWeighting
    public let dropped: DroppedRows
    /// Rows analysed (after listwise deletion), randomised ones included.
    public let rowCount: Int

    /// - Parameter covariates: the balance terms (formula syntax); `options.propensity` is the
    ///   propensity model (the same terms when the caller has no other).
    /// - Throws: ``InputError`` for unknown columns, a treated value of the wrong type, bad
    ///   weighting input; ``AnalysisError`` when the propensity model cannot be used.
    public static func run(data: Dataset, arm: String, treatedValue: String, covariates: String, options: WeightingOptions) throws -> BalanceAnalysis {
        try options.validate()
        let armColumn = try data.requireColumn(arm, usedAt: .parameter(.arm, position: nil))
        var needed = [arm]
        for variable in try Formula.rightHandSide(covariates, parameter: .covariates).predictors {
            for name in variable.columns {
                _ = try data.requireColumn(name, usedAt: variable.origin)
                needed.append(name)
            }
        }
        needed += try options.columns(in: data)
        var deletion = ListwiseDeletion(rowCount: data.rowCount)
        for name in needed { deletion.dropMissing(try data.requireColumn(name)) }
        guard !deletion.rows.isEmpty else {
            throw InputError(file: data.source, problem: "no rows are left after dropping rows with missing values (\(deletion.dropped.summary))",
                             fix: "check the arm, covariate and randomised columns for missing values")
        }
        let subset = try data.selectingRows(deletion.rows)
        let treated: [Bool]
        switch try subset.requireColumn(arm).values {
        case .numeric(let values):
            guard let target = Double(treatedValue) else {
                throw InputError(parameter: .treated, problem: "'\(treatedValue)' is not a number, but the arm column '\(armColumn.name)' holds numbers",
                                 fix: "give the treated arm's value, e.g. \(parameter: .treated) 1")
            }
            treated = values.map { $0 == target }
        case .categorical(let codes, let levels):
            let code = levels.firstIndex(of: treatedValue).map(Int32.init)
            treated = codes.map { $0 == code }
        }
        let weighting = try PropensityWeighting(data: subset, treated: treated, options: options, balanceCovariates: covariates)
        return BalanceAnalysis(weighting: weighting, dropped: deletion.dropped, rowCount: deletion.rows.count)
    }
}
