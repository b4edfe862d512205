import Foundation
import XCTest

/// Malformed data and formulas exit with status 2 and a message `phbeval: FILE:LINE:COLUMN: …`;
/// degenerate fits exit with status 1 and a sentence saying what happened.
final class BadInputTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try CLIHarness.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// Runs `regress` on `csv` with `formula` and checks status and that stderr starts with
    /// `phbeval: <location>` and contains every fragment.
    func assertRejected(csv: String, formula: String = "y ~ x", extra: [String] = [], status: Int32 = 2,
                        location: (String) -> String, contains fragments: [String],
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try CLIHarness.write(csv, named: "data.csv", in: directory)
        let run = try CLIHarness.run(["regress", path, "--formula", formula] + extra)
        XCTAssertEqual(run.status, status, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: \(location(path))"), "stderr: \(run.stderr)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(run.stderr.contains(fragment), "missing '\(fragment)' in: \(run.stderr)", file: file, line: line)
        }
        XCTAssertEqual(run.stdout, "", "nothing on stdout after an error", file: file, line: line)
    }

    // MARK: CSV

    func testRaggedShortRow() throws {
        try assertRejected(csv: "y,x\n1,2\n3\n4,5\n", location: { "\($0):3:" }, contains: ["2"])
    }

    func testRaggedLongRow() throws {
        try assertRejected(csv: "y,x\n1,2\n3,4,5\n", location: { "\($0):3:" }, contains: ["2"])
    }

    func testTextInNumericColumn() throws {
        let rows = (1...40).map { "\($0),\($0 * 2)" }.joined(separator: "\n")
        try assertRejected(csv: "y,x\n\(rows)\n41,abc\n", location: { "\($0):42:2:" }, contains: ["abc", "x"])
    }

    func testUnterminatedQuote() throws {
        try assertRejected(csv: "y,x\n1,2\n3,\"4\n5,6\n", location: { "\($0):3:" }, contains: ["quote"])
    }

    func testQuoteInsideUnquotedField() throws {
        try assertRejected(csv: "y,x\n1,2\n3,4\"5\n", location: { "\($0):3:2:" }, contains: ["quote"])
    }

    func testJunkAfterClosingQuote() throws {
        try assertRejected(csv: "y,x\n1,\"2\"z\n", location: { "\($0):2:2:" }, contains: ["quote"])
    }

    func testDuplicateHeader() throws {
        try assertRejected(csv: "y,x,x\n1,2,3\n", location: { "\($0):1:3:" }, contains: ["x"])
    }

    func testEmptyHeaderName() throws {
        try assertRejected(csv: "y,,x\n1,2,3\n", location: { "\($0):1:2:" }, contains: ["empty"])
    }

    func testEmptyFile() throws {
        try assertRejected(csv: "", location: { "\($0)" }, contains: ["empty"])
    }

    func testMissingFile() throws {
        let run = try CLIHarness.run(["regress", directory.appendingPathComponent("nope.csv").path, "--formula", "y ~ x"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("nope.csv"), run.stderr)
    }

    // MARK: Formula

    func testUnknownColumnInFormula() throws {
        try assertRejected(csv: "y,x\n1,2\n2,3\n", formula: "y ~ x + agee", location: { _ in "formula:1:9:" },
                           contains: ["unknown column 'agee'", "y, x"])
    }

    func testFormulaWithoutTilde() throws {
        try assertRejected(csv: "y,x\n1,2\n", formula: "y x", location: { _ in "formula:1:3:" }, contains: ["'~'"])
    }

    func testDanglingOperator() throws {
        try assertRejected(csv: "y,x\n1,2\n", formula: "y ~ x +", location: { _ in "formula:1:8:" }, contains: ["ends"])
    }

    func testUnknownFunction() throws {
        try assertRejected(csv: "y,x\n1,2\n", formula: "y ~ log(x)", location: { _ in "formula:1:5:" }, contains: ["log("])
    }

    func testUnbalancedParenthesis() throws {
        try assertRejected(csv: "y,x\n1,2\n", formula: "y ~ (x + x", location: { _ in "formula:1:11:" }, contains: ["')'"])
    }

    func testTextOutcome() throws {
        try assertRejected(csv: "y,x\na,2\nb,3\n", formula: "y ~ x", location: { _ in "formula:1:1:" }, contains: ["text"])
    }

    // MARK: Values and options

    func testNegativeWeight() throws {
        try assertRejected(csv: "y,x,w\n1,2,1\n2,3,-1\n3,5,1\n", extra: ["--weights", "w"], location: { "\($0):3:3:" },
                           contains: ["negative"])
    }

    func testBinomialOutcomeOutOfRange() throws {
        try assertRejected(csv: "y,x\n0,2\n1,3\n2,5\n0,1\n", extra: ["--family", "binomial"], location: { "\($0):4:1:" },
                           contains: ["binomial", "2"])
    }

    func testUnknownVarianceType() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", "ascot12 ~ arm", "--vcov", "HC9"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("HC9"), run.stderr)
    }

    func testClusterRobustWithoutClusters() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula", "ascot12 ~ arm", "--vcov", "CR1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("--cluster"), run.stderr)
    }

    // MARK: Degenerate fits (exit 1)

    func testMoreParametersThanRows() throws {
        try assertRejected(csv: "y,x,z\n1,2,3\n2,3,1\n", formula: "y ~ x + z", status: 1, location: { _ in "" },
                           contains: ["3 parameters but only 2 complete rows"])
    }

    func testConstantOutcomeInGLM() throws {
        let rows = (1...20).map { "1,\($0)" }.joined(separator: "\n")
        try assertRejected(csv: "y,x\n\(rows)\n", extra: ["--family", "binomial"], status: 1, location: { _ in "" },
                           contains: ["'y' is 1 in all 20 rows"])
    }

    func testSeparationInLogit() throws {
        let rows = (1...30).map { "\($0 > 15 ? 1 : 0),\(Double($0) - 15.5)" }.joined(separator: "\n")
        try assertRejected(csv: "y,x\n\(rows)\n", extra: ["--family", "binomial"], status: 1, location: { _ in "" },
                           contains: ["separation", "'x'"])
    }

    func testPerfectFit() throws {
        try assertRejected(csv: "y,x\n1,0\n3,1\n5,2\n7,3\n", status: 1, location: { _ in "" }, contains: ["exactly"])
    }

    func testLeverageOneWithHC3() throws {
        try assertRejected(csv: "y,g\n1,a\n2,a\n3,b\n2.5,a\n1.5,c\n", formula: "y ~ g", extra: ["--vcov", "HC3"], status: 1,
                           location: { _ in "" }, contains: ["leverage 1", "line 4"])
    }
}
