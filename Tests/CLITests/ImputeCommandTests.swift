import Foundation
import XCTest

/// End-to-end tests of `phbeval impute`, `regress --imputations` and `cea --imputations`.
final class ImputeCommandTests: XCTestCase {
    /// The example trial with ascot12 missing in every third row and cost in every fourth.
    static func maskedTrial(in directory: URL) throws -> String {
        let lines = try String(contentsOfFile: CLIHarness.exampleData, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var out = [String(lines[0])]
        for (i, line) in lines.dropFirst().enumerated() where !line.isEmpty {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if i % 3 == 0 { fields[10] = "" }
            if i % 4 == 1 { fields[13] = "" }
            out.append(fields.joined(separator: ","))
        }
        return try CLIHarness.write(out.joined(separator: "\n") + "\n", named: "masked.csv", in: directory)
    }

    func json(_ run: CLIRun) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    func testImputeThenPooledRegression() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = try Self.maskedTrial(in: dir)
        let out = dir.appendingPathComponent("long.csv").path
        let args = ["impute", data, "--variables", "ascot12,cost", "--auxiliary", "arm + ascot0 + female", "--m", "6", "--iterations", "4",
                    "--seed", "9", "--out", out, "--json"]
        let document = try json(try CLIHarness.run(args + ["--threads", "1"]))
        let variables = try XCTUnwrap(document["variables"] as? [[String: Any]])
        XCTAssertEqual(variables.map { $0["variable"] as? String }, ["ascot12", "cost"])
        XCTAssertEqual(variables.map { $0["missing"] as? Int }, [132, 90])  // 12 ascot12 values are missing in the example already
        XCTAssertEqual(variables.map { $0["imputed"] as? Int }, [132, 90])
        XCTAssertEqual(document["imputed"] as? Int, 222)
        let chains = try XCTUnwrap(document["chains"] as? [[String: Any]])
        XCTAssertEqual((chains[0]["mean"] as? [[Double]])?.count, 4)
        XCTAssertEqual((chains[0]["mean"] as? [[Double]])?.first?.count, 6)
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        let text = String(decoding: written, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(text.count, 1 + 6 * 360)
        XCTAssertTrue(text[0].hasPrefix(".imp,.id,id,site,arm"))
        // The condition column has missing values that were not imputed: they stay empty.
        XCTAssertTrue(text.dropFirst().contains { $0.split(separator: ",", omittingEmptySubsequences: false)[8].isEmpty })
        // Same seed, other thread count: the same bytes.
        let again = try CLIHarness.run(args + ["--threads", "2"])
        XCTAssertEqual(again.stdout, try CLIHarness.run(args + ["--threads", "1"]).stdout)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), written)

        let pooled = try json(try CLIHarness.run(["regress", out, "--formula", "ascot12 ~ arm + ascot0", "--imputations", ".imp", "--json"]))
        XCTAssertEqual(pooled["imputations"] as? Int, 6)
        let terms = try XCTUnwrap(pooled["terms"] as? [[String: Any]])
        XCTAssertEqual(terms.map { $0["term"] as? String }, ["(Intercept)", "arm", "ascot0"])
        for term in terms {
            let fmi = try XCTUnwrap(term["fmi"] as? Double), df = try XCTUnwrap(term["df"] as? Double)
            XCTAssertTrue(fmi > 0 && fmi < 1 && df > 5 && df < 357, "\(term)")
            for key in ["riv", "lambda", "ubar", "b", "t"] { XCTAssertNotNil(term[key] as? Double, key) }
        }
        let table = try CLIHarness.run(["regress", out, "--formula", "ascot12 ~ arm + ascot0", "--imputations", ".imp"])
        XCTAssertTrue(table.stdout.contains("pooled over 6 completed datasets"), table.stdout)
    }

    func testBadInputExitsTwoWithLocatedMessages() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = try CLIHarness.write("x,y,z\n1,,3\n2,,1\n3,,2\n", named: "d.csv", in: dir)
        let out = dir.appendingPathComponent("o.csv").path
        let empty = try CLIHarness.run(["impute", data, "--variables", "y", "--out", out])
        XCTAssertEqual(empty.status, 2)
        XCTAssertEqual(empty.stderr, "phbeval: \(data):1:2: every one of the 3 values of 'y' is missing, so there is nothing to impute it from; remove it from --variables; a variable with no observed value cannot be imputed\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let method = try CLIHarness.run(["impute", data, "--variables", "x", "--method", "x=polyreg", "--out", out])
        XCTAssertEqual(method.status, 2)
        XCTAssertTrue(method.stderr.hasPrefix("phbeval: --method: unknown imputation method"), method.stderr)
        let overwrite = try CLIHarness.run(["impute", data, "--variables", "x", "--out", data])
        XCTAssertEqual(overwrite.status, 2)
        XCTAssertTrue(overwrite.stderr.contains("same file as the input"), overwrite.stderr)
        let noImputations = try CLIHarness.run(["regress", data, "--formula", "x ~ z", "--imputations", ".imp"])
        XCTAssertEqual(noImputations.status, 2)
        XCTAssertTrue(noImputations.stderr.hasPrefix("phbeval: --imputations: unknown column '.imp'"), noImputations.stderr)
    }

    func testCEAWithRubinPoolingAndMNARScenarios() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = try Self.maskedTrial(in: dir)
        let base = ["cea", data, "--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost", "--effect-covariates", "ascot0",
                    "--lambda", "0:30000:10000", "--imputations", "5", "--json"]
        let document = try json(try CLIHarness.run(base + ["--delta-effect=-0.05,0.05"]))
        let imputation = try XCTUnwrap(document["imputation"] as? [String: Any])
        XCTAssertEqual(imputation["pooling"] as? String, "rubin")
        XCTAssertEqual(imputation["m"] as? Int, 5)
        XCTAssertEqual(imputation["imputed_total"] as? Int, 222)
        let effect = try XCTUnwrap(imputation["delta_effect"] as? [String: Any])
        for key in ["df", "riv", "lambda", "fmi"] { XCTAssertNotNil(effect[key] as? Double, key) }
        XCTAssertEqual((document["delta_effect"] as? [String: Any])?["df"] as? Double, effect["df"] as? Double)
        let scenarios = try XCTUnwrap(imputation["sensitivity"] as? [[String: Any]])
        XCTAssertEqual(scenarios.map { $0["delta_effect"] as? Double }, [-0.05, 0.05])
        // Shifting the treated arm's imputed effects by δ moves ΔE by δ × (the treated share of imputed effects / treated rows).
        let main = try XCTUnwrap((document["delta_effect"] as? [String: Any])?["estimate"] as? Double)
        let low = try XCTUnwrap((scenarios[0]["effect"] as? [String: Any])?["estimate"] as? Double)
        let high = try XCTUnwrap((scenarios[1]["effect"] as? [String: Any])?["estimate"] as? Double)
        XCTAssertLessThan(low, main)
        XCTAssertGreaterThan(high, main)
        XCTAssertEqual(high - main, main - low, accuracy: 1e-9)
        XCTAssertEqual((scenarios[0]["inb"] as? [[String: Any]])?.count, 4)
    }

    func testBootstrapThenImputeIsDeterministicAndWarnsBelow200() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let data = try Self.maskedTrial(in: dir)
        let args = ["cea", data, "--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost", "--effect-covariates", "ascot0",
                    "--lambda", "0:30000:10000", "--imputations", "2", "--iterations", "3", "--bootstrap", "60", "--json", "--seed", "4"]
        let one = try CLIHarness.run(args + ["--threads", "1"]), two = try CLIHarness.run(args + ["--threads", "2"])
        XCTAssertEqual(one.stdout, two.stdout)
        let document = try json(one)
        let imputation = try XCTUnwrap(document["imputation"] as? [String: Any])
        XCTAssertEqual(imputation["pooling"] as? String, "von-hippel-bartlett")
        XCTAssertNotNil((imputation["delta_effect"] as? [String: Any])?["between_bootstrap_variance"] as? Double)
        XCTAssertTrue((document["warnings"] as? [String])?.contains { $0.contains("bootImpute warns below 200") } ?? false)
        XCTAssertTrue(one.stderr.contains("bootImpute warns below 200"))
        XCTAssertEqual((document["bootstrap"] as? [String: Any])?["replicates"] as? Int, 60)
    }
}
