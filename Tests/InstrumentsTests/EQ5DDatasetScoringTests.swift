import Foundation
import Instruments
import Tabular
import XCTest

/// Scoring the EQ-5D columns of a dataset: profile layouts, missing responses, rejected codes,
/// the summary and the JSON shape of summary and provenance.
final class EQ5DDatasetScoringTests: XCTestCase {
    private let dimensions = ["mo", "sc", "ua", "pd", "ad"]

    private func fiveColumns(_ rows: [[Double]]) throws -> Dataset {
        try makeDataset((0..<5).map { d in Column(name: dimensions[d], numbers: rows.map { $0[d] }) })
    }

    func testFiveColumnsAreScoredAndSummarised() throws {
        let data = try fiveColumns([[1, 1, 1, 1, 1], [2, 3, 2, 4, 5], [1, .nan, 1, 1, 1], [5, 5, 5, 5, 5], [1, 1, 1, 1, 2]])
        let england = try EQ5DValueSet.named("England", kind: .vt)
        let table = try england.score(data, profile: EQ5DProfileColumns(dimensions))
        XCTAssertEqual(table.columns.map(\.name), ["eq5d_index"])
        let scores = try XCTUnwrap(table.columns[0].numbers)
        XCTAssertEqual(scores[0], 1)
        XCTAssertEqual(scores[1], 0.247)
        XCTAssertTrue(scores[2].isNaN, "a missing response gives a missing index, never zero")
        XCTAssertTrue(table.columns[0].missing[2])
        XCTAssertEqual(scores[3], -0.285)
        XCTAssertEqual(scores[4], 0.922)
        let summary = table.summaries[0]
        XCTAssertEqual(summary.column, "eq5d_index")
        XCTAssertEqual(summary.scored, 4)
        XCTAssertEqual(summary.missing, 1)
        XCTAssertEqual(summary.missingReasons, [.init(reason: "one or more dimension responses missing", count: 1)])
        let values = [1, 0.247, -0.285, 0.922]
        let mean = values.reduce(0, +) / 4
        XCTAssertEqual(try XCTUnwrap(summary.mean), mean, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(summary.sd), (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(summary.min, -0.285)
        XCTAssertEqual(summary.max, 1)
        XCTAssertEqual(table.provenance, england.provenance)
    }

    func testStateColumnAsTextOrAsNumber() throws {
        let uk = try EQ5DValueSet.named("UK", kind: .tto)
        let text = try makeDataset([Column(name: "state", text: ["11111", " 12321 ", nil, "33333"])])
        XCTAssertEqual(try uk.score(text, profile: .state("state"), name: "utility").columns[0].numbers?.filter { !$0.isNaN },
                       [1, 0.329, -0.594])
        let numbers = try makeDataset([Column(name: "state", numbers: [11111, 12321, .nan, 33333])])
        let table = try uk.score(numbers, profile: EQ5DProfileColumns(["state"]))
        XCTAssertEqual(table.columns[0].numbers?.filter { !$0.isNaN }, [1, 0.329, -0.594])
        XCTAssertEqual(table.summaries[0].missingReasons, [.init(reason: "health state missing", count: 1)])
    }

    func testCrosswalkScoresFiveLevelResponsesOnTheThreeLevelScale() throws {
        let data = try fiveColumns([[1, 2, 3, 4, 5], [5, 5, 5, 5, 5]])
        let table = try EQ5DValueSet.named("UK", kind: .crosswalk).score(data, profile: .dimensions(dimensions))
        XCTAssertEqual(table.columns[0].numbers, [0.063, -0.594])
        XCTAssertEqual(table.provenance.alias, "UK-vanHout-2012")
    }

    func testOutOfRangeCodesNameFileLineColumnAndAllowedLevels() throws {
        let england = try EQ5DValueSet.named("England", kind: .vt)
        for (bad, shown) in [(0.0, "0"), (6, "6"), (9, "9"), (1.5, "1.5")] {
            let data = try fiveColumns([[1, 1, 1, 1, 1], [1, 2, bad, 1, 1]])
            let error = inputError { _ = try england.score(data, profile: .dimensions(self.dimensions)) }
            XCTAssertEqual(error?.file, "data.csv")
            XCTAssertEqual(error?.line, 3)
            XCTAssertEqual(error?.column, 3)
            XCTAssertEqual(error?.problem.description, "'\(shown)' in column 'ua' is not a valid EQ-5D-5L UA level")
            XCTAssertEqual(error?.fix.description, "use 1, 2, 3, 4 or 5, or leave the cell empty (or NA) for a missing response")
            XCTAssertEqual(error?.description,
                           "data.csv:3:3: '\(shown)' in column 'ua' is not a valid EQ-5D-5L UA level; use 1, 2, 3, 4 or 5, or leave the cell empty (or NA) for a missing response")
        }
        let text = try makeDataset((0..<5).map { d in Column(name: dimensions[d], text: d == 4 ? ["1", "none"] : ["1", "1"]) })
        let error = inputError { _ = try england.score(text, profile: .dimensions(self.dimensions)) }
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 5)
        XCTAssertEqual(error?.problem.description, "'none' in column 'ad' is not a valid EQ-5D-5L AD level")
    }

    func testTextCodesAreReadAsWholeNumbers() throws {
        let columns = (0..<5).map { d in Column(name: dimensions[d], text: d == 0 ? ["1", " 2 ", "5.0", nil] : ["1", "1", "1", "1"]) }
        let table = try EQ5DValueSet.named("England", kind: .vt).score(makeDataset(columns), profile: .dimensions(dimensions))
        XCTAssertEqual(table.columns[0].numbers?.prefix(3), [1, 0.942, 0.726])
        XCTAssertTrue(table.columns[0].missing[3])
        let half = try makeDataset((0..<5).map { d in Column(name: dimensions[d], text: [d == 1 ? "1.5" : "1"]) })
        XCTAssertEqual(inputError { _ = try EQ5DValueSet.named("England", kind: .vt).score(half, profile: .dimensions(self.dimensions)) }?.problem.description,
                       "'1.5' in column 'sc' is not a valid EQ-5D-5L SC level")
    }

    func testAFourIsOutOfRangeOnAThreeLevelSet() throws {
        let error = inputError {
            _ = try EQ5DValueSet.named("UK", kind: .tto).score(self.fiveColumns([[1, 4, 1, 1, 1]]), profile: .dimensions(self.dimensions))
        }
        XCTAssertEqual(error?.column, 2)
        XCTAssertEqual(error?.problem.description, "'4' in column 'sc' is not a valid EQ-5D-3L SC level")
        XCTAssertEqual(error?.fix.description, "use 1, 2 or 3, or leave the cell empty (or NA) for a missing response")
    }

    func testMalformedStatesAreRejected() throws {
        let england = try EQ5DValueSet.named("England", kind: .vt)
        for bad in ["12360", "1234", "123456", "1234a", "-1234"] {
            let data = try makeDataset([Column(name: "id", text: ["a"]), Column(name: "state", text: [bad])])
            let error = inputError { _ = try england.score(data, profile: .state("state")) }
            XCTAssertEqual(error?.line, 2)
            XCTAssertEqual(error?.column, 2)
            XCTAssertEqual(error?.problem.description, "'\(bad)' in column 'state' is not an EQ-5D-5L health state")
        }
        let numeric = try makeDataset([Column(name: "state", numbers: [123456])])
        XCTAssertEqual(inputError { _ = try england.score(numeric, profile: .state("state")) }?.problem.description,
                       "'123456' in column 'state' is not an EQ-5D-5L health state")
    }

    func testRowNumberStandsInForAnUnknownLine() throws {
        let data = try Dataset(source: "memory", columns: [Column(name: "state", text: ["11111", "66666"])])
        let error = inputError { _ = try EQ5DValueSet.named("England", kind: .vt).score(data, profile: .state("state")) }
        XCTAssertNil(error?.line)
        XCTAssertEqual(error?.problem.description, "row 2: '66666' in column 'state' is not an EQ-5D-5L health state")
    }

    func testColumnListsOtherThanFiveOrOneAndUnknownColumnsAreRejected() throws {
        XCTAssertEqual(inputError { _ = try EQ5DProfileColumns(["a", "b", "c"]) }?.problem.description,
                       "EQ-5D takes five dimension columns or one state column, not 3 (a, b, c)")
        let data = try fiveColumns([[1, 1, 1, 1, 1]])
        let error = inputError {
            _ = try EQ5DValueSet.named("England", kind: .vt).score(data, profile: .dimensions(["mo", "sc", "ua", "pd", "anx"]))
        }
        XCTAssertEqual(error?.problem.description, "unknown column 'anx'")
    }
}
