#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CSV file read into a ``Dataset``, its bytes kept so that its records can be written out again
/// exactly as they are in the file, with new columns at the end.
///
/// ``appending(_:)`` repeats every input field as written (quotes, spaces, number formats,
/// missing-value tokens), with the input's delimiter and the line end of its header (`\r\n` or
/// `\n`), and keeps a UTF-8 byte-order mark at the start. The file itself is never modified.
public struct CSVFile {
    /// The file's data, as ``CSVReader`` reads it.
    public let dataset: Dataset
    /// The field delimiter: the one in the options, or the one detected from the header.
    public let delimiter: UInt8
    private let contents: FileContents
    /// Index of the header's first byte, after a byte-order mark.
    private let start: Int
    /// Index after the data, less an ignored empty last line.
    private let end: Int

    /// Reads the CSV file at `path` as ``CSVReader/read(path:options:)`` does.
    ///
    /// - Parameter categoricalIfPresent: columns read as categorical when the header has them, in
    ///   addition to ``CSVOptions/categorical``. Names the header lacks are ignored here (where
    ///   ``CSVOptions/categorical`` rejects them), so the caller can report them in its own terms.
    /// - Throws: ``InputError`` as ``CSVReader`` does.
    public init(path: String, options: CSVOptions = CSVOptions(), categoricalIfPresent: Set<String> = []) throws {
        let contents = try FileContents(path: path)
        let scanner = try CSVScanner(framing: contents.bytes, source: path, options: options)
        var options = options
        if !categoricalIfPresent.isEmpty {
            let names = try CSVReader.readHeader(scanner, from: scanner.start).names
            options.categorical.formUnion(categoricalIfPresent.intersection(names))
        }
        dataset = try CSVReader.parse(contents.bytes, source: path, options: options)
        self.contents = contents
        delimiter = scanner.delimiter
        start = scanner.start
        end = scanner.end
    }

    /// The file's header and records as written, each followed by one field per column of
    /// `columns` (its name, in the header).
    ///
    /// A number is written in its shortest round-trip form (``Swift/Double/shortestText``), a
    /// category as its label, a missing value as an empty field. A name or label holding the
    /// delimiter, a quote or a line break is quoted (RFC 4180, a quote written `""`).
    ///
    /// - Precondition: every column has one value per row of ``dataset``.
    public func appending(_ columns: [Column]) -> [UInt8] {
        precondition(columns.allSatisfy { $0.count == dataset.rowCount }, "CSVFile.appending: one value per row")
        return withExtendedLifetime(contents) {
            let bytes = contents.bytes.assumingMemoryBound(to: UInt8.self)
            let starts = recordStarts(bytes)
            let header = withoutLineEnd(bytes, start..<starts[0])
            let lineEnd = bytes[header.upperBound..<starts[0]].isEmpty ? [CSVScanner.lineFeed] : Array(bytes[header.upperBound..<starts[0]])
            let cells = columns.map { Cells($0, delimiter: delimiter) }
            var out: [UInt8] = []
            out.reserveCapacity(end + dataset.rowCount * columns.count * 8 + 64)
            out += bytes[0..<start]
            out += bytes[header]
            for column in columns {
                out.append(delimiter)
                out += Cells.quoted(Array(column.name.utf8), delimiter: delimiter)
            }
            out += lineEnd
            for row in 0..<dataset.rowCount {
                out += bytes[withoutLineEnd(bytes, starts[row]..<starts[row + 1])]
                for column in cells {
                    out.append(delimiter)
                    column.append(row: row, to: &out)
                }
                out += lineEnd
            }
            return out
        }
    }

    /// The index at which each row's record starts (from its first physical line, as in
    /// ``Dataset/lineNumbers``), then ``end``: records are contiguous, each up to the next.
    private func recordStarts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(dataset.rowCount + 1)
        let base = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped)
        var line = 1
        var position = 0
        for target in dataset.lineNumbers {
            while line < target {
                // The reader met a line feed here, so there is one.
                let lineFeed = memchr(base + position, Int32(CSVScanner.lineFeed), end - position).unsafelyUnwrapped
                position = UnsafeRawPointer(lineFeed) - base + 1
                line += 1
            }
            starts.append(position)
        }
        starts.append(end)
        return starts
    }

    /// `range` less the line end (`\n` or `\r\n`) it ends with, if any.
    private func withoutLineEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var upper = range.upperBound
        if upper > range.lowerBound, bytes[upper - 1] == CSVScanner.lineFeed {
            upper -= 1
            if upper > range.lowerBound, bytes[upper - 1] == CSVScanner.carriageReturn { upper -= 1 }
        }
        return range.lowerBound..<upper
    }
}

/// The fields of one appended column, ready to write row by row.
enum Cells {
    case numbers([Double], missing: [Bool])
    /// Codes into labels already quoted where needed.
    case labels([Int32], [[UInt8]])

    init(_ column: Column, delimiter: UInt8) {
        switch column.values {
        case .numeric(let numbers): self = .numbers(numbers, missing: column.missing)
        case .categorical(let codes, let levels): self = .labels(codes, levels.map { Self.quoted(Array($0.utf8), delimiter: delimiter) })
        }
    }

    func append(row: Int, to out: inout [UInt8]) {
        switch self {
        case .numbers(let numbers, let missing):
            if !missing[row] { out += numbers[row].shortestText.utf8 }
        case .labels(let codes, let labels):
            if codes[row] >= 0 { out += labels[Int(codes[row])] }
        }
    }

    /// `text` as a CSV field: in quotes, each quote doubled, when it holds the delimiter, a quote
    /// or a line break; else as it is.
    static func quoted(_ text: [UInt8], delimiter: UInt8) -> [UInt8] {
        let special = [delimiter, CSVScanner.quote, CSVScanner.lineFeed, CSVScanner.carriageReturn]
        guard text.contains(where: special.contains) else { return text }
        var out = [CSVScanner.quote]
        for byte in text {
            out.append(byte)
            if byte == CSVScanner.quote { out.append(byte) }
        }
        out.append(CSVScanner.quote)
        return out
    }
}
