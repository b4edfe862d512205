import Instruments
import Tabular
import XCTest

/// GHQ-12 scoring against instruments.md §4.8, missing items, prorating, caseness and bad codes.
final class GHQ12Tests: XCTestCase {
    /// Responses, then Likert, GHQ, C-GHQ, modified Likert, case (GHQ ≥ 4).
    private let rows: [([Int], Double, Double, Double, Double, Bool)] = [
        (Array(repeating: 1, count: 12), 0, 0, 0, 0, false),
        (Array(repeating: 2, count: 12), 12, 0, 6, 0, false),
        (Array(repeating: 3, count: 12), 24, 12, 12, 12, true),
        (Array(repeating: 4, count: 12), 36, 12, 12, 24, true),
        ([1, 2, 2, 2, 3, 2, 2, 2, 3, 3, 1, 2], 13, 3, 5, 3, false),
        ([2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2], 11, 0, 6, 0, false),
        ([4, 4, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1], 12, 4, 4, 8, true),
        ([1, 3, 1, 1, 4, 3, 1, 1, 1, 1, 1, 1], 7, 3, 3, 4, false),
    ]

    func testReferenceRowsUnderEveryMethod() {
        for (responses, likert, ghq, cghq, modified, _) in rows {
            XCTAssertEqual(GHQ12.score(responses, method: .likert), likert, "\(responses)")
            XCTAssertEqual(GHQ12.score(responses, method: .ghq), ghq, "\(responses)")
            XCTAssertEqual(GHQ12.score(responses, method: .cghq), cghq, "\(responses)")
            XCTAssertEqual(GHQ12.score(responses, method: .modifiedLikert), modified, "\(responses)")
        }
        XCTAssertEqual(GHQ12.Method.allCases.map(\.maximum), [36, 12, 12, 24])
        XCTAssertEqual(GHQ12.negativeItems, [2, 5, 6, 9, 10, 11])
    }

    private func dataset(_ respondents: [[Int?]]) throws -> Dataset {
        try makeDataset((0..<12).map { i in
            Column(name: "ghq\(i + 1)", numbers: respondents.map { $0[i].map(Double.init) ?? .nan })
        })
    }
    private let items = (1...12).map { "ghq\($0)" }

    func testDatasetScoresAndDefaultCasenessIsGHQAtLeastFour() throws {
        let table = try GHQ12.score(dataset(rows.map { $0.0 }), items: items, method: .cghq)
        XCTAssertEqual(table.columns.map(\.name), ["ghq12_score", "ghq12_case"])
        XCTAssertEqual(table.columns[0].numbers, rows.map { $0.3 })
        XCTAssertEqual(table.columns[1].numbers, rows.map { $0.5 ? 1 : 0 })
        XCTAssertEqual(table.provenance.parameters["caseness"], "ghq score ≥ 4")
        XCTAssertEqual(table.provenance.instrument, "GHQ")
        XCTAssertEqual(table.provenance.version, "12")
        let summary = table.summaries[0]
        XCTAssertEqual(summary.scored, 8)
        XCTAssertEqual(summary.missing, 0)
        XCTAssertEqual(summary.mean, 48.0 / 8)
        XCTAssertEqual(summary.min, 0)
        XCTAssertEqual(summary.max, 12)
    }

    func testCasenessThresholdAndMethodAreParameters() throws {
        // Likert ≥ 12: rows 2, 3, 4, 5 and 7 (totals 12, 24, 36, 13, 12).
        let table = try GHQ12.score(dataset(rows.map { $0.0 }), items: items,
                                    caseness: GHQ12.Caseness(method: .likert, threshold: 12))
        XCTAssertEqual(table.columns[1].numbers, [0, 1, 1, 1, 1, 0, 1, 0])
    }

    func testAMissingItemMakesTheScoreMissingNeverZero() throws {
        var responses: [Int?] = Array(repeating: 1, count: 12)
        responses[4] = nil
        XCTAssertNil(GHQ12.score(responses, method: .likert))
        let table = try GHQ12.score(dataset([responses, Array(repeating: 2, count: 12)]), items: items)
        XCTAssertTrue(table.columns[0].numbers?[0].isNaN ?? false)
        XCTAssertTrue(table.columns[1].numbers?[0].isNaN ?? false)
        XCTAssertEqual(table.summaries[0].missing, 1)
        XCTAssertEqual(table.summaries[0].missingReasons, [.init(reason: "one or more items missing", count: 1)])
        XCTAssertEqual(table.summaries[0].prorated, 0)
    }

    func testProratingScalesTheAnsweredItemsToTwelve() throws {
        var one: [Int?] = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1]
        one[0] = nil  // 11 answered: Likert 10 × 3 + 0 = 30, prorated 30 × 12 / 11
        XCTAssertEqual(GHQ12.score(one, method: .likert, prorateMaxMissing: 1) ?? .nan, 30.0 * 12 / 11, accuracy: 1e-12)
        var two = one
        two[1] = nil
        XCTAssertNil(GHQ12.score(two, method: .likert, prorateMaxMissing: 1))
        XCTAssertNil(GHQ12.score(Array(repeating: nil, count: 12), method: .likert, prorateMaxMissing: 11))
        let table = try GHQ12.score(dataset([one, two, Array(repeating: 3, count: 12)]), items: items, prorateMaxMissing: 1)
        XCTAssertEqual(table.summaries[0].prorated, 1)
        XCTAssertEqual(table.summaries[0].missingReasons, [.init(reason: "more than 1 item missing", count: 1)])
        XCTAssertEqual(table.provenance.parameters["prorate_max_missing"], "1")
    }

    func testOutOfRangeCodesAreRejectedWithLineColumnAndAllowedValues() throws {
        for (bad, shown) in [(0.0, "0"), (5, "5"), (9, "9"), (2.5, "2.5")] {
            var columns = (0..<12).map { Column(name: "ghq\($0 + 1)", numbers: [1, 2, 1]) }
            columns[6] = Column(name: "ghq7", numbers: [1, 2, bad])
            let error = inputError { _ = try GHQ12.score(makeDataset(columns), items: self.items) }
            XCTAssertEqual(error?.file, "data.csv")
            XCTAssertEqual(error?.line, 4)
            XCTAssertEqual(error?.column, 7)
            XCTAssertEqual(error?.problem.description, "'\(shown)' in column 'ghq7' is not a valid GHQ-12 response")
            XCTAssertEqual(error?.fix.description, "use 1, 2, 3 or 4, or leave the cell empty (or NA) for a missing response")
        }
        var columns = (0..<12).map { Column(name: "ghq\($0 + 1)", text: ["1", "2"]) }
        columns[11] = Column(name: "ghq12", text: ["often", "2"])
        let text = inputError { _ = try GHQ12.score(makeDataset(columns), items: self.items) }
        XCTAssertEqual(text?.line, 2)
        XCTAssertEqual(text?.column, 12)
        XCTAssertEqual(text?.problem.description, "'often' in column 'ghq12' is not a valid GHQ-12 response")
    }

    func testColumnCountAndProratingLimitAreChecked() throws {
        let data = try dataset([Array(repeating: 1, count: 12)])
        XCTAssertEqual(inputError { _ = try GHQ12.score(data, items: Array(self.items.prefix(11))) }?.problem.description,
                       "GHQ-12 takes twelve item columns, not 11")
        XCTAssertEqual(inputError { _ = try GHQ12.score(data, items: self.items, prorateMaxMissing: 12) }?.fix.description,
                       "allow 0 (no prorating) to 11 missing items")
    }
}
