import Tabular
import XCTest

/// The small-table reader shared by value-set tables, weights files and reference tables.
final class TextTableTests: XCTestCase {
    func testRecordsKeepTheirLinesSkipBlankAndCommentLinesAndUnquote() throws {
        let text = "\u{FEFF}# weights, licensed\ndomain,ideal\n\n  control , 0.1 \n\"food, drink\",\"say \"\"hi\"\"\"\r\n# end\nmulti,\"a\nb\"\nlast,1"
        let table = try TextTable(text: text, source: "w.csv", comments: true)
        XCTAssertEqual(table.records.map(\.line), [2, 4, 5, 7, 9])
        XCTAssertEqual(table.records.map(\.fields), [["domain", "ideal"], ["control", "0.1"], ["food, drink", "say \"hi\""],
                                                   ["multi", "a\nb"], ["last", "1"]])
        // Without comments a '#' line is a record.
        XCTAssertEqual(try TextTable(text: "# a\nb\n", source: "t.csv").records.map(\.fields), [["# a"], ["b"]])
    }

    func testMalformedQuotingIsLocated() {
        XCTAssertThrowsError(try TextTable(text: "a,b\n1,x\"y\n", source: "t.csv")) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.file, "t.csv")
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.column, 2)
        }
    }
}
