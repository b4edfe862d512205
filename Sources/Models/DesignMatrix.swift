import LinearAlgebra
import Tabular

/// The model frame and design matrix of a formula on a dataset: what R's `model.frame` +
/// `model.matrix` produce, with listwise deletion reported.
///
/// Coding follows R's rules (`TermCode` and `model.matrix` in R's model.c): a categorical variable
/// in a term is coded with treatment contrasts (dummies for every level but the first, the
/// reference) when the term without it is empty or contained in an earlier term, and with one
/// dummy per level otherwise; without an intercept, the first categorical of the first term that
/// has one gets one dummy per level instead. In an interaction the first variable varies fastest. Levels are those present in the rows used,
/// in ``Column/sortedLevels(_:)`` order. Column names: `(Intercept)`, `x`, `f[level]`, and
/// components joined by `:` for interactions (`arm:condition[COPD]`).
///
/// The `n × p` matrix itself is never stored: as a ``RowBlockSource`` it writes any block of rows
/// on demand from the coded variables, so fitting a million rows never allocates 160 MB.
public struct DesignMatrix: RowBlockSource {
    public let formula: Formula
    public let columnNames: [String]
    /// For each column of ``x``, the index of its term in `formula.terms`, or nil for the intercept.
    public let columnTerms: [Int?]
    /// Outcome values of the rows used.
    public internal(set) var response: [Double]
    /// Prior weights of the rows used, when a weights column was given.
    public internal(set) var weights: [Double]?
    /// Cluster index (0..<``clusterLabels``.count) of each row used, when a cluster column was given.
    public let clusters: [Int]?
    public let clusterLabels: [String]
    /// Indices (into the dataset) of the rows used, ascending.
    public let rows: [Int]
    public let dropped: DroppedRows

    private let specs: [ColumnSpec]

    /// Whether column `j` involves a dummy of a categorical variable (a main-effect dummy or an
    /// interaction with one).
    public func involvesCategorical(_ j: Int) -> Bool {
        specs[j].parts.contains { if case .indicator = $0 { return true } else { return false } }
    }
    private let coded: [CodedVariable]

    public var rowCount: Int { rows.count }
    public var columnCount: Int { specs.count }

    /// Writes rows `range` (counted among the rows used) of every column.
    public func fill(rows range: Range<Int>, into buffer: UnsafeMutablePointer<Double>, leadingDimension: Int) {
        let m = range.count
        for (j, spec) in specs.enumerated() {
            let column = UnsafeMutableBufferPointer(start: buffer + j * leadingDimension, count: m)
            guard let first = spec.parts.first else {
                column.update(repeating: 1)
                continue
            }
            coded[first.variable].write(first, rows: range, into: column)
            for part in spec.parts.dropFirst() { coded[part.variable].multiply(column, rows: range, by: part) }
        }
    }

    /// The whole matrix, for inspection and small problems.
    public func materialized() -> Matrix {
        var x = Matrix(rows: rowCount, columns: columnCount)
        x.withUnsafeMutableEntries { fill(rows: 0..<rowCount, into: $0.baseAddress!, leadingDimension: rowCount) }
        return x
    }

    /// Builds the frame.
    ///
    /// Computed variables (`log(x)`, `I(…)`) are evaluated on the rows kept: a missing input drops
    /// the row (reported under the input column's name), and `C(x, ref = …)` moves the reference
    /// level first. The design's columns are counted from the levels and terms before any is made.
    ///
    /// - Parameters:
    ///   - weights: column of prior weights (must be ≥ 0; rows with weight 0 are dropped and reported).
    ///   - cluster: column identifying clusters for cluster-robust variances (numbers or text).
    /// - Throws: ``InputError`` for an unknown column (with the formula position), a text outcome,
    ///   a text column inside `log()`/`I()`, a computed value that is not finite (at the data
    ///   file's line and field), an unknown `ref` level, more than ``Formula/maximumColumns``
    ///   design columns, negative weights, or no rows left after deletion.
    public static func build(from data: Dataset, formula: Formula, weights weightColumn: String? = nil,
                             cluster clusterColumn: String? = nil) throws -> DesignMatrix {
        let variables = formula.predictors
        for variable in [formula.response] + variables {
            try requireColumns(of: variable, in: data)
        }
        for variable in variables where !variable.forcedCategorical && variable.expression == nil {
            try rejectMostlyNumericText(try column(variable, in: data), variable: variable, data: data)
        }
        if formula.response.expression == nil, try column(formula.response, in: data).numbers == nil {
            throw InputError(origin: formula.response.origin,
                             problem: "the outcome '\(formula.response.name)' is a text (categorical) column",
                             fix: "use a numeric outcome; code a binary outcome as 0/1")
        }
        // The columns read, outcome first, each once (a computed variable reads its inputs).
        let variableColumns = try formula.columns.map { try data.requireColumn($0) }
        let weightsCol = try weightColumn.map { try data.requireColumn($0, usedAt: .parameter(.weights, position: nil)) }
        let clusterCol = try clusterColumn.map { try data.requireColumn($0, usedAt: .parameter(.cluster, position: nil)) }
        if let w = weightsCol, w.numbers == nil {
            throw InputError(file: data.source, problem: "the weights column '\(w.name)' is text",
                             fix: "give a column of non-negative numbers as weights")
        }

        // Listwise deletion.
        let n = data.rowCount
        var deletion = ListwiseDeletion(rowCount: n)
        for col in variableColumns + [weightsCol, clusterCol].compactMap({ $0 }) { deletion.dropMissing(col) }
        if let w = weightsCol, let values = w.numbers {
            let fieldIndex = (data.columnNames.firstIndex(of: w.name) ?? 0) + 1
            for i in 0..<n where !w.missing[i] && values[i] < 0 {
                throw InputError(file: data.source, line: data.line(ofRow: i), column: fieldIndex,
                                 problem: "weight '\(w.name)' is \(values[i]), which is negative",
                                 fix: "weights must be zero or positive")
            }
            deletion.drop(where: values.map { $0 == 0 }, reason: "with zero weight")
        }
        let rows = deletion.rows
        let dropped = deletion.dropped
        try data.requireRows()
        guard !rows.isEmpty else {
            throw InputError(file: data.source, problem: "no rows are left after dropping rows with missing values (\(dropped.summary))",
                             fix: "check the columns named in the formula for missing values")
        }

        // Computed variables (log(x), I(…)) on the rows used; a value that is not finite is refused.
        let response = try formula.response.expression.map { try evaluate($0, of: formula.response, rows: rows, data: data) }
            ?? { let y = try column(formula.response, in: data).numbers!; return rows.count == n ? y : rows.map { y[$0] } }()

        // Variable coding on the rows used.
        let coded = try variables.map { v -> CodedVariable in
            if let e = v.expression { return CodedVariable(name: v.name, numbers: try evaluate(e, of: v, rows: rows, data: data)) }
            let variable = CodedVariable(try column(v, in: data), variable: v, rows: rows)
            return try v.reference.map { try variable.withReference($0, of: v, column: column(v, in: data), rows: rows.count, dropped: dropped) } ?? variable
        }
        for (k, variable) in coded.enumerated() {
            if case .categorical(_, let levels) = variable.kind, levels.count < 2 {
                throw InputError(origin: variables[k].origin,
                                 problem: "'\(variable.name)' has only one level (\(levels.first.map { "'\($0)'" } ?? "none")) in the \(rows.count) rows used, so it cannot be a predictor",
                                 fix: "remove it from the formula, or check which rows were dropped (\(dropped.summary))")
            }
        }
        let variableIndex = Dictionary(variables.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func isCategorical(_ k: Int) -> Bool { if case .categorical = coded[k].kind { return true } else { return false } }
        // R's model.matrix: without an intercept, the first categorical (in variable order) of the
        // first term that has one is coded with one dummy per level, in place of the intercept.
        var fullyCoded: (term: Int, variable: Int)? = nil
        if !formula.hasIntercept {
            for (t, term) in formula.terms.enumerated() {
                if let k = term.variables.map({ variableIndex[$0]! }).filter(isCategorical).min() { fullyCoded = (t, k); break }
            }
        }
        // The first level coded for each variable of each term (R's TermCode): 1 (contrasts) when
        // the term without it is empty or contained in an earlier term, else 0 (a dummy per
        // level). Terms are bit sets of variables, so that thousands of terms stay cheap. The
        // columns are counted here, before any is made: a formula can ask for more than memory holds.
        let words = (variables.count + 63) / 64
        var earlierMasks: [[UInt64]] = [], earlierSet = Set<[UInt64]>()
        var firstLevels: [[Int]] = []
        var columnCount = formula.hasIntercept ? 1 : 0
        for (t, term) in formula.terms.enumerated() {
            let ks = term.variables.map { variableIndex[$0]! }
            var mask = [UInt64](repeating: 0, count: words)
            for k in ks { mask[k / 64] |= 1 << UInt64(k % 64) }
            var firsts: [Int] = [], count = 1
            for k in ks {
                guard case .categorical(_, let levels) = coded[k].kind else { firsts.append(0); continue }
                var margin = mask
                margin[k / 64] &= ~(1 << UInt64(k % 64))
                let marginPresent = ks.count == 1 || earlierSet.contains(margin)
                    || earlierMasks.contains { e in zip(margin, e).allSatisfy { $0 & ~$1 == 0 } }
                let replacesIntercept = fullyCoded.map { $0.term == t && $0.variable == k } ?? false
                let first = marginPresent && !replacesIntercept ? 1 : 0
                firsts.append(first)
                let (product, overflow) = count.multipliedReportingOverflow(by: levels.count - first)
                count = overflow ? Int.max : product
            }
            columnCount = count > Formula.maximumColumns ? Int.max : columnCount + count
            guard columnCount <= Formula.maximumColumns else {
                throw InputError(origin: term.variables[0].origin,
                                 problem: "the term '\(term.label)' would make \(count > Formula.maximumColumns ? "more than \(Formula.maximumColumns.groupedDigits)" : "\(count)") design columns, and the model more than \(Formula.maximumColumns.groupedDigits) (the limit)",
                                 fix: "use fewer or lower-order interactions, or categoricals with fewer levels")
            }
            earlierMasks.append(mask)
            earlierSet.insert(mask)
            firstLevels.append(firsts)
        }

        var specs: [ColumnSpec] = formula.hasIntercept ? [ColumnSpec(name: "(Intercept)", term: nil, parts: [])] : []
        specs.reserveCapacity(columnCount)
        for (t, term) in formula.terms.enumerated() {
            var columnsOfTerm: [[ColumnSpec.Part]] = [[]]
            for (i, v) in term.variables.enumerated() {
                let k = variableIndex[v]!
                let variable = coded[k]
                let parts: [ColumnSpec.Part]
                switch variable.kind {
                case .numeric:
                    parts = [.numeric(variable: k)]
                case .categorical(_, let levels):
                    parts = (firstLevels[t][i]..<levels.count).map { .indicator(variable: k, level: $0) }
                }
                // First variable varies fastest.
                columnsOfTerm = parts.flatMap { part in columnsOfTerm.map { $0 + [part] } }
            }
            for parts in columnsOfTerm {
                let name = parts.map { part -> String in
                    switch part {
                    case .numeric(let k): return coded[k].name
                    case .indicator(let k, let level): return "\(coded[k].name)[\(coded[k].levelLabel(level))]"
                    }
                }.joined(separator: ":")
                specs.append(ColumnSpec(name: name, term: t, parts: parts))
            }
        }

        let allRows = rows.count == n
        let weights = weightsCol?.numbers.map { w in allRows ? w : rows.map { w[$0] } }
        var clusters: [Int]? = nil
        var clusterLabels: [String] = []
        if let c = clusterCol {
            let codedCluster = CodedVariable(c, variable: .init(name: c.name, forcedCategorical: true, position: 0), rows: rows)
            if case .categorical(let codes, let levels) = codedCluster.kind {
                clusters = codes.map(Int.init)
                clusterLabels = levels.indices.map(codedCluster.levelLabel)
            }
        }
        return DesignMatrix(formula: formula, columnNames: specs.map(\.name), columnTerms: specs.map(\.term),
                            response: response, weights: weights, clusters: clusters, clusterLabels: clusterLabels,
                            rows: rows, dropped: dropped, specs: specs, coded: coded)
    }

    /// A text column whose distinct values are mostly numbers is almost always a numeric column
    /// with a few stray entries (`n/a`, `1,5`, `-`); used as a predictor it would silently become
    /// dozens of dummies. Rejected, naming the first non-number, unless `C(…)` asks for categories.
    private static func rejectMostlyNumericText(_ column: Column, variable: Formula.Variable, data: Dataset) throws {
        guard case .categorical(let codes, let levels) = column.values, !levels.isEmpty else { return }
        let isNumber = levels.map { NumberParser.parse($0) != nil }
        let numbers = isNumber.filter { $0 }.count
        guard numbers * 2 >= levels.count, numbers < levels.count,
              let row = codes.firstIndex(where: { $0 >= 0 && !isNumber[Int($0)] }) else { return }
        throw InputError(file: data.source, line: data.line(ofRow: row), column: data.columnNames.firstIndex(of: column.name).map { $0 + 1 },
                         problem: "\(MessageText.name(column.name)) is mostly numbers (\(numbers) of its \(levels.count) distinct values) but has text such as \(MessageText.name(levels[Int(codes[row])])), so it was read as categorical",
                         fix: "mark such values missing (\(parameter: .missing) NA,\(MessageText.list([levels[Int(codes[row])]]))), correct them, or write C(\(column.name)) to use it as categorical on purpose")
    }

    private static func column(_ v: Formula.Variable, in data: Dataset) throws -> Column {
        try data.requireColumn(v.name, usedAt: v.origin)
    }

    /// Every column `v` reads exists (and, for a computed variable, holds numbers); an unknown
    /// or text column is named at its position in the formula.
    private static func requireColumns(of v: Formula.Variable, in data: Dataset) throws {
        guard let e = v.expression else { _ = try column(v, in: data); return }
        for (name, position) in e.columnReferences {
            let origin = InputError.Origin.parameter(v.parameter, position: position > 0 ? position : nil)
            let c = try data.requireColumn(name, usedAt: origin)
            guard c.isNumeric else {
                throw InputError(origin: origin, problem: "'\(name)' is a text (categorical) column, so \(v.name) cannot be computed",
                                 fix: "use numeric columns inside log(…) and I(…)")
            }
        }
    }

    /// The values of computed variable `v` (expression `e`) on `rows`, every input present there.
    /// - Throws: ``InputError`` at the data file's line and field of the first row whose value is
    ///   not finite (the log of 0 or of a negative number, a division by zero, overflow), naming
    ///   the term's position in the formula.
    private static func evaluate(_ e: Formula.Expression, of v: Formula.Variable, rows: [Int], data: Dataset) throws -> [Double] {
        var inputs: [String: [Double]] = [:]
        for name in e.columns {
            let values = data.column(named: name)!.numbers!
            inputs[name] = rows.count == data.rowCount ? values : rows.map { values[$0] }
        }
        do {
            return try e.evaluate(count: rows.count) { inputs[$0]! }
        } catch {
            let row = rows[error.row]
            let shown = error.expression.columns.prefix(3).map { "\($0) = \(Column.label(for: inputs[$0]![error.row]))" }
            let value = error.value.isNaN ? "undefined (NaN)" : error.value > 0 ? "+infinite" : "-infinite"
            let position = error.expression.position ?? v.position
            let whole = error.expression.label == v.name
            let fix: Message
            switch error.expression {
            case .log:
                fix = "log() needs values above 0: correct the value or mark it missing, or leave out such rows"
            case .binary(.divide, _, _, _):
                fix = "a divisor must not be 0: correct the value or mark it missing, or leave out such rows"
            default:
                fix = "rescale the values (e.g. I(x/1000)) so that the result fits in double precision, or correct the value"
            }
            throw InputError(file: data.source, line: data.line(ofRow: row),
                             column: error.column.flatMap { data.columnNames.firstIndex(of: $0) }.map { $0 + 1 },
                             problem: "\(v.name) (at \(parameter: v.parameter):1:\(position)) \(whole ? "is \(value) for this row" : "cannot be computed for this row: \(error.expression.label) is \(value)")\(shown.isEmpty ? "" : ", where \(shown.joined(separator: ", "))")",
                             fix: fix)
        }
    }
}

/// How one design-matrix column is made: the product of its parts (1 when there are none).
private struct ColumnSpec: Sendable {
    enum Part: Sendable {
        case numeric(variable: Int)
        case indicator(variable: Int, level: Int)
        var variable: Int {
            switch self {
            case .numeric(let k), .indicator(let k, _): return k
            }
        }
    }
    let name: String
    let term: Int?
    let parts: [Part]
}

/// A predictor's values on the rows used: numbers, or codes into the levels present.
private struct CodedVariable: Sendable {
    enum Kind: Sendable {
        case numeric([Double])
        /// `codes[i]` indexes `levels`, which lists the original level labels present, sorted.
        case categorical(codes: [Int32], levels: [String])
    }
    let name: String
    let kind: Kind

    /// - Parameter rows: the rows used, ascending; when they are all the column's rows, values
    ///   are shared rather than copied.
    init(_ column: Column, variable: Formula.Variable, rows: [Int]) {
        name = column.name
        let allRows = rows.count == column.count
        switch column.values {
        case .numeric(let values) where !variable.forcedCategorical:
            kind = .numeric(allRows ? values : rows.map { values[$0] })
        case .numeric(let values):
            let distinct = Set(rows.map { values[$0] }).sorted()
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
            kind = .categorical(codes: rows.map { index[values[$0]]! }, levels: distinct.map(Column.label(for:)))
        case .categorical(let codes, let levels):
            var present = [Bool](repeating: false, count: levels.count)
            for i in rows { present[Int(codes[i])] = true }
            if allRows, !present.contains(false) {
                kind = .categorical(codes: codes, levels: levels)
                return
            }
            var remap = [Int32](repeating: -1, count: levels.count)
            var kept: [String] = []
            for (l, isPresent) in present.enumerated() where isPresent {
                remap[l] = Int32(kept.count)
                kept.append(levels[l])
            }
            kind = .categorical(codes: rows.map { remap[Int(codes[$0])] }, levels: kept)
        }
    }

    /// A computed numeric variable's values on the rows used.
    init(name: String, numbers: [Double]) {
        self.name = name
        kind = .numeric(numbers)
    }

    private init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The variable with level `reference` first (R's `relevel`), the others in their order.
    /// - Throws: ``InputError`` at the `ref =` position when the column has no such level (listing
    ///   its levels) or no row used has it.
    func withReference(_ reference: String, of v: Formula.Variable, column: Column, rows: Int, dropped: DroppedRows) throws -> CodedVariable {
        guard case .categorical(let codes, let levels) = kind else { return self }
        let number = column.isNumeric ? NumberParser.parse(reference) : nil
        func matches(_ label: String) -> Bool { label == reference || (number != nil && NumberParser.parse(label) == number) }
        let origin = InputError.Origin.parameter(v.parameter, position: v.referencePosition > 0 ? v.referencePosition : nil)
        guard let r = levels.firstIndex(where: matches) else {
            let all = column.levels ?? Column.sortedLevels(Set(zip(column.numbers!, column.missing).filter { !$1 }.map { Column.label(for: $0.0) }))
            if all.contains(where: matches) {
                throw InputError(origin: origin, problem: "no row used has the reference level '\(reference)' of \(v.name) (\(dropped.summary))",
                                 fix: "choose a level present in the \(rows) rows used: \(Self.list(levels))")
            }
            throw InputError(origin: origin, problem: "'\(reference)' is not a level of \(v.name)",
                             fix: "choose one of its levels: \(Self.list(all))")
        }
        guard r > 0 else { return self }
        let reordered = [levels[r]] + levels[..<r] + levels[(r + 1)...]
        let map = (0..<Int32(levels.count)).map { c -> Int32 in c == Int32(r) ? 0 : (c < Int32(r) ? c + 1 : c) }
        return CodedVariable(name: name, kind: .categorical(codes: codes.map { map[Int($0)] }, levels: reordered))
    }

    private static func list(_ levels: [String]) -> String {
        let shown = levels.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        return levels.count > 20 ? shown + ", … (\(levels.count) in all)" : shown
    }

    func levelLabel(_ level: Int) -> String {
        if case .categorical(_, let levels) = kind { return levels[level] }
        return ""
    }

    /// Writes this variable's part (its values, or a 0/1 level indicator) for `rows` into `column`.
    func write(_ part: ColumnSpec.Part, rows: Range<Int>, into column: UnsafeMutableBufferPointer<Double>) {
        switch (kind, part) {
        case (.numeric(let values), _):
            values.withUnsafeBufferPointer { column.baseAddress!.update(from: $0.baseAddress! + rows.lowerBound, count: rows.count) }
        case (.categorical(let codes, _), .indicator(_, let level)):
            let target = Int32(level), offset = rows.lowerBound
            for i in 0..<column.count { column[i] = codes[offset + i] == target ? 1 : 0 }
        case (.categorical, .numeric):
            preconditionFailure("a categorical variable is always coded by indicators")
        }
    }

    /// Multiplies `column` (rows `rows`) entrywise by this variable's part.
    func multiply(_ column: UnsafeMutableBufferPointer<Double>, rows: Range<Int>, by part: ColumnSpec.Part) {
        let offset = rows.lowerBound
        switch (kind, part) {
        case (.numeric(let values), _):
            for i in 0..<column.count { column[i] *= values[offset + i] }
        case (.categorical(let codes, _), .indicator(_, let level)):
            let target = Int32(level)
            for i in 0..<column.count where codes[offset + i] != target { column[i] = 0 }
        case (.categorical, .numeric):
            preconditionFailure("a categorical variable is always coded by indicators")
        }
    }
}
