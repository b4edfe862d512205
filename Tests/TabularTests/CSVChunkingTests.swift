import XCTest
@testable import Tabular

/// Parsing in several chunks must give exactly what one sequential pass gives: the same columns,
/// types, levels, line numbers and errors.
final class CSVChunkingTests: XCTestCase {
    /// A deterministic CSV text of `rows` records exercising quotes, line breaks inside quotes,
    /// CRLF, missing values and a column that is numeric for its first 80% of rows only.
    private func sampleText(rows: Int) -> String {
        var state: UInt64 = 2019
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        var text = "id,x,label,late,note\n"
        for row in 0..<rows {
            let x = next(10) == 0 ? "NA" : "\(next(2000) - 1000).\(next(1000))"
            let label = ["alpha", "\"be,ta\"", "gamma", "", "\"de\"\"lta\""][next(5)]
            let late = row < rows * 4 / 5 ? "\(next(50))" : ["low", "high"][next(2)]
            let note = ["plain", "\"two\nlines\"", "\"three\r\nline\nnote\"", "NA", "\"\"\"quoted\"\"\""][next(5)]
            text += "\(row),\(x),\(label),\(late),\(note)" + (next(4) == 0 ? "\r\n" : "\n")
        }
        return text
    }

    private func parse(_ text: String, chunks: Int, options: CSVOptions = CSVOptions()) throws -> Dataset {
        var text = text
        return try text.withUTF8 { try CSVReader.parse(UnsafeRawBufferPointer($0), source: "data.csv", options: options, chunks: chunks) }
    }

    private func error(_ text: String, chunks: Int) -> InputError? {
        do {
            _ = try parse(text, chunks: chunks)
            return nil
        } catch {
            return error as? InputError
        }
    }

    func testChunkedParseEqualsSequentialParse() throws {
        let text = sampleText(rows: 3000)
        let sequential = try parse(text, chunks: 1)
        XCTAssertEqual(sequential.rowCount, 3000)
        XCTAssertEqual(sequential.columns.map(\.isNumeric), [true, true, false, false, false])
        XCTAssertEqual(sequential.column(named: "late")?.levels?.suffix(2), ["high", "low"])
        XCTAssertEqual(sequential.column(named: "label")?.levels, ["alpha", "be,ta", "de\"lta", "gamma"])
        XCTAssertEqual(sequential.column(named: "note")?.levels, ["\"quoted\"", "plain", "three\r\nline\nnote", "two\nlines"])
        for chunks in [2, 3, 4, 7, 16] {
            assertSameData(try parse(text, chunks: chunks), sequential, "\(chunks) chunks")
        }
    }

    func testChunksStartAtRecordsEvenInsideManyQuotedLineBreaks() throws {
        let text = sampleText(rows: 500)
        let sequential = try parse(text, chunks: 1)
        var bytes = Array(text.utf8)
        let headerEnd = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1
        let plans = bytes.withUnsafeMutableBufferPointer { buffer in
            CSVReader.planChunks(UnsafePointer(buffer.baseAddress!), headerEnd..<buffer.count, firstLine: 2, count: 9)
        }
        XCTAssertGreaterThan(plans.count, 1)
        XCTAssertEqual(plans.first?.range.lowerBound, headerEnd)
        XCTAssertEqual(plans.last?.range.upperBound, bytes.count)
        for (plan, following) in zip(plans, plans.dropFirst()) {
            XCTAssertEqual(plan.range.upperBound, following.range.lowerBound)
            XCTAssertTrue(sequential.lineNumbers.contains(following.firstLine), "chunk at line \(following.firstLine) starts inside a record")
            XCTAssertEqual(bytes[following.range.lowerBound - 1], UInt8(ascii: "\n"))
        }
    }

    func testErrorsAreTheSameInEveryChunking() {
        let valid = sampleText(rows: 400)
        var lines = valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let malformed = [
            ("extra field", { (lines: inout [String]) in lines[lines.count - 20] += ",9" }),
            ("stray quote", { (lines: inout [String]) in lines[lines.count - 40] = "1,2,ab\"c,3,x" }),
            ("two problems", { (lines: inout [String]) in
                lines[lines.count - 60] = "1,2"
                lines[lines.count - 10] = "1,2,3,4,5,6"
            }),
        ]
        for (name, damage) in malformed {
            var damaged = lines
            damage(&damaged)
            let text = damaged.joined(separator: "\n")
            let sequential = error(text, chunks: 1)
            XCTAssertNotNil(sequential, name)
            for chunks in [2, 3, 5, 8] {
                XCTAssertEqual(error(text, chunks: chunks), sequential, "\(name), \(chunks) chunks")
            }
        }
        lines[1] = "1,2,3"
        XCTAssertEqual(error(lines.joined(separator: "\n"), chunks: 4)?.line, 2)
    }

    func testTypeErrorInLaterChunkNamesItsLine() {
        let rows = (0..<2000).map { $0 == 1500 ? "7,seven" : "\($0),\($0 % 13)" }
        let text = "id,n\n" + rows.joined(separator: "\n")
        for chunks in [1, 2, 4] {
            let rejection = error(text, chunks: chunks)
            XCTAssertEqual(rejection?.line, 1502, "\(chunks) chunks")
            XCTAssertEqual(rejection?.column, 2)
            XCTAssertTrue(rejection?.problem.contains("\"seven\"") == true)
        }
    }
}
