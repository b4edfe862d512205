import XCTest
@testable import Tabular

/// Parses `text` as the file `data.csv`.
func parseCSV(_ text: String, options: CSVOptions = CSVOptions()) throws -> Dataset {
    try CSVReader.parse(text: text, source: "data.csv", options: options)
}

/// The numbers of column `name`, failing the test when it is missing or categorical.
func numbers(_ dataset: Dataset, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> [Double] {
    guard let values = dataset.column(named: name)?.numbers else {
        XCTFail("column \(name) is not a numeric column", file: file, line: line)
        return []
    }
    return values
}

/// Column `name` as text per row (nil where missing), failing the test when it is not categorical.
func texts(_ dataset: Dataset, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> [String?] {
    guard let column = dataset.column(named: name), case .categorical(let codes, let levels) = column.values else {
        XCTFail("column \(name) is not a categorical column", file: file, line: line)
        return []
    }
    return codes.map { $0 < 0 ? nil : levels[Int($0)] }
}

/// Asserts that reading `text` is rejected at `line`:`column` of `data.csv`, with a message
/// that contains every string in `mentions`.
func assertRejects(_ text: String, options: CSVOptions = CSVOptions(), line: Int?, column: Int?, mentions: [String],
                   file: StaticString = #filePath, testLine: UInt = #line) {
    XCTAssertThrowsError(try parseCSV(text, options: options), file: file, line: testLine) { error in
        guard let error = error as? InputError else {
            return XCTFail("expected an InputError, got \(error)", file: file, line: testLine)
        }
        XCTAssertEqual(error.file, "data.csv", file: file, line: testLine)
        XCTAssertEqual(error.line, line, "line of: \(error)", file: file, line: testLine)
        XCTAssertEqual(error.column, column, "column of: \(error)", file: file, line: testLine)
        for mention in mentions {
            XCTAssertTrue(error.description.contains(mention), "\(error) does not mention \(mention)", file: file, line: testLine)
        }
    }
}

/// Asserts that two datasets hold the same columns, values (NaN equal to NaN), missing masks and
/// line numbers, reporting the first difference (`Dataset`'s `==` treats NaN as unequal).
func assertSameData(_ actual: Dataset, _ expected: Dataset, _ message: String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.columnNames, expected.columnNames, message, file: file, line: line)
    XCTAssertEqual(actual.rowCount, expected.rowCount, message, file: file, line: line)
    XCTAssertEqual(actual.lineNumbers, expected.lineNumbers, "line numbers; \(message)", file: file, line: line)
    for (a, e) in zip(actual.columns, expected.columns) {
        XCTAssertEqual(a.missing, e.missing, "missing mask of \(a.name); \(message)", file: file, line: line)
        switch (a.values, e.values) {
        case (.numeric(let x), .numeric(let y)):
            XCTAssertEqual(x.map(\.bitPattern), y.map(\.bitPattern), "numbers of \(a.name); \(message)", file: file, line: line)
        case (.categorical(let x, let xLevels), .categorical(let y, let yLevels)):
            XCTAssertEqual(xLevels, yLevels, "levels of \(a.name); \(message)", file: file, line: line)
            XCTAssertEqual(x, y, "codes of \(a.name); \(message)", file: file, line: line)
        default:
            XCTFail("column \(a.name) has a different type; \(message)", file: file, line: line)
        }
    }
}
