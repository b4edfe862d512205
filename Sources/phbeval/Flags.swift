import PHBEval

/// The command-line flag of each library parameter: `--` and the name with `-` for `_`, except
/// where the flag has another name. Parameters with no flag (`costing`) keep their name.
enum Flags {
    static func flag(for parameter: Parameter) -> String {
        switch parameter {
        case .scoringWeights: return "--weights"
        case .costing: return parameter.name
        default: return "--" + parameter.name.replacingOccurrences(of: "_", with: "-")
        }
    }
}
