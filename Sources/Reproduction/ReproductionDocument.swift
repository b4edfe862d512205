import Foundation
import PHBEvalCore
import Pipeline
import Study

/// `phbe-pilot-reproduction.md` and `.json`: the published-vs-reproduced table first, then what
/// the data are, the settings of the analysis, the follow-up's limits (F11) and the POET survey
/// as published context (published-findings.md §3).
struct ReproductionDocument {
    let results: StudyResults
    let findings: [Finding]
    /// The full `analyze` report, relative to the summary's directory.
    let pilotReport: String

    static let poet = [
        "more than 8 in 10 holders (and the same share of carers) said the budget improved their quality of life",
        "three quarters felt more independent",
        "7 in 10 felt more in control of their life",
        "fewer than 5% reported a negative impact",
        "those with the poorest self-reported health were more likely to report a positive impact; no noticeable differences by age",
    ]

    static let statusRules = [
        ("[S] findings", "`matches` when the reproduced result has the published direction and significance (or non-significance) at the evaluation's 10% level, else `differs`"),
        ("[W] numbers", "`matches` when the reproduced figure, rounded as the source rounds it, equals the published one (or lies inside a published range); `within tolerance` inside issue 10's window (SCRQoL change ±0.005 each arm; mortality ±0.5 points each arm with p > 0.05); else `differs`"),
        ("F4–F10", "`matches` when every count (and the mean and median, to £10) is equal, else `differs`"),
    ]

    private var settings: String {
        let a = results.spec.analysis
        let pooledByANOVA = results.primary.result.imputation?.pooling == "von-hippel-bartlett"
        let b = a.bootstrap.map { "\(Text.count($0.replicates)) bootstrap replicates (seed \($0.seed), \(pooledByANOVA ? "t intervals on von Hippel & Bartlett's df" : "\($0.interval.rawValue) intervals"))" } ?? "model-based intervals"
        let lambda = a.lambda.headline.map(Text.pounds).joined(separator: ", ")
        let request = results.primary.specification
        return "change from baseline adjusted for baseline (`\(request.effect) ~ arm + \(request.effectCovariates ?? "1")`; `\(request.cost) ~ arm + \(request.costCovariates ?? "1")`), "
            + "\(b), \(Text.fixed(100 * a.level, 0))% intervals, significance at \(Text.fixed(100 * a.significance, 0))%, "
            + (a.weighting.map { "propensity weighting (\($0.estimand.rawValue)\($0.stabilize ? ", stabilised" : ""), propensity ~ \($0.propensity)) of the participants in sites that did not randomise, " } ?? "no propensity weighting, ")
            + (a.missing.method == .mi
                ? "multiple imputation of the missing 12-month outcomes and costs (\(results.primary.result.imputation.map { $0.pooling == "rubin" ? "\($0.imputations) imputations, Rubin's rules" : "bootstrap-then-impute, \($0.imputations) imputations per bootstrap sample" } ?? "")\(a.weighting == nil ? "" : ", the propensity model fitted in each completed dataset"))\(a.missing.exclude.map { ", participants with \($0) = 1 left out (their outcomes do not exist)" } ?? ""), "
                : "complete cases, ")
            + "λ = \(lambda) per unit of the effect (an assumption [A]: the threshold was not published), "
            + "sensitivity analyses: \(a.sensitivity.map(\.label).joined(separator: ", "))"
    }

    var markdown: String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "# The personal health budget pilot: published vs reproduced\n\n"
        out += "**The data are a calibrated reconstruction, not the evaluation's data.** The pilot's participant-level data are not public; "
            + "`datasets/phbe-pilot-2012/` and `datasets/phbe-followup-2015/` hold synthetic data from a seeded model calibrated to the published aggregates "
            + "(their READMEs list every target and every assumption). Every reproduced figure below is computed by phbeval from those files; "
            + "with the real data in their place, the same command reproduces the evaluation's analysis. "
            + "**The evaluation used a 10% significance level** (\"90% confidence\", P10), and so does this reproduction.\n\n"
        out += "| Id | Finding | Published | Source | Reproduced | Status |\n|---|---|---|---|---|---|\n"
        for f in findings {
            out += "| \(f.id) | \(cell(f.finding)) | \(cell(f.published)) | \(cell(f.source)) | \(cell(f.reproduced)) | \(f.status.rawValue) |\n"
        }
        let counts = [Finding.Status.matches, .withinTolerance, .differs].map { s in (s, findings.filter { $0.status == s }.count) }.filter { $0.1 > 0 }
        out += "\n" + counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + ".\n\n"
        out += "## How the status is decided\n\n" + Self.statusRules.map { "- **\($0.0)**: \($0.1).\n" }.joined()
        out += "\nEach finding's rule: " + findings.map { "\($0.id) \($0.rule)" }.joined(separator: "; ") + ".\n\n"
        out += "## The analysis\n\n"
        out += "The shipped spec `datasets/phbe-pilot-2012/study.yaml` through `phbeval analyze` (the full report: [\(pilotReport)](\(pilotReport))): \(settings). "
            + "Subgroup net benefits are by net-benefit regression (model-based\(results.primary.result.weighting == nil ? "" : ", weighted")\(results.primary.result.imputation == nil ? ", complete cases" : ", imputed and pooled by Rubin's rules")); the costs by category (P11) are each category's arm coefficient adjusted for the cost covariates, made as the outcome comparisons are (\(results.primary.result.weighting == nil ? "unweighted" : "weighted, HC1")\(results.outcomeRegression.imputed.map { ", imputed within arms, \($0) imputations, Rubin's rules" } ?? "")); mortality is a logistic regression of `died` on the arm over every analysed participant (Wald z\(results.primary.result.weighting == nil ? "" : "; weighted as the primary analysis, with HC1 errors, for P9; crude for P9a, whose published rates are crude")); "
            + "P17 tests the arm × age band, sex and deprivation quintile interactions in the 12-month SCRQoL, GHQ-12 and EQ-5D scores adjusted for baseline. "
            + "Clinical outcomes (HbA1c, lung function; P9), carers (P16) and set-up costs (P21) are not reconstructed.\n\n"
        out += "## The follow-up study (2015–16)\n\n"
        out += "F4–F10 are counted from the follow-up tables. **The follow-up sample was too small to test continued impact** (F11: 50 questionnaires, 34 PHB and 16 control): "
            + "the study could not estimate continued effects on quality of life or secondary-care use, so no such test is run or reported here.\n\n"
        out += "## Published context: the POET survey (2014)\n\n"
        out += "Reported by personal health budget holders ([S], In Control blog, Alakeson 2014; not reproduced, no data):\n\n"
        out += Self.poet.map { "- \($0)\n" }.joined()
        return out
    }

    var json: JSONValue {
        .object([
            ("findings", .array(findings.map { f in
                .object([("id", .string(f.id)), ("finding", .string(f.finding)), ("published", .string(f.published)), ("reproduced", .string(f.reproduced)),
                         ("status", .string(f.status.rawValue)), ("source", .string(f.source)), ("rule", .string(f.rule))])
            })),
            ("status_rules", .object(Self.statusRules.map { ($0.0, .string($0.1)) })),
            ("data", .string("calibrated reconstruction (synthetic), not the evaluation's data")),
            ("significance", .number(results.spec.analysis.significance)),
            ("analysis", .string(settings)),
            ("pilot_report", .string(pilotReport)),
            ("follow_up_note", .string("F11: the follow-up sample was too small to test continued impact on quality of life or secondary-care use; no such test is run")),
            ("poet_survey", .array(Self.poet.map(JSONValue.string))),
        ])
    }
}
