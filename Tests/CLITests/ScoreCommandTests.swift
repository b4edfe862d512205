import Foundation
import TestSupport
import XCTest

/// End-to-end tests of `phbeval score`: values against the reference vectors of
/// reference/instruments.md §4, the output CSV, the JSON summary and provenance, and rejections.
final class ScoreCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try CLIHarness.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private let eq5dColumns = "mo,sc,ua,pd,ad"
    private let ghqColumns = (1...12).map { "g\($0)" }.joined(separator: ",")
    private let ascotColumns = (1...8).map { "c\($0)" }.joined(separator: ",")
    private let expectedColumns = (1...8).map { "e\($0)" }.joined(separator: ",")

    /// A CSV with an `id` column, the five EQ-5D dimension columns of each `state` and a `state`
    /// column holding it as five digits.
    private func eq5dFile(_ states: [String]) throws -> String {
        let rows = states.enumerated().map { i, state in "\(i + 1),\(state.map(String.init).joined(separator: ",")),\(state)" }
        return try CLIHarness.write("id,\(eq5dColumns),state\n" + rows.joined(separator: "\n") + "\n", named: "eq5d.csv", in: directory)
    }

    /// Runs `phbeval score …`, requiring exit status 0.
    private func score(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> CLIRun {
        let run = try CLIHarness.run(["score"] + arguments)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return run
    }

    /// The fields of column `name` of CSV text without quoted fields.
    private func column(_ csv: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let rows = csv.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let index = try XCTUnwrap(rows.first?.firstIndex(of: name), "no column \(name) in \(csv)", file: file, line: line)
        return rows.dropFirst().map { $0[index] }
    }

    /// Asserts the numbers of column `name` equal `expected` (nil: an empty field) to `accuracy`.
    private func assertScores(_ csv: String, _ name: String, _ expected: [Double?], accuracy: Double = 1e-12,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let fields = try column(csv, name, file: file, line: line)
        XCTAssertEqual(fields.count, expected.count, "rows of \(name)", file: file, line: line)
        for (field, value) in zip(fields, expected) {
            guard let value else {
                XCTAssertEqual(field, "", "a missing score is an empty field", file: file, line: line)
                continue
            }
            let number = try XCTUnwrap(Double(field), "'\(field)' is not a number", file: file, line: line)
            XCTAssertEqual(number, value, accuracy: accuracy, file: file, line: line)
        }
    }

    private func jsonObject(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text, file: file, line: line)
    }

    // MARK: EQ-5D values (instruments.md §4)

    func testEQ5D5LEnglandOnFiveColumnsAndOnAStateColumnEqualsTheReferenceVectors() throws {
        let vectors: [(String, Double)] = [
            ("11111", 1), ("11112", 0.922), ("11121", 0.937), ("11211", 0.950), ("12111", 0.950), ("21111", 0.942),
            ("23245", 0.247), ("55555", -0.285), ("12345", 0.322), ("54321", 0.436), ("33333", 0.593),
            ("44444", -0.094), ("15432", 0.473),
        ]
        let path = try eq5dFile(vectors.map(\.0))
        let dimensions = try score(["eq5d-5l", path, "--columns", eq5dColumns])
        try assertScores(dimensions.stdout, "eq5d_index", vectors.map(\.1))
        let state = try score(["eq5d-5l", path, "--columns", "state", "--value-set", "England-Devlin-2018"])
        XCTAssertEqual(state.stdout, dimensions.stdout, "the same profiles give the same bytes either way")
        XCTAssertTrue(dimensions.stderr.contains("eq5d_index: 13 of 13 rows scored"), dimensions.stderr)
        XCTAssertTrue(dimensions.stderr.contains("England (England-Devlin-2018: Devlin 2018, doi:10.1002/hec.3564)"), dimensions.stderr)
    }

    func testEQ5D5LUK2026ByNameAndByAlias() throws {
        let vectors: [(String, Double)] = [
            ("22222", 0.784), ("33333", 0.604), ("44444", -0.209), ("55555", -0.567), ("11112", 0.959),
            ("12345", 0.114), ("11555", -0.082), ("25145", 0), ("15555", -0.288),
        ]
        let path = try eq5dFile(vectors.map(\.0))
        let byName = try score(["eq5d-5l", path, "--columns", eq5dColumns, "--value-set", "UK"])
        try assertScores(byName.stdout, "eq5d_index", vectors.map(\.1))
        let byAlias = try score(["eq5d-5l", path, "--columns", eq5dColumns, "--value-set", "uk-rowen-2026", "--json"])
        let provenance = try XCTUnwrap(try jsonObject(byAlias.stdout)["provenance"] as? [String: Any])
        XCTAssertEqual(provenance["value_set"] as? String, "UK")
        XCTAssertEqual(provenance["alias"] as? String, "UK-Rowen-2026")
        XCTAssertEqual((provenance["publication"] as? [String: Any])?["doi"] as? String, "10.1016/j.jval.2026.03.008")
    }

    func testEQ5D5LUSA() throws {
        let vectors: [(String, Double)] = [("21111", 0.904), ("12111", 0.911), ("11211", 0.932), ("11121", 0.940),
                                           ("11112", 0.943), ("21354", 0.090), ("55555", -0.573)]
        let run = try score(["eq5d-5l", try eq5dFile(vectors.map(\.0)), "--columns", "state", "--value-set", "USA"])
        try assertScores(run.stdout, "eq5d_index", vectors.map(\.1))
    }

    func testEQ5D3LDefaultsToUKDolan1997AndUSAIsAvailable() throws {
        let uk: [(String, Double)] = [
            ("11111", 1), ("11221", 0.760), ("33221", -0.037), ("12321", 0.329), ("33333", -0.594), ("11112", 0.848),
            ("11113", 0.414), ("21111", 0.850), ("22222", 0.516), ("11133", 0.028), ("12332", -0.005),
            ("33121", -0.001), ("13333", -0.280), ("33332", -0.429), ("22233", -0.181),
        ]
        let path = try eq5dFile(uk.map(\.0))
        let run = try score(["eq5d-3l", path, "--columns", eq5dColumns, "--json", "--out", directory.appendingPathComponent("uk.csv").path])
        try assertScores(String(contentsOf: directory.appendingPathComponent("uk.csv"), encoding: .utf8), "eq5d_index", uk.map(\.1))
        let provenance = try XCTUnwrap(try jsonObject(run.stdout)["provenance"] as? [String: Any])
        XCTAssertEqual(provenance["alias"] as? String, "UK-Dolan-1997")
        XCTAssertEqual(provenance["version"] as? String, "3L")

        let vas = try jsonObject(try score(["eq5d-3l", path, "--columns", eq5dColumns, "--method", "vas", "--json"]).stdout)
        let vasProvenance = try XCTUnwrap(vas["provenance"] as? [String: Any])
        XCTAssertEqual(vasProvenance["method"] as? String, "visual analogue scale (VAS) value set")
        XCTAssertEqual(vasProvenance["value_set"] as? String, "UK")
        XCTAssertTrue((vasProvenance["source"] as? String)?.hasSuffix("VAS.csv") ?? false)

        let us: [(String, Double)] = [("11111", 1), ("11121", 0.827109), ("22112", 0.758861), ("33113", 0.102429), ("33333", -0.109071)]
        let usRun = try score(["eq5d-3l", try eq5dFile(us.map(\.0)), "--columns", "state", "--value-set", "USA"])
        for (field, expected) in zip(try column(usRun.stdout, "eq5d_index"), us.map(\.1)) {
            XCTAssertEqual(try XCTUnwrap(Double(field)), expected, accuracy: 5e-7)
        }
    }

    func testCrosswalkValues5LResponsesOnThe3LSet() throws {
        let vectors: [(String, Double, Double)] = [
            ("11111", 1, 1), ("11112", 0.879, 0.876), ("11113", 0.848, 0.844), ("11221", 0.795, 0.832),
            ("12221", 0.706, 0.778), ("12345", 0.063, 0.370), ("22222", 0.592, 0.678), ("33333", 0.516, 0.597),
            ("55555", -0.594, -0.109),
        ]
        let path = try eq5dFile(vectors.map(\.0))
        let uk = try score(["eq5d-5l", path, "--columns", eq5dColumns, "--crosswalk", "UK", "--name", "eq5d_cw"])
        try assertScores(uk.stdout, "eq5d_cw", vectors.map(\.1))
        let usa = try score(["eq5d-5l", path, "--columns", "state", "--crosswalk", "USA", "--json"])
        let provenance = try XCTUnwrap(try jsonObject(usa.stdout)["provenance"] as? [String: Any])
        XCTAssertEqual(provenance["alias"] as? String, "USA-vanHout-2012")
        XCTAssertTrue((provenance["method"] as? String)?.hasPrefix("van Hout crosswalk") ?? false)
        XCTAssertTrue((provenance["source"] as? String)?.hasSuffix("CW.csv") ?? false)
        let out = directory.appendingPathComponent("usa.csv")
        _ = try score(["eq5d-5l", path, "--columns", "state", "--crosswalk", "USA", "--out", out.path])
        try assertScores(String(contentsOf: out, encoding: .utf8), "eq5d_index", vectors.map(\.2))
    }

    func testDSUMappingByAgeBandAndSex() throws {
        let path = try CLIHarness.write("state,age,sex\n12321,30,female\n22112,50,F\n33333,45-54,male\n11111,18,m\n33333,95,female\n11111,,m\n",
                                        named: "dsu.csv", in: directory)
        let run = try score(["eq5d-3l", path, "--columns", "state", "--dsu", "UK", "--age-column", "age", "--sex-column", "sex"])
        try assertScores(run.stdout, "eq5d_index", [0.612175375502871, 0.711512804030674, -0.21529993, 0.981598227589256, -0.20907130, nil],
                             accuracy: 5e-9)  // §4.7 quotes two of these to 8 decimals
        XCTAssertTrue(run.stderr.contains("1 missing (age missing: 1)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("release: 2022/23"), run.stderr)
    }

    // MARK: GHQ-12 and ASCOT

    func testGHQ12MethodsAndCaseness() throws {
        let rows = [
            "1,1,1,1,1,1,1,1,1,1,1,1", "2,2,2,2,2,2,2,2,2,2,2,2", "3,3,3,3,3,3,3,3,3,3,3,3", "4,4,4,4,4,4,4,4,4,4,4,4",
            "1,2,2,2,3,2,2,2,3,3,1,2", "2,2,1,2,2,2,2,2,2,2,2,2", "4,4,4,4,1,1,1,1,1,1,1,1", "1,3,1,1,4,3,1,1,1,1,1,1",
        ]
        let path = try CLIHarness.write("\(ghqColumns)\n" + rows.joined(separator: "\n") + "\n", named: "ghq.csv", in: directory)
        let expected: [(String, [Double])] = [
            ("likert", [0, 12, 24, 36, 13, 11, 12, 7]), ("ghq", [0, 0, 12, 12, 3, 0, 4, 3]),
            ("cghq", [0, 6, 12, 12, 5, 6, 4, 3]), ("modified-likert", [0, 0, 12, 24, 3, 0, 8, 4]),
        ]
        for (method, scores) in expected {
            let run = try score(["ghq12", path, "--columns", ghqColumns, "--method", method])
            try assertScores(run.stdout, "ghq12_score", scores)
            try assertScores(run.stdout, "ghq12_case", [0, 0, 1, 1, 0, 0, 1, 0])
        }
        let lower = try score(["ghq12", path, "--columns", ghqColumns, "--threshold", "3", "--name", "ghq"])
        try assertScores(lower.stdout, "ghq_case", [0, 0, 1, 1, 1, 0, 1, 1])
    }

    func testGHQ12MissingItemsGiveAMissingScoreUnlessProrated() throws {
        let path = try CLIHarness.write("\(ghqColumns)\n1,3,1,1,4,3,1,1,1,1,1,\n2,2,2,2,2,2,2,2,2,2,,\n", named: "ghq.csv", in: directory)
        let strict = try score(["ghq12", path, "--columns", ghqColumns, "--json"])
        let summary = try XCTUnwrap((try jsonObject(strict.stdout)["scores"] as? [[String: Any]])?.first)
        XCTAssertEqual(summary["n_scored"] as? Int, 0)
        XCTAssertEqual(summary["n_missing"] as? Int, 2)
        XCTAssertTrue(summary["mean"] is NSNull)
        let prorated = try score(["ghq12", path, "--columns", ghqColumns, "--prorate-max", "1"])
        try assertScores(prorated.stdout, "ghq12_score", [7.0 * 12 / 11, nil])
        XCTAssertTrue(prorated.stderr.contains("ghq12_score: 1 of 2 rows scored (1 prorated); 1 missing (more than 1 item missing: 1)"), prorated.stderr)
    }

    func testASCOTUnweightedCurrentExpectedAndGain() throws {
        let header = "\(ascotColumns),\(expectedColumns)"
        let rows = ["1,1,1,1,1,1,1,1,3,3,3,3,3,3,3,3", "2,2,2,2,2,2,2,2,4,4,4,4,4,4,4,4", "3,3,3,3,3,3,3,3,1,1,1,1,1,1,1,1",
                    "4,4,4,4,4,4,4,4,,1,1,1,1,1,1,1", "1,2,2,3,4,1,2,3,2,2,2,2,2,2,2,2", "1,2,2,3,4,1,2,,2,2,2,2,2,2,2,2"]
        let path = try CLIHarness.write(header + "\n" + rows.joined(separator: "\n") + "\n", named: "ascot.csv", in: directory)
        let sct4 = try score(["ascot", path, "--columns", ascotColumns])
        try assertScores(sct4.stdout, "ascot_score", [24, 16, 8, 0, 14, nil])
        let int4 = try score(["ascot", path, "--columns", ascotColumns, "--expected-columns", expectedColumns])
        try assertScores(int4.stdout, "ascot_score_expected", [8, 0, 24, nil, 16, 16])
        try assertScores(int4.stdout, "ascot_score_gain", [16, 16, -16, nil, -2, nil])
        XCTAssertTrue(int4.stderr.contains("ASCOT INT4 scored with unweighted"), int4.stderr)
    }

    func testWeightedASCOTWithoutWeightsExplainsTheLicence() throws {
        let path = try CLIHarness.write("\(ascotColumns)\n1,1,1,1,1,1,1,1\n", named: "ascot.csv", in: directory)
        let run = try CLIHarness.run(["score", "ascot", path, "--columns", ascotColumns, "--method", "weighted"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: --weights: the preference-weighted SCRQoL index was asked for without a weights file"), run.stderr)
        XCTAssertTrue(run.stderr.contains("© University of Kent (PSSRU) and licensed, not public, so phbeval does not ship them"), run.stderr)
        XCTAssertEqual(run.stdout, "")
    }

    /// SYNTHETIC weights (invented numbers, NOT the ASCOT preference weights): all-ideal scores 1,
    /// the lowest state −0.16.
    func testWeightedASCOTFromASuppliedWeightsFile() throws {
        let weights = try CLIHarness.write(syntheticASCOTWeights, named: "weights.csv", in: directory)
        let path = try CLIHarness.write("\(ascotColumns)\n1,1,1,1,1,1,1,1\n1,2,2,3,4,1,2,3\n", named: "ascot.csv", in: directory)
        let run = try score(["ascot", path, "--columns", ascotColumns, "--weights", weights, "--json"])
        let json = try jsonObject(run.stdout)
        let summary = try XCTUnwrap((json["scores"] as? [[String: Any]])?.first)
        XCTAssertEqual(try XCTUnwrap(summary["min"] as? Double), 0.565, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(summary["max"] as? Double), 1, accuracy: 1e-12)
        let provenance = try XCTUnwrap(json["provenance"] as? [String: Any])
        XCTAssertEqual(provenance["source"] as? String, weights)
        XCTAssertEqual((provenance["parameters"] as? [String: Any])?["scale"] as? String, "0.5")
        let unweighted = try CLIHarness.run(["score", "ascot", path, "--columns", ascotColumns, "--weights", weights, "--method", "unweighted"])
        XCTAssertEqual(unweighted.status, 2)
        XCTAssertTrue(unweighted.stderr.hasPrefix("phbeval: --weights: "), unweighted.stderr)
    }

    // MARK: Output

    func testOutWritesTheInputAsWrittenPlusTheScoreAndLeavesTheInputUntouched() throws {
        let input = "id,mo,sc,ua,pd,ad,\"note, quoted\"\r\n7, 1 ,1,1,1,2,\"a \"\"b\"\"\"\r\n8,NA,1,1,1,1,x\r\n9,5,5,5,5,5,\"two\r\nlines\"\r\n"
        let path = try CLIHarness.write(input, named: "input.csv", in: directory)
        let out = directory.appendingPathComponent("scored/out.csv").path
        let run = try score(["eq5d-5l", path, "--columns", eq5dColumns, "--out", out])
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), input)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8),
                       "id,mo,sc,ua,pd,ad,\"note, quoted\",eq5d_index\r\n7, 1 ,1,1,1,2,\"a \"\"b\"\"\",0.922\r\n8,NA,1,1,1,1,x,\r\n9,5,5,5,5,5,\"two\r\nlines\",-0.285\r\n")
        XCTAssertTrue(run.stderr.contains("eq5d_index: 2 of 3 rows scored; 1 missing (one or more dimension responses missing: 1)"), run.stderr)
        let quiet = try score(["eq5d-5l", path, "--columns", eq5dColumns, "--out", out, "--quiet"])
        XCTAssertEqual(quiet.stderr, "")
    }

    func testMissingResponsesGiveAnEmptyScoreCountedInTheJSON() throws {
        let path = try CLIHarness.write("mo,sc,ua,pd,ad,state\n1,1,1,1,1,11111\n1,NA,1,1,1,\n.,1,1,1,1,NA\n2,2,2,2,2,22222\n",
                                        named: "missing.csv", in: directory)
        let csv = try score(["eq5d-5l", path, "--columns", eq5dColumns])
        try assertScores(csv.stdout, "eq5d_index", [1, nil, nil, 0.701])
        let json = try jsonObject(try score(["eq5d-5l", path, "--columns", "state", "--json"]).stdout)
        let summary = try XCTUnwrap((json["scores"] as? [[String: Any]])?.first)
        XCTAssertEqual(summary["n_scored"] as? Int, 2)
        XCTAssertEqual(summary["n_missing"] as? Int, 2)
        let reasons = try XCTUnwrap(summary["missing_reasons"] as? [[String: Any]])
        XCTAssertEqual(reasons.count, 1)
        XCTAssertEqual(reasons.first?["reason"] as? String, "health state missing")
        XCTAssertEqual(reasons.first?["count"] as? Int, 2)
        XCTAssertEqual(try XCTUnwrap(summary["mean"] as? Double), (1 + 0.701) / 2, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(summary["min"] as? Double), 0.701, accuracy: 1e-12)
    }

    func testJSONKeysAndProvenance() throws {
        let path = try eq5dFile(["11111", "12345"])
        let out = directory.appendingPathComponent("out.csv").path
        let json = try jsonObject(try score(["eq5d-5l", path, "--columns", eq5dColumns, "--json", "--out", out]).stdout)
        XCTAssertEqual(Set(json.keys), ["instrument", "data", "rows", "output", "scores", "provenance", "phbeval_version"])
        XCTAssertEqual(json["instrument"] as? String, "eq5d-5l")
        XCTAssertEqual(json["data"] as? String, path)
        XCTAssertEqual(json["rows"] as? Int, 2)
        XCTAssertEqual(json["output"] as? String, out)
        let summary = try XCTUnwrap((json["scores"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(summary.keys), ["column", "n_scored", "n_missing", "missing_reasons", "n_prorated", "mean", "sd", "min", "max"])
        XCTAssertEqual(summary["column"] as? String, "eq5d_index")
        XCTAssertEqual(try XCTUnwrap(summary["max"] as? Double), 1)
        let provenance = try XCTUnwrap(json["provenance"] as? [String: Any])
        XCTAssertEqual(Set(provenance.keys), ["instrument", "version", "method", "value_set", "alias", "publication", "source", "parameters"])
        XCTAssertEqual(provenance["instrument"] as? String, "EQ-5D")
        XCTAssertEqual(provenance["version"] as? String, "5L")
        XCTAssertEqual(provenance["value_set"] as? String, "England")
        XCTAssertEqual(provenance["alias"] as? String, "England-Devlin-2018")
        XCTAssertTrue((provenance["source"] as? String)?.contains("fragla/eq5d") ?? false, "the reused tables are named")
        let publication = try XCTUnwrap(provenance["publication"] as? [String: Any])
        XCTAssertEqual(Set(publication.keys), ["author", "year", "citation", "doi", "pubmed", "url"])
        XCTAssertEqual(publication["doi"] as? String, "10.1002/hec.3564")
        XCTAssertEqual(publication["citation"] as? String, "Devlin 2018")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out), "--json with --out still writes the CSV")

        let ghq = try jsonObject(try score(["ghq12", try CLIHarness.write("\(ghqColumns)\n" + Array(repeating: "1", count: 12).joined(separator: ",") + "\n",
                                                                          named: "g.csv", in: directory), "--columns", ghqColumns, "--json"]).stdout)
        XCTAssertEqual((ghq["scores"] as? [[String: Any]])?.map { $0["column"] as? String }, ["ghq12_score", "ghq12_case"])
        let parameters = try XCTUnwrap((ghq["provenance"] as? [String: Any])?["parameters"] as? [String: Any])
        XCTAssertEqual(parameters["caseness"] as? String, "ghq score ≥ 4")
        XCTAssertTrue((ghq["provenance"] as? [String: Any])?["publication"] is NSNull)
    }

    func testTwoRunsGiveIdenticalBytes() throws {
        let path = try eq5dFile(["11111", "12345", "55555", "21354"])
        for arguments in [["eq5d-5l", path, "--columns", eq5dColumns], ["eq5d-5l", path, "--columns", "state", "--json"]] {
            let first = try score(arguments), second = try score(arguments)
            XCTAssertFalse(first.stdout.isEmpty)
            XCTAssertEqual(first.stdout, second.stdout)
        }
    }

    // MARK: Rejections

    func testOutOfRangeCodesAndTextNameFileLineColumnAndTheAllowedCodes() throws {
        for bad in ["0", "6", "9", "x", "1.5"] {
            let path = try CLIHarness.write("id,mo,sc,ua,pd,ad\n1,1,1,1,1,1\n2,1,2,\(bad),1,1\n", named: "bad.csv", in: directory)
            let run = try CLIHarness.run(["score", "eq5d-5l", path, "--columns", eq5dColumns])
            XCTAssertEqual(run.status, 2, bad)
            XCTAssertEqual(run.stderr, "phbeval: \(path):3:4: '\(bad)' in column 'ua' is not a valid EQ-5D-5L UA level; use 1, 2, 3, 4 or 5, or leave the cell empty (or NA) for a missing response\n")
            XCTAssertEqual(run.stdout, "")
        }
        let ghq = try CLIHarness.write("\(ghqColumns)\n1,1,1,1,1,1,1,5,1,1,1,1\n", named: "ghq.csv", in: directory)
        let run = try CLIHarness.run(["score", "ghq12", ghq, "--columns", ghqColumns])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: \(ghq):2:8: '5' in column 'g8' is not a valid GHQ-12 response; use 1, 2, 3 or 4"), run.stderr)
        let state = try CLIHarness.write("state\n11111\n11611\n", named: "state.csv", in: directory)
        let stateRun = try CLIHarness.run(["score", "eq5d-5l", state, "--columns", "state"])
        XCTAssertEqual(stateRun.status, 2)
        XCTAssertTrue(stateRun.stderr.hasPrefix("phbeval: \(state):3:1: '11611' in column 'state' is not an EQ-5D-5L health state"), stateRun.stderr)
    }

    func testUnknownValueSetListsTheValidNames() throws {
        let path = try eq5dFile(["11111"])
        let run = try CLIHarness.run(["score", "eq5d-5l", path, "--columns", eq5dColumns, "--value-set", "Narnia"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: --value-set: no EQ-5D-5L VT set is called 'Narnia'; use one of "), run.stderr)
        for name in ["England", "UK", "USA", "Netherlands"] { XCTAssertTrue(run.stderr.contains(name), name) }
        let crosswalk = try CLIHarness.run(["score", "eq5d-5l", path, "--columns", eq5dColumns, "--crosswalk", "Narnia"])
        XCTAssertEqual(crosswalk.status, 2)
        XCTAssertTrue(crosswalk.stderr.contains("no EQ-5D-5L CW set is called 'Narnia'; use one of Bermuda, Denmark"), crosswalk.stderr)
    }

    func testOptionsThatDoNotApplyAndBadMethodsAreRejected() throws {
        let path = try eq5dFile(["11111"])
        let cases: [([String], String)] = [
            (["eq5d-5l", "--threshold", "3"], "phbeval: --threshold: this option does not apply to eq5d-5l; leave it out; the options of eq5d-5l are --value-set, --crosswalk\n"),
            (["eq5d-5l", "--crosswalk", "UK", "--value-set", "UK"], "phbeval: --value-set: this option does not apply to eq5d-5l with --crosswalk;"),
            (["eq5d-3l", "--method", "likert"], "phbeval: --method: 'likert' is not a scoring method of eq5d-3l; use tto"),
            (["eq5d-3l", "--dsu", "UK"], "phbeval: --dsu: the NICE DSU mapping needs each respondent's age and sex;"),
            (["eq5d-5l", "--method", "vas"], "phbeval: --method: this option does not apply to eq5d-5l;"),
        ]
        for (arguments, message) in cases {
            let run = try CLIHarness.run(["score", arguments[0], path, "--columns", eq5dColumns] + arguments.dropFirst())
            XCTAssertEqual(run.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(run.stderr.hasPrefix(message), run.stderr)
        }
        let ghq = try CLIHarness.run(["score", "ghq12", path, "--columns", ghqColumns, "--method", "sum"])
        XCTAssertEqual(ghq.status, 2)
        XCTAssertTrue(ghq.stderr.hasPrefix("phbeval: --method: 'sum' is not a scoring method of ghq12; use one of likert, ghq, cghq, modified-likert"), ghq.stderr)
        let instrument = try CLIHarness.run(["score", "eq5d", path, "--columns", eq5dColumns])
        XCTAssertEqual(instrument.status, 2)
        XCTAssertTrue(instrument.stderr.contains("'eq5d-3l', 'eq5d-5l', 'ghq12' or 'ascot'"), instrument.stderr)
    }

    func testWrongColumnCountsUnknownColumnsAndNameClashesAreRejected() throws {
        let path = try eq5dFile(["11111"])
        let cases: [([String], String)] = [
            (["eq5d-5l", "--columns", "mo,sc,ua"], "phbeval: --columns: EQ-5D takes five dimension columns or one state column, not 3 (mo, sc, ua)"),
            (["eq5d-5l", "--columns", "mo,sc,ua,pd,anx"], "phbeval: \(path): unknown column 'anx'; use one of the columns of \(path): id, mo, sc, ua, pd, ad, state"),
            (["eq5d-5l", "--columns", eq5dColumns, "--name", "state"], "phbeval: \(path):1:7: the input already has a column 'state'"),
            (["ghq12", "--columns", eq5dColumns], "phbeval: --columns: GHQ-12 takes twelve item columns, not 5"),
        ]
        for (arguments, message) in cases {
            let run = try CLIHarness.run(["score", arguments[0], path] + arguments.dropFirst())
            XCTAssertEqual(run.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(run.stderr.hasPrefix(message), run.stderr)
            XCTAssertEqual(run.stdout, "")
        }
    }

    func testTheOutputNeverReplacesTheInput() throws {
        let input = "state\n11111\n"
        let path = try CLIHarness.write(input, named: "same.csv", in: directory)
        let run = try CLIHarness.run(["score", "eq5d-5l", "same.csv", "--columns", "state", "--out", "./same.csv"], in: directory)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: --out: \"./same.csv\" is the same file as the input \"same.csv\""), run.stderr)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), input)
    }

    func testHelpDescribesEveryOption() throws {
        let run = try CLIHarness.run(["score", "--help"])
        XCTAssertEqual(run.status, 0)
        for option in ["--columns", "--expected-columns", "--value-set", "--crosswalk", "--method", "--dsu", "--age-column",
                       "--sex-column", "--threshold", "--caseness-method", "--prorate-max", "--weights", "--out", "--name",
                       "--json", "--quiet", "--missing", "--delimiter", "UK-Rowen-2026", "University of Kent"] {
            XCTAssertTrue(run.stdout.contains(option), option)
        }
    }

    /// Item codes are read as decimal numbers only: hex such as `0x3` is not level 3.
    func testHexItemCodesAreRejected() throws {
        let path = try CLIHarness.write("mo,sc,ua,pd,ad\n1,1,1,1,1\n2,1,0x3,1,1\n", named: "hex.csv", in: directory)
        let run = try CLIHarness.run(["score", "eq5d-5l", path, "--columns", "mo,sc,ua,pd,ad"])
        XCTAssertEqual(run.status, 2, run.stdout)
        XCTAssertTrue(run.stderr.contains("\(path):3:3:"), run.stderr)
        XCTAssertTrue(run.stderr.contains("0x3"), run.stderr)
    }
}
