import Foundation
import Imputation
import Models
import Random
import Tabular
import TestSupport
import XCTest

/// The chained equations: PMM and norm against mice in distribution, the fallbacks and refusals,
/// passive and grouped imputation, determinism.
final class ChainedEquationsTests: XCTestCase {
    static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    /// Over seeds 1…200 (m = 5, 5 iterations) the mean and variance of the imputed values and the
    /// pooled slope of y ~ x agree with mice's over its seeds 1…200 (pmm_golden.json): the
    /// difference of the two averages is within 4 standard errors of a difference of two
    /// independent means of 200 runs (√(sd²_mice/200 + sd²_phbeval/200)).
    func testPMMAndNormMatchMiceInDistribution() throws {
        let data = try CSVReader.read(path: Self.fixtures.appendingPathComponent("pmm_data.csv").path)
        let golden = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("pmm_golden.json"))) as? [[String: Any]])
        let missing = data.column(named: "y")!.missing
        for reference in golden {
            let method = try XCTUnwrap(ImputationMethod(rawValue: reference["method"] as! String))
            var means: [Double] = [], variances: [Double] = [], slopes: [Double] = []
            for seed in 1...200 {
                let options = ImputationOptions(variables: ["y"], methods: ["y": method], auxiliary: ["x"], imputations: 5, iterations: 5, seed: UInt64(seed))
                let result = try ImputationModel(data: data, options: options).impute()
                let imputed = result.chains.map { chain in chain.values[0].indices.filter { missing[$0] }.map { chain.values[0][$0] } }
                XCTAssertEqual(imputed[0].count, reference["missing"] as? Int)
                means.append(imputed.map { $0.reduce(0, +) / Double($0.count) }.reduce(0, +) / 5)
                variances.append(imputed.map { v in
                    let mean = v.reduce(0, +) / Double(v.count)
                    return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
                }.reduce(0, +) / 5)
                let fits = try (0..<5).map { try Regression.fit(.init(formula: try Formula("y ~ x")), to: result.completed($0)) }
                slopes.append(try PooledRegression(fits).pooled[1]!.estimate)
            }
            for (name, values) in [("mean", means), ("variance", variances), ("slope", slopes)] {
                let average = values.reduce(0, +) / 200
                let sd = (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / 199).squareRoot()
                let miceSD = try XCTUnwrap(reference["\(name)_sd"] as? Double), mice = try XCTUnwrap(reference[name] as? Double)
                let tolerance = 4 * (miceSD * miceSD / 200 + sd * sd / 200).squareRoot()
                XCTAssertEqual(average, mice, accuracy: tolerance, "\(method.rawValue) \(name)")
            }
        }
    }

    /// With one donor, PMM takes the observed value whose prediction is nearest (ties: the larger).
    func testMatchingFindsTheNearestPredictions() throws {
        let x: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2.2, 6.6, 4.6]
        let y: [Double] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, .nan, .nan, .nan]
        let data = try Dataset(source: "t", columns: [Column(name: "x", numbers: x), Column(name: "y", numbers: y)])
        // y = 10 + x exactly: β* = β̂ (σ* = 0), the predictions of the missing rows are 12.2, 16.6, 14.6.
        let result = try ImputationModel(data: data, options: .init(variables: ["y"], auxiliary: ["x"], imputations: 2, iterations: 1, donors: 1)).impute()
        for chain in result.chains { XCTAssertEqual(Array(chain.values[0][10...]), [12, 17, 15]) }
    }

    func testPassiveVariableIsRecomputed() throws {
        var g = Xoshiro256StarStar(seed: 1, stream: 0)
        let n = 80
        let z = (0..<n).map { _ in g.nextNormal() }
        let a = z.enumerated().map { i, v in i % 4 == 0 ? Double.nan : 10 + 3 * v + g.nextNormal() }
        let b = z.enumerated().map { i, v in i % 5 == 1 ? Double.nan : 5 + v + g.nextNormal() }
        let total = zip(a, b).map { $0 + $1 }
        let data = try Dataset(source: "t", columns: [Column(name: "z", numbers: z), Column(name: "a", numbers: a),
                                                      Column(name: "b", numbers: b), Column(name: "total", numbers: total)])
        let options = ImputationOptions(variables: ["a", "b"], auxiliary: ["z"], passive: [try PassiveVariable(parsing: "total = a + b")],
                                        imputations: 3, iterations: 4, seed: 3)
        let model = try ImputationModel(data: data, options: options)
        XCTAssertEqual(model.missingCounts.map(\.missing), [20, 16, 32])
        let result = try model.impute()
        for k in 0..<3 {
            let completed = try result.completed(k)
            let (ca, cb, ct) = (completed.column(named: "a")!.numbers!, completed.column(named: "b")!.numbers!, completed.column(named: "total")!.numbers!)
            for i in 0..<n {
                XCTAssertFalse(ct[i].isNaN)
                XCTAssertEqual(ct[i], ca[i] + cb[i], accuracy: 1e-12)
            }
        }
    }

    /// `by`: separate chains per group, so PMM donors come from the row's own group.
    func testImputationByGroupDrawsDonorsWithinTheGroup() throws {
        let n = 60
        let group = (0..<n).map { Double($0 % 2) }
        let x = (0..<n).map { Double($0) / 10 }
        let y = (0..<n).map { i in i % 3 == 0 ? Double.nan : group[i] * 100 + x[i] }
        let data = try Dataset(source: "t", columns: [Column(name: "arm", numbers: group), Column(name: "x", numbers: x), Column(name: "y", numbers: y)])
        let result = try ImputationModel(data: data, options: .init(variables: ["y"], auxiliary: ["x"], by: "arm", imputations: 4, iterations: 3)).impute()
        for chain in result.chains {
            for i in stride(from: 0, to: n, by: 3) {
                XCTAssertEqual(chain.values[0][i] >= 100, group[i] == 1, "row \(i)")
            }
        }
    }

    func testLogregImputesZeroOrOne() throws {
        var g = Xoshiro256StarStar(seed: 2, stream: 0)
        let x = (0..<200).map { _ in g.nextNormal() }
        let y = x.enumerated().map { i, v in i % 4 == 0 ? Double.nan : (g.nextUniform() < 1 / (1 + exp(-2 * v)) ? 1.0 : 0.0) }
        let text: [String?] = y.map { $0.isNaN ? nil : ($0 == 1 ? "yes" : "no") }
        let data = try Dataset(source: "t", columns: [Column(name: "x", numbers: x), Column(name: "y", text: text)])
        let model = try ImputationModel(data: data, options: .init(variables: ["y"], auxiliary: ["x"], imputations: 5, iterations: 2))
        XCTAssertEqual(model.methods.first?.method, .logreg)
        let result = try model.impute()
        var agree = 0, total = 0
        for chain in result.chains {
            for i in stride(from: 0, to: 200, by: 4) {
                XCTAssertTrue(chain.values[0][i] == 0 || chain.values[0][i] == 1)
                total += 1
                if (chain.values[0][i] == 1) == (x[i] > 0) { agree += 1 }
            }
            XCTAssertEqual(try result.completed(0).column(named: "y")!.levels!, ["no", "yes"])
        }
        // P(y = 1 | x) = plogis(2x): the imputed value agrees with the sign of x about 3 times in 4.
        XCTAssertGreaterThan(Double(agree) / Double(total), 0.6)
    }

    func testBadInput() throws {
        let data = try Dataset(source: "d.csv", columns: [
            Column(name: "x", numbers: [1, 2, 3, 4, 5, 6]),
            Column(name: "empty", numbers: [.nan, .nan, .nan, .nan, .nan, .nan]),
            Column(name: "y", numbers: [1, .nan, 3, 2, .nan, 7]),
            Column(name: "k", text: ["a", "b", "c", nil, "a", "b"]),
            Column(name: "hole", numbers: [1, .nan, 1, 1, 1, 1]),
            Column(name: "flat", numbers: [4, .nan, 4, 4, .nan, 4]),
        ], lineNumbers: [2, 3, 4, 5, 6, 7])
        func refusal(_ options: ImputationOptions) -> String {
            inputError { _ = try ImputationModel(data: data, options: options) }?.rendered(naming: { "--" + $0.name }) ?? ""
        }
        XCTAssertEqual(refusal(.init(variables: ["empty"])),
                       "d.csv:1:2: every one of the 6 values of 'empty' is missing, so there is nothing to impute it from; remove it from --variables; a variable with no observed value cannot be imputed")
        XCTAssertTrue(refusal(.init(variables: ["nope"])).contains("unknown column 'nope'"))
        XCTAssertTrue(refusal(.init(variables: ["k"])).contains("3 levels"))
        let logreg = refusal(.init(variables: ["y"], methods: ["y": .logreg]))
        XCTAssertTrue(logreg.hasPrefix("d.csv:4:3: 'y' is 3"), logreg)
        XCTAssertTrue(refusal(.init(variables: ["y"], auxiliary: ["hole"])).hasPrefix("d.csv:3:5: the auxiliary variable 'hole'"))
        XCTAssertTrue(refusal(.init(variables: ["y"], methods: ["x": .pmm])).contains("not among the variables"))
        XCTAssertTrue(refusal(.init(variables: ["y", "y"])).contains("already given"))
        XCTAssertThrowsError(try ImputationOptions.methods(parsing: "y=polyreg")) { error in
            let text = (error as? InputError)?.rendered(naming: { "--" + $0.name }) ?? ""
            XCTAssertTrue(text.hasPrefix("--method: unknown imputation method \"polyreg\" for 'y'"), text)
        }
        // A constant variable: its value is imputed, and the result says so.
        let constant = try ImputationModel(data: data, options: .init(variables: ["flat", "y"], auxiliary: ["x"], imputations: 2, iterations: 2)).impute()
        XCTAssertTrue(constant.chains.allSatisfy { $0.values[1] == [4, 4, 4, 4, 4, 4] }, "\(constant.chains.map(\.values))")
        XCTAssertTrue(constant.notes.contains("every observed value of 'flat' is 4, so its missing values were set to it"))
        XCTAssertEqual(constant.model.missingCounts.map(\.missing), [2, 2])
    }

    /// A group of `by` with no observed value of a variable it must impute: exit 1 (AnalysisError), naming both.
    func testGroupWithoutObservedValuesIsAnAnalysisError() throws {
        let data = try Dataset(source: "t", columns: [Column(name: "arm", numbers: [0, 0, 0, 1, 1, 1]),
                                                      Column(name: "y", numbers: [1, 2, 3, .nan, .nan, .nan])])
        XCTAssertThrowsError(try ImputationModel(data: data, options: .init(variables: ["y"], by: "arm", imputations: 2)).impute()) { error in
            guard case AnalysisError.numericalFailure(let text) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(text.hasPrefix("no value of 'y' is observed in the arm group 1"), text)
        }
    }

    /// The same seed gives the same imputations for any thread count; another seed differs.
    func testDeterministicForAnyThreadCount() throws {
        let data = try CSVReader.read(path: Self.fixtures.appendingPathComponent("pmm_data.csv").path)
        func run(_ threads: Int, seed: UInt64 = 4) throws -> [UInt8] {
            try ImputationModel(data: data, options: .init(variables: ["y"], auxiliary: ["x"], imputations: 7, iterations: 3, seed: seed, threads: threads)).impute().longFormat()
        }
        let one = try run(1)
        XCTAssertEqual(one, try run(3))
        XCTAssertEqual(one, try run(8))
        XCTAssertNotEqual(one, try run(1, seed: 5))
        let text = String(decoding: one, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(text.first, ".imp,.id,x,y")
        XCTAssertEqual(text.count, 1 + 7 * 50)
        XCTAssertTrue(text[1].hasPrefix("1,1,"))
        XCTAssertTrue(text.last!.hasPrefix("7,50,"))
    }
}
