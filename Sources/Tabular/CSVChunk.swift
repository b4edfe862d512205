/// A run of whole records of a CSV file, parsed into per-column storage independently of the
/// other chunks (each chunk is used by one thread at a time).
///
/// Numeric fields are parsed straight from the bytes (no `String` per field); text fields are
/// interned by their bytes in each column's ``LevelTable``. Parsing stops at the chunk's first
/// malformed record and keeps that ``InputError``.
final class CSVChunk: @unchecked Sendable {
    let scanner: CSVScanner
    /// The bytes of the chunk's records: it starts at a record's first byte and ends after a
    /// record's line end (or at the end of the data).
    private let range: Range<Int>
    /// The physical line on which the chunk starts.
    private let firstLine: Int
    private let columnCount: Int
    private let missingTokens: MissingTokens
    private let columns: UnsafeMutablePointer<ColumnBuilder>
    /// `lineNumbers[row]` is the physical line on which the row starts.
    private(set) var lineNumbers: UnsafeMutablePointer<Int>
    private(set) var rowCount = 0
    private var capacity: Int
    private let scratch = ScratchBytes()
    /// The first malformed record's rejection, when ``parse()`` met one.
    private(set) var error: InputError?

    /// - Parameters:
    ///   - categorical: per column, whether it is declared categorical.
    ///   - estimatedRows: the expected number of records (storage grows past it when needed).
    init(scanner: CSVScanner, range: Range<Int>, firstLine: Int, categorical: [Bool], missingTokens: MissingTokens, estimatedRows: Int) {
        self.scanner = scanner
        self.range = range
        self.firstLine = firstLine
        self.missingTokens = missingTokens
        capacity = max(estimatedRows, 1)
        columnCount = categorical.count
        columns = .allocate(capacity: columnCount)
        for (j, isCategorical) in categorical.enumerated() {
            (columns + j).initialize(to: ColumnBuilder(categorical: isCategorical, capacity: capacity))
        }
        lineNumbers = .allocate(capacity: capacity)
    }

    deinit {
        for j in 0..<columnCount { columns[j].release() }
        columns.deinitialize(count: columnCount)
        columns.deallocate()
        lineNumbers.deallocate()
    }

    /// The rows of all `chunks` in order, taking each chunk's `rowCount` elements from `rows(chunk)`.
    static func concatenate<T>(_ chunks: [CSVChunk], _ rows: (CSVChunk) -> UnsafeMutablePointer<T>) -> [T] {
        let total = chunks.reduce(0) { $0 + $1.rowCount }
        return [T](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            var offset = 0
            for chunk in chunks {
                (buffer.baseAddress.unsafelyUnwrapped + offset).initialize(from: rows(chunk), count: chunk.rowCount)
                offset += chunk.rowCount
            }
            initializedCount = total
        }
    }

    /// The storage of column `index` (valid while the chunk lives).
    func column(_ index: Int) -> ColumnBuilder { columns[index] }

    /// Parses every record of the chunk; on a malformed one, records ``error`` and stops.
    func parse() {
        var position = range.lowerBound
        var line = firstLine
        do {
            while position < range.upperBound {
                if rowCount == capacity { grow() }
                lineNumbers[rowCount] = line
                position = try parseRecord(at: position, row: rowCount, line: &line)
                rowCount += 1
            }
            assert(position == range.upperBound, "a chunk must end at a record boundary")
        } catch {
            self.error = error
        }
    }

    /// Stores, for each column in `categoricalColumns` that holds numbers for some leading rows,
    /// those rows' text as codes, by reading them again.
    func storeTextOfLeadingRows(of categoricalColumns: [Int]) throws(InputError) {
        var reread = [Bool](repeating: false, count: columnCount)
        for j in categoricalColumns where columns[j].textStart != 0 {
            if columns[j].isNumeric { columns[j].storeCodes(from: rowCount, capacity: capacity) }
            reread[j] = true
        }
        let rows = categoricalColumns.map { columns[$0].textStart.unsafelyUnwrapped }.max() ?? 0
        var position = range.lowerBound
        var line = firstLine
        for row in 0..<rows {
            for j in 0..<columnCount {
                let fieldLine = line
                let field = try scanner.field(at: position, index: j, line: &line, scratch: scratch)
                if reread[j], row < columns[j].textStart.unsafelyUnwrapped {
                    try store(field.value, column: j, row: row, line: fieldLine)
                }
                position = field.next
                if field.end == .lineEnd { line += 1 }
            }
        }
    }

    /// Parses the record at `start` into row `row`; returns the index after its line end.
    @inline(__always)
    private func parseRecord(at start: Int, row: Int, line: inout Int) throws(InputError) -> Int {
        var position = start
        let last = columnCount - 1
        for j in 0...last {
            let fieldEnd: FieldEnd
            if columns[j].isNumeric, let (value, next, end) = number(at: position) {
                columns[j].setNumber(value, row: row)
                position = next
                fieldEnd = end
            } else {
                let fieldLine = line
                let field = try scanner.field(at: position, index: j, line: &line, scratch: scratch)
                try store(field.value, column: j, row: row, line: fieldLine)
                position = field.next
                fieldEnd = field.end
            }
            if j < last, fieldEnd != .delimiter {
                throw .missingFields(scanner.source, line: line, found: j + 1, names: scanner.names, delimiter: scanner.delimiter)
            }
            if j == last, fieldEnd == .delimiter {
                throw try extraFields(at: position, line: line)
            }
            if fieldEnd == .lineEnd { line += 1 }
        }
        return position
    }

    /// A number field at `start` followed by its terminator: the value, the index after the
    /// terminator and the kind of terminator; nil when the field is anything else (or a missing token).
    @inline(__always)
    private func number(at start: Int) -> (Double, Int, FieldEnd)? {
        let bytes = scanner.bytes
        guard let (value, numberEnd) = NumberParser.parsePrefix(bytes, from: start, to: scanner.end) else { return nil }
        let contentEnd = NumberParser.skipSpaces(bytes, from: numberEnd, to: scanner.end)
        guard let (fieldEnd, next) = scanner.terminator(at: contentEnd) else { return nil }
        if missingTokens.includesNumber, missingTokens.contains(UnsafeBufferPointer(start: bytes + start, count: contentEnd - start)) {
            return nil
        }
        return (value, next, fieldEnd)
    }

    /// Stores a field's value in column `j`: missing, a number, or a category code.
    @inline(__always)
    private func store(_ value: UnsafeBufferPointer<UInt8>, column j: Int, row: Int, line: Int) throws(InputError) {
        let column = columns + j
        if missingTokens.contains(value) {
            column.pointee.setMissing(row: row)
            return
        }
        if column.pointee.isNumeric {
            if let number = NumberParser.parse(value) {
                column.pointee.setNumber(number, row: row)
                return
            }
            column.pointee.firstNonNumber = (row, line)
            column.pointee.storeCodes(from: row, capacity: capacity)
        }
        guard let code = column.pointee.levels.code(for: value) else {
            throw .invalidUTF8(scanner.source, line: line, field: j, names: scanner.names, value: String(decoding: value, as: UTF8.self))
        }
        column.pointee.setCode(code, row: row)
    }

    /// The rejection of a record that goes on past its last column at `start`.
    private func extraFields(at start: Int, line: Int) throws(InputError) -> InputError {
        var fieldLine = line
        let first = try scanner.field(at: start, index: columnCount, line: &fieldLine, scratch: scratch)
        let firstText = String(decoding: first.value, as: UTF8.self)
        let more = first.end == .delimiter
            ? try scanner.fieldCount(from: first.next, index: columnCount + 1, line: fieldLine, scratch: scratch) : 0
        return .extraFields(scanner.source, line: line, found: columnCount + 1 + more, expected: columnCount,
                            firstExtra: firstText, delimiter: scanner.delimiter)
    }

    private func grow() {
        let newCapacity = capacity * 2
        for j in 0..<columnCount { columns[j].resize(rows: rowCount, capacity: newCapacity) }
        lineNumbers = lineNumbers.moved(count: rowCount, toCapacity: newCapacity)
        capacity = newCapacity
    }
}
