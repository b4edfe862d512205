import Models
import Tabular

/// The balance table of a dataset on its own (`phbeval balance`): listwise deletion over the
/// arm, the covariates and the weighting's columns (reported), the arm coded by ``ArmCoding``
/// (shared with `cea`), then ``PropensityWeighting`` with the covariates as the balance terms.
public struct BalanceAnalysis: Sendable {
    public let weighting: PropensityWeighting
    public let dropped: DroppedRows
    /// Rows analysed (after listwise deletion), randomised ones included.
    public let rowCount: Int
    /// The arm's coding: the values taken as control.
    public let armCoding: ArmCoding

    /// The weighting's warnings, after the arm's (a control arm pooling several values).
    public var warnings: [Message] { [armCoding.poolingWarning].compactMap { $0 } + weighting.warnings }

    /// - Parameter covariates: the balance terms (formula syntax); `options.propensity` is the
    ///   propensity model (the same terms when the caller has no other).
    /// - Throws: ``InputError`` for unknown columns, a treated value of the wrong type, bad
    ///   weighting input; ``AnalysisError`` when the propensity model cannot be used.
    public static func run(data: Dataset, arm: String, treatedValue: String, covariates: String, options: WeightingOptions) throws -> BalanceAnalysis {
        try options.validate()
        try data.requireRows()
        _ = try data.requireColumn(arm, usedAt: .parameter(.arm, position: nil))
        var needed = [arm]
        for variable in try Formula.rightHandSide(covariates, parameter: .covariates).predictors {
            for name in variable.columns {
                _ = try data.requireObservedColumn(name, usedAt: variable.origin, parameter: .covariates)
                needed.append(name)
            }
        }
        needed += try options.columns(in: data, arm: arm)
        var deletion = ListwiseDeletion(rowCount: data.rowCount)
        for name in needed { deletion.dropMissing(try data.requireColumn(name)) }
        guard !deletion.rows.isEmpty else {
            throw InputError(file: data.source, problem: "no rows are left after dropping rows with missing values (\(deletion.dropped.summary))",
                             fix: "check the arm, covariate and randomised columns for missing values")
        }
        let subset = try data.selectingRows(deletion.rows)
        let coding = try ArmCoding(subset, all: data, arm: arm, treatedValue: treatedValue)
        let weighting = try PropensityWeighting(data: subset, treated: coding.treated, options: options, balanceCovariates: covariates)
        return BalanceAnalysis(weighting: weighting, dropped: deletion.dropped, rowCount: deletion.rows.count, armCoding: coding)
    }
}
