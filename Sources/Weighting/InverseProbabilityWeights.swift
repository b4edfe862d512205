/// Inverse probability of treatment weights from propensity scores eᵢ = P(T = 1 | Xᵢ)
/// (Hernán & Robins 2020, §12.2; WeightIt's `get_w_from_ps`):
///
/// - ATE: wᵢ = 1/eᵢ for treated rows, 1/(1 − eᵢ) for controls; stabilised, multiplied by the
///   arm's marginal share P(T = tᵢ) = (rows of that arm)/(rows);
/// - ATT: wᵢ = 1 for treated rows, eᵢ/(1 − eᵢ) for controls.
///
/// Trimming at quantile Q (WeightIt's `trim(w, at = Q)`): the weights above the Q-quantile of the
/// weights that can vary (all rows for ATE; the controls for ATT, whose treated weights are all
/// 1) are set to that quantile, R's `quantile(type = 3)` (the nearest even order statistic,
/// SAS definition 2): with the n values sorted, h = nQ − ½ and j = ⌊h + 4ε⌋ (R's fuzz), the
/// quantile is x₍ⱼ₎ when h = j and j is even, else x₍ⱼ₊₁₎ (1-based, clamped to 1…n).
///
/// Every function takes optional row `counts` (a bootstrap replicate's draw counts): the result
/// is then the weighting of the data with each row repeated that many times (counts of 0 leave
/// the row out of the marginal shares and the quantile).
public enum InverseProbabilityWeights {
    /// The weights (before trimming) of rows with propensity `e` and arm `treated`.
    public static func weights(propensity e: [Double], treated: [Bool], estimand: WeightingOptions.Estimand,
                               stabilize: Bool, counts: [Double]? = nil) -> [Double] {
        var share = (treated: 1.0, control: 1.0)
        if stabilize {
            var total = 0.0, inTreated = 0.0
            for i in treated.indices {
                let c = counts?[i] ?? 1
                total += c
                if treated[i] { inTreated += c }
            }
            share = (inTreated / total, (total - inTreated) / total)
        }
        return treated.indices.map { i in
            switch estimand {
            case .ate: return treated[i] ? share.treated / e[i] : share.control / (1 - e[i])
            case .att: return treated[i] ? 1 : e[i] / (1 - e[i])
            }
        }
    }

    /// `weights` trimmed at quantile `q` of the weights that can vary (see the type's summary);
    /// returns the trimmed weights and the threshold.
    public static func trimmed(_ weights: [Double], at q: Double, treated: [Bool], estimand: WeightingOptions.Estimand,
                               counts: [Double]? = nil) -> (weights: [Double], threshold: Double) {
        let eligible = weights.indices.filter { estimand == .ate || !treated[$0] }
        let threshold = quantileType3(eligible.map { weights[$0] }, counts: counts.map { c in eligible.map { c[$0] } }, q)
        var out = weights
        for i in eligible where out[i] > threshold { out[i] = threshold }
        return (out, threshold)
    }

    /// R's `quantile(x, q, type = 3)` of the values repeated `counts` times (integers ≥ 0).
    static func quantileType3(_ values: [Double], counts: [Double]?, _ q: Double) -> Double {
        let order = values.indices.filter { (counts?[$0] ?? 1) > 0 }.sorted { values[$0] < values[$1] }
        let n = order.reduce(0.0) { $0 + (counts?[$1] ?? 1) }
        guard n > 0 else { return .nan }
        let h = n * q - 0.5
        let j = (h + 4 * .ulpOfOne).rounded(.down)
        let rank = (h == j && j.truncatingRemainder(dividingBy: 2) == 0) ? j : j + 1
        let target = min(max(rank, 1), n)
        var seen = 0.0
        for i in order {
            seen += counts?[i] ?? 1
            if seen >= target { return values[i] }
        }
        return values[order.last!]
    }

    /// Kish's effective sample size (Σw)²/Σw² of the weights (with `counts`, of the rows repeated).
    public static func effectiveSampleSize(_ weights: [Double], counts: [Double]? = nil) -> Double {
        var sum = 0.0, squares = 0.0
        for i in weights.indices {
            let c = counts?[i] ?? 1
            sum += c * weights[i]
            squares += c * weights[i] * weights[i]
        }
        return squares > 0 ? sum * sum / squares : 0
    }
}
