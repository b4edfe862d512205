import Foundation
import TestSupport
import XCTest

/// The fuzz campaign's findings (issue item 8), one test each: limits checked before work,
/// outputs never overwrite inputs, write failures exit non-zero, non-finite results are analysis
/// errors, messages show what the user wrote (escaped, capped) and name the parameter.
final class RobustnessTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try CLIHarness.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private var trial: String { CLIHarness.exampleData }
    private let ceaArguments = ["--arm", "arm", "--treated", "1", "--effect", "ascot12", "--cost", "cost"]

    private func assertFails(_ run: CLIRun, status: Int32 = 2, prefix: String, contains fragments: [String] = [],
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.status, status, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix(prefix), "stderr: \(run.stderr)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(run.stderr.contains(fragment), "missing '\(fragment)' in: \(run.stderr)", file: file, line: line)
        }
    }

    private func sha(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    // MARK: Limits

    func testBootstrapCountAboveTheLimitIsRejectedBeforeAnyWork() throws {
        let started = Date()
        let run = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "9223372036854775807"])
        assertFails(run, prefix: "phbeval: --bootstrap: 9223372036854775807 replicates are more than the 1000000 allowed")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        let negative = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "-5"])
        assertFails(negative, prefix: "phbeval: --bootstrap: -5 replicates are too few")
    }

    func testBootstrapMinimumMessageMatchesTheRule() throws {
        let one = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "1"])
        assertFails(one, prefix: "phbeval: --bootstrap: 1 replicates are too few: the bootstrap needs at least 2;")
        let two = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "2", "--quiet"])
        XCTAssertEqual(two.status, 0, two.stderr)
    }

    func testThreadsAboveTheLimitAreRejected() throws {
        let run = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "10", "--threads", "9223372036854775807"])
        assertFails(run, prefix: "phbeval: Error: --threads must be between 1 and 1024")
    }

    // MARK: Negative values

    func testNegativeValuesAreValuesNotMissing() throws {
        let treated = try CLIHarness.run(["cea", trial, "--arm", "arm", "--treated", "-1", "--effect", "ascot12", "--cost", "cost"])
        assertFails(treated, prefix: "phbeval: --treated: no row has arm = -1; give the treated arm's value; 'arm' takes the values 0, 1")
        let lambda = try CLIHarness.run(["cea", trial] + ceaArguments + ["--lambda", "-1000:0:500", "--json"])
        XCTAssertEqual(lambda.status, 0, lambda.stderr)
        XCTAssertTrue(lambda.stdout.contains("\"lambda\": -1000"), lambda.stdout)
        // "-1 + age" reaches the covariates as a value (not as a missing one) and is then refused:
        // without an intercept the arm coefficient is not a difference between arms.
        let covariates = try CLIHarness.run(["cea", trial] + ceaArguments + ["--effect-covariates", "-1 + age"])
        assertFails(covariates, prefix: "phbeval: --effect-covariates: the covariates remove the intercept")
        let level = try CLIHarness.run(["regress", trial, "--formula", "ascot12 ~ arm", "--level", "-0.5"])
        assertFails(level, prefix: "phbeval: Error: --level must be between 0 and 1")
        let seed = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "10", "--seed", "-1"])
        assertFails(seed, prefix: "phbeval: Error: The value '-1' is invalid for '--seed <seed>'")
        let ghq = (1...12).map { "g\($0)" }.joined(separator: ",")
        let items = try CLIHarness.write("\(ghq)\n1,2,3,4,1,2,3,4,1,2,3,4\n", named: "ghq.csv", in: directory)
        let prorate = try CLIHarness.run(["score", "ghq12", items, "--columns", ghq, "--prorate-max", "-1"])
        assertFails(prorate, prefix: "phbeval: --prorate-max: at most -1 missing items is not possible")
        for run in [treated, lambda, covariates, level, seed, prorate] { XCTAssertFalse(run.stderr.contains("Missing value"), run.stderr) }
    }

    func testAProblemInCovariatesIsReportedAtTheirFlagAndPosition() throws {
        let run = try CLIHarness.run(["cea", trial] + ceaArguments + ["--effect-covariates", "age + + female"])
        assertFails(run, prefix: "phbeval: --effect-covariates:1:")
    }

    // MARK: Outputs and inputs

    func testReplicatesOutEqualToTheInputIsRefused() throws {
        let data = directory.appendingPathComponent("trial.csv").path
        try FileManager.default.copyItem(atPath: trial, toPath: data)
        let before = try sha(data)
        let run = try CLIHarness.run(["cea", "trial.csv"] + ceaArguments + ["--bootstrap", "20", "--quiet", "--replicates-out", "./trial.csv"], in: directory)
        assertFails(run, prefix: "phbeval: --replicates-out: \"./trial.csv\" is the same file as the input \"trial.csv\"")
        XCTAssertEqual(try sha(data), before)
    }

    func testOutputThroughASymbolicOrHardLinkToTheInputIsRefused() throws {
        let data = directory.appendingPathComponent("trial.csv").path
        try FileManager.default.copyItem(atPath: trial, toPath: data)
        let before = try sha(data)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.csv").path, withDestinationPath: data)
        try FileManager.default.linkItem(atPath: data, toPath: directory.appendingPathComponent("hard.csv").path)
        for output in ["link.csv", "hard.csv", "../\(directory.lastPathComponent)/trial.csv"] {
            let run = try CLIHarness.run(["cea", "trial.csv"] + ceaArguments + ["--bootstrap", "20", "--quiet", "--replicates-out", output], in: directory)
            assertFails(run, prefix: "phbeval: --replicates-out: ", contains: ["is the same file as the input"])
            let score = try CLIHarness.run(["score", "ghq12", "trial.csv", "--columns", "a", "--out", output], in: directory)
            assertFails(score, prefix: "phbeval: --out: ", contains: ["is the same file as the input"])
        }
        XCTAssertEqual(try sha(data), before)
    }

    func testScoreOutEqualToTheWeightsFileIsRefused() throws {
        let weightsText = syntheticASCOTWeights
        let weights = try CLIHarness.write(weightsText, named: "weights.csv", in: directory)
        let columns = (1...8).map { "c\($0)" }.joined(separator: ",")
        let data = try CLIHarness.write("\(columns)\n1,1,1,1,1,1,1,1\n", named: "ascot.csv", in: directory)
        let run = try CLIHarness.run(["score", "ascot", data, "--columns", columns, "--weights", weights, "--out", weights])
        assertFails(run, prefix: "phbeval: --out: ", contains: ["is the same file as the input", "weights.csv"])
        XCTAssertEqual(try String(contentsOfFile: weights, encoding: .utf8), weightsText)
    }

    func testAnOutputThatIsADirectoryIsSaidSo() throws {
        let run = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "20", "--quiet", "--replicates-out", directory.path])
        // Refused before the bootstrap runs.
        assertFails(run, prefix: "phbeval: --replicates-out: \"\(directory.path)\" is a directory; give a file name")
    }

    func testAWrittenOutputLeavesNoTemporaryFile() throws {
        let output = directory.appendingPathComponent("sub/replicates.csv").path
        let run = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "20", "--quiet", "--replicates-out", output])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("sub").path), ["replicates.csv"])
        // A parent that is a file: the write fails, and nothing is left behind.
        let blocked = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "20", "--quiet", "--replicates-out", output + "/x.csv"])
        assertFails(blocked, prefix: "phbeval: --replicates-out: \"\(output)/x.csv\" cannot be created: \"\(output)\" is not a writable directory")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("sub").path), ["replicates.csv"])
    }

    // MARK: Write failures

    /// Runs phbeval with standard output on /dev/full.
    private func runToFullDevice(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full here") }
        let process = Process()
        process.executableURL = CLIHarness.executable
        process.arguments = arguments
        process.standardOutput = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "ended by a signal")
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    func testStandardOutputOnAFullDeviceExitsNonZeroWithAMessage() throws {
        let score = try CLIHarness.write("state\n11111\n12345\n", named: "s.csv", in: directory)
        for arguments in [["regress", trial, "--formula", "ascot12 ~ arm"], ["regress", trial, "--formula", "ascot12 ~ arm", "--json"],
                          ["cea", trial] + ceaArguments, ["cea", trial] + ceaArguments + ["--json"],
                          ["score", "eq5d-5l", score, "--columns", "state"], ["score", "eq5d-5l", score, "--columns", "state", "--json"]] {
            let run = try runToFullDevice(arguments)
            XCTAssertEqual(run.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(run.stderr.hasPrefix("phbeval: standard output: the output cannot be written (No space left on device)"), run.stderr)
        }
    }

    // MARK: Non-finite results

    private func extremeCEAFile(effectScale: Double) throws -> String {
        let rows = (0..<60).map { i -> String in
            let arm = i % 2
            let e = (Double((i * 37) % 17) / 17 + Double(arm)) * effectScale
            let c = Double((i * 53) % 23) * 40
            return "\(arm),\(e),\(c)"
        }
        return try CLIHarness.write("arm,e,c\n" + rows.joined(separator: "\n") + "\n", named: "extreme.csv", in: directory)
    }

    func testBCaAtExtremeMagnitudesIsAnAnalysisError() throws {
        let path = try extremeCEAFile(effectScale: 1e104)
        let run = try CLIHarness.run(["cea", path, "--arm", "arm", "--treated", "1", "--effect", "e", "--cost", "c",
                                      "--bootstrap", "100", "--ci", "bca", "--quiet"])
        assertFails(run, status: 1, prefix: "phbeval: ", contains: ["is not a finite number", "Rescale"])
        let lambda = try CLIHarness.run(["cea", try extremeCEAFile(effectScale: 1), "--arm", "arm", "--treated", "1", "--effect", "e",
                                         "--cost", "c", "--bootstrap", "100", "--ci", "bca", "--quiet", "--lambda", "1e110:1e110:1"])
        assertFails(lambda, status: 1, prefix: "phbeval: ", contains: ["is not a finite number", "Rescale"])
        XCTAssertEqual(lambda.stdout, "")
    }

    func testNonFiniteRegressionResultsAreAnalysisErrors() throws {
        let cases = [("y,x\n1e200,2\n2e200,3\n3e300,5\n4e300,1\n", "y ~ x", "gaussian"),
                     ("y,x\n1,1e200\n2,-1e200\n3,1.7e200\n4,-1.7e200\n5,2\n", "y ~ x", "gaussian"),
                     ("y,x\n1e200,1\n2e200,2\n1e200,3\n3e200,4\n5,2\n", "y ~ x", "gamma")]
        for (csv, formula, family) in cases {
            let path = try CLIHarness.write(csv, named: "r.csv", in: directory)
            for json in [false, true] {
                let run = try CLIHarness.run(["regress", path, "--formula", formula, "--family", family] + (json ? ["--json"] : []))
                assertFails(run, status: 1, prefix: "phbeval: ", contains: ["Rescale"])
                XCTAssertFalse(run.stderr.contains("nan"), run.stderr)
                XCTAssertFalse(run.stderr.contains("please report"), run.stderr)
                XCTAssertEqual(run.stdout, "")
            }
        }
    }

    func testFiellerWordingFollowsItsOwnTest() throws {
        let path = try extremeCEAFile(effectScale: 0.001)
        let run = try CLIHarness.run(["cea", path, "--arm", "arm", "--treated", "1", "--effect", "e", "--cost", "c"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let line = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("Fieller") })
        if line.contains("unbounded") {
            XCTAssertTrue(line.contains("|ΔE|/se = ") && line.contains("≤ z = 1.96"), String(line))
        }
        // Skewed effects: the percentile interval excludes 0 while |ΔE|/se < z, so Fieller's set is
        // unbounded; the summary says both instead of "not significant" alone.
        let skewed = (0..<30).map { "1,\($0 < 2 ? 5 : 0.1),\(100 + $0 * 3)" } + (0..<30).map { "0,0,\(90 + $0 * 3)" }
        let skewedPath = try CLIHarness.write("arm,e,c\n" + skewed.joined(separator: "\n") + "\n", named: "skew.csv", in: directory)
        let skewedRun = try CLIHarness.run(["cea", skewedPath, "--arm", "arm", "--treated", "1", "--effect", "e", "--cost", "c",
                                            "--bootstrap", "2000", "--quiet"])
        XCTAssertEqual(skewedRun.status, 0, skewedRun.stderr)
        let skewedEffect = try XCTUnwrap(skewedRun.stdout.split(separator: "\n").first { $0.hasPrefix("Incremental effect") })
        XCTAssertTrue(skewedEffect.hasSuffix("95% CI [0.1, 0.916667]"), String(skewedEffect))
        let skewedFieller = try XCTUnwrap(skewedRun.stdout.split(separator: "\n").first { $0.hasPrefix("Fieller") })
        XCTAssertEqual(String(skewedFieller), "Fieller 95% CI: unbounded (|ΔE|/se = 1.91 ≤ z = 1.96: the effect difference is not significant at 95% by the normal test Fieller's method rests on; the percentile bootstrap interval of the effect excludes 0)")
        let trialRun = try CLIHarness.run(["cea", trial] + ceaArguments + ["--bootstrap", "200", "--quiet"])
        let effect = try XCTUnwrap(trialRun.stdout.split(separator: "\n").first { $0.hasPrefix("Incremental effect") })
        let fieller = try XCTUnwrap(trialRun.stdout.split(separator: "\n").first { $0.hasPrefix("Fieller") })
        // The effect interval excludes 0 and Fieller's test agrees: a bounded interval.
        XCTAssertFalse(effect.contains("[-"), String(effect))
        XCTAssertFalse(fieller.contains("unbounded"), String(fieller))
    }

    // MARK: Messages

    func testCellValuesInMessagesAreCapped() throws {
        let huge = String(repeating: "x", count: 1_000_000)
        let rows = (1...40).map { "\($0),\($0)" }.joined(separator: "\n")
        let path = try CLIHarness.write("y,x\n\(rows)\n41,\(huge)\n", named: "big.csv", in: directory)
        let run = try CLIHarness.run(["regress", path, "--formula", "y ~ x"])
        assertFails(run, prefix: "phbeval: \(path):42:2:")
        XCTAssertLessThan(run.stderr.utf8.count, 1000)
        let lambda = try CLIHarness.run(["cea", trial] + ceaArguments + ["--lambda", String(huge.prefix(100_000))])
        XCTAssertTrue(lambda.stderr.contains("\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\""), lambda.stderr)
        assertFails(lambda, prefix: "phbeval: --lambda: ")
        XCTAssertLessThan(lambda.stderr.utf8.count, 1000)
    }

    func testInvisibleCharactersInNamesAreShown() throws {
        let path = try CLIHarness.write(" age,age\u{200B},y\n1,2,3\n4,5,6\n7,8,10\n", named: "h.csv", in: directory)
        let run = try CLIHarness.run(["cea", path, "--arm", "age", "--treated", "1", "--effect", "y", "--cost", "y"])
        assertFails(run, prefix: "phbeval: --arm: unknown column 'age' (the header has ' age', which differs only in spaces or invisible characters)",
                    contains: ["' age', age\\u{200B}, y"])
    }

    func testTheLAPACKArgumentMessageIsNotReachedByOverflow() throws {
        let path = try CLIHarness.write("y,x\n1e200,1\n2e200,2\n1e200,3\n3e200,4\n5,2\n", named: "g.csv", in: directory)
        let run = try CLIHarness.run(["regress", path, "--formula", "y ~ x", "--family", "gamma"])
        assertFails(run, status: 1, prefix: "phbeval: ", contains: ["not finite"])
        XCTAssertFalse(run.stderr.contains("please report"), run.stderr)
        // Costs at ±1.7e308: the least-squares solve (dtrtrs) met NaN from Qᵀy, which LAPACKE
        // rejects as an "illegal argument"; now it is an overflow, exit 1.
        let costs = (0..<40).map { i in "\(i % 2),\(Double(i % 7) / 7),\([1.7e308, -1.7e308, 5][i % 3]),\(i % 11)" }
        let data = try CLIHarness.write("arm,e,c,age\n" + costs.joined(separator: "\n") + "\n", named: "hc.csv", in: directory)
        let commands = [["regress", data, "--formula", "c ~ age + arm"], ["regress", data, "--formula", "c ~ age + arm", "--vcov", "HC3"],
                        ["cea", data, "--arm", "arm", "--treated", "1", "--effect", "e", "--cost", "c", "--cost-covariates", "age"]]
        for arguments in commands {
            let overflow = try CLIHarness.run(arguments)
            assertFails(overflow, status: 1, prefix: "phbeval: ", contains: ["Rescale"])
            XCTAssertFalse(overflow.stderr.contains("please report"), overflow.stderr)
        }
    }

    func testTheVarianceMessageSaysWhatToDo() throws {
        let path = try CLIHarness.write("y,x\n1e200,2\n2e200,3\n3e300,5\n4e300,1\n", named: "v.csv", in: directory)
        let run = try CLIHarness.run(["regress", path, "--formula", "y ~ x", "--vcov", "HC3"])
        assertFails(run, status: 1, prefix: "phbeval: the variance of '(Intercept)' is not a finite number", contains: ["Rescale"])
    }

    func testFiftyThousandColumnsAreReadInLinearTime() throws {
        let n = 50_000
        let header = (0..<n).map { "c\($0)" }.joined(separator: ",")
        func cell(_ j: Int, _ r: Int) -> String { String((j * r * r + r * 3 + j / 3) % 7) }
        let rows = (1...5).map { r in (0..<n).map { cell($0, r) }.joined(separator: ",") }.joined(separator: "\n")
        let path = try CLIHarness.write(header + "\n" + rows + "\n", named: "wide.csv", in: directory)
        // CPU time of the child (wall time on a shared machine says little): it was 8 s when
        // every column appended searched the ones before it.
        func childCPU() -> Double {
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        let before = childCPU()
        let run = try CLIHarness.run(["regress", path, "--formula", "c1 ~ c2", "--json"])
        let elapsed = childCPU() - before
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertLessThan(elapsed, 1.5, "50,000 columns took \(elapsed) s of CPU (debug build)")
        let missing = try CLIHarness.run(["regress", path, "--formula", "c1 ~ nope"])
        assertFails(missing, prefix: "phbeval: ", contains: ["unknown column 'nope'", "(49980 more)"])
        XCTAssertLessThan(missing.stderr.utf8.count, 2000)
    }
}
