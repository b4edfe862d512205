import Tabular

/// A model formula in R's notation, parsed: `y ~ a + b:c + d*e + C(site) - 1`.
///
/// Operators (R's `terms.formula` semantics):
/// - `+` adds terms, `-` removes them (`- 1` or `+ 0` removes the intercept, `+ 1` keeps it);
/// - `a:b` is the interaction of `a` and `b`;
/// - `a*b` is `a + b + a:b`; parentheses group, e.g. `(a + b):c` is `a:c + b:c`;
/// - `C(x)` treats `x` as categorical even when its values are numbers; `C(x, ref = "b")` (or
///   `ref = b`) also makes level `b` the reference, as R's `relevel` does;
/// - `log(expr)` (natural log) and `I(expr)` are numeric variables computed row by row from
///   numeric columns with `+ - * / ^`, unary minus, parentheses, numbers and `log(…)`, e.g.
///   `log(cost)`, `log(visits + 1)`, `I(age^2)`, `I(a*b)`, `I(cost/1000)` (see ``Expression``);
///   they may also be the outcome, `log(cost) ~ …`;
/// - a column name that is not a plain identifier is written in backticks: `` `my col` ``.
///
/// Terms are ordered as R orders them: by degree (main effects, then two-way interactions, …),
/// by first appearance within a degree; inside an interaction, variables appear in the order of
/// their first appearance in the formula.
///
/// Limits, so that no formula text can exhaust the stack or the memory: parentheses and
/// function calls nest at most ``maximumNesting`` deep (as do the operations of one `I()`
/// expression), and a formula expands to at most ``maximumColumns`` terms (each makes at least one
/// design column; ``DesignMatrix`` applies the same cap to the columns).
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    /// The deepest nesting of parentheses, function calls and `I()` operations accepted: far
    /// beyond any real formula, and shallow enough that parsing (which recurses at each level)
    /// fits a secondary thread's 512 KiB stack even in a debug build, where 100 levels do not.
    public static let maximumNesting = 50
    /// The most terms a formula may expand to, and the most design columns it may make.
    public static let maximumColumns = 10_000

    /// A variable of the formula: a column, possibly forced categorical by `C(…)`, or a numeric
    /// value computed from columns (`log(x)`, `I(age^2)`).
    public struct Variable: Hashable, Sendable {
        /// The column's name, or for a computed variable its label as R deparses it (`I(age^2)`).
        public let name: String
        public let forcedCategorical: Bool
        /// 1-based character position in the text of ``parameter``, for error messages.
        public let position: Int
        /// The request parameter whose text holds the variable (`formula`, `effect_covariates`, …).
        public var parameter: Parameter = .formula
        /// How a computed variable's values are made (`log(x)`, `I(…)`); nil for a column.
        public var expression: Expression? = nil
        /// The reference level chosen by `C(x, ref = …)`, and its position in the text.
        public var reference: String? = nil
        public var referencePosition: Int = 0

        /// The data columns the variable reads, in order of first appearance.
        public var columns: [String] { expression?.columns ?? [name] }

        /// The origin of an error about this variable: its parameter and position.
        public var origin: InputError.Origin { .parameter(parameter, position: position > 0 ? position : nil) }

        public static func == (l: Variable, r: Variable) -> Bool {
            l.name == r.name && l.forcedCategorical == r.forcedCategorical && (l.expression == nil) == (r.expression == nil)
        }
        public func hash(into h: inout Hasher) { h.combine(name); h.combine(forcedCategorical); h.combine(expression == nil) }
    }

    /// A term: one variable (main effect) or several (interaction), in formula order.
    public struct Term: Hashable, Sendable {
        public let variables: [Formula.Variable]
        /// The variables as a set: a term's identity (`a:b` is `b:a`), kept so that comparing and
        /// hashing thousands of terms does not rebuild it.
        private let members: Set<Formula.Variable>
        public init(variables: [Formula.Variable]) {
            self.variables = variables
            self.members = Set(variables)
        }
        /// `a`, or `a:b` for an interaction.
        public var label: String { variables.map(\.name).joined(separator: ":") }
        public static func == (l: Term, r: Term) -> Bool { l.members == r.members }
        public func hash(into h: inout Hasher) { h.combine(members) }
    }

    /// The formula as written.
    public let text: String
    public let response: Variable
    public let hasIntercept: Bool
    public let terms: [Term]

    public var description: String { text }

    /// Every variable used on the right-hand side, in order of first appearance.
    public var predictors: [Variable] {
        var seen = Set<Variable>(), out: [Variable] = []
        for t in terms { for v in t.variables where seen.insert(v).inserted { out.append(v) } }
        return out
    }

    /// Every data column the formula reads (outcome first), each once.
    public var columns: [String] {
        var seen = Set<String>(), out: [String] = []
        for v in [response] + predictors { for c in v.columns where seen.insert(c).inserted { out.append(c) } }
        return out
    }

    /// Parses `text`, the value of the request parameter `parameter`.
    /// - Throws: ``InputError`` at `parameter` and the character position of the problem.
    public init(_ text: String, parameter: Parameter = .formula) throws {
        try self.init(segments: [Segment(text, parameter: parameter)])
    }

    /// A piece of formula text and the request parameter it came from; `parameter` nil for text
    /// the program wrote itself. Positions in errors count within the segment's own text.
    public struct Segment: Sendable {
        public var text: String
        public var parameter: Parameter?
        public init(_ text: String, parameter: Parameter? = nil) {
            self.text = text
            self.parameter = parameter
        }
    }

    /// Parses the concatenation of `segments`, e.g. a program-written `` `cost` ~ arm + `` and the
    /// user's covariates, so that an error in the covariates names their parameter and position.
    public init(segments: [Segment]) throws {
        var parser = FormulaParser(segments: segments)
        let parsed = try parser.parseFormula()
        self.text = segments.map(\.text).joined()
        self.response = parsed.response
        self.hasIntercept = parsed.intercept
        self.terms = parsed.terms
    }
}
