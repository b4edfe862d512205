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
        try assertRejected(csv: "", location: { "\($0):1:1:" }, contains: ["empty"])
    }

    func testMissingFile() throws {
        let run = try CLIHarness.run(["regress", directory.appendingPathComponent("nope.csv").path, "--formula", "y ~ x"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("nope.csv"), run.stderr)
    }

    // MARK: Formula

    func testUnknownColumnInFormula() throws {
        try assertRejected(csv: "y,x\n1,2\n2,3\n", formula: "y ~ x + agee", location: { _ in "--formula:1:9:" },
                           contains: ["unknown column 'agee'", "y, x"])
    }

    func testFormulaWithoutTilde() throws {
        try assertRejected(csv: "y,x\n1,2\n", formula: "y x", location: { _ in "--formula:1:3:" }, contains: ["'~'"])
    }

    func testDanglingOperator() throws {
        try assertRejected(csv: "y,x\n1,2\n", formula: "y ~ x +", location: { _ in "--formula:1:8:" }, contains: ["ends"])
    }

    func testUnknownFunction() throws {
        try assertRejected(csv: "y,x\n1,2\n", formula: "y ~ exp(x)", location: { _ in "--formula:1:5:" }, contains: ["exp("])
    }

    func testUnbalancedParenthesis() throws {
        try assertRejected(csv: "y,x\n1,2\n", formula: "y ~ (x + x", location: { _ in "--formula:1:11:" }, contains: ["')'"])
    }

    func testTextOutcome() throws {
        try assertRejected(csv: "y,x\na,2\nb,3\n", formula: "y ~ x", location: { _ in "--formula:1:1:" }, contains: ["text"])
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

    // MARK: Found in review

    func testMostlyNumericTextPredictorIsRejected() throws {
        let rows = (1...20).map { "\($0),\([7, 9, 12].contains($0) ? "n/a" : String(20 + $0))" }.joined(separator: "\n")
        try assertRejected(csv: "y,age\n\(rows)\n", formula: "y ~ age", location: { "\($0):8:2:" }, contains: ["n/a", "C(age)"])
    }

    func testMissingTokensIgnoreSurroundingSpaces() throws {
        let path = try CLIHarness.write("y,x\n1,2\n2, -99\n3,5\n4,7\n5,8\n", named: "data.csv", in: directory)
        let run = try CLIHarness.run(["regress", path, "--formula", "y ~ x", "--missing", "NA, -99", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["n"] as? Int, 4, "the -99 sentinel is missing, not data")
    }

    func testSingleLevelCategoricalIsRejected() throws {
        try assertRejected(csv: "y,x,g\n1,2,a\n2,3,a\n3,5,a\n,1,b\n", formula: "y ~ x + g", location: { _ in "--formula:1:9:" },
                           contains: ["'g' has only one level ('a')"])
    }

    func testGaussianLogNeedsPositiveOutcome() throws {
        try assertRejected(csv: "y,x\n1,2\n2,3\n-1,5\n4,1\n", extra: ["--family", "gaussian", "--link", "log"],
                           location: { "\($0):4:1:" }, contains: ["positive"])
    }

    func testQuasiSeparationInLogit() throws {
        // Level d has y = 0 in every row: its coefficient runs off to −∞ (R: −18.5, SE 2029).
        let rows = (0..<80).map { i -> String in
            let level = ["a", "b", "c", "d"][i % 4]
            return "\(level == "d" ? 0 : (i / 4) % 2),\(Double(i % 9) / 4 - 1),\(level)"
        }.joined(separator: "\n")
        try assertRejected(csv: "y,x,f\n\(rows)\n", formula: "y ~ x + f", extra: ["--family", "binomial"], status: 1,
                           location: { _ in "" }, contains: ["separation", "f[d]"])
    }

    func testClusterWithoutCR1IsRejected() throws {
        try assertRejected(csv: "y,x,c\n1,2,a\n2,3,b\n3,5,a\n4,1,b\n", extra: ["--cluster", "c"], location: { _ in "--cluster:" },
                           contains: ["--vcov CR1"])
    }

    func testAliasedColumnsCostNoDegreesOfFreedom() throws {
        // 5 rows and 5 columns, of which x4 = 2·x3 is aliased: R fits it with 1 residual df, so does phbeval.
        let path = try CLIHarness.write("y,x1,x2,x3,x4\n1,1,5,2,4\n3,2,3,1,2\n2,3,4,7,14\n5,4,1,3,6\n4.7,5,2,5,10\n",
                                        named: "data.csv", in: directory)
        let run = try CLIHarness.run(["regress", path, "--formula", "y ~ x1 + x2 + x3 + x4", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["df_residual"] as? Int, 1)
    }

    func testHeaderOnlyFileSaysSo() throws {
        try assertRejected(csv: "y,x\n", location: { "\($0):" }, contains: ["no data rows"])
    }
}
