import Parallelism
import Random
import Tabular

/// The m completed datasets of a multiple imputation, with the diagnostics.
public struct ImputationResult: Sendable {
    public let model: ImputationModel
    /// Chain k made completed dataset k + 1.
    public let chains: [ImputationChain]

    public var imputations: Int { chains.count }

    /// Fallbacks taken in any chain, each once, in order of first appearance.
    public var notes: [String] {
        var out: [String] = []
        for chain in chains { for note in chain.notes where !out.contains(note) { out.append(note) } }
        return out
    }

    /// Completed dataset k (0-based): the data with the imputed and passive columns filled in.
    public func completed(_ k: Int) throws -> Dataset {
        var columns = model.data.columns
        for (v, name) in model.imputedVariables.enumerated() {
            let c = model.data.columnNames.firstIndex(of: name)!
            let values = chains[k].values[v]
            switch columns[c].values {
            case .numeric:
                columns[c] = Column(name: name, values: .numeric(values), missing: values.map(\.isNaN))
            case .categorical(_, let levels):
                columns[c] = Column(name: name, values: .categorical(codes: values.map { $0.isNaN ? -1 : Int32($0) }, levels: levels),
                                    missing: values.map(\.isNaN))
            }
        }
        return try Dataset(source: model.data.source, columns: columns, lineNumbers: model.data.lineNumbers)
    }

    /// The completed datasets in mice's long format (`complete(imp, "long")`): columns `.imp`
    /// (1…m) and `.id` (the row's number in the data, 1…n) first, then every column of the data;
    /// numbers in shortest round-trip form, categories as their labels, a value that is still
    /// missing (a column not imputed) as an empty field. With `includingOriginal` the data as
    /// given come first as `.imp` = 0, their missing values empty (`complete(imp, "long",
    /// include = TRUE)`), which R's `mice::as.mids()` turns back into a `mids` object.
    public func longFormat(delimiter: UInt8 = UInt8(ascii: ","), includingOriginal: Bool = false) throws -> [UInt8] {
        var out: [UInt8] = []
        let names = [".imp", ".id"] + model.data.columnNames
        out += names.map { CSVText.field($0, delimiter: delimiter) }.joined(separator: [delimiter])
        out.append(CSVText.lineFeed)
        if includingOriginal {
            out += CSVText.records(of: model.data, delimiter: delimiter, leading: { row in ["0", "\(row + 1)"] })
        }
        for k in 0..<imputations {
            let data = try completed(k)
            out += CSVText.records(of: data, delimiter: delimiter, leading: { row in ["\(k + 1)", "\(row + 1)"] })
        }
        return out
    }
}

extension ImputationModel {
    /// Runs the m chains, imputation k (0-based) on the stream `RandomStream(.imputation, k)`
    /// under the options' seed, in parallel on ``ImputationOptions/threads`` threads; the result
    /// does not depend on the thread count.
    /// - Throws: the first (lowest k) chain's ``AnalysisError``.
    public func impute() throws -> ImputationResult {
        let layout = chainRows()  // the same rows for every chain
        let outcomes = Parallel.map(options.imputations, threads: options.threads) { k -> Result<ImputationChain, Error> in
            var generator = Xoshiro256StarStar(seed: options.seed, stream: RandomStream(.imputation, k))
            return Result { try runChain(on: layout, generator: &generator) }
        }
        return ImputationResult(model: self, chains: try outcomes.map { try $0.get() })
    }
}
