import Tabular

/// A model formula in R's notation, parsed: `y ~ a + b:c + d*e + C(site) - 1`.
///
/// Operators (R's `terms.formula` semantics):
/// - `+` adds terms, `-` removes them (`- 1` or `+ 0` removes the intercept, `+ 1` keeps it);
/// - `a:b` is the interaction of `a` and `b`;
/// - `a*b` is `a + b + a:b`; parentheses group, e.g. `(a + b):c` is `a:c + b:c`;
/// - `C(x)` treats `x` as categorical even when its values are numbers;
/// - a column name that is not a plain identifier is written in backticks: `` `my col` ``.
///
/// Terms are ordered as R orders them: by degree (main effects, then two-way interactions, …),
/// by first appearance within a degree; inside an interaction, variables appear in the order of
/// their first appearance in the formula.
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    /// A variable of the formula: a column, possibly forced categorical by `C(…)`.
    public struct Variable: Hashable, Sendable {
        public let name: String
        public let forcedCategorical: Bool
        /// 1-based character position in the text of ``parameter``, for error messages.
        public let position: Int
        /// The request parameter whose text holds the variable (`formula`, `effect_covariates`, …).
        public var parameter: Parameter = .formula

        /// The origin of an error about this variable: its parameter and position.
        public var origin: InputError.Origin { .parameter(parameter, position: position > 0 ? position : nil) }

        public static func == (l: Variable, r: Variable) -> Bool {
            l.name == r.name && l.forcedCategorical == r.forcedCategorical
        }
        public func hash(into h: inout Hasher) { h.combine(name); h.combine(forcedCategorical) }
    }

    /// A term: one variable (main effect) or several (interaction), in formula order.
    public struct Term: Hashable, Sendable {
        public let variables: [Formula.Variable]
        /// `a`, or `a:b` for an interaction.
        public var label: String { variables.map(\.name).joined(separator: ":") }
        public static func == (l: Term, r: Term) -> Bool { Set(l.variables) == Set(r.variables) }
        public func hash(into h: inout Hasher) { h.combine(Set(variables)) }
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

    /// Parses `text`, the value of the request parameter `parameter`.
    /// - Throws: ``InputError`` at `parameter` and the character position of the problem.
    public init(_ text: String, parameter: Parameter = .formula) throws {
        var parser = FormulaParser(text: text, parameter: parameter)
        let parsed = try parser.parseFormula()
        self.text = text
        self.response = parsed.response
        self.hasIntercept = parsed.intercept
        self.terms = parsed.terms
    }
}
