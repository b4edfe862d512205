import Tabular

/// Recursive-descent parser for ``Formula``. Grammar (precedence low to high):
///
///     formula := variable '~' sum
///     sum     := product (('+' | '-') product)*
///     product := inter ('*' inter)*
///     inter   := atom (':' atom)*
///     atom    := '(' sum ')' | variable | '0' | '1'
///     variable:= name | 'C' '(' name [',' 'ref' '=' level] ')' | 'log' '(' arith ')' | 'I' '(' arith ')'
///     arith   := addend (('+' | '-') addend)*
///     addend  := signed (('*' | '/') signed)*
///     signed  := ('-' | '+')* power
///     power   := primary (('^' | '**') ('-' | '+')* primary)*   (right-associative)
///     primary := number | name | '(' arith ')' | 'log' '(' arith ')'
///
/// Recursion happens only at a '(' or a function call, and the nesting depth is capped at
/// ``Formula/maximumNesting``, as is the depth of an `I()` expression's tree (evaluating and
/// naming it recurse over the tree); chains of operators are parsed by loops. Term expansion is
/// capped at ``Formula/maximumColumns`` terms, checked before each expansion is made.
struct FormulaParser {
    /// The value of a sub-expression: a set of terms plus what it says about the intercept.
    private struct Expression {
        var terms = TermList()
        /// `1` → true, `0` → false, nil when the expression says nothing about the intercept.
        var intercept: Bool?
    }

    /// Terms in order with constant-time membership (formulas may expand to thousands of terms).
    private struct TermList {
        private(set) var items: [Formula.Term] = []
        private var members = Set<Formula.Term>()
        init(_ terms: [Formula.Term] = []) { for t in terms { append(t) } }
        var count: Int { items.count }
        func contains(_ t: Formula.Term) -> Bool { members.contains(t) }
        mutating func append(_ t: Formula.Term) { if members.insert(t).inserted { items.append(t) } }
        mutating func remove(_ other: TermList) {
            guard other.count > 0 else { return }
            items.removeAll { other.contains($0) }
            members.subtract(other.members)
        }
    }

    /// An arithmetic sub-expression and the depth of its tree.
    private struct Node {
        var expression: Formula.Expression
        var depth: Int
    }

    private let characters: [Character]
    private var index = 0
    /// Parentheses and calls open around the current position.
    private var nesting = 0
    /// Variables by name in order of first appearance (defines variable order inside interactions).
    private var variableOrder: [Formula.Variable] = []

    /// The segments' parameters and where each starts in `characters`.
    private let segments: [(start: Int, parameter: Parameter?)]

    init(segments: [Formula.Segment]) {
        var characters: [Character] = [], starts: [(Int, Parameter?)] = []
        for s in segments {
            starts.append((characters.count, s.parameter))
            characters += Array(s.text)
        }
        self.characters = characters
        self.segments = starts
    }

    init(text: String, parameter: Parameter) {
        self.init(segments: [Formula.Segment(text, parameter: parameter)])
    }

    mutating func parseFormula() throws -> (response: Formula.Variable, intercept: Bool, terms: [Formula.Term]) {
        skipSpaces()
        guard index < characters.count else {
            throw error(at: index + 1, "the formula is empty", fix: "write it as `outcome ~ predictor + …`")
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
            throw error(at: index + 1, "unexpected '\(characters[index])'",
                        fix: "use only + - * : ( ) 1 0, C(column), log(…) and I(…) between column names")
        }
        let ordered = orderTerms(rhs.terms.items)
        if ordered.contains(where: { $0.variables.contains(where: { $0.name == response.name && ($0.expression == nil) == (response.expression == nil) }) }) {
            throw error(at: response.position, "the outcome '\(response.name)' also appears on the right-hand side", fix: "remove it from the predictors",
                        origin: response.origin)
        }
        return (response, rhs.intercept ?? true, ordered)
    }

    // MARK: Grammar

    private mutating func parseSum() throws -> Expression {
        var result = Expression()
        var sign: Character = "+"
        var first = true
        var position = index + 1
        while true {
            skipSpaces()
            if first, peek() == "-" { sign = "-"; index += 1 }  // leading "- 1"
            let operand = try parseProduct()
            if sign == "+" {
                for t in operand.terms.items { result.terms.append(t) }
                try requireTermCount(result.terms.count, at: position)
                if let i = operand.intercept { result.intercept = i }
            } else {
                result.terms.remove(operand.terms)
                if let i = operand.intercept { result.intercept = !i }
            }
            first = false
            skipSpaces()
            guard let c = peek(), c == "+" || c == "-" else { return result }
            sign = c
            position = index + 1
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
            try requireExpansion(left.terms.count, right.terms.count, plus: left.terms.count + right.terms.count, at: position)
            var terms = left.terms
            for t in right.terms.items { terms.append(t) }
            for t in interact(left.terms, right.terms).items { terms.append(t) }
            try requireTermCount(terms.count, at: position)
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
            try requireExpansion(left.terms.count, right.terms.count, plus: 0, at: position)
            left = Expression(terms: interact(left.terms, right.terms), intercept: nil)
        }
    }

    private enum AtomToken { case variable(Formula.Variable), constant(Bool), open }

    private mutating func parseAtom() throws -> Expression {
        skipSpaces()
        let start = index + 1
        switch try parseAtomToken() {
        case .constant(let on):
            return Expression(terms: TermList(), intercept: on)
        case .variable(let v):
            return Expression(terms: TermList([Formula.Term(variables: [v])]), intercept: nil)
        case .open:
            try enter(at: start)
            let inner = try parseSum()
            skipSpaces()
            guard peek() == ")" else {
                throw error(at: index + 1, "missing ')' for the '(' at position \(localPosition(start))", fix: "close the parenthesis")
            }
            index += 1
            nesting -= 1
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
        if c == "`" { return .variable(try register(try readBacktickName(), categorical: false, at: start)) }
        if c.isNumber {
            let digits = readWhile { $0.isNumber || $0 == "." }
            if digits == "1" { return .constant(true) }
            if digits == "0" { return .constant(false) }
            throw error(at: start, "unexpected number '\(digits)'",
                        fix: "only 1 (keep the intercept) and 0 (drop it) may appear as numbers; write arithmetic inside I(…), e.g. I(2*x)")
        }
        guard Self.isIdentifierStart(c) else {
            throw error(at: start, "unexpected '\(c)' where a column name was expected",
                        fix: "write a column name, C(column), log(…), I(…), 1, 0 or a parenthesised expression here")
        }
        let name = readWhile(Self.isIdentifierPart)
        skipSpaces()
        guard peek() == "(" else { return .variable(try register(name, categorical: false, at: start)) }
        let open = index + 1
        switch name {
        case "C":
            index += 1
            try enter(at: open)
            defer { nesting -= 1 }
            return .variable(try parseCategorical(start: start))
        case "log", "I":
            index += 1
            try enter(at: open)
            let inner = try parseArithmetic()
            try closeCall(name, at: start)
            let expression: Formula.Expression = name == "log" ? .log(inner.expression, position: localPosition(start)) : .identity(inner.expression)
            try requireDepth(inner.depth + 1, at: start)
            var v = try variable(expression.label, categorical: false, at: start)
            v.expression = expression
            return .variable(try register(v))
        default:
            throw error(at: start, "unknown function '\(name)('",
                        fix: "use C(column), log(…) or I(…); transform the column in the data for anything else")
        }
    }

    /// `C(name)` or `C(name, ref = level)`, after the '('.
    private mutating func parseCategorical(start: Int) throws -> Formula.Variable {
        skipSpaces()
        let innerStart = index + 1
        let inner = peek() == "`" ? try readBacktickName() : readWhile(Self.isIdentifierPart)
        guard !inner.isEmpty else {
            throw error(at: innerStart, "C() needs a column name", fix: "write C(column)")
        }
        skipSpaces()
        var reference: String? = nil, referencePosition = 0
        if peek() == "," {
            index += 1
            skipSpaces()
            let keyStart = index + 1
            let key = readWhile(Self.isIdentifierPart)
            skipSpaces()
            guard key == "ref", peek() == "=" else {
                throw error(at: keyStart, "C() accepts only a reference level after the column",
                            fix: "write C(\(inner), ref = \"level\")")
            }
            index += 1
            skipSpaces()
            referencePosition = index + 1
            if let quote = peek(), quote == "\"" || quote == "'" {
                index += 1
                let levelStart = index
                while index < characters.count, characters[index] != quote { index += 1 }
                guard index < characters.count else {
                    throw error(at: referencePosition, "unterminated quoted level", fix: "close the level with \(quote)")
                }
                reference = String(characters[levelStart..<index])
                index += 1
            } else {
                let level = readWhile { Self.isIdentifierPart($0) || $0 == "-" || $0 == "+" }
                guard !level.isEmpty else {
                    throw error(at: referencePosition, "ref = needs a level", fix: "write C(\(inner), ref = \"level\")")
                }
                reference = level
            }
            skipSpaces()
        }
        guard peek() == ")" else {
            throw error(at: index + 1, "missing ')' after C(\(inner)", fix: "write C(\(inner))")
        }
        index += 1
        var v = try variable(inner, categorical: true, at: innerStart)
        if let reference {
            v.reference = reference
            v.referencePosition = localPosition(referencePosition)
        }
        return try register(v)
    }

    // MARK: Arithmetic inside log() and I()

    private mutating func parseArithmetic() throws -> Node {
        var left = try parseAddend()
        while true {
            skipSpaces()
            guard let c = peek(), c == "+" || c == "-" else { return left }
            let position = index + 1
            index += 1
            let right = try parseAddend()
            left = try binary(c == "+" ? .add : .subtract, left, right, at: position)
        }
    }

    private mutating func parseAddend() throws -> Node {
        var left = try parseSigned()
        while true {
            skipSpaces()
            guard let c = peek(), c == "*" || c == "/", !isPowerStar() else { return left }
            let position = index + 1
            index += 1
            let right = try parseSigned()
            left = try binary(c == "*" ? .multiply : .divide, left, right, at: position)
        }
    }

    /// Unary minus binds looser than `^` (`-x^2` is `-(x^2)`), as in R.
    private mutating func parseSigned() throws -> Node {
        let (signs, start) = readSigns()
        return try signed(try parsePower(), by: signs, at: start)
    }

    /// `a^b^c` is `a^(b^c)`; an exponent may carry unary minus (`2^-x`).
    private mutating func parsePower() throws -> Node {
        var operands = [try parsePrimary()]
        var operators: [(position: Int, signs: [Character], signStart: Int)] = []
        while true {
            skipSpaces()
            guard peek() == "^" || isPowerStar() else { break }
            let position = index + 1
            index += peek() == "^" ? 1 : 2
            let (signs, start) = readSigns()
            operators.append((position, signs, start))
            operands.append(try parsePrimary())
        }
        var result = operands.removeLast()
        while let op = operators.popLast() {
            let exponent = try signed(result, by: op.signs, at: op.signStart)
            result = try binary(.power, operands.removeLast(), exponent, at: op.position)
        }
        return result
    }

    private mutating func parsePrimary() throws -> Node {
        skipSpaces()
        let start = index + 1
        guard let c = peek() else {
            throw error(at: start, "the formula ends inside an expression", fix: "complete the expression and close its parentheses")
        }
        if c == "(" {
            index += 1
            try enter(at: start)
            let inner = try parseArithmetic()
            skipSpaces()
            guard peek() == ")" else {
                throw error(at: index + 1, "missing ')' for the '(' at position \(localPosition(start))", fix: "close the parenthesis")
            }
            index += 1
            nesting -= 1
            try requireDepth(inner.depth + 1, at: start)
            return Node(expression: .parenthesized(inner.expression), depth: inner.depth + 1)
        }
        if c.isNumber || (c == "." && index + 1 < characters.count && characters[index + 1].isNumber) {
            var text = readWhile { $0.isNumber || $0 == "." }
            if let e = peek(), e == "e" || e == "E" {
                text.append(e)
                index += 1
                if let s = peek(), s == "+" || s == "-" { text.append(s); index += 1 }
                text += readWhile(\.isNumber)
            }
            guard let value = Double(text), value.isFinite else {
                throw error(at: start, "'\(text)' is not a number", fix: "write numbers as 2, 0.5 or 1e-3")
            }
            return Node(expression: .number(value), depth: 1)
        }
        if c == "`" {
            let name = try readBacktickName()
            return Node(expression: .column(name, position: localPosition(start)), depth: 1)
        }
        guard Self.isIdentifierStart(c) else {
            throw error(at: start, "unexpected '\(c)' in an expression",
                        fix: "use numbers, numeric columns, + - * / ^, parentheses and log(…) inside I(…) and log(…)")
        }
        let name = readWhile(Self.isIdentifierPart)
        skipSpaces()
        guard peek() == "(" else { return Node(expression: .column(name, position: localPosition(start)), depth: 1) }
        let open = index + 1
        guard name == "log" else {
            throw error(at: start, "unknown function '\(name)(' in an expression", fix: "only log(…) may be called inside I(…) and log(…)")
        }
        index += 1
        try enter(at: open)
        let inner = try parseArithmetic()
        try closeCall(name, at: start)
        try requireDepth(inner.depth + 1, at: start)
        return Node(expression: .log(inner.expression, position: localPosition(start)), depth: inner.depth + 1)
    }

    /// Reads the ')' closing `name(`; a ',' means a second argument, which neither function takes.
    private mutating func closeCall(_ name: String, at start: Int) throws {
        skipSpaces()
        if peek() == ",", name == "log" {
            throw error(at: index + 1, "log() takes one argument here: it is the natural logarithm",
                        fix: "for another base divide, e.g. I(log(x)/log(10)) for log base 10")
        }
        guard peek() == ")" else {
            throw error(at: index + 1, "missing ')' for the '\(name)(' at position \(localPosition(start))", fix: "close the parenthesis")
        }
        index += 1
        nesting -= 1
    }

    private func binary(_ op: Formula.Expression.Operator, _ l: Node, _ r: Node, at position: Int) throws -> Node {
        let depth = max(l.depth, r.depth) + 1
        try requireDepth(depth, at: position)
        return Node(expression: .binary(op, l.expression, r.expression, position: localPosition(position)), depth: depth)
    }

    /// `node` under the unary signs `signs` (outermost first).
    private func signed(_ node: Node, by signs: [Character], at position: Int) throws -> Node {
        guard !signs.isEmpty else { return node }
        try requireDepth(node.depth + signs.count, at: position)
        var e = node.expression
        for sign in signs.reversed() { e = sign == "-" ? .negate(e) : .plus(e) }
        return Node(expression: e, depth: node.depth + signs.count)
    }

    /// Consecutive unary signs (read by a loop) and the position of the first.
    private mutating func readSigns() -> (signs: [Character], start: Int) {
        skipSpaces()
        let start = index + 1
        var signs: [Character] = []
        while let c = peek(), c == "-" || c == "+" { signs.append(c); index += 1; skipSpaces() }
        return (signs, start)
    }

    /// Whether the text at the current position is `**` (R's other spelling of `^`).
    private func isPowerStar() -> Bool {
        peek() == "*" && index + 1 < characters.count && characters[index + 1] == "*"
    }

    // MARK: Limits

    /// Opens a parenthesis or call at `position`, refusing to nest deeper than the limit.
    private mutating func enter(at position: Int) throws {
        nesting += 1
        guard nesting <= Formula.maximumNesting else {
            throw error(at: position, "parentheses and function calls are nested more than \(Formula.maximumNesting) deep here",
                        fix: "remove redundant parentheses; no formula needs that many levels")
        }
    }

    private func requireDepth(_ depth: Int, at position: Int) throws {
        guard depth <= Formula.maximumNesting else {
            throw error(at: position, "the expression is more than \(Formula.maximumNesting) operations deep here",
                        fix: "simplify it, or compute the value as a column of the data")
        }
    }

    private func requireTermCount(_ count: Int, at position: Int) throws {
        guard count <= Formula.maximumColumns else {
            throw error(at: position, "the formula expands to more than \(Formula.maximumColumns.groupedDigits) terms here (\(count) so far), each at least one design column",
                        fix: "use fewer or lower-order interactions, e.g. a:b instead of a*b*c*…")
        }
    }

    /// An interaction of `l` and `r` terms combines every pair: refused before it is made when
    /// that alone exceeds the term limit.
    private func requireExpansion(_ l: Int, _ r: Int, plus extra: Int, at position: Int) throws {
        let (pairs, overflow) = l.multipliedReportingOverflow(by: r)
        guard overflow || pairs + extra > Formula.maximumColumns else { return }
        throw error(at: position, "this interaction combines \(l) × \(r) terms, more than the \(Formula.maximumColumns.groupedDigits) terms a formula may have",
                    fix: "use fewer or lower-order interactions, e.g. a:b instead of a*b*c*…")
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

    private func interact(_ a: TermList, _ b: TermList) -> TermList {
        var out = TermList()
        for x in a.items {
            for y in b.items {
                var vars = x.variables
                for v in y.variables where !vars.contains(v) { vars.append(v) }
                out.append(Formula.Term(variables: vars))
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

    private func variable(_ name: String, categorical: Bool, at position: Int) throws -> Formula.Variable {
        let (parameter, local) = origin(of: position)
        return Formula.Variable(name: name, forcedCategorical: categorical, position: local ?? 0, parameter: parameter)
    }

    private mutating func register(_ name: String, categorical: Bool, at position: Int) throws -> Formula.Variable {
        try register(try variable(name, categorical: categorical, at: position))
    }

    /// The variable as first registered (its position is where it first appears).
    private mutating func register(_ v: Formula.Variable) throws -> Formula.Variable {
        guard let existing = variableOrder.first(where: { $0 == v }) else {
            variableOrder.append(v)
            return v
        }
        if existing.reference != v.reference {
            throw InputError(origin: .parameter(v.parameter, position: v.referencePosition > 0 ? v.referencePosition : (v.position > 0 ? v.position : nil)),
                             problem: "C(\(v.name)) is given two different reference levels (\(existing.reference.map { "'\($0)'" } ?? "the first level") and \(v.reference.map { "'\($0)'" } ?? "the first level"))",
                             fix: "give the same ref = in every C(\(v.name), …)")
        }
        return existing
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

    // MARK: Positions

    /// The segment holding 1-based position `position` of the whole text: its parameter and the
    /// position within its own text. Program-written text (no parameter) is attributed to the
    /// nearest user segment after it (or before it), without a position.
    private func origin(of position: Int) -> (Parameter, Int?) {
        let i = max(0, min(position - 1, characters.count - 1))
        let k = segments.lastIndex { $0.start <= i } ?? 0
        if let p = segments[k].parameter { return (p, position - segments[k].start) }
        let fallback = segments[k...].first { $0.parameter != nil } ?? segments[..<k].last { $0.parameter != nil }
        return (fallback?.parameter ?? .formula, nil)
    }

    /// The position within its segment of the whole text's position `position` (for messages).
    private func localPosition(_ position: Int) -> Int { origin(of: position).1 ?? 0 }

    private func error(at position: Int, _ problem: Message, fix: Message, origin: InputError.Origin? = nil) -> InputError {
        let (parameter, local) = self.origin(of: position)
        return InputError(origin: origin ?? .parameter(parameter, position: local), problem: problem, fix: fix)
    }
}

extension Int {
    /// `10,000`.
    var groupedDigits: String {
        let digits = String(self)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
