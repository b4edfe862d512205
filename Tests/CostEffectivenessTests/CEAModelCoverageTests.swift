import CostEffectiveness
import Foundation
import Models
import Resampling
import Tabular
import TestSupport
import XCTest

/// Every model under every variance method, and the refusals that keep answers meaningful.
final class CEAModelCoverageTests: XCTestCase {
    /// 8 sites, sites 1–4 intervention only: the arm is the sum of four site dummies.
    static func nestedSites(zeroCosts: Bool) throws -> Dataset {
        var rows: [String] = []
        for i in 0..<160 {
            let site = i % 8 + 1, arm = site <= 4 ? 1 : 0
            let effect = 0.5 + 0.04 * Double(arm) + Double((i * 37) % 11) / 50
            let cost = zeroCosts && i % 4 == 0 ? 0 : 800 + 150 * Double(arm) + Double((i * 53) % 17) * 40
            rows.append("\(arm),\(site),\(effect),\(cost),\(30 + i % 40)")
        }
        return try CSVReader.parse(text: "arm,site,effect,cost,age\n" + rows.joined(separator: "\n") + "\n", source: "nested.csv")
    }

    func spec(_ model: CEASpecification.Model, covariates: String?) -> CEASpecification {
        CEASpecification(arm: "arm", treatedValue: "1", effect: "effect", cost: "cost",
                         effectCovariates: covariates, costCovariates: covariates, model: model)
    }

    func testArmNestedInSitesExitsOneForEveryModel() throws {
        for model in CEASpecification.Model.allCases {
            let data = try Self.nestedSites(zeroCosts: model == .twoPart)
            XCTAssertThrowsError(try CostEffectivenessAnalysis.run(spec(model, covariates: "age + C(site)"), on: data), "\(model)") { error in
                guard case AnalysisError.armConfounded(let arm, let covariate, let equation) = error else {
                    return XCTFail("\(model): \(error)")
                }
                XCTAssertEqual(arm, "arm")
                XCTAssertEqual(covariate, "'C(site)'")
                XCTAssertEqual(equation, "effect")
                XCTAssertTrue("\(error)".contains("the arm ('arm') is a linear combination of the covariate 'C(site)'"), "\(error)")
            }
            // Without the site covariate the same data are analysed.
            XCTAssertNoThrow(try CostEffectivenessAnalysis.run(spec(model, covariates: "age"), on: data), "\(model)")
        }
    }

    /// The shipped fixture with sites nested in arms (20 sites, n = 2,235): the rank test catches
    /// what R aliases (golden/aliased.json), for every model and either equation.
    func testNestedSitesFixtureExitsOneForEveryModel() throws {
        let data = try CEAGoldenTests.data("estimators/sites_nested.csv")
        for model in CEASpecification.Model.allCases {
            for (effect, cost, equation) in [("age + C(site)", nil, "effect"), (nil, "C(site)", "cost"), ("C(site) + age", "age", "effect")] as [(String?, String?, String)] {
                let s = CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost",
                                         effectCovariates: effect, costCovariates: cost, model: model)
                XCTAssertThrowsError(try CostEffectivenessAnalysis.run(s, on: data), "\(model) \(effect ?? "-") / \(cost ?? "-")") { error in
                    guard case AnalysisError.armConfounded(_, let covariate, let eq) = error else { return XCTFail("\(model): \(error)") }
                    XCTAssertEqual(covariate, "'C(site)'")
                    XCTAssertEqual(eq, equation)
                }
            }
        }
    }

    /// Covariates that use the arm column are refused at their position: an arm interaction would
    /// silently make ΔE (and recycled ΔC) the effect at the other variable's zero.
    func testCovariatesUsingTheArmColumnAreRefused() throws {
        for (covariates, position) in [("age + group:age", 7), ("group*female", 1), ("age + C(group)", 9), ("I(2*group)", 1)] {
            for model in [CEASpecification.Model.ols, .gammaCost] {
                let s = CEASpecification(arm: "group", treatedValue: "1", effect: "ascot12", cost: "cost",
                                         effectCovariates: model == .ols ? covariates : nil, costCovariates: model == .ols ? nil : covariates, model: model)
                let error = inputError { _ = try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data()) }
                XCTAssertEqual(error?.origin, .parameter(model == .ols ? .effectCovariates : .costCovariates, position: position), covariates)
                XCTAssertTrue(error?.problem.contains("uses the arm column 'group'") ?? false, "\(String(describing: error))")
                XCTAssertTrue(error?.fix.contains("subgroup") ?? false, "\(String(describing: error))")
            }
        }
    }

    func testGammaCostWithZeroCostsPointsToTwoPart() throws {
        let data = try Self.nestedSites(zeroCosts: true)
        XCTAssertThrowsError(try CostEffectivenessAnalysis.run(spec(.gammaCost, covariates: "age"), on: data)) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.parameter, .model)
            XCTAssertTrue(e?.problem.contains("40 of the 160 costs are zero") ?? false, "\(error)")
            XCTAssertTrue(e?.fix.contains("two-part") ?? false, "\(error)")
        }
    }

    func testEveryModelTakesTheBootstrapAndClusters() throws {
        for model in CEASpecification.Model.allCases {
            let data = try Self.nestedSites(zeroCosts: model == .twoPart)
            var s = spec(model, covariates: "age")
            s.cluster = "site"
            let clustered = try CostEffectivenessAnalysis.run(s, on: data)
            XCTAssertEqual(clustered.clusterCount, 8)
            XCTAssertTrue(clustered.deltaCost.standardError.isFinite && clustered.deltaCost.standardError > 0, "\(model)")
            s.bootstrapReplicates = 200
            let boot = try CostEffectivenessAnalysis.run(s, on: data)
            XCTAssertEqual(boot.bootstrap?.resampling, "clusters within arms", "\(model)")
            XCTAssertEqual(boot.deltaCost.estimate, clustered.deltaCost.estimate, "\(model): the point estimate is the model's")
            XCTAssertTrue(boot.deltaCost.standardError > 0 && boot.deltaEffect.standardError > 0, "\(model)")
            s.cluster = nil
            s.threads = 1
            let one = try CostEffectivenessAnalysis.run(s, on: data)
            s.threads = 2
            let two = try CostEffectivenessAnalysis.run(s, on: data)
            XCTAssertEqual(one.deltaCost, two.deltaCost, "\(model): thread count changed the bootstrap")
            XCTAssertEqual(one.bootstrap?.resampling, "rows within arms")
        }
    }

    func testProminentWarningWhenListwiseDeletionRemovesOverAFifth() throws {
        var rows: [String] = []
        for i in 0..<100 {
            let effect = i % 4 == 0 ? "" : String(0.5 + Double(i % 9) / 20)
            rows.append("\(i % 2),\(effect),\(100 + i % 13)")
        }
        let data = try CSVReader.parse(text: "arm,effect,cost\n" + rows.joined(separator: "\n") + "\n", source: "holes.csv")
        let r = try CostEffectivenessAnalysis.run(spec(.ols, covariates: nil), on: data)
        XCTAssertEqual(r.warnings.count, 1)
        XCTAssertTrue(r.warnings[0].contains("removed 25 of 100 rows (25%)"), r.warnings[0].description)
        XCTAssertTrue(r.warnings[0].contains("multiple imputation"), r.warnings[0].description)
        let complete = try CSVReader.parse(text: "arm,effect,cost\n" + (0..<100).map { "\($0 % 2),\(0.5 + Double($0 % 9) / 20),\(100 + $0 % 13)" }.joined(separator: "\n") + "\n", source: "full.csv")
        XCTAssertEqual(try CostEffectivenessAnalysis.run(spec(.ols, covariates: nil), on: complete).warnings, [])
    }
}
