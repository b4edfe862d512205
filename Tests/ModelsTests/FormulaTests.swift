import Foundation
import Models
import Tabular
import XCTest

/// Formula parsing and term expansion, following R's `terms.formula`.
final class FormulaTests: XCTestCase {
    func labels(_ text: String) throws -> [String] { try Formula(text).terms.map(\.label) }

    func testMainEffectsAndInteractions() throws {
        XCTAssertEqual(try labels("y ~ a + b"), ["a", "b"])
        XCTAssertEqual(try labels("y ~ a*b"), ["a", "b", "a:b"])
        XCTAssertEqual(try labels("y ~ a:b + c"), ["c", "a:b"], "terms are ordered by degree")
        XCTAssertEqual(try labels("y ~ b:a + a"), ["a", "b:a"], "variables keep their order of first appearance")
        XCTAssertEqual(try labels("y ~ (a + b):c"), ["a:c", "b:c"])
        XCTAssertEqual(try labels("y ~ (a + b)*c"), ["a", "b", "c", "a:c", "b:c"])
        XCTAssertEqual(try labels("y ~ a*b*c"), ["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"])
        XCTAssertEqual(try labels("y ~ a*b - a:b"), ["a", "b"])
        XCTAssertEqual(try labels("y ~ a + a + b:a + a:b"), ["a", "a:b"], "duplicates collapse (R: \"a\" \"a:b\")")
    }

    func testIntercept() throws {
        XCTAssertTrue(try Formula("y ~ x").hasIntercept)
        XCTAssertFalse(try Formula("y ~ x - 1").hasIntercept)
        XCTAssertFalse(try Formula("y ~ -1 + x").hasIntercept)
        XCTAssertFalse(try Formula("y ~ 0 + x").hasIntercept)
        XCTAssertTrue(try Formula("y ~ x - 1 + 1").hasIntercept)
    }

    func testCategoricalMarkerAndBackticks() throws {
        let f = try Formula("`my outcome` ~ C(site) + `age (years)`")
        XCTAssertEqual(f.response.name, "my outcome")
        XCTAssertEqual(f.terms.map(\.label), ["site", "age (years)"])
        XCTAssertTrue(f.terms[0].variables[0].forcedCategorical)
        XCTAssertFalse(f.terms[1].variables[0].forcedCategorical)
    }

    func testErrorsNameThePosition() {
        func position(_ text: String) -> Int? {
            do { _ = try Formula(text); return nil } catch let e as InputError { return e.column } catch { return nil }
        }
        XCTAssertEqual(position("y x"), 3)
        XCTAssertEqual(position("y ~ x +"), 8)
        XCTAssertEqual(position("y ~ x + $"), 9)
        XCTAssertEqual(position("y ~ exp(x)"), 5)
        XCTAssertEqual(position("y ~ (x"), 7)
        XCTAssertEqual(position("y ~ x + y"), 1, "outcome on both sides")
        XCTAssertEqual(position("y ~ x:1"), 6)
        XCTAssertEqual(position(""), 1)
    }
}

/// Design matrices: R's coding rules, names and listwise deletion.
final class DesignMatrixTests: XCTestCase {
    func data() throws -> Dataset {
        try Dataset(source: "mem.csv", columns: [
            Column(name: "y", numbers: [1, 2, 3, 4, 5, 6, .nan]),
            Column(name: "x", numbers: [0.5, 1, 1.5, 2, .nan, 3, 3.5]),
            Column(name: "g", text: ["b", "a", "c", "a", "b", "c", "d"]),
            Column(name: "s", numbers: [10, 2, 2, 10, 2, 10, 2]),
        ], lineNumbers: Array(2...8))
    }

    func testTreatmentCodingAndNames() throws {
        let d = try DesignMatrix.build(from: data(), formula: Formula("y ~ x + g"))
        XCTAssertEqual(d.columnNames, ["(Intercept)", "x", "g[b]", "g[c]"], "level d only occurs in a dropped row")
        XCTAssertEqual(d.rows, [0, 1, 2, 3, 5])
        XCTAssertEqual(d.dropped.total, 2)
        XCTAssertEqual(d.dropped.summary, "2 rows dropped (listwise): 1 missing 'y', 1 missing 'x'")
        XCTAssertEqual(d.materialized().column(2), [1, 0, 0, 0, 0])
        XCTAssertEqual(d.materialized().column(3), [0, 0, 1, 0, 1])
    }

    func testFullDummyCodingWithoutIntercept() throws {
        let d = try DesignMatrix.build(from: data(), formula: Formula("y ~ g - 1"))
        XCTAssertEqual(d.columnNames, ["g[a]", "g[b]", "g[c]"])
    }

    /// Column names as R 4.2.2's `model.matrix` gives them (same data, R's names mapped to ours):
    /// `y~x+x:g` → x:gb x:gc; `y~x:g` → x:ga x:gb x:gc; `y~g:x+g` → gb gc ga:x gb:x gc:x.
    func testInteractionCodingFollowsRsMarginRule() throws {
        let d = try DesignMatrix.build(from: data(), formula: Formula("y ~ x + x:g"))
        XCTAssertEqual(d.columnNames, ["(Intercept)", "x", "x:g[b]", "x:g[c]"], "x is in the model, so g is contrast-coded")
        let noMain = try DesignMatrix.build(from: data(), formula: Formula("y ~ x:g"))
        XCTAssertEqual(noMain.columnNames, ["(Intercept)", "x:g[a]", "x:g[b]", "x:g[c]"], "x is not, so g gets every level")
        let reversed = try DesignMatrix.build(from: data(), formula: Formula("y ~ g:x + g"))
        XCTAssertEqual(reversed.columnNames, ["(Intercept)", "g[b]", "g[c]", "g[a]:x", "g[b]:x", "g[c]:x"])
        let e = try DesignMatrix.build(from: data(), formula: Formula("y ~ x*g"))
        XCTAssertEqual(e.columnNames, ["(Intercept)", "x", "g[b]", "g[c]", "x:g[b]", "x:g[c]"])
        XCTAssertEqual(e.materialized().column(5), [0, 0, 1.5, 0, 3])
    }

    func testNumericCategoricalLevelsSortNumerically() throws {
        let d = try DesignMatrix.build(from: data(), formula: Formula("y ~ C(s)"))
        XCTAssertEqual(d.columnNames, ["(Intercept)", "s[10]"], "2 is the reference, not '10'")
    }

    func testClusterCodes() throws {
        let d = try DesignMatrix.build(from: data(), formula: Formula("y ~ x"), cluster: "g")
        XCTAssertEqual(d.clusterLabels, ["a", "b", "c"])
        XCTAssertEqual(d.clusters, [1, 0, 2, 0, 2])
    }
}

/// R's coding rules on formulas where they are subtle (Fixtures/coding/make_coding_fixture.R).
final class CategoricalCodingGoldenTests: XCTestCase {
    struct Golden: Decodable {
        struct Case: Decodable {
            struct Term: Decodable { let term: String; let estimate: Double?; let std_error: Double? }
            let formula: String
            let terms: [Term]
        }
        let cases: [Case]
    }

    func testNoInterceptAndContainedMarginsMatchR() throws {
        let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("coding")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: folder.appendingPathComponent("coding.json")))
        let data = try CSVReader.read(path: folder.appendingPathComponent("coding.csv").path)
        XCTAssertEqual(golden.cases.count, 5)
        for c in golden.cases {
            let result = try Regression.fit(Regression.Specification(formula: Formula(c.formula)), to: data)
            XCTAssertEqual(result.terms.map(\.term), c.terms.map(\.term), c.formula)
            for (mine, r) in zip(result.terms, c.terms) {
                XCTAssertEqual(mine.aliased, r.estimate == nil, "\(c.formula) \(r.term)")
                if let e = r.estimate { XCTAssertEqual(mine.estimate!, e, accuracy: 1e-9 * max(1, abs(e)), "\(c.formula) \(r.term)") }
                if let s = r.std_error { XCTAssertEqual(mine.standardError!, s, accuracy: 1e-8 * abs(s), "\(c.formula) \(r.term) se") }
            }
        }
    }
}
