#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers from UTF-8 bytes, correctly rounded: the result is bit-identical to
/// `Double(String)` (and to C's `strtod` in the C locale) for every accepted input.
///
/// The grammar is `[+-]digits[.digits][(e|E)[+-]digits]`, where either the integer or the
/// fraction digits may be absent but not both (`.5` and `5.` are numbers, `.` is not). Spaces
/// around the number are ignored. Not accepted: `inf`, `nan`, hexadecimal, thousands separators,
/// a decimal comma.
///
/// Fast path (Clinger 1990, "How to read floating point numbers accurately"): up to 19 digits are
/// accumulated into a 64-bit mantissa `m` with a decimal exponent `e`; when `m ≤ 2⁵³` and
/// `|e| ≤ 22`, both `m` and `10^|e|` are exact doubles, so the single correctly rounded product
/// `m · 10^e` (or quotient `m / 10^−e`) is the correctly rounded value. Any other input (more
/// digits, a larger mantissa or exponent) is handed to `strtod` on a NUL-terminated copy, in the
/// C locale.
public enum NumberParser {
    /// Parses a whole field: `bytes` must be exactly one number, optionally surrounded by spaces.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress,
              let (value, end) = parsePrefix(base, from: 0, to: bytes.count) else { return nil }
        return skipSpaces(base, from: end, to: bytes.count) == bytes.count ? value : nil
    }

    /// The finite decimal number `text` denotes (surrounding spaces allowed), correctly rounded,
    /// or nil: phbeval's one definition of "a number" (no hex, `inf`, `nan` or overflow).
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses the longest number that starts at `start` (after leading spaces) and ends before
    /// `limit`, returning it and the index just past it, or nil when no number starts there.
    /// A dangling exponent marker (`1e`, `1e+`) is not part of the number.
    @inline(__always)
    static func parsePrefix(_ p: UnsafePointer<UInt8>, from start: Int, to limit: Int) -> (Double, Int)? {
        var i = skipSpaces(p, from: start, to: limit)
        let numberStart = i
        guard i < limit else { return nil }
        // Branch-free sign: signs vary from field to field, so a branch would often be mispredicted.
        let negative = p[i] == UInt8(ascii: "-")
        i &+= negative || p[i] == UInt8(ascii: "+") ? 1 : 0
        var mantissa: UInt64 = 0
        let integerStart = i
        i = accumulateDigits(p, from: i, to: limit, into: &mantissa)
        var digitCount = i &- integerStart
        var exponent = 0
        if i < limit, p[i] == UInt8(ascii: ".") {
            let fractionStart = i &+ 1
            i = accumulateDigits(p, from: fractionStart, to: limit, into: &mantissa)
            exponent = fractionStart &- i
            digitCount &+= i &- fractionStart
        }
        guard digitCount > 0 else { return nil }
        if i < limit, p[i] | 0x20 == UInt8(ascii: "e"), let (written, end) = parseExponent(p, from: i &+ 1, to: limit) {
            exponent &+= written
            i = end
        }
        // More than 19 digits may have wrapped the mantissa: strtod reads them all. A zero mantissa
        // needs no case of its own: 0 · 10^e and 0 / 10^e are +0, given the sign below.
        if digitCount <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let magnitude = exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
            return (Double(bitPattern: magnitude.bitPattern | UInt64(negative ? 1 : 0) << 63), i)
        }
        // A decimal too large for a double (e.g. 1e400) is not a number we can use: it would
        // become ±∞ and poison every sum, so it is rejected like any other non-number.
        let value = strtodInCLocale(p + numberStart, count: i &- numberStart)
        return value.isFinite ? (value, i) : nil
    }

    /// Appends the decimal digits from `start` to `mantissa` (wrapping past 2⁶⁴) and returns the
    /// index of the first byte that is not a digit.
    ///
    /// Where eight bytes are available they are classified and converted at once (SWAR, as in
    /// Lemire's fast_float): a byte is a digit when it is `0x30 ^ v` with `v < 10`, and the leading
    /// digits of the word are combined by three multiplications; the rest goes byte by byte.
    @inline(__always)
    private static func accumulateDigits(_ p: UnsafePointer<UInt8>, from start: Int, to limit: Int, into mantissa: inout UInt64) -> Int {
        var i = start
        while i &+ 8 <= limit {
            let values = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) ^ 0x3030_3030_3030_3030
            let nonDigits = values & 0xF0F0_F0F0_F0F0_F0F0
                | ((values & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010
            let count = nonDigits.trailingZeroBitCount >> 3
            if count == 0 { return i }
            mantissa = mantissa &* integerPowersOfTen[count] &+ eightDigitsValue(values &<< UInt64(64 &- 8 &* count))
            i &+= count
            if count < 8 { return i }
        }
        while i < limit {
            let digit = p[i] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            i &+= 1
        }
        return i
    }

    /// The number written by eight digit values, one per byte, the first in the lowest byte.
    @inline(__always)
    private static func eightDigitsValue(_ digits: UInt64) -> UInt64 {
        let pairs = digits &* 10 &+ digits >> 8
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let high: UInt64 = 100 &+ 1_000_000 << 32
        let low: UInt64 = 1 &+ 10_000 << 32
        return ((pairs & mask) &* high &+ ((pairs >> 16) & mask) &* low) >> 32
    }

    /// Index of the first byte at or after `start` that is not a space.
    @inline(__always)
    static func skipSpaces(_ p: UnsafePointer<UInt8>, from start: Int, to limit: Int) -> Int {
        var i = start
        while i < limit, p[i] == UInt8(ascii: " ") { i += 1 }
        return i
    }

    /// The signed exponent digits after an `e`, clamped far beyond any double's range, and the
    /// index past them; nil when no digit follows.
    private static func parseExponent(_ p: UnsafePointer<UInt8>, from start: Int, to limit: Int) -> (Int, Int)? {
        var i = start
        var negative = false
        if i < limit, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        let digitsStart = i
        var value = 0
        while i < limit, case let d = p[i] &- UInt8(ascii: "0"), d < 10 {
            if value < 1_000_000 { value = value * 10 + Int(d) }
            i += 1
        }
        return i > digitsStart ? (negative ? -value : value, i) : nil
    }

    /// 10⁰ … 10²², each exactly representable as a double. (A literal array is initialized
    /// statically, so reading it costs one load.)
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// 10⁰ … 10⁸.
    private static let integerPowersOfTen: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// The C locale, so that `strtod` reads `.` as the decimal point whatever the process locale.
    nonisolated(unsafe) private static let cLocale = newlocale(LC_NUMERIC_MASK, "C", nil)

    /// `strtod` on a NUL-terminated copy of `count` bytes that the grammar above has accepted.
    private static func strtodInCLocale(_ p: UnsafePointer<UInt8>, count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { copy in
            for k in 0..<count { copy[k] = CChar(bitPattern: p[k]) }
            copy[count] = 0
            let previous = uselocale(cLocale)
            defer { uselocale(previous) }
            return strtod(copy.baseAddress!, nil)
        }
    }
}
