import Foundation
import PHBEval
import TestSupport
import XCTest

/// The score summary and provenance have one JSON form, the one `score --json` prints.
final class ScoreJSONTests: XCTestCase {
    func object(_ value: JSONValue) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(value.rendered().utf8)) as? [String: Any])
    }

    func testSummaryAndProvenanceWriteEveryKeyEvenWhenEmpty() throws {
        let data = try Dataset(source: "data.csv", columns: ["mo", "sc", "ua", "pd", "ad"].enumerated().map { k, name in
            Column(name: name, numbers: k == 0 ? [.nan] : [1])
        }, lineNumbers: [2])
        let table = try EQ5DValueSet.named("England", kind: .vt).score(data, profile: .dimensions(["mo", "sc", "ua", "pd", "ad"]))
        let summary = try object(table.summaries[0].json)
        XCTAssertEqual(Set(summary.keys), ["column", "n_scored", "n_missing", "missing_reasons", "n_prorated", "mean", "sd", "min", "max"])
        XCTAssertTrue(summary["mean"] is NSNull)
        XCTAssertEqual(summary["n_missing"] as? Int, 1)
        let provenance = try object(table.provenance.json)
        XCTAssertEqual(Set(provenance.keys), ["instrument", "version", "method", "value_set", "alias", "publication", "source", "parameters"])
        XCTAssertEqual(provenance["alias"] as? String, "England-Devlin-2018")
        let publication = try XCTUnwrap(provenance["publication"] as? [String: Any])
        XCTAssertEqual(publication["doi"] as? String, "10.1002/hec.3564")
        XCTAssertEqual(publication["year"] as? Int, 2018)
        XCTAssertEqual(publication["citation"] as? String, "Devlin 2018")
    }
}
