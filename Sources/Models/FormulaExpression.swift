import Foundation
import Tabular

extension Formula {
    /// The arithmetic of `log(…)` and `I(…)`: numbers, numeric columns, `+ - * / ^` (with R's
    /// precedence: `^` first and right-associative, then unary minus and plus, then `* /`, then
    /// `+ -`; `**` is `^` as in R),
    /// parentheses and `log(…)`, the natural logarithm. Evaluated row by row in double precision.
    ///
    /// ``label`` writes the expression as R deparses it, which is how R names the term and its
    /// coefficient: spaces around `+`, `-` and `*`, none around `/` and `^`, unary minus written
    /// tight (`-x`), the user's parentheses kept, numbers with up to 15 significant digits in
    /// fixed or scientific notation, whichever is shorter (`1000`, `0.001`, `1e+05`, `1e-05`), and
    /// backticks around a name that is not syntactic in R (`` I(`my col`^2) ``).
    public indirect enum Expression: Sendable {
        case number(Double)
        /// A numeric column, at its 1-based position in the parameter's text.
        case column(String, position: Int)
        case negate(Expression)
        /// Unary plus, kept so that the name is R's (`I(+x)`).
        case plus(Expression)
        case binary(Operator, Expression, Expression, position: Int)
        case parenthesized(Expression)
        /// `log(…)`, at the position of its name.
        case log(Expression, position: Int)
        /// `I(…)`: the value of the expression inside.
        case identity(Expression)

        public enum Operator: String, Sendable {
            case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
        }

        /// The expression as R deparses it (the term's name).
        public var label: String {
            switch self {
            case .number(let v): return Self.rNumber(v)
            case .column(let name, _): return Self.rName(name)
            case .negate(let e): return "-" + e.label
            case .plus(let e): return "+" + e.label
            case .binary(let op, let l, let r, _):
                let spaced = op == .add || op == .subtract || op == .multiply
                return l.label + (spaced ? " \(op.rawValue) " : op.rawValue) + r.label
            case .parenthesized(let e): return "(" + e.label + ")"
            case .log(let e, _): return "log(" + e.label + ")"
            case .identity(let e): return "I(" + e.label + ")"
            }
        }

        /// The columns read, in order of first appearance.
        public var columns: [String] {
            var out: [String] = []
            for (name, _) in columnReferences where !out.contains(name) { out.append(name) }
            return out
        }

        /// Every column reference with its position, in order.
        public var columnReferences: [(name: String, position: Int)] {
            var out: [(name: String, position: Int)] = []
            collectColumns(into: &out)
            return out
        }

        private func collectColumns(into out: inout [(name: String, position: Int)]) {
            switch self {
            case .number: break
            case .column(let name, let position): out.append((name, position))
            case .negate(let e), .plus(let e), .parenthesized(let e), .log(let e, _), .identity(let e): e.collectColumns(into: &out)
            case .binary(_, let l, let r, _): l.collectColumns(into: &out); r.collectColumns(into: &out)
            }
        }

        /// The position of the operation (its operator or function name), when it has one.
        public var position: Int? {
            switch self {
            case .binary(_, _, _, let p), .log(_, let p): return p
            case .column(_, let p): return p
            case .negate(let e), .plus(let e), .parenthesized(let e), .identity(let e): return e.position
            case .number: return nil
            }
        }

        /// Why a value could not be computed: the sub-expression whose result is not finite
        /// (with finite operands), the index of the row among those evaluated, and the column to
        /// blame (the first one the failing operand reads).
        public struct Failure: Error, Sendable {
            public let expression: Expression
            public let row: Int
            public let column: String?
            public let value: Double
        }

        /// The values on rows `0..<count`, with `column(name)` giving a column's values on them.
        /// - Throws: ``Failure`` at the first operation that gives ±∞ or NaN from finite values
        ///   (the log of 0 or of a negative number, division by zero, overflow).
        public func evaluate(count: Int, column: (String) -> [Double]) throws(Failure) -> [Double] {
            let values: [Double]
            switch self {
            case .number(let v):
                return [Double](repeating: v, count: count)
            case .column(let name, _):
                return column(name)
            case .parenthesized(let e), .identity(let e), .plus(let e):
                return try e.evaluate(count: count, column: column)
            case .negate(let e):
                return try e.evaluate(count: count, column: column).map { -$0 }
            case .log(let e, _):
                values = try e.evaluate(count: count, column: column).map { Foundation.log($0) }
                try check(values, blaming: e)
            case .binary(let op, let l, let r, _):
                let a = try l.evaluate(count: count, column: column), b = try r.evaluate(count: count, column: column)
                switch op {
                case .add: values = zip(a, b).map { $0 + $1 }
                case .subtract: values = zip(a, b).map { $0 - $1 }
                case .multiply: values = zip(a, b).map { $0 * $1 }
                case .divide: values = zip(a, b).map { $0 / $1 }
                case .power: values = zip(a, b).map { Foundation.pow($0, $1) }
                }
                try check(values, blaming: op == .divide ? r : l)
            }
            return values
        }

        private func check(_ values: [Double], blaming operand: Expression) throws(Failure) {
            guard let i = values.firstIndex(where: { !$0.isFinite }) else { return }
            throw Failure(expression: self, row: i, column: operand.columns.first ?? columns.first, value: values[i])
        }

        /// R's syntactic names need no backticks: a letter, or a dot not followed by a digit,
        /// then letters, digits, dots and underscores; not a reserved word.
        static func rName(_ name: String) -> String {
            let reserved: Set<String> = ["if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE",
                                         "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "in"]
            let chars = Array(name)
            let syntactic = !chars.isEmpty && !reserved.contains(name)
                && (chars[0].isLetter || (chars[0] == "." && !(chars.count > 1 && chars[1].isNumber)))
                && chars.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }
            return syntactic ? name : "`" + name + "`"
        }

        /// A non-negative number as R's deparse writes it: 15 significant digits at most, trailing
        /// zeros dropped, fixed notation unless scientific is shorter (`1e+05`, `1e-05`, `0.001`).
        static func rNumber(_ v: Double) -> String {
            guard v.isFinite, v != 0 else { return v == 0 ? "0" : "\(v)" }
            // The mantissa to 15 significant digits, without trailing zeros.
            let sci = String(format: "%.14e", v)
            let parts = sci.split(separator: "e")
            var mantissa = String(parts[0]).replacingOccurrences(of: ".", with: "")
            while mantissa.count > 1, mantissa.hasSuffix("0") { mantissa.removeLast() }
            let exponent = Int(parts[1])!
            if mantissa.hasPrefix("-") { mantissa.removeFirst() }
            let digits = mantissa.count
            let sciWidth = digits + (digits > 1 ? 1 : 0) + (abs(exponent) >= 100 ? 5 : 4)
            let decimals = max(0, digits - exponent - 1)
            let fixedWidth = (exponent >= 0 ? exponent + 1 : 1) + (decimals > 0 ? decimals + 1 : 0)
            if fixedWidth <= sciWidth { return String(format: "%.\(decimals)f", v) }
            let m = digits > 1 ? "\(mantissa.first!).\(mantissa.dropFirst())" : mantissa
            return m + "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
        }
    }
}
