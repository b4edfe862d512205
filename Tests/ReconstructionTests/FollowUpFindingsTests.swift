import Foundation
@testable import Reproduction
import XCTest

/// The follow-up findings (F4–F10) are counted from the files: a count off by one differs.
final class FollowUpFindingsTests: XCTestCase {
    static var shipped: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("datasets/phbe-followup-2015")
    }

    func testShippedFilesMatchAndAConsentCountOffByOneDiffers() throws {
        XCTAssertEqual(try FollowUpFindings.findings(directory: Self.shipped.path).map(\.status), [Finding.Status](repeating: .matches, count: 7))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("followup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.shipped, to: folder)
        let consents = folder.appendingPathComponent("consents.csv")
        let text = try String(contentsOf: consents, encoding: .utf8)
        let first = try XCTUnwrap(text.range(of: ",evaluation,PHB\n"))
        try text.replacingCharacters(in: first, with: ",evaluation,control\n").write(to: consents, atomically: true, encoding: .utf8)
        let findings = try FollowUpFindings.findings(directory: folder.path)
        XCTAssertEqual(findings.count, 7)
        for finding in findings { XCTAssertEqual(finding.status, finding.id == "F5" ? .differs : .matches, finding.id) }
        XCTAssertEqual(findings.first { $0.id == "F5" }?.reproduced, "92: 64 from the evaluation (36 PHB, 28 control) + 28 post-pilot")
    }
}
