import XCTest
@testable import Tabular

final class CSVReaderTests: XCTestCase {
    func testQuotedFieldsKeepDelimiters() throws {
        let data = try parseCSV("name,age\n\"Smith, J\",42\n\"Jones\",\"7\"\n")
        XCTAssertEqual(data.columnNames, ["name", "age"])
        XCTAssertEqual(texts(data, "name"), ["Smith, J", "Jones"])
        XCTAssertEqual(numbers(data, "age"), [42, 7])
    }

    func testEmbeddedLineBreaksAndLineNumbers() throws {
        let data = try parseCSV("id,note\n1,\"two\nlines\"\n2,x\n3,\"a\n\nb\"\n4,y")
        XCTAssertEqual(texts(data, "note"), ["two\nlines", "x", "a\n\nb", "y"])
        XCTAssertEqual(numbers(data, "id"), [1, 2, 3, 4])
        XCTAssertEqual(data.lineNumbers, [2, 4, 5, 8])
    }

    func testLineBreakInsideQuotedHeaderName() throws {
        let data = try parseCSV("\"first\nname\",age\n\"Ann\",30\n\"Bob\",41\n")
        XCTAssertEqual(data.columnNames, ["first\nname", "age"])
        XCTAssertEqual(data.lineNumbers, [3, 4])
    }

    func testDoubledQuotesInsideQuotedFields() throws {
        let data = try parseCSV("a,b\n\"say \"\"hi\"\"\",1\n\"\"\"\"\"\",2\n")
        XCTAssertEqual(texts(data, "a"), ["say \"hi\"", "\"\""])
    }

    func testCRLFLineEnds() throws {
        let data = try parseCSV("a,b\r\n1,x\r\n2,\"p\r\nq\"\r\n3,z\r\n")
        XCTAssertEqual(numbers(data, "a"), [1, 2, 3])
        XCTAssertEqual(texts(data, "b"), ["x", "p\r\nq", "z"])
        XCTAssertEqual(data.lineNumbers, [2, 3, 5])
    }

    func testByteOrderMarkIsSkipped() throws {
        let data = try parseCSV("\u{FEFF}id,v\n1,2\n")
        XCTAssertEqual(data.columnNames, ["id", "v"])
        XCTAssertEqual(numbers(data, "id"), [1])
    }

    func testSemicolonIsDetected() throws {
        let data = try parseCSV("a;b;c\n1,5;2;x\n2,5;3;y\n")
        XCTAssertEqual(data.columnNames, ["a", "b", "c"])
        XCTAssertEqual(texts(data, "a"), ["1,5", "2,5"])
        XCTAssertEqual(numbers(data, "b"), [2, 3])
    }

    func testTabIsDetected() throws {
        let data = try parseCSV("a\tb\n1\t2\n3\t4\n")
        XCTAssertEqual(numbers(data, "a"), [1, 3])
        XCTAssertEqual(numbers(data, "b"), [2, 4])
    }

    func testDetectionIgnoresDelimitersInsideQuotes() throws {
        let data = try parseCSV("\"x,y,z\";w\n1;2\n")
        XCTAssertEqual(data.columnNames, ["x,y,z", "w"])
    }

    func testDeclaredDelimiter() throws {
        let data = try parseCSV("a|b,c\n1|x,y\n", options: CSVOptions(delimiter: UInt8(ascii: "|")))
        XCTAssertEqual(data.columnNames, ["a", "b,c"])
        XCTAssertEqual(texts(data, "b,c"), ["x,y"])
    }

    func testDefaultMissingTokens() throws {
        let data = try parseCSV("n,t\n1,a\n,\"\"\nNA,NA\n.,.\n\"NA\",b\n5,a\n")
        let n = try XCTUnwrap(data.column(named: "n"))
        XCTAssertEqual(n.missing, [false, true, true, true, true, false])
        XCTAssertEqual(n.numbers?.map { $0.isNaN }, [false, true, true, true, true, false])
        XCTAssertEqual(n.numbers?[5], 5)
        XCTAssertEqual(texts(data, "t"), ["a", nil, nil, nil, "b", "a"])
        XCTAssertEqual(data.column(named: "t")?.levels, ["a", "b"])
    }

    func testCustomMissingTokens() throws {
        let options = CSVOptions(missingTokens: ["-99", "n/a"])
        let data = try parseCSV("n,t\n1,NA\n-99,n/a\n3,\n", options: options)
        XCTAssertEqual(data.column(named: "n")?.missing, [false, true, false])
        XCTAssertEqual(numbers(data, "n")[2], 3)
        XCTAssertEqual(texts(data, "t"), ["NA", nil, ""])
    }

    func testNumberForms() throws {
        let data = try parseCSV("x\n 1.5 \n+2\n-.5\n5.\n1e3\n1E-2\n-0\n")
        XCTAssertEqual(numbers(data, "x").map(\.bitPattern), [1.5, 2, -0.5, 5, 1000, 0.01, -0.0].map(\.bitPattern))
    }

    func testNonDecimalNumbersAreText() throws {
        let data = try parseCSV("x\ninf\nnan\n0x10\n1\n")
        XCTAssertEqual(texts(data, "x"), ["inf", "nan", "0x10", "1"])
    }

    func testTextColumnKeepsSpacesAndSortsLevelsByBytes() throws {
        let data = try parseCSV("x\nb\n a \nB\nb\n")
        XCTAssertEqual(data.column(named: "x")?.levels, [" a ", "B", "b"])
        XCTAssertEqual(texts(data, "x"), ["b", " a ", "B", "b"])
    }

    func testMostlyTextColumnWithSomeNumbersIsCategorical() throws {
        let data = try parseCSV("x\n10\n2\nlow\n1\n")
        XCTAssertEqual(data.column(named: "x")?.levels, ["1", "10", "2", "low"])
        XCTAssertEqual(texts(data, "x"), ["10", "2", "low", "1"])
    }

    func testColumnBelowTheTypoThresholdIsCategorical() throws {
        let values = Array(repeating: "1", count: 18) + ["x", "y"]
        let data = try parseCSV("v\n" + values.joined(separator: "\n"))
        XCTAssertEqual(data.column(named: "v")?.levels, ["1", "x", "y"])
    }

    func testDeclaredCategoricalSortsNumericLevelsNumerically() throws {
        let data = try parseCSV("site,y\n10,1\n2,2\n1,3\n2,4\n", options: CSVOptions(categorical: ["site"]))
        let site = try XCTUnwrap(data.column(named: "site"))
        XCTAssertEqual(site.levels, ["1", "2", "10"])
        guard case .categorical(let codes, _) = site.values else { return XCTFail("site is not categorical") }
        XCTAssertEqual(codes, [2, 1, 0, 1])
        XCTAssertEqual(numbers(data, "y"), [1, 2, 3, 4])
    }

    func testDeclaredNumericColumn() throws {
        let data = try parseCSV("x\n1\nNA\n3\n", options: CSVOptions(numeric: ["x"]))
        XCTAssertEqual(data.column(named: "x")?.missing, [false, true, false])
    }

    func testAllMissingColumnIsNumeric() throws {
        let data = try parseCSV("x,y\n,1\nNA,2\n")
        XCTAssertEqual(data.column(named: "x")?.isNumeric, true)
        XCTAssertEqual(data.column(named: "x")?.missing, [true, true])
    }

    func testHeaderOnlyGivesNoRows() throws {
        for text in ["a,b", "a,b\n", "a,b\r\n", "a,b\n\n"] {
            let data = try parseCSV(text)
            XCTAssertEqual(data.columnNames, ["a", "b"], text.debugDescription)
            XCTAssertEqual(data.rowCount, 0, text.debugDescription)
            XCTAssertEqual(data.lineNumbers, [], text.debugDescription)
        }
    }

    func testOneEmptyLastLineIsIgnored() throws {
        XCTAssertEqual(numbers(try parseCSV("a\n1\n2"), "a"), [1, 2])
        XCTAssertEqual(numbers(try parseCSV("a\n1\n2\n\n"), "a"), [1, 2])
        XCTAssertEqual(numbers(try parseCSV("a\n1\n2\r\n\r\n"), "a"), [1, 2])
        XCTAssertEqual(try parseCSV("a\n1\n2\n\n\n").column(named: "a")?.missing, [false, false, true])
    }

    func testRowEndingInEmptyFieldAtEndOfData() throws {
        let data = try parseCSV("a,b\n1,")
        XCTAssertEqual(data.column(named: "b")?.missing, [true])
    }

    func testReadsFileWithoutChangingIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-csv-\(UUID().uuidString).csv").path
        let text = "id,group\n1,a\n2,\"b\nc\"\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = try CSVReader.read(path: path)
        XCTAssertEqual(data.source, path)
        assertSameData(data, try CSVReader.parse(text: text, source: path))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
    }

    func testReadsEmptyFileAsEmpty() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-csv-\(UUID().uuidString).csv").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try CSVReader.read(path: path)) { error in
            XCTAssertEqual(error as? InputError, InputError.emptyFile(path))
        }
    }

    /// A pipe cannot be mapped into memory, so it is read to its end (here past the first buffer).
    func testReadsFromPipe() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phbeval-csv-\(UUID().uuidString).fifo").path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = "id,group\n" + (0..<20_000).map { "\($0),g\($0 % 3)" }.joined(separator: "\n") + "\n"
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: path)
            handle?.write(Data(text.utf8))
            try? handle?.close()
        }
        writer.start()
        let data = try CSVReader.read(path: path)
        XCTAssertEqual(data.rowCount, 20_000)
        XCTAssertEqual(numbers(data, "id").last, 19_999)
        XCTAssertEqual(data.column(named: "group")?.levels, ["g0", "g1", "g2"])
    }

    func testUnreadableFile() {
        XCTAssertThrowsError(try CSVReader.read(path: "/nonexistent/data.csv")) { error in
            XCTAssertEqual((error as? InputError)?.file, "/nonexistent/data.csv")
            XCTAssertTrue("\(error)".contains("cannot be read"), "\(error)")
        }
    }

    /// `nan` and `inf` are not numbers, so a label set containing them sorts by bytes, the same
    /// way on every run (Double("nan") parses, which once made the order depend on hashing).
    func testLevelsWithNaNSortDeterministically() {
        for _ in 0..<20 {
            XCTAssertEqual(Column.sortedLevels(["1", "2", "10", "nan"]), ["1", "10", "2", "nan"])
            XCTAssertEqual(Column.sortedLevels(["10", "2", "1.0", "1"]), ["1", "1.0", "2", "10"])
        }
    }
}
