import Models
import Tabular

extension PooledRegression {
    /// Fits `spec` to each completed dataset of `data`, a file in mice's long format whose column
    /// `imputationColumn` numbers the datasets (`.imp`), and pools the fits by Rubin's rules.
    /// Completed datasets are taken in increasing order of their number; the rows numbered 0
    /// (the incomplete data, which `complete(imp, "long", include = TRUE)` and
    /// ``ImputationResult/longFormat(delimiter:includingOriginal:)`` put first) are not a
    /// completed dataset and are left out, as `with(mids, …)` leaves them out.
    /// - Throws: ``InputError`` when the column is absent, has a missing or non-integer value,
    ///   numbers a single dataset, or the datasets differ in their number of rows;
    ///   what ``Regression/fit(_:to:)`` and ``init(_:)`` throw.
    public static func fit(_ spec: Regression.Specification, to data: Dataset, imputationColumn: String) throws -> PooledRegression {
        let column = try data.requireColumn(imputationColumn, usedAt: .parameter(.imputations, position: nil))
        guard let numbers = column.numbers else {
            throw data.inputError(column: imputationColumn,
                                  problem: "the imputation column \(MessageText.name(imputationColumn)) is not numeric",
                                  fix: "number the completed datasets 1, 2, …, m (mice's .imp)")
        }
        var rowsOf: [Int: [Int]] = [:]
        for (row, value) in numbers.enumerated() {
            guard !column.missing[row], value == value.rounded(), abs(value) < 1e9 else {
                throw data.inputError(row: row, column: imputationColumn,
                                      problem: column.missing[row] ? "the imputation number is missing" : "the imputation number \(value.shortestText) is not an integer",
                                      fix: "number the completed datasets 1, 2, …, m (mice's .imp)")
            }
            if value != 0 { rowsOf[Int(value), default: []].append(row) }
        }
        let numbersUsed = rowsOf.keys.sorted()
        guard numbersUsed.count >= 2 else {
            throw InputError(parameter: .imputations, problem: "\(MessageText.name(imputationColumn)) holds one completed dataset only, so there is nothing to pool",
                             fix: "give a file of m ≥ 2 completed datasets, or fit the data without \(parameter: .imputations)")
        }
        let size = rowsOf[numbersUsed[0]]!.count
        if let other = numbersUsed.first(where: { rowsOf[$0]!.count != size }) {
            throw InputError(parameter: .imputations, problem: "completed dataset \(other) has \(rowsOf[other]!.count) rows but dataset \(numbersUsed[0]) has \(size)",
                             fix: "give completed datasets of the same rows, as mice's complete(imp, \"long\") writes them")
        }
        let fits = try numbersUsed.map { try Regression.fit(spec, to: data.selectingRows(rowsOf[$0]!)) }
        return try PooledRegression(fits)
    }
}
