import Foundation
import XCTest

/// End-to-end tests of `phbeval cea`: the JSON contract, determinism, bad input.
final class CEACommandTests: XCTestCase {
    static var pilot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CostEffectivenessTests/Fixtures/pilot_like.csv").path
    }

    let base = ["cea", CEACommandTests.pilot, "--arm", "group", "--treated", "1", "--effect", "ascot12", "--cost", "cost"]

    func testJSONContract() throws {
        let run = try CLIHarness.run(base + ["--effect-covariates", "ascot0 + age", "--cost-covariates", "age",
                                             "--bootstrap", "1000", "--seed", "3", "--lambda", "0:50000:10000", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["n", "delta_effect", "delta_cost", "icer", "inb", "evpi", "bootstrap"] { XCTAssertNotNil(json[key], key) }
        XCTAssertEqual((json["n"] as? [String: Int])?["treated"], 1187)
        XCTAssertEqual((json["n"] as? [String: Int])?["control"], 1048)
        for key in ["estimate", "std_error", "ci"] { XCTAssertNotNil((json["delta_effect"] as? [String: Any])?[key], key) }
        for key in ["estimate", "fieller_ci", "quadrant"] { XCTAssertNotNil((json["icer"] as? [String: Any])?[key], key) }
        let inb = try XCTUnwrap(json["inb"] as? [[String: Any]])
        XCTAssertEqual(inb.map { $0["lambda"] as? Double }, [0, 10000, 20000, 30000, 40000, 50000])
        for key in ["lambda", "estimate", "ci", "prob_cost_effective"] { XCTAssertNotNil(inb[0][key], key) }
        let bootstrap = try XCTUnwrap(json["bootstrap"] as? [String: Any])
        XCTAssertEqual(bootstrap["replicates"] as? Int, 1000)
        XCTAssertEqual(bootstrap["ci_method"] as? String, "percentile")
        XCTAssertEqual((json["evpi"] as? [[String: Any]])?.count, 6)
    }

    func testSameSeedSameBytesAnyThreadCount() throws {
        let args = base + ["--effect-covariates", "ascot0", "--bootstrap", "2000", "--json"]
        let one = try CLIHarness.run(args + ["--threads", "1"]), two = try CLIHarness.run(args + ["--threads", "2"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(one.stdout, two.stdout)
        let otherSeed = try CLIHarness.run(args + ["--seed", "2"])
        XCTAssertNotEqual(one.stdout, otherSeed.stdout)
    }

    func testReplicatesFileForTheCEPlane() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("plane.csv").path
        let run = try CLIHarness.run(base + ["--bootstrap", "300", "--replicates-out", out])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "replicate,delta_effect,delta_cost")
        XCTAssertEqual(lines.count, 301)
        XCTAssertTrue(run.stdout.contains("Incremental effect"), run.stdout)
    }

    func testEmptyArmExitsTwo() throws {
        let run = try CLIHarness.run(base + ["--treated", "9"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: --treated: no row has group = 9; give the treated arm's value; 'group' takes the values 0, 1"), run.stderr)
    }

    func testBCaWithTooFewReplicatesExitsTwo() throws {
        let run = try CLIHarness.run(base + ["--bootstrap", "200", "--ci", "bca"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: --ci: BCa intervals need at least as many replicates"), run.stderr)
    }

    func testLambdaGridIsExactAndStrict() throws {
        let run = try CLIHarness.run(base + ["--lambda", "0:0.3:0.1", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["inb"] as? [[String: Any]])?.last?["lambda"] as? Double, 0.3, "the last λ is TO, not 0.30000000000000004")
        let empty = try CLIHarness.run(base + ["--lambda", "0::1000:100"])
        XCTAssertEqual(empty.status, 2)
        let ciWithoutBootstrap = try CLIHarness.run(base + ["--ci", "bca"])
        XCTAssertEqual(ciWithoutBootstrap.status, 2)
        XCTAssertTrue(ciWithoutBootstrap.stderr.contains("--bootstrap"), ciWithoutBootstrap.stderr)
    }

    func testBadLambdaGridAndUnknownModel() throws {
        let grid = try CLIHarness.run(base + ["--lambda", "100:0:5"])
        XCTAssertEqual(grid.status, 2)
        XCTAssertTrue(grid.stderr.contains("--lambda"), grid.stderr)
        let model = try CLIHarness.run(base + ["--model", "tobit"])
        XCTAssertEqual(model.status, 2)
    }
}
