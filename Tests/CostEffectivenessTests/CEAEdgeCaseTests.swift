import CostEffectiveness
import Foundation
import LinearAlgebra
import Resampling
import Models
import Tabular
import TestSupport
import XCTest

/// Edge cases of the cost-effectiveness engine.
final class CEAEdgeCaseTests: XCTestCase {
    func spec(_ treated: String = "1", adjusted: Bool = false, cluster: String? = nil, bootstrap: Int? = nil) -> CEASpecification {
        CEASpecification(arm: "group", treatedValue: treated, effect: "ascot12", cost: "cost",
                         effectCovariates: adjusted ? "ascot0 + age" : nil, costCovariates: adjusted ? "age" : nil,
                         cluster: cluster, bootstrapReplicates: bootstrap, seed: 7)
    }

    func testDominantAndDominatedInterventionsReportNoICER() throws {
        let golden = try CEAGoldenTests.golden("edge_cases")["cases"] as! [String: Any]
        for (file, quadrant) in [("dominant", CEQuadrant.southeast), ("dominated", .northwest)] {
            let r = try CostEffectivenessAnalysis.run(spec(), on: CEAGoldenTests.data("\(file).csv"))
            XCTAssertEqual(r.quadrant, quadrant, file)
            XCTAssertNil(r.icer, "\(file): no ICER number in the \(quadrant) quadrant")
            let unadjusted = (golden[file] as! [String: Any])["unadjusted"] as! [String: Any]
            let dc = (unadjusted["delta_cost"] as! [String: Any])["estimate"] as! Double
            XCTAssertEqual(r.deltaCost.estimate, dc, accuracy: 1e-8 * abs(dc))
            // Dominant: positive net benefit at every λ, so the CEAC is high throughout.
            if quadrant == .southeast { XCTAssertTrue(r.netBenefit.allSatisfy { $0.estimate > 0 }) }
            else { XCTAssertTrue(r.netBenefit.allSatisfy { $0.estimate < 0 }) }
        }
    }

    func testAllZeroCostsInOneArm() throws {
        let r = try CostEffectivenessAnalysis.run(spec(bootstrap: 500), on: CEAGoldenTests.data("zero_cost_arm.csv"))
        XCTAssertGreaterThan(r.deltaCost.estimate, 0)
        XCTAssertTrue(r.deltaCost.standardError.isFinite && r.deltaCost.standardError > 0)
    }

    func testZeroCostVariance() throws {
        let rows = (0..<40).map { i in "\(i % 2),\(0.5 + Double(i % 7) / 20),100" }.joined(separator: "\n")
        let data = try CSVReader.parse(text: "group,ascot12,cost\n\(rows)\n", source: "flat.csv")
        let r = try CostEffectivenessAnalysis.run(spec(bootstrap: 200), on: data)
        XCTAssertEqual(r.deltaCost.estimate, 0)
        XCTAssertEqual(r.deltaCost.standardError, 0)
        XCTAssertEqual(r.netBenefit[0].probabilityCostEffective, 0, "INB(0) = 0 is not > 0")
        XCTAssertTrue(r.netBenefit.allSatisfy { $0.evpi.isFinite })
    }

    func testEmptyArmIsAnInputError() throws {
        XCTAssertThrowsError(try CostEffectivenessAnalysis.run(spec("7"), on: CEAGoldenTests.data())) { error in
            let e = try? XCTUnwrap(error as? InputError)
            // A treated value no row has: located at the treated parameter, with the arm's values.
            XCTAssertEqual(e?.parameter, .treated, "\(error)")
            XCTAssertEqual(e?.problem.description, "no row has group = 7", "\(error)")
            XCTAssertEqual(e?.fix.description, "give the treated arm's value; 'group' takes the values 0, 1", "\(error)")
        }
    }

    func testClusterWithOneMemberAndClusterResampling() throws {
        // pilot_like.csv has a site with a single member (make_cea_fixtures.R).
        let r = try CostEffectivenessAnalysis.run(spec(adjusted: true, cluster: "site", bootstrap: 1_000), on: CEAGoldenTests.data())
        XCTAssertEqual(r.clusterCount, 20)
        XCTAssertEqual(r.bootstrap?.resampling, "clusters")
        XCTAssertTrue(r.deltaEffect.standardError > 0 && r.deltaEffect.standardError.isFinite)
    }

    func testResamplingCountsDependOnlyOnSeedAndReplicate() {
        let plan = ResamplingPlan(strata: [0, 0, 1, 1, 1, 0, 1])
        var a = [Double](repeating: 0, count: 7), b = a
        a.withUnsafeMutableBufferPointer { plan.counts(seed: 42, replicate: 3, into: $0) }
        b.withUnsafeMutableBufferPointer { plan.counts(seed: 42, replicate: 3, into: $0) }
        XCTAssertEqual(a, b)
        XCTAssertEqual([0, 1, 5].map { a[$0] }.reduce(0, +), 3, "stratum 0 keeps its size")
        XCTAssertEqual([2, 3, 4, 6].map { a[$0] }.reduce(0, +), 4, "stratum 1 keeps its size")
    }

    // MARK: Found in review

    /// The bootstrap must fit the same model as the point estimate even when the adjusted
    /// equation has no intercept (its response must not be centred).
    /// The batched bootstrap of an equation without an intercept keeps its response uncentred,
    /// so its replicates centre on its estimate (a no-intercept CEA equation is refused, but the
    /// engine serves any least-squares equation).
    func testBootstrapOfANoInterceptEquationIsCentredOnItsEstimate() throws {
        let data = try CEAGoldenTests.data()
        let x0 = try XCTUnwrap(data.column(named: "ascot0")?.numbers), age = try XCTUnwrap(data.column(named: "age")?.numbers)
        let arm = try XCTUnwrap(data.column(named: "group")?.numbers), y = try XCTUnwrap(data.column(named: "ascot12")?.numbers)
        let design = Matrix(rows: y.count, columns: 3, columnMajor: arm + x0 + age)
        let fit = try LeastSquaresFit.fit(x: design, y: y)
        let engine = LeastSquaresBootstrap(equations: [BootstrapEquation(design: design, response: y, coefficient: 0)],
                                           plan: ResamplingPlan(strata: arm.map { Int($0) }))
        let draws = engine.replicates(count: 1_000, seed: 7)[0]
        let mean = draws.reduce(0, +) / 1_000
        let sd = (draws.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / 999).squareRoot()
        XCTAssertEqual(mean, fit.coefficients[0], accuracy: 0.2 * sd)
        // The CEA refuses such covariates, naming them.
        var s = spec(bootstrap: 1_000)
        s.effectCovariates = "ascot0 + age - 1"
        XCTAssertEqual(inputError { _ = try CostEffectivenessAnalysis.run(s, on: data) }?.parameter, .effectCovariates)
    }

    /// A subgroup with members of one arm only has an aliased arm × subgroup term: its INB is
    /// not estimable and must not be reported as the reference subgroup's.
    func testAliasedSubgroupIsReportedAsNotEstimable() throws {
        // Subgroup "c" has intervention rows only, so its arm × subgroup term is aliased.
        let rows = (0..<60).map { i -> String in
            let group = i % 2, band = group == 1 && i % 5 == 0 ? "c" : (i % 3 == 0 ? "a" : "b")
            return "\(group),\(0.4 + Double(i % 7) / 20 + 0.03 * Double(group)),\(100 + 13 * (i % 4) + 9 * group),\(band)"
        }
        let data = try CSVReader.parse(text: "group,ascot12,cost,band\n" + rows.joined(separator: "\n") + "\n", source: "bands.csv")
        var s = spec()
        s.subgroup = "band"
        s.lambdas = [20_000]
        let r = try CostEffectivenessAnalysis.run(s, on: data)
        let single = try XCTUnwrap(r.subgroups.first { $0.level == "c" })
        XCTAssertTrue(single.rows.isEmpty)
        XCTAssertNotNil(single.note)
        XCTAssertTrue(r.subgroups.filter { $0.level != "c" }.allSatisfy { $0.note == nil && $0.rows.count == 1 })
    }

    func testSubgroupWithMoreThanTenValuesIsRefused() throws {
        var s = spec()
        s.subgroup = "site"
        XCTAssertThrowsError(try CostEffectivenessAnalysis.run(s, on: CEAGoldenTests.data())) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.parameter, .subgroup, "\(error)")
            XCTAssertTrue(e?.problem.contains("20 distinct values") ?? false, "\(error)")
            XCTAssertTrue(e?.fix.contains("band it") ?? false, "\(error)")
        }
    }

    /// A constant effect gives ΔE of rounding noise; it must count as no difference.
    func testConstantEffectIsNoDifferenceNotAQuadrant() throws {
        let rows = (0..<40).map { i in "\(i % 2),0.7,\(100 + 10 * (i % 5) + 7 * (i % 2)),\(i % 3)" }.joined(separator: "\n")
        let data = try CSVReader.parse(text: "group,ascot12,cost,x\n\(rows)\n", source: "flat.csv")
        var s = spec()
        s.effectCovariates = "x"
        let r = try CostEffectivenessAnalysis.run(s, on: data)
        XCTAssertEqual(r.deltaEffect.estimate, 0)
        XCTAssertEqual(r.quadrant, .noEffectDifference)
        XCTAssertNil(r.icer)
    }

    func testSURWithoutResidualVariationExitsOne() throws {
        let rows = (0..<40).map { i in "\(i % 2),\(0.5 + Double(i % 7) / 20),100,\(i % 3)" }.joined(separator: "\n")
        let data = try CSVReader.parse(text: "group,ascot12,cost,x\n\(rows)\n", source: "flat.csv")
        var s = spec()
        s.model = .sur
        s.effectCovariates = "x"
        XCTAssertThrowsError(try CostEffectivenessAnalysis.run(s, on: data)) { error in
            XCTAssertTrue(error is AnalysisError, "\(error)")
            XCTAssertTrue("\(error)".contains("no residual variation"), "\(error)")
        }
    }

    func testAnArmWithOneRowExitsOne() throws {
        let rows = ["1,0.5,100"] + (0..<20).map { i in "0,\(0.4 + Double(i) / 100),\(90 + i)" }
        let data = try CSVReader.parse(text: "group,ascot12,cost\n" + rows.joined(separator: "\n") + "\n", source: "one.csv")
        XCTAssertThrowsError(try CostEffectivenessAnalysis.run(spec(), on: data)) { error in
            XCTAssertEqual(error as? AnalysisError, .armTooSmall(arm: "intervention", rows: 1))
        }
    }
}
