/// A coefficient table (`TTO.csv`, `VAS.csv`, `VT.csv`): one model term per row, one value set per
/// column. Each row's multiplier is computed once for every state of the version; a set's values
/// are then the column's coefficients applied to them.
struct EQ5DCoefficientTable {
    enum Combination {
        /// value = Σ coefficient × multiplier (every set except one).
        case additive
        /// value = Π of the coefficients of the terms that apply (the German VAS set,
        /// Claes et al. 1999).
        case multiplicative
    }

    let table: ResourceTable
    let version: EQ5DVersion
    let terms: [EQ5DModelTerm]
    /// `multipliers[row][state]`.
    let multipliers: [[Double]]

    init(_ table: ResourceTable, version: EQ5DVersion) throws(ResourceError) {
        var terms: [EQ5DModelTerm] = []
        for (i, row) in table.rows.enumerated() {
            guard let term = EQ5DModelTerm(name: row[0]) else {
                throw ResourceError(file: table.file, problem: "line \(i + 2): unknown model term '\(row[0])'")
            }
            terms.append(term)
        }
        let states = EQ5DProfile.all(version).map { state in
            (state, state.levels.reduce(into: [Int](repeating: 0, count: 6)) { $0[$1] += 1 })
        }
        self.table = table
        self.version = version
        self.terms = terms
        multipliers = terms.map { term in states.map { Double(term.multiplier($0.0, $0.1)) } }
    }

    /// The value of every state (by state index) under the set in column `column`; a row with no
    /// coefficient there (`NA`, empty) is a term the set does not use. `published` values, by
    /// five-digit state, replace the model's.
    ///
    /// An additive value is a sum of integer multiples of the coefficients, so it is rounded to
    /// their number of decimal places: that removes binary floating-point noise and nothing else
    /// (1 − 0.081 − 0.069 is 0.85, not 0.8500000000000001).
    func values(column: Int, combination: Combination, published: [String: Double] = [:]) throws(ResourceError) -> [Double] {
        var values = [Double](repeating: combination == .additive ? 0 : 1, count: version.stateCount)
        var decimals = 0
        for (i, row) in table.rows.enumerated() {
            guard let coefficient = try table.number(row[column], row: i) else { continue }
            let field = row[column]
            decimals = max(decimals, field.firstIndex(of: ".").map { field.distance(from: $0, to: field.endIndex) - 1 } ?? 0)
            switch combination {
            case .additive:
                for s in values.indices { values[s] += coefficient * multipliers[i][s] }
            case .multiplicative:
                guard terms[i].isIndicator else {
                    throw ResourceError(file: table.file, problem: "line \(i + 2): term '\(row[0])' cannot enter a multiplicative model")
                }
                for s in values.indices where multipliers[i][s] == 1 { values[s] *= coefficient }
            }
        }
        if combination == .additive {
            let scale = Double.pow10(decimals)
            values = values.map { ($0 * scale).rounded() / scale }
        }
        for (state, value) in published {
            guard let index = EQ5DProfile(state)?.stateIndex(in: version) else {
                throw ResourceError(file: table.file, problem: "published value for an unknown state '\(state)'")
            }
            values[index] = value
        }
        return values
    }
}

extension Double {
    /// 10ⁿ for a small non-negative n, exact in binary floating point up to n = 22.
    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { x, _ in x * 10 } }
}
