import Tabular

/// The result of scoring the rows of a ``Dataset``: new score columns (missing where a row could
/// not be scored, never zero), a summary of each, and the provenance of the scoring.
public struct ScoreTable: Sendable, Equatable {
    /// Score columns, one value per input row, NaN (missing) where the row was not scored.
    public var columns: [Column]
    /// One summary per column, in the same order.
    public var summaries: [ScoreSummary]
    public var provenance: ScoringProvenance

    public init(columns: [Column], summaries: [ScoreSummary], provenance: ScoringProvenance) {
        self.columns = columns
        self.summaries = summaries
        self.provenance = provenance
    }
}

/// How many rows a score column has, why the others are missing, and the descriptive statistics
/// of the scored rows.
public struct ScoreSummary: Sendable, Equatable {
    /// A reason rows are missing and how many rows it accounts for.
    public struct MissingReason: Sendable, Equatable {
        public var reason: String
        public var count: Int
        public init(reason: String, count: Int) {
            self.reason = reason
            self.count = count
        }
    }

    public var column: String
    /// Rows with a score.
    public var scored: Int
    /// Rows without one; the sum of the reasons' counts.
    public var missing: Int
    /// Why rows are missing, most frequent first (ties by reason).
    public var missingReasons: [MissingReason]
    /// Rows scored from incomplete responses by prorating (GHQ-12 only; nil elsewhere).
    public var prorated: Int?
    /// Mean, sample standard deviation (n − 1), minimum and maximum of the scored rows; nil when
    /// there are none (sd also when there is one).
    public var mean: Double?
    public var sd: Double?
    public var min: Double?
    public var max: Double?

    /// Summarises `values` (NaN = missing); `missingReason(i)` says why row i is missing and is
    /// asked only for missing rows.
    public init(column: String, values: [Double], prorated: Int? = nil, missingReason: (Int) -> String) {
        self.column = column
        self.prorated = prorated
        var counts: [String: Int] = [:]
        var n = 0, sum = 0.0
        var lo = Double.infinity, hi = -Double.infinity
        for (row, value) in values.enumerated() {
            guard !value.isNaN else {
                counts[missingReason(row), default: 0] += 1
                continue
            }
            n += 1
            sum += value
            lo = Swift.min(lo, value)
            hi = Swift.max(hi, value)
        }
        // Two passes (mean, then squared deviations from it): exact for exact data, and stable.
        let mean = sum / Double(n)
        let squares = values.reduce(0.0) { $1.isNaN ? $0 : $0 + ($1 - mean) * ($1 - mean) }
        scored = n
        missing = values.count - n
        missingReasons = counts.map { MissingReason(reason: $0.key, count: $0.value) }
            .sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
        self.mean = n > 0 ? mean : nil
        sd = n > 1 ? (squares / Double(n - 1)).squareRoot() : nil
        min = n > 0 ? lo : nil
        max = n > 0 ? hi : nil
    }
}
