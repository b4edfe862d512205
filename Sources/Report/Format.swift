import Foundation
import PHBEvalCore
import Study

/// How the report writes numbers: fixed decimals, a hyphen-minus for negatives (never "-0"),
/// thousands separated by commas, amounts with the spec's currency. The same value always gives
/// the same text, on every platform (no locale).
enum Format {
    /// `x` with `decimals` decimals, grouped in thousands when `grouped`.
    static func number(_ x: Double, _ decimals: Int, grouped: Bool = true) -> String {
        guard x.isFinite else { return "—" }
        var text = String(format: "%.\(decimals)f", abs(x))
        if grouped {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            var integer = String(parts[0])
            var out = ""
            while integer.count > 3 {
                out = "," + integer.suffix(3) + out
                integer.removeLast(3)
            }
            text = integer + out + (parts.count > 1 ? "." + parts[1] : "")
        }
        let isZero = text.allSatisfy { $0 == "0" || $0 == "." || $0 == "," }
        return (x < 0 && !isZero ? "-" : "") + text
    }

    /// An amount: `£1,234` (or `1,234 NOK` for a currency without a symbol here).
    static func money(_ x: Double, _ report: StudySpec.ReportSection, decimals: Int = 0) -> String {
        guard x.isFinite else { return "—" }
        let digits = number(abs(x), decimals)
        let sign = x < 0 && digits.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "-" : ""
        switch report.currency {
        case "GBP", "EUR", "USD": return sign + report.currencySymbol + digits
        default: return sign + digits + " " + report.currency
        }
    }

    /// `[a, b]` with `decimals`.
    static func interval(_ i: (lower: Double, upper: Double)?, _ decimals: Int) -> String {
        i.map { "\(number($0.lower, decimals)) to \(number($0.upper, decimals))" } ?? "—"
    }

    static func moneyInterval(_ i: (lower: Double, upper: Double)?, _ report: StudySpec.ReportSection) -> String {
        i.map { "\(money($0.lower, report)) to \(money($0.upper, report))" } ?? "—"
    }

    /// A p-value: three decimals, `<0.001` below.
    static func p(_ p: Double) -> String { p < 0.001 ? "<0.001" : number(p, 3) }

    /// A percentage with one decimal: `12.5%`.
    static func percent(_ share: Double) -> String { number(share * 100, 1) + "%" }

    /// The confidence level as `95%`.
    static func level(_ level: Double) -> String { number(level * 100, (level * 100).rounded() == level * 100 ? 0 : 1) + "%" }

    /// A time in months: `12 months`.
    static func months(_ t: Double) -> String { t == 1 ? "1 month" : "\(t.shortestText) months" }

    /// A GitHub-style heading anchor: lower case, punctuation dropped, spaces as hyphens.
    static func anchor(_ heading: String) -> String {
        "#" + String(heading.lowercased().unicodeScalars.compactMap { c -> Character? in
            if c == " " { return "-" }
            if c == "-" || c == "_" || CharacterSet.alphanumerics.contains(c) { return Character(c) }
            return nil
        })
    }

    /// Escapes text for a Markdown table cell.
    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
}

/// How the report names an effect: its unit and axis label.
struct EffectUnit {
    /// Singular and plural of one unit: "QALY"/"QALYs", "ASCOT point"/"ASCOT points".
    let singular: String
    let plural: String
    /// Decimals for the effect's values.
    let decimals: Int
    /// The effect as an axis title: "Incremental QALYs".
    let label: String

    init(effect column: String, spec: StudySpec) {
        if column == "qaly" {
            (singular, plural, decimals, label) = ("QALY", "QALYs", 3, "QALYs")
            return
        }
        let instrument = spec.instruments.first { column.hasPrefix($0.name + "_") }
        switch instrument?.instrument {
        case .eq5d3l?, .eq5d5l?: (singular, plural, decimals) = ("EQ-5D index point", "EQ-5D index points", 3)
        case .ghq12?: (singular, plural, decimals) = ("GHQ-12 point", "GHQ-12 points", 2)
        case .ascot?: (singular, plural, decimals) = ("ASCOT point", "ASCOT points", 2)
        case nil: (singular, plural, decimals) = ("unit", "units", 3)
        }
        label = instrument.map { "\($0.name) score" } ?? column
    }
}
