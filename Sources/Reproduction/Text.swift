import Foundation

/// How the reproduction report writes numbers: fixed decimals (locale-independent), minus signs
/// as U+2212, thousands
/// grouped with commas, pounds rounded to whole pounds, p-values to three decimals ("< 0.001").
enum Text {
    /// `x` to `decimals` places; below zero with a minus sign (U+2212), never "−0.00".
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "n/a" }
        let magnitude = String(format: "%.\(decimals)f", abs(x))
        return x < 0 && magnitude != String(format: "%.\(decimals)f", 0.0) ? "−" + magnitude : magnitude
    }

    static func signed(_ x: Double, _ decimals: Int) -> String {
        let text = fixed(x, decimals)
        return x.isFinite && !text.hasPrefix("−") ? "+" + text : text
    }

    static func count(_ n: Int) -> String { grouped(String(abs(n)), negative: n < 0) }

    /// `£1,234` (whole pounds; `−£1,234` below zero).
    static func pounds(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let whole = Int(x.rounded())
        return (whole < 0 ? "−£" : "£") + grouped(String(abs(whole)), negative: false)
    }

    /// `+£1,234` or `−£1,234`.
    static func signedPounds(_ x: Double) -> String {
        let text = pounds(x)
        return text.hasPrefix("£") && Int(x.rounded()) != 0 ? "+" + text : text
    }

    static func p(_ p: Double) -> String { p.isFinite && p < 0.001 ? "< 0.001" : "= " + fixed(p, 3) }

    private static func grouped(_ digits: String, negative: Bool) -> String {
        var out = ""
        for (k, c) in digits.reversed().enumerated() {
            if k > 0, k % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (negative ? "−" : "") + String(out.reversed())
    }
}
