/// Why the missing cells of a column are missing, as a Stata, SPSS or SAS file records it:
/// Stata's system missing `.` and extended missing values `.a`–`.z`, SPSS's system-missing value
/// and user-missing codes (e.g. `-99`, labelled "refused"), SAS's `.` and `.A`–`.Z`, `._`.
///
/// `kindOfRow[i]` indexes ``names`` for a missing row `i` (and is 0, unused, for a row with a
/// value); `names[0]` is the plain missing value of the format.
public struct MissingKinds: Sendable, Equatable {
    /// E.g. `["Stata .", "Stata .a"]` or `["SPSS system-missing", "SPSS user-missing -99 (refused)"]`.
    public var names: [String]
    public var kindOfRow: [UInt16]

    public init(names: [String], kindOfRow: [UInt16]) {
        precondition(!names.isEmpty, "a missing kind needs a name")
        self.names = names
        self.kindOfRow = kindOfRow
    }

    /// How many of the rows where `selected` holds are missing in each kind, in the order of
    /// ``names``, leaving out kinds with no row: e.g. `[("Stata .a", 3), ("Stata .", 2)]`.
    public func counts(where selected: [Bool]) -> [(name: String, rows: Int)] {
        var counts = [Int](repeating: 0, count: names.count)
        for (i, kind) in kindOfRow.enumerated() where selected[i] { counts[Int(kind)] += 1 }
        return names.indices.filter { counts[$0] > 0 }.map { (names[$0], counts[$0]) }
    }
}
