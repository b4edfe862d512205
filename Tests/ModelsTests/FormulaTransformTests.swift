import Foundation
import Models
import Tabular
import XCTest

/// log(), I() and C(x, ref = …): names as R gives them, values, and their errors.
final class FormulaTransformTests: XCTestCase {
    func labels(_ text: String) throws -> [String] { try Formula(text).terms.map(\.label) }

    func inputError(_ body: () throws -> Any) -> InputError? {
        do { _ = try body(); return nil } catch let e as InputError { return e } catch { return nil }
    }

    /// Labels as R 4.2.2's `attr(terms(f), "term.labels")` prints them.
    func testLabelsAreRsDeparse() throws {
        XCTAssertEqual(try labels("y ~ log(x) + I(x^2) + I(a*b) + I(x/1000) + I(-a) + I((a+b)^2) + I(a - -b)"),
                       ["log(x)", "I(x^2)", "I(a * b)", "I(x/1000)", "I(-a)", "I((a + b)^2)", "I(a - -b)"])
        XCTAssertEqual(try labels("y ~ log( x + 1 ) + I(x^ 2.50) + I(1e5*x) + I(123456*x) + I(0.001*x) + I(1e-5*x)"),
                       ["log(x + 1)", "I(x^2.5)", "I(1e+05 * x)", "I(123456 * x)", "I(0.001 * x)", "I(1e-05 * x)"])
        XCTAssertEqual(try labels("y ~ I(`my col`^2) + I(-(a)) + I(a/b/x) + I(2^-x) + I(x*1e15) + I(x*1.5e-7)"),
                       ["I(`my col`^2)", "I(-(a))", "I(a/b/x)", "I(2^-x)", "I(x * 1e+15)", "I(x * 1.5e-07)"])
        XCTAssertEqual(try labels("y ~ I(x*3.14159265358979) + I(x*0.1) + I(log(x)*2) + I(.5*x) + I(100*x) + I(- - a)"),
                       ["I(x * 3.14159265358979)", "I(x * 0.1)", "I(log(x) * 2)", "I(0.5 * x)", "I(100 * x)", "I(--a)"])
        XCTAssertEqual(try labels("y ~ I(+x) + I(-+x) + I(x**2) + I(2^+x) + I(2 ** -x)"),
                       ["I(+x)", "I(-+x)", "I(x^2)", "I(2^+x)", "I(2^-x)"], "R: deparse of unary plus and **")
        XCTAssertEqual(try labels("y ~ a:log(x) + log(x)"), ["log(x)", "a:log(x)"], "R: \"log(x)\" \"a:log(x)\"")
        XCTAssertEqual(try labels("y ~ arm*log(x)"), ["arm", "log(x)", "arm:log(x)"])
        XCTAssertEqual(try labels("y ~ I(age^2) + I(age ^ 2) + age"), ["I(age^2)", "age"], "the same call is one variable")
    }

    func testPrecedenceFollowsR() throws {
        let data = try Dataset(source: "m.csv", columns: [Column(name: "y", numbers: [1, 2, 3]), Column(name: "x", numbers: [2, 3, 4])])
        func values(_ text: String) throws -> [Double] {
            try DesignMatrix.build(from: data, formula: Formula("y ~ 0 + \(text)")).materialized().column(0)
        }
        XCTAssertEqual(try values("I(-x^2)"), [-4, -9, -16], "-x^2 is -(x^2)")
        XCTAssertEqual(try values("I(2^x^2)"), [16, 512, 65536], "^ is right-associative")
        XCTAssertEqual(try values("I(x - 1 - 1)"), [0, 1, 2])
        XCTAssertEqual(try values("I(12/x/2)"), [3, 2, 1.5])
        XCTAssertEqual(try values("I(1 + 2*x)"), [5, 7, 9])
        XCTAssertEqual(try values("I(2^-x)"), [0.25, 0.125, 0.0625])
        XCTAssertEqual(try values("log(x)"), [log(2.0), log(3.0), log(4.0)])
        XCTAssertEqual(try values("I(x**2*+2)"), [8, 18, 32], "** is ^ and binds tighter than *")
    }

    func testResponseMayBeTransformed() throws {
        let f = try Formula("log(cost) ~ I(cost^2) + cost")
        XCTAssertEqual(f.response.name, "log(cost)")
        XCTAssertEqual(f.columns, ["cost"])
        XCTAssertEqual(f.terms.map(\.label), ["I(cost^2)", "cost"])
    }

    func testReferenceLevel() throws {
        let data = try Dataset(source: "m.csv", columns: [
            Column(name: "y", numbers: [1, 2, 3, 4, 5, 6]),
            Column(name: "g", text: ["a", "b", "c", "a", "b", "c"]),
            Column(name: "dose", numbers: [1, 2, 10, 1, 2, 10]),
        ], lineNumbers: Array(2...7))
        let d = try DesignMatrix.build(from: data, formula: Formula("y ~ C(g, ref = \"b\")"))
        XCTAssertEqual(d.columnNames, ["(Intercept)", "g[a]", "g[c]"])
        XCTAssertEqual(d.materialized().column(1), [1, 0, 0, 1, 0, 0])
        XCTAssertEqual(try DesignMatrix.build(from: data, formula: Formula("y ~ C(g, ref = c)")).columnNames, ["(Intercept)", "g[a]", "g[b]"])
        XCTAssertEqual(try DesignMatrix.build(from: data, formula: Formula("y ~ C(dose, ref = 10)")).columnNames, ["(Intercept)", "dose[1]", "dose[2]"])
        XCTAssertEqual(try DesignMatrix.build(from: data, formula: Formula("y ~ C(dose, ref = '2')")).columnNames, ["(Intercept)", "dose[1]", "dose[10]"])

        let unknown = inputError { try DesignMatrix.build(from: data, formula: Formula("y ~ C(g, ref = \"z\")")) }
        XCTAssertEqual(unknown?.parameter, .formula)
        XCTAssertEqual(unknown?.column, 16, "at the level")
        XCTAssertTrue(unknown?.fix.contains("'a', 'b', 'c'") ?? false, "\(String(describing: unknown))")
        let absent = try Dataset(source: "m.csv", columns: [
            Column(name: "y", numbers: [1, 2, 3, .nan]),
            Column(name: "g", text: ["a", "b", "a", "c"]),
        ], lineNumbers: Array(2...5))
        let unused = inputError { try DesignMatrix.build(from: absent, formula: Formula("y ~ C(g, ref = c)")) }
        XCTAssertTrue(unused?.problem.contains("no row used has the reference level 'c'") ?? false, "\(String(describing: unused))")
        XCTAssertTrue(unused?.fix.contains("'a', 'b'") ?? false)
        let twice = inputError { try Formula("y ~ C(g, ref = a) + C(g, ref = b):x") }
        XCTAssertEqual(twice?.column, 32)
    }

    func testMissingInputsMakeTheValueMissing() throws {
        let data = try Dataset(source: "m.csv", columns: [
            Column(name: "y", numbers: [1, 2, 3, 4]),
            Column(name: "a", numbers: [1, .nan, 3, 4]),
            Column(name: "b", numbers: [2, 2, .nan, 1]),
        ], lineNumbers: Array(2...5))
        let d = try DesignMatrix.build(from: data, formula: Formula("y ~ I(a*b)"))
        XCTAssertEqual(d.rows, [0, 3])
        XCTAssertEqual(d.dropped.summary, "2 rows dropped (listwise): 1 missing 'a', 1 missing 'b'")
        XCTAssertEqual(d.materialized().column(1), [2, 4])
    }

    func testNonFiniteValuesAreRefusedWithTheirLocation() throws {
        let data = try Dataset(source: "m.csv", columns: [
            Column(name: "y", numbers: [1, 2, 3, 4]),
            Column(name: "x", numbers: [1, 2, 0, 4]),
            Column(name: "z", numbers: [1, -2, 3, 4]),
        ], lineNumbers: [2, 3, 5, 6])
        let log0 = inputError { try DesignMatrix.build(from: data, formula: Formula("y ~ z + log(x)")) }
        XCTAssertEqual(log0?.file, "m.csv")
        XCTAssertEqual(log0?.line, 5)
        XCTAssertEqual(log0?.column, 2)
        XCTAssertTrue(log0?.problem.contains("log(x) (at formula:1:9) is -infinite") ?? false, "\(String(describing: log0))")
        XCTAssertTrue(log0?.fix.contains("above 0") ?? false)
        let negative = inputError { try DesignMatrix.build(from: data, formula: Formula("log(z) ~ x")) }
        XCTAssertEqual(negative?.line, 3)
        XCTAssertEqual(negative?.column, 3)
        XCTAssertTrue(negative?.problem.contains("NaN") ?? false)
        let division = inputError { try DesignMatrix.build(from: data, formula: Formula("y ~ I(z/x)")) }
        XCTAssertEqual(division?.line, 5)
        XCTAssertEqual(division?.column, 2, "the divisor's column")
        XCTAssertTrue(division?.problem.contains("z/x is +infinite, where z = 3, x = 0") ?? false, "\(String(describing: division))")
        let overflow = inputError { try DesignMatrix.build(from: data, formula: Formula("y ~ I(x^1000)")) }
        XCTAssertEqual(overflow?.line, 6, "4^1000 overflows, 2^1000 does not")
        let text = try Dataset(source: "m.csv", columns: [Column(name: "y", numbers: [1, 2]), Column(name: "g", text: ["a", "b"])])
        XCTAssertEqual(inputError { try DesignMatrix.build(from: text, formula: Formula("y ~ I(2*g)")) }?.column, 9)
    }

    func testSyntaxErrors() {
        func position(_ text: String) -> Int? { inputError { try Formula(text) }?.column }
        XCTAssertEqual(position("y ~ exp(x)"), 5)
        XCTAssertEqual(position("y ~ I(x^)"), 9)
        XCTAssertEqual(position("y ~ log(x, 10)"), 10)
        XCTAssertEqual(position("y ~ I(x"), 8)
        XCTAssertEqual(position("y ~ I(sqrt(x))"), 7)
        XCTAssertEqual(position("y ~ C(g, level = a)"), 10)
        XCTAssertEqual(position("y ~ I(x $ 2)"), 9)
        let open = inputError { try Formula("y ~ a + log(x") }
        XCTAssertEqual(open?.column, 14)
        XCTAssertTrue(open?.problem.contains("'log(' at position 9") ?? false, "\(String(describing: open))")
    }
}

/// Formulas found by fuzzing: no text may exhaust the stack or expand without bound.
final class FormulaLimitTests: XCTestCase {
    func inputError(_ body: () throws -> Any) -> InputError? {
        do { _ = try body(); return nil } catch let e as InputError { return e } catch { return nil }
    }

    func testDeepNestingIsRefusedAtItsPosition() {
        let deep = "y ~ " + String(repeating: "(", count: 15_000) + "x" + String(repeating: ")", count: 15_000)
        let e = inputError { try Formula(deep) }
        XCTAssertEqual(e?.column, 4 + Formula.maximumNesting + 1)
        XCTAssertTrue(e?.problem.contains("nested more than \(Formula.maximumNesting)") ?? false)
        XCTAssertNotNil(try? Formula("y ~ " + String(repeating: "(", count: Formula.maximumNesting) + "x" + String(repeating: ")", count: Formula.maximumNesting)))
        XCTAssertNotNil(inputError { try Formula("y ~ I(" + String(repeating: "(", count: 15_000) + "x" + String(repeating: ")", count: 15_000) + ")") })
        XCTAssertNotNil(inputError { try Formula("y ~ " + String(repeating: "log(", count: 15_000) + "x" + String(repeating: ")", count: 15_000)) })
        XCTAssertNotNil(inputError { try Formula("y ~ I(" + String(repeating: "-", count: 15_000) + "x)") })
        XCTAssertNotNil(inputError { try Formula("y ~ I(x" + String(repeating: "^x", count: 15_000) + ")") })
        XCTAssertNotNil(inputError { try Formula("y ~ I(x" + String(repeating: "+x", count: 15_000) + ")") })
        let covariates = inputError { try Formula(segments: [.init("cost ~ arm + "), .init(String(repeating: "(", count: 500) + "x", parameter: .effectCovariates)]) }
        XCTAssertEqual(covariates?.parameter, .effectCovariates)
        XCTAssertEqual(covariates?.column, Formula.maximumNesting + 1, "counted in the covariates' own text")
    }

    /// The deepest formulas accepted parse, name and evaluate within a secondary thread's 512 KiB
    /// stack, even in a debug build (100 levels of parentheses need more there).
    func testDeepestAcceptedFormulasFitASmallStack() throws {
        let formula = "y ~ " + String(repeating: "(", count: Formula.maximumNesting) + "x" + String(repeating: ")", count: Formula.maximumNesting)
        let expression = "y ~ I(" + String(repeating: "(", count: Formula.maximumNesting - 2) + "x" + String(repeating: ")", count: Formula.maximumNesting - 2) + ")"
        let chain = "y ~ I(x" + String(repeating: "^x", count: Formula.maximumNesting - 2) + ")"
        let data = try Dataset(source: "m.csv", columns: [Column(name: "y", numbers: [1, 2, 3]), Column(name: "x", numbers: [1, 1, 1])])
        nonisolated(unsafe) var results: [Int] = []
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for text in [formula, expression, chain] {
                if let f = try? Formula(text), let d = try? DesignMatrix.build(from: data, formula: f) { results.append(d.columnCount) }
            }
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        XCTAssertEqual(results, [2, 2, 2])
    }

    func testExpansionIsBoundedBeforeItIsMade() throws {
        let names = (1...14).map { "a\($0)" }
        let start = Date()
        let thirteen = try Formula("y ~ " + names.prefix(13).joined(separator: "*"))
        XCTAssertEqual(thirteen.terms.count, 8191)
        let e = inputError { try Formula("y ~ " + names.joined(separator: "*")) }
        XCTAssertNotNil(e)
        XCTAssertTrue(e?.problem.contains("10,000") ?? false, "\(String(describing: e))")
        XCTAssertNotNil(inputError { try Formula("y ~ (" + names.prefix(13).joined(separator: "*") + "):(" + names.prefix(13).joined(separator: "*") + ")") })
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    }

    func testDesignColumnsAreCountedBeforeTheyAreMade() throws {
        let n = 400
        var columns = [Column(name: "y", numbers: (0..<n).map { Double($0 % 17) })]
        for k in 1...13 { columns.append(Column(name: "a\(k)", numbers: (0..<n).map { Double(($0 * (k + 3)) % 7) })) }
        for k in 1...4 { columns.append(Column(name: "g\(k)", text: (0..<n).map { "L\($0 % (10 + k))" })) }
        let data = try Dataset(source: "m.csv", columns: columns)
        let numeric = try Formula("y ~ " + (1...13).map { "a\($0)" }.joined(separator: "*"))
        XCTAssertEqual(try DesignMatrix.build(from: data, formula: numeric).columnCount, 8192, "built lazily: no n × p matrix")
        XCTAssertThrowsError(try Regression.fit(Regression.Specification(formula: numeric), to: data)) { error in
            XCTAssertEqual(error as? AnalysisError, .tooFewRows(rows: n, parameters: 8192))
        }
        // Thirteen two-level categoricals: R's margin rule on 8,191 terms stays cheap.
        var binary = columns
        for k in 1...13 { binary.append(Column(name: "b\(k)", text: (0..<n).map { ($0 >> (k % 9)) % 2 == 0 ? "no" : "yes" })) }
        let start = Date()
        let b13 = try DesignMatrix.build(from: Dataset(source: "m.csv", columns: binary),
                                         formula: Formula("y ~ " + (1...13).map { "b\($0)" }.joined(separator: "*")))
        XCTAssertEqual(b13.columnCount, 8192)
        XCTAssertEqual(b13.columnNames[8191], (1...13).map { "b\($0)[yes]" }.joined(separator: ":"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        // 11·12·13·14 = 24,024 columns in one term: refused without making them.
        let categorical = try Formula("y ~ g1:g2:g3:g4")
        let e = inputError { try DesignMatrix.build(from: data, formula: categorical) }
        XCTAssertEqual(e?.parameter, .formula)
        XCTAssertEqual(e?.column, 5)
        XCTAssertTrue(e?.problem.contains("more than 10,000") ?? false, "\(String(describing: e))")
    }
}

/// Transforms fitted by R (Fixtures/transforms/make_transform_fixture.R): names and estimates.
final class TransformGoldenTests: XCTestCase {
    struct Golden: Decodable {
        struct Case: Decodable {
            struct Term: Decodable { let term: String; let estimate: Double; let std_error: Double }
            let formula: String
            let family: String
            let n: Int
            let terms: [Term]
        }
        let cases: [Case]
    }

    func testTransformsMatchR() throws {
        let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: folder.appendingPathComponent("transforms/transforms.json")))
        let data = try CSVReader.read(path: folder.appendingPathComponent("trial.csv").path)
        XCTAssertEqual(golden.cases.count, 7)
        var worst = 0.0
        for c in golden.cases {
            let spec = Regression.Specification(formula: try Formula(c.formula), family: Family(rawValue: c.family)!)
            let result = try Regression.fit(spec, to: data)
            XCTAssertEqual(result.observationCount, c.n, c.formula)
            XCTAssertEqual(result.terms.map(\.term), c.terms.map(\.term), c.formula)
            for (mine, r) in zip(result.terms, c.terms) {
                let de = abs(mine.estimate! - r.estimate) / max(abs(r.estimate), 1e-300)
                let ds = abs(mine.standardError! - r.std_error) / r.std_error
                worst = max(worst, de, ds)
                XCTAssertLessThanOrEqual(de, 1e-8, "\(c.formula) \(r.term) estimate \(mine.estimate!) vs R \(r.estimate)")
                XCTAssertLessThanOrEqual(ds, 1e-8, "\(c.formula) \(r.term) std_error")
            }
        }
        print("TransformGoldenTests: max relative difference vs R \(worst)")
    }
}
