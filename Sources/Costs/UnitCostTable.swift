import Tabular

/// The cost of one unit of a service (a GP consultation, an hour of home care), as a unit-cost
/// table states it.
public struct UnitCost: Sendable, Equatable {
    /// The item's name; a dataset's count column is matched to it (see ``ServiceUseColumn``).
    public var item: String
    /// What one unit is, e.g. `surgery consultation (9.22 minutes)`.
    public var unit: String
    /// Pounds sterling (£) per unit, in prices of ``priceYear``.
    public var unitCost: Double
    /// Where the figure comes from, e.g. `PSSRU Unit Costs 2015, 10.3b`.
    public var source: String
    /// The year whose prices ``unitCost`` is in.
    public var priceYear: Int
    /// The cost category the item is added to (``item`` itself when the table has none).
    public var category: String
    /// The physical line of the item's row in the table's file.
    public var line: Int

    public init(item: String, unit: String, unitCost: Double, source: String, priceYear: Int, category: String, line: Int) {
        self.item = item
        self.unit = unit
        self.unitCost = unitCost
        self.source = source
        self.priceYear = priceYear
        self.category = category
        self.line = line
    }
}

/// A unit-cost table read from a CSV file and validated: the price of each service-use item.
///
/// **Format**: a header with the columns `item, unit, unit_cost, source, price_year` and,
/// optionally, `category` (in any order, other columns ignored), then one row per item:
///
/// ```
/// item,unit,unit_cost,source,price_year,category
/// gp_visit,surgery consultation,39,PSSRU 2015 10.3b,2015,primary care
/// ae_attendance,attendance,124,NHS Reference Costs 2014/15,2015,hospital
/// ```
///
/// `unit_cost` is in £ per unit in prices of `price_year`. Without a `category` column each
/// item is its own category. The delimiter and missing-value tokens are those of ``CSVOptions``.
///
/// **Validation** (each an ``InputError`` naming the file, line, field and value): every
/// required column is present; each row has an item, a unit, a source and (when the column is
/// there) a category that are not blank; `unit_cost` is a finite number ≥ 0; `price_year` is a whole
/// four-digit year; no item appears twice (both lines named).
public struct UnitCostTable: Sendable, Equatable {
    /// The columns the header must have.
    public static let requiredColumns = ["item", "unit", "unit_cost", "source", "price_year"]
    /// The optional column of cost categories.
    public static let categoryColumn = "category"

    /// The file the table was read from.
    public let source: String
    /// The items, in the order of the file.
    public let costs: [UnitCost]
    /// The position of each item in ``costs``.
    private let positions: [String: Int]
    /// The 1-based field number of each column of the file.
    private let fields: [String: Int]

    /// Reads and validates the unit-cost table at `path` (never modified).
    ///
    /// - Parameter options: the delimiter and missing-value tokens (their defaults detect the
    ///   delimiter and read an empty field, `NA` or `.` as missing); column types are fixed by
    ///   the format.
    /// - Throws: ``InputError`` for the first problem, as listed above.
    public init(contentsOf path: String, options: CSVOptions = CSVOptions()) throws {
        let table = try ReferenceTable(path: path, options: options, kind: "unit-cost table", required: Self.requiredColumns,
                                       text: ["item", "unit", "source", Self.categoryColumn], numbers: ["unit_cost", "price_year"])
        let items = table.texts("item"), units = table.texts("unit"), sources = table.texts("source")
        let unitCosts = table.numbers("unit_cost"), years = table.numbers("price_year")
        let categories = table.has(Self.categoryColumn) ? table.texts(Self.categoryColumn) : nil
        var costs: [UnitCost] = []
        var positions: [String: Int] = [:]
        for row in 0..<table.rowCount {
            let item = try table.required(items[row], row: row, column: "item", fix: "name the item, as its count column in the data is named")
            try table.requireUnique(item, column: "item", row: row, seen: &positions)
            let unit = try table.required(units[row], row: row, column: "unit", fix: "say what one unit of '\(item)' is, e.g. 'surgery consultation'")
            let costFix: Message = "write the cost of one unit of '\(item)' in £, a number ≥ 0"
            let unitCost = try table.required(unitCosts[row], row: row, column: "unit_cost", fix: costFix)
            guard unitCost >= 0, unitCost.isFinite else {
                throw table.reject(row: row, column: "unit_cost", "the unit_cost of '\(item)' is \(unitCost.shortestText), not a finite number ≥ 0", costFix)
            }
            let priceYear = try table.year(years[row], row: row, column: "price_year")
            let source = try table.required(sources[row], row: row, column: "source", fix: "name where the unit cost of '\(item)' comes from")
            let category = try categories.map {
                try table.required($0[row], row: row, column: Self.categoryColumn, fix: "name the cost category of '\(item)'")
            } ?? item
            costs.append(UnitCost(item: item, unit: unit, unitCost: unitCost, source: source, priceYear: priceYear,
                                  category: category, line: table.data.lineNumbers[row]))
        }
        source = path
        self.costs = costs
        self.positions = positions
        fields = Dictionary(uniqueKeysWithValues: table.data.columnNames.enumerated().map { ($1, $0 + 1) })
    }

    /// The unit cost of `item`, or nil when the table has no such item.
    public subscript(item: String) -> UnitCost? { positions[item].map { costs[$0] } }

    /// The position of `item` in ``costs``.
    func position(of item: String) -> Int? { positions[item] }

    /// A rejection of the field of `column` on the row of `cost`; the category of a table without
    /// a category column is located at the item.
    func reject(_ cost: UnitCost, column: String, _ problem: Message, _ fix: Message) -> InputError {
        InputError(file: source, line: cost.line, column: fields[column] ?? fields["item"], problem: problem, fix: fix)
    }
}
