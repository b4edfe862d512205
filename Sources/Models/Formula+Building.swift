import Tabular

extension Formula {
    /// A formula built in code: `response ~ terms` (with or without an intercept). Its ``text``
    /// is written from the terms' labels, so it parses back to the same formula.
    public init(response: Variable, terms: [Term], hasIntercept: Bool = true) {
        self.response = response
        self.terms = terms
        self.hasIntercept = hasIntercept
        let right = (hasIntercept ? [] : ["0"]) + terms.map { term in
            term.text
        }
        self.text = "\(response.formulaText) ~ \(right.isEmpty ? "1" : right.joined(separator: " + "))"
    }

    /// The right-hand side `text` (e.g. `"ascot0 + age + C(site)"`), the value of `parameter`:
    /// its terms and intercept, with every position counted in `text` and every error located at
    /// `parameter`. The response of the result is a placeholder.
    public static func rightHandSide(_ text: String, parameter: Parameter) throws -> Formula {
        try Formula(segments: [Segment("phbeval_response ~ "), Segment(text, parameter: parameter)])
    }

    /// `response ~ first + self's terms` with self's intercept: the equation of an analysis whose
    /// first term (an arm indicator) is added in code to covariates the user wrote.
    public func with(response: Variable, leadingTerm first: Variable) -> Formula {
        Formula(response: response, terms: [Term(variables: [first])] + terms.filter { $0.variables != [first] },
                hasIntercept: hasIntercept)
    }

    /// The formula without the term at `index`.
    public func removingTerm(at index: Int) -> Formula {
        var remaining = terms
        remaining.remove(at: index)
        return Formula(response: response, terms: remaining, hasIntercept: hasIntercept)
    }
}

extension Formula.Term {
    /// A main effect (one variable) or an interaction (several), in formula order.
    public init(_ variables: [Formula.Variable]) { self.init(variables: variables) }

    /// The term as formula text, e.g. `C(site)` or `arm:age`.
    public var text: String { variables.map(\.formulaText).joined(separator: ":") }
}

extension Formula {
    /// A column name as formula text: as it is when a plain identifier (letters, digits, `_`, `.`,
    /// not starting with a digit), else in backticks (`` `social care` ``).
    public static func quotedName(_ name: String) -> String {
        let plain = name.first.map { $0.isLetter || $0 == "_" || $0 == "." } == true
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        return plain ? name : "`\(name)`"
    }
}

extension Formula.Variable {
    /// A numeric column used by name (not from parsed text), e.g. an indicator made in code.
    public init(column name: String, parameter: Parameter, categorical: Bool = false) {
        self.init(name: name, forcedCategorical: categorical, position: 0, parameter: parameter)
    }

    /// The variable as formula text: an expression (`log(x)`, `I(age^2)`) as R names it, a name
    /// that is not a plain identifier in backticks, `C(…)` when forced categorical, with its
    /// reference level when one was chosen.
    var formulaText: String {
        if expression != nil { return name }
        let quoted = Formula.quotedName(name)
        guard forcedCategorical else { return quoted }
        return reference.map { "C(\(quoted), ref = \($0.debugDescription))" } ?? "C(\(quoted))"
    }
}
