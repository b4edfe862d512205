/// The missing-value tokens of ``CSVOptions`` as bytes, matched case-sensitively against a field's
/// unquoted value with surrounding spaces removed (as numbers are read), so ` -99` is missing when
/// `-99` is a token and a field of spaces is missing when the empty field is.
struct MissingTokens {
    private let tokens: [[UInt8]]
    /// Bit `k` is set when some token is `k` bytes long (tokens of 64 bytes or more set bit 63),
    /// so most fields are ruled out by their length alone.
    private let lengths: UInt64
    /// Whether some token reads as a number (such as `-99`); only then must a field that parses
    /// as a number be checked against the tokens.
    let includesNumber: Bool
    /// How a message tells the user to mark a value missing: `NA` when it is a token, else the
    /// first non-empty token in byte order, else "leave it empty" when the empty field is one.
    let suggestion: String

    init(_ tokens: Set<String>) {
        self.tokens = tokens.map { Array(Self.trimmed(Array($0.utf8)[...])) }
        lengths = self.tokens.reduce(0) { $0 | 1 << UInt64(min($1.count, 63)) }
        includesNumber = tokens.contains { NumberParser.parse($0) != nil }
        let written = Column.sortedLevels(tokens.filter { !$0.isEmpty })
        if tokens.contains("NA") {
            suggestion = "NA"
        } else if let first = written.first {
            suggestion = first
        } else {
            suggestion = tokens.isEmpty ? "after declaring a missing-value token" : "leave it empty"
        }
    }

    /// Whether `field`, without surrounding spaces, is one of the tokens.
    @inline(__always)
    func contains(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        let bytes = Self.trimmed(field[...])
        guard lengths & (1 << UInt64(min(bytes.count, 63))) != 0 else { return false }
        return tokens.contains { $0.elementsEqual(bytes) }
    }

    /// `bytes` without leading and trailing spaces.
    @inline(__always)
    private static func trimmed<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
        var lo = bytes.startIndex, hi = bytes.endIndex
        while lo < hi, bytes[lo] == 0x20 { lo = bytes.index(after: lo) }
        while hi > lo, bytes[bytes.index(before: hi)] == 0x20 { hi = bytes.index(before: hi) }
        return bytes[lo..<hi]
    }
}
