import Tabular

/// Rows left out of a fit by listwise deletion, and why. Never silent: the CLI prints
/// ``summary`` and the JSON output carries the counts.
public struct DroppedRows: Sendable, Equatable {
    /// Why rows were left out, with how many rows each reason applies to (a row missing two
    /// columns counts under both, so the counts may add up to more than ``total``).
    public struct Reason: Sendable, Equatable {
        public let reason: String
        public let rows: Int
        /// The kinds of missing value behind a `missing 'column'` reason, when the data file
        /// records them (Stata `.a`, SPSS user-missing `-99`, …), with their row counts.
        public let kinds: [Kind]
        public init(reason: String, rows: Int, kinds: [Kind] = []) {
            self.reason = reason
            self.rows = rows
            self.kinds = kinds
        }
    }

    /// One kind of missing value and how many rows have it.
    public struct Kind: Sendable, Equatable {
        public let kind: String
        public let rows: Int
        public init(kind: String, rows: Int) {
            self.kind = kind
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
    /// `no rows dropped`; with the kinds of missing value when the file records them: `6
    /// missing 'qaly' (3 Stata .a, 1 Stata .b, 2 Stata .)`.
    public var summary: String {
        if total == 0 { return "no rows dropped" }
        let why = reasons.map { reason in
            let kinds = reason.kinds.isEmpty ? "" : " (" + reason.kinds.map { "\($0.rows) \(MessageText.cell($0.kind))" }.joined(separator: ", ") + ")"
            return "\(reason.rows) \(MessageText.cell(reason.reason))\(kinds)"
        }.joined(separator: ", ")
        return "\(total) row\(total == 1 ? "" : "s") dropped (listwise): \(why)"
    }
}
