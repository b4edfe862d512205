/// Tick positions and labels for the figures' axes.
///
/// `extended` is Talbot, Lin & Hanrahan's "extended" labelling (2010, "An extension of Wilkinson's
/// algorithm for positioning tick labels on axes", IEEE InfoVis; vis.stanford.edu/files/2010-TickLabels-InfoVis.pdf)
/// in the legibility-free variant that R's `labeling::extended` implements by default (cran/labeling
/// `R/labeling.R`, used by `scales::breaks_extended` and so by ggplot2): nice steps
/// Q = [1, 5, 2, 2.5, 4, 3] in order of preference, weights w = [0.25, 0.2, 0.5, 0.05] for
/// simplicity, coverage, density and legibility (legibility fixed at 1). It is tested against R to
/// the last bit on 40 ranges (Tests/FiguresTests/Fixtures/extended_ticks.R); it differs only where
/// R's final `seq` drops a label to rounding (see `sequence`). `heckbert` is Heckbert's
/// "nice numbers" loose labelling (Graphics Gems, 1990, erich666/GraphicsGems `gems/Label.c`), used
/// where `extended` has no answer: an empty or non-finite span, or a span lost in the magnitude of
/// its ends.
public struct AxisTicks {
    /// Talbot et al.'s nice step multiples, most preferred first.
    public static let niceSteps: [Double] = [1, 5, 2, 2.5, 4, 3]
    /// Weights of simplicity, coverage, density and legibility in the score.
    public static let weights: [Double] = [0.25, 0.2, 0.5, 0.05]

    /// About `m` ticks (default 5) spanning [low, high] by the extended algorithm, as
    /// `labeling::extended(low, high, m)`. The score of labels lmin, lmin + step, …, lmax (k of them,
    /// step = j·q·10^z for q the i-th of the n nice steps, skipping every j-th) is
    /// 0.25·simplicity + 0.2·coverage + 0.5·density + 0.05, with
    /// simplicity = 1 − (i − 1)/(n − 1) − j + v (v = 1 when 0 is a label),
    /// coverage = 1 − ½((high − lmax)² + (low − lmin)²)/(0.1(high − low))²,
    /// density = 2 − max(r/ρ, ρ/r), r = (k − 1)/(lmax − lmin), ρ = (m − 1)/(max(lmax, high) − min(lmin, low));
    /// the search is pruned by the maxima of each term. Ticks may lie outside [low, high]; with
    /// `onlyInside` those outside are dropped. Degenerate ranges (low == high, a non-finite or
    /// relatively negligible span) get `heckbert`'s ticks; a non-finite end gives no ticks.
    public static func extended(_ low: Double, _ high: Double, count m: Int = 5,
                                onlyInside: Bool = false) -> [Double] {
        guard low.isFinite, high.isFinite else { return [] }
        let dmin = min(low, high), dmax = max(low, high)
        let m = max(m, 2)
        let span = dmax - dmin
        let ticks: [Double]
        if span < Double.ulpOfOne * 100 || !span.isFinite || span > Double.greatestFiniteMagnitude.squareRoot()
            || max(dmin.magnitude, dmax.magnitude) / span > 1e12 {
            ticks = heckbert(dmin, dmax, count: m)
        } else {
            ticks = extendedSearch(dmin, dmax, m) ?? heckbert(dmin, dmax, count: m)
        }
        guard onlyInside else { return ticks }
        let tolerance = span * 1e-10
        return ticks.filter { $0 >= dmin - tolerance && $0 <= dmax + tolerance }
    }

    /// Heckbert's loose labelling with about `count` ticks (default 5): range = nice(high − low)
    /// (rounded up to 1, 2, 5 or 10 × 10^e), step = nice(range/(count − 1)) (rounded to the nearest
    /// at thresholds 1.5, 3 and 7), ticks from ⌊low/step⌋·step to ⌈high/step⌉·step. When low == high
    /// the range is widened to the value ± half its leading power of ten (±1 around 0); a span too
    /// large for a double is labelled at a tenth of the scale and scaled back (ticks beyond the
    /// largest double dropped).
    public static func heckbert(_ a: Double, _ b: Double, count: Int = 5) -> [Double] {
        guard a.isFinite, b.isFinite else { return [] }
        var low = min(a, b), high = max(a, b)
        if !(high - low).isFinite {
            return heckbert(low / 10, high / 10, count: count).map { $0 * 10 }.filter(\.isFinite)
        }
        if high - low <= max(low.magnitude, high.magnitude) * Double.ulpOfOne * 4 {
            let centre = (low + high) / 2
            let half = centre == 0 ? 1 : MathFunctions.powerOfTen(MathFunctions.log10(centre.magnitude).rounded(.down)) / 2
            low = centre - half
            high = centre + half
        }
        let range = niceNumber(high - low, rounding: false)
        let step = niceNumber(range / Double(max(count - 1, 1)), rounding: true)
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        guard (last - first).isFinite, last - first < 1000 else { return [low, high] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// Labels for `ticks` with one number of decimals shared by all (the fewest that write each
    /// tick to within a millionth of the smallest gap), "," between thousands, and never "-0":
    /// [0, 10000, 20000] → ["0", "10,000", "20,000"]; [0, 0.25, 0.5] → ["0.00", "0.25", "0.50"].
    /// A non-finite tick gets an empty label.
    public static func labels(_ ticks: [Double]) -> [String] {
        let decimals = sharedDecimals(ticks)
        return ticks.map { $0.isFinite ? SVGNumber.fixed($0, decimals: decimals, grouping: true) : "" }
    }

    /// The fewest decimals (at most 15) that write every finite tick to within a millionth of the
    /// smallest gap between distinct ticks (of the largest magnitude when there is no gap).
    static func sharedDecimals(_ ticks: [Double]) -> Int {
        let finite = ticks.filter(\.isFinite).sorted()
        guard let largest = finite.map(\.magnitude).max(), largest > 0 else { return 0 }
        var gap = largest
        for (a, b) in zip(finite, finite.dropFirst()) where b > a { gap = min(gap, b - a) }
        let tolerance = gap * 1e-6
        for decimals in 0...15 {
            let scale = SVGNumber.exactPowerOfTen(decimals)
            if finite.allSatisfy({ (($0 * scale).rounded() / scale - $0).magnitude <= tolerance }) { return decimals }
        }
        return 15
    }

    /// Heckbert's nicenum: x rounded (or raised, when `rounding` is false) to 1, 2, 5 or 10 × 10^⌊log₁₀x⌋.
    private static func niceNumber(_ x: Double, rounding: Bool) -> Double {
        let exponent = MathFunctions.log10(x).rounded(.down)
        let power = MathFunctions.powerOfTen(exponent)
        let fraction = x / power
        let nice: Double
        if rounding {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// The search of `labeling::extended` over j (skip), q (nice step), k (label count), z (power of
    /// ten) and the start, keeping the best-scoring labels; nil if none scored.
    private static func extendedSearch(_ dmin: Double, _ dmax: Double, _ m: Int) -> [Double]? {
        let w = weights, q = niceSteps
        let eps = Double.ulpOfOne * 100
        var best: (lmin: Double, lmax: Double, step: Double, score: Double)? = nil
        var bestScore = -2.0
        var j = 1.0
        search: while true {
            for (index, niceStep) in q.enumerated() {
                let maxSimplicity = 1 - Double(index) / Double(q.count - 1) - j + 1
                if w[0] * maxSimplicity + w[1] + w[2] + w[3] < bestScore { break search }
                var k = 2.0
                while true {
                    let maxDensity = k >= Double(m) ? 2 - (k - 1) / Double(m - 1) : 1
                    if w[0] * maxSimplicity + w[1] + w[2] * maxDensity + w[3] < bestScore { break }
                    let delta = (dmax - dmin) / (k + 1) / j / niceStep
                    var z = MathFunctions.log10(delta).rounded(.up)
                    while true {
                        let step = j * niceStep * MathFunctions.powerOfTen(z)
                        let maxCoverage = coverageMax(dmin, dmax, span: step * (k - 1))
                        if w[0] * maxSimplicity + w[1] * maxCoverage + w[2] * maxDensity + w[3] < bestScore { break }
                        let minStart = (dmax / step).rounded(.down) * j - (k - 1) * j
                        let maxStart = (dmin / step).rounded(.up) * j
                        if minStart <= maxStart {
                            var start = minStart
                            while start <= maxStart {
                                let lmin = start * (step / j)
                                let lmax = lmin + step * (k - 1)
                                let remainder = floorModulo(lmin, step)
                                let zeroIncluded = (remainder < eps || step - remainder < eps) && lmin <= 0 && lmax >= 0
                                let simplicity = 1 - Double(index) / Double(q.count - 1) - j + (zeroIncluded ? 1 : 0)
                                let coverage = 1 - 0.5 * ((dmax - lmax) * (dmax - lmax) + (dmin - lmin) * (dmin - lmin))
                                    / ((0.1 * (dmax - dmin)) * (0.1 * (dmax - dmin)))
                                let r = (k - 1) / (lmax - lmin)
                                let rt = (Double(m) - 1) / (max(lmax, dmax) - min(dmin, lmin))
                                let density = 2 - max(r / rt, rt / r)
                                let score = w[0] * simplicity + w[1] * coverage + w[2] * density + w[3]
                                if score > bestScore {
                                    bestScore = score
                                    best = (lmin, lmax, step, score)
                                }
                                start += 1
                            }
                        }
                        z += 1
                    }
                    k += 1
                }
            }
            j += 1
        }
        guard let best else { return nil }
        return sequence(from: best.lmin, to: best.lmax, by: best.step)
    }

    /// Coverage's upper bound for labels spanning `span`: 1 when span ≤ high − low, else the
    /// coverage of a centred span.
    private static func coverageMax(_ dmin: Double, _ dmax: Double, span: Double) -> Double {
        let range = dmax - dmin
        guard span > range else { return 1 }
        let half = (span - range) / 2
        return 1 - 0.5 * (half * half + half * half) / ((0.1 * range) * (0.1 * range))
    }

    /// x mod y with the sign of y, as R's `%%` (x − ⌊x/y⌋·y, corrected once more).
    private static func floorModulo(_ x: Double, _ y: Double) -> Double {
        let first = x - (x / y).rounded(.down) * y
        return first - (first / y).rounded(.down) * y
    }

    /// from + i·step for i = 0 … k − 1, capped at `to`, where k − 1 = (to − from)/step rounded to
    /// the nearest integer. R's `seq(from, to, by)` floors (to − from)/by + 1e-10 instead, which
    /// loses the last label when rounding leaves the quotient just below k − 1: R gives the single
    /// label −990987.75 for `extended(-990987.76420354, -990987.6491013594, 2)`, this gives two.
    /// Elsewhere the two agree bit for bit.
    private static func sequence(from: Double, to: Double, by step: Double) -> [Double] {
        let count = Int(((to - from) / step).rounded())
        return (0...max(count, 0)).map { min(from + Double($0) * step, to) }
    }
}
