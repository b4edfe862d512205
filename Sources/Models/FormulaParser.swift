import Tabular

/// Recursive-descent parser for ``Formula``. Grammar (precedence low to high):
///
///     formula := variable '~' sum
///     sum     := product (('+' | '-') product)*
///     product := inter ('*' inter)*
///     inter   := atom (':' atom)*
///     atom    := '(' sum ')' | 'C' '(' name ')' | name | '0' | '1'
struct FormulaParser {
    /// The value of a sub-expression: a set of terms plus what it says about the intercept.
    private struct Expression {
        var terms: [Formula.Term] = []
        /// `1` → true, `0` → false, nil when the expression says nothing about the intercept.
        var intercept: Bool?
    }

    private let characters: [Character]
    private var index = 0
    /// Variables by name in order of first appearance (defines variable order inside interactions).
    private var variableOrder: [Formula.Variable] = []

    /// The request parameter the text is the value of (error origins).
    private let parameter: Parameter

    init(text: String, parameter: Parameter) {
        characters = Array(text)
        self.parameter = parameter
    }

    mutating func parseFormula() throws -> (response: Formula.Variable, intercept: Bool, terms: [Formula.Term]) {
        skipSpaces()
        guard index < characters.count else {
            throw error(at: 1, "the formula is empty", fix: "write it as `outcome ~ predictor + …`")
        }
        guard case .variable(let response) = try parseAtomToken() else {
            throw error(at: index + 1, "the formula must start with the outcome column", fix: "write it as `outcome ~ predictor + …`")
        }
        skipSpaces()
        guard peek() == "~" else {
            throw error(at: index + 1, "expected '~' after the outcome '\(response.name)'", fix: "write it as `\(response.name) ~ predictor + …`")
        }
        index += 1
        let rhs = try parseSum()
        skipSpaces()
        if index < characters.count {
            throw error(at: index + 1, "unexpected '\(characters[index])'", fix: "use only + - * : ( ) 1 0 and C(column) between column names")
        }
        let ordered = orderTerms(rhs.terms)
        if ordered.contains(where: { $0.variables.contains(where: { $0.name == response.name }) }) {
            throw error(at: response.position, "the outcome '\(response.name)' also appears on the right-hand side", fix: "remove it from the predictors")
        }
        return (response, rhs.intercept ?? true, ordered)
    }

    // MARK: Grammar

    private mutating func parseSum() throws -> Expression {
        var result = Expression()
        var sign: Character = "+"
        var first = true
        while true {
            skipSpaces()
            if first, peek() == "-" { sign = "-"; index += 1 }  // leading "- 1"
            let operand = try parseProduct()
            if sign == "+" {
                for t in operand.terms where !result.terms.contains(t) { result.terms.append(t) }
                if let i = operand.intercept { result.intercept = i }
            } else {
                result.terms.removeAll { operand.terms.contains($0) }
                if let i = operand.intercept { result.intercept = !i }
            }
            first = false
            skipSpaces()
            guard let c = peek(), c == "+" || c == "-" else { return result }
            sign = c
            index += 1
        }
    }

    private mutating func parseProduct() throws -> Expression {
        var left = try parseInteraction()
        while true {
            skipSpaces()
            guard peek() == "*" else { return left }
            let position = index + 1
            index += 1
            let right = try parseInteraction()
            try requireNoConstant(left, right, at: position, op: "*")
            var terms = left.terms
            for t in right.terms + interact(left.terms, right.terms) where !terms.contains(t) { terms.append(t) }
            left = Expression(terms: terms, intercept: nil)
        }
    }

    private mutating func parseInteraction() throws -> Expression {
        var left = try parseAtom()
        while true {
            skipSpaces()
            guard peek() == ":" else { return left }
            let position = index + 1
            index += 1
            let right = try parseAtom()
            try requireNoConstant(left, right, at: position, op: ":")
            left = Expression(terms: interact(left.terms, right.terms), intercept: nil)
        }
    }

    private enum AtomToken { case variable(Formula.Variable), constant(Bool), open }

    private mutating func parseAtom() throws -> Expression {
        skipSpaces()
        let start = index + 1
        switch try parseAtomToken() {
        case .constant(let on):
            return Expression(terms: [], intercept: on)
        case .variable(let v):
            return Expression(terms: [Formula.Term(variables: [v])], intercept: nil)
        case .open:
            let inner = try parseSum()
            skipSpaces()
            guard peek() == ")" else {
                throw error(at: index + 1, "missing ')' for the '(' at position \(start)", fix: "close the parenthesis")
            }
            index += 1
            return inner
        }
    }

    private mutating func parseAtomToken() throws -> AtomToken {
        skipSpaces()
        let start = index + 1
        guard let c = peek() else {
            throw error(at: start, "the formula ends where a column name was expected", fix: "complete the formula after the last operator")
        }
        if c == "(" { index += 1; return .open }
        if c == "`" { return .variable(register(try readBacktickName(), categorical: false, at: start)) }
        if c.isNumber {
            let digits = readWhile { $0.isNumber || $0 == "." }
            if digits == "1" { return .constant(true) }
            if digits == "0" { return .constant(false) }
            throw error(at: start, "unexpected number '\(digits)'", fix: "only 1 (keep the intercept) and 0 (drop it) may appear as numbers")
        }
        guard Self.isIdentifierStart(c) else {
            throw error(at: start, "unexpected '\(c)' where a column name was expected", fix: "write a column name, C(column), 1, 0 or a parenthesised expression here")
        }
        let name = readWhile(Self.isIdentifierPart)
        skipSpaces()
        if name == "C", peek() == "(" {
            index += 1
            skipSpaces()
            let innerStart = index + 1
            let inner = peek() == "`" ? try readBacktickName() : readWhile(Self.isIdentifierPart)
            guard !inner.isEmpty else {
                throw error(at: innerStart, "C() needs a column name", fix: "write C(column)")
            }
            skipSpaces()
            guard peek() == ")" else {
                throw error(at: index + 1, "missing ')' after C(\(inner)", fix: "write C(\(inner))")
            }
            index += 1
            return .variable(register(inner, categorical: true, at: innerStart))
        }
        if peek() == "(" {
            throw error(at: start, "unknown function '\(name)('", fix: "only C(column) is supported; transform the column in the data instead")
        }
        return .variable(register(name, categorical: false, at: start))
    }

    // MARK: Helpers

    /// Reads a `` `quoted name` `` starting at the opening backtick.
    private mutating func readBacktickName() throws -> String {
        let start = index + 1
        index += 1
        let nameStart = index
        while index < characters.count, characters[index] != "`" { index += 1 }
        guard index < characters.count else {
            throw error(at: start, "unterminated backtick-quoted name", fix: "close the name with a backtick (`)")
        }
        let name = String(characters[nameStart..<index])
        index += 1
        return name
    }

    private func interact(_ a: [Formula.Term], _ b: [Formula.Term]) -> [Formula.Term] {
        var out: [Formula.Term] = []
        for x in a {
            for y in b {
                var vars = x.variables
                for v in y.variables where !vars.contains(v) { vars.append(v) }
                let term = Formula.Term(variables: vars)
                if !out.contains(term) { out.append(term) }
            }
        }
        return out
    }

    private func requireNoConstant(_ l: Expression, _ r: Expression, at position: Int, op: String) throws {
        if l.intercept != nil || r.intercept != nil {
            throw error(at: position, "'\(op)' cannot combine 0 or 1 with other terms", fix: "use 0 or 1 only as `+ 1`, `- 1` or `+ 0`")
        }
    }

    /// R's order: by degree, then first appearance; variables inside a term by first appearance.
    private func orderTerms(_ terms: [Formula.Term]) -> [Formula.Term] {
        let rank = Dictionary(variableOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sortedVariables = terms.map { t in
            Formula.Term(variables: t.variables.sorted { rank[$0, default: 0] < rank[$1, default: 0] })
        }
        return sortedVariables.enumerated()
            .sorted { ($0.element.variables.count, $0.offset) < ($1.element.variables.count, $1.offset) }
            .map(\.element)
    }

    private mutating func register(_ name: String, categorical: Bool, at position: Int) -> Formula.Variable {
        let v = Formula.Variable(name: name, forcedCategorical: categorical, position: position, parameter: parameter)
        if let existing = variableOrder.first(where: { $0 == v }) { return existing }
        variableOrder.append(v)
        return v
    }

    private static func isIdentifierStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == "." }
    private static func isIdentifierPart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }

    private mutating func readWhile(_ predicate: (Character) -> Bool) -> String {
        let start = index
        while index < characters.count, predicate(characters[index]) { index += 1 }
        return String(characters[start..<index])
    }

    private func peek() -> Character? { index < characters.count ? characters[index] : nil }

    private mutating func skipSpaces() { while index < characters.count, characters[index].isWhitespace { index += 1 } }

    private func error(at position: Int, _ problem: Message, fix: Message) -> InputError {
        InputError(parameter: parameter, position: position, problem: problem, fix: fix)
    }
}
