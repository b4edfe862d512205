@testable import CostEffectiveness
import Foundation
import Imputation
import Tabular
import XCTest

/// The degrees of freedom of the subgroups pooled over imputations (review 2026-12-02-subgroups
/// L1–L3): D1's df bounded by the complete-data df where Reiter's is undefined or breaks down, and
/// the subgroups' INB on Barnard–Rubin df whether or not an arm × subgroup term is estimable.
final class SubgroupPoolingTests: XCTestCase {
    /// m single-coefficient fits with within variance 1 and estimates spread so that
    /// r = (1 + 1/m)·B/Ū is `r`, on `dfcom` complete-data df.
    static func interactions(m: Int, r: Double, dfcom: Int) -> [[SubgroupInteraction]] {
        let between = r / (1 + 1 / Double(m))
        let z = (0..<m).map { Double($0) - Double(m - 1) / 2 }
        let sd = (z.reduce(0) { $0 + $1 * $1 } / Double(m - 1)).squareRoot()
        return z.map { [SubgroupInteraction(lambda: 0, terms: ["t:g[b]"], estimates: [0.3 + between.squareRoot() * $0 / sd], covariance: [[1]], residualDF: dfcom)] }
    }

    /// L1: k = 1 and m = 5 (t = 4): D1 = t² of the coefficient, and its df is that coefficient's
    /// Barnard–Rubin df (Rubin's 1987 df, unbounded, before), below ν_com however small r is.
    func testSmallTDegreesOfFreedomAreBarnardRubinAndBoundedByTheCompleteDataDF() throws {
        for r in [0.01, 0.11, 2.0] {
            let fits = Self.interactions(m: 5, r: r, dfcom: 489)
            let test = try XCTUnwrap(MultiplyImputedCEA.pooledInteractionTests(fits).first)
            let pooled = PooledEstimate(estimates: fits.map { $0[0].estimates[0] }, variances: [Double](repeating: 1, count: 5), completeDataDF: 489)
            XCTAssertEqual(pooled.relativeIncreaseInVariance, r, accuracy: 1e-12)
            XCTAssertEqual(test.denominatorDF, pooled.degreesOfFreedom, accuracy: 1e-9 * pooled.degreesOfFreedom, "r = \(r)")
            XCTAssertLessThan(test.denominatorDF, 489)
            XCTAssertEqual(test.statistic, pooled.statistic * pooled.statistic, accuracy: 1e-12)
        }
    }

    /// L2: where Reiter's c₂ = ν* − 4(1 + a) ≤ 0 (t = 20, ν_com = 15) his df fell to 1.2 at r = 4
    /// and jumped to 19.8 at r = 8; now it is the bounded Li–Barnard–Rubin df, which falls with r
    /// and stays below ν* = 15·16/18 (r = 1, where c₂ > 0, keeps Reiter's, and is larger). Where
    /// c₂ > 0 Reiter's df is kept (mitml's value).
    func testReitersDegreesOfFreedomAreGuardedWhereTheyBreakDown() throws {
        let vstar = 15.0 * 16 / 18
        let df = try [1.0, 4, 8].map { r in try XCTUnwrap(MultiplyImputedCEA.pooledInteractionTests(Self.interactions(m: 21, r: r, dfcom: 15)).first).denominatorDF }
        for (r, v) in zip([4.0, 8], df.dropFirst()) {
            let li = 20 * 2 * (1 + 1 / r) * (1 + 1 / r) / 2
            XCTAssertEqual(v, 1 / (1 / li + (1 + r) / vstar), accuracy: 1e-9, "r = \(r)")
        }
        XCTAssertGreaterThan(df[0], df[1])
        XCTAssertGreaterThan(df[1], df[2])
        XCTAssertLessThan(df[0], vstar)
        // Reiter's own df where his expansion holds (large ν_com): mitml's .D1 for k = 1, m = 21, r = 0.5, ν_com = 1000.
        let reiter = try XCTUnwrap(MultiplyImputedCEA.pooledInteractionTests(Self.interactions(m: 21, r: 0.5, dfcom: 1000)).first).denominatorDF
        let t = 20.0, a = 0.5 * t / (t - 2), v = 1001.0 / 1003 * 1000, c0 = 1 / (t - 4), c1 = v - 2 * (1 + a), c2 = v - 4 * (1 + a)
        let z = 1 / c2 + c0 * (a * a * c1 / ((1 + a) * (1 + a) * c2)) + c0 * (8 * a * a * c1 / ((1 + a) * c2 * c2) + 4 * a * a / ((1 + a) * c2))
            + c0 * (4 * a * a / (c2 * c1) + 16 * a * a * c1 / (c2 * c2 * c2)) + c0 * (8 * a * a / (c2 * c2))
        XCTAssertEqual(reiter, 4 + 1 / z, accuracy: 1e-9)
    }

    /// L3: a subgroup column whose only non-reference level is one-armed leaves no arm × subgroup
    /// term, yet the reference level's pooled INB has the Barnard–Rubin df on the regression's
    /// n − k (Rubin's 1987 df before), as pooling the completed datasets' INB by hand gives.
    func testReferenceSubgroupKeepsBarnardRubinDFWithoutAnEstimableInteraction() throws {
        var data = try MultiplyImputedWeightingTests.data()
        guard case .categorical(let codes, let levels) = data.column(named: "arm")!.values else { return XCTFail("arm is text") }
        let oneArmed = Set((0..<data.rowCount).filter { levels[Int(codes[$0])] == "PHB" }.prefix(6))
        try data.append(Column(name: "grp", text: (0..<data.rowCount).map { oneArmed.contains($0) ? "b" : "a" }))
        var spec = MultiplyImputedWeightingTests.specification()
        spec.weighting = nil
        let pooled = try XCTUnwrap(CostEffectivenessAnalysis.subgroupAnalyses(spec, columns: ["grp"], on: data).first)
        XCTAssertTrue(pooled.tests.isEmpty)
        XCTAssertNotNil(pooled.groups.first { $0.level == "b" }?.note)
        let reference = try XCTUnwrap(pooled.groups.first { $0.level == "a" }?.rows.first { $0.lambda == 50000 })
        // By hand: the same imputations (the model subgroups() builds), one regression per completed dataset.
        var plain = spec
        plain.imputation = nil
        plain.subgroup = "grp"
        let completed = try MultiplyImputedCEA.imputationModel(spec, data: data, options: spec.imputation!, subgroups: ["grp"]).impute()
        let fits = try (0..<completed.imputations).map { try NetBenefitRegression.run(try CEAData(try completed.completed($0), spec: plain), spec: plain, subgroup: "grp") }
        XCTAssertTrue(fits.allSatisfy(\.interactions.isEmpty))
        let rows = fits.map { fit in fit.groups.first { $0.level == "a" }!.rows.first { $0.lambda == 50000 }! }
        let byHand = PooledEstimate(estimates: rows.map(\.estimate), variances: rows.map { $0.standardError * $0.standardError }, completeDataDF: Double(fits[0].residualDF))
        XCTAssertEqual(reference.estimate, byHand.estimate, accuracy: 1e-9 * abs(byHand.estimate))
        XCTAssertEqual(try XCTUnwrap(reference.degreesOfFreedom), byHand.degreesOfFreedom, accuracy: 1e-9 * byHand.degreesOfFreedom)
        XCTAssertLessThan(byHand.degreesOfFreedom, Double(fits[0].residualDF))
    }
}
