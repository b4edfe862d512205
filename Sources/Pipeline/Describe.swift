import PHBEvalCore

/// Summary statistics of the non-missing values of a numeric column in one arm.
public struct ArmSummary: Sendable, Equatable {
    /// Non-missing values.
    public var n: Int
    public var missing: Int
    public var mean: Double
    /// Sample standard deviation (divisor n − 1); NaN for fewer than two values.
    public var sd: Double

    init(_ values: [Double]) {
        let present = values.filter { !$0.isNaN }
        n = present.count
        missing = values.count - present.count
        mean = present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count)
        let m = mean
        sd = present.count < 2 ? .nan : (present.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(present.count - 1)).squareRoot()
    }

    /// The mean's `level` interval by Student's t with n − 1 df (nil for fewer than two values).
    public func meanInterval(level: Double) -> (lower: Double, upper: Double)? {
        guard n >= 2, sd.isFinite else { return nil }
        let half = StudentT(degreesOfFreedom: Double(n - 1)).quantile(1 - (1 - level) / 2) * sd / Double(n).squareRoot()
        return (mean - half, mean + half)
    }
}

/// A difference of means (intervention − control) with Welch's standard error, t interval with
/// the Welch–Satterthwaite df, and two-sided p-value.
public struct MeanDifference: Sendable {
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Double
    public var interval: (lower: Double, upper: Double)
    public var pValue: Double

    init?(treated: ArmSummary, control: ArmSummary, level: Double) {
        guard treated.n >= 2, control.n >= 2 else { return nil }
        let v1 = treated.sd * treated.sd / Double(treated.n), v0 = control.sd * control.sd / Double(control.n)
        estimate = treated.mean - control.mean
        standardError = (v1 + v0).squareRoot()
        guard standardError > 0 else { return nil }
        degreesOfFreedom = (v1 + v0) * (v1 + v0) / (v1 * v1 / Double(treated.n - 1) + v0 * v0 / Double(control.n - 1))
        let t = StudentT(degreesOfFreedom: degreesOfFreedom)
        let half = t.quantile(1 - (1 - level) / 2) * standardError
        interval = (estimate - half, estimate + half)
        pValue = t.twoSidedPValue(estimate / standardError)
    }
}

/// The baseline table: each characteristic by arm with its standardised difference.
///
/// Continuous rows: mean (SD) and n missing by arm, and the standardised mean difference
/// d = (x̄₁ − x̄₀)/√((s₁² + s₀²)/2) (Austin 2009, Stat Med 28:3083, eq. 1; cobalt's ATE
/// denominator). Categorical rows: one row per level with n (%) of the non-missing by arm and
/// d = (p₁ − p₀)/√((p₁(1 − p₁) + p₀(1 − p₀))/2) (Austin 2009, eq. 2). |d| > 0.1 is the usual
/// flag of imbalance.
public struct BaselineTable: Sendable {
    public struct Row: Sendable {
        /// The characteristic (column) and, for a categorical one, its level.
        public var characteristic: String
        public var level: String?
        /// Continuous: the arm summaries. Categorical: `n` is the count at the level and `mean`
        /// the proportion of the non-missing, `sd` NaN.
        public var treated: ArmSummary
        public var control: ArmSummary
        public var standardizedDifference: Double?
    }
    public var rows: [Row]

    /// Describes `columns` of `data` by `treated` (true for the intervention's rows).
    static func make(_ data: Dataset, columns: [String], treated: [Bool]) throws -> BaselineTable {
        var rows: [Row] = []
        for name in columns {
            let column = try data.requireColumn(name)
            switch column.values {
            case .numeric(let v):
                let values = zip(v, column.missing).map { $1 ? Double.nan : $0 }
                let t = ArmSummary(zip(values, treated).filter { $1 }.map(\.0)), c = ArmSummary(zip(values, treated).filter { !$1 }.map(\.0))
                let pooled = ((t.sd * t.sd + c.sd * c.sd) / 2).squareRoot()
                rows.append(Row(characteristic: name, level: nil, treated: t, control: c,
                                standardizedDifference: pooled > 0 && pooled.isFinite ? (t.mean - c.mean) / pooled : nil))
            case .categorical(let codes, let levels):
                for (code, level) in levels.enumerated() {
                    func share(_ arm: Bool) -> ArmSummary {
                        let rowsInArm = codes.indices.filter { treated[$0] == arm }
                        let present = rowsInArm.filter { !column.missing[$0] }
                        let count = present.filter { codes[$0] == Int32(code) }.count
                        var s = ArmSummary([])
                        s.n = count
                        s.missing = rowsInArm.count - present.count
                        s.mean = present.isEmpty ? .nan : Double(count) / Double(present.count)
                        return s
                    }
                    let t = share(true), c = share(false)
                    let pooled = ((t.mean * (1 - t.mean) + c.mean * (1 - c.mean)) / 2).squareRoot()
                    rows.append(Row(characteristic: name, level: level, treated: t, control: c,
                                    standardizedDifference: pooled > 0 && pooled.isFinite ? (t.mean - c.mean) / pooled : nil))
                }
            }
        }
        return BaselineTable(rows: rows)
    }
}

/// Who was enrolled, assessed and analysed, by arm.
public struct Attrition: Sendable {
    public struct Row: Sendable {
        /// What is counted, e.g. "enrolled", "ascot at 12 months", "costs", "primary analysis".
        public var label: String
        public var treated: Int
        public var control: Int
    }
    public var rows: [Row]
}

/// An outcome's scores by arm at each time, its change from baseline and the difference in
/// change adjusted for baseline (ANCOVA: `followUp ~ arm + baseline`, Vickers & Altman 2001,
/// BMJ 323:1123), by least squares (`regress`), cluster-robust (CR1) when the analysis clusters.
public struct OutcomeDelta: Sendable {
    public struct TimePoint: Sendable {
        public var time: Double
        public var column: String
        public var treated: ArmSummary
        public var control: ArmSummary
    }
    public var outcome: String
    public var instrument: String
    public var times: [TimePoint]
    public var baselineTime: Double
    public var followUpTime: Double
    /// Change (follow-up − baseline) among those with both, by arm.
    public var changeTreated: ArmSummary
    public var changeControl: ArmSummary
    /// Unadjusted difference in mean change (Welch).
    public var changeDifference: MeanDifference?
    /// The arm coefficient of `followUp ~ arm + baseline`.
    public var adjusted: AdjustedDifference
}

/// A regression coefficient with its interval and p-value.
public struct AdjustedDifference: Sendable {
    public var estimate: Double
    public var standardError: Double
    public var interval: (lower: Double, upper: Double)
    public var pValue: Double
    public var n: Int
    public var formula: String
}

/// A cost category by arm and the difference in means (Welch; costs are compared as means, the
/// quantity a budget holder pays: Thompson & Barber 2000, BMJ 320:1197).
public struct CostCategory: Sendable {
    /// The column (`cost_hospital`, `cost_total`) and its category.
    public var column: String
    public var category: String
    public var treated: ArmSummary
    public var control: ArmSummary
    public var difference: MeanDifference?
    /// The arm coefficient of `column ~ intervention + analysis.cost_covariates` on the rows of
    /// the cost-effectiveness analyses, weighted and imputed as the outcome comparisons are
    /// (``OutcomeRegression``; the total recomputed from its imputed categories).
    public var adjusted: AdjustedDifference
}
