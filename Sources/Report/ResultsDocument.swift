import Foundation
import PHBEvalCore
import Pipeline
import Study

/// `results.json`: every number the report prints, under documented keys (README, `analyze`).
/// The primary analysis is under `primary` with exactly the keys of `phbeval cea --json`
/// (``CEAResult/json(naming:)``), and `primary_command` is the `cea` command that reproduces it
/// on `analysis-data.csv`.
enum ResultsDocument {
    static func make(_ r: StudyResults, summary: Summary, provenance: Provenance, naming: (Parameter) -> String, flags: (Parameter) -> String) -> JSONValue {
        let spec = r.spec
        return .object([
            ("phbeval_version", .string(Engine.version)),
            ("title", .string(spec.title)),
            ("spec", .object([("file", .string(spec.file)), ("spec_version", .int(StudySpec.supportedVersion))])),
            ("currency", .string(spec.report.currency)),
            ("price_year", r.costing.provenance.targetPriceYear.map(JSONValue.int) ?? .null),
            ("level", .number(spec.analysis.level)),
            ("significance", .number(spec.analysis.significance)),
            ("headline_lambdas", .array(spec.analysis.lambda.headline.map(JSONValue.number))),
            ("summary", summary.json),
            ("data", .object([("file", .string(spec.data.file)), ("format", .string(r.longFormat ? "long" : "wide")),
                              ("file_rows", .int(r.fileRows)), ("participants", .int(r.participants))])),
            ("attrition", .array(r.attrition.rows.map { .object([("label", .string($0.label)), ("treated", .int($0.treated)), ("control", .int($0.control))]) })),
            ("scoring", .array(r.scoring.map(scored))),
            ("qaly", r.qaly.map { q in
                .object([("column", .string(q.column)), ("utilities", .array(q.utilityColumns.map(JSONValue.string))),
                         ("months", .array(q.months.map(JSONValue.number))), ("discount_rate", .number(q.discountRate))])
            } ?? .null),
            ("baseline", .array(r.baseline.rows.map(baselineRow))),
            ("outcomes", .array(r.outcomes.map { outcome($0, level: spec.analysis.level) })),
            ("costs", costs(r)),
            ("primary", r.primary.result.json(naming: naming)),
            ("primary_command", .array(CEACommand.arguments(r.primary.specification, data: StudyReport.analysisDataFile, categorical: CEACommand.numberLikeCategories(r.primaryData, analysis: r.primary.specification), flag: flags).map(JSONValue.string))),
            ("subgroups", .array(r.subgroups.map(subgroup))),
            ("sensitivity", .array(r.sensitivity.map { s in
                .object([("analysis", .string(s.variation.label)), ("same_as_primary", s.sameAsPrimary.map(JSONValue.string) ?? .null),
                         ("failure", s.failure.map(JSONValue.string) ?? .null),
                         ("model", s.run.map { .string($0.result.model) } ?? .null),
                         ("result", s.run.map { $0.result.json(naming: naming) } ?? .null)])
            })),
            ("provenance", provenance.json),
        ])
    }

    static func arm(_ s: ArmSummary) -> JSONValue {
        .object([("n", .int(s.n)), ("missing", .int(s.missing)), ("mean", .number(s.mean)), ("sd", .number(s.sd))])
    }

    static func interval(_ i: (lower: Double, upper: Double)?) -> JSONValue {
        i.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null
    }

    static func difference(_ d: MeanDifference?) -> JSONValue {
        d.map { .object([("estimate", .number($0.estimate)), ("std_error", .number($0.standardError)), ("df", .number($0.degreesOfFreedom)),
                         ("ci", interval($0.interval)), ("p_value", .number($0.pValue))]) } ?? .null
    }

    static func scored(_ s: ScoredOutcome) -> JSONValue {
        .object([("outcome", .string(s.outcome)), ("time", .number(s.time)), ("column", .string(s.summary.column)),
                 ("n_scored", .int(s.summary.scored)), ("n_missing", .int(s.summary.missing)), ("n_prorated", s.summary.prorated.map(JSONValue.int) ?? .null),
                 ("mean", .optional(s.summary.mean)), ("sd", .optional(s.summary.sd)),
                 ("instrument", .string("\(s.provenance.instrument)-\(s.provenance.version)")), ("method", .string(s.provenance.method)),
                 ("value_set", s.provenance.valueSet.map(JSONValue.string) ?? .null), ("alias", s.provenance.alias.map(JSONValue.string) ?? .null),
                 ("publication", s.provenance.publication.map { .string($0.citation + ($0.doi.map { ", doi:\($0)" } ?? "")) } ?? .null)])
    }

    static func baselineRow(_ row: BaselineTable.Row) -> JSONValue {
        func arm(_ s: ArmSummary) -> JSONValue {
            row.level == nil ? ResultsDocument.arm(s)
                : .object([("n", .int(s.n)), ("missing", .int(s.missing)), ("proportion", .number(s.mean)), ("percent", .number(s.mean * 100))])
        }
        return .object([("characteristic", .string(row.characteristic)), ("level", row.level.map(JSONValue.string) ?? .null),
                        ("treated", arm(row.treated)), ("control", arm(row.control)), ("smd", .optional(row.standardizedDifference))])
    }

    static func outcome(_ o: OutcomeDelta, level: Double) -> JSONValue {
        func armWithCI(_ s: ArmSummary) -> JSONValue {
            .object([("n", .int(s.n)), ("missing", .int(s.missing)), ("mean", .number(s.mean)), ("sd", .number(s.sd)), ("ci", interval(s.meanInterval(level: level)))])
        }
        return .object([
            ("outcome", .string(o.outcome)), ("instrument", .string(o.instrument)),
            ("baseline_time", .number(o.baselineTime)), ("follow_up_time", .number(o.followUpTime)),
            ("times", .array(o.times.map { .object([("time", .number($0.time)), ("column", .string($0.column)), ("treated", armWithCI($0.treated)), ("control", armWithCI($0.control))]) })),
            ("change", .object([("treated", armWithCI(o.changeTreated)), ("control", armWithCI(o.changeControl)), ("difference", difference(o.changeDifference))])),
            ("adjusted", adjusted(o.adjusted)),
        ])
    }

    static func adjusted(_ a: AdjustedDifference) -> JSONValue {
        .object([("estimate", .number(a.estimate)), ("std_error", .number(a.standardError)), ("ci", interval(a.interval)),
                 ("p_value", .number(a.pValue)), ("n", .int(a.n)), ("formula", .string(a.formula))])
    }

    static func costs(_ r: StudyResults) -> JSONValue {
        let p = r.costing.provenance
        return .object([
            ("categories", .array(r.costs.map { c in
                .object([("column", .string(c.column)), ("category", .string(c.category)), ("treated", arm(c.treated)), ("control", arm(c.control)),
                         ("difference", difference(c.difference)), ("adjusted", adjusted(c.adjusted))])
            })),
            ("rows_costed", .int(r.costing.summary.costed)), ("rows_missing", .int(r.costing.summary.missing)),
            ("unit_costs", .array(p.items.map { i in
                .object([("item", .string(i.unitCost.item)), ("unit", .string(i.unitCost.unit)), ("category", .string(i.unitCost.category)),
                         ("column", .string(i.column)), ("unit_cost", .number(i.unitCost.unitCost)), ("price_year", .int(i.unitCost.priceYear)),
                         ("uplift", .number(i.upliftFactor)), ("target_year_cost", .number(i.targetYearCost)), ("source", .string(i.unitCost.source))])
            })),
            ("budget", p.phb.map { .object([("column", .string($0.column)), ("price_year", $0.priceYear.map(JSONValue.int) ?? .null), ("uplift", .number($0.upliftFactor))]) } ?? .null),
        ])
    }

    static func subgroup(_ s: SubgroupAnalysis) -> JSONValue {
        .object([
            ("column", .string(s.column)),
            ("groups", .array(s.groups.map { g in
                .object([("subgroup", .string(g.level)), ("n", .int(g.count)), ("note", g.note.map(JSONValue.string) ?? .null),
                         ("inb", g.note == nil ? .array(g.rows.map { row in
                             .object([("lambda", .number(row.lambda)), ("estimate", .number(row.estimate)), ("std_error", .number(row.standardError)),
                                      ("ci", interval(row.interval))])
                         }) : .null)])
            })),
            ("interaction", .array(s.interaction.map { t in
                .object([("lambda", .number(t.lambda)), ("f", .number(t.statistic)), ("df1", .int(t.numeratorDF)), ("df2", .number(t.denominatorDF)),
                         ("p_value", .number(t.pValue))])
            })),
        ])
    }
}

/// The `phbeval cea` arguments that run a request on a data file.
public enum CEACommand {
    /// `["cea", DATA, ARM-FLAG, …]`, each parameter written by `flag` (the CLI's flags).
    /// - Parameter categorical: columns of `data` to read as categorical although their values
    ///   look like numbers (``numberLikeCategories(_:)``): otherwise `cea` reads them back as
    ///   numbers, and the imputation model, which follows the column types, would differ.
    public static func arguments(_ s: CEASpecification, data: String, categorical: [String] = [], flag: (Parameter) -> String) -> [String] {
        var args = ["cea", data, flag(.arm), s.arm, flag(.treated), s.treatedValue, flag(.effect), s.effect, flag(.cost), s.cost]
        if !categorical.isEmpty { args += [flag(.categorical), categorical.joined(separator: ",")] }
        if let e = s.effectCovariates { args += [flag(.effectCovariates), e] }
        if let c = s.costCovariates { args += [flag(.costCovariates), c] }
        args += [flag(.model), s.model.rawValue]
        if let c = s.cluster { args += [flag(.cluster), c, flag(.variance), s.clusterVariance.rawValue] }
        if let b = s.bootstrapReplicates { args += [flag(.bootstrap), String(b), flag(.seed), String(s.seed), flag(.interval), s.interval.rawValue] }
        if let first = s.lambdas.first, let last = s.lambdas.last {
            let step = s.lambdas.count > 1 ? s.lambdas[1] - s.lambdas[0] : 1
            args += [flag(.lambda), "\(first.shortestText):\(last.shortestText):\(step.shortestText)"]
        }
        args += [flag(.level), s.level.shortestText]
        if let w = s.weighting {
            args += [flag(.propensity), w.propensity, flag(.estimand), w.estimand.rawValue]
            if w.stabilize { args.append(flag(.stabilize)) }
            if let t = w.trim { args += [flag(.trim), t.shortestText] }
            if let r = w.randomised { args += [flag(.randomised), r] }
        }
        if let m = s.imputation {
            let count = m.imputations ?? (s.bootstrapReplicates == nil ? CEAImputation.defaultRubinImputations : CEAImputation.defaultBootstrapImputations)
            args += [flag(.imputations), String(count), flag(.iterations), String(m.iterations), flag(.donors), String(m.donors)]
            if !m.auxiliary.isEmpty {
                let plain = { (n: String) in n.first.map { $0.isLetter || $0 == "_" || $0 == "." } == true && n.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." } }
                args += [flag(.auxiliary), m.auxiliary.map { plain($0) ? $0 : "`\($0)`" }.joined(separator: " + ")]
            }
            if m.byArm { args.append(flag(.imputeByArm)) }
            if s.bootstrapReplicates == nil { args += [flag(.seed), String(s.seed)] }
        }
        return args
    }

    /// The categorical columns of `data` that the analysis `s` reads (covariates, propensity
    /// covariates, auxiliary variables) and whose every level reads as a number (e.g. a
    /// deprivation quintile 1–5), which a CSV reader would take for numbers.
    public static func numberLikeCategories(_ data: Dataset, analysis s: CEASpecification) -> [String] {
        let formulas = [s.effectCovariates, s.costCovariates, s.weighting?.propensity].compactMap { $0 }
        let used = Set(formulas.flatMap { (try? Formula.rightHandSide($0, parameter: .covariates).predictors.flatMap(\.columns)) ?? [] }
                       + (s.imputation?.auxiliary ?? []) + [s.subgroup, s.cluster].compactMap { $0 })
        return data.columns.compactMap { column in
            guard used.contains(column.name), case .categorical(_, let levels) = column.values, !levels.isEmpty,
                  levels.allSatisfy({ NumberParser.parse($0) != nil }) else { return nil }
            return column.name
        }
    }
}
