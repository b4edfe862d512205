import XCTest
@testable import Tabular

/// Malformed input: every rejection names the file, the physical line, the field and the value.
final class CSVReaderErrorTests: XCTestCase {
    func testRowWithTooFewFields() {
        assertRejects("a,b,c\n1,2,3\n4,5\n", line: 3, column: 3,
                      mentions: ["this row has 2 fields but the header has 3", "field 3 ('c') is missing"])
    }

    func testRowWithTooManyFields() {
        assertRejects("a,b\n1,2\n3,4,5,6\n", line: 3, column: 3,
                      mentions: ["this row has 4 fields but the header has 2", "field 3 is \"5\""])
    }

    func testTooManyFieldsCountsQuotedFields() {
        assertRejects("a,b\n1,2,\"x,y\",\"z\"\n", line: 2, column: 3,
                      mentions: ["this row has 4 fields", "field 3 is \"x,y\""])
    }

    func testTextInNumericColumn() {
        let rows = (1...30).map { $0 == 6 ? "\($0),abc" : "\($0),\(20 + $0)" }
        assertRejects("id,age\n" + rows.joined(separator: "\n"), line: 7, column: 2,
                      mentions: ["field 2 ('age') is \"abc\", which is not a number, in a column of numbers",
                                 "29 of its 30 values are numbers",
                                 "correct it, mark it missing (NA), or declare the column categorical with categorical age"])
    }

    func testTextInNumericColumnIsAcceptedWhenDeclaredCategorical() throws {
        let rows = (1...30).map { $0 == 6 ? "abc" : "\($0)" }
        let data = try parseCSV("age\n" + rows.joined(separator: "\n"), options: CSVOptions(categorical: ["age"]))
        XCTAssertEqual(data.column(named: "age")?.levels?.last, "abc")
    }

    func testTextInDeclaredNumericColumn() {
        assertRejects("x,y\n1,a\nb,c\n", options: CSVOptions(numeric: ["x"]), line: 3, column: 1,
                      mentions: ["field 1 ('x') is \"b\", which is not a number, in a column declared numeric"])
    }

    func testUnterminatedQuoteNamesTheLineWhereItOpens() {
        assertRejects("a,b\n1,2\n3,\"abc\n4,5\n", line: 3, column: 2,
                      mentions: ["field 2 ('b') opens a quote that is never closed", "\"\\\"abc"])
    }

    func testQuoteInsideUnquotedField() {
        assertRejects("a,b\n1,ab\"c\n", line: 2, column: 2,
                      mentions: ["field 2 ('b') is \"ab\\\"c\"", "quote in the middle"])
    }

    func testTextAfterClosingQuote() {
        assertRejects("a,b\n1,\"ab\"c,\n", line: 2, column: 2,
                      mentions: ["field 2 ('b') has \"c\" after its closing quote"])
    }

    func testTextAfterClosingQuoteOnALaterLine() {
        assertRejects("a,b\n1,\"x\ny\" z\n", line: 3, column: 2, mentions: ["has \" z\" after its closing quote"])
    }

    func testDuplicateColumnName() {
        assertRejects("a,b,a\n1,2,3\n", line: 1, column: 3,
                      mentions: ["the column name 'a' appears twice in the header (fields 1 and 3)"])
    }

    func testEmptyColumnName() {
        assertRejects("a,,c\n1,2,3\n", line: 1, column: 2, mentions: ["field 2 of the header is empty"])
    }

    func testEmptyFile() {
        for text in ["", "\u{FEFF}", "\n", "\r\n\r\n"] {
            assertRejects(text, line: 1, column: 1, mentions: ["the file is empty"])  // reported at FILE:1:1
        }
    }

    func testUnknownColumnInOptions() {
        assertRejects("age,sex\n1,f\n", options: CSVOptions(categorical: ["agee"]), line: 1, column: nil,
                      mentions: ["categorical names the column 'agee', which is not in the header", "age, sex"])
        assertRejects("age,sex\n1,f\n", options: CSVOptions(numeric: ["weight"]), line: 1, column: nil,
                      mentions: ["numeric names the column 'weight'"])
    }

    func testColumnDeclaredBothCategoricalAndNumeric() {
        assertRejects("a,b\n1,2\n", options: CSVOptions(categorical: ["b"], numeric: ["b"]), line: 1, column: 2,
                      mentions: ["'b' is declared both categorical and numeric"])
    }

    func testUnsupportedDelimiter() {
        assertRejects("a.b\n1.2\n", options: CSVOptions(delimiter: UInt8(ascii: ".")), line: nil, column: nil,
                      mentions: ["the delimiter \".\" is not supported"])
    }

    func testInvalidUTF8InTextField() throws {
        let bytes: [UInt8] = Array("id,name\n1,ok\n2,caf".utf8) + [0xE9] + Array("\n".utf8)
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try CSVReader.parse($0, source: "data.csv") }) { error in
            let error = error as? InputError
            XCTAssertEqual(error?.file, "data.csv")
            XCTAssertEqual(error?.line, 3)
            XCTAssertEqual(error?.column, 2)
            XCTAssertTrue(error?.description.contains("field 2 ('name') is not valid UTF-8 text: \"caf\u{FFFD}\"") == true, "\(String(describing: error))")
        }
    }

    func testInvalidUTF8InHeader() throws {
        let bytes: [UInt8] = [0x61, 0x2C, 0xFF, 0x0A, 0x31, 0x2C, 0x32]
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try CSVReader.parse($0, source: "data.csv") }) { error in
            XCTAssertEqual((error as? InputError)?.line, 1)
            XCTAssertEqual((error as? InputError)?.column, 2)
        }
    }

    func testErrorLineCountsLineBreaksInsideQuotes() {
        assertRejects("a,b\n\"x\ny\",1\n\"p\nq\nr\",2\n3\n", line: 7, column: 2, mentions: ["this row has 1 field but"])
    }

    func testMalformedRecordIsReportedBeforeAnEarlierTypeError() {
        let rows = (1...30).map { $0 == 2 ? "oops" : "\($0)" } + ["1,2"]
        assertRejects("a\n" + rows.joined(separator: "\n"), line: 32, column: 2, mentions: ["this row has 2 fields but the header has 1"])
    }

    func testFirstOfSeveralRejectedColumnsIsReported() {
        let rows = (1...40).map { row in
            "\(row == 30 ? "x" : "1"),\(row == 12 ? "y" : "2")"
        }
        assertRejects("a,b\n" + rows.joined(separator: "\n"), line: 13, column: 2, mentions: ["field 2 ('b') is \"y\""])
    }
}
