/// A columnar table: named columns of equal length, in file order.
public struct Dataset: Sendable, Equatable {
    /// Where the data came from (a file path), used in error messages.
    public var source: String
    public private(set) var columns: [Column]
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
    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// The column called `name`, or an ``InputError`` that lists the columns there are.
    /// `usedAt` is where the name was given (a parameter, a formula position); by default the data file.
    public func requireColumn(_ name: String, usedAt origin: InputError.Origin? = nil) throws -> Column {
        if let c = column(named: name) { return c }
        throw InputError(
            origin: origin ?? .file(source, line: nil, column: nil),
            problem: "unknown column '\(name)'",
            fix: "use one of the columns of \(source): \(columnNames.joined(separator: ", "))")
    }

    /// Adds a column at the end; its length must match and its name must be new.
    public mutating func append(_ column: Column) throws {
        if let first = columns.first, first.count != column.count {
            throw InputError(file: source, problem: "column '\(column.name)' has \(column.count) rows, the others \(first.count)",
                             fix: "give every column the same number of rows")
        }
        if self.column(named: column.name) != nil {
            throw InputError(file: source, problem: "duplicate column name '\(column.name)'",
                             fix: "rename one of the columns")
        }
        columns.append(column)
    }

    /// The physical line of row `row` (1-based), when known.
    public func line(ofRow row: Int) -> Int? { row < lineNumbers.count ? lineNumbers[row] : nil }
}

extension Dataset {
    /// The rows `rows` (in the order given) of every column, keeping their line numbers.
    public func selectingRows(_ rows: [Int]) throws -> Dataset {
        let columns = self.columns.map { column -> Column in
            let missing = rows.map { column.missing[$0] }
            switch column.values {
            case .numeric(let v):
                return Column(name: column.name, values: .numeric(rows.map { v[$0] }), missing: missing)
            case .categorical(let codes, let levels):
                return Column(name: column.name, values: .categorical(codes: rows.map { codes[$0] }, levels: levels), missing: missing)
            }
        }
        return try Dataset(source: source, columns: columns, lineNumbers: lineNumbers.isEmpty ? [] : rows.map { lineNumbers[$0] })
    }
}
