import Foundation
import Instruments
import Tabular
import XCTest

/// ASCOT SCT4/INT4 scoring against instruments.md §4.9, the licence error, and weights-file
/// validation and arithmetic with SYNTHETIC weights.
///
/// The real ASCOT weights are © University of Kent and licensed; none appear here. The weights
/// below are invented numbers chosen only to pass (or fail) the validation rules: they are not,
/// and do not approximate, the ASCOT preference weights.
final class ASCOTTests: XCTestCase {
    private let ideal = [1, 1, 1, 1, 1, 1, 1, 1]
    private let mixed = [1, 2, 2, 3, 4, 1, 2, 3]  // ideal, no, no, some, high, ideal, no, some
    private let current = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"]
    private let expected = ["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"]

    func testUnweightedReferenceRows() {
        XCTAssertEqual(ASCOT.unweightedScore(ideal), 24)
        XCTAssertEqual(ASCOT.unweightedScore(Array(repeating: 2, count: 8)), 16)
        XCTAssertEqual(ASCOT.unweightedScore(Array(repeating: 3, count: 8)), 8)
        XCTAssertEqual(ASCOT.unweightedScore(Array(repeating: 4, count: 8)), 0)
        XCTAssertEqual(ASCOT.unweightedScore(mixed), 14)
    }

    private func dataset(_ rows: [[Int?]], names: [String]) throws -> Dataset {
        try makeDataset(names.indices.map { d in Column(name: names[d], numbers: rows.map { $0[d].map(Double.init) ?? .nan }) })
    }

    func testSCT4DatasetScoresCompleteRowsOnly() throws {
        var incomplete: [Int?] = mixed
        incomplete[7] = nil
        let table = try ASCOT.score(dataset([ideal, mixed, incomplete, Array(repeating: 4, count: 8)], names: current),
                                    current: current)
        XCTAssertEqual(table.columns.map(\.name), ["ascot_score"])
        let scores = try XCTUnwrap(table.columns[0].numbers)
        XCTAssertEqual(scores[0], 24)
        XCTAssertEqual(scores[1], 14)
        XCTAssertTrue(scores[2].isNaN, "a missing domain gives a missing score, not a lower one")
        XCTAssertEqual(scores[3], 0)
        XCTAssertEqual(table.summaries[0].missingReasons, [.init(reason: "one or more current-state items missing", count: 1)])
        XCTAssertEqual(table.provenance.version, "SCT4")
        XCTAssertTrue(table.provenance.method.hasPrefix("unweighted"))
    }

    func testINT4GivesExpectedStateAndGain() throws {
        let rows: [[Int?]] = [ideal + Array(repeating: 3, count: 8), mixed + [nil, 1, 1, 1, 1, 1, 1, 1]]
        let table = try ASCOT.score(dataset(rows, names: current + expected), current: current, expected: expected)
        XCTAssertEqual(table.columns.map(\.name), ["ascot_score", "ascot_score_expected", "ascot_score_gain"])
        XCTAssertEqual(table.columns[0].numbers, [24, 14])
        XCTAssertEqual(table.columns[1].numbers?[0], 8)
        XCTAssertEqual(table.columns[2].numbers?[0], 16)
        XCTAssertTrue(table.columns[2].numbers?[1].isNaN ?? false)
        XCTAssertEqual(table.summaries[2].missingReasons, [.init(reason: "one or more expected-state items missing", count: 1)])
        XCTAssertEqual(table.provenance.version, "INT4")
    }

    func testWeightedIndexWithoutWeightsExplainsTheLicence() throws {
        let error = inputError {
            _ = try ASCOT.score(self.dataset([self.ideal], names: self.current), current: self.current, method: .weighted)
        }
        XCTAssertEqual(error?.parameter, .scoringWeights)
        XCTAssertEqual(error?.problem.description, "the preference-weighted SCRQoL index was asked for without a weights file")
        XCTAssertTrue(error?.fix.contains("© University of Kent (PSSRU) and licensed, not public") ?? false, error?.fix.description ?? "")
        XCTAssertTrue(error?.fix.contains("unweighted 0–24 score") ?? false)
    }

    // MARK: SYNTHETIC weights (invented; not the ASCOT weights)

    /// SYNTHETIC: ideal 0.3 in every domain, no-needs 0.21…0.28 by domain, some needs 0.1, high
    /// needs 0.01; index = −0.2 + 0.5 × Σ, so all-ideal = −0.2 + 0.5 × 2.4 = 1 and the lowest state
    /// = −0.2 + 0.5 × 0.08 = −0.16. Rows deliberately out of domain order.
    private let syntheticFile = """
        # SYNTHETIC weights for phbeval's tests: invented numbers, NOT the ASCOT preference weights
        domain,ideal,no_needs,some_needs,high_needs
        dignity,0.3,0.28,0.1,0.01
        control,0.3,0.21,0.1,0.01
        cleanliness,0.3,0.22,0.1,0.01
        food,0.3,0.23,0.1,0.01
        safety,0.3,0.24,0.1,0.01
        social,0.3,0.25,0.1,0.01
        occupation,0.3,0.26,0.1,0.01
        accommodation,0.3,0.27,0.1,0.01

        scale,0.5,,,
        constant,-0.2,,,
        """

    private func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-synthetic-ascot-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    /// Invalid UTF-8, an empty domain name and padding after the header are located or accepted
    /// by line, like any other problem of the file.
    func testWeightsFileEncodingAndLayoutProblemsAreLocated() throws {
        var bytes = Array(syntheticFile.utf8)
        let food = try XCTUnwrap(syntheticFile.range(of: "food")).lowerBound.utf16Offset(in: syntheticFile)
        bytes.insert(0xFF, at: food + 4)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-ascot-utf8-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        let invalid = inputError { _ = try ASCOTWeights(contentsOf: url.path) }
        XCTAssertEqual(invalid?.line, 6)
        XCTAssertTrue(invalid?.problem.contains("UTF-8") ?? false, "\(String(describing: invalid))")
        let empty = inputError { _ = try ASCOTWeights(contentsOf: try self.write(self.syntheticFile.replacingOccurrences(of: "control,", with: ","))) }
        XCTAssertEqual(empty?.line, 4)
        XCTAssertNoThrow(try ASCOTWeights(contentsOf: try write(syntheticFile.replacingOccurrences(of: "high_needs\n", with: "high_needs,,\n"))))
    }

    func testSyntheticWeightsFileIsReadValidatedAndApplied() throws {
        let path = try write("\u{FEFF}" + syntheticFile.replacingOccurrences(of: "\n", with: "\r\n"))
        let weights = try ASCOTWeights(contentsOf: path)
        XCTAssertEqual(weights.index(ideal), 1, accuracy: 1e-12)
        XCTAssertEqual(weights.minimum, -0.16, accuracy: 1e-12)
        // control ideal 0.3 + cleanliness no 0.22 + food no 0.23 + safety some 0.1 + social high 0.01
        // + occupation ideal 0.3 + accommodation no 0.27 + dignity some 0.1 = 1.53 → −0.2 + 0.765.
        XCTAssertEqual(weights.index(mixed), 0.565, accuracy: 1e-12)
        let table = try ASCOT.score(dataset([ideal, mixed], names: current), current: current, method: .weighted, weights: weights)
        XCTAssertEqual(table.columns[0].numbers?[0] ?? .nan, 1, accuracy: 1e-12)
        XCTAssertEqual(table.columns[0].numbers?[1] ?? .nan, 0.565, accuracy: 1e-12)
        XCTAssertEqual(table.provenance.source, path)
        XCTAssertTrue(table.provenance.method.hasPrefix("preference-weighted"))
        // Weights given with the unweighted method do not change the 0–24 score.
        let unweighted = try ASCOT.score(dataset([mixed], names: current), current: current, weights: weights)
        XCTAssertEqual(unweighted.columns[0].numbers, [14])
    }

    func testWeightsThatBreakTheIndexRangeAreRejected() throws {
        let notOne = try write(syntheticFile.replacingOccurrences(of: "constant,-0.2", with: "constant,-0.1"))
        let ideal = inputError { _ = try ASCOTWeights(contentsOf: notOne) }
        XCTAssertEqual(ideal?.file, notOne)
        XCTAssertEqual(ideal?.problem.description, "the all-ideal state scores 1.100, not 1.000 after the transformation")
        // High needs −0.02 each: lowest = −0.2 + 0.5 × (−0.16) = −0.28 < −0.17.
        let tooLow = try write(syntheticFile.replacingOccurrences(of: ",0.01\n", with: ",-0.02\n"))
        XCTAssertEqual(inputError { _ = try ASCOTWeights(contentsOf: tooLow) }?.problem.description,
                       "the lowest state scores -0.280, below the −0.17 floor of the ASCOT index")
        XCTAssertNotNil(inputError { _ = try ASCOTWeights(weights: Array(repeating: [0.125, 0.1, 0.05, 0], count: 7), source: "w") })
        // At the edge of −0.17 to 2 decimals: Σ ideal 1, lowest −0.175 is accepted, −0.176 is not.
        let edge = [[0.125, 0.1, 0.05, -0.175]] + Array(repeating: [0.125, 0.1, 0.05, 0], count: 7)
        XCTAssertEqual(try ASCOTWeights(weights: edge, source: "w").minimum, -0.175)
        var beyond = edge
        beyond[0][3] = -0.176
        XCTAssertNotNil(inputError { _ = try ASCOTWeights(weights: beyond, source: "w") })
    }

    func testMalformedWeightsFilesNameTheLine() throws {
        let cases: [(String, String, Int?, String)] = [
            ("domain,ideal,no_needs,some_needs,high_needs", "domain,best,worse,bad,worst", 2, "the header is not domain,ideal,no_needs,some_needs,high_needs"),
            ("food,0.3,0.23,0.1,0.01", "food,0.3,0.23,x,0.01", 6, "'food' needs four numbers (ideal, no needs, some needs, high-level needs)"),
            ("food,0.3,0.23,0.1,0.01", "meals,0.3,0.23,0.1,0.01", 6, "unknown row 'meals'"),
            ("food,0.3,0.23,0.1,0.01", "dignity,0.3,0.23,0.1,0.01", 6, "'dignity' appears twice"),
            ("food,0.3,0.23,0.1,0.01\n", "", nil, "no weights for food"),
        ]
        for (original, replacement, line, problem) in cases {
            let path = try write(syntheticFile.replacingOccurrences(of: original, with: replacement))
            let error = inputError { _ = try ASCOTWeights(contentsOf: path) }
            XCTAssertEqual(error?.line, line, problem)
            XCTAssertEqual(error?.problem.description, problem)
        }
        XCTAssertEqual(inputError { _ = try ASCOTWeights(contentsOf: "/nonexistent/weights.csv") }?.problem.description,
                       "cannot read the ASCOT weights file")
    }

    func testOutOfRangeCodesAndColumnCountAreRejected() throws {
        for (bad, shown) in [(0.0, "0"), (5, "5"), (9, "9")] {
            let error = inputError {
                _ = try ASCOT.score(self.dataset([self.ideal, [1, 1, 1, 1, 1, Int(bad), 1, 1]], names: self.current),
                                    current: self.current)
            }
            XCTAssertEqual(error?.line, 3)
            XCTAssertEqual(error?.column, 6)
            XCTAssertEqual(error?.problem.description, "'\(shown)' in column 'c6' is not a valid ASCOT response")
            XCTAssertEqual(error?.fix.description, "use 1, 2, 3 or 4, or leave the cell empty (or NA) for a missing response")
        }
        let text = try makeDataset(current.map { Column(name: $0, text: [$0 == "c2" ? "ideal" : "1"]) })
        XCTAssertEqual(inputError { _ = try ASCOT.score(text, current: self.current) }?.problem.description,
                       "'ideal' in column 'c2' is not a valid ASCOT response")
        XCTAssertEqual(inputError { _ = try ASCOT.score(text, current: Array(self.current.prefix(7))) }?.problem.description,
                       "ASCOT takes eight item columns per state, not 7")
    }
}
