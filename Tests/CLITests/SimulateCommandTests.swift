import Foundation
import XCTest

/// `phbeval simulate` regenerates the shipped reconstructions byte for byte.
final class SimulateCommandTests: XCTestCase {
    static let generated = ["phbe-pilot-2012/participants.csv", "phbe-pilot-2012/unit_costs.csv",
                            "phbe-followup-2015/support_plans.csv", "phbe-followup-2015/questionnaire.csv",
                            "phbe-followup-2015/consents.csv"]
    /// The shipped files written by hand: the READMEs and the pilot's study spec (`phbeval reproduce`).
    static let handWritten = ["phbe-pilot-2012": ["README.md", "study.yaml"], "phbe-followup-2015": ["README.md"]]

    func testRegeneratesTheShippedFilesByteForByte() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLIHarness.run(["simulate", "--out", directory.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "")
        let datasets = CLIHarness.repositoryRoot.appendingPathComponent("datasets")
        for name in Self.generated {
            let made = try Data(contentsOf: directory.appendingPathComponent(name))
            let shipped = try Data(contentsOf: datasets.appendingPathComponent(name))
            XCTAssertTrue(made == shipped, "\(name) differs from the committed file: run `phbeval simulate` from the repository's root")
            XCTAssertTrue(run.stderr.contains(name), "stderr names \(name)")
        }
        // Nothing else is written, and every shipped file but the hand-written ones is generated.
        for folder in ["phbe-pilot-2012", "phbe-followup-2015"] {
            let written = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path).sorted()
            XCTAssertEqual(written, Self.generated.filter { $0.hasPrefix(folder) }.map { String($0.dropFirst(folder.count + 1)) }.sorted())
            let shipped = try FileManager.default.contentsOfDirectory(atPath: datasets.appendingPathComponent(folder).path).sorted()
            XCTAssertEqual(shipped, (written + Self.handWritten[folder, default: []]).sorted(), folder)
        }
    }

    func testTwoRunsGiveTheSameBytes() throws {
        let first = try CLIHarness.temporaryDirectory(), second = try CLIHarness.temporaryDirectory()
        defer { for d in [first, second] { try? FileManager.default.removeItem(at: d) } }
        XCTAssertEqual(try CLIHarness.run(["simulate", "--out", first.path]).status, 0)
        XCTAssertEqual(try CLIHarness.run(["simulate", "--out", second.path]).status, 0)
        for name in Self.generated {
            XCTAssertEqual(try Data(contentsOf: first.appendingPathComponent(name)), try Data(contentsOf: second.appendingPathComponent(name)), name)
        }
    }

    func testAnUnwritableFolderIsAnInputError() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let blocker = try CLIHarness.write("not a folder", named: "file", in: directory)
        let run = try CLIHarness.run(["simulate", "--out", blocker])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("phbeval: "), run.stderr)
    }
}
