import Tabular

extension EQ5DValueSet {
    /// Values the EQ-5D responses of every row of `dataset`.
    ///
    /// A row with a missing response gets a missing value (NaN), counted in the summary; a code
    /// outside the set's version (0, 4 on a 3L set, 6, 9, text) is rejected.
    ///
    /// - Parameters:
    ///   - profile: the columns holding the responses.
    ///   - name: the name of the score column.
    /// - Throws: ``InputError`` naming file, line, column and the allowed levels.
    public func score(_ dataset: Dataset, profile: EQ5DProfileColumns, name: String = "eq5d_index") throws -> ScoreTable {
        let indices = try profile.stateIndices(dataset, version: version)
        let scores = values.withUnsafeBufferPointer { table in
            indices.map { $0 < 0 ? Double.nan : table[Int($0)] }
        }
        return ScoreTable(columns: [Column(name: name, numbers: scores)],
                          summaries: [ScoreSummary(column: name, values: scores) { _ in profile.missingReason }],
                          provenance: provenance)
    }
}
