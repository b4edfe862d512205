import Foundation
import Models

extension DroppedRows {
    /// `{"rows": N, "reasons": [{"reason", "rows"}]}`, as every command's JSON reports deletion.
    var json: JSONValue {
        .object([
            ("rows", .int(total)),
            ("reasons", .array(reasons.map { .object([("reason", .string($0.reason)), ("rows", .int($0.rows))]) })),
        ])
    }
}

/// A number in tables and summaries (``Swift/Double/tableText``).
func tableNumber(_ x: Double) -> String { x.tableText }
