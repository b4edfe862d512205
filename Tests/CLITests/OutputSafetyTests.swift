import Foundation
import XCTest

/// Outputs are written only to writable regular files, before any work, never onto an input (also
/// through standard output), and keep the target's permissions.
final class OutputSafetyTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try CLIHarness.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private var input: String { CLIHarness.repositoryRoot.appendingPathComponent("datasets/examples/eq5d5l.csv").path }
    private let score = ["score", "eq5d-5l"]
    private let columns = ["--columns", "mo,sc,ua,pd,ad", "--quiet"]

    func testReadOnlyAndNonRegularOutputsAreRefusedBeforeAnyWork() throws {
        let readOnly = directory.appendingPathComponent("ro.csv").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: readOnly))
        chmod(readOnly, 0o444)
        for (out, message) in [(readOnly, "is read-only"), ("/dev/null", "is not a regular file"), ("", "the output file name is empty"),
                               (directory.path, "is a directory")] {
            let run = try CLIHarness.run(score + [input] + columns + ["--out", out])
            XCTAssertEqual(run.status, 2, "\(out): \(run.stderr)")
            XCTAssertTrue(run.stderr.hasPrefix("phbeval: --out: "), run.stderr)
            XCTAssertTrue(run.stderr.contains(message), run.stderr)
        }
        XCTAssertEqual(try String(contentsOfFile: readOnly, encoding: .utf8), "keep")
    }

    func testAnOverwrittenOutputKeepsItsPermissions() throws {
        let out = directory.appendingPathComponent("private.csv").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: out))
        chmod(out, 0o600)
        let run = try CLIHarness.run(score + [input] + columns + ["--out", out])
        XCTAssertEqual(run.status, 0, run.stderr)
        let mode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int)
        XCTAssertEqual(mode, 0o600)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("id,"))
    }

    /// Through a symbolic link the file it points to is written (the link stays a link); a name
    /// ending in `/` is refused before any work.
    func testOutputsThroughLinksAndTrailingSlashes() throws {
        let target = directory.appendingPathComponent("target.csv").path, link = directory.appendingPathComponent("link.csv").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = try CLIHarness.run(score + [input] + columns + ["--out", link])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target)
        XCTAssertTrue(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("id,"))
        let slash = try CLIHarness.run(score + [input] + columns + ["--out", directory.appendingPathComponent("new").path + "/"])
        XCTAssertEqual(slash.status, 2)
        XCTAssertTrue(slash.stderr.contains("names a directory, not a file"), slash.stderr)
    }

    /// `phbeval score … data.csv 1<> data.csv` would rewrite the input through standard output.
    func testStandardOutputOntoAnInputIsRefused() throws {
        let copy = directory.appendingPathComponent("data.csv").path
        try FileManager.default.copyItem(atPath: input, toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        let process = Process()
        process.executableURL = CLIHarness.executable
        process.arguments = score + [copy] + columns
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: copy))
        process.standardOutput = handle
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 2, stderr)
        XCTAssertTrue(stderr.contains("standard output is the input file"), stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: copy)), before)
    }

    /// A letter carrying 300,000 combining marks is one character: messages cut it by scalars too.
    func testAHugeSingleCharacterCellDoesNotFloodTheMessage() throws {
        let cell = "a" + String(repeating: "\u{301}", count: 300_000)
        let data = try CLIHarness.write("y,x\n1,2\n2,\(cell)\n3,4\n", named: "marks.csv", in: directory)
        let run = try CLIHarness.run(["regress", data, "--formula", "y ~ x"])
        XCTAssertEqual(run.status, 2)
        XCTAssertLessThan(run.stderr.utf8.count, 2_000, "\(run.stderr.utf8.count) bytes")
    }

    func testALambdaGridThatIsTooLongSaysSo() throws {
        let run = try CLIHarness.run(["cea", CLIHarness.exampleData, "--arm", "arm", "--treated", "1", "--effect", "ascot12",
                                      "--cost", "cost", "--lambda", "0:100001:1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("has more than 100,001 values of λ"), run.stderr)
    }

    /// A one-character output name (Foundation's path functions trap on it) and one in a new
    /// folder are written, not crashed on.
    func testOneCharacterOutputNames() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for out in ["o", "q/b.csv"] {
            let run = try CLIHarness.run(["score", "eq5d-5l", CLIHarness.repositoryRoot.appendingPathComponent("datasets/examples/eq5d5l.csv").path,
                                          "--columns", "mo,sc,ua,pd,ad", "--out", out, "--quiet"], in: directory)
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent(out).path), out)
        }
    }
}
