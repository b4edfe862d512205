import Foundation
import XCTest

/// Runs the built `phbeval` executable and captures what it prints.
struct CLIRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLIHarness {
    /// The `phbeval` binary beside the test bundle (SwiftPM builds it for this test target).
    static var executable: URL {
        // On Linux the bundle URL is the build folder itself; on macOS it is the .xctest inside it.
        var folder = Bundle(for: BundleMarker.self).bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("phbeval")
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> CLIRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` in `directory` and returns its path.
    static func write(_ text: String, named name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The repository's root folder.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The repository's example dataset.
    static var exampleData: String { repositoryRoot.appendingPathComponent("datasets/examples/trial.csv").path }
}

extension XCTestCase {
    /// Writes the spec `lines` (and `files` beside it) to a new folder and runs `analyze` on it.
    func analyze(spec lines: [String], files: [String: String] = [:], extra: [String] = []) throws -> (run: CLIRun, path: String, lines: [String]) {
        let directory = try CLIHarness.temporaryDirectory()
        for (name, text) in files { _ = try CLIHarness.write(text, named: name, in: directory) }
        let path = try CLIHarness.write(lines.joined(separator: "\n") + "\n", named: "study.yaml", in: directory)
        let run = try CLIHarness.run(["analyze", path, "--out", directory.appendingPathComponent("out").path, "--quiet"] + extra)
        return (run, path, lines)
    }

    /// `path:LINE:COLUMN:` of the first occurrence of `text` in `lines` at or after line index
    /// `after` (1-based in the result), as errors print a location.
    func location(of text: String, in lines: [String], path: String, after: Int = 0) -> String {
        for (i, line) in lines.enumerated() where i >= after {
            if let range = line.range(of: text) { return "\(path):\(i + 1):\(line.distance(from: line.startIndex, to: range.lowerBound) + 1):" }
        }
        return "not found: \(text)"
    }

    /// The run exited 2 (bad input) with a message starting `phbeval: prefix` and containing `message`.
    func assertRefused(_ run: CLIRun, at prefix: String, saying message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.status, 2, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: \(prefix)"), "expected \(prefix) in: \(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains(message), "expected \(message) in: \(run.stderr)", file: file, line: line)
    }
}

private final class BundleMarker {}
