import Foundation
import LinearAlgebra
@testable import Models
import Tabular
import XCTest

/// Every case in Fixtures/golden_cr2 (made by Fixtures/make_cr2_fixtures.R from R's
/// `clubSandwich::vcovCR(type = "CR2")` and `coef_test(test = "Satterthwaite")`) is refitted:
/// estimates, standard errors, statistics, Satterthwaite df, p-values and the whole covariance
/// must agree with R to 1e-8 relative.
final class CR2GoldenTests: XCTestCase {
    static let tolerance = 1e-8

    struct Golden: Decodable {
        struct Term: Decodable {
            let term: String
            let estimate: Double?
            let std_error: Double?
            let statistic: Double?
            let p_value: Double?
            let df: Double?
            let aliased: Bool
        }
        struct Covariance: Decodable {
            let terms: [String]
            let matrix: [[Double]]
        }
        let `case`: String
        let data: String
        let formula: String
        let vcov: String
        let cluster: String
        let weights: String?
        let n: Int
        let n_dropped: Int
        let df_residual: Int
        let clusters: Int
        let terms: [Term]
        let covariance: Covariance
    }

    static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    static func goldenCases() throws -> [Golden] {
        let folder = fixtures.appendingPathComponent("golden_cr2")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") && $0 != "manifest.json" }.sorted()
        return try files.map { try JSONDecoder().decode(Golden.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// The largest relative differences seen, by quantity (printed for the record).
    private var worst: [String: Double] = [:]

    func assertClose(_ actual: Double?, _ expected: Double?, _ tolerance: Double, _ what: String, kind: String) {
        guard let expected else { XCTAssertNil(actual, what); return }
        guard let actual else { XCTFail("\(what): missing, expected \(expected)"); return }
        let scale = max(abs(expected), abs(actual))
        let relative = scale == 0 ? 0 : abs(actual - expected) / scale
        worst[kind] = max(worst[kind] ?? 0, relative)
        XCTAssertLessThanOrEqual(relative, tolerance, "\(what): \(actual) vs R \(expected)")
    }

    func fit(_ g: Golden, data: inout [String: Dataset]) throws -> RegressionResult {
        let dataset = try data[g.data] ?? CSVReader.read(path: Self.fixtures.appendingPathComponent(g.data).path)
        data[g.data] = dataset
        let spec = Regression.Specification(formula: try Formula(g.formula), variance: .CR2, weights: g.weights, cluster: g.cluster)
        return try Regression.fit(spec, to: dataset)
    }

    func testAllCR2CasesMatchClubSandwich() throws {
        let cases = try Self.goldenCases()
        XCTAssertEqual(cases.count, 7)
        var data: [String: Dataset] = [:]
        for g in cases {
            XCTAssertEqual(g.vcov, "CR2")
            let result = try fit(g, data: &data)
            XCTAssertEqual(result.observationCount, g.n, g.case)
            XCTAssertEqual(result.dropped.total, g.n_dropped, g.case)
            XCTAssertEqual(result.dfResidual, g.df_residual, g.case)
            XCTAssertEqual(result.clusterCount, g.clusters, g.case)
            XCTAssertFalse(result.usesNormalReference, g.case)
            XCTAssertEqual(result.warnings, [], g.case)
            XCTAssertEqual(result.terms.map(\.term), g.terms.map(\.term), "\(g.case) term names and order")
            for (mine, r) in zip(result.terms, g.terms) {
                let label = "\(g.case) \(r.term)"
                XCTAssertEqual(mine.aliased, r.aliased, label)
                assertClose(mine.estimate, r.estimate, Self.tolerance, "\(label) estimate", kind: "estimate")
                assertClose(mine.standardError, r.std_error, Self.tolerance, "\(label) std_error", kind: "std_error")
                assertClose(mine.statistic, r.statistic, Self.tolerance, "\(label) statistic", kind: "statistic")
                assertClose(mine.degreesOfFreedom, r.df, Self.tolerance, "\(label) df", kind: "df")
                assertClose(mine.pValue, r.p_value, 1e-7, "\(label) p_value", kind: "p_value")
            }
            XCTAssertEqual(result.estimatedTerms, g.covariance.terms, g.case)
            for (i, row) in g.covariance.matrix.enumerated() {
                for (j, v) in row.enumerated() {
                    // Off-diagonal entries relative to the diagonal scale (they may be near 0).
                    let scale = (result.covariance[i, i] * result.covariance[j, j]).squareRoot()
                    let relative = abs(result.covariance[i, j] - v) / scale
                    worst["covariance"] = max(worst["covariance"] ?? 0, relative)
                    XCTAssertLessThanOrEqual(relative, Self.tolerance, "\(g.case) covariance[\(i), \(j)]")
                }
            }
        }
        print("CR2 vs clubSandwich, max relative difference:", worst.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    /// The k×k-sum form of the Satterthwaite df (used above 2,000 clusters) equals the explicit
    /// G×G form.
    func testSatterthwaiteSumFormEqualsExplicitForm() throws {
        var data: [String: Dataset] = [:]
        for g in try Self.goldenCases() {
            let dataset = try data[g.data] ?? CSVReader.read(path: Self.fixtures.appendingPathComponent(g.data).path)
            data[g.data] = dataset
            let design = try DesignMatrix.build(from: dataset, formula: try Formula(g.formula), weights: g.weights, cluster: g.cluster)
            let result = try fit(g, data: &data)
            let kept = result.terms.enumerated().filter { !$0.element.aliased }.map(\.offset)
            let x = SelectedColumns(design, columns: kept)
            let beta = result.terms.map { $0.estimate ?? 0 }
            let fitted = try design.times(beta)
            let residuals = zip(design.response, fitted).map { $0 - $1 }
            let cr2 = try BiasReducedLinearization.decompose(design: x, residuals: residuals, clusters: design.clusters!,
                                                             clusterCount: design.clusterLabels.count, weights: design.weights)
            for k in 0..<kept.count {
                var unit = [Double](repeating: 0, count: kept.count)
                unit[k] = 1
                let explicit = try cr2.satterthwaiteDegreesOfFreedom(unit)
                let sums = try cr2.satterthwaiteDegreesOfFreedom(unit, explicitLimit: 0)
                XCTAssertEqual(sums, explicit, accuracy: 1e-9 * explicit, "\(g.case) term \(k)")
                XCTAssertEqual(explicit, result.terms[kept[k]].degreesOfFreedom!, accuracy: 1e-12 * explicit)
                // The contrast scores reproduce the variance: Σ_g (ℓᵀB u_g)² = V_kk.
                let contrast = try cr2.contrastScores(unit)
                XCTAssertEqual(contrast.reduce(0) { $0 + $1 * $1 }, cr2.covariance[k, k], accuracy: 1e-12 * cr2.covariance[k, k])
            }
            // B (UᵀU) B from the public scores equals the covariance.
            let meat = try cr2.scores.multiplied(by: cr2.scores, transposingSelf: true)
            let v = try cr2.bread.multiplied(by: try meat.multiplied(by: cr2.bread))
            for i in 0..<kept.count { XCTAssertEqual(v[i, i], result.covariance[i, i], accuracy: 1e-10 * v[i, i], g.case) }
        }
    }
}

/// CR2 edge cases beyond the R goldens.
final class CR2EdgeCaseTests: XCTestCase {
    /// Gathering the clusters in several passes (a small memory budget) changes nothing.
    func testSeveralGatheringPassesGiveTheSameResult() throws {
        let data = try CSVReader.read(path: CR2GoldenTests.fixtures.appendingPathComponent("trial.csv").path)
        let formula = try Formula("ascot12 ~ arm + ascot0 + age + female + condition")
        for weights in [nil, "w"] as [String?] {
            let design = try DesignMatrix.build(from: data, formula: formula, weights: weights, cluster: "site")
            let fit = try LeastSquaresFit.fit(x: design, y: design.response, rowScale: design.weights?.map { $0.squareRoot() })
            let fitted = try design.times(fit.coefficients)
            let residuals = zip(design.response, fitted).map { $0 - $1 }
            let one = try BiasReducedLinearization.decompose(design: design, factor: fit.r, residuals: residuals, clusters: design.clusters!,
                                                             clusterCount: 12, weights: design.weights)
            let many = try BiasReducedLinearization.decompose(design: design, factor: fit.r, residuals: residuals, clusters: design.clusters!,
                                                              clusterCount: 12, weights: design.weights, gatherBudget: 1)
            XCTAssertEqual(one.covariance, many.covariance)
            XCTAssertEqual(one.scores, many.scores)
        }
    }

    /// One cluster: no cluster-robust variance (exit status 1 in the CLI).
    func testSingleClusterIsAnAnalysisError() throws {
        let data = try CSVReader.read(path: CR2GoldenTests.fixtures.appendingPathComponent("trial.csv").path)
        let spec = Regression.Specification(formula: try Formula("ascot12 ~ arm"), variance: .CR2, cluster: "agex")
        XCTAssertNoThrow(try Regression.fit(spec, to: data))
        let csv = "y,x,c\n1,2,a\n2,3,a\n3,5,a\n4,1,a\n5,4,a\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cr2-one-cluster-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let one = try CSVReader.read(path: url.path)
        XCTAssertThrowsError(try Regression.fit(Regression.Specification(formula: try Formula("y ~ x"), variance: .CR2, cluster: "c"), to: one)) {
            XCTAssertEqual($0 as? AnalysisError, .tooFewClusters(count: 1))
        }
    }

    /// A GLM with CR2 is bad input at the variance parameter.
    func testGLMWithCR2IsAnInputErrorAtTheVariance() throws {
        let data = try CSVReader.read(path: CR2GoldenTests.fixtures.appendingPathComponent("trial.csv").path)
        let spec = Regression.Specification(formula: try Formula("visits ~ arm"), family: .poisson, variance: .CR2, cluster: "site")
        XCTAssertThrowsError(try Regression.fit(spec, to: data)) { error in
            let input = error as? InputError
            XCTAssertEqual(input?.parameter, .variance)
            XCTAssertTrue(input?.problem.contains("least squares") ?? false, "\(error)")
        }
    }

    /// Clusters of one row each without fixed effects: CR2 reduces to HC2 (A_g = (1 − hᵢ)^(-1/2)).
    func testSingletonClustersGiveHC2() throws {
        let data = try CSVReader.read(path: CR2GoldenTests.fixtures.appendingPathComponent("trial.csv").path)
        let formula = try Formula("ascot12 ~ arm + ascot0 + age")
        let cr2 = try Regression.fit(.init(formula: formula, variance: .CR2, cluster: "id"), to: data)
        let hc2 = try Regression.fit(.init(formula: formula, variance: .HC2), to: data)
        for (a, b) in zip(cr2.terms, hc2.terms) {
            XCTAssertEqual(a.standardError!, b.standardError!, accuracy: 1e-12 * b.standardError!, a.term)
        }
    }
}
