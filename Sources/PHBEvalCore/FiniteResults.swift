import CostEffectiveness
import Models

/// Results are checked before they are printed: a number that is not finite (an overflow at the
/// magnitudes of the data) is an ``AnalysisError`` naming it, never `inf`, `nan` or a JSON `null`.
/// The only nulls in the JSON documents are the documented "not estimable / not reported" ones
/// (aliased terms, an ICER outside NE/SW, an unbounded Fieller set, a subgroup with a note).
enum FiniteCheck {
    /// Throws ``AnalysisError/extremeMagnitude(_:)`` for the first of `values` that is not finite.
    static func require(_ values: [(String, Double?)]) throws {
        for (what, value) in values {
            if let value, !value.isFinite { throw AnalysisError.extremeMagnitude("\(what) is not a finite number") }
        }
    }

    /// A variance that underflowed: a non-zero estimate so small (or so large) that its square,
    /// and so its standard error, cannot be represented.
    static func requireRepresentableScale(_ what: String, estimate: Double) throws {
        let magnitude = abs(estimate)
        if magnitude != 0, magnitude < 1e-150 || magnitude > 1e150 {
            throw AnalysisError.extremeMagnitude("\(what) is \(tableNumber(estimate)), beyond the range (1e-150 to 1e150) where its variance can be represented")
        }
    }
}

extension RegressionResult {
    /// The result itself, once every number the table and the JSON print is finite.
    /// - Throws: ``AnalysisError/extremeMagnitude(_:)`` naming the first number that is not.
    public func checkedFinite(level: Double = 0.95) throws -> RegressionResult {
        var values: [(String, Double?)] = [("the dispersion", dispersion), ("the deviance", deviance)]
        for t in terms where !t.aliased {
            values += [("the estimate of '\(t.term)'", t.estimate), ("the standard error of '\(t.term)'", t.standardError),
                       ("the statistic of '\(t.term)'", t.statistic), ("the p-value of '\(t.term)'", t.pValue)]
            if let ci = confidenceInterval(t, level: level) {
                values += [("the lower confidence limit of '\(t.term)'", ci.lower), ("the upper confidence limit of '\(t.term)'", ci.upper)]
            }
        }
        try FiniteCheck.require(values)
        return self
    }
}

extension CEAResult {
    /// The result itself, once every number the summary, the JSON and the replicate file print is
    /// finite and the increments are at magnitudes whose variances are representable.
    /// - Throws: ``AnalysisError/extremeMagnitude(_:)`` naming the first number that is not.
    public func checkedFinite() throws -> CEAResult {
        var values: [(String, Double?)] = []
        for (name, e) in [("ΔE", deltaEffect), ("ΔC", deltaCost), ("the unadjusted ΔE", unadjustedEffect), ("the unadjusted ΔC", unadjustedCost)] {
            values += [(name, e.estimate), ("the standard error of \(name)", e.standardError),
                       ("the lower confidence limit of \(name)", e.interval?.lower), ("the upper confidence limit of \(name)", e.interval?.upper)]
        }
        values += [("Cov(ΔE, ΔC)", covariance), ("the ICER", icer), ("the lower Fieller limit", fieller?.lower),
                   ("the upper Fieller limit", fieller?.upper)]
        for row in netBenefit {
            let at = "at λ = \(tableNumber(row.lambda))"
            values += [("λ", row.lambda), ("INB \(at)", row.estimate), ("the lower confidence limit of INB \(at)", row.interval?.lower),
                       ("the upper confidence limit of INB \(at)", row.interval?.upper),
                       ("P(cost-effective) \(at)", row.probabilityCostEffective), ("EVPI \(at)", row.evpi)]
        }
        for s in subgroups where s.note == nil {
            for row in s.rows {
                let at = "in subgroup '\(s.level)' at λ = \(tableNumber(row.lambda))"
                values += [("INB \(at)", row.estimate), ("the standard error of INB \(at)", row.standardError),
                           ("the lower confidence limit of INB \(at)", row.interval.lower),
                           ("the upper confidence limit of INB \(at)", row.interval.upper)]
            }
        }
        if let bad = replicates.first(where: { !$0.effect.isFinite || !$0.cost.isFinite }) {
            values.append(("bootstrap replicate \(bad.replicate)", bad.effect.isFinite ? bad.cost : bad.effect))
        }
        try FiniteCheck.require(values)
        try FiniteCheck.requireRepresentableScale("ΔE", estimate: deltaEffect.estimate)
        try FiniteCheck.requireRepresentableScale("ΔC", estimate: deltaCost.estimate)
        return self
    }
}
