/// Rows left out of a fit by listwise deletion, and why. Never silent: the CLI prints
/// ``summary`` and the JSON output carries the counts.
public struct DroppedRows: Sendable, Equatable {
    /// Why rows were left out, with how many rows each reason applies to (a row missing two
    /// columns counts under both, so the counts may add up to more than ``total``).
    public struct Reason: Sendable, Equatable {
        public let reason: String
        public let rows: Int
        public init(reason: String, rows: Int) {
            self.reason = reason
            self.rows = rows
        }
    }

    /// Number of distinct rows dropped.
    public let total: Int
    public let reasons: [Reason]

    public init(total: Int, reasons: [Reason]) {
        self.total = total
        self.reasons = reasons
    }

    /// E.g. `12 rows dropped (listwise): 8 missing 'ascot12', 5 missing 'age'`, or
    /// `no rows dropped`.
    public var summary: String {
        if total == 0 { return "no rows dropped" }
        let why = reasons.map { "\($0.rows) \($0.reason)" }.joined(separator: ", ")
        return "\(total) row\(total == 1 ? "" : "s") dropped (listwise): \(why)"
    }
}
