import PHBEvalCore
import Pipeline
import Study

/// The report's figures (module Figures), each with its file name under `figures/` and the
/// caption the report prints under it.
struct StudyFigure {
    let file: String
    let caption: String
    let svg: String

    /// The CE plane, CEAC and EVPI of the primary analysis, the subgroup forest plot (INB at the
    /// first headline λ) and, for each outcome, mean score by arm over time.
    static func all(_ r: StudyResults) -> [StudyFigure] {
        let spec = r.spec, report = spec.report, result = r.primary.result
        let unit = EffectUnit(effect: r.primary.specification.effect, spec: spec)
        let prices = r.costing.provenance.targetPriceYear.map { ", \($0) prices" } ?? ""
        let money = "\(report.currency)\(prices)"
        let lambda = spec.analysis.lambda.headline.first ?? 0
        let levelText = Format.level(spec.analysis.level)
        var figures: [StudyFigure] = []
        figures.append(StudyFigure(
            file: "ce-plane.svg",
            caption: "Cost-effectiveness plane: \(result.bootstrap.map { "\($0.replicates) bootstrap replicates" } ?? "point estimate (no bootstrap)") of the incremental \(unit.plural) and cost, "
                + "with the willingness-to-pay line at \(Format.money(lambda, report)) per \(unit.singular).",
            svg: CEPlaneFigure(replicates: result.replicates.map { ($0.effect, $0.cost) }, estimate: (result.deltaEffect.estimate, result.deltaCost.estimate),
                               lambda: lambda, effectLabel: "Incremental \(unit.label)", costLabel: "Incremental cost (\(money))",
                               currencySymbol: report.currencySymbol, effectUnit: unit.singular).svg))
        figures.append(StudyFigure(
            file: "ceac.svg",
            caption: "Cost-effectiveness acceptability curve: the probability that \(spec.data.treatedLabel) is cost-effective (INB > 0) at each willingness to pay"
                + (result.bootstrap == nil ? " (from the normal approximation)." : " (share of bootstrap replicates)."),
            svg: CEACFigure(lambdas: result.netBenefit.map(\.lambda), probabilities: result.netBenefit.map(\.probabilityCostEffective),
                            xLabel: "Willingness to pay per \(unit.singular) (\(money))", headline: spec.analysis.lambda.headline, currencySymbol: report.currencySymbol).svg))
        figures.append(StudyFigure(
            file: "evpi.svg",
            caption: "Expected value of perfect information per participant at each willingness to pay.",
            svg: EVPIFigure(lambdas: result.netBenefit.map(\.lambda), evpi: result.netBenefit.map(\.evpi),
                            xLabel: "Willingness to pay per \(unit.singular) (\(money))", yLabel: "EVPI per participant (\(money))").svg))
        if !r.subgroups.isEmpty {
            var rows: [ForestPlotFigure.Row] = []
            for s in r.subgroups {
                let p = s.interaction.first { $0.lambda == lambda }?.pValue
                for g in s.groups {
                    guard let row = g.rows.first(where: { $0.lambda == lambda }) else { continue }
                    rows.append(.init(label: "\(s.column): \(g.level)", estimate: row.estimate, lower: row.interval.lower, upper: row.interval.upper,
                                      note: "n = \(g.count)" + (g.level == s.groups.first?.level ? p.map { "; p(interaction) = \(Format.p($0))" } ?? "" : "")))
                }
            }
            figures.append(StudyFigure(
                file: "subgroups.svg",
                caption: "Incremental net benefit by subgroup at \(Format.money(lambda, report)) per \(unit.singular) (net-benefit regression), with \(levelText) intervals.",
                svg: ForestPlotFigure(rows: rows, xLabel: "Incremental net benefit (\(money))", title: "INB at λ = \(Format.money(lambda, report)) per \(unit.singular)").svg))
        }
        if let m = result.imputation, !m.chains.isEmpty {
            figures.append(StudyFigure(
                file: "convergence.svg",
                caption: "Convergence of the multiple imputation: mean and SD of the imputed values of each variable after each iteration, one line per chain (mice's plot of a mids object); chains that mix and show no trend have converged.",
                svg: ConvergenceFigure(variables: m.chains.map { .init(name: $0.variable, means: $0.means, standardDeviations: $0.standardDeviations) }).svg))
        }
        if let w = result.weighting {
            figures.append(StudyFigure(
                file: "balance.svg",
                caption: "Covariate balance before and after propensity weighting (\(w.options.estimand.rawValue)): absolute standardised mean differences, raw differences in proportions for binary terms (*).",
                svg: LovePlotFigure(rows: w.balance.map { .init(term: $0.term, unweighted: $0.unweighted ?? .nan, weighted: $0.weighted ?? .nan, binary: $0.binary) }).svg))
        }
        for o in r.outcomes {
            func series(_ label: String, _ pick: (OutcomeDelta.TimePoint) -> ArmSummary) -> OutcomeChangeFigure.Series {
                .init(label: label, points: o.times.map { t in
                    let s = pick(t)
                    let ci = s.meanInterval(level: spec.analysis.level)
                    return .init(time: t.time, mean: s.mean, lower: ci?.lower ?? .nan, upper: ci?.upper ?? .nan)
                })
            }
            figures.append(StudyFigure(
                file: "outcome-\(o.outcome).svg",
                caption: "Mean \(o.outcome) score by arm at each assessment, with \(levelText) intervals.",
                svg: OutcomeChangeFigure(series: [series(spec.data.treatedLabel, \.treated), series(spec.data.controlLabel, \.control)],
                                         xLabel: "Months since baseline", yLabel: "Mean \(o.outcome) score").svg))
        }
        return figures
    }
}
