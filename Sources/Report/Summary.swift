import PHBEvalCore
import Pipeline
import Study

/// The summary of findings in words, generated from the results at the spec's significance
/// level α: an increment is called statistically significant when its two-sided p-value (from
/// its estimate and standard error: Student's t with its df when it has them, else the normal)
/// is below α; the intervention is called cost-effective at a headline λ when INB(λ) > 0, with
/// the probability from the CEAC.
struct Summary {
    let sentences: [String]
    let effectPValue: Double
    let costPValue: Double

    init(_ r: StudyResults) {
        let spec = r.spec, a = spec.analysis, report = spec.report
        let result = r.primary.result
        let unit = EffectUnit(effect: r.primary.specification.effect, spec: spec)
        let alpha = a.significance, levelText = Format.level(a.level)
        let alphaText = Format.level(alpha)
        func pValue(_ e: CEAResult.Estimate) -> Double {
            guard e.standardError > 0 else { return 1 }
            let z = e.estimate / e.standardError
            return e.degreesOfFreedom.map { StudentT(degreesOfFreedom: $0).twoSidedPValue(z) } ?? Normal.twoSidedPValue(z)
        }
        effectPValue = pValue(result.deltaEffect)
        costPValue = pValue(result.deltaCost)
        func significance(_ p: Double) -> String {
            let shown = p < 0.001 ? "p < 0.001" : "p = \(Format.p(p))"
            return p < alpha ? "statistically significant at the \(alphaText) level (\(shown))"
                : "not statistically significant at the \(alphaText) level (\(shown))"
        }
        let treatedName = spec.data.treatedLabel, controlName = spec.data.controlLabel
        let horizon = spec.report.timeHorizon.map { " over \($0)" } ?? ""
        let priceYear = r.costing.provenance.targetPriceYear.map { " at \($0) prices" } ?? ""
        var s: [String] = []
        s.append("\(result.treatedCount) participants receiving \(treatedName) and \(result.controlCount) receiving \(controlName) were analysed\(horizon) "
                 + "(\(result.model)\(r.primary.specification.isAdjusted ? " adjusted for covariates" : ""); \(result.imputation == nil ? "complete cases" : "missing values multiply imputed")).")
        let de = result.deltaEffect, dc = result.deltaCost
        let more = de.estimate >= 0 ? "more" : "fewer"
        s.append("\(treatedName.prefix(1).uppercased() + treatedName.dropFirst()) gave \(Format.number(abs(de.estimate), unit.decimals)) \(more) \(unit.plural) per participant "
                 + "than \(controlName) (\(levelText) CI \(Format.interval(de.interval, unit.decimals))), \(significance(effectPValue)).")
        s.append("Costs per participant were \(Format.money(abs(dc.estimate), report)) \(dc.estimate >= 0 ? "higher" : "lower")\(priceYear) "
                 + "(\(levelText) CI \(Format.moneyInterval(dc.interval, report))), \(significance(costPValue)).")
        if let icer = result.icer {
            s.append("The incremental cost-effectiveness ratio was \(Format.money(icer, report)) per \(unit.singular) (\(result.quadrant.rawValue)).")
        } else {
            s.append("No ICER is reported: the point estimate is \(result.quadrant.rawValue).")
        }
        for lambda in a.lambda.headline {
            guard let row = result.netBenefit.first(where: { $0.lambda == lambda }) else { continue }
            let verdict = row.estimate > 0 ? "cost-effective" : "not cost-effective"
            s.append("At \(Format.money(lambda, report)) per \(unit.singular) the intervention is \(verdict) on the point estimate: incremental net benefit "
                     + "\(Format.money(row.estimate, report)) (\(levelText) CI \(Format.moneyInterval(row.interval, report))); the probability that it is "
                     + "cost-effective is \(Format.percent(row.probabilityCostEffective)).")
        }
        if let primary = r.outcomes.first {
            let adjusted = primary.adjusted
            s.append("On the primary outcome (\(primary.outcome)), the difference at \(Format.months(primary.followUpTime)) adjusted for baseline was "
                     + "\(Format.number(adjusted.estimate, 2)) (\(levelText) CI \(Format.interval(adjusted.interval, 2))), \(significance(adjusted.pValue)).")
        }
        let interactions = r.subgroups.compactMap { g in g.interaction.first.map { (g.column, $0.pValue) } }
        if !interactions.isEmpty {
            let significant = interactions.filter { $0.1 < alpha }
            if significant.isEmpty {
                s.append("No subgroup interaction was statistically significant at the \(alphaText) level (\(interactions.map { "\($0.0): p = \(Format.p($0.1))" }.joined(separator: "; "))).")
            } else {
                s.append("The net benefit differed by \(significant.map { "\($0.0) (interaction p = \(Format.p($0.1)))" }.joined(separator: ", ")) at the \(alphaText) level; "
                         + "subgroup findings are exploratory.")
            }
        }
        let complete = Double(result.treatedCount + result.controlCount) / Double(max(r.attrition.rows.first.map { $0.treated + $0.control } ?? 1, 1))
        if complete < 0.8 {
            s.append("Only \(Format.percent(complete)) of participants had complete data; a complete-case analysis may be biased, and multiple imputation is recommended.")
        }
        sentences = s
    }

    var json: JSONValue {
        .object([("sentences", .array(sentences.map(JSONValue.string))), ("effect_p_value", .number(effectPValue)), ("cost_p_value", .number(costPValue))])
    }
}
