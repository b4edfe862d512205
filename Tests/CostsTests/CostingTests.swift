import Costs
import Foundation
import Tabular
import XCTest

/// Costing: unit-cost tables, price indices, and per-person costs by category, against costs
/// worked out by hand from the fixtures in `Fixtures/costing/` (see its README).
final class CostingTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("costing/\(name)").path
    }

    /// The fixture table, index and data, with the A&E item mapped to its column `ae`.
    func fixtureSpec(phbPriceYear: Int? = nil, index: Bool = true, target: Int? = nil) throws -> CostingSpecification {
        CostingSpecification(
            unitCosts: try UnitCostTable(contentsOf: Self.fixture("unit_costs.csv")),
            serviceUse: [ServiceUseColumn("gp_visit"), ServiceUseColumn("nurse_visit"), ServiceUseColumn(item: "ae_attendance", column: "ae")],
            phbCost: PHBCost(column: "budget_spent", priceYear: phbPriceYear),
            priceIndex: index ? try PriceIndex(contentsOf: Self.fixture("index.csv")) : nil,
            targetPriceYear: target)
    }

    func fixtureData() throws -> Dataset { try CSVReader.read(path: Self.fixture("service_use.csv")) }

    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("costing-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// Writes `text` to a file called `name` in this test's directory; returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The values of `name`, failing when there is no such column.
    func values(_ result: CostingResult, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> [Double] {
        guard let column = result.columns.first(where: { $0.name == name }), let numbers = column.numbers else {
            XCTFail("no numeric column \(name) in \(result.columns.map(\.name))", file: file, line: line)
            return []
        }
        XCTAssertEqual(column.missing, numbers.map(\.isNaN), "\(name): missing mask", file: file, line: line)
        return numbers
    }

    /// Asserts `actual` equals `expected` element by element (nil: missing, NaN) to 1e-9 relative.
    func assertCosts(_ actual: [Double], _ expected: [Double?], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            if let e {
                XCTAssertEqual(a, e, accuracy: 1e-9 * max(1, abs(e)), "\(message), person \(i + 1)", file: file, line: line)
            } else {
                XCTAssertTrue(a.isNaN, "\(message), person \(i + 1): \(a) should be missing", file: file, line: line)
            }
        }
    }

    /// Asserts that `body` throws an ``InputError`` at `path`:`line`:`column` whose message
    /// contains every string of `mentions`.
    func assertRejects(_ body: () throws -> Any, at path: String, line: Int?, column: Int?, mentions: [String],
                       file: StaticString = #filePath, testLine: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: testLine) { error in
            guard let error = error as? InputError else { return XCTFail("not an InputError: \(error)", file: file, line: testLine) }
            XCTAssertEqual(error.file ?? error.parameter?.name, path, "origin of: \(error)", file: file, line: testLine)
            XCTAssertEqual(error.line, line, "line of: \(error)", file: file, line: testLine)
            XCTAssertEqual(error.column, column, "column of: \(error)", file: file, line: testLine)
            XCTAssertFalse(error.fix.isEmpty, "\(error) has no fix", file: file, line: testLine)
            for mention in mentions {
                XCTAssertTrue(error.problem.contains(mention), "\(error) does not mention \(mention)", file: file, line: testLine)
            }
        }
    }

    // MARK: - Costs

    func testCostsByCategoryWithUpliftPHBAndMissingCounts() throws {
        let result = try Costing.run(fixtureSpec(), on: fixtureData())
        XCTAssertEqual(result.columns.map(\.name), ["cost_primary_care", "cost_hospital", "cost_phb", "cost_total"])
        // In 2016 prices (the index's latest year): GP £32 × 120/96 = £40, nurse £25 × 120/100
        // = £30, A&E £150 (already 2016).
        // Person 1: 2 GP + 1 nurse = 110; 0 A&E; PHB 1000; total 1110.
        // Person 2: 0; 1 A&E = 150; PHB 2500.5; total 2650.5.
        // Person 3: nurse count missing → primary care missing; 2 A&E = 300; PHB 0; total missing.
        // Person 4: 1 GP + 2 nurse = 100; 150; PHB missing; total missing.
        // Person 5: nothing: 0 everywhere (a zero, not a missing value).
        assertCosts(values(result, "cost_primary_care"), [110, 0, nil, 100, 0], "primary care")
        assertCosts(values(result, "cost_hospital"), [0, 150, 300, 150, 0], "hospital")
        assertCosts(values(result, "cost_phb"), [1000, 2500.5, 0, nil, 0], "PHB")
        assertCosts(values(result, "cost_total"), [1110, 2650.5, nil, nil, 0], "total")

        XCTAssertEqual(result.summary, CostingSummary(rows: 5, costed: 3, missing: 2, missingByItem: [
            .init(item: "gp_visit", column: "gp_visit", rows: 0),
            .init(item: "nurse_visit", column: "nurse_visit", rows: 1),
            .init(item: "ae_attendance", column: "ae", rows: 0),
            .init(item: "phb", column: "budget_spent", rows: 1),
        ]))

        let provenance = result.provenance
        XCTAssertEqual(provenance.targetPriceYear, 2016)
        XCTAssertEqual(provenance.unitCostSource, Self.fixture("unit_costs.csv"))
        XCTAssertEqual(provenance.priceIndexSource, Self.fixture("index.csv"))
        XCTAssertEqual(provenance.items.map(\.unitCost.item), ["gp_visit", "nurse_visit", "ae_attendance"])
        XCTAssertEqual(provenance.items.map(\.unitCost.source),
                       ["PSSRU Unit Costs 2013 10.3b", "PSSRU Unit Costs 2014 10.1", "NHS Reference Costs 2015/16"])
        XCTAssertEqual(provenance.items.map(\.unitCost.priceYear), [2013, 2014, 2016])
        XCTAssertEqual(provenance.items.map(\.column), ["gp_visit", "nurse_visit", "ae"])
        assertCosts(provenance.items.map(\.upliftFactor), [1.25, 1.2, 1], "uplift factors")
        assertCosts(provenance.items.map(\.targetYearCost), [40, 30, 150], "unit costs in 2016 prices")
        XCTAssertEqual(provenance.phb, CostingProvenance.PHB(column: "budget_spent", priceYear: nil, upliftFactor: 1))
    }

    func testTargetYearAndPHBAmountsRestated() throws {
        // To 2015 prices: GP 32 × 110/96 = 36.6̅, nurse 25 × 110/100 = 27.5, A&E 150 × 110/120
        // = 137.5; PHB amounts in 2014 prices × 1.1.
        let result = try Costing.run(fixtureSpec(phbPriceYear: 2014, target: 2015), on: fixtureData())
        let gp = 32 * 110 / 96.0
        assertCosts(values(result, "cost_primary_care"), [2 * gp + 27.5, 0, nil, gp + 55, 0], "primary care")
        assertCosts(values(result, "cost_hospital"), [0, 137.5, 275, 137.5, 0], "hospital")
        assertCosts(values(result, "cost_phb"), [1100, 2750.55, 0, nil, 0], "PHB")
        assertCosts(values(result, "cost_total"), [2 * gp + 27.5 + 1100, 137.5 + 2750.55, nil, nil, 0], "total")
        XCTAssertEqual(result.provenance.targetPriceYear, 2015)
        XCTAssertEqual(result.provenance.phb?.priceYear, 2014)
        XCTAssertEqual(result.provenance.phb?.upliftFactor ?? 0, 1.1, accuracy: 1e-15)
    }

    func testWithoutIndexEveryCostStaysInItsCommonPriceYear() throws {
        let path = try write("costs.csv", """
            item,unit,unit_cost,source,price_year
            gp_visit,consultation,39,PSSRU 2015,2015
            ae_attendance,attendance,124.5,NHS RC 2015,2015

            """)
        let spec = CostingSpecification(unitCosts: try UnitCostTable(contentsOf: path),
                                        serviceUse: [ServiceUseColumn("gp_visit"), ServiceUseColumn(item: "ae_attendance", column: "ae")])
        let result = try Costing.run(spec, on: fixtureData())
        // No category column: each item is its own category; no PHB column.
        XCTAssertEqual(result.columns.map(\.name), ["cost_gp_visit", "cost_ae_attendance", "cost_total"])
        assertCosts(values(result, "cost_gp_visit"), [78, 0, 117, 39, 0], "GP")
        assertCosts(values(result, "cost_ae_attendance"), [0, 124.5, 249, 124.5, 0], "A&E")
        assertCosts(values(result, "cost_total"), [78, 124.5, 366, 163.5, 0], "total")
        XCTAssertEqual(result.summary.costed, 5)
        XCTAssertEqual(result.provenance.targetPriceYear, 2015)
        XCTAssertNil(result.provenance.priceIndexSource)
        XCTAssertEqual(result.provenance.items.map(\.upliftFactor), [1, 1])
        XCTAssertNil(result.provenance.phb)
    }

    func testColumnNamesAreConfigurable() throws {
        var spec = try fixtureSpec()
        spec.columnPrefix = "c_"
        spec.phbCategory = "budget"
        spec.totalColumn = "all_costs"
        let result = try Costing.run(spec, on: fixtureData())
        XCTAssertEqual(result.columns.map(\.name), ["c_primary_care", "c_hospital", "c_budget", "all_costs"])
        assertCosts(values(result, "all_costs"), [1110, 2650.5, nil, nil, 0], "total")
        XCTAssertEqual(result.summary.missingByItem.last, .init(item: "budget", column: "budget_spent", rows: 1))
    }

    func testTableReadsItsColumnsInAnyOrderWithSemicolons() throws {
        let path = try write("costs.csv", "category;price_year;source;unit_cost;unit;item\ncare;2015;PSSRU;12.5;hour;home_care\n")
        let table = try UnitCostTable(contentsOf: path)
        XCTAssertEqual(table.costs, [UnitCost(item: "home_care", unit: "hour", unitCost: 12.5, source: "PSSRU",
                                              priceYear: 2015, category: "care", line: 2)])
        XCTAssertEqual(table["home_care"]?.unitCost, 12.5)
        XCTAssertNil(table["gp_visit"])
    }

    // MARK: - Rejections: the unit-cost table

    func testTableWithoutARequiredColumn() throws {
        let path = try write("costs.csv", "item,unit,unit_cost,source\ngp_visit,consultation,39,PSSRU\n")
        assertRejects({ try UnitCostTable(contentsOf: path) }, at: path, line: 1, column: nil, mentions: ["'price_year'"])
        let two = try write("two.csv", "item,unit_cost,price_year\ngp_visit,39,2015\n")
        assertRejects({ try UnitCostTable(contentsOf: two) }, at: two, line: 1, column: nil, mentions: ["'unit'", "'source'"])
    }

    func testNegativeOrInfiniteUnitCost() throws {
        let path = try write("costs.csv", """
            item,unit,unit_cost,source,price_year
            gp_visit,consultation,39,PSSRU,2015
            ae_attendance,attendance,-5,NHS RC,2015

            """)
        assertRejects({ try UnitCostTable(contentsOf: path) }, at: path, line: 3, column: 3, mentions: ["ae_attendance", "-5"])
        let huge = try write("huge.csv", "item,unit,unit_cost,source,price_year\ngp_visit,consultation,1e400,PSSRU,2015\n")
        // The reader rejects a decimal that overflows a double, naming it, before the table sees it.
        assertRejects({ try UnitCostTable(contentsOf: huge) }, at: huge, line: 2, column: 3, mentions: ["unit_cost", "1e400"])
    }

    func testUnitCostThatIsNotANumberOrMissing() throws {
        let path = try write("costs.csv", "item,unit,unit_cost,source,price_year\ngp_visit,consultation,39,PSSRU,2015\nae,attendance,£124,NHS RC,2015\n")
        assertRejects({ try UnitCostTable(contentsOf: path) }, at: path, line: 3, column: 3, mentions: ["£124"])
        let missing = try write("missing.csv", "item,unit,unit_cost,source,price_year\ngp_visit,consultation,NA,PSSRU,2015\n")
        assertRejects({ try UnitCostTable(contentsOf: missing) }, at: missing, line: 2, column: 3, mentions: ["unit_cost", "missing"])
    }

    func testPriceYearThatIsNotAYear() throws {
        for year in ["2015.5", "15"] {
            let path = try write("costs.csv", "item,unit,unit_cost,source,price_year\ngp_visit,consultation,39,PSSRU,2015\nae,attendance,124,NHS RC,\(year)\n")
            assertRejects({ try UnitCostTable(contentsOf: path) }, at: path, line: 3, column: 5, mentions: ["price_year", year])
        }
        let text = try write("text.csv", "item,unit,unit_cost,source,price_year\ngp_visit,consultation,39,PSSRU,2015/16\n")
        assertRejects({ try UnitCostTable(contentsOf: text) }, at: text, line: 2, column: 5, mentions: ["2015/16"])
    }

    func testDuplicateItemNamesBothLines() throws {
        let path = try write("costs.csv", """
            item,unit,unit_cost,source,price_year
            gp_visit,consultation,39,PSSRU,2015
            ae_attendance,attendance,124,NHS RC,2015
            gp_visit,home visit,60,PSSRU,2015

            """)
        assertRejects({ try UnitCostTable(contentsOf: path) }, at: path, line: 4, column: 1, mentions: ["'gp_visit'", "lines 2 and 4"])
    }

    func testEmptyItemUnitSourceOrCategory() throws {
        let header = "unit,item,unit_cost,source,price_year,category\n"
        let cases: [(row: String, column: Int, mention: String)] = [
            ("attendance,,124,NHS RC,2015,hospital", 2, "item"),
            ("attendance,  ,124,NHS RC,2015,hospital", 2, "item"),
            (",ae,124,NHS RC,2015,hospital", 1, "unit"),
            ("attendance,ae,124,NA,2015,hospital", 4, "source"),
            ("attendance,ae,124,NHS RC,2015,", 6, "category"),
        ]
        for c in cases {
            let path = try write("costs.csv", header + "consultation,gp_visit,39,PSSRU,2015,primary\n" + c.row + "\n")
            assertRejects({ try UnitCostTable(contentsOf: path) }, at: path, line: 3, column: c.column, mentions: [c.mention, "missing"])
        }
    }

    // MARK: - Rejections: the price index

    func testPriceIndexRejections() throws {
        let cases: [(text: String, line: Int, column: Int?, mentions: [String])] = [
            ("year,value\n2015,100\n", 1, nil, ["'index'"]),
            ("year,index\n2014,100\n2015,103\n2014,101\n", 4, 1, ["2014", "lines 2 and 4"]),
            ("year,index\n2014,100\n2015,0\n", 3, 2, ["2015", "is 0"]),
            ("year,index\n2014,100\n2015,-3\n", 3, 2, ["-3"]),
            ("year,index\n2014.5,100\n", 2, 1, ["2014.5"]),
            ("year,index\n2014,NA\n", 2, 2, ["index", "missing"]),
            ("year,index\n", 1, nil, ["no rows"]),
        ]
        for c in cases {
            let path = try write("index.csv", c.text)
            assertRejects({ try PriceIndex(contentsOf: path) }, at: path, line: c.line, column: c.column, mentions: c.mentions)
        }
    }

    func testPriceYearMissingFromTheIndexNamesItemAndYear() throws {
        var spec = try fixtureSpec()
        spec.priceIndex = try PriceIndex(contentsOf: write("index.csv", "year,index\n2014,100\n2015,110\n2016,120\n"))
        // gp_visit (line 2 of the table) is priced in 2013; price_year is field 5.
        assertRejects({ try Costing.run(spec, on: self.fixtureData()) },
                      at: Self.fixture("unit_costs.csv"), line: 2, column: 5, mentions: ["'gp_visit'", "2013"])
    }

    func testTargetYearMissingFromTheIndex() throws {
        let spec = try fixtureSpec(target: 2020)
        assertRejects({ try Costing.run(spec, on: self.fixtureData()) },
                      at: Self.fixture("index.csv"), line: nil, column: nil, mentions: ["2020", "2013–2016"])
    }

    func testPHBPriceYearMissingFromTheIndex() throws {
        let spec = try fixtureSpec(phbPriceYear: 2010)
        // budget_spent is field 6 of the data's header.
        assertRejects({ try Costing.run(spec, on: self.fixtureData()) },
                      at: Self.fixture("service_use.csv"), line: 1, column: 6, mentions: ["budget_spent", "2010"])
    }

    func testDifferentPriceYearsWithoutAnIndex() throws {
        // The target is then gp_visit's 2013; nurse_visit (line 3) is in 2014 prices.
        assertRejects({ try Costing.run(self.fixtureSpec(index: false), on: self.fixtureData()) },
                      at: Self.fixture("unit_costs.csv"), line: 3, column: 5, mentions: ["'nurse_visit'", "2014", "2013"])
        // With a target year, the first item not in it.
        assertRejects({ try Costing.run(self.fixtureSpec(index: false, target: 2016), on: self.fixtureData()) },
                      at: Self.fixture("unit_costs.csv"), line: 2, column: 5, mentions: ["'gp_visit'", "2013", "2016"])
        // PHB amounts in other prices than the items'.
        var spec = try fixtureSpec(phbPriceYear: 2015, index: false)
        spec.serviceUse = [ServiceUseColumn(item: "ae_attendance", column: "ae")]
        assertRejects({ try Costing.run(spec, on: self.fixtureData()) },
                      at: Self.fixture("service_use.csv"), line: 1, column: 6, mentions: ["budget_spent", "2015", "2016"])
    }

    // MARK: - Rejections: the data

    /// Data with the counts of two items and PHB amounts (field 4).
    func data(_ rows: String) throws -> Dataset {
        try CSVReader.parse(text: "id,gp_visit,nurse_visit,budget_spent\n" + rows, source: "data.csv")
    }

    func spec(_ serviceUse: [ServiceUseColumn] = [ServiceUseColumn("gp_visit"), ServiceUseColumn("nurse_visit")]) throws -> CostingSpecification {
        try fixtureSpec().with { $0.serviceUse = serviceUse }
    }

    func testCountColumnOfAnItemTheTableLacks() throws {
        let data = try data("1,2,1,100\n")
        assertRejects({ try Costing.run(self.spec([ServiceUseColumn(item: "physio", column: "nurse_visit")]), on: data) },
                      at: "data.csv", line: 1, column: 3, mentions: ["'physio'", "'nurse_visit'"])
    }

    func testItemWithoutAColumn() throws {
        let data = try data("1,2,1,100\n")
        assertRejects({ try Costing.run(self.spec([ServiceUseColumn("ae_attendance")]), on: data) },
                      at: "data.csv", line: 1, column: nil, mentions: ["'ae_attendance'"])
    }

    func testItemOrColumnGivenTwice() throws {
        let data = try data("1,2,1,100\n")
        assertRejects({ try Costing.run(self.spec([ServiceUseColumn("gp_visit"), ServiceUseColumn(item: "gp_visit", column: "nurse_visit")]), on: data) },
                      at: "data.csv", line: 1, column: 3, mentions: ["'gp_visit'", "'nurse_visit'"])
        assertRejects({ try Costing.run(self.spec([ServiceUseColumn("gp_visit"), ServiceUseColumn(item: "nurse_visit", column: "budget_spent")]), on: data) },
                      at: "data.csv", line: 1, column: 4, mentions: ["'budget_spent'", "PHB"])
    }

    func testNegativeCount() throws {
        let data = try data("1,2,1,100\n2,0,-1,100\n")
        assertRejects({ try Costing.run(self.spec(), on: data) }, at: "data.csv", line: 3, column: 3, mentions: ["'nurse_visit'", "-1"])
    }

    func testCountThatIsNotANumber() throws {
        let data = try data("1,2,1,100\n2,NA,1,100\n3,two,1,100\n")
        assertRejects({ try Costing.run(self.spec(), on: data) }, at: "data.csv", line: 4, column: 2, mentions: ["'gp_visit'", "\"two\""])
    }

    func testCountColumnReadAsTextWithNoValuesIsAllMissing() throws {
        let data = try CSVReader.parse(text: "id,gp_visit,nurse_visit,budget_spent\n1,NA,1,100\n2,,0,50\n", source: "data.csv",
                                       options: CSVOptions(categorical: ["gp_visit"]))
        let result = try Costing.run(spec(), on: data)
        assertCosts(values(result, "cost_primary_care"), [nil, nil], "primary care")
        assertCosts(values(result, "cost_phb"), [100, 50], "PHB")
        XCTAssertEqual(result.summary.costed, 0)
        XCTAssertEqual(result.summary.missingByItem.first, .init(item: "gp_visit", column: "gp_visit", rows: 2))
    }

    func testNegativePHBAmount() throws {
        let data = try data("1,2,1,100\n2,0,1,-250\n")
        assertRejects({ try Costing.run(self.spec(), on: data) }, at: "data.csv", line: 3, column: 4, mentions: ["'budget_spent'", "-250"])
    }

    func testCategoryNamedAsThePHBsOrTheTotal() throws {
        for category in ["phb", "total"] {
            let path = try write("costs.csv", "item,unit,unit_cost,source,price_year,category\ngp_visit,consultation,32,PSSRU,2013,\(category)\n")
            let spec = try self.spec([ServiceUseColumn("gp_visit")]).with { $0.unitCosts = try UnitCostTable(contentsOf: path) }
            assertRejects({ try Costing.run(spec, on: self.data("1,2,1,100\n")) }, at: path, line: 2, column: 6,
                          mentions: ["'\(category)'", "'cost_\(category)'"])
        }
    }

    func testPHBColumnNamedAsTheTotal() throws {
        let spec = try self.spec().with { $0.phbCategory = "total" }
        assertRejects({ try Costing.run(spec, on: self.data("1,2,1,100\n")) }, at: "costing", line: nil, column: nil, mentions: ["'cost_total'"])
    }

    func testNothingToCost() throws {
        let spec = try self.spec([]).with { $0.phbCost = nil }
        assertRejects({ try Costing.run(spec, on: self.data("1,2,1,100\n")) }, at: "costing", line: nil, column: nil, mentions: ["nothing to cost"])
    }
}

private extension CostingSpecification {
    /// A copy changed by `change`.
    func with(_ change: (inout CostingSpecification) throws -> Void) rethrows -> CostingSpecification {
        var copy = self
        try change(&copy)
        return copy
    }
}
