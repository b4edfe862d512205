import Imputation
import Tabular

extension ImputationResult {
    /// The `--json` document of `phbeval impute`: `m`, `iterations`, `seed`, `donors`, `by`,
    /// `rows`, `variables` (each `variable`, `method` (`pmm`, `norm`, `logreg` or `passive`),
    /// `missing`, `imputed`), `imputed` (the total), `auxiliary`, `passive` (the formulas),
    /// `chains` (each `variable`, `mean` and `variance`: per iteration, one value per imputation,
    /// of the imputed values: mice's `chainMean` and `chainVar`), `notes` (fallbacks taken) and
    /// `output` (the long-format file).
    public func json(output: String?) -> JSONValue {
        let options = model.options
        let methods = Dictionary(uniqueKeysWithValues: model.methods.map { ($0.variable, $0.method.rawValue) })
        let variables = model.missingCounts.map { entry in
            JSONValue.object([
                ("variable", .string(entry.variable)),
                ("method", .string(methods[entry.variable] ?? "passive")),
                ("missing", .int(entry.missing)),
                ("imputed", .int(entry.missing)),
            ])
        }
        let chainsJSON = model.imputedVariables.enumerated().map { v, name in
            JSONValue.object([
                ("variable", .string(name)),
                ("mean", .array((0..<options.iterations).map { it in .array(chains.map { .number($0.means[v][it]) }) })),
                ("variance", .array((0..<options.iterations).map { it in .array(chains.map { .number($0.variances[v][it]) }) })),
            ])
        }
        return .object([
            ("m", .int(imputations)),
            ("iterations", .int(options.iterations)),
            ("seed", .string(String(options.seed))),
            ("donors", .int(options.donors)),
            ("by", options.by.map(JSONValue.string) ?? .null),
            ("rows", .int(model.data.rowCount)),
            ("variables", .array(variables)),
            ("imputed", .int(model.missingCounts.reduce(0) { $0 + $1.missing })),
            ("auxiliary", .array(options.auxiliary.map(JSONValue.string))),
            ("passive", .array(options.passive.map { .string($0.text) })),
            ("chains", .array(chainsJSON)),
            ("notes", .array(notes.map(JSONValue.string))),
            ("output", output.map(JSONValue.string) ?? .null),
        ])
    }

    /// The readable summary of `phbeval impute`.
    public func summary(output: String) -> String {
        let options = model.options
        var lines = ["Multiple imputation by chained equations: m = \(imputations), \(options.iterations) iterations, seed \(options.seed)\(options.by.map { ", chains by \($0)" } ?? "")",
                     "Data: \(model.data.source), \(model.data.rowCount) rows", ""]
        let methods = Dictionary(uniqueKeysWithValues: model.methods.map { ($0.variable, $0.method.rawValue) })
        for (v, entry) in model.missingCounts.enumerated() {
            let last = chains.map { $0.means[v].last! }.filter(\.isFinite)
            let mean = last.isEmpty ? "" : ", mean of imputed values in the last iteration \(tableNumber(last.reduce(0, +) / Double(last.count)))"
            lines.append("  \(entry.variable): \(methods[entry.variable] ?? "passive"), \(entry.missing) missing, \(entry.missing) imputed\(mean)")
        }
        for note in notes { lines.append("Note: \(note)") }
        lines.append("")
        lines.append("Completed datasets (mice's long format, .imp and .id first): \(output)")
        return lines.joined(separator: "\n") + "\n"
    }
}
