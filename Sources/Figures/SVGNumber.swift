/// Locale-free, deterministic number formatting for SVG coordinates and for labels.
///
/// Values are scaled by 10^decimals and rounded half away from zero to an integer, whose digits
/// are then written out, so the text depends on nothing but the value (no locale, no platform
/// `printf`). Zero is never written with a sign ("-0" cannot occur). Magnitudes beyond 2⁵³ after
/// scaling fall back to Swift's shortest round-trip `description`, itself platform-independent.
enum SVGNumber {
    /// The largest scaled magnitude written digit by digit: 2⁵³, below which doubles are exact integers.
    private static let exactIntegerLimit = 9_007_199_254_740_992.0

    /// A coordinate or length with at most `decimals` decimals (default 2), trailing zeros removed:
    /// 12.5, 3, -0.25. A non-finite value (which callers never pass) is written as 0.
    static func coordinate(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return "0" }
        var text = fixed(value, decimals: decimals, grouping: false)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `value` with exactly `decimals` decimals, and with "," between thousands when `grouping`
    /// is true: fixed(20000, 0, true) = "20,000", fixed(-0.0001, 2, false) = "0.00".
    static func fixed(_ value: Double, decimals: Int, grouping: Bool) -> String {
        guard value.isFinite else { return "" }
        let decimals = max(0, min(decimals, 15))
        let scaled = (value.magnitude * exactPowerOfTen(decimals)).rounded(.toNearestOrAwayFromZero)
        guard scaled < exactIntegerLimit else { return value.description }
        let digits = String(UInt64(scaled))
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let integerPart = String(padded.dropLast(decimals))
        let fraction = String(padded.suffix(decimals))
        var text = grouping ? grouped(integerPart) : integerPart
        if decimals > 0 { text += "." + fraction }
        return scaled == 0 || value > 0 ? text : "-" + text
    }

    /// 10^n for 0 ≤ n ≤ 22, exact in binary floating point.
    static func exactPowerOfTen(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// The digits of a non-negative integer with "," between groups of three: "1234567" → "1,234,567".
    private static func grouped(_ digits: String) -> String {
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }
}
