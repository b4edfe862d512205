import Models
import Tabular

extension Parameter {
    public static let variables: Parameter = "variables"
    /// The number of imputations m (`--m` of `impute`).
    public static let imputationCount: Parameter = "m"
    public static let iterations: Parameter = "iterations"
    public static let donors: Parameter = "donors"
    public static let auxiliary: Parameter = "auxiliary"
    public static let imputeBy: Parameter = "by"
    public static let passive: Parameter = "passive"
    public static let predictors: Parameter = "predictors"
    /// The column numbering the completed datasets of a long-format file (`regress`).
    public static let imputations: Parameter = "imputations"
}

/// How a variable's missing values are drawn (mice's `method`; van Buuren & Groothuis-Oudshoorn
/// 2011, J Stat Softw 45(3)).
public enum ImputationMethod: String, Sendable, CaseIterable {
    /// Predictive mean matching, type-1 matching (mice's `pmm`): the default for numeric variables.
    case pmm
    /// Bayesian linear regression (mice's `norm`): the drawn β* plus a normal residual with σ*.
    case norm
    /// Logistic regression (mice's `logreg`, without its data augmentation): the default for a
    /// categorical variable with two levels; a numeric variable must hold only 0 and 1.
    case logreg
}

/// A variable recomputed from others after each imputation of one of them (mice's passive
/// imputation, `method["total"] <- "~ I(a + b)"`): only on the rows where it is missing.
public struct PassiveVariable: Sendable {
    public let name: String
    public let expression: Formula.Expression
    /// The text as given, `total = a + b`.
    public let text: String

    /// Parses `name = expression`, the expression in the arithmetic of the formula's `I(…)`
    /// (numbers, columns, `+ - * / ^`, parentheses, `log`).
    /// - Throws: ``InputError`` at ``Parameter/passive`` and the character of the problem.
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw InputError(parameter: .passive, problem: "\(MessageText.display(text)) has no '='",
                             fix: "write NAME=EXPRESSION, e.g. \(parameter: .passive) \"total=a+b\"")
        }
        let name = String(String(text[..<equals]).trimmingSpaces)
        let body = String(text[text.index(after: equals)...])
        guard !name.isEmpty else {
            throw InputError(parameter: .passive, position: 1, problem: "no variable name before '='", fix: "write NAME=EXPRESSION, e.g. total=a+b")
        }
        // "`.` ~ I(" is program text; positions in errors count within the user's expression.
        let formula = try Formula(segments: [.init("`.` ~ I("), .init(body, parameter: .passive), .init(")")])
        guard formula.terms.count == 1, let expression = formula.terms[0].variables.first?.expression, formula.terms[0].variables.count == 1 else {
            throw InputError(parameter: .passive, problem: "\(MessageText.display(body)) is not one arithmetic expression",
                             fix: "write NAME=EXPRESSION with + - * / ^, e.g. total=a+b")
        }
        self.name = name
        self.expression = expression
        self.text = text
    }
}

/// A multiple-imputation request: chained equations (fully conditional specification) as mice
/// runs them.
///
/// Defaults follow mice 3.x (`R/mice.R`): m = 5, maxit = 5 iterations, `pmm` for numeric
/// variables with 5 donors, `logreg` for categorical variables with two levels; every variable
/// being imputed is a predictor of every other, as are the auxiliary variables (which are never
/// imputed). A passive variable predicts every variable except the ones it is computed from.
public struct ImputationOptions: Sendable {
    /// Columns whose missing values are imputed, visited in the data file's column order.
    public var variables: [String]
    /// Method per variable; a variable not named gets its default (`pmm` numeric, `logreg` binary).
    public var methods: [String: ImputationMethod]
    /// Predictors per variable (columns among the variables, auxiliary and passive ones),
    /// replacing the default "all the others" for that variable.
    public var predictors: [String: [String]]
    /// Complete columns used only as predictors.
    public var auxiliary: [String]
    public var passive: [PassiveVariable]
    /// A column whose levels get separate chains (imputation by arm); must be complete.
    public var by: String?
    public var imputations: Int
    public var iterations: Int
    public var donors: Int
    public var seed: UInt64
    /// Worker threads (default: every core); the results do not depend on it.
    public var threads: Int?

    public static let defaultImputations = 5
    public static let defaultIterations = 5
    public static let defaultDonors = 5
    /// mice's `ridge` (`R/mice.impute.pmm.R`): diag(XᵀX)·1e-5 added when XᵀX cannot be inverted.
    public static let ridge = 1e-5
    public static let maximumImputations = 10_000
    public static let maximumIterations = 1_000

    public init(variables: [String], methods: [String: ImputationMethod] = [:], predictors: [String: [String]] = [:],
                auxiliary: [String] = [], passive: [PassiveVariable] = [], by: String? = nil,
                imputations: Int = defaultImputations, iterations: Int = defaultIterations, donors: Int = defaultDonors,
                seed: UInt64 = 1, threads: Int? = nil) {
        self.variables = variables
        self.methods = methods
        self.predictors = predictors
        self.auxiliary = auxiliary
        self.passive = passive
        self.by = by
        self.imputations = imputations
        self.iterations = iterations
        self.donors = donors
        self.seed = seed
        self.threads = threads
    }
}
