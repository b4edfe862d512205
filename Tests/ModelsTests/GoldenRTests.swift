import Foundation
import Models
import Tabular
import XCTest

/// Every case in Fixtures/golden (made by Fixtures/make_fixtures.R from R's lm, glm and
/// sandwich) is refitted here: n, residual df, dispersion, deviance and every term's estimate,
/// standard error, statistic and p-value must agree with R.
final class GoldenRTests: XCTestCase {
    /// Relative agreement required for estimates, standard errors and statistics (the acceptance bar).
    static let tolerance = 1e-8

    struct Golden: Decodable {
        struct Term: Decodable {
            let term: String
            let estimate: Double?
            let std_error: Double?
            let statistic: Double?
            let p_value: Double?
            let aliased: Bool
        }
        let `case`: String
        let data: String
        let formula: String
        let family: String
        let link: String
        let vcov: String
        let cluster: String?
        let weights: String?
        let n: Int
        let n_dropped: Int
        let df_residual: Int
        let clusters: Int?
        let dispersion: Double
        let deviance: Double
        let terms: [Term]
    }

    static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    static func goldenCases() throws -> [Golden] {
        let folder = fixtures.appendingPathComponent("golden")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") && $0 != "manifest.json" }.sorted()
        return try files.map { try JSONDecoder().decode(Golden.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    func assertClose(_ actual: Double?, _ expected: Double?, _ tolerance: Double, _ what: String) {
        guard let expected else { XCTAssertNil(actual, what); return }
        guard let actual else { XCTFail("\(what): missing, expected \(expected)"); return }
        let scale = max(abs(expected), abs(actual))
        XCTAssertLessThanOrEqual(abs(actual - expected), tolerance * scale, "\(what): \(actual) vs R \(expected)")
    }

    func testAllGoldenCasesMatchR() throws {
        let cases = try Self.goldenCases()
        XCTAssertGreaterThanOrEqual(cases.count, 30)
        var datasets: [String: Dataset] = [:]
        var covered = Set<String>()
        for g in cases {
            let data = try datasets[g.data] ?? CSVReader.read(path: Self.fixtures.appendingPathComponent(g.data).path)
            datasets[g.data] = data
            let spec = Regression.Specification(
                formula: try Formula(g.formula), family: Family(rawValue: g.family)!, link: Link(rawValue: g.link)!,
                variance: VarianceType(rawValue: g.vcov)!, weights: g.weights, cluster: g.cluster)
            let result = try Regression.fit(spec, to: data)
            XCTAssertEqual(result.observationCount, g.n, g.case)
            XCTAssertEqual(result.dropped.total, g.n_dropped, g.case)
            XCTAssertEqual(result.dfResidual, g.df_residual, g.case)
            XCTAssertEqual(result.clusterCount, g.clusters, g.case)
            assertClose(result.dispersion, g.dispersion, Self.tolerance, "\(g.case) dispersion")
            assertClose(result.deviance, g.deviance, Self.tolerance, "\(g.case) deviance")
            XCTAssertEqual(result.terms.map(\.term), g.terms.map(\.term), "\(g.case) term names and order")
            // The df behind each p-value: residual df for a t reference, none for the normal.
            let usesT = g.family == "gaussian" || (g.family == "gamma" && g.vcov == "classical")
            XCTAssertEqual(result.usesNormalReference, !usesT, g.case)
            XCTAssertEqual(result.warnings.isEmpty, g.vcov != "CR1", "\(g.case): CR1 with 12 clusters warns")
            for t in result.terms {
                XCTAssertEqual(t.degreesOfFreedom, t.aliased || !usesT ? nil : Double(g.df_residual), "\(g.case) \(t.term) df")
            }
            for (mine, r) in zip(result.terms, g.terms) {
                let label = "\(g.case) \(r.term)"
                XCTAssertEqual(mine.aliased, r.aliased, label)
                assertClose(mine.estimate, r.estimate, Self.tolerance, "\(label) estimate")
                assertClose(mine.standardError, r.std_error, Self.tolerance, "\(label) std_error")
                assertClose(mine.statistic, r.statistic, Self.tolerance, "\(label) statistic")
                assertClose(mine.pValue, r.p_value, 1e-7, "\(label) p_value")
            }
            covered.insert(g.vcov)
            covered.insert(g.family)
            if g.weights != nil { covered.insert("weights") }
            if g.terms.contains(where: \.aliased) { covered.insert("aliased") }
            if g.formula.contains("*") || g.formula.contains(":") { covered.insert("interaction") }
        }
        // The acceptance coverage: every variance type, weights, interaction, aliased, each family.
        XCTAssertEqual(covered, ["classical", "HC0", "HC1", "HC2", "HC3", "CR1", "gaussian", "binomial", "poisson", "gamma",
                                 "weights", "aliased", "interaction"])
    }
}
