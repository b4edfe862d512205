import Parallelism
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CSV data (RFC 4180) into a typed ``Dataset``.
///
/// The format: the first record is the header of column names (non-empty, distinct); fields are
/// separated by `,`, `;`, tab or `|` (see ``CSVOptions/delimiter``); a field may be quoted with
/// `"`, and then may contain delimiters and line breaks, a quote being written `""`; lines end
/// with LF or CRLF, the last one with or without a line end; a UTF-8 byte-order mark at the start
/// is skipped, and one completely empty line at the end is ignored. Every record must have as
/// many fields as the header.
///
/// Values: a field equal (after unquoting) to one of ``CSVOptions/missingTokens`` is missing. A
/// column is numeric when every other value is a decimal number (`[+-]digits[.digits][e[+-]digits]`,
/// also `.5` and `5.`, spaces around it ignored; not `inf`, `nan` or hexadecimal), read correctly
/// rounded by ``NumberParser``; otherwise it is categorical, its levels sorted by
/// ``Column/sortedLevels(_:)``. A column whose values are at least 95% numbers but not all is
/// rejected as a likely typo, naming the first value that is not a number, unless it is declared
/// categorical; a column declared numeric rejects any such value.
///
/// Rejections are ``InputError``s naming the file, the physical line, the field number and the
/// value. A file is checked for well-formed records (quoting, field counts, UTF-8) before its
/// columns' types are checked; among several problems of one kind the first in the file is
/// reported. ``Dataset/lineNumbers`` records each row's first physical line.
///
/// Large inputs are parsed in chunks on all cores, split at line ends outside quotes.
public enum CSVReader {
    /// Reads the CSV file at `path` (which is never modified); errors name the file as `path`.
    ///
    /// A regular file is mapped into memory rather than copied, so it must not be truncated while
    /// it is read; other files (pipes, devices) are read into memory.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> Dataset {
        let contents = try FileContents(path: path)
        return try withExtendedLifetime(contents) { try parse(contents.bytes, source: path, options: options) }
    }

    /// Parses CSV bytes already in memory; `source` names them in errors.
    public static func parse(_ bytes: UnsafeRawBufferPointer, source: String, options: CSVOptions = CSVOptions()) throws -> Dataset {
        let chunks = min(Parallel.coreCount, max(1, bytes.count / minimumChunkBytes))
        return try parse(bytes, source: source, options: options, chunks: chunks)
    }

    /// Parses CSV text; `source` names it in errors.
    public static func parse(text: String, source: String, options: CSVOptions = CSVOptions()) throws -> Dataset {
        var text = text
        return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0), source: source, options: options) }
    }

    /// Inputs smaller than two of these are parsed on one thread.
    static let minimumChunkBytes = 1 << 20

    /// Parses `raw` in (at most) `chunks` chunks concurrently.
    static func parse(_ raw: UnsafeRawBufferPointer, source: String, options: CSVOptions, chunks: Int) throws -> Dataset {
        var scanner = try CSVScanner(framing: raw, source: source, options: options)
        let header = try readHeader(scanner, from: scanner.start)
        scanner.names = header.names
        let categorical = try declaredCategorical(options, names: header.names, source: source)
        let tokens = MissingTokens(options.missingTokens)
        let parsers = planChunks(scanner.bytes, header.end..<scanner.end, firstLine: header.lines + 1, count: chunks).map { plan in
            CSVChunk(scanner: scanner, range: plan.range, firstLine: plan.firstLine, categorical: categorical,
                     missingTokens: tokens, estimatedRows: plan.lineFeeds + 1)
        }
        _ = Parallel.map(parsers.count) { parsers[$0].parse() }
        if let error = parsers.lazy.compactMap(\.error).first { throw error }
        let (columns, lineNumbers) = try assembleColumns(parsers, names: header.names, categorical: categorical,
                                                         numeric: options.numeric, tokens: tokens)
        return try Dataset(source: source, columns: columns, lineNumbers: lineNumbers)
    }

    fileprivate static let supportedDelimiters: [UInt8] = [",", ";", "\t", "|"].map { UInt8(ascii: $0) }

    /// The index after a UTF-8 byte-order mark, else 0; nil when nothing but line ends follows.
    fileprivate static func start(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return bytes[start...].contains { $0 != CSVScanner.lineFeed && $0 != CSVScanner.carriageReturn } ? start : nil
    }

    /// The end of the data, leaving out the line end of a completely empty last line.
    fileprivate static func endIgnoringEmptyLastLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        func lineEnd(before end: Int) -> Int? {
            guard end > 0, bytes[end - 1] == CSVScanner.lineFeed else { return nil }
            return end > 1 && bytes[end - 2] == CSVScanner.carriageReturn ? end - 2 : end - 1
        }
        guard let last = lineEnd(before: bytes.count), lineEnd(before: last) != nil else { return bytes.count }
        return last
    }

    /// The most frequent of `,` `;` and tab outside quotes in the first record (`,` when none occurs).
    fileprivate static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        let candidates: [UInt8] = [",", ";", "\t"].map { UInt8(ascii: $0) }
        var counts = [Int](repeating: 0, count: candidates.count)
        var insideQuotes = false
        for byte in bytes[start...] {
            if byte == CSVScanner.quote { insideQuotes.toggle() }
            if insideQuotes { continue }
            if byte == CSVScanner.lineFeed { break }
            switch byte {
            case candidates[0]: counts[0] += 1
            case candidates[1]: counts[1] += 1
            case candidates[2]: counts[2] += 1
            default: break
            }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return candidates[best]
    }

    /// The header's column names, the index after it and the number of physical lines it spans.
    static func readHeader(_ scanner: CSVScanner, from start: Int) throws(InputError) -> (names: [String], end: Int, lines: Int) {
        let scratch = ScratchBytes()
        var names: [String] = []
        var fieldOfName: [String: Int] = [:]
        var position = start
        var line = 1
        while true {
            let field = try scanner.field(at: position, index: names.count, line: &line, scratch: scratch)
            guard let name = String(validating: field.value, as: UTF8.self) else {
                throw .invalidUTF8(scanner.source, line: line, field: names.count, names: [],
                                   value: String(decoding: field.value, as: UTF8.self))
            }
            if name.isEmpty { throw .emptyColumnName(scanner.source, line: line, field: names.count) }
            if let first = fieldOfName[name] {
                throw .duplicateColumnName(scanner.source, line: line, field: names.count, name: name, firstField: first)
            }
            fieldOfName[name] = names.count
            names.append(name)
            position = field.next
            if field.end != .delimiter { return (names, position, line) }
        }
    }

    /// Per column, whether it is declared categorical; rejects option names that are not columns
    /// and a column declared both categorical and numeric.
    private static func declaredCategorical(_ options: CSVOptions, names: [String], source: String) throws(InputError) -> [Bool] {
        for (option, declared) in [(Parameter.categorical, options.categorical), (.numeric, options.numeric)] {
            if let unknown = declared.subtracting(names).sorted().first {
                throw .unknownOptionColumn(source, option: option, name: unknown, names: names)
            }
        }
        if let both = names.firstIndex(where: { options.categorical.contains($0) && options.numeric.contains($0) }) {
            throw .conflictingColumnTypes(source, field: both, name: names[both])
        }
        return names.map { options.categorical.contains($0) }
    }

}

extension CSVScanner {
    /// A scanner over the data of `raw`: from the header's first byte (after a UTF-8 byte-order
    /// mark) to the end less an ignored empty last line, split at `options.delimiter` or the
    /// delimiter detected from the header.
    ///
    /// - Throws: ``InputError`` for data with nothing but line ends, or an unsupported delimiter.
    init(framing raw: UnsafeRawBufferPointer, source: String, options: CSVOptions) throws(InputError) {
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        guard let base = bytes.baseAddress,
              let start = CSVReader.start(of: bytes), start < bytes.count else { throw .emptyFile(source) }
        let delimiter = options.delimiter ?? CSVReader.detectDelimiter(bytes, from: start)
        guard CSVReader.supportedDelimiters.contains(delimiter) else { throw .unsupportedDelimiter(source, delimiter) }
        self.init(bytes: base, start: start, end: CSVReader.endIgnoringEmptyLastLine(bytes), delimiter: delimiter, source: source)
    }
}
