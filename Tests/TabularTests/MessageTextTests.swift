import XCTest
@testable import Tabular

/// How user values appear in messages: escaped so that invisible characters show, and capped.
final class MessageTextTests: XCTestCase {
    func testInvisibleCharactersAndSpacesAreVisible() {
        XCTAssertEqual(MessageText.name(" age"), "' age'")
        XCTAssertEqual(MessageText.name("age\u{200B}"), "'age\\u{200B}'")
        XCTAssertEqual(MessageText.name("a\u{00A0}b"), "'a\\u{A0}b'")
        XCTAssertEqual(MessageText.display("a\"b\tc\n"), "\"a\\\"b\\tc\\n\"")
        XCTAssertEqual(MessageText.list(["y", " x", "z\u{FEFF}"]), "y, ' x', z\\u{FEFF}")
    }

    /// A table cell: escaped as in messages, without quotes, cut only past 1,000 characters.
    func testTableCellsAreEscapedWithoutQuotes() {
        XCTAssertEqual(MessageText.cell("trt[int\u{1B}[31m]"), "trt[int\\u{1B}[31m]")
        XCTAssertEqual(MessageText.cell("ctl\nx"), "ctl\\nx")
        XCTAssertEqual(MessageText.cell("it's \"ok\" é"), "it's \"ok\" é")
        XCTAssertEqual(MessageText.cell(String(repeating: "x", count: 1_000)), String(repeating: "x", count: 1_000))
        XCTAssertEqual(MessageText.cell(String(repeating: "x", count: 1_001)), String(repeating: "x", count: 1_000) + "…")
    }

    func testLongValuesAreCut() {
        let shown = MessageText.display(String(repeating: "x", count: 1_000_000))
        XCTAssertEqual(shown, "\"" + String(repeating: "x", count: MessageText.limit) + "…\"")
        let names = (0..<50_000).map { "c\($0)" }
        XCTAssertTrue(MessageText.list(names).hasSuffix(", … (49980 more)"))
    }

    func testUnknownColumnNamesACloseSpelling() throws {
        let data = try CSVReader.parse(text: " age,y\n1,2\n", source: "d.csv")
        XCTAssertThrowsError(try data.requireColumn("age")) { error in
            XCTAssertEqual((error as? InputError)?.problem.description,
                           "unknown column 'age' (the header has ' age', which differs only in spaces or invisible characters)")
        }
    }

    /// Column lookup is by dictionary: 50,000 columns are assembled and found in linear time.
    func testWideDatasetsAreBuiltInLinearTime() throws {
        let columns = (0..<50_000).map { Column(name: "c\($0)", numbers: [1, 2]) }
        let started = Date()
        let data = try Dataset(source: "wide", columns: columns)
        XCTAssertNotNil(data.column(named: "c49999"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        XCTAssertThrowsError(try Dataset(source: "dup", columns: [Column(name: "a", numbers: [1]), Column(name: "a", numbers: [2])]))
    }
}
