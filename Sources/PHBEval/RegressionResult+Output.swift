import Distributions
import Foundation
import Models

extension RegressionResult {
    /// The `--json` document of `phbeval regress` (DESIGN.md): `n`, `family`, `link`, `vcov`,
    /// `df_residual`, `terms` (each `term`, `estimate`, `std_error`, `statistic`, `p_value`,
    /// `aliased`; null numbers for aliased terms), plus `formula`, `dropped`, `dispersion`,
    /// `deviance`, `iterations`, `clusters`, `reference_distribution`.
    public func json() -> JSONValue {
        .object([
            ("n", .int(observationCount)),
            ("family", .string(family.rawValue)),
            ("link", .string(link.rawValue)),
            ("vcov", .string(variance.rawValue)),
            ("df_residual", .int(dfResidual)),
            ("terms", .array(terms.map { t in
                .object([
                    ("term", .string(t.term)),
                    ("estimate", .optional(t.estimate)),
                    ("std_error", .optional(t.standardError)),
                    ("statistic", .optional(t.statistic)),
                    ("p_value", .optional(t.pValue)),
                    ("aliased", .bool(t.aliased)),
                ])
            })),
            ("formula", .string(formula.text)),
            ("dropped", dropped.json),
            ("dispersion", .number(dispersion)),
            ("deviance", .number(deviance)),
            ("iterations", iterations.map(JSONValue.int) ?? .null),
            ("clusters", clusterCount.map(JSONValue.int) ?? .null),
            ("reference_distribution", .string(usesNormalReference ? "normal" : "t")),
        ])
    }

    /// Confidence interval `estimate ± q·se` with q the reference distribution's quantile.
    public func confidenceInterval(_ term: Term, level: Double) -> (lower: Double, upper: Double)? {
        guard let estimate = term.estimate, let se = term.standardError else { return nil }
        let p = 1 - (1 - level) / 2
        let q = usesNormalReference ? Normal.quantile(p) : StudentT(degreesOfFreedom: Double(dfResidual)).quantile(p)
        return (estimate - q * se, estimate + q * se)
    }

    /// The readable table of `phbeval regress`: model, data used and dropped, then one row per
    /// term with estimate, standard error, statistic, p-value and confidence interval.
    public func table(source: String, level: Double = 0.95) -> String {
        let model = family == .gaussian && link == .identity
            ? "Linear regression (least squares\(dispersionLabel))"
            : "Generalised linear model (\(family.rawValue) family, \(link.rawValue) link)"
        var varianceText = variance == .classical ? "classical" : "robust \(variance.rawValue)"
        if let g = clusterCount, variance == .CR1 { varianceText += ", \(g) clusters" }
        var lines = [
            model,
            "Formula:  \(formula.text)",
            "Data:     \(source): \(observationCount) rows used; \(dropped.summary)",
            "Variance: \(varianceText)",
            "",
        ]
        let stat = usesNormalReference ? "z" : "t"
        let percent = Self.trim(level * 100)
        let header = ["term", "estimate", "std. error", "\(stat) value", "Pr(>|\(stat)|)", "\(percent)% CI"]
        var rows: [[String]] = [header]
        for t in terms {
            if t.aliased {
                rows.append([t.term, "aliased", "", "", "", ""])
                continue
            }
            let ci = confidenceInterval(t, level: level).map { "[\(Self.number($0.lower)), \(Self.number($0.upper))]" } ?? ""
            rows.append([t.term, Self.number(t.estimate!), Self.number(t.standardError!), Self.fixed(t.statistic!, 3),
                         Self.pValue(t.pValue!), ci])
        }
        let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max()! }
        for (r, row) in rows.enumerated() {
            let cells = row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  "))
            if r == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        var footer = "Residual degrees of freedom: \(dfResidual)"
        if let iterations { footer += "; deviance \(Self.number(deviance)); IRLS iterations: \(iterations)" }
        if family.estimatesDispersion, !(family == .gaussian && link == .identity) { footer += "; dispersion \(Self.number(dispersion))" }
        lines.append(footer)
        if terms.contains(where: \.aliased) {
            lines.append("Aliased terms are linear combinations of earlier terms and were not estimated.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var dispersionLabel: String {
        let sigma = Self.number(dispersion.squareRoot())
        return ", residual standard error \(sigma)"
    }

    static func number(_ x: Double) -> String { tableNumber(x) }
    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func pValue(_ p: Double) -> String { p < 1e-16 ? "<1e-16" : String(format: "%.4g", p) }
    static func trim(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%g", x) }
}
