import Foundation

/// The regularised incomplete beta function I_x(a, b).
public enum IncompleteBeta {
    /// I_x(a, b) = B(x; a, b) / B(a, b), by the continued fraction of Didonato & Morris
    /// (evaluated with the modified Lentz method; Press et al., *Numerical Recipes* 3rd ed. §6.4),
    /// using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
    /// The prefactor xᵃ(1−x)ᵇ/(a·B(a,b)) is formed in logs, so tiny tails keep their relative accuracy.
    /// - Parameters: `a`, `b` > 0; `x` in [0, 1]. Returns NaN otherwise.
    public static func regularized(x: Double, a: Double, b: Double) -> Double {
        if x.isNaN || a <= 0 || b <= 0 || x < 0 || x > 1 { return .nan }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - lowerTail(x: 1 - x, a: b, b: a) }
        return lowerTail(x: x, a: a, b: b)
    }

    /// I_x(a, b) for x below the mean, where the continued fraction converges fast.
    static func lowerTail(x: Double, a: Double, b: Double) -> Double {
        let logPrefactor = a * log(x) + b * log1p(-x) - logBeta(a, b) - log(a)
        return exp(logPrefactor) * continuedFraction(x: x, a: a, b: b)
    }

    /// log B(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b).
    public static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let m2 = 2 * m
            // Even step.
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
