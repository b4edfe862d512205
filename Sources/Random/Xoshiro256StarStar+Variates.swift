import Foundation

extension Xoshiro256StarStar {
    /// A standard normal variate by Marsaglia's polar method (Marsaglia & Bray 1964, SIAM Review
    /// 6:260): u, v uniform on (−1, 1) until s = u² + v² lies in (0, 1); the variate is
    /// u·√(−2 ln s / s). The second variate of the pair, v·√(−2 ln s / s), is discarded, so each
    /// call depends only on the generator's state.
    @inlinable
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextUniform() - 1, v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * Foundation.log(s) / s).squareRoot() }
        }
    }

    /// A gamma variate with shape `shape` > 0 and scale 1, by Marsaglia & Tsang (2000, ACM TOMS
    /// 26:363): for shape a ≥ 1, d = a − 1/3, c = 1/√(9d); repeat x normal, v = (1 + c x)³ until
    /// v > 0 and ln U < x²/2 + d − d v + d ln v; return d v. For a < 1 the variate of shape a + 1
    /// times U^(1/a) (their §6).
    @inlinable
    public mutating func nextGamma(shape: Double) -> Double {
        precondition(shape > 0, "gamma shape must be positive")
        if shape < 1 {
            let boost = Foundation.pow(nextUniformOpen(), 1 / shape)
            return nextGamma(shape: shape + 1) * boost
        }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = nextUniformOpen()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }

    /// A χ² variate with `degreesOfFreedom` > 0: twice a gamma variate of shape ν/2.
    @inlinable
    public mutating func nextChiSquared(degreesOfFreedom: Double) -> Double {
        2 * nextGamma(shape: degreesOfFreedom / 2)
    }

    /// A uniform double in (0, 1]: 1 − ``nextUniform()``, safe to take the logarithm of.
    @inlinable
    public mutating func nextUniformOpen() -> Double { 1 - nextUniform() }

    /// A uniform integer in `0..<bound` (bound > 0) by Lemire's multiply-and-reject method
    /// (Lemire 2019, ACM TOMACS 29(1):3): the high word of x·bound, rejecting products whose low word
    /// is below 2⁶⁴ mod bound. That threshold is below bound, so a low word ≥ bound is accepted
    /// without computing it: the 64-bit division runs only for the rare low words below bound
    /// (the same draws as computing it every time; bootstrap-then-impute's donor ranks and tie
    /// shuffles draw tens of millions of small integers).
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b  // 2⁶⁴ mod b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }
}
