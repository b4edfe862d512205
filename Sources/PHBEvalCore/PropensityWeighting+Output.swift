import Foundation
import Models
import Tabular
import Weighting

extension PropensityWeighting {
    /// The `"weighting"` object of `phbeval cea --json` and the body of `phbeval balance --json`:
    /// `estimand`, `stabilized`, `trim` (null without), `trim_threshold`, `randomised` (the
    /// column, or null), `n_weighted`, `n_randomised`, `n` {treated, control} and `ess` {treated,
    /// control} of the weighted rows, `balance` [{term, binary, smd_unweighted, smd_weighted, note}]
    /// (null SMDs where the SD is 0 or overflows, `note` says which; else a null note), `propensity` [terms as `regress` prints them, z tests],
    /// `imputations` (m when combined over m completed datasets: the SMDs, ESS and trim threshold
    /// the means of the m, the propensity terms pooled by Rubin's rules with t tests on their
    /// Barnard–Rubin df; null for one dataset).
    public var json: JSONValue {
        .object([
            ("estimand", .string(options.estimand.rawValue)),
            ("stabilized", .bool(options.stabilize)),
            ("trim", .optional(options.trim)),
            ("trim_threshold", .optional(trimThreshold)),
            ("randomised", options.randomised.map(JSONValue.string) ?? .null),
            ("n_weighted", .int(weightedRows.count)),
            ("n_randomised", .int(randomisedCount)),
            ("n", .object([("treated", .number(sizes.treated)), ("control", .number(sizes.control))])),
            ("ess", .object([("treated", .number(effectiveSizes.treated)), ("control", .number(effectiveSizes.control))])),
            ("balance", .array(balance.map { row in
                .object([("term", .string(row.term)), ("binary", .bool(row.binary)),
                         ("smd_unweighted", .optional(row.unweighted)), ("smd_weighted", .optional(row.weighted)),
                         ("note", row.note.map(JSONValue.string) ?? .null)])
            })),
            ("propensity", .array(terms.map { t in
                .object([("term", .string(t.term)), ("estimate", .optional(t.estimate)), ("std_error", .optional(t.standardError)),
                         ("statistic", .optional(t.statistic)), ("p_value", .optional(t.pValue)), ("aliased", .bool(t.aliased)),
                         ("df", .optional(t.degreesOfFreedom))])
            })),
            ("imputations", imputations.map(JSONValue.int) ?? .null),
        ])
    }

    /// The balance table and effective sample sizes as text.
    public func table() -> String {
        let o = options
        let how = [o.estimand.rawValue] + (o.stabilize ? ["stabilised"] : []) + (o.trim.map { ["trimmed at the \($0.shortestText) quantile (weights above \(tableNumber(trimThreshold ?? .nan)) set to it)"] } ?? [])
        var lines = ["Propensity weighting (\(how.joined(separator: ", "))): \(weightedRows.count) rows weighted"
                     + (options.randomised.map { ", \(randomisedCount) randomised rows ('\($0)' = 1) at weight 1" } ?? "")
                     + (imputations.map { "; the propensity model fitted in each of the \($0) completed datasets, balance and effective sizes their means" } ?? "")]
        lines.append("Effective sample size: treated \(tableNumber(effectiveSizes.treated)) of \(tableNumber(sizes.treated)), control \(tableNumber(effectiveSizes.control)) of \(tableNumber(sizes.control))")
        lines.append("")
        let width = max(4, balance.map { MessageText.cell($0.term).count }.max() ?? 0) + 2
        func cell(_ x: Double?) -> String {
            let text = x.map { String(format: "%.4f", $0) } ?? "—"
            return String(repeating: " ", count: max(1, 14 - text.count)) + text
        }
        lines.append("term".padding(toLength: width, withPad: " ", startingAt: 0) + "type".padding(toLength: 8, withPad: " ", startingAt: 0)
                     + "   unweighted" + "      weighted")
        for row in balance {
            lines.append(MessageText.cell(row.term).padding(toLength: width, withPad: " ", startingAt: 0) + (row.binary ? "binary" : "SMD").padding(toLength: 8, withPad: " ", startingAt: 0)
                         + cell(row.unweighted) + cell(row.weighted))
        }
        for row in balance { if let note = row.note { lines.append("\(MessageText.cell(row.term)): SMD not computed: \(note)") } }
        lines.append("")
        lines.append("Binary terms: difference in proportions; others: standardised mean difference with the \(o.estimand == .ate ? "pooled" : "treated arm's") unweighted SD (cobalt's conventions).")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension BalanceAnalysis {
    /// `phbeval balance --json`: the weighting object's keys, then `rows`, `dropped`,
    /// `control_values` (the arm values taken as control) and `warnings` (``warnings``, parameters
    /// written by `naming`).
    public func json(naming: (Parameter) -> String = \.name) -> JSONValue {
        guard case .object(let members) = weighting.json else { return weighting.json }
        return .object(members + [("rows", .int(rowCount)), ("dropped", dropped.json),
                                  ("control_values", .array(armCoding.controlValues.map(JSONValue.string))),
                                  ("warnings", .array(warnings.map { .string($0.rendered(naming: naming)) }))])
    }
}
