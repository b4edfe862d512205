import Models
import Tabular

extension ImputationOptions {
    /// `a=pmm,b=norm`: a method per variable.
    /// - Throws: ``InputError`` at ``Parameter/method`` for an item without `=`, an unknown method
    ///   or a variable named twice.
    public static func methods(parsing text: String) throws -> [String: ImputationMethod] {
        var out: [String: ImputationMethod] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String(String($0).trimmingSpaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError(parameter: .method, problem: "\(MessageText.display(String(item))) is not VARIABLE=METHOD",
                                 fix: "write e.g. \(parameter: .method) a=pmm,b=norm")
            }
            guard let method = ImputationMethod(rawValue: parts[1]) else {
                throw InputError(parameter: .method, problem: "unknown imputation method \(MessageText.display(parts[1])) for \(MessageText.name(parts[0]))",
                                 fix: "use one of \(ImputationMethod.allCases.map(\.rawValue).joined(separator: ", ")) (polyreg is not available)")
            }
            guard out.updateValue(method, forKey: parts[0]) == nil else {
                throw InputError(parameter: .method, problem: "\(MessageText.name(parts[0])) has two methods", fix: "give each variable one method")
            }
        }
        return out
    }

    /// The columns of `x1 + x2 + …` (formula notation; plain columns only), given as `parameter`.
    public static func columns(parsing text: String, parameter: Parameter) throws -> [String] {
        let formula = try Formula(segments: [.init("`.` ~ "), .init(text, parameter: parameter)])
        return try formula.predictors.map { v in
            guard v.expression == nil, !v.forcedCategorical else {
                throw InputError(origin: v.origin, problem: "\(MessageText.display(v.name)) is not a column name",
                                 fix: "name columns joined by +, e.g. \(parameter: parameter) \"x1 + x2\"")
            }
            return v.name
        }
    }

    /// Items `a=x+z`, one per variable: the predictors of each.
    /// - Throws: ``InputError`` at ``Parameter/predictors`` for a malformed item or a variable named twice.
    public static func predictors(parsing items: [String]) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for text in items {
            let choice = try predictors(parsing: text)
            guard out.updateValue(choice.predictors, forKey: choice.variable) == nil else {
                throw InputError(parameter: .predictors, problem: "\(MessageText.name(choice.variable)) has predictors given twice", fix: "give each variable's predictors once")
            }
        }
        return out
    }

    /// `a=x+z`: the predictors of one variable.
    static func predictors(parsing text: String) throws -> (variable: String, predictors: [String]) {
        guard let equals = text.firstIndex(of: "=") else {
            throw InputError(parameter: .predictors, problem: "\(MessageText.display(text)) has no '='", fix: "write VARIABLE=x1+x2, e.g. \(parameter: .predictors) \"a=age+sex\"")
        }
        let variable = String(String(text[..<equals]).trimmingSpaces)
        return (variable, try columns(parsing: String(text[text.index(after: equals)...]), parameter: .predictors))
    }
}
