import CostEffectiveness
import Foundation
import Models
import Tabular
import TestSupport
import Weighting
import XCTest

/// Review 4's weighting findings (docs/reviews/2026-12-02-statfiles-weighting.md in the review's
/// branch): each test failed before its fix. Fixtures/review4 holds the review's inputs:
/// `xtr.csv` (300 rows, P(T) = logistic(1.5x), treated rows at x = ±40), `wsite.csv` (400 rows,
/// every row of site 8 treated), `ext2.csv` (60 rows, a strong confounder x).
final class WeightingReviewFixTests: XCTestCase {
    static func data(_ name: String) throws -> Dataset {
        try CSVReader.read(path: WeightingGoldenTests.fixtures.appendingPathComponent("review4/\(name)").path)
    }

    static func treated(_ data: Dataset) throws -> [Bool] { try XCTUnwrap(data.column(named: "trt")?.numbers).map { $0 == 1 } }

    static func rendered(_ messages: [Message]) -> [String] { messages.map { $0.rendered(naming: \.name) } }

    static func spec(propensity: String) -> CEASpecification {
        var spec = CEASpecification(arm: "trt", treatedValue: "1", effect: "qaly", cost: "cost")
        spec.weighting = .init(propensity: propensity)
        return spec
    }

    /// Finding 4: a propensity of 2e-10 (weight 5e9) passes the 1e-10 refusal, and the treated
    /// arm's ESS is 1 of 155: warned, naming the row and --trim.
    func testArmRestingOnOneRowIsWarnedNamingTrim() throws {
        let data = try Self.data("xtr.csv")
        let w = try PropensityWeighting(data: data, treated: try Self.treated(data), options: .init(propensity: "x"))
        XCTAssertLessThan(w.effectiveSizes.treated, 0.1 * w.sizes.treated)
        let warning = try XCTUnwrap(Self.rendered(w.warnings).first { $0.hasPrefix("the treated arm rests on a few rows") })
        XCTAssertTrue(warning.contains("of 155 rows (1%)"), warning)
        XCTAssertTrue(warning.contains("on the row on line 3 (propensity 2.0"), warning)
        XCTAssertTrue(warning.contains("trim the weights (trim 0.99)"), warning)
        // The same through the CEA's warnings.
        let result = try CostEffectivenessAnalysis.run(Self.spec(propensity: "x"), on: data)
        XCTAssertTrue(Self.rendered(result.warnings).contains(warning))
    }

    /// Finding 6: a site with no controls separates the arms even when IRLS stops short of the
    /// divergence test: exit 1 (an AnalysisError) naming the level.
    func testSiteInOneArmOnlyIsSeparationNamingTheLevel() throws {
        let data = try Self.data("wsite.csv")
        do {
            _ = try PropensityWeighting(data: data, treated: try Self.treated(data), options: .init(propensity: "age + C(site)"))
            XCTFail("expected separation")
        } catch AnalysisError.propensity(let what) {
            XCTAssertTrue(what.hasPrefix("'site[8]' separates the arms: every row with site[8] equal to 1 is treated"), what)
        }
    }

    /// Finding 7: replicates whose propensity model fails are counted as such and warned.
    func testBootstrapPropensityFailuresAreCountedAndWarned() throws {
        var spec = Self.spec(propensity: "x")
        spec.bootstrapReplicates = 200
        spec.seed = 1
        let result = try CostEffectivenessAnalysis.run(spec, on: try Self.data("ext2.csv"))
        let bootstrap = try XCTUnwrap(result.bootstrap)
        XCTAssertGreaterThan(bootstrap.failedPropensity, 0)
        XCTAssertEqual(bootstrap.failedPropensity, bootstrap.failed)
        let warning = try XCTUnwrap(Self.rendered(result.warnings).first { $0.contains("bootstrap replicates were dropped because their propensity model") })
        XCTAssertTrue(warning.hasPrefix("\(bootstrap.failedPropensity) of 200 bootstrap replicates"), warning)
    }

    /// Finding 13: BCa intervals left null by failed jackknife refits say why.
    func testNullBCaIntervalIsExplained() throws {
        var spec = Self.spec(propensity: "x")
        spec.bootstrapReplicates = 300
        spec.seed = 1
        spec.interval = .bca
        let result = try CostEffectivenessAnalysis.run(spec, on: try Self.data("xtr.csv"))
        XCTAssertNil(result.deltaEffect.interval)
        let warning = try XCTUnwrap(Self.rendered(result.warnings).first { $0.hasPrefix("the BCa intervals are not given (null)") })
        XCTAssertTrue(warning.contains("of the 300 leave-one-out (jackknife) refits failed"), warning)
        XCTAssertTrue(warning.hasSuffix("use ci percentile"), warning)
    }

    /// Findings 10 and 15: the values taken as control are named (and pooling several warned);
    /// a treated value no row has lists the arm's values, through the coding cea uses.
    func testControlValuesNamedAndAbsentTreatedValueListsTheArm() throws {
        let n = 60
        let data = try Dataset(source: "three.csv", columns: [
            Column(name: "arm", numbers: (0..<n).map { Double($0 % 3) }),
            Column(name: "x", numbers: (0..<n).map { Double(($0 * 7) % 11) }),
        ])
        let options = WeightingOptions(propensity: "x")
        let balance = try BalanceAnalysis.run(data: data, arm: "arm", treatedValue: "1", covariates: "x", options: options)
        XCTAssertEqual(balance.armCoding.controlValues, ["0", "2"])
        XCTAssertEqual(balance.weighting.sizes.control, 40)
        XCTAssertTrue(Self.rendered(balance.warnings).contains { $0.hasPrefix("the control arm pools the rows with 'arm' = 0, 2") })
        let error = inputError { _ = try BalanceAnalysis.run(data: data, arm: "arm", treatedValue: "7", covariates: "x", options: options) }
        XCTAssertEqual(error?.parameter, .treated)
        XCTAssertEqual(error?.problem.rendered(naming: \.name), "no row has arm = 7")
        XCTAssertTrue(error?.fix.rendered(naming: \.name).hasSuffix("'arm' takes the values 0, 1, 2") == true)
    }

    /// Finding 11: a text (value-labelled) randomised column's fix names --keep-codes.
    func testTextRandomisedColumnNamesKeepCodes() throws {
        let n = 20
        let data = try Dataset(source: "r.dta", columns: [
            Column(name: "arm", numbers: (0..<n).map { Double($0 % 2) }),
            Column(name: "x", numbers: (0..<n).map { Double(($0 * 7) % 11) }),
            Column(name: "randomised", text: (0..<n).map { $0 % 4 == 0 ? "yes" : "no" }),
        ])
        let error = inputError { _ = try BalanceAnalysis.run(data: data, arm: "arm", treatedValue: "1", covariates: "x", options: .init(propensity: "x", randomised: "randomised")) }
        XCTAssertEqual(error?.origin, .parameter(.randomised, position: nil))
        XCTAssertTrue(error?.fix.rendered(naming: \.name).contains("add keep_codes to read the codes") == true, "\(String(describing: error))")
    }

    /// Finding 12: the propensity model may use neither the outcome nor the arm (input errors at
    /// their position in the formula).
    func testPropensityRefusesOutcomeAndArm() throws {
        let data = try Self.data("wsite.csv")
        let outcome = inputError { _ = try CostEffectivenessAnalysis.run(Self.spec(propensity: "age + qaly"), on: data) }
        XCTAssertEqual(outcome?.origin, .parameter(.propensity, position: 7))
        XCTAssertTrue(outcome?.problem.rendered(naming: \.name).hasPrefix("the propensity model uses the effect column 'qaly'") == true)
        let cost = inputError { _ = try CostEffectivenessAnalysis.run(Self.spec(propensity: "log(cost)"), on: data) }
        XCTAssertTrue(cost?.problem.rendered(naming: \.name).hasPrefix("the propensity model uses the cost column 'cost'") == true, "\(String(describing: cost))")
        let arm = inputError { _ = try CostEffectivenessAnalysis.run(Self.spec(propensity: "trt + age"), on: data) }
        XCTAssertEqual(arm?.origin, .parameter(.propensity, position: 1))
        XCTAssertTrue(arm?.problem.rendered(naming: \.name).hasPrefix("the propensity model uses the arm column 'trt'") == true)
    }

    /// Finding 16: terms with |weighted SMD| ≥ 0.1 after weighting are warned, named.
    func testResidualImbalanceIsWarnedNamingTheTerms() throws {
        let data = try Self.data("ext2.csv")
        let w = try PropensityWeighting(data: data, treated: try Self.treated(data), options: .init(propensity: "x"))
        let smd = try XCTUnwrap(w.balance.first?.weighted)
        XCTAssertGreaterThan(abs(smd), 0.1)
        let warning = try XCTUnwrap(Self.rendered(w.warnings).first { $0.hasPrefix("after weighting, 1 balance term still differs") })
        XCTAssertTrue(warning.contains(": x (\(smd.tableText))"), warning)
        // A well-balanced weighting is not warned.
        let site = try Self.data("wsite.csv")
        let balanced = try PropensityWeighting(data: site, treated: try Self.treated(site), options: .init(propensity: "age + female"))
        XCTAssertFalse(Self.rendered(balanced.warnings).contains { $0.hasPrefix("after weighting") }, "\(balanced.balance)")
    }

    /// Finding 22: an SMD whose SD overflows is null with a note and a warning.
    func testOverflowingSDIsExplained() throws {
        let data = try Self.data("wsite.csv")
        let w = try PropensityWeighting(data: data, treated: try Self.treated(data), options: .init(propensity: "age + female"),
                                        balanceCovariates: "I(age * 1e300) + female")
        let row = try XCTUnwrap(w.balance.first)
        XCTAssertNil(row.weighted)
        XCTAssertEqual(row.note, BalanceTable.overflowNote)
        XCTAssertTrue(Self.rendered(w.warnings).contains { $0.hasPrefix("the SMD of '\(row.term)' is not computed: its SD overflows") })
    }
}
