import CostEffectiveness
import Foundation
import Models
import PHBEvalCore
import Resampling
import Tabular

extension StudySpec {
    /// The keys of each section, in the order the annotated example documents them.
    static let topKeys = ["spec_version", "title", "data", "instruments", "outcomes", "costs", "analysis", "report"]
    static let dataKeys = ["file", "id", "arm", "treated", "treated_label", "control_label", "site", "randomised", "time", "characteristics", "missing"]
    static let instrumentKeys = ["instrument", "name", "columns", "scores", "value_set", "method", "weights", "prorate_max"]
    static let outcomeKeys = ["primary", "secondary", "qaly", "baseline", "follow_up"]
    static let qalyKeys = ["from", "times", "discount", "adjust_baseline"]
    static let costKeys = ["unit_costs", "price_index", "price_year", "service_use", "budget", "budget_price_year"]
    static let analysisKeys = ["effect", "effect_covariates", "cost_covariates", "adjust_baseline", "model", "cluster", "vcov", "bootstrap",
                               "level", "lambda", "significance", "missing", "weighting", "subgroups", "sensitivity", "threads"]
    static let bootstrapKeys = ["replicates", "seed", "ci"]
    static let lambdaKeys = ["from", "to", "step", "headline"]
    static let missingKeys = ["method", "imputations", "iterations", "donors", "auxiliary", "seed", "exclude"]
    static let weightingKeys = ["propensity", "estimand", "stabilize", "trim", "randomised"]
    static let sensitivityKeys = ["value_set", "model", "effect", "discount"]
    static let reportKeys = ["out", "currency", "perspective", "setting", "population", "objective", "time_horizon", "analysis_plan",
                             "engagement", "funding", "conflicts"]
    /// The most values of λ a grid may have (as `cea --lambda`).
    public static let maximumLambdas = 100_001

    /// Reads the spec at `path`, applies `overrides` in order, and checks every key.
    /// - Throws: ``InputError`` at the spec's line and column (or the override's character) for
    ///   anything wrong that can be known without the data: YAML syntax, duplicate, unknown or
    ///   missing keys, wrong types and values, a bad λ grid, outcomes that no instrument scores.
    public static func load(path: String, overrides: [SpecOverride] = []) throws -> StudySpec {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InputError(file: path, problem: "this is a directory, not a spec file", fix: "give the spec file itself, e.g. \(specExample(in: path))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw InputError(file: path, problem: exists ? "the spec cannot be read" : "there is no spec file at this path",
                             fix: exists ? "check its permissions" : "check the path (e.g. datasets/examples/study.yaml)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, problem: "the spec is not UTF-8 text", fix: "save it as UTF-8")
        }
        var root = try SpecNode.parse(yaml: text, file: path)
        for override in overrides { root = try override.apply(to: root) }
        return try StudySpec(root: root, file: path)
    }

    /// A spec file to suggest for `directory`: its `study.yaml`, else its first `.yaml` or `.yml`
    /// file by name, else `DIRECTORY/study.yaml`.
    static func specExample(in directory: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let name = names.contains("study.yaml") ? "study.yaml"
            : names.first { $0.lowercased().hasSuffix(".yaml") || $0.lowercased().hasSuffix(".yml") } ?? "study.yaml"
        return MessageText.path(directory.hasSuffix("/") ? directory + name : directory + "/" + name)
    }

    /// Checks `root` (the composed spec of `file`).
    public init(root: SpecNode, file: String) throws {
        let locations = SpecLocations(file: file)
        let top = try SpecReader(root, path: "", locations: locations).mapping(allowed: Self.topKeys)
        guard let version = top["spec_version"] else {
            throw locations.error(at: "", problem: "the spec has no spec_version", fix: "start it with spec_version: \(Self.supportedVersion)")
        }
        guard (try? version.integer(in: Self.supportedVersion...Self.supportedVersion)) != nil else {
            throw version.error("spec_version \(MessageText.display(version.node.text ?? "(a collection)")) is not supported",
                                fix: "write spec_version: \(Self.supportedVersion), the only version this phbeval reads")
        }
        let directory = PathText.directory(of: file)
        func resolve(_ p: String) -> String { p.hasPrefix("/") || directory.isEmpty ? p : directory + "/" + p }
        func required(_ section: [String: SpecReader], _ key: String, in path: String) throws -> SpecReader {
            guard let reader = section[key] else {
                throw locations.error(at: path, problem: "\(path.isEmpty ? "the spec" : path) has no \(MessageText.name(key))",
                                      fix: "add \(key): under \(path.isEmpty ? "the top level" : path)")
            }
            return reader
        }
        func section(_ key: String, _ keys: [String]) throws -> [String: SpecReader] {
            try required(top, key, in: "").mapping(allowed: keys)
        }

        self.file = file
        self.resolved = root
        self.locations = locations
        self.title = try required(top, "title", in: "").text()

        // data
        let d = try section("data", Self.dataKeys)
        let treated = try required(d, "treated", in: "data").text()
        data = DataSection(
            file: resolve(try required(d, "file", in: "data").text()), id: try required(d, "id", in: "data").text(),
            arm: try required(d, "arm", in: "data").text(), treated: treated,
            treatedLabel: try d["treated_label"]?.text() ?? treated, controlLabel: try d["control_label"]?.text() ?? "control",
            site: try d["site"]?.text(), randomised: try d["randomised"]?.text(), time: try d["time"]?.text(),
            characteristics: try d["characteristics"]?.texts() ?? [], missing: try d["missing"].map { try $0.sequence().map { try $0.text(nonEmpty: false) } } ?? ["", "NA", "."])

        // instruments
        let instrumentList = try required(top, "instruments", in: "").sequence()
        guard !instrumentList.isEmpty else {
            throw top["instruments"]!.error("no instruments are listed", fix: "list at least the primary outcome's instrument")
        }
        var instruments: [InstrumentSpec] = []
        for item in instrumentList {
            let keys = try item.mapping(allowed: Self.instrumentKeys)
            let kindReader = try required(keys, "instrument", in: item.path)
            guard let kind = ScoreRequest.Instrument(rawValue: try kindReader.choice(ScoreRequest.Instrument.allCases.map(\.rawValue))) else { continue }
            let name = try keys["name"]?.text() ?? Self.defaultOutcomeName(kind)
            if instruments.contains(where: { $0.name == name }) {
                throw (keys["name"] ?? kindReader).error("two instruments are named \(MessageText.name(name))", fix: "give each a different name:")
            }
            if keys["columns"] != nil, let scores = keys["scores"] {
                throw scores.error("an instrument has either items (columns) or precomputed scores (scores), not both", fix: "leave one of the two keys out")
            }
            let precomputed = keys["scores"] != nil
            if precomputed, let scoring = ["value_set", "method", "weights", "prorate_max"].first(where: { keys[$0] != nil }) {
                throw keys[scoring]!.error("\(scoring) says how to score items, and this instrument's scores are given (scores)", fix: "leave \(scoring) out, or give the items as columns")
            }
            let columnsReader = try precomputed ? keys["scores"]! : required(keys, "columns", in: item.path)
            var columns: [(time: Double, items: [String])] = []
            var columnPaths: [[String]] = []
            func paths(_ reader: SpecReader, count: Int) -> [String] { (0..<count).map { locations.itemPath(reader.path, $0) } }
            if columnsReader.isSequence {
                if precomputed { throw columnsReader.error("scores must map each time (months) to its score column", fix: "write e.g. {0: ascot_0, 12: ascot_12}") }
                columns = [(0, try columnsReader.texts())]
                columnPaths = [paths(columnsReader, count: columns[0].items.count)]
            } else {
                guard case .mapping(let pairs) = columnsReader.node.value else {
                    throw columnsReader.error("columns must map each time (months) to its item columns, or list the items of long data", fix: "write e.g. {0: [mo0, sc0, ua0, pd0, ad0], 12: [...]}")
                }
                for pair in pairs {
                    let timeReader = SpecReader(pair.key, path: "\(columnsReader.path).\(pair.key.text ?? "")", locations: locations)
                    let time = try timeReader.number("a time in months (0 or more)") { $0 >= 0 }
                    if columns.contains(where: { $0.time == time }) { throw timeReader.error("the time \(time.shortestText) is listed twice", fix: "list each time once") }
                    let itemsReader = SpecReader(pair.value, path: timeReader.path, locations: locations)
                    let items = precomputed ? [try itemsReader.text()] : try itemsReader.texts()
                    columns.append((time, items))
                    columnPaths.append(precomputed ? [itemsReader.path] : paths(itemsReader, count: items.count))
                }
                guard !columns.isEmpty else { throw columnsReader.error("no times are listed", fix: "map each time (months) to its item columns") }
                let order = columns.indices.sorted { columns[$0].time < columns[$1].time }
                columns = order.map { columns[$0] }
                columnPaths = order.map { columnPaths[$0] }
            }
            instruments.append(InstrumentSpec(
                instrument: kind, name: name, columns: columns, columnPaths: columnPaths, valueSet: try keys["value_set"]?.text(), method: try keys["method"]?.text(),
                weights: try keys["weights"].map { resolve(try $0.text()) }, prorateMax: try keys["prorate_max"]?.integer(in: 0...11), path: item.path, precomputed: precomputed))
        }
        self.instruments = instruments
        if data.time != nil, let wide = instruments.first(where: { $0.columns.count > 1 }) {
            throw locations.error(at: "\(wide.path).columns", problem: "data.time makes the data long (one row per assessment), so the items are one list of columns",
                                  fix: "list the item columns once, e.g. columns: [mo, sc, ua, pd, ad]")
        }
        let names = instruments.map(\.name)

        // outcomes
        let o = try section("outcomes", Self.outcomeKeys)
        func outcomeName(_ reader: SpecReader) throws -> String {
            let name = try reader.text()
            guard names.contains(name) else {
                let suggestion = SpecReader.nearest(name, in: names).map { "did you mean \(MessageText.name($0))?" }
                throw reader.error("\(MessageText.name(name)) is not the name of an instrument", fix: "\(suggestion ?? "use one of \(SpecReader.list(names))")")
            }
            return name
        }
        let primary = try outcomeName(try required(o, "primary", in: "outcomes"))
        let secondary = try (o["secondary"].map { try ($0.isSequence ? $0.sequence() : [$0]).map(outcomeName) }) ?? []
        var qaly: QALYSpec? = nil
        if let q = o["qaly"] {
            let keys = try q.mapping(allowed: Self.qalyKeys)
            let fromReader = try required(keys, "from", in: "outcomes.qaly")
            let from = try outcomeName(fromReader)
            guard let source = instruments.first(where: { $0.name == from }), source.instrument == .eq5d3l || source.instrument == .eq5d5l else {
                throw fromReader.error("QALYs need utilities, and \(MessageText.name(from)) is not an EQ-5D instrument", fix: "name the EQ-5D instrument")
            }
            let timesReader = try required(keys, "times", in: "outcomes.qaly")
            let times = try timesReader.sequence().map { try $0.number("a time in months (0 or more)") { $0 >= 0 } }
            guard times.count >= 2, zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw timesReader.error("QALYs need at least two assessment times in increasing order", fix: "write e.g. times: [0, 6, 12]")
            }
            if data.time == nil, let absent = times.first(where: { t in !source.columns.contains { $0.time == t } }) {
                throw timesReader.error("\(from) has no columns at \(absent.shortestText) months", fix: "use the times of its columns: \(source.columns.map { $0.time.shortestText }.joined(separator: ", "))")
            }
            qaly = QALYSpec(from: from, times: times, discountRate: try keys["discount"]?.number("a rate between 0 and 1 (e.g. 0.035)") { $0 >= 0 && $0 < 1 } ?? 0.035,
                            adjustForBaseline: try keys["adjust_baseline"]?.boolean() ?? true)
        }
        outcomes = OutcomesSection(primary: primary, secondary: secondary, qaly: qaly,
                                   baseline: try o["baseline"]?.number("a time in months") { $0 >= 0 },
                                   followUp: try o["follow_up"]?.number("a time in months") { $0 > 0 })

        // costs
        let c = try section("costs", Self.costKeys)
        var serviceUse: [(item: String, column: String)] = []
        if let su = c["service_use"] {
            let pairs: [SpecNode.Pair]
            if case .mapping(let p) = su.node.value { pairs = p } else {
                throw su.error("service_use must map each unit-cost item to its count column", fix: "write e.g. {gp_visit: gp_visits, inpatient_day: bed_days}")
            }
            for pair in pairs {
                let item = try SpecReader(pair.key, path: "costs.service_use", locations: locations).text()
                let column = try SpecReader(pair.value, path: "costs.service_use.\(item)", locations: locations).text()
                serviceUse.append((item, column))
            }
        }
        costs = CostsSection(unitCosts: resolve(try required(c, "unit_costs", in: "costs").text()), priceIndex: try c["price_index"].map { resolve(try $0.text()) },
                             priceYear: try c["price_year"]?.integer(in: 1900...2200), serviceUse: serviceUse, budget: try c["budget"]?.text(),
                             budgetPriceYear: try c["budget_price_year"]?.integer(in: 1900...2200))

        // analysis
        let a = try section("analysis", Self.analysisKeys)
        let effectNames = names + (qaly == nil ? [] : ["qaly"])
        func effectName(_ reader: SpecReader) throws -> String {
            let name = try reader.text()
            guard effectNames.contains(name) else {
                let suggestion = SpecReader.nearest(name, in: effectNames).map { "did you mean \(MessageText.name($0))?" }
                throw reader.error("\(MessageText.name(name)) is not an outcome (an instrument's name\(qaly == nil ? "" : " or qaly"))",
                                   fix: "\(suggestion ?? "use one of \(SpecReader.list(effectNames))")")
            }
            return name
        }
        func model(_ reader: SpecReader) throws -> CEASpecification.Model {
            CEASpecification.Model(rawValue: try reader.choice(CEASpecification.Model.allCases.map(\.rawValue)))!
        }
        var bootstrap: BootstrapSpec? = nil
        if let b = a["bootstrap"] {
            let keys = try b.mapping(allowed: Self.bootstrapKeys)
            let replicates = try required(keys, "replicates", in: "analysis.bootstrap").integer(in: CEASpecification.bootstrapReplicateRange)
            let seed = try keys["seed"].map { r -> UInt64 in
                guard let s = UInt64(try r.text()) else { throw r.error("\(MessageText.display(r.node.text ?? "")) is not a seed (a whole number ≥ 0)", fix: "write e.g. seed: 1") }
                return s
            } ?? 1
            bootstrap = BootstrapSpec(replicates: replicates, seed: seed,
                                      interval: BootstrapInterval(rawValue: try keys["ci"]?.choice(BootstrapInterval.allCases.map(\.rawValue)) ?? "percentile")!)
        }
        let clusterVariance = try a["vcov"].map { VarianceType(rawValue: try $0.choice(["CR1", "CR2"]))! } ?? .CR1
        let cluster = try a["cluster"]?.text()
        if cluster == nil, let v = a["vcov"] { throw v.error("vcov chooses the cluster-robust variance and needs analysis.cluster", fix: "name the cluster column in analysis.cluster, or leave vcov out") }

        var missing = MissingSpec(method: .completeCase, imputations: nil, iterations: 10, donors: 5, auxiliary: [], seed: nil)
        if let m = a["missing"] {
            let keys = try m.mapping(allowed: Self.missingKeys)
            missing.method = MissingSpec.Method(rawValue: try keys["method"]?.choice(MissingSpec.Method.allCases.map(\.rawValue)) ?? "complete_case")!
            missing.imputations = try keys["imputations"]?.integer(in: 2...1000) ?? missing.imputations
            missing.iterations = try keys["iterations"]?.integer(in: 1...1000) ?? missing.iterations
            missing.donors = try keys["donors"]?.integer(in: 1...100) ?? missing.donors
            missing.auxiliary = try keys["auxiliary"]?.texts() ?? []
            missing.exclude = try keys["exclude"]?.text()
            missing.seed = try keys["seed"].map { r in
                guard let s = UInt64(try r.text()) else { throw r.error("\(MessageText.display(r.node.text ?? "")) is not a seed (a whole number ≥ 0)", fix: "write e.g. seed: 1") }
                return s
            }
        }
        var weighting: WeightingSpec? = nil
        if let w = a["weighting"] {
            let keys = try w.mapping(allowed: Self.weightingKeys)
            weighting = WeightingSpec(
                propensity: try required(keys, "propensity", in: "analysis.weighting").text(),
                estimand: WeightingSpec.Estimand(rawValue: try keys["estimand"]?.choice(WeightingSpec.Estimand.allCases.map(\.rawValue)) ?? "ATE")!,
                stabilize: try keys["stabilize"]?.boolean() ?? false,
                trim: try keys["trim"]?.number("a percentile between 0.5 and 1 (e.g. 0.99)") { $0 >= 0.5 && $0 < 1 },
                randomised: try keys["randomised"]?.boolean() ?? false)
        }
        var sensitivity: [Variation] = []
        for item in try a["sensitivity"]?.sequence() ?? [] {
            if item.isMapping {
                let keys = try item.mapping(allowed: Self.sensitivityKeys)
                guard keys.count == 1, let (key, value) = keys.first else {
                    throw item.error("a sensitivity analysis changes one thing", fix: "write one key per item, e.g. '- model: two-part'")
                }
                switch key {
                case "value_set": sensitivity.append(.valueSet(try value.text()))
                case "model": sensitivity.append(.model(try model(value)))
                case "effect": sensitivity.append(.effect(try effectName(value)))
                default: sensitivity.append(.discount(try value.number("a rate between 0 and 1") { $0 >= 0 && $0 < 1 }))
                }
            } else {
                switch try item.choice(["complete_case", "unadjusted", "unweighted"] + Self.sensitivityKeys) {
                case "complete_case": sensitivity.append(.completeCase)
                case "unadjusted": sensitivity.append(.unadjusted)
                case "unweighted": sensitivity.append(.unweighted)
                default: throw item.error("\(MessageText.name(item.node.text ?? "")) needs a value", fix: "write it as '- \(item.node.text ?? ""): VALUE'")
                }
            }
        }
        let effect = try a["effect"].map(effectName) ?? primary
        if effect == "qaly" || sensitivity.contains(where: { if case .discount = $0 { return true } else { return false } }), qaly == nil {
            throw locations.error(at: "analysis.effect", problem: "QALYs are asked for but outcomes has no qaly", fix: "add outcomes.qaly: {from: eq5d, times: [0, 6, 12]}")
        }
        let level = try a["level"]?.number("a confidence level between 0 and 1 (e.g. 0.95)") { $0 > 0 && $0 < 1 } ?? 0.95
        analysis = AnalysisSection(
            effect: effect, effectCovariates: try a["effect_covariates"]?.text(), costCovariates: try a["cost_covariates"]?.text(),
            adjustForBaseline: try a["adjust_baseline"]?.boolean() ?? true, model: try a["model"].map(model) ?? .ols,
            cluster: cluster, clusterVariance: clusterVariance, bootstrap: bootstrap, level: level,
            lambda: try Self.lambda(a["lambda"]),
            significance: try a["significance"]?.number("a significance level between 0 and 0.5 (e.g. 0.05)") { $0 > 0 && $0 <= 0.5 } ?? 0.05,
            missing: missing, weighting: weighting, subgroups: try a["subgroups"]?.texts() ?? [], sensitivity: sensitivity,
            threads: try a["threads"]?.integer(in: CEASpecification.threadRange))

        // report
        let r = try top["report"]?.mapping(allowed: Self.reportKeys) ?? [:]
        let currency = try r["currency"]?.text() ?? "GBP"
        if let reader = r["currency"], currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            throw reader.error("\(MessageText.display(currency)) is not an ISO 4217 currency code", fix: "write e.g. GBP, EUR or USD")
        }
        report = ReportSection(
            out: try r["out"].map { resolve(try $0.text()) }, currency: currency, perspective: try r["perspective"]?.text() ?? "NHS and personal social services",
            setting: try r["setting"]?.text(), population: try r["population"]?.text(), objective: try r["objective"]?.text(),
            timeHorizon: try r["time_horizon"]?.text(), analysisPlan: try r["analysis_plan"]?.text(), engagement: try r["engagement"]?.text(),
            funding: try r["funding"]?.text(), conflicts: try r["conflicts"]?.text())
    }

    /// The λ grid `{from, to, step, headline}` (default 0 to 50,000 by 500, headline 20,000 and
    /// 30,000, NICE's range). The grid must be increasing with at most ``maximumLambdas`` values,
    /// and each headline value a point of it.
    static func lambda(_ reader: SpecReader?) throws -> LambdaSpec {
        guard let reader else {
            return LambdaSpec(grid: stride(from: 0.0, through: 50_000, by: 500).map { $0 }, headline: [20_000, 30_000])
        }
        let keys = try reader.mapping(allowed: Self.lambdaKeys)
        let from = try keys["from"]?.number() ?? 0
        let to = try keys["to"]?.number() ?? 50_000
        let step = try keys["step"]?.number("a step greater than 0") { $0 > 0 } ?? 500
        guard to >= from else {
            throw (keys["to"] ?? reader).error("the grid runs from \(from.shortestText) to \(to.shortestText), which is backwards", fix: "make to at least from")
        }
        guard (to - from) / step < Double(Self.maximumLambdas) else {
            throw (keys["step"] ?? reader).error("the grid has more than \(Self.maximumLambdas) values of λ", fix: "use a larger step, e.g. \(((to - from) / 100).shortestText)")
        }
        let count = Int(((to - from) / step + 1e-9).rounded(.down))
        let grid = (0...count).map { min(from + Double($0) * step, to) }
        let headlineReaders = try keys["headline"].map { $0.isSequence ? try $0.sequence() : [$0] }
        var headline: [Double] = []
        for h in headlineReaders ?? [] {
            let value = try h.number()
            guard grid.contains(value) else {
                throw h.error("the headline λ \(value.shortestText) is not a point of the grid \(from.shortestText) to \(to.shortestText) by \(step.shortestText)",
                              fix: "choose a value on the grid")
            }
            headline.append(value)
        }
        if headlineReaders == nil { headline = [20_000, 30_000].filter(grid.contains) }
        if headline.isEmpty { headline = [grid[grid.count / 2]] }
        return LambdaSpec(grid: grid, headline: headline)
    }

    /// `eq5d`, `ghq12` or `ascot`.
    static func defaultOutcomeName(_ instrument: ScoreRequest.Instrument) -> String {
        switch instrument {
        case .eq5d3l, .eq5d5l: return "eq5d"
        case .ghq12: return "ghq12"
        case .ascot: return "ascot"
        }
    }

    /// The spec key a library parameter corresponds to, for rendering messages in the spec's
    /// terms (`analysis.effect_covariates`); nil where there is none.
    public static func key(for parameter: Parameter) -> String? {
        switch parameter {
        case .arm: return "data.arm"
        case .treated: return "data.treated"
        case .effectCovariates: return "analysis.effect_covariates"
        case .costCovariates: return "analysis.cost_covariates"
        case .model: return "analysis.model"
        case .cluster: return "analysis.cluster"
        case .variance: return "analysis.vcov"
        case .subgroup: return "analysis.subgroups"
        case .bootstrap: return "analysis.bootstrap.replicates"
        case .seed: return "analysis.bootstrap.seed"
        case .interval: return "analysis.bootstrap.ci"
        case .lambda: return "analysis.lambda"
        case .level: return "analysis.level"
        case .threads: return "analysis.threads"
        case .valueSet: return "value_set"
        case .method: return "method"
        case .scoringWeights: return "weights"
        case .prorateMax: return "prorate_max"
        case .costing: return "costs"
        case .propensity: return "analysis.weighting.propensity"
        case .estimand: return "analysis.weighting.estimand"
        case .stabilize: return "analysis.weighting.stabilize"
        case .trim: return "analysis.weighting.trim"
        case .randomised: return "data.randomised"
        case .imputations, .imputationCount: return "analysis.missing.method"
        case .iterations: return "analysis.missing.iterations"
        case .donors: return "analysis.missing.donors"
        case .auxiliary: return "analysis.missing.auxiliary"
        default: return nil
        }
    }

    /// `error` located in the spec: an error at a request parameter (a formula term of
    /// `effect_covariates`, the cluster column) moves to the line of the spec key that gave it,
    /// with the character offset inside a one-line formula. Other errors are returned as they are.
    public func located(_ error: InputError) -> InputError {
        guard case .parameter(let parameter, let position) = error.origin, parameter != .set, let key = Self.key(for: parameter),
              case .specKey(_, let file, let line, let column)? = locations.origin(of: key) else { return error }
        let offset = position.map { $0 - 1 } ?? 0
        return InputError(origin: .specKey(path: key, file: file, line: line, column: column + offset), problem: error.problem, fix: error.fix)
    }
}
