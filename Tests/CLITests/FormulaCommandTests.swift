import Foundation
import XCTest

/// Formula transforms and limits end to end: exit statuses and `phbeval: <location>:` prefixes.
final class FormulaCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try CLIHarness.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    static var ceaData: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CostEffectivenessTests/Fixtures/dominant.csv").path
    }

    /// Runs `arguments` and checks the status, that stderr starts with `phbeval: <prefix>` and
    /// contains every fragment, and that nothing went to stdout.
    func assertFails(_ arguments: [String], status: Int32, prefix: String, contains fragments: [String] = [],
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try CLIHarness.run(arguments)
        XCTAssertEqual(run.status, status, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: \(prefix)"), "stderr: \(run.stderr.prefix(400))", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(run.stderr.contains(fragment), "missing '\(fragment)' in: \(run.stderr.prefix(400))", file: file, line: line)
        }
        XCTAssertEqual(run.stdout, "", file: file, line: line)
    }

    func regress(_ csv: String, _ formula: String) throws -> [String] {
        ["regress", try CLIHarness.write(csv, named: "data.csv", in: directory), "--formula", formula]
    }

    // MARK: Transforms

    func testTransformsAreNamedAsRNamesThem() throws {
        let run = try CLIHarness.run(["regress", CLIHarness.exampleData, "--formula",
                                      "log(cost) ~ arm*log(ascot0) + I(age^2) + C(condition, ref = \"COPD\")", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let terms = try XCTUnwrap(json["terms"] as? [[String: Any]]).compactMap { $0["term"] as? String }
        XCTAssertEqual(terms.prefix(4), ["(Intercept)", "arm", "log(ascot0)", "I(age^2)"])
        XCTAssertTrue(terms.contains("condition[CHC]") && !terms.contains("condition[COPD]"), "\(terms)")
        XCTAssertEqual(terms.last, "arm:log(ascot0)")
    }

    func testLogOfZeroNamesTheRowAndTheTerm() throws {
        let args = try regress("y,x\n1,2\n2,3\n3,0\n4,5\n", "y ~ log(x)")
        try assertFails(args, status: 2, prefix: "\(args[1]):4:2:", contains: ["log(x) (at --formula:1:5)", "-infinite", "x = 0"])
    }

    func testDivisionByZero() throws {
        let args = try regress("y,a,b\n1,2,1\n2,3,0\n3,1,2\n4,5,1\n", "y ~ I(a/b)")
        try assertFails(args, status: 2, prefix: "\(args[1]):3:3:", contains: ["a/b is +infinite", "(at --formula:1:8)"])
    }

    func testUnknownReferenceLevelListsTheLevels() throws {
        try assertFails(try regress("y,g\n1,a\n2,b\n3,c\n4,a\n", "y ~ C(g, ref = \"d\")"), status: 2, prefix: "--formula:1:16:",
                        contains: ["'d' is not a level of g", "'a', 'b', 'c'"])
    }

    func testTextColumnInsideI() throws {
        try assertFails(try regress("y,g\n1,a\n2,b\n3,c\n", "y ~ I(g^2)"), status: 2, prefix: "--formula:1:7:", contains: ["text"])
    }

    func testUnsupportedFunction() throws {
        try assertFails(try regress("y,x\n1,2\n2,3\n", "y ~ sqrt(x)"), status: 2, prefix: "--formula:1:5:", contains: ["sqrt("])
    }

    // MARK: Limits

    func testDeepNestingExitsTwoWithThePosition() throws {
        let formula = "y ~ " + String(repeating: "(", count: 15_000) + "x" + String(repeating: ")", count: 15_000)
        try assertFails(try regress("y,x\n1,2\n2,3\n", formula), status: 2, prefix: "--formula:1:55:", contains: ["nested more than 50"])
        let inside = "y ~ I(" + String(repeating: "(", count: 15_000) + "x" + String(repeating: ")", count: 15_001)
        try assertFails(try regress("y,x\n1,2\n2,3\n", inside), status: 2, prefix: "--formula:1:", contains: ["nested more than 50"])
    }

    func testDeepNestingInCEACovariates() throws {
        let covariates = "age + " + String(repeating: "(", count: 15_000) + "ascot0" + String(repeating: ")", count: 15_000)
        try assertFails(["cea", Self.ceaData, "--arm", "group", "--treated", "1", "--effect", "ascot12", "--cost", "cost",
                         "--effect-covariates", covariates], status: 2, prefix: "--effect-covariates:1:57:", contains: ["nested"])
    }

    func testCEACovariateErrorsNameTheirFlag() throws {
        try assertFails(["cea", Self.ceaData, "--arm", "group", "--treated", "1", "--effect", "ascot12", "--cost", "cost",
                         "--cost-covariates", "ascot0 + log(ascot0 - 1)"], status: 2, prefix: "\(Self.ceaData):2:8:",
                        contains: ["--cost-covariates:1:10"])
    }

    func testThirteenWayInteractionIsTooFewRowsNotAHang() throws {
        let names = (1...14).map { "a\($0)" }
        let rows = (0..<40).map { (i: Int) -> String in
            let values: [Int] = [i] + (1...14).map { (k: Int) -> Int in (i * (k + 2)) % 11 }
            return values.map(String.init).joined(separator: ",")
        }
        let csv = "y," + names.joined(separator: ",") + "\n" + rows.joined(separator: "\n") + "\n"
        let start = Date()
        try assertFails(try regress(csv, "y ~ " + names.prefix(13).joined(separator: "*")), status: 1, prefix: "",
                        contains: ["8192 parameters but only 40 complete rows"])
        try assertFails(try regress(csv, "y ~ " + names.joined(separator: "*")), status: 2, prefix: "--formula:1:",
                        contains: ["10,000"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
    }

    func testThirteenWayInteractionInCEACovariates() throws {
        let names = (1...13).map { "a\($0)" }
        let rows = (0..<40).map { (i: Int) -> String in
            let values: [Int] = [i % 2, i % 7, 100 + i % 5] + (1...13).map { (k: Int) -> Int in (i * (k + 2)) % 11 }
            return values.map(String.init).joined(separator: ",")
        }
        let path = try CLIHarness.write("group,e,c," + names.joined(separator: ",") + "\n" + rows.joined(separator: "\n") + "\n",
                                        named: "cea.csv", in: directory)
        try assertFails(["cea", path, "--arm", "group", "--treated", "1", "--effect", "e", "--cost", "c",
                         "--effect-covariates", names.joined(separator: "*")], status: 1, prefix: "",
                        contains: ["8193 parameters but only 40 complete rows"])
    }

    func testCategoricalExpansionOverTheCapIsRefused() throws {
        let rows = (0..<400).map { i in "\(i % 17),\((1...4).map { "L\(i % (10 + $0))" }.joined(separator: ","))" }
        let csv = "y,g1,g2,g3,g4\n" + rows.joined(separator: "\n") + "\n"
        try assertFails(try regress(csv, "y ~ g1:g2:g3:g4"), status: 2, prefix: "--formula:1:5:", contains: ["more than 10,000 design columns"])
    }
}
