import Tabular

/// The costs of the rows of a dataset: new numeric columns (missing where a count or amount is
/// missing, never zero), a summary of what could be costed, and the provenance of the prices.
public struct CostingResult: Sendable, Equatable {
    /// One column per cost category (in the order the unit-cost table first names them), then
    /// the PHB's direct cost when costed, then the total: £ per person in prices of the target
    /// year, one value per input row, NaN (missing) where the row could not be costed.
    public var columns: [Column]
    public var summary: CostingSummary
    public var provenance: CostingProvenance

    public init(columns: [Column], summary: CostingSummary, provenance: CostingProvenance) {
        self.columns = columns
        self.summary = summary
        self.provenance = provenance
    }
}

/// How many rows were costed, and how many count or amount values were missing.
public struct CostingSummary: Sendable, Equatable {
    /// How many rows of one count or amount column are missing.
    public struct MissingCount: Sendable, Equatable {
        /// The item, or the PHB's category for its direct cost.
        public var item: String
        public var column: String
        public var rows: Int

        public init(item: String, column: String, rows: Int) {
            self.item = item
            self.column = column
            self.rows = rows
        }
    }

    /// Rows of the dataset.
    public var rows: Int
    /// Rows with a total cost.
    public var costed: Int
    /// Rows without one: some count or amount was missing.
    public var missing: Int
    /// Missing values per costed column: the items in the table's order, then the PHB amounts;
    /// zero counts included.
    public var missingByItem: [MissingCount]

    public init(rows: Int, costed: Int, missing: Int, missingByItem: [MissingCount]) {
        self.rows = rows
        self.costed = costed
        self.missing = missing
        self.missingByItem = missingByItem
    }
}

/// Where the prices came from and how they were restated, for a report's methods and
/// provenance.
public struct CostingProvenance: Sendable, Equatable {
    /// An item as costed: its unit cost as the table states it and as restated.
    public struct Item: Sendable, Equatable {
        /// The table's row (unit, £ per unit, source, price year, category).
        public var unitCost: UnitCost
        /// The count column.
        public var column: String
        /// `index[target] / index[price year]`, 1 when not restated.
        public var upliftFactor: Double

        /// £ per unit in prices of the target year: `unitCost.unitCost × upliftFactor`.
        public var targetYearCost: Double { unitCost.unitCost * upliftFactor }

        public init(unitCost: UnitCost, column: String, upliftFactor: Double) {
            self.unitCost = unitCost
            self.column = column
            self.upliftFactor = upliftFactor
        }
    }

    /// The PHB's direct cost as costed.
    public struct PHB: Sendable, Equatable {
        public var column: String
        /// The price year of the amounts; nil when they were taken to be in the target year.
        public var priceYear: Int?
        /// `index[target] / index[price year]`, 1 when not restated.
        public var upliftFactor: Double

        public init(column: String, priceYear: Int?, upliftFactor: Double) {
            self.column = column
            self.priceYear = priceYear
            self.upliftFactor = upliftFactor
        }
    }

    /// The unit-cost table's file.
    public var unitCostSource: String
    /// The price index's file, nil when none was used.
    public var priceIndexSource: String?
    /// The year whose prices the costs are in; nil only when nothing but PHB amounts without a
    /// price year was costed and no target year was given.
    public var targetPriceYear: Int?
    /// The items costed, in the table's order.
    public var items: [Item]
    public var phb: PHB?

    public init(unitCostSource: String, priceIndexSource: String?, targetPriceYear: Int?, items: [Item], phb: PHB?) {
        self.unitCostSource = unitCostSource
        self.priceIndexSource = priceIndexSource
        self.targetPriceYear = targetPriceYear
        self.items = items
        self.phb = phb
    }
}
