import Tabular

/// Costs each person's service use, and the PHB's direct cost, from a unit-cost table.
///
/// For person *i*, item *k* with count `n_ik` and unit cost `u_k` in prices of year `y_k`,
/// category *c*, PHB amount `a_i` in prices of year `y_a`, target price year `T` and price
/// index `I`:
///
/// ```
/// cost_<c>(i)     = Σ_{k in c} n_ik × u_k × I[T] / I[y_k]
/// cost_phb(i)     = a_i × I[T] / I[y_a]
/// cost_total(i)   = Σ_c cost_<c>(i) + cost_phb(i)
/// ```
///
/// Counts are uses per person over the follow-up period (they need not be whole: hours of care),
/// so the costs are £ per person over that period, in prices of `T`. Without a price index no
/// cost is restated, and every price year must already be `T`; PHB amounts without a price year
/// are taken to be in `T` prices.
///
/// A missing count or amount gives a missing cost (NaN) for its category and for the total,
/// never a zero; the rows affected are counted in ``CostingSummary``.
public enum Costing {
    /// Costs every row of `data` as `spec` describes.
    ///
    /// - Throws: ``InputError``, naming the file, line, field and value: an item the table lacks;
    ///   an item without its column in `data`; an item or a column given twice; a count or PHB
    ///   amount that is negative, infinite or not a number; a price year the index lacks (naming
    ///   the item and year) or a target year it lacks; price years that differ from the target
    ///   with no index; a category whose column name is taken (such as one named as the PHB's).
    public static func run(_ spec: CostingSpecification, on data: Dataset) throws -> CostingResult {
        guard !spec.serviceUse.isEmpty || spec.phbCost != nil else {
            throw InputError(parameter: .costing, problem: "there is nothing to cost: no service-use columns and no PHB cost column",
                             fix: "name the count columns of the items to cost, or the column of PHB amounts")
        }
        let uses = try resolveColumns(spec, data)
        let prices = try PriceYears(spec, items: uses.map(\.cost), data: data)
        let items = zip(uses, prices.itemFactors).map { CostingProvenance.Item(unitCost: $0.cost, column: $0.column, upliftFactor: $1) }
        let phb = spec.phbCost.map { CostingProvenance.PHB(column: $0.column, priceYear: $0.priceYear, upliftFactor: prices.phbFactor) }

        let categories = try categoryColumns(spec, items: items, hasPHB: phb != nil)
        let counts = try items.map { try amounts($0.column, in: data, what: "a count of '\($0.unitCost.item)' (\($0.unitCost.unit)) ≥ 0") }
        var missingByItem = zip(items, counts).map { item, counts in
            CostingSummary.MissingCount(item: item.unitCost.item, column: item.column, rows: counts.filter(\.isNaN).count)
        }
        var columns: [Column] = []
        var total = [Double](repeating: 0, count: data.rowCount)
        func add(_ name: String, _ cost: [Double]) {
            for (i, value) in cost.enumerated() { total[i] += value }
            columns.append(Column(name: name, numbers: cost))
        }
        for (name, members) in categories {
            var cost = [Double](repeating: 0, count: data.rowCount)
            for k in members {
                for (i, count) in counts[k].enumerated() { cost[i] += count * items[k].targetYearCost }
            }
            add(name, cost)
        }
        if let phb {
            let amounts = try amounts(phb.column, in: data, what: "an amount in £ ≥ 0")
            missingByItem.append(.init(item: spec.phbCategory, column: phb.column, rows: amounts.filter(\.isNaN).count))
            add(spec.columnPrefix + spec.phbCategory, amounts.map { $0 * phb.upliftFactor })
        }
        columns.append(Column(name: spec.totalColumn, numbers: total))
        let costed = total.filter { !$0.isNaN }.count
        return CostingResult(
            columns: columns,
            summary: CostingSummary(rows: data.rowCount, costed: costed, missing: data.rowCount - costed, missingByItem: missingByItem),
            provenance: CostingProvenance(unitCostSource: spec.unitCosts.source, priceIndexSource: spec.priceIndex?.source,
                                          targetPriceYear: prices.target, items: items, phb: phb))
    }

    /// The unit cost and count column of each item to cost, in the table's order, after checking
    /// that every item is in the table and has its column, and that no item or column (the PHB
    /// amounts' included) is given twice.
    private static func resolveColumns(_ spec: CostingSpecification, _ data: Dataset) throws -> [(cost: UnitCost, column: String)] {
        let table = spec.unitCosts
        var users: [String: String] = [:]  // column → what it is given for
        func claim(_ column: String, for user: String) throws {
            guard data.column(named: column) != nil else {
                throw InputError(file: data.source, line: 1, problem: "\(user) has no column '\(column)' in the data",
                                 fix: "add the column, or give one of the data's columns: \(listed(data.columnNames))")
            }
            if let other = users[column] {
                throw InputError(file: data.source, line: 1, column: data.fieldNumber(of: column),
                                 problem: "the column '\(column)' is given for both \(other) and \(user)",
                                 fix: "give each item, and the PHB amounts, a column of their own")
            }
            users[column] = user
        }
        var uses: [(cost: UnitCost, column: String)] = []
        var columnOfItem: [String: String] = [:]
        for use in spec.serviceUse {
            guard let cost = table[use.item] else {
                throw InputError(file: data.source, line: 1, column: data.fieldNumber(of: use.column),
                                 problem: "the column '\(use.column)' counts the item '\(use.item)', which is not in the unit-cost table \(table.source)",
                                 fix: "add '\(use.item)' to the table, or count one of its items: \(listed(table.costs.map(\.item)))")
            }
            if let other = columnOfItem[use.item] {
                throw InputError(file: data.source, line: 1, column: data.fieldNumber(of: use.column),
                                 problem: "the item '\(use.item)' is counted by two columns, '\(other)' and '\(use.column)'",
                                 fix: "count each item in one column")
            }
            columnOfItem[use.item] = use.column
            try claim(use.column, for: "the item '\(use.item)'")
            uses.append((cost, use.column))
        }
        if let phb = spec.phbCost { try claim(phb.column, for: "the PHB's direct cost") }
        return uses.sorted { table.position(of: $0.cost.item)! < table.position(of: $1.cost.item)! }
    }

    /// The categories' column names, each with the positions of its items in `items`, in the
    /// order the items come, after checking that no two new columns share a name.
    private static func categoryColumns(_ spec: CostingSpecification, items: [CostingProvenance.Item],
                                        hasPHB: Bool) throws -> [(name: String, members: [Int])] {
        var owners = [spec.totalColumn: "the total cost column"]  // column name → what it holds
        if hasPHB {
            let name = spec.columnPrefix + spec.phbCategory
            guard owners[name] == nil else {
                throw InputError(parameter: .costing, problem: "the PHB's cost column would be named '\(name)', which is the total cost column",
                                 fix: "give the PHB category or the total column another name")
            }
            owners[name] = "the PHB's cost column"
        }
        var categories: [(name: String, members: [Int])] = []
        for (k, item) in items.enumerated() {
            let name = spec.columnPrefix + item.unitCost.category
            if let c = categories.firstIndex(where: { $0.name == name }) {
                categories[c].members.append(k)
                continue
            }
            // A backtick cannot be written inside a formula's quoted name (`cost_a b`).
            guard !name.contains("`") else {
                throw spec.unitCosts.reject(item.unitCost, column: UnitCostTable.categoryColumn,
                                            "the category '\(item.unitCost.category)' of '\(item.unitCost.item)' contains a backtick (`), which no formula can name",
                                            "rename the category without a backtick")
            }
            if let owner = owners[name] {
                throw spec.unitCosts.reject(item.unitCost, column: UnitCostTable.categoryColumn,
                                            "the category '\(item.unitCost.category)' of '\(item.unitCost.item)' would give the column '\(name)', which is \(owner)",
                                            "rename the category")
            }
            categories.append((name, [k]))
        }
        return categories
    }

    /// The values of a count or amount column, NaN where missing, after checking that each is a
    /// finite number ≥ 0 (`what` describes one in a message).
    private static func amounts(_ name: String, in data: Dataset, what: String) throws -> [Double] {
        let column = data.column(named: name)!
        func reject(row: Int, _ value: String) -> InputError {
            InputError(file: data.source, line: data.line(ofRow: row), column: data.fieldNumber(of: name),
                       problem: "the column '\(name)' is \(value) on this row, which is not \(what)",
                       fix: "correct the value, or mark it missing if it is not known")
        }
        guard let values = column.numbers else {
            // Text: point at the first value that is not a number (a text column with no values
            // at all is all missing).
            guard case .categorical(let codes, let levels) = column.values,
                  let row = codes.firstIndex(where: { $0 >= 0 && Double(levels[Int($0)]) == nil }) ?? codes.firstIndex(where: { $0 >= 0 }) else {
                return [Double](repeating: .nan, count: column.count)
            }
            throw reject(row: row, levels[Int(codes[row])].debugDescription)
        }
        for (row, value) in values.enumerated() where !column.missing[row] && !(value >= 0 && value.isFinite) {
            throw reject(row: row, value.shortestText)
        }
        return zip(values, column.missing).map { $1 ? .nan : $0 }
    }

    /// Up to ten names, comma-separated, with how many there are in all when there are more.
    private static func listed(_ names: [String]) -> String {
        names.count <= 10 ? names.joined(separator: ", ") : names.prefix(10).joined(separator: ", ") + ", … (\(names.count) in all)"
    }
}

/// The target price year and the factor that restates each cost in it.
private struct PriceYears {
    let target: Int?
    /// Per item, in the order given.
    let itemFactors: [Double]
    let phbFactor: Double

    /// - Throws: ``InputError`` for a year the index lacks, or, without an index, a price year
    ///   other than the target.
    init(_ spec: CostingSpecification, items: [UnitCost], data: Dataset) throws {
        let table = spec.unitCosts
        let phbYear = spec.phbCost?.priceYear
        func rejectPHB(_ problem: Message, _ fix: Message) -> InputError {
            let column = spec.phbCost!.column
            return InputError(file: data.source, line: 1, column: data.fieldNumber(of: column),
                              problem: "the PHB amounts in '\(column)' are in \(phbYear!) prices, \(problem)", fix: fix)
        }
        if let index = spec.priceIndex {
            let target = spec.targetPriceYear ?? index.latestYear
            guard index.values[target] != nil else {
                throw InputError(file: index.source, problem: "the price index has no index for the target price year \(target) (it covers \(index.coverage))",
                                 fix: "add \(target) to the index, or choose a target year it covers")
            }
            itemFactors = try items.map { cost in
                guard let factor = index.factor(from: cost.priceYear, to: target) else {
                    throw table.reject(cost, column: "price_year",
                                       "the price year \(cost.priceYear) of '\(cost.item)' is not in the price index \(index.source) (it covers \(index.coverage))",
                                       "add \(cost.priceYear) to the index, or restate the unit cost of '\(cost.item)' in a year it covers")
                }
                return factor
            }
            if let phbYear {
                guard let factor = index.factor(from: phbYear, to: target) else {
                    throw rejectPHB("a year the price index \(index.source) does not cover (it covers \(index.coverage))",
                                    "add \(phbYear) to the index")
                }
                phbFactor = factor
            } else {
                phbFactor = 1
            }
            self.target = target
        } else {
            let target = spec.targetPriceYear ?? items.first?.priceYear ?? phbYear
            let origin = spec.targetPriceYear != nil || items.isEmpty ? "" : " (the price year of '\(items[0].item)', the first item costed)"
            for cost in items where cost.priceYear != target {
                throw table.reject(cost, column: "price_year",
                                   "the unit cost of '\(cost.item)' is in \(cost.priceYear) prices, not those of the target year \(target!)\(origin), and no price index was given",
                                   "give a price index to restate it, or state every unit cost in \(target!) prices")
            }
            if let phbYear, phbYear != target {
                throw rejectPHB("not those of the target year \(target!)\(origin), and no price index was given", "give a price index to restate them")
            }
            itemFactors = items.map { _ in 1 }
            phbFactor = 1
            self.target = target
        }
    }
}
