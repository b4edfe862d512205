import Foundation
import XCTest
@testable import Tabular

/// ``CSVFile/appending(_:)`` repeats every input record byte for byte and adds the new columns.
final class CSVFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-csvfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func file(_ text: String, options: CSVOptions = CSVOptions(), categoricalIfPresent: Set<String> = []) throws -> CSVFile {
        let url = directory.appendingPathComponent("data.csv")
        try Data(text.utf8).write(to: url)
        return try CSVFile(path: url.path, options: options, categoricalIfPresent: categoricalIfPresent)
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testRecordsAreRepeatedAsWrittenAndNumbersInShortestForm() throws {
        let csv = try file("id,x,\"note\"\n1, 1.50 ,\"a, b\"\n2,NA,\"two\nlines\"\n3,.,\"say \"\"hi\"\"\"\n")
        let score = Column(name: "s", numbers: [0.1 + 0.2, .nan, -3])
        XCTAssertEqual(text(csv.appending([score])),
                       "id,x,\"note\",s\n1, 1.50 ,\"a, b\",0.30000000000000004\n2,NA,\"two\nlines\",\n3,.,\"say \"\"hi\"\"\",-3\n")
        XCTAssertEqual(csv.delimiter, UInt8(ascii: ","))
    }

    func testDelimiterLineEndAndByteOrderMarkAreKept() throws {
        let csv = try file("\u{FEFF}a;b\r\n1;x\r\n2;y")
        XCTAssertEqual(text(csv.appending([Column(name: "s", numbers: [1, 2])])), "\u{FEFF}a;b;s\r\n1;x;1\r\n2;y;2\r\n")
        XCTAssertEqual(csv.delimiter, UInt8(ascii: ";"))
    }

    func testNamesAndLabelsAreQuotedWhenTheyHoldTheDelimiterQuotesOrLineBreaks() throws {
        let csv = try file("a\tb\n1\t2\n3\t4\n5\t6\n")
        let labels = Column(name: "label\tone", text: ["plain", "with \"quote\"", nil])
        XCTAssertEqual(text(csv.appending([labels, Column(name: "n", numbers: [1e-5, 12, .nan])])),
                       "a\tb\t\"label\tone\"\tn\n1\t2\tplain\t1e-05\n3\t4\t\"with \"\"quote\"\"\"\t12\n5\t6\t\t\n")
    }

    func testEmptyLastLineAndHeaderOnlyFiles() throws {
        XCTAssertEqual(text(try file("a\n1\n\n").appending([Column(name: "s", numbers: [7])])), "a,s\n1,7\n")
        // One column: a blank line inside the data is a row with a missing value.
        XCTAssertEqual(text(try file("a\n1\n\n2\n").appending([Column(name: "s", numbers: [1, .nan, 2])])), "a,s\n1,1\n,\n2,2\n")
        XCTAssertEqual(text(try file("a,b\n").appending([Column(name: "s", numbers: [])])), "a,b,s\n")
        XCTAssertEqual(text(try file("a,b").appending([Column(name: "s", numbers: [])])), "a,b,s\n")
    }

    func testCategoricalIfPresentReadsExistingColumnsAsTextAndIgnoresOthers() throws {
        let csv = try file("a,b\n1,2\n3,4\n", categoricalIfPresent: ["a", "absent"])
        XCTAssertEqual(csv.dataset.column(named: "a")?.levels, ["1", "3"])
        XCTAssertEqual(csv.dataset.column(named: "b")?.numbers, [2, 4])
        XCTAssertThrowsError(try file("a\n1\n", options: CSVOptions(categorical: ["absent"])))
    }

    /// Several megabytes, so the reader parses in chunks: records with line breaks inside quotes and
    /// mixed line ends come back in order, each with its own appended value.
    func testLargeChunkedFileRoundTrips() throws {
        var input = "id,note,x\n"
        var expected = "id,note,x,s\n"
        var scores: [Double] = []
        let notes = ["plain", "\"two\nlines\"", "\"three\r\nline\nnote\"", "NA", "\"\"\"quoted\"\"\""]
        for row in 0..<120_000 {
            let record = "\(row),\(notes[row % notes.count]),\(row % 7 == 0 ? "" : String(row % 97))"
            input += record + (row % 3 == 0 ? "\r\n" : "\n")
            expected += record + ",\(row)\n"
            scores.append(Double(row))
        }
        let csv = try file(input)
        XCTAssertGreaterThan(input.utf8.count, 2 * CSVReader.minimumChunkBytes)
        XCTAssertEqual(csv.dataset.rowCount, 120_000)
        XCTAssertTrue(text(csv.appending([Column(name: "s", numbers: scores)])) == expected)
    }

    func testShortestText() {
        XCTAssertEqual(3.0.shortestText, "3")
        XCTAssertEqual((-0.285).shortestText, "-0.285")
        XCTAssertEqual(0.1.shortestText, "0.1")
        XCTAssertEqual(1e-5.shortestText, "1e-05")
        XCTAssertEqual(9_007_199_254_740_992.0.shortestText, "9007199254740992.0")
        XCTAssertEqual((-0.0).shortestText, "0")
    }
}

/// ``PathText/directory(of:)`` as `NSString.deletingLastPathComponent` defines it, including the
/// one-character paths on which Foundation traps.
final class PathTextTests: XCTestCase {
    func testDirectoryOfPath() {
        let cases: [(String, String)] = [("o", ""), ("out.csv", ""), ("", ""), ("q/b.csv", "q"), ("a/b/", "a"), ("a//b", "a"),
                                         ("/o", "/"), ("/", "/"), ("/a/b/c", "/a/b"), ("./x", "."), ("../x", "..")]
        for (path, directory) in cases { XCTAssertEqual(PathText.directory(of: path), directory, path) }
    }
}
