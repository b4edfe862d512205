import Tabular

/// Listwise deletion (complete-case analysis): a row is kept only when no column used is missing
/// in it. Each column with missing values is one reason with its count (a row missing several
/// columns counts under each), as ``DroppedRows`` reports them; a column is checked once however
/// often it is named.
public struct ListwiseDeletion: Sendable {
    public private(set) var keep: [Bool]
    public private(set) var reasons: [DroppedRows.Reason] = []
    private var checked = Set<String>()

    public init(rowCount: Int) { keep = [Bool](repeating: true, count: rowCount) }

    /// Drops the rows where `column` is missing (reason `missing 'name'`, with the kinds of
    /// missing value when a Stata, SPSS or SAS file records them: Stata `.a`, SPSS user-missing
    /// `-99`, …).
    public mutating func dropMissing(_ column: Column) {
        guard checked.insert(column.name).inserted else { return }
        let kinds = column.missingKinds?.counts(where: column.missing).map { DroppedRows.Kind(kind: $0.name, rows: $0.rows) } ?? []
        drop(where: column.missing, reason: "missing '\(column.name)'", kinds: kinds)
    }

    /// Drops the rows where `condition` holds, counted under `reason` when there are any.
    public mutating func drop(where condition: [Bool], reason: String, kinds: [DroppedRows.Kind] = []) {
        var count = 0
        for i in keep.indices where condition[i] { count += 1; keep[i] = false }
        if count > 0 { reasons.append(.init(reason: reason, rows: count, kinds: kinds)) }
    }

    /// The kept rows, ascending.
    public var rows: [Int] { keep.indices.filter { keep[$0] } }

    public var dropped: DroppedRows { DroppedRows(total: keep.filter { !$0 }.count, reasons: reasons) }
}
