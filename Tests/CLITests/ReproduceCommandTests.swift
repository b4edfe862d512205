import Foundation
import XCTest

/// `phbeval reproduce`: the committed `reports/` is exactly what the command writes (any thread
/// count), and the findings reproduce as issue 10's acceptance asks.
final class ReproduceCommandTests: XCTestCase {
    static let committed = CLIHarness.repositoryRoot.appendingPathComponent("reports")
    nonisolated(unsafe) static var output: URL?
    nonisolated(unsafe) static var run: CLIRun?

    override class func setUp() {
        super.setUp()
        guard let folder = try? CLIHarness.temporaryDirectory() else { return }
        output = folder
        // One thread: the committed report was written with every core, so equality is also the
        // thread-count independence check.
        run = try? CLIHarness.run(["reproduce", "--out", folder.path, "--threads", "1"], in: CLIHarness.repositoryRoot)
    }

    override class func tearDown() {
        if let output { try? FileManager.default.removeItem(at: output) }
        super.tearDown()
    }

    /// Files under `root`, relative, sorted.
    private func files(_ root: URL) throws -> [String] {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: root.path))
        return enumerator.compactMap { $0 as? String }.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    /// The report's provenance names the machine's BLAS library; every other byte must agree.
    private func withoutBLASLine(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("- BLAS/LAPACK:") && !$0.contains("\"blas\":") }.joined(separator: "\n")
    }

    func testCommittedReportsAreWhatTheCommandWrites() throws {
        let run = try XCTUnwrap(Self.run), output = try XCTUnwrap(Self.output)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "")
        let written = try files(output)
        let committed = try files(Self.committed).filter { $0.hasPrefix("phbe-pilot-") }
        XCTAssertEqual(written, committed, "run `phbeval reproduce` from the repository's root and commit reports/")
        for name in written {
            let made = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            let shipped = try String(contentsOf: Self.committed.appendingPathComponent(name), encoding: .utf8)
            XCTAssertTrue(withoutBLASLine(made) == withoutBLASLine(shipped), "\(name) differs from the committed file: run `phbeval reproduce` and commit reports/")
        }
    }

    /// Issue 10's acceptance: every pilot finding matches (P9a within tolerance at least),
    /// F4–F10 match exactly, and the report says what the data are, the 10% level and F11.
    func testEveryFindingReproduces() throws {
        let output = try XCTUnwrap(Self.output)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("phbe-pilot-reproduction.json"))) as? [String: Any])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        let ids = findings.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids, ["P3", "P6", "P6a", "P7", "P8", "P9", "P9a", "P11", "P13", "P13a", "P14", "P15", "P17", "F4", "F5", "F6", "F7", "F8", "F9", "F10"])
        for finding in findings {
            let id = try XCTUnwrap(finding["id"] as? String), status = try XCTUnwrap(finding["status"] as? String)
            for key in ["published", "reproduced", "source"] { XCTAssertFalse((finding[key] as? String ?? "").isEmpty, "\(id) \(key)") }
            switch id {
            case "P6a", "P9a": XCTAssertTrue(["matches", "within tolerance"].contains(status), "\(id): \(status)")
            default: XCTAssertEqual(status, "matches", "\(id): \(finding["reproduced"] ?? "")")
            }
        }
        let markdown = try String(contentsOf: output.appendingPathComponent("phbe-pilot-reproduction.md"), encoding: .utf8)
        XCTAssertTrue(markdown.hasPrefix("# The personal health budget pilot: published vs reproduced"))
        for phrase in ["calibrated reconstruction, not the evaluation's data", "10% significance level", "too small to test continued impact",
                       "POET survey", "(phbe-pilot-2012/report.md)"] {
            XCTAssertTrue(markdown.contains(phrase), phrase)
        }
    }

    /// The follow-up counts are read from the files, not assumed: one consenting PHB person
    /// recorded as control (the total still 92) makes F5 `differs`, and F4, F6–F10 still match.
    func testAFollowUpCountOffByOneDiffers() throws {
        let root = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let datasets = root.appendingPathComponent("datasets"), shipped = CLIHarness.repositoryRoot.appendingPathComponent("datasets")
        try FileManager.default.createDirectory(at: datasets, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: datasets.appendingPathComponent("phbe-pilot-2012"),
                                                   withDestinationURL: shipped.appendingPathComponent("phbe-pilot-2012"))
        try FileManager.default.copyItem(at: shipped.appendingPathComponent("phbe-followup-2015"), to: datasets.appendingPathComponent("phbe-followup-2015"))
        let consents = datasets.appendingPathComponent("phbe-followup-2015/consents.csv")
        let text = try String(contentsOf: consents, encoding: .utf8)
        let first = try XCTUnwrap(text.range(of: ",evaluation,PHB\n"))
        try text.replacingCharacters(in: first, with: ",evaluation,control\n").write(to: consents, atomically: true, encoding: .utf8)

        let run = try CLIHarness.run(["reproduce", "--out", root.appendingPathComponent("out").path], in: root)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("out/phbe-pilot-reproduction.json"))) as? [String: Any])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]]).filter { ($0["id"] as? String ?? "").hasPrefix("F") }
        for finding in findings {
            let id = finding["id"] as? String, status = finding["status"] as? String
            XCTAssertEqual(status, id == "F5" ? "differs" : "matches", "\(id ?? "")")
            if id == "F5" { XCTAssertEqual(finding["reproduced"] as? String, "92: 64 from the evaluation (36 PHB, 28 control) + 28 post-pilot") }
        }
        XCTAssertEqual(findings.count, 7)
    }

    func testOutsideTheRepositoryItSaysWhereToRunIt() throws {
        let folder = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLIHarness.run(["reproduce", "--out", folder.appendingPathComponent("out").path], in: folder)
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("run phbeval reproduce from the repository's root"), run.stderr)
    }
}
