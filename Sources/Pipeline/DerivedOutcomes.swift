import Foundation
import PHBEvalCore

/// Outcomes computed from scores: change from baseline and quality-adjusted life years.
public enum DerivedOutcomes {
    /// follow-up − baseline per participant (NaN when either is missing).
    public static func change(baseline: [Double], followUp: [Double]) -> [Double] {
        zip(baseline, followUp).map { $1 - $0 }
    }

    /// QALYs by the area under the utility curve: the trapezoid rule over assessment times
    /// `months` (ascending), in years,
    /// `QALY = Σ_k (u_{k−1} + u_k)/2 · (t_k − t_{k−1})/12`,
    /// with each year's part discounted: the curve (linear between assessments) is cut at every
    /// 12 months, and the area in year y (months 12y to 12(y+1)) is multiplied by 1/(1 + r)^y,
    /// so the first year is not discounted and follow-up beyond it is (NICE's reference case,
    /// r = 3.5% a year; NICE health technology evaluations manual 2022, §4.5.3; Drummond et al.,
    /// Methods for the Economic Evaluation of Health Care Programmes, 4th ed., §4.2).
    /// Missing (NaN) when any utility is missing: no value is imputed here.
    public static func qaly(utilities: [Double], months: [Double], discountRate: Double) -> Double {
        precondition(utilities.count == months.count && months.count >= 2, "one utility per time, two times or more")
        guard utilities.allSatisfy({ !$0.isNaN }) else { return .nan }
        var total = 0.0
        for k in 1..<months.count {
            let (t0, t1, u0, u1) = (months[k - 1], months[k], utilities[k - 1], utilities[k])
            // The segment's pieces within each year: cut at multiples of 12 months.
            var start = t0
            while start < t1 {
                let year = (start / 12).rounded(.down)
                let end = min(t1, (year + 1) * 12)
                let utility = { (t: Double) in u0 + (u1 - u0) * (t - t0) / (t1 - t0) }
                let area = (utility(start) + utility(end)) / 2 * (end - start) / 12
                total += area / Foundation.pow(1 + discountRate, year)
                start = end
            }
        }
        return total
    }

    /// ``qaly(utilities:months:discountRate:)`` for every participant, from one utility column
    /// per time.
    public static func qalys(_ utilities: [[Double]], months: [Double], discountRate: Double) -> [Double] {
        let rows = utilities.first?.count ?? 0
        return (0..<rows).map { i in qaly(utilities: utilities.map { $0[i] }, months: months, discountRate: discountRate) }
    }
}
