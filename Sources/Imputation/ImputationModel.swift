import Models
import Tabular

/// A checked imputation request on one dataset: the variables of the chained equations, their
/// methods, predictors and passive formulas, ready to run chains (``ChainedEquations``).
///
/// Every variable is held as numbers: numeric columns as they are, a two-level categorical
/// column as its code (0 for the first level, 1 for the second), a categorical auxiliary column
/// with more levels as its code, expanded to one indicator per level after the first when it
/// predicts.
public struct ImputationModel: Sendable {
    /// One variable of the model.
    struct Slot: Sendable {
        enum Role: Sendable {
            case target(ImputationMethod)
            case auxiliary
            case passive(PassiveVariable)
        }
        let name: String
        /// Index of the column in the dataset.
        let column: Int
        let role: Role
        /// Values as numbers (codes for categorical columns), NaN where missing.
        let values: [Double]
        let missing: [Bool]
        /// Levels of a categorical column (nil: numeric).
        let levels: [String]?
        /// Design columns it makes as a predictor: 1, or levels − 1 for a categorical auxiliary.
        var width: Int { if let levels, levels.count > 2 { return levels.count - 1 } else { return 1 } }
        var isTarget: Bool { if case .target = role { return true } else { return false } }
    }

    public let data: Dataset
    public let options: ImputationOptions
    let slots: [Slot]
    /// Targets in visit order (dataset column order), as slot indices.
    let visitOrder: [Int]
    /// Predictor slots of each slot (empty for non-targets).
    let predictorSlots: [[Int]]
    /// Passive slots to recompute after each target slot is imputed.
    let passiveAfter: [[Int]]
    /// The method of each target, by variable name (for reports).
    public let methods: [(variable: String, method: ImputationMethod)]
    /// Missing values per imputed or passive variable, in visit order then passive order.
    public let missingCounts: [(variable: String, missing: Int)]
    /// The `by` column's group of each row (all 0 without `by`), and the group labels.
    let group: [Int]
    public let groupLabels: [String]

    /// Checks `options` against `data`.
    /// - Throws: ``InputError`` for data without rows, an unknown or repeated column, a variable with every value
    ///   missing, a method that does not fit the variable (``ImputationMethod/logreg`` on values
    ///   other than 0 and 1, a categorical variable with more than two levels), an auxiliary, `by`
    ///   or passive component column with missing values, a passive formula on an unknown column,
    ///   out-of-range counts.
    public init(data: Dataset, options: ImputationOptions) throws {
        guard (2...ImputationOptions.maximumImputations).contains(options.imputations) || options.imputations == 1 else {
            throw InputError(parameter: .imputationCount, problem: "\(options.imputations) imputations is outside 1…\(ImputationOptions.maximumImputations)",
                             fix: "use \(parameter: .imputationCount) 5 to 100 (mice's default is 5)")
        }
        guard (1...ImputationOptions.maximumIterations).contains(options.iterations) else {
            throw InputError(parameter: .iterations, problem: "\(options.iterations) iterations is outside 1…\(ImputationOptions.maximumIterations)",
                             fix: "use \(parameter: .iterations) 5 to 20 (mice's default is 5)")
        }
        guard options.donors >= 1 else {
            throw InputError(parameter: .donors, problem: "\(options.donors) donors", fix: "use \(parameter: .donors) 3 to 10 (mice's default is 5)")
        }
        try data.requireRows()
        guard !options.variables.isEmpty else {
            throw InputError(parameter: .variables, problem: "no variables to impute", fix: "name them with \(parameter: .variables) a,b")
        }
        var seen: [String: Parameter] = [:]
        func claim(_ name: String, _ parameter: Parameter) throws -> Int {
            if let earlier = seen[name] {
                throw InputError(parameter: parameter, problem: "\(MessageText.name(name)) is already given in \(parameter: earlier)",
                                 fix: "name each column once among \(parameter: .variables), \(parameter: .auxiliary), \(parameter: .passive) and \(parameter: .imputeBy)")
            }
            seen[name] = parameter
            _ = try data.requireColumn(name, usedAt: .parameter(parameter, position: nil))
            return data.columnNames.firstIndex(of: name)!
        }
        for name in options.methods.keys.sorted() where !options.variables.contains(name) {
            throw InputError(parameter: .method, problem: "\(MessageText.name(name)) has a method but is not among the variables to impute",
                             fix: "add it to \(parameter: .variables) or remove it from \(parameter: .method)")
        }
        var slots: [Slot] = []
        // Targets in the data file's column order (mice's visit sequence "roman").
        let targetColumns = try options.variables.map { try claim($0, .variables) }
        for column in targetColumns.sorted() {
            let c = data.columns[column]
            let (values, levels) = try Self.numbers(of: c, data: data, parameter: .variables)
            let observed = c.missing.lazy.filter { !$0 }.count
            guard observed > 0 else {
                throw data.inputError(column: c.name,
                                      problem: "every one of the \(c.count) values of \(MessageText.name(c.name)) is missing, so there is nothing to impute it from",
                                      fix: "remove it from \(parameter: .variables); a variable with no observed value cannot be imputed")
            }
            let method = options.methods[c.name] ?? (levels == nil ? .pmm : .logreg)
            if method == .logreg, let bad = values.indices.first(where: { !c.missing[$0] && values[$0] != 0 && values[$0] != 1 }) {
                throw data.inputError(row: bad, column: c.name, problem: "\(MessageText.name(c.name)) is \(values[bad].shortestText), but logreg imputes a binary variable (0 or 1)",
                                      fix: "use \(parameter: .method) \(c.name)=pmm or norm for a numeric variable")
            }
            if levels != nil, method != .logreg {
                throw InputError(parameter: .method, problem: "\(MessageText.name(c.name)) is categorical, which \(method.rawValue) cannot impute",
                                 fix: "use \(parameter: .method) \(c.name)=logreg (two levels)")
            }
            slots.append(Slot(name: c.name, column: column, role: .target(method), values: values, missing: c.missing, levels: levels))
        }
        for name in options.auxiliary {
            let column = try claim(name, .auxiliary)
            let c = data.columns[column]
            if let row = c.missing.firstIndex(of: true) {
                throw data.inputError(row: row, column: name, problem: "the auxiliary variable \(MessageText.name(name)) is missing here; auxiliary variables are predictors only and must be complete",
                                      fix: "add \(MessageText.name(name)) to \(parameter: .variables) to impute it too")
            }
            let (values, levels) = try Self.numbers(of: c, data: data, parameter: .auxiliary, allowingLevels: true)
            slots.append(Slot(name: name, column: column, role: .auxiliary, values: values, missing: c.missing, levels: levels))
        }
        for passive in options.passive {
            let column = try claim(passive.name, .passive)
            let c = data.columns[column]
            guard c.isNumeric else {
                throw InputError(parameter: .passive, problem: "the passive variable \(MessageText.name(passive.name)) is categorical", fix: "a passive variable is a number computed from others")
            }
            slots.append(Slot(name: passive.name, column: column, role: .passive(passive), values: c.numbers!, missing: c.missing, levels: nil))
        }
        let index = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1.name, $0) })
        // Passive components: variables or auxiliary variables (or earlier passive ones).
        var componentsOf: [[Int]] = Array(repeating: [], count: slots.count)
        for (s, slot) in slots.enumerated() {
            guard case .passive(let passive) = slot.role else { continue }
            for reference in passive.expression.columnReferences {
                guard let k = index[reference.name], k != s, slots[k].levels == nil else {
                    throw InputError(parameter: .passive, position: reference.position,
                                     problem: "\(MessageText.name(reference.name)) is not a numeric variable of the imputation",
                                     fix: "compute a passive variable from columns named in \(parameter: .variables) or \(parameter: .auxiliary)")
                }
                if !componentsOf[s].contains(k) { componentsOf[s].append(k) }
            }
        }
        // Everything a passive variable is computed from, through other passive variables.
        func sources(_ s: Int) -> Set<Int> {
            var out = Set<Int>()
            for k in componentsOf[s] { out.insert(k); out.formUnion(sources(k)) }
            return out
        }
        var predictorSlots: [[Int]] = Array(repeating: [], count: slots.count)
        var passiveAfter: [[Int]] = Array(repeating: [], count: slots.count)
        let passiveSlots = slots.indices.filter { if case .passive = slots[$0].role { return true } else { return false } }
        for s in slots.indices where slots[s].isTarget {
            passiveAfter[s] = passiveSlots.filter { sources($0).contains(s) }
            if let chosen = options.predictors[slots[s].name] {
                predictorSlots[s] = try chosen.map { name in
                    guard let k = index[name], k != s else {
                        throw InputError(parameter: .predictors, problem: "\(MessageText.name(name)) is not another variable of the imputation",
                                         fix: "choose predictors of \(MessageText.name(slots[s].name)) among \(MessageText.list(slots.map(\.name).filter { $0 != slots[s].name }))")
                    }
                    return k
                }
            } else {
                predictorSlots[s] = slots.indices.filter { $0 != s && !passiveAfter[s].contains($0) }
            }
        }
        for name in options.predictors.keys.sorted() where index[name].map({ !slots[$0].isTarget }) ?? true {
            throw InputError(parameter: .predictors, problem: "\(MessageText.name(name)) is not a variable to impute", fix: "give predictors for variables named in \(parameter: .variables)")
        }
        var group = [Int](repeating: 0, count: data.rowCount)
        var groupLabels = ["all"]
        if let by = options.by {
            let column = try claim(by, .imputeBy)
            let c = data.columns[column]
            if let row = c.missing.firstIndex(of: true) {
                throw data.inputError(row: row, column: by, problem: "the \(parameter: .imputeBy) column \(MessageText.name(by)) is missing here", fix: "give every row its group")
            }
            switch c.values {
            case .categorical(let codes, let levels):
                group = codes.map(Int.init)
                groupLabels = levels
            case .numeric(let v):
                let levels = Array(Set(v)).sorted()
                let at = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
                group = v.map { at[$0]! }
                groupLabels = levels.map(\.shortestText)
            }
        }
        self.data = data
        self.options = options
        self.slots = slots
        self.visitOrder = slots.indices.filter { slots[$0].isTarget }
        self.predictorSlots = predictorSlots
        self.passiveAfter = passiveAfter
        self.group = group
        self.groupLabels = groupLabels
        self.methods = visitOrder.map { s in
            guard case .target(let m) = slots[s].role else { preconditionFailure() }
            return (slots[s].name, m)
        }
        self.missingCounts = (visitOrder + passiveSlots).map { (slots[$0].name, slots[$0].missing.lazy.filter { $0 }.count) }
    }

    /// The variables whose values the chains fill: targets in visit order, then passive ones.
    public var imputedVariables: [String] { missingCounts.map(\.variable) }

    /// A column as numbers: its values, or its category codes (with the levels).
    private static func numbers(of c: Column, data: Dataset, parameter: Parameter, allowingLevels: Bool = false) throws -> ([Double], [String]?) {
        switch c.values {
        case .numeric(let v): return (v, nil)
        case .categorical(let codes, let levels):
            if levels.count > 2 && !allowingLevels {
                throw InputError(parameter: parameter,
                                 problem: "\(MessageText.name(c.name)) is categorical with \(levels.count) levels; phbeval imputes categorical variables with two levels only (logreg; mice's polyreg is not available)",
                                 fix: "impute indicators of its levels with \(parameter: .method) NAME=logreg, or use it complete as \(parameter: .auxiliary)")
            }
            return (codes.map { $0 < 0 ? .nan : Double($0) }, levels)
        }
    }

    /// Refuses `column`, a covariate of a model with missing values that the caller would impute,
    /// when it cannot be imputed (categorical with more than two levels), at `origin` (the
    /// covariate's place in its formula), with fixes that do not need the imputation's options:
    /// a level of its own for the missing values (the missing-indicator method, valid for a
    /// baseline covariate of a randomised trial: White & Thompson 2005, Stat Med 24:993), or the
    /// model without it.
    public static func checkImputable(_ column: Column, at origin: InputError.Origin) throws {
        guard let levels = column.levels, levels.count > 2, column.missing.contains(true) else { return }
        let missing = column.missing.lazy.filter { $0 }.count
        throw InputError(origin: origin,
                         problem: "\(MessageText.name(column.name)) is categorical with \(levels.count) levels and has missing values (\(missing)), which cannot be imputed: phbeval imputes categorical variables with two levels only (logreg; mice's polyreg is not available)",
                         fix: "complete the column: give its missing values a level of their own (valid for a baseline covariate of a randomised trial, White & Thompson 2005), or leave it out of the model")
    }
}
