import CostEffectiveness
import Distributions
import Foundation
import Models
import Tabular

extension CEAResult {
    /// The `--json` document of `phbeval cea` (DESIGN.md): `n` {treated, control},
    /// `delta_effect` / `delta_cost` {estimate, std_error, ci}, `icer` {estimate, fieller_ci,
    /// quadrant}, `inb` [{lambda, estimate, ci, prob_cost_effective}], `evpi` [{lambda, evpi}],
    /// `bootstrap` {replicates, seed, ci_method (``bootstrapIntervalMethod``), failed,
    /// failed_propensity, resampling} (null without), `control_values` (the arm values taken as control), plus `model`, `level`,
    /// `covariance`, `unadjusted`, `dropped`, `clusters`, `vcov` (CR1/CR2 with clusters, else
    /// null), `warnings` [text, parameters written by `naming`], and `subgroups` [{subgroup, n,
    /// inb}] from net-benefit regression with `subgroup_tests` [{lambda, f, df1, df2, p_value}] (the
    /// joint test of the arm × subgroup terms at each λ: F, or D1 under imputation), `weighting` (``PropensityWeighting/json``, null without
    /// propensity weighting). Under CR2, `delta_effect` and `delta_cost` carry `df`,
    /// the Satterthwaite degrees of freedom of their t intervals. Nulls: `icer.estimate` where
    /// the ICER is not reported (outside the NE and SW quadrants), `icer.fieller_ci` where
    /// Fieller's set is unbounded (the summary says why), a subgroup's `inb` where it is not
    /// estimable (its `note` says why); every other number is finite (``checkedFinite()`` is the
    /// check before printing).
    public func json(naming: (Parameter) -> String = \.name) -> JSONValue {
        func estimate(_ e: Estimate) -> JSONValue {
            .object([("estimate", .number(e.estimate)), ("std_error", .number(e.standardError)), ("ci", interval(e.interval))]
                    + (e.degreesOfFreedom.map { [("df", .number($0))] } ?? []))
        }
        var keys: [(String, JSONValue)] = [
            ("n", .object([("treated", .int(treatedCount)), ("control", .int(controlCount))])),
            ("delta_effect", estimate(deltaEffect)),
            ("delta_cost", estimate(deltaCost)),
            ("icer", .object([
                ("estimate", .optional(icer)),
                ("fieller_ci", interval(fieller)),
                ("quadrant", .string(quadrant.rawValue)),
            ])),
            ("inb", .array(netBenefit.map { row in
                .object([("lambda", .number(row.lambda)), ("estimate", .number(row.estimate)), ("ci", interval(row.interval)),
                         ("prob_cost_effective", .number(row.probabilityCostEffective))])
            })),
            ("evpi", .array(netBenefit.map { .object([("lambda", .number($0.lambda)), ("evpi", .number($0.evpi))]) })),
            ("bootstrap", bootstrap.map { b in
                .object([("replicates", .int(b.replicates)), ("seed", .string(String(b.seed))), ("ci_method", .string(bootstrapIntervalMethod ?? b.interval.rawValue)),
                         ("failed", .int(b.failed)), ("failed_propensity", .int(b.failedPropensity)), ("resampling", .string(b.resampling))])
            } ?? .null),
            ("model", .string(model)),
            ("level", .number(level)),
            ("covariance", .number(covariance)),
            ("unadjusted", .object([("delta_effect", estimate(unadjustedEffect)), ("delta_cost", estimate(unadjustedCost))])),
            ("dropped", dropped.json),
            ("control_values", controlValues.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("clusters", clusterCount.map(JSONValue.int) ?? .null),
            ("vcov", clusterVariance.map { .string($0.rawValue) } ?? .null),
            ("warnings", .array(warningLines(naming: naming).map(JSONValue.string))),
            ("subgroups", .array(subgroups.map { s in
                .object([("subgroup", .string(s.level)), ("n", .int(s.count)), ("inb", s.note == nil ? .array(s.rows.map { row in
                    .object([("lambda", .number(row.lambda)), ("estimate", .number(row.estimate)),
                             ("std_error", .number(row.standardError)), ("ci", interval(row.interval))]
                            + (row.degreesOfFreedom.map { [("df", .number($0))] } ?? []))
                }) : .null), ("note", s.note.map(JSONValue.string) ?? .null)])
            })),
            ("subgroup_tests", .array(subgroupTests.map { t in
                .object([("lambda", .number(t.lambda)), ("f", .number(t.statistic)), ("df1", .int(t.numeratorDF)),
                         ("df2", .number(t.denominatorDF)), ("p_value", .number(t.pValue))])
            })),
        ]
        keys.append(("weighting", weighting?.json ?? .null))
        if imputation != nil { keys.append(("imputation", imputationJSON)) }
        return .object(keys)
    }

    /// ``CEAResult/warnings`` as sentences, parameters written by `naming`.
    public func warningLines(naming: (Parameter) -> String) -> [String] {
        warnings.map { $0.rendered(naming: naming) }
    }

    /// The CE-plane replicate file: `replicate,delta_effect,delta_cost`, one line per valid
    /// replicate, numbered as drawn (singular replicates are absent).
    public func replicatesCSV() -> String {
        var out = "replicate,delta_effect,delta_cost\n"
        for r in replicates { out += "\(r.replicate),\(r.effect.shortestText),\(r.cost.shortestText)\n" }
        return out
    }

    /// The bootstrap's interval method as `ci_method` gives it: `percentile` or `bca`, or `t` under
    /// bootstrap-then-impute, whose intervals are Student t on the degrees of freedom of von Hippel
    /// & Bartlett's (2021) pooled variance; nil without a bootstrap.
    public var bootstrapIntervalMethod: String? {
        bootstrap.map { imputation == nil ? $0.interval.rawValue : "t" }
    }

    /// A readable summary: sample, increments, ICER, and INB/CEAC at a few λ.
    /// `labels` (from ``Dataset/variableLabelLine(of:indent:)``) follows the data line.
    public func summary(source: String, lambdasShown: [Double] = [0, 10_000, 20_000, 30_000, 50_000, 100_000], labels: String? = nil) -> String {
        let percent = level * 100 == (level * 100).rounded() ? String(Int(level * 100)) : String(format: "%g", level * 100)
        let uncertainty = bootstrap.map { "bootstrap, \($0.replicates) replicates (\($0.resampling)), seed \($0.seed), \(imputation == nil ? $0.interval.rawValue : "von Hippel–Bartlett t") intervals" + Self.failedText($0) }
            ?? (deltaEffect.degreesOfFreedom == nil ? "model-based (normal intervals)" : "model-based")
        func line(_ label: String, _ e: Estimate) -> String {
            let ci = e.interval.map { "[\(Self.number($0.lower)), \(Self.number($0.upper))]" } ?? "—"
            return "\(label.padding(toLength: 22, withPad: " ", startingAt: 0))\(Self.number(e.estimate).leftPad(12))  se \(Self.number(e.standardError).leftPad(10))  \(percent)% CI \(ci)"
        }
        var lines = [
            "Cost-effectiveness analysis (\(model))",
            "Data:        \(source): \(treatedCount) intervention, \(controlCount) control; \(dropped.summary)",
        ]
        if let labels { lines.append(labels) }
        lines += [
            "Uncertainty: \(uncertainty)" + (clusterCount.map { "; \($0) clusters" + (bootstrap == nil ? ", \(clusterVariance?.rawValue ?? "CR1") model errors" : "") } ?? "")
                + (deltaEffect.degreesOfFreedom.map { "; t intervals with \(imputation == nil ? "Satterthwaite" : imputation?.pooling == "rubin" ? "Barnard–Rubin" : "von Hippel–Bartlett") df \(Self.number($0)) (effect), \(Self.number(deltaCost.degreesOfFreedom ?? $0)) (cost)" } ?? ""),
            "",
            line("Incremental effect", deltaEffect),
            line("Incremental cost", deltaCost),
            line("  unadjusted effect", unadjustedEffect),
            line("  unadjusted cost", unadjustedCost),
            "",
            "Quadrant:    \(quadrant.rawValue)",
            "ICER:        " + (icer.map { Self.number($0) + " per unit of effect" } ?? "not reported (\(quadrant.hasMeaningfulRatio ? "no effect difference" : quadrant.rawValue))"),
            "Fieller \(percent)% CI: " + (fieller.map { "[\(Self.number($0.lower)), \(Self.number($0.upper))]" } ?? fiellerUnboundedReason(percent: percent)),
            "",
            "λ".leftPad(10) + "INB".leftPad(14) + "\(percent)% CI".leftPad(30) + "P(cost-effective)".leftPad(20) + "EVPI".leftPad(12),
        ]
        for row in netBenefit where lambdasShown.contains(row.lambda) {
            let ci = row.interval.map { "[\(Self.number($0.lower)), \(Self.number($0.upper))]" } ?? "—"
            lines.append(Self.number(row.lambda).leftPad(10) + Self.number(row.estimate).leftPad(14) + ci.leftPad(30)
                         + String(format: "%.3f", row.probabilityCostEffective).leftPad(20) + Self.number(row.evpi).leftPad(12))
        }
        if !subgroups.isEmpty {
            // The λ shown: those of the summary's list that are in the grid (all of the grid when
            // none is), each value under its own heading.
            let grid = Set(netBenefit.map(\.lambda))
            var shown = lambdasShown.filter { $0 > 0 && grid.contains($0) }
            if shown.isEmpty { shown = Array(netBenefit.map(\.lambda).prefix(6)) }
            lines += ["", "INB by subgroup (net-benefit regression):",
                      "subgroup".padding(toLength: 20, withPad: " ", startingAt: 0) + "n".leftPad(7)
                      + shown.map { "λ=\(Self.number($0))".leftPad(14) }.joined()]
            for s in subgroups {
                let values = shown.map { lambda in (s.rows.first { $0.lambda == lambda }.map { Self.number($0.estimate) } ?? "—").leftPad(14) }
                lines.append(MessageText.cell(s.level).padding(toLength: 20, withPad: " ", startingAt: 0) + String(s.count).leftPad(7)
                             + (s.note.map { "  not estimable: \($0)" } ?? values.joined()))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ x: Double) -> String { tableNumber(x) }

    /// "; N replicates excluded (…)" with the causes, or "" when none was.
    static func failedText(_ b: Bootstrap) -> String {
        guard b.failed > 0 else { return "" }
        let singular = b.failed - b.failedPropensity
        let causes = (b.failedPropensity > 0 ? ["\(b.failedPropensity) with a failed propensity model"] : []) + (singular > 0 ? ["\(singular) singular"] : [])
        return "; \(b.failed) replicates excluded (\(causes.joined(separator: ", ")))"
    }

    /// Why Fieller's set is not an interval, in the terms of its own test: it is bounded exactly
    /// when |ΔE|/se(ΔE) > z (se from the model, or from the bootstrap when bootstrapped). A
    /// bootstrap interval of ΔE may exclude 0 while that normal test does not; then both are said.
    func fiellerUnboundedReason(percent: String) -> String {
        let z = Normal.quantile(1 - (1 - level) / 2)
        let se = deltaEffect.standardError
        guard se > 0 else { return "not computed (the standard error of the effect difference is 0)" }
        let ratio = abs(deltaEffect.estimate) / se
        guard ratio <= z else {
            return "not computed (|ΔE|/se = \(String(format: "%.3g", ratio)) exceeds z = \(String(format: "%.3g", z)), but the quadratic has no real roots to rounding)"
        }
        var text = "unbounded (|ΔE|/se = \(String(format: "%.3g", ratio)) ≤ z = \(String(format: "%.3g", z)): the effect difference is not significant at \(percent)% by the normal test Fieller's method rests on"
        if let interval = deltaEffect.interval, interval.lower > 0 || interval.upper < 0, let method = bootstrapIntervalMethod {
            text += "; the \(method) bootstrap interval of the effect excludes 0"
        }
        return text + ")"
    }
}

private extension String {
    /// Right-aligned in `width` columns, with at least one space before it so columns never touch.
    func leftPad(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}

private func interval(_ i: (lower: Double, upper: Double)?) -> JSONValue {
    i.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null
}
