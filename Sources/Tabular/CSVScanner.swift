/// How a CSV field ended.
enum FieldEnd {
    /// At a delimiter: another field of the same record follows.
    case delimiter
    /// At a line end (`\n` or `\r\n`) outside quotes: the record is complete.
    case lineEnd
    /// At the end of the data: the record is complete.
    case dataEnd
}

/// One field as read by ``CSVScanner``.
struct CSVField {
    /// The value without its quotes, doubled quotes made single. Points into the input, or into
    /// the scratch buffer for a field with doubled quotes (valid until the next field is read).
    var value: UnsafeBufferPointer<UInt8>
    /// Index of the byte after the field's terminator.
    var next: Int
    var end: FieldEnd
}

/// Splits RFC 4180 text into fields: reads one field at a time from a byte index, unquoting it and
/// rejecting malformed quoting with an ``InputError`` that names the line and field.
///
/// A field that starts with `"` is quoted: it runs to the next single `"`, may contain delimiters
/// and line breaks, writes a quote as `""`, and must be followed by a delimiter, a line end or the
/// end of the data. Any other field runs to the next delimiter or line end and must not contain
/// `"`. A `\r` directly before a line's `\n` belongs to the line end.
///
/// The scanner is a read-only view of bytes that outlive it, shared by the threads that parse
/// chunks of them.
struct CSVScanner: @unchecked Sendable {
    let bytes: UnsafePointer<UInt8>
    /// Index of the header's first byte (after a byte-order mark).
    let start: Int
    /// Index just past the last byte of the data.
    let end: Int
    let delimiter: UInt8
    /// The file name used in errors.
    let source: String
    /// Column names used in errors; empty while the header itself is read.
    var names: [String] = []

    static var quote: UInt8 { UInt8(ascii: "\"") }
    static var lineFeed: UInt8 { UInt8(ascii: "\n") }
    static var carriageReturn: UInt8 { UInt8(ascii: "\r") }

    /// Reads the field that starts at `start`, the `index`-th (0-based) of its record. `line` is
    /// the physical line at `start` and is advanced over line breaks inside quotes (not over the
    /// terminating line end).
    @inline(__always)
    func field(at start: Int, index: Int, line: inout Int, scratch: ScratchBytes) throws(InputError) -> CSVField {
        if start < end, bytes[start] == Self.quote {
            return try quotedField(at: start, index: index, line: &line, scratch: scratch)
        }
        var i = start
        while i < end {
            let byte = bytes[i]
            if byte == delimiter { return CSVField(value: slice(start, i), next: i + 1, end: .delimiter) }
            if byte == Self.lineFeed {
                let valueEnd = i > start && bytes[i - 1] == Self.carriageReturn ? i - 1 : i
                return CSVField(value: slice(start, valueEnd), next: i + 1, end: .lineEnd)
            }
            if byte == Self.quote {
                throw .quoteInUnquotedField(source, line: line, field: index, names: names,
                                            value: text(start, endOfUnquotedText(from: i)))
            }
            i += 1
        }
        return CSVField(value: slice(start, end), next: end, end: .dataEnd)
    }

    /// How the field whose content ends before `i` is terminated, and the index after the
    /// terminator; nil when `i` holds anything other than a delimiter or a line end.
    @inline(__always)
    func terminator(at i: Int) -> (FieldEnd, next: Int)? {
        guard i < end else { return (.dataEnd, end) }
        let byte = bytes[i]
        if byte == delimiter { return (.delimiter, i + 1) }
        if byte == Self.lineFeed { return (.lineEnd, i + 1) }
        if byte == Self.carriageReturn, i + 1 < end, bytes[i + 1] == Self.lineFeed { return (.lineEnd, i + 2) }
        return nil
    }

    /// The number of fields of the record from `start` (the beginning of field `index`) to its end.
    func fieldCount(from start: Int, index: Int, line: Int, scratch: ScratchBytes) throws(InputError) -> Int {
        var line = line
        var count = 1
        var field = try self.field(at: start, index: index, line: &line, scratch: scratch)
        while field.end == .delimiter {
            field = try self.field(at: field.next, index: index + count, line: &line, scratch: scratch)
            count += 1
        }
        return count
    }

    /// Up to 200 bytes from `start` to `limit` as text (invalid UTF-8 shown as U+FFFD), for messages.
    private func text(_ start: Int, _ limit: Int) -> String {
        String(decoding: slice(start, min(limit, start + 200)), as: UTF8.self)
    }

    private func quotedField(at start: Int, index: Int, line: inout Int, scratch: ScratchBytes) throws(InputError) -> CSVField {
        var i = start + 1
        var lineBreaks = 0
        var hasDoubledQuotes = false
        while true {
            guard i < end else {
                throw .unterminatedQuote(source, line: line, field: index, names: names, start: text(start, end))
            }
            let byte = bytes[i]
            if byte == Self.quote {
                guard i + 1 < end, bytes[i + 1] == Self.quote else { break }
                hasDoubledQuotes = true
                i += 2
                continue
            }
            if byte == Self.lineFeed { lineBreaks += 1 }
            i += 1
        }
        line += lineBreaks
        guard let (fieldEnd, next) = terminator(at: i + 1) else {
            throw .textAfterClosingQuote(source, line: line, field: index, names: names,
                                         text: text(i + 1, endOfUnquotedText(from: i + 1)))
        }
        let value = hasDoubledQuotes ? scratch.unescaping(slice(start + 1, i)) : slice(start + 1, i)
        return CSVField(value: value, next: next, end: fieldEnd)
    }

    /// The index of the next delimiter or line break at or after `start` (or the end), ignoring
    /// quotes: the extent of malformed text shown in a message.
    private func endOfUnquotedText(from start: Int) -> Int {
        var i = start
        while i < end, bytes[i] != delimiter, bytes[i] != Self.lineFeed, bytes[i] != Self.carriageReturn { i += 1 }
        return i
    }

    @inline(__always)
    private func slice(_ start: Int, _ limit: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + start, count: limit - start)
    }
}

/// A reusable buffer for the values of quoted fields with doubled quotes (`""` → `"`).
final class ScratchBytes {
    private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var capacity = 256

    deinit { storage.deallocate() }

    /// `quoted` (the bytes between a field's quotes) with every `""` made `"`; valid until the
    /// next call.
    func unescaping(_ quoted: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if quoted.count > capacity {
            storage.deallocate()
            capacity = quoted.count
            storage = .allocate(capacity: capacity)
        }
        var count = 0
        var i = 0
        while i < quoted.count {
            storage[count] = quoted[i]
            count += 1
            i += quoted[i] == CSVScanner.quote ? 2 : 1
        }
        return UnsafeBufferPointer(start: storage, count: count)
    }
}
