import Distributions
import Imputation
import Models
import Tabular

extension PooledRegression {
    /// The `--json` document of `phbeval regress --imputations`: that of one fit
    /// (``RegressionResult/json(naming:)``, from the fit to the first completed dataset for `n`,
    /// `df_residual`, `dropped`, `dispersion`, `deviance`, …) with every term pooled by Rubin's
    /// rules: `estimate` q̄, `std_error` √t, `statistic`, `p_value` and `df` (Barnard–Rubin), and
    /// the added keys `riv`, `lambda`, `fmi`, `ubar`, `b`, `t` (mice::pool's names); the
    /// document gains `imputations` (m) and `reference_distribution` is "t".
    public func json(naming: (Parameter) -> String = \.name) -> JSONValue {
        guard case .object(var pairs) = first.json(naming: naming) else { preconditionFailure() }
        let terms = zip(first.terms, pooled).map { term, pooled -> JSONValue in
            .object([
                ("term", .string(term.term)),
                ("estimate", .optional(pooled?.estimate)),
                ("std_error", .optional(pooled?.standardError)),
                ("statistic", .optional(pooled?.statistic)),
                ("p_value", .optional(pooled?.pValue)),
                ("aliased", .bool(term.aliased)),
                ("df", .optional(pooled?.degreesOfFreedom)),
                ("riv", .optional(pooled?.relativeIncreaseInVariance)),
                ("lambda", .optional(pooled?.lambda)),
                ("fmi", .optional(pooled?.fractionOfMissingInformation)),
                ("ubar", .optional(pooled?.withinVariance)),
                ("b", .optional(pooled?.betweenVariance)),
                ("t", .optional(pooled?.totalVariance)),
            ])
        }
        for (i, pair) in pairs.enumerated() {
            if pair.0 == "terms" { pairs[i].1 = .array(terms) }
            if pair.0 == "reference_distribution" { pairs[i].1 = .string("t") }
        }
        pairs.append(("imputations", .int(imputations)))
        return .object(pairs)
    }

    /// The readable table: one row per term with the pooled estimate, standard error, t, the
    /// Barnard–Rubin df, p-value, interval and the fraction of missing information.
    public func table(source: String, level: Double = 0.95) -> String {
        let percent = RegressionResult.trim(level * 100)
        var rows = [["term", "estimate", "std. error", "t value", "df", "Pr(>|t|)", "\(percent)% CI", "fmi"]]
        for (term, p) in zip(first.terms, pooled) {
            guard let p else {
                rows.append([MessageText.cell(term.term), "aliased"] + Array(repeating: "", count: 6))
                continue
            }
            let ci = p.interval(level: level)
            rows.append([MessageText.cell(term.term), RegressionResult.number(p.estimate), RegressionResult.number(p.standardError),
                         RegressionResult.fixed(p.statistic, 3), RegressionResult.fixed(p.degreesOfFreedom, 2),
                         RegressionResult.pValue(p.pValue), "[\(RegressionResult.number(ci.lower)), \(RegressionResult.number(ci.upper))]",
                         RegressionResult.fixed(p.fractionOfMissingInformation, 3)])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
        var lines = [
            "Regression pooled over \(imputations) completed datasets (Rubin's rules, Barnard–Rubin df)",
            "Formula:  \(first.formula.text)",
            "Data:     \(source): \(first.observationCount) rows per completed dataset; \(first.dropped.summary)",
            "",
        ]
        for (r, row) in rows.enumerated() {
            lines.append(row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  "))
            if r == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        lines.append("Complete-data degrees of freedom: \(first.dfResidual); fmi: fraction of missing information.")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension PooledRegression {
    /// The result itself, once every pooled number the table and the JSON print is finite.
    /// - Throws: ``AnalysisError/extremeMagnitude(_:)`` naming the first number that is not.
    public func checkedFinite(level: Double = 0.95) throws -> PooledRegression {
        var values: [(String, Double?)] = []
        for (term, p) in zip(first.terms, pooled) {
            guard let p else { continue }
            let ci = p.interval(level: level)
            values += [("the pooled estimate of '\(term.term)'", p.estimate), ("the pooled variance of '\(term.term)'", p.totalVariance),
                       ("the pooled df of '\(term.term)'", p.degreesOfFreedom), ("the fmi of '\(term.term)'", p.fractionOfMissingInformation),
                       ("the riv of '\(term.term)'", p.relativeIncreaseInVariance), ("the p-value of '\(term.term)'", p.pValue),
                       ("the confidence limits of '\(term.term)'", ci.lower + ci.upper)]
        }
        try FiniteCheck.require(values)
        return self
    }
}
