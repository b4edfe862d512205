import LinearAlgebra
import Models
import Tabular

/// Covariate balance between the arms before and after weighting, with cobalt's definitions
/// (`bal.tab` defaults; Austin & Stuart 2015, Stat Med 34:3661–3679):
///
/// - one row per term of the covariates' design (intercept left out); a categorical covariate
///   with more than two levels has a row for every level, its reference included (cobalt's
///   `splitfactor(drop.first = "if2")`), a two-level one a row for its second level;
/// - `binary`: the term takes exactly two values (coded 0/1, 1 for the larger); its difference is
///   the raw difference in proportions, treated − control;
/// - otherwise the standardised mean difference (x̄₁ − x̄₀)/s, with s the unweighted pooled SD
///   √((s₁² + s₀²)/2) for ATE and the treated arm's unweighted SD s₁ for ATT (sample variances,
///   n − 1), the same s before and after weighting;
/// - weighted means Σwᵢxᵢ/Σwᵢ within each arm (the weights' normalised form), unweighted means before;
/// - no SMD (nil, with a ``Row/note`` saying why) when s is 0 or overflows.
public enum BalanceTable {
    public struct Row: Sendable, Equatable {
        public let term: String
        public let binary: Bool
        /// Difference before weighting (standardised unless binary); nil when s is 0.
        public let unweighted: Double?
        /// Difference after weighting; nil when s is 0.
        public let weighted: Double?
        /// Why the SMDs are nil (``zeroSDNote`` or ``overflowNote``); nil when they are given.
        public var note: String? = nil
    }

    /// The note of a term whose SD s is 0 (constant within the arms).
    public static let zeroSDNote = "its SD is 0 (the term is constant within the arms)"
    /// The note of a term whose SD s overflows (is infinite in double precision).
    public static let overflowNote = "its SD overflows (the values are too large to square in double precision)"

    /// The balance rows of `covariates` on `data` (the weighted rows).
    /// - Throws: ``InputError`` for unknown or unusable covariates (located in the formula).
    public static func rows(covariates: Formula, data: Dataset, treated: [Bool], weights: [Double],
                            estimand: WeightingOptions.Estimand) throws -> [Row] {
        let formula = Formula(response: .init(column: PropensityWeighting.indicator, parameter: .arm), terms: covariates.terms, hasIntercept: true)
        let design = try DesignMatrix.build(from: data, formula: formula)
        guard design.rowCount == data.rowCount else {
            throw AnalysisError.numericalFailure("the balance covariates dropped rows the weighting keeps")
        }
        let x = design.materialized()
        var rows: [Row] = []
        var j = 0
        while j < design.columnCount {
            guard let t = design.columnTerms[j] else { j += 1; continue }
            let term = formula.terms[t]
            let columns = (j..<design.columnCount).prefix { design.columnTerms[$0] == t }
            if term.variables.count == 1, design.involvesCategorical(j), columns.count >= 2 {
                // A categorical main effect with more than two levels: its reference level too.
                var reference = [Double](repeating: 1, count: x.rows)
                for i in 0..<x.rows { for c in columns { reference[i] -= x[i, c] } }
                let label = referenceLabel(term.variables[0], data: data, indicator: reference)
                rows.append(row("\(term.variables[0].name)[\(label)]", reference, treated, weights, estimand))
            }
            for c in columns { rows.append(row(design.columnNames[c], (0..<x.rows).map { x[$0, c] }, treated, weights, estimand)) }
            j = columns.upperBound
        }
        return rows
    }

    /// The level of `variable` on the rows where `indicator` is 1 (the reference level).
    static func referenceLabel(_ variable: Formula.Variable, data: Dataset, indicator: [Double]) -> String {
        guard let column = data.column(named: variable.name), let i = indicator.firstIndex(of: 1) else { return "reference" }
        switch column.values {
        case .categorical(let codes, let levels): return levels[Int(codes[i])]
        case .numeric(let values): return Column.label(for: values[i])
        }
    }

    static func row(_ name: String, _ values: [Double], _ treated: [Bool], _ weights: [Double], _ estimand: WeightingOptions.Estimand) -> Row {
        let distinct = Set(values)
        let binary = distinct.count == 2
        let v = binary ? values.map { $0 == distinct.max()! ? 1.0 : 0.0 } : values
        func moments(_ arm: Bool) -> (mean: Double, variance: Double, weightedMean: Double) {
            var n = 0.0, sum = 0.0, wsum = 0.0, wx = 0.0
            for i in v.indices where treated[i] == arm {
                n += 1; sum += v[i]; wsum += weights[i]; wx += weights[i] * v[i]
            }
            let mean = sum / n
            var ss = 0.0
            for i in v.indices where treated[i] == arm { ss += (v[i] - mean) * (v[i] - mean) }
            return (mean, n > 1 ? ss / (n - 1) : 0, wx / wsum)
        }
        let t = moments(true), c = moments(false)
        if binary {
            return Row(term: name, binary: true, unweighted: t.mean - c.mean, weighted: t.weightedMean - c.weightedMean)
        }
        let s = (estimand == .ate ? (t.variance + c.variance) / 2 : t.variance).squareRoot()
        guard s > 0, s.isFinite else { return Row(term: name, binary: false, unweighted: nil, weighted: nil, note: s == 0 ? zeroSDNote : overflowNote) }
        return Row(term: name, binary: false, unweighted: (t.mean - c.mean) / s, weighted: (t.weightedMean - c.weightedMean) / s)
    }
}
