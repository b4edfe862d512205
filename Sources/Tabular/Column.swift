/// One column of a ``Dataset``: numbers or category codes, with an explicit missing mask.
///
/// Missing cells are recorded in ``missing``; the stored value of a missing numeric cell is NaN and
/// of a missing categorical cell the code −1, so a value read without checking the mask can never
/// pass for data.
public struct Column: Sendable, Equatable {
    /// Storage of a column's values.
    public enum Values: Sendable, Equatable {
        /// Numbers (NaN where missing).
        case numeric([Double])
        /// Codes into `levels` (−1 where missing). `levels` are in the order that defines the
        /// reference category: sorted (numerically when every level is a number, else by UTF-8 bytes).
        case categorical(codes: [Int32], levels: [String])
    }

    public var name: String
    public var values: Values
    /// `missing[i]` is true when row `i` has no value.
    public var missing: [Bool]
    /// The variable label a Stata, SPSS or SAS file gives the column (e.g. "Total cost (GBP)").
    public var label: String? = nil
    /// Why each missing cell is missing, when the file says (Stata `.a`–`.z`, SPSS user-missing
    /// codes); nil when every missing cell is simply missing (CSV).
    public var missingKinds: MissingKinds? = nil

    public init(name: String, values: Values, missing: [Bool]) {
        precondition(Self.count(of: values) == missing.count, "values and missing mask differ in length")
        self.name = name
        self.values = values
        self.missing = missing
    }

    /// A numeric column; NaN entries are treated as missing.
    public init(name: String, numbers: [Double]) {
        self.init(name: name, values: .numeric(numbers), missing: numbers.map { $0.isNaN })
    }

    /// A categorical column from text; `nil` entries are missing. Levels are sorted as described
    /// in ``Values/categorical(codes:levels:)``.
    public init(name: String, text: [String?]) {
        let levels = Self.sortedLevels(Set(text.compactMap { $0 }))
        var index: [String: Int32] = [:]
        for (i, level) in levels.enumerated() { index[level] = Int32(i) }
        let codes = text.map { $0.map { index[$0]! } ?? -1 }
        self.init(name: name, values: .categorical(codes: codes, levels: levels), missing: text.map { $0 == nil })
    }

    public var count: Int { missing.count }

    /// The missing kinds of the rows `rows` (in the order given), or nil.
    public func missingKinds(ofRows rows: [Int]) -> MissingKinds? {
        missingKinds.map { kinds in MissingKinds(names: kinds.names, kindOfRow: rows.map { kinds.kindOfRow[$0] }) }
    }
    public var isNumeric: Bool { if case .numeric = values { return true } else { return false } }

    /// The numbers of a numeric column, or nil for a categorical one.
    public var numbers: [Double]? { if case .numeric(let v) = values { return v } else { return nil } }

    /// The levels of a categorical column, or nil for a numeric one.
    public var levels: [String]? { if case .categorical(_, let l) = values { return l } else { return nil } }

    /// A number as a category label: ``Swift/Double/shortestText`` (`3`, not `3.0`).
    public static func label(for value: Double) -> String { value.shortestText }

    /// Sorts category labels: numerically when every label parses as a number, otherwise by
    /// UTF-8 bytes (R's C-locale order), so the first level (the reference) is predictable.
    public static func sortedLevels(_ labels: Set<String>) -> [String] {
        // Only finite decimals count as numbers (`Double("nan")` would parse, and make the order
        // depend on hashing); each label is parsed once.
        let numbers = labels.map { label -> (String, Double?) in (label, NumberParser.parse(label)) }
        if !labels.isEmpty, numbers.allSatisfy({ $0.1 != nil }) {
            return numbers.sorted { a, b in a.1! != b.1! ? a.1! < b.1! : a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }.map(\.0)
        }
        return labels.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func count(of values: Values) -> Int {
        switch values {
        case .numeric(let v): return v.count
        case .categorical(let c, _): return c.count
        }
    }
}
