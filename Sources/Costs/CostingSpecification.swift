/// A count column of a dataset and the unit-cost table item whose uses it counts.
public struct ServiceUseColumn: Sendable, Equatable {
    /// The item, as the unit-cost table names it.
    public var item: String
    /// The column of counts: uses of the item per person over the follow-up period.
    public var column: String

    /// A column that counts `item` under another name.
    public init(item: String, column: String) {
        self.item = item
        self.column = column
    }

    /// A column named as the item it counts.
    public init(_ item: String) {
        self.init(item: item, column: item)
    }
}

/// The direct cost of the personal health budget: a column of amounts in £ per person over the
/// follow-up period (e.g. the budget spent), costed as a category of its own.
public struct PHBCost: Sendable, Equatable {
    /// The column of amounts in £.
    public var column: String
    /// The year whose prices the amounts are in; nil (the default) when they are already in the
    /// target price year, so they are not restated.
    public var priceYear: Int?

    public init(column: String, priceYear: Int? = nil) {
        self.column = column
        self.priceYear = priceYear
    }
}

/// What ``Costing`` costs and how: the unit costs, the count columns, the PHB's direct cost, the
/// price year, and the names of the new columns.
public struct CostingSpecification: Sendable, Equatable {
    /// The price of each item.
    public var unitCosts: UnitCostTable
    /// The count columns to cost, each with its item (an item and a column appear once each).
    public var serviceUse: [ServiceUseColumn]
    /// The PHB's direct cost, nil when there is none to add (e.g. in a control-only costing).
    public var phbCost: PHBCost?
    /// The index that restates unit costs in the target price year; nil: no restating, so every
    /// cost must already be in the target year.
    public var priceIndex: PriceIndex?
    /// The year whose prices every cost is restated in. Default (nil): the latest year of
    /// ``priceIndex`` when there is one, else the price year of the first item costed (in the
    /// table's order), or of the PHB amounts.
    public var targetPriceYear: Int?
    /// Prefix of each category's column (default `cost_`, giving `cost_<category>`).
    public var columnPrefix: String
    /// The category of the PHB's direct cost (default `phb`, so its column is `cost_phb`).
    public var phbCategory: String
    /// The name of the total column (default `cost_total`).
    public var totalColumn: String
    /// The total's column unless another is named.
    public static let defaultTotalColumn = "cost_total"

    public init(unitCosts: UnitCostTable, serviceUse: [ServiceUseColumn], phbCost: PHBCost? = nil, priceIndex: PriceIndex? = nil,
                targetPriceYear: Int? = nil, columnPrefix: String = "cost_", phbCategory: String = "phb", totalColumn: String = defaultTotalColumn) {
        self.unitCosts = unitCosts
        self.serviceUse = serviceUse
        self.phbCost = phbCost
        self.priceIndex = priceIndex
        self.targetPriceYear = targetPriceYear
        self.columnPrefix = columnPrefix
        self.phbCategory = phbCategory
        self.totalColumn = totalColumn
    }
}
