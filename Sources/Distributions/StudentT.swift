import Foundation

/// Student's t distribution with `degreesOfFreedom` ν > 0.
public struct StudentT: Sendable {
    public let degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "degrees of freedom must be positive")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// Two-sided p-value P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1).
    public func twoSidedPValue(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        let nu = degreesOfFreedom
        // For |t| small relative to √ν use the complementary form to keep precision near 1.
        let x = nu / (nu + t * t)
        return IncompleteBeta.regularized(x: x, a: nu / 2, b: 0.5)
    }

    /// P(T ≤ t).
    public func cdf(_ t: Double) -> Double {
        let tail = twoSidedPValue(t) / 2
        return t < 0 ? tail : 1 - tail
    }

    /// Density Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2).
    public func density(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        let logC = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi)
        return exp(logC - (nu + 1) / 2 * log1p(t * t / nu))
    }

    /// The quantile t_p: Newton's method on ``cdf(_:)`` from the normal quantile, safeguarded by
    /// bisection; converges to a relative 1e-14.
    public func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p) }
        var lo = 0.0, hi = 1.0
        while cdf(hi) < p { lo = hi; hi *= 2 }
        var t = min(max(Normal.quantile(p), lo), hi)
        for _ in 0..<200 {
            let f = cdf(t) - p
            if f > 0 { hi = t } else { lo = t }
            var next = t - f / density(t)
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - t) <= 1e-14 * max(1, abs(next)) { return next }
            t = next
        }
        return t
    }
}
