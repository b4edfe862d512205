import Foundation
import PHBEvalCore
import Study

/// What one instrument scored at one time.
public struct ScoredOutcome: Sendable {
    public var outcome: String
    public var time: Double
    public var summary: ScoreSummary
    public var provenance: ScoringProvenance
}

/// A cost-effectiveness analysis as run: the request (so the report can state it and a reader
/// can rerun it with `phbeval cea`) and its result.
public struct CEARun: Sendable {
    public var specification: CEASpecification
    public var result: CEAResult
}

/// INB by subgroup (net-benefit regression) and the test of the arm × subgroup interaction at
/// each headline λ.
public struct SubgroupAnalysis: Sendable {
    /// A joint Wald F test that every arm × subgroup coefficient is zero in
    /// `nb ~ intervention * C(subgroup) + covariates`, nb = λ·effect − cost (Hoch et al. 2002,
    /// Health Econ 11:415): F = bᵀV⁻¹b/q on (q, residual df), V classical, CR1 with clusters or
    /// HC1 when weighted; under imputation D1 on (q, Reiter's df) (``SubgroupTest``).
    public struct InteractionTest: Sendable {
        public var lambda: Double
        public var statistic: Double
        public var numeratorDF: Int
        public var denominatorDF: Double
        public var pValue: Double
    }
    public var column: String
    public var groups: [SubgroupNetBenefit]
    public var interaction: [InteractionTest]
}

/// One sensitivity analysis: the variation, and its CEA (or why it equals the primary).
public struct SensitivityAnalysis: Sendable {
    public var variation: StudySpec.Variation
    public var run: CEARun?
    /// Set when the variation changes nothing in this study (e.g. complete case without imputation).
    public var sameAsPrimary: String?
    /// Why the variation could not be analysed (e.g. a two-part model of costs without zeros),
    /// with parameters as spec keys; the primary report is written all the same.
    public var failure: String? = nil
}

/// QALYs as derived: the column, the times and the discount rate.
public struct QALYDerivation: Sendable {
    public var column: String
    public var utilityColumns: [String]
    public var months: [Double]
    public var discountRate: Double
}

/// Every step's result, for the report (which computes nothing itself).
public struct StudyResults: Sendable {
    public var spec: StudySpec
    /// Rows of the data file, and participants (rows after widening long data).
    public var fileRows: Int
    public var participants: Int
    public var longFormat: Bool
    public var scoring: [ScoredOutcome]
    public var qaly: QALYDerivation?
    public var costing: CostingResult
    public var attrition: Attrition
    public var baseline: BaselineTable
    public var outcomes: [OutcomeDelta]
    public var costs: [CostCategory]
    public var primary: CEARun
    public var subgroups: [SubgroupAnalysis]
    public var sensitivity: [SensitivityAnalysis]
    /// The prepared data of the analysis population (scores, derived outcomes, costs, the
    /// `intervention` column): the rows of the descriptive tables.
    public var analysisData: Dataset
    /// The rows of the cost-effectiveness analyses (the analysis population less
    /// `analysis.missing.exclude`), as the CEA saw them: `cea` on it reproduces `primary`.
    public var primaryData: Dataset
    /// The outcome regressions as the primary analysis is made (weighted, imputed once).
    public var outcomeRegression: OutcomeRegression
}

/// load → validate → score → derive → cost → describe → impute/weight → outcome deltas → costs
/// by category → CEA → subgroups → sensitivity. Each step's result is kept in ``StudyResults``;
/// nothing is computed twice (a sensitivity analysis reuses the scored, derived and costed data,
/// rescoring only the instrument whose value set it changes).
public enum StudyPipeline {
    /// The 0/1 intervention column the pipeline adds for the outcome regressions.
    public static let interventionColumn = "intervention"
    /// The total cost column the costing step writes (its default name) and the CEA analyses.
    public static let totalCostColumn = CostingSpecification.defaultTotalColumn

    /// Runs the study. `progress` receives a line for every step that took over a second.
    /// - Throws: ``InputError`` located in the spec or the data; ``AnalysisError``.
    public static func run(_ spec: StudySpec, threads: Int? = nil, progress: @escaping (String) -> Void = { _ in }) throws -> StudyResults {
        let step = StepTimer(progress: progress)
        let prepared = try prepare(spec, step: step)
        let (loaded, data, treated, scoring, qaly, costing) = (prepared.loaded, prepared.data, prepared.treated, prepared.scoring, prepared.qaly, prepared.costing)

        // The analysis population: randomised participants (all, without data.randomised).
        let analysed = try randomisedRows(data, spec: spec)
        let analysisData = try data.selectingRows(analysed)
        let analysisTreated = analysed.map { treated[$0] }

        let baselineColumns = spec.instruments.map { scoreName($0.name, firstTime(spec, $0, loaded: loaded)) } + spec.data.characteristics
        let baseline = try BaselineTable.make(analysisData, columns: baselineColumns, treated: analysisTreated)
        // The cost-effectiveness analyses and the adjusted outcome comparisons leave out the rows
        // whose outcomes do not exist (`analysis.missing.exclude`), so that no imputation invents them.
        let excluded = try excludedRows(analysisData, spec: spec)
        let kept = (0..<analysisData.rowCount).filter { !excluded.contains($0) }
        let ceaData = excluded.isEmpty ? analysisData : try analysisData.selectingRows(kept)
        let ceaTreated = kept.map { analysisTreated[$0] }
        let outcomeNames = [spec.outcomes.primary] + spec.outcomes.secondary
        let costColumns = costing.columns.map(\.name)
        let (outcomes, outcomeRegression) = try step("outcome comparisons") { () -> ([OutcomeDelta], OutcomeRegression) in
            let scores = outcomeNames.flatMap { name in
                spec.instruments.first { $0.name == name }.map { i in StudyData.itemColumns(i, loaded: loaded).map { scoreName(name, $0.time) } } ?? []
            }
            // The cost categories are imputed with the outcomes, and their total recomputed from
            // them (passive), so that the categories' adjusted differences sum to the total's.
            let parts = costColumns.filter { $0 != totalCostColumn }
            // A category no analysed participant has is not imputable (nothing to impute it from).
            for part in parts where try ceaData.requireColumn(part).missing.allSatisfy({ $0 }) {
                throw spec.locations.error(at: "costs.service_use", problem: "no participant analysed has the cost \(MessageText.name(part)): its service use is missing in every row",
                                           fix: "give the service use where it was recorded, or remove its item from costs.service_use")
            }
            let total = try PassiveVariable(parsing: "\(totalCostColumn) = " + parts.map(Formula.quotedName).joined(separator: " + "))
            let regression = try OutcomeRegression(spec: spec, data: ceaData, treated: ceaTreated, outcomes: scores + parts, passive: [total])
            return (try outcomeNames.map { name in
                try outcomeDelta(spec, outcome: name, loaded: loaded, data: analysisData, treated: analysisTreated, regression: regression)
            }, regression)
        }

        let primarySpec = try ceaSpecification(spec, effect: spec.analysis.effect, loaded: loaded, threads: threads)
        let primary = try step("cost-effectiveness analysis\(spec.analysis.bootstrap.map { " (bootstrap, \($0.replicates) replicates)" } ?? "")") {
            CEARun(specification: primarySpec, result: try runCEA(primarySpec, on: ceaData, spec: spec))
        }
        // After the primary analysis, which locates an error in analysis.cost_covariates at its key.
        // Every category on the rows with every category costed, so that the parts sum to the total.
        let costs = try costing.columns.map { column -> CostCategory in
            let values = try numbers(analysisData, column.name)
            let t = ArmSummary(zip(values, analysisTreated).filter { $1 }.map(\.0)), c = ArmSummary(zip(values, analysisTreated).filter { !$1 }.map(\.0))
            let prefix = "cost_"
            return CostCategory(column: column.name, category: column.name.hasPrefix(prefix) ? String(column.name.dropFirst(prefix.count)) : column.name,
                                treated: t, control: c, difference: MeanDifference(treated: t, control: c, level: spec.analysis.level),
                                adjusted: try adjustedDifference(spec, column: column.name, covariates: spec.analysis.costCovariates, requiring: costColumns, regression: outcomeRegression))
        }
        let subgroups = try step("subgroups") { try subgroupAnalyses(spec.analysis.subgroups, primary: primarySpec, data: ceaData, spec: spec) }
        let attrition = try attritionRows(spec, data: data, analysed: analysed, excluded: excluded.map { analysed[$0] }, treated: treated, scoring: scoring, primary: primary.result, qaly: qaly)
        let sensitivity = try step("sensitivity analyses") {
            try spec.analysis.sensitivity.enumerated().map { index, variation in
                try sensitivityAnalysis(variation, index: index, primary: primarySpec, primaryResult: primary.result, spec: spec, loaded: loaded, data: ceaData, qaly: qaly, threads: threads)
            }
        }
        return StudyResults(spec: spec, fileRows: loaded.fileRows, participants: loaded.dataset.rowCount, longFormat: loaded.longTimes != nil,
                            scoring: scoring, qaly: qaly, costing: costing, attrition: attrition, baseline: baseline, outcomes: outcomes, costs: costs,
                            primary: primary, subgroups: subgroups, sensitivity: sensitivity, analysisData: analysisData, primaryData: ceaData, outcomeRegression: outcomeRegression)
    }

    /// The data scored, derived and costed (every participant, before the analysis population
    /// is chosen): the result of the load, score, derive and cost steps.
    public struct PreparedData: Sendable {
        public var loaded: StudyData.Loaded
        /// The participants' data with the score, change, QALY, cost and `intervention` columns.
        public var data: Dataset
        /// Whether each row is in the intervention arm.
        public var treated: [Bool]
        public var scoring: [ScoredOutcome]
        public var qaly: QALYDerivation?
        public var costing: CostingResult
    }

    /// load → validate → score → derive → cost.
    public static func prepare(_ spec: StudySpec) throws -> PreparedData {
        try prepare(spec, step: StepTimer(progress: { _ in }))
    }

    /// Times a step and reports it when it took over a second.
    struct StepTimer {
        let progress: (String) -> Void
        func callAsFunction<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = ContinuousClock.now
            let value = try body()
            let elapsed = ContinuousClock.now - start
            if elapsed > .seconds(1) {
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                progress("\(name): \(String(format: "%.1f", seconds)) s")
            }
            return value
        }
    }

    static func prepare(_ spec: StudySpec, step: StepTimer) throws -> PreparedData {
        let loaded = try step("load") { try StudyData.load(spec) }
        try checkAvailable(spec)
        var data = loaded.dataset
        let treated = try treatedRows(data, spec: spec)
        if data.column(named: interventionColumn) != nil {
            throw spec.locations.error(at: "data.file", problem: "the data already have a column \(MessageText.name(interventionColumn)), the name phbeval gives the arm indicator",
                                       fix: "rename that column")
        }
        try data.append(Column(name: interventionColumn, numbers: treated.map { $0 ? 1 : 0 }))
        let (scoreColumns, scoring) = try step("score") { try score(spec, loaded: loaded, data: data, valueSets: [:]) }
        for column in scoreColumns { try data.append(column) }
        let qaly = spec.outcomes.qaly.map { q in
            QALYDerivation(column: "qaly", utilityColumns: q.times.map { scoreName(q.from, $0) }, months: q.times, discountRate: q.discountRate)
        }
        if let qaly { try data.append(try qalyColumn(qaly, data: data, discountRate: qaly.discountRate)) }
        for name in [spec.outcomes.primary] + spec.outcomes.secondary {
            let (b, f) = try changeTimes(spec, outcome: name, loaded: loaded)
            let baseline = try numbers(data, scoreName(name, b)), followUp = try numbers(data, scoreName(name, f))
            try data.append(Column(name: "\(name)_change", numbers: DerivedOutcomes.change(baseline: baseline, followUp: followUp)))
        }
        let costing = try step("cost") { try cost(spec, data: data, treated: treated) }
        // A cost column of the data with a costed column's name (a reconstruction's own
        // `cost_total`) is replaced by the costed one, which the report documents.
        let costed = Dictionary(costing.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        data = try Dataset(source: data.source, columns: data.columns.map { costed[$0.name] ?? $0 }, lineNumbers: data.lineNumbers)
        for column in costing.columns where loaded.dataset.column(named: column.name) == nil { try data.append(column) }
        return PreparedData(loaded: loaded, data: data, treated: treated, scoring: scoring, qaly: qaly, costing: costing)
    }

    // MARK: - Imputation and weighting

    /// The one place where multiple imputation and propensity weighting join the pipeline: the
    /// combinations the engine does not support are refused at their spec key before any work.
    static func checkAvailable(_ spec: StudySpec) throws {
        let a = spec.analysis
        if a.missing.method == .mi, a.cluster != nil {
            throw spec.locations.error(at: "analysis.missing.method", problem: "multiple imputation is not available with clustered errors (analysis.cluster)",
                                       fix: "leave analysis.cluster out with method: mi, or use method: complete_case")
        }
        if a.missing.method == .mi, let b = a.bootstrap, b.replicates > 0, a.model != .ols {
            throw spec.locations.error(at: "analysis.missing.method", problem: "bootstrap-then-impute is for the least-squares model, and the \(a.model.rawValue) model is not",
                                       fix: "use analysis.model: ols with method: mi and a bootstrap, or leave out analysis.bootstrap (Rubin's rules)")
        }
        if let w = a.weighting {
            if w.estimand == .ATO {
                throw spec.locations.error(at: "analysis.weighting.estimand", problem: "overlap weights (ATO) are not available",
                                           fix: "use estimand: ATE or ATT")
            }
            if w.stabilize, w.estimand == .ATT {
                throw spec.locations.error(at: "analysis.weighting.stabilize", problem: "stabilisation applies to ATE weights only (ATT weights are already 1 for the treated)",
                                           fix: "leave stabilize out with estimand: ATT")
            }
            if !w.randomised, spec.data.randomised == nil {
                throw spec.locations.error(at: "analysis.weighting", problem: "weighting applies to the participants not randomised, and the spec names no data.randomised column",
                                           fix: "name the 0/1 column of randomised participants as data.randomised, or set analysis.weighting.randomised: true to weight everyone")
            }
        }
    }

    /// The multiple imputation the spec asks for (`analysis.missing`), or nil.
    static func imputation(_ spec: StudySpec) -> CEAImputation? {
        let m = spec.analysis.missing
        guard m.method == .mi else { return nil }
        return CEAImputation(imputations: m.imputations, iterations: m.iterations, auxiliary: m.auxiliary, donors: m.donors)
    }

    /// The propensity weighting the spec asks for (`analysis.weighting`), or nil: the
    /// participants with `data.randomised` = 1 keep weight 1 unless `randomised: true`.
    public static func weighting(_ spec: StudySpec) -> WeightingOptions? {
        spec.analysis.weighting.map { w in
            WeightingOptions(propensity: w.propensity, estimand: w.estimand == .ATT ? .att : .ate, stabilize: w.stabilize, trim: w.trim,
                             randomised: w.randomised ? nil : spec.data.randomised)
        }
    }

    // MARK: - Steps

    /// `NAME_T`, the score column of an outcome at T months.
    public static func scoreName(_ outcome: String, _ time: Double) -> String { "\(outcome)_\(time.shortestText)" }

    static func numbers(_ data: Dataset, _ name: String) throws -> [Double] {
        let column = try data.requireColumn(name)
        guard let v = column.numbers else {
            throw InputError(file: data.source, problem: "column \(MessageText.name(name)) is not numeric", fix: "give numbers in it")
        }
        return zip(v, column.missing).map { $1 ? .nan : $0 }
    }

    /// Whether each row is in the intervention arm (`data.arm` equal to `data.treated`), refusing
    /// a missing arm and data with one arm only.
    static func treatedRows(_ data: Dataset, spec: StudySpec) throws -> [Bool] {
        let arm = try data.requireColumn(spec.data.arm)
        var treated: [Bool] = []
        for row in 0..<data.rowCount {
            guard let label = StudyData.label(arm, row) else {
                throw data.inputError(row: row, column: spec.data.arm, problem: "the arm is missing", fix: "give every participant an arm")
            }
            treated.append(label == spec.data.treated)
        }
        if !treated.contains(true) {
            throw spec.locations.error(at: "data.treated", problem: "no participant has \(spec.data.arm) = \(MessageText.display(spec.data.treated))",
                                       fix: "use a value of the arm column: \(MessageText.list(Array(Set((0..<data.rowCount).compactMap { StudyData.label(arm, $0) })).sorted()))")
        }
        if !treated.contains(false) {
            throw spec.locations.error(at: "data.treated", problem: "every participant is in the intervention arm", fix: "check data.arm and data.treated")
        }
        return treated
    }

    /// The rows analysed: those with `data.randomised` = 1 (every row without the key), or every
    /// row when propensity weighting makes the non-randomised comparison.
    static func randomisedRows(_ data: Dataset, spec: StudySpec) throws -> [Int] {
        guard let name = spec.data.randomised, spec.analysis.weighting == nil else { return Array(0..<data.rowCount) }
        let column = try data.requireColumn(name)
        guard let v = column.numbers else {
            throw spec.locations.error(at: "data.randomised", problem: "the column \(MessageText.name(name)) is not 0/1", fix: "mark randomised participants 1 and others 0")
        }
        return (0..<data.rowCount).filter { !column.missing[$0] && v[$0] == 1 }
    }

    /// The rows of `data` with `analysis.missing.exclude` = 1 (none without the key).
    static func excludedRows(_ data: Dataset, spec: StudySpec) throws -> Set<Int> {
        guard let name = spec.analysis.missing.exclude else { return [] }
        let key = "analysis.missing.exclude"
        guard let column = data.column(named: name) else {
            throw spec.locations.error(at: key, problem: "the data have no column \(MessageText.name(name))", fix: "name the 0/1 column of the rows to leave out (e.g. died)")
        }
        guard let v = column.numbers else {
            throw spec.locations.error(at: key, problem: "the column \(MessageText.name(name)) is text, not 0/1", fix: "mark the rows to leave out 1 and the others 0")
        }
        if let row = v.indices.first(where: { column.missing[$0] || (v[$0] != 0 && v[$0] != 1) }) {
            throw data.inputError(row: row, column: name, problem: column.missing[row] ? "the exclusion indicator is missing here" : "the exclusion indicator is \(v[row].shortestText), not 0 or 1",
                                  fix: "mark the rows to leave out (\(key)) 1 and the others 0 in every row")
        }
        let excluded = Set(v.indices.filter { v[$0] == 1 })
        let arms = try numbers(data, interventionColumn)
        // An arm needs 2 rows for a variance (1 left would be blamed on the arm or weighting keys).
        for (arm, label) in [(1.0, spec.data.treatedLabel), (0.0, spec.data.controlLabel)] {
            let rows = arms.indices.filter { arms[$0] == arm }, left = rows.filter { !excluded.contains($0) }.count
            guard left < 2, left < rows.count else { continue }
            throw spec.locations.error(at: key, problem: left == 0 ? "every participant in the \(label) arm has \(name) = 1, so the cost-effectiveness analyses would have no \(label) participant"
                                           : "all but one participant in the \(label) arm have \(name) = 1, so the cost-effectiveness analyses would have 1 \(label) participant (an arm needs 2 or more)",
                                       fix: "check the column: it should mark only the rows whose outcomes do not exist (e.g. died)")
        }
        return excluded
    }

    static func firstTime(_ spec: StudySpec, _ instrument: StudySpec.InstrumentSpec, loaded: StudyData.Loaded) -> Double {
        StudyData.itemColumns(instrument, loaded: loaded).first!.time
    }

    /// The baseline and follow-up times of an outcome's change: `outcomes.baseline`/`follow_up`,
    /// else the instrument's first and last times with any score.
    static func changeTimes(_ spec: StudySpec, outcome: String, loaded: StudyData.Loaded) throws -> (Double, Double) {
        let instrument = spec.instruments.first { $0.name == outcome }!
        let times = StudyData.itemColumns(instrument, loaded: loaded).map(\.time)
        let b = spec.outcomes.baseline ?? times.first!, f = spec.outcomes.followUp ?? times.last!
        for (key, t) in [("outcomes.baseline", b), ("outcomes.follow_up", f)] where !times.contains(t) {
            throw spec.locations.error(at: key, problem: "\(outcome) is not assessed at \(t.shortestText) months", fix: "use one of its times: \(times.map { $0.shortestText }.joined(separator: ", "))")
        }
        guard f > b else {
            throw spec.locations.error(at: "outcomes.follow_up", problem: "\(outcome) has no follow-up after baseline", fix: "assess it at two times or more")
        }
        return (b, f)
    }

    /// Scores every instrument at every time (`valueSets` replaces an instrument's value set by name).
    static func score(_ spec: StudySpec, loaded: StudyData.Loaded, data: Dataset, valueSets: [String: String],
                      only: Set<String>? = nil) throws -> ([Column], [ScoredOutcome]) {
        var columns: [Column] = [], records: [ScoredOutcome] = []
        for instrument in spec.instruments where only?.contains(instrument.name) ?? true {
            for (time, items) in StudyData.itemColumns(instrument, loaded: loaded) {
                if instrument.precomputed {
                    columns += try precomputedScore(spec, instrument, time: time, source: items[0], data: data, records: &records, only: only)
                    continue
                }
                var request = ScoreRequest(instrument: instrument.instrument, columns: items)
                request.valueSet = valueSets[instrument.name] ?? instrument.valueSet
                request.method = instrument.method
                if let path = instrument.weights { try StudyData.requireReadable(path, key: "\(instrument.path).weights", kind: "weights file", spec: spec) }
                request.weightsFile = instrument.weights
                request.prorateMaxMissing = instrument.prorateMax
                request.name = scoreName(instrument.name, time)
                if only == nil, data.column(named: request.name!) != nil {
                    let key = spec.locations.origin(of: "\(instrument.path).name") != nil ? "\(instrument.path).name" : "\(instrument.path).instrument"
                    throw spec.locations.error(at: key, problem: "the score column \(MessageText.name(request.name!)) would have the name of a column of the data",
                                               fix: "give the instrument another name: (its scores are NAME_MONTH)")
                }
                let table: ScoreTable
                do {
                    table = try request.scorer().score(data)
                } catch let error as InputError {
                    guard case .parameter(let p, _) = error.origin else { throw error }
                    let key = ["value_set": "value_set", "method": "method", "scoring_weights": "weights", "prorate_max": "prorate_max"][p.name] ?? "instrument"
                    throw spec.locations.error(at: "\(instrument.path).\(key)", problem: error.problem, fix: error.fix)
                }
                columns += table.columns
                if let summary = table.summaries.first { records.append(ScoredOutcome(outcome: instrument.name, time: time, summary: summary, provenance: table.provenance)) }
            }
        }
        return (columns, records)
    }

    /// A score given as a column (`scores`): used as it is, under the name `NAME_T` (a copy when
    /// the column has another name); summarised like a scored one, its provenance "precomputed".
    static func precomputedScore(_ spec: StudySpec, _ instrument: StudySpec.InstrumentSpec, time: Double, source: String, data: Dataset,
                                 records: inout [ScoredOutcome], only: Set<String>?) throws -> [Column] {
        let name = scoreName(instrument.name, time)
        let values = try numbers(data, source)
        let summary = ScoreSummary(column: name, values: values) { _ in "missing in the data" }
        let provenance = ScoringProvenance(instrument: instrument.instrument.rawValue, version: "as given", method: "precomputed score (column \(source))")
        records.append(ScoredOutcome(outcome: instrument.name, time: time, summary: summary, provenance: provenance))
        guard name != source else { return [] }
        if only == nil, data.column(named: name) != nil {
            throw spec.locations.error(at: "\(instrument.path).name", problem: "the score column \(MessageText.name(name)) would have the name of another column of the data",
                                       fix: "give the instrument another name: (its scores are NAME_MONTH)")
        }
        return [Column(name: name, numbers: values)]
    }

    static func qalyColumn(_ qaly: QALYDerivation, data: Dataset, discountRate: Double) throws -> Column {
        let utilities = try qaly.utilityColumns.map { try numbers(data, $0) }
        return Column(name: qaly.column, numbers: DerivedOutcomes.qalys(utilities, months: qaly.months, discountRate: discountRate))
    }

    /// Costs service use and the budget. Control participants hold no budget: a missing
    /// `costs.budget` amount in the control arm counts as £0 (in the intervention arm it stays missing).
    static func cost(_ spec: StudySpec, data: Dataset, treated: [Bool]) throws -> CostingResult {
        var data = data
        if let budget = spec.costs.budget, let column = data.column(named: budget), let amounts = column.numbers {
            let filled = amounts.indices.map { column.missing[$0] ? (treated[$0] ? .nan : 0) : amounts[$0] }
            data = try Dataset(source: data.source, columns: data.columns.map { $0.name == budget ? Column(name: budget, numbers: filled) : $0 }, lineNumbers: data.lineNumbers)
        }
        try StudyData.requireReadable(spec.costs.unitCosts, key: "costs.unit_costs", kind: "unit-cost table", spec: spec)
        if let path = spec.costs.priceIndex { try StudyData.requireReadable(path, key: "costs.price_index", kind: "price index", spec: spec) }
        let table = try UnitCostTable(contentsOf: spec.costs.unitCosts)
        let index = try spec.costs.priceIndex.map { try PriceIndex(contentsOf: $0) }
        let request = CostingSpecification(
            unitCosts: table, serviceUse: spec.costs.serviceUse.map { ServiceUseColumn(item: $0.item, column: $0.column) },
            phbCost: spec.costs.budget.map { PHBCost(column: $0, priceYear: spec.costs.budgetPriceYear) }, priceIndex: index,
            targetPriceYear: spec.costs.priceYear)
        do { return try Costing.run(request, on: data) } catch let error as InputError {
            guard case .parameter = error.origin else { throw error }
            throw spec.locations.error(at: "costs", problem: error.problem, fix: error.fix)
        }
    }

    /// The outcome's scores and changes on `data` (the analysis population) and its adjusted
    /// difference by `regression` (on the rows of the cost-effectiveness analyses, weighted and
    /// imputed when the primary analysis is).
    static func outcomeDelta(_ spec: StudySpec, outcome: String, loaded: StudyData.Loaded, data: Dataset, treated: [Bool],
                             regression: OutcomeRegression) throws -> OutcomeDelta {
        let instrument = spec.instruments.first { $0.name == outcome }!
        let (b, f) = try changeTimes(spec, outcome: outcome, loaded: loaded)
        func split(_ values: [Double]) -> (ArmSummary, ArmSummary) {
            (ArmSummary(zip(values, treated).filter { $1 }.map(\.0)), ArmSummary(zip(values, treated).filter { !$1 }.map(\.0)))
        }
        var times: [OutcomeDelta.TimePoint] = []
        for (time, _) in StudyData.itemColumns(instrument, loaded: loaded) {
            let column = scoreName(outcome, time)
            let (t, c) = split(try numbers(data, column))
            if t.n + c.n > 0 { times.append(.init(time: time, column: column, treated: t, control: c)) }
        }
        let (ct, cc) = split(try numbers(data, "\(outcome)_change"))
        return OutcomeDelta(outcome: outcome, instrument: instrument.instrument.rawValue, times: times, baselineTime: b, followUpTime: f,
                            changeTreated: ct, changeControl: cc, changeDifference: MeanDifference(treated: ct, control: cc, level: spec.analysis.level),
                            adjusted: try adjustedDifference(spec, column: scoreName(outcome, f), covariates: Formula.quotedName(scoreName(outcome, b)), regression: regression))
    }

    /// The arm coefficient of `column ~ intervention + covariates` by `regression` (weighted and
    /// imputed when the primary analysis is), with its interval at `analysis.level` (Student's t
    /// on the term's df, else the normal).
    static func adjustedDifference(_ spec: StudySpec, column: String, covariates: String?, requiring: [String] = [],
                                   regression: OutcomeRegression) throws -> AdjustedDifference {
        let formula = "\(Formula.quotedName(column)) ~ \(interventionColumn)" + (covariates.map { " + \($0)" } ?? "")
        let fit = try regression.fit(formula, requiring: requiring)
        guard let term = fit.terms.first(where: { $0.term == interventionColumn }) else {
            throw AnalysisError.numericalFailure("the arm effect on \(column) cannot be estimated (the arm is aliased)")
        }
        let (estimate, se, p) = (term.estimate, term.standardError, term.pValue)
        let quantile = term.degreesOfFreedom.map { StudentT(degreesOfFreedom: $0).quantile(1 - (1 - spec.analysis.level) / 2) }
            ?? Normal.quantile(1 - (1 - spec.analysis.level) / 2)
        return AdjustedDifference(estimate: estimate, standardError: se, interval: (estimate - quantile * se, estimate + quantile * se),
                                  pValue: p, n: fit.rows, formula: formula)
    }

    /// The CEA request for an effect (`qaly` or an outcome's name): the effect at follow-up, its
    /// baseline added to the effect covariates when asked (after the spec's own terms, so a
    /// formula error's position is the spec's).
    static func ceaSpecification(_ spec: StudySpec, effect: String, loaded: StudyData.Loaded, threads: Int?) throws -> CEASpecification {
        let a = spec.analysis
        let effectColumn: String, baselineColumn: String?
        if effect == "qaly", let q = spec.outcomes.qaly {
            effectColumn = "qaly"
            baselineColumn = q.adjustForBaseline ? scoreName(q.from, q.times[0]) : nil
        } else {
            let (b, f) = try changeTimes(spec, outcome: effect, loaded: loaded)
            effectColumn = scoreName(effect, f)
            baselineColumn = a.adjustForBaseline ? scoreName(effect, b) : nil
        }
        let effectCovariates = [a.effectCovariates, baselineColumn].compactMap { $0 }.joined(separator: " + ")
        var request = CEASpecification(
            arm: spec.data.arm, treatedValue: spec.data.treated, effect: effectColumn, cost: totalCostColumn,
            effectCovariates: effectCovariates.isEmpty ? nil : effectCovariates, costCovariates: a.costCovariates, model: a.model,
            cluster: a.cluster, subgroup: nil, bootstrapReplicates: a.bootstrap?.replicates, seed: a.bootstrap?.seed ?? 1,
            interval: a.bootstrap?.interval ?? .percentile, lambdas: a.lambda.grid, level: a.level, threads: threads ?? a.threads)
        request.clusterVariance = a.clusterVariance
        request.imputation = imputation(spec)
        request.weighting = weighting(spec)
        // The sensitivity analyses of the analysis model share the primary's imputations.
        request.imputation?.variants = a.sensitivity.compactMap { variation in
            switch variation {
            case .unweighted where request.weighting != nil: return .unweighted
            case .unadjusted: return .unadjusted
            default: return nil
            }
        }
        if request.imputation != nil, request.bootstrapReplicates == nil, let seed = a.missing.seed { request.seed = seed }
        return request
    }

    /// `CostEffectivenessAnalysis.run` with its errors located in the spec.
    static func runCEA(_ request: CEASpecification, on data: Dataset, spec: StudySpec) throws -> CEAResult {
        do { return try CostEffectivenessAnalysis.run(request, on: data).checkedFinite() } catch let error as InputError {
            throw spec.located(error)
        }
    }

    /// Multiple imputations pooled by Rubin's rules for the subgroup analyses when the primary is
    /// bootstrap-then-impute (its 2 per sample are too few for D1's df; White, Royston & Wood
    /// 2011, Stat Med 30:377, suggest m at least the percentage of incomplete cases).
    public static let subgroupImputations = 20

    /// Net-benefit regression by each subgroup column (model-based, as the primary but without
    /// the bootstrap: weighted and imputed when the primary is, every column on the same
    /// imputations) and its joint interaction tests at the headline λ values.
    static func subgroupAnalyses(_ columns: [String], primary: CEASpecification, data: Dataset, spec: StudySpec) throws -> [SubgroupAnalysis] {
        guard !columns.isEmpty else { return [] }
        var request = primary
        if request.imputation != nil, request.bootstrapReplicates != nil {
            // The spec's imputations are per bootstrap sample there (2 by default): too few.
            request.imputation?.imputations = subgroupImputations
            request.seed = spec.analysis.missing.seed ?? request.seed
        }
        request.imputation?.variants = []
        let analyses: [(groups: [SubgroupNetBenefit], tests: [SubgroupTest])]
        do { analyses = try CostEffectivenessAnalysis.subgroupAnalyses(request, columns: columns, on: data) } catch let error as InputError {
            throw spec.located(error)
        }
        return zip(columns, analyses).map { column, analysis in
            let tests = analysis.tests.filter { spec.analysis.lambda.headline.contains($0.lambda) }.map { t in
                SubgroupAnalysis.InteractionTest(lambda: t.lambda, statistic: t.statistic, numeratorDF: t.numeratorDF, denominatorDF: t.denominatorDF, pValue: t.pValue)
            }
            return SubgroupAnalysis(column: column, groups: analysis.groups, interaction: tests)
        }
    }

    /// - Parameter primaryResult: the primary analysis, whose shared-imputation variants
    ///   (``CEAImputation/Variant``) are the unweighted and unadjusted analyses under imputation.
    static func sensitivityAnalysis(_ variation: StudySpec.Variation, index: Int, primary: CEASpecification, primaryResult: CEAResult, spec: StudySpec,
                                    loaded: StudyData.Loaded, data: Dataset, qaly: QALYDerivation?, threads: Int?) throws -> SensitivityAnalysis {
        var request = primary
        request.imputation?.variants = []
        var data = data
        let path = "analysis.sensitivity[\(index + 1)]"
        // A variation the data cannot support is reported in the table, not fatal to the report.
        func rerun() throws -> SensitivityAnalysis {
            do {
                return SensitivityAnalysis(variation: variation, run: CEARun(specification: request, result: try CostEffectivenessAnalysis.run(request, on: data).checkedFinite()),
                                           sameAsPrimary: nil)
            } catch let error where error is AnalysisError || error is InputError {
                let naming = { (p: Parameter) in StudySpec.key(for: p) ?? p.name }
                let message = (error as? InputError).map { "\($0.problem.rendered(naming: naming)); \($0.fix.rendered(naming: naming))" } ?? "\(error)"
                return SensitivityAnalysis(variation: variation, run: nil, sameAsPrimary: nil, failure: message)
            }
        }
        // Under multiple imputation the variation of the analysis model made on the primary's own
        // imputations (requested by ``ceaSpecification``), not a second imputation.
        func shared(_ variant: CEAImputation.Variant) throws -> SensitivityAnalysis? {
            guard let result = primaryResult.imputation?.variants.first(where: { $0.variant == variant })?.result else { return nil }
            return SensitivityAnalysis(variation: variation, run: CEARun(specification: request, result: try result.checkedFinite()), sameAsPrimary: nil)
        }
        func replacing(_ columns: [Column]) throws -> Dataset {
            let byName = Dictionary(columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            return try Dataset(source: data.source, columns: data.columns.map { byName[$0.name] ?? $0 }, lineNumbers: data.lineNumbers)
        }
        switch variation {
        case .completeCase:
            guard request.imputation != nil else {
                return SensitivityAnalysis(variation: variation, run: nil, sameAsPrimary: "the primary analysis is a complete-case analysis")
            }
            request.imputation = nil
            return try rerun()
        case .unweighted:
            guard request.weighting != nil else {
                return SensitivityAnalysis(variation: variation, run: nil, sameAsPrimary: "the primary analysis is unweighted")
            }
            request.weighting = nil
            return try shared(.unweighted) ?? rerun()
        case .unadjusted:
            request.effectCovariates = nil
            request.costCovariates = nil
            return try shared(.unadjusted) ?? rerun()
        case .model(let model):
            guard model != primary.model else { return SensitivityAnalysis(variation: variation, run: nil, sameAsPrimary: "the primary analysis uses this model") }
            request.model = model
            if model != .ols { request.clusterVariance = .CR1 }
            return try rerun()
        case .effect(let effect):
            let other = try ceaSpecification(spec, effect: effect, loaded: loaded, threads: threads)
            request.effect = other.effect
            request.effectCovariates = other.effectCovariates
            return try rerun()
        case .discount(let rate):
            guard let qaly, primary.effect == qaly.column else {
                return SensitivityAnalysis(variation: variation, run: nil, sameAsPrimary: "the primary effect is not QALYs, which alone are discounted")
            }
            data = try replacing([try qalyColumn(qaly, data: data, discountRate: rate)])
            return try rerun()
        case .valueSet(let name):
            let eq5d = spec.instruments.filter { $0.instrument == .eq5d3l || $0.instrument == .eq5d5l }
            guard let qaly, primary.effect == qaly.column || eq5d.contains(where: { primary.effect.hasPrefix($0.name + "_") }) else {
                return SensitivityAnalysis(variation: variation, run: nil, sameAsPrimary: "the primary effect does not use EQ-5D values")
            }
            let rescored: [Column]
            do {
                rescored = try score(spec, loaded: loaded, data: data, valueSets: Dictionary(eq5d.map { ($0.name, name) }, uniquingKeysWith: { a, _ in a }),
                                     only: Set(eq5d.map(\.name))).0
            } catch let error as InputError {
                guard case .specKey(let key, _, _, _) = error.origin, key.hasSuffix(".value_set") else { throw error }
                throw spec.locations.error(at: path, problem: error.problem, fix: error.fix)
            }
            data = try replacing(rescored)
            data = try replacing([try qalyColumn(qaly, data: data, discountRate: qaly.discountRate)])
            return try rerun()
        }
    }

    static func attritionRows(_ spec: StudySpec, data: Dataset, analysed: [Int], excluded: [Int], treated: [Bool], scoring: [ScoredOutcome],
                              primary: CEAResult, qaly: QALYDerivation?) throws -> Attrition {
        func count(_ rows: [Int]) -> (Int, Int) { (rows.filter { treated[$0] }.count, rows.filter { !treated[$0] }.count) }
        var rows: [Attrition.Row] = []
        let all = count(Array(0..<data.rowCount))
        rows.append(.init(label: "enrolled", treated: all.0, control: all.1))
        if let name = spec.data.randomised {
            // Under weighting every row is analysed: the randomised are those marked 1.
            let flag = try numbers(data, name)
            let r = count((0..<data.rowCount).filter { flag[$0] == 1 })
            rows.append(.init(label: "randomised", treated: r.0, control: r.1))
            if analysed.count != r.0 + r.1 { rows.append(.init(label: "analysed (the non-randomised weighted)", treated: count(analysed).0, control: count(analysed).1)) }
        }
        let analysedSet = Set(analysed)
        for record in scoring {
            let values = try numbers(data, scoreName(record.outcome, record.time))
            let c = count(analysed.filter { !values[$0].isNaN })
            rows.append(.init(label: "\(record.outcome) at \(record.time.shortestText) months", treated: c.0, control: c.1))
        }
        if let qaly {
            let values = try numbers(data, qaly.column)
            let c = count(analysed.filter { !values[$0].isNaN })
            rows.append(.init(label: "QALYs (EQ-5D at every time)", treated: c.0, control: c.1))
        }
        let total = try numbers(data, totalCostColumn)
        let c = count(analysed.filter { analysedSet.contains($0) && !total[$0].isNaN })
        rows.append(.init(label: "total cost", treated: c.0, control: c.1))
        if let name = spec.analysis.missing.exclude {
            let e = count(excluded)
            rows.append(.init(label: "left out of the analysis (\(name) = 1)", treated: e.0, control: e.1))
        }
        rows.append(.init(label: "primary analysis (\(primary.imputation == nil ? "complete cases" : "missing values imputed"))", treated: primary.treatedCount, control: primary.controlCount))
        return Attrition(rows: rows)
    }
}
