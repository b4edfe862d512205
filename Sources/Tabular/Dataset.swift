/// A columnar table: named columns of equal length, in file order.
public struct Dataset: Sendable, Equatable {
    /// Where the data came from (a file path), used in error messages.
    public var source: String
    public private(set) var columns: [Column]
    /// The index of each column by name (lookups and duplicate checks in O(1), so wide files are
    /// read in linear time).
    private var indexOfName: [String: Int] = [:]
    /// For each row, the 1-based physical line it started on in ``source`` (for error messages);
    /// empty when the data did not come from a file.
    public var lineNumbers: [Int]

    public init(source: String, columns: [Column], lineNumbers: [Int] = []) throws {
        self.source = source
        self.columns = []
        self.lineNumbers = lineNumbers
        for column in columns { try append(column) }
    }

    public var rowCount: Int { columns.first?.count ?? lineNumbers.count }
    public var columnNames: [String] { columns.map(\.name) }

    /// The column called `name`, or nil.
    public func column(named name: String) -> Column? { indexOfName[name].map { columns[$0] } }

    /// The column called `name`, or an ``InputError`` that lists the columns there are.
    /// `usedAt` is where the name was given (a parameter, a formula position); by default the data file.
    public func requireColumn(_ name: String, usedAt origin: InputError.Origin? = nil) throws -> Column {
        if let c = column(named: name) { return c }
        throw InputError(
            origin: origin ?? .file(source, line: nil, column: nil),
            problem: "unknown column \(MessageText.name(name))\(Self.similarName(name, in: columnNames))",
            fix: "use one of the columns of \(source): \(MessageText.list(columnNames))")
    }

    /// The column `name` (``requireColumn(_:usedAt:)``), refused at `origin` when no row has a
    /// value of it: listwise deletion would leave no row, and imputation nothing to impute from.
    /// `parameter` is where the column was named (the fix says to remove it from there).
    public func requireObservedColumn(_ name: String, usedAt origin: InputError.Origin, parameter: Parameter) throws -> Column {
        let column = try requireColumn(name, usedAt: origin)
        if rowCount > 0, !column.missing.contains(false) {
            throw InputError(origin: origin, problem: "\(MessageText.name(name)) is missing in every one of the \(rowCount) rows, so no row has a value of it to analyse or to impute it from",
                             fix: "give its values, or remove it from \(parameter: parameter)")
        }
        return column
    }

    /// Adds a column at the end; its length must match and its name must be new.
    public mutating func append(_ column: Column) throws {
        if let first = columns.first, first.count != column.count {
            throw InputError(file: source, problem: "column \(MessageText.name(column.name)) has \(column.count) rows, the others \(first.count)",
                             fix: "give every column the same number of rows")
        }
        if indexOfName[column.name] != nil {
            throw InputError(file: source, problem: "duplicate column name \(MessageText.name(column.name))",
                             fix: "rename one of the columns")
        }
        indexOfName[column.name] = columns.count
        columns.append(column)
    }

    /// `(the header has "age", which differs only in spaces or invisible characters)`, when a
    /// column's name differs from `name` only so; else empty.
    static func similarName(_ name: String, in names: [String]) -> String {
        func visible(_ s: String) -> String {
            String(String.UnicodeScalarView(s.unicodeScalars.filter {
                !($0.properties.isWhitespace || $0.properties.generalCategory == .format || $0.properties.generalCategory == .control)
            }))
        }
        let key = visible(name)
        guard let match = names.first(where: { $0 != name && visible($0) == key }) else { return "" }
        return " (the header has \(MessageText.name(match)), which differs only in spaces or invisible characters)"
    }

    /// The physical line of row `row` (1-based), when known.
    public func line(ofRow row: Int) -> Int? { row < lineNumbers.count ? lineNumbers[row] : nil }
}

extension Dataset {
    /// The rows `rows` (in the order given) of every column, keeping their line numbers.
    /// (Each bootstrap-then-impute replicate selects its sample: the rows are checked once, then
    /// gathered through buffers, not by a closure per element.)
    public func selectingRows(_ rows: [Int]) throws -> Dataset {
        let count = rowCount
        precondition(rows.allSatisfy { $0 >= 0 && $0 < count }, "selectingRows: a row outside 0..<\(count)")
        func gather<T>(_ values: [T]) -> [T] {
            values.withUnsafeBufferPointer { values in
                [T](unsafeUninitializedCapacity: rows.count) { out, initialized in
                    for (k, row) in rows.enumerated() { (out.baseAddress! + k).initialize(to: values[row]) }
                    initialized = rows.count
                }
            }
        }
        let columns = self.columns.map { column -> Column in
            let missing = gather(column.missing)
            var selected: Column
            switch column.values {
            case .numeric(let v):
                selected = Column(name: column.name, values: .numeric(gather(v)), missing: missing)
            case .categorical(let codes, let levels):
                selected = Column(name: column.name, values: .categorical(codes: gather(codes), levels: levels), missing: missing)
            }
            selected.label = column.label
            selected.missingKinds = column.missingKinds(ofRows: rows)
            return selected
        }
        return try Dataset(source: source, columns: columns, lineNumbers: lineNumbers.isEmpty ? [] : rows.map { lineNumbers[$0] })
    }
}

extension Dataset {
    /// An ``InputError`` located at row `row` (0-based) of column `name`: the row's physical line
    /// and the column's field position, or the row number in the message when the line is unknown.
    public func inputError(row: Int, column name: String, problem: Message, fix: Message) -> InputError {
        let line = line(ofRow: row)
        return InputError(file: source, line: line, column: columnNames.firstIndex(of: name).map { $0 + 1 },
                          problem: line == nil ? "row \(row + 1): \(problem)" : problem, fix: fix)
    }

    /// Refuses data without a row, in words right for every format (a CSV file's header names
    /// the columns; a Stata, SPSS or SAS file has no header line but defines its variables).
    /// - Throws: ``InputError`` at the file when ``rowCount`` is 0.
    public func requireRows() throws {
        guard rowCount == 0 else { return }
        throw InputError(file: source, problem: "the file has no data rows: it names its columns (variables) but holds no observation",
                         fix: "give a file with at least one row of data")
    }

    /// An ``InputError`` about column `name` as a whole, located at its header cell: line 1 and
    /// the column's field position for data read from a CSV file (whose header is line 1), the
    /// file alone otherwise (a Stata, SPSS or SAS file has no header line, and `FILE:N` would
    /// read as line N).
    public func inputError(column name: String, problem: Message, fix: Message) -> InputError {
        let field = columnNames.firstIndex(of: name).map { $0 + 1 }
        return lineNumbers.isEmpty ? InputError(file: source, problem: problem, fix: fix)
                                   : InputError(file: source, line: 1, column: field, problem: problem, fix: fix)
    }
}

extension Dataset {
    /// The variable labels (from a Stata, SPSS or SAS file) of the columns `names` that have one,
    /// each once, in the order named: for the `Labels:` line of the commands' tables.
    public func variableLabels(of names: [String]) -> [(column: String, label: String)] {
        var seen = Set<String>()
        return names.compactMap { name in
            guard seen.insert(name).inserted, let label = column(named: name)?.label else { return nil }
            return (name, label)
        }
    }

    /// `Labels:   qaly: Quality-adjusted life years; cost: Total cost (GBP)`, or nil when none of
    /// the columns `names` has a label.
    public func variableLabelLine(of names: [String], indent: Int) -> String? {
        let labels = variableLabels(of: names)
        guard !labels.isEmpty else { return nil }
        return "Labels:".padding(toLength: indent, withPad: " ", startingAt: 0)
            + labels.map { "\(MessageText.cell($0.column)): \(MessageText.cell($0.label))" }.joined(separator: "; ")
    }
}
