/// A small table read as text (a value-set table, a weights file, a reference table): records of
/// fields split by the one RFC 4180 scanner of ``CSVReader`` (quotes, doubled quotes, CRLF,
/// byte-order mark), each field without its surrounding spaces, each record with its physical
/// line. Blank lines are skipped, and so are lines whose first character is `#` when `comments`
/// is set. The reader of the table checks its columns and values and locates its rejections with
/// the records' lines.
public struct TextTable: Sendable {
    public struct Record: Sendable {
        /// 1-based physical line the record starts on.
        public let line: Int
        public let fields: [String]
    }

    public let source: String
    public let records: [Record]

    /// - Throws: ``InputError`` at the line and field of malformed quoting or invalid UTF-8.
    public init(text: String, source: String, comments: Bool = false, delimiter: UInt8 = UInt8(ascii: ",")) throws(InputError) {
        try self.init(bytes: Array(text.utf8), source: source, comments: comments, delimiter: delimiter)
    }

    /// The table in `bytes` (a file's contents), whose fields must be UTF-8.
    public init(bytes: [UInt8], source: String, comments: Bool = false, delimiter: UInt8 = UInt8(ascii: ",")) throws(InputError) {
        self.source = source
        var bytes = bytes
        let count = bytes.count
        var records: [Record] = []
        let result: InputError? = bytes.withUnsafeMutableBufferPointer { buffer -> InputError? in
            guard let base = buffer.baseAddress else { return nil }
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let start = count >= 3 && Array(buffer[0..<3]) == bom ? 3 : 0
            let scanner = CSVScanner(bytes: UnsafePointer(base), start: start, end: count, delimiter: delimiter, source: source)
            let scratch = ScratchBytes()
            var position = start, line = 1
            while position < count {
                // Blank and comment lines.
                var probe = position
                while probe < count, buffer[probe] == UInt8(ascii: " ") || buffer[probe] == UInt8(ascii: "\t") { probe += 1 }
                if probe >= count { break }
                if buffer[probe] == CSVScanner.lineFeed || buffer[probe] == CSVScanner.carriageReturn
                    || (comments && buffer[probe] == UInt8(ascii: "#")) {
                    while probe < count, buffer[probe] != CSVScanner.lineFeed { probe += 1 }
                    position = probe + 1
                    line += 1
                    continue
                }
                let recordLine = line
                var fields: [String] = []
                while true {
                    let field: CSVField
                    do throws(InputError) { field = try scanner.field(at: position, index: fields.count, line: &line, scratch: scratch) } catch { return error }
                    guard let value = String(validating: field.value, as: UTF8.self) else {
                        return .invalidUTF8(source, line: line, field: fields.count, names: [], value: String(decoding: field.value, as: UTF8.self))
                    }
                    fields.append(String(value.trimmingSpaces))
                    position = field.next
                    if field.end != .delimiter { break }
                }
                records.append(Record(line: recordLine, fields: fields))
                line += 1
            }
            return nil
        }
        if let result { throw result }
        self.records = records
    }
}
