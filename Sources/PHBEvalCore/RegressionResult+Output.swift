import Distributions
import Foundation
import Models
import Tabular

extension RegressionResult {
    /// The `--json` document of `phbeval regress` (DESIGN.md): `n`, `family`, `link`, `vcov`,
    /// `df_residual`, `terms` (each `term`, `estimate`, `std_error`, `statistic`, `p_value`,
    /// `aliased`, `df`; null numbers for aliased terms), plus `formula`, `dropped`, `dispersion`,
    /// `deviance`, `iterations`, `clusters`, `reference_distribution`, `warnings`.
    ///
    /// A term's `df` is the degrees of freedom of the t behind its p-value: the Satterthwaite df
    /// for CR2, the residual df otherwise, null where the standard normal is used. `warnings`
    /// holds ``RegressionResult/warnings`` as sentences, parameters written by `naming`.
    public func json(naming: (Parameter) -> String = \.name) -> JSONValue {
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
                    ("df", .optional(t.degreesOfFreedom)),
                ])
            })),
            ("formula", .string(formula.text)),
            ("dropped", dropped.json),
            ("dispersion", .number(dispersion)),
            ("deviance", .number(deviance)),
            ("iterations", iterations.map(JSONValue.int) ?? .null),
            ("clusters", clusterCount.map(JSONValue.int) ?? .null),
            ("reference_distribution", .string(usesNormalReference ? "normal" : "t")),
            ("warnings", .array(warningLines(naming: naming).map(JSONValue.string))),
        ])
    }

    /// ``RegressionResult/warnings`` as sentences, parameters written by `naming` (a front end
    /// shows them apart from the table, e.g. on stderr).
    public func warningLines(naming: (Parameter) -> String) -> [String] {
        warnings.map { $0.rendered(naming: naming) }
    }

    /// Confidence interval `estimate ± q·se` with q the quantile of the term's reference
    /// distribution (Student t with ``Term/degreesOfFreedom``, the normal when that is nil).
    public func confidenceInterval(_ term: Term, level: Double) -> (lower: Double, upper: Double)? {
        guard let estimate = term.estimate, let se = term.standardError else { return nil }
        let p = 1 - (1 - level) / 2
        let q = term.degreesOfFreedom.map { StudentT(degreesOfFreedom: $0).quantile(p) } ?? Normal.quantile(p)
        return (estimate - q * se, estimate + q * se)
    }

    /// The readable table of `phbeval regress`: model, data used and dropped, then one row per
    /// term with estimate, standard error, statistic, p-value and confidence interval.
    /// `labels` (from ``Dataset/variableLabelLine(of:indent:)``) follows the data line.
    public func table(source: String, level: Double = 0.95, labels: String? = nil) -> String {
        let model = family == .gaussian && link == .identity
            ? "Linear regression (least squares\(dispersionLabel))"
            : "Generalised linear model (\(family.rawValue) family, \(link.rawValue) link)"
        var varianceText = variance == .classical ? "classical" : "robust \(variance.rawValue)"
        if let g = clusterCount, variance.needsClusters { varianceText += ", \(g) clusters" }
        var lines = [
            model,
            "Formula:  \(formula.text)",
            "Data:     \(source): \(observationCount) rows used; \(dropped.summary)",
        ] + (labels.map { [$0] } ?? []) + [
            "Variance: \(varianceText)",
            "",
        ]
        let stat = usesNormalReference ? "z" : "t"
        let percent = Self.trim(level * 100)
        // CR2: each term has its own (Satterthwaite) df, shown as a column.
        let perTermDF = variance == .CR2
        var header = ["term", "estimate", "std. error", "\(stat) value"]
        if perTermDF { header.append("df") }
        header += ["Pr(>|\(stat)|)", "\(percent)% CI"]
        var rows: [[String]] = [header]
        for t in terms {
            if t.aliased {
                rows.append([MessageText.cell(t.term), "aliased"] + Array(repeating: "", count: header.count - 2))
                continue
            }
            let ci = confidenceInterval(t, level: level).map { "[\(Self.number($0.lower)), \(Self.number($0.upper))]" } ?? ""
            var row = [MessageText.cell(t.term), Self.number(t.estimate!), Self.number(t.standardError!), Self.fixed(t.statistic!, 3)]
            if perTermDF { row.append(t.degreesOfFreedom.map { Self.fixed($0, 2) } ?? "") }
            rows.append(row + [Self.pValue(t.pValue!), ci])
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
        if perTermDF {
            lines.append("df: Satterthwaite degrees of freedom of each term (Bell & McCaffrey CR2); its p-value and interval use Student's t with them.")
        }
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
