import Foundation
import Models

extension DroppedRows {
    /// `{"rows": N, "reasons": [{"reason", "rows", "missing_kinds": [{"kind", "rows"}]}]}`, as every
    /// command's JSON reports deletion (`missing_kinds` is empty unless a Stata, SPSS or SAS file
    /// recorded why values are missing).
    var json: JSONValue {
        .object([
            ("rows", .int(total)),
            ("reasons", .array(reasons.map { reason in
                .object([("reason", .string(reason.reason)), ("rows", .int(reason.rows)),
                         ("missing_kinds", .array(reason.kinds.map { .object([("kind", .string($0.kind)), ("rows", .int($0.rows))]) }))])
            })),
        ])
    }
}

/// A number in tables and summaries (``Swift/Double/tableText``).
func tableNumber(_ x: Double) -> String { x.tableText }
