/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit generator used here only to expand seeds.
/// `next()`: z ← z + 0x9E3779B97F4A7C15; mix with shifts 30, 27, 31 and the two published
/// multipliers.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2021, ACM TOMS 47(4):36), phbeval's one documented generator.
///
/// Streams: `init(seed:stream:)` seeds the 256-bit state from SplitMix64 started at
/// `seed ⊕ (stream · 0xD1B54A32D192ED03)`, so each bootstrap replicate or imputation has its own
/// stream determined by (seed, index) alone, and results never depend on the thread count.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire 2019, ACM TOMACS 29(1):3).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// Fills `out` with uniform integers in `0..<bound` (bound < 2³²), two per 64-bit output:
    /// Lemire's method on each 32-bit half, rejecting the biased low products, so every value is
    /// exactly uniform. Twice as fast as ``nextInt(below:)`` for resampling.
    public mutating func fill(_ out: UnsafeMutableBufferPointer<Int32>, below bound: Int) {
        precondition(bound > 0 && bound <= Int(UInt32.max))
        let b = UInt64(bound)
        let threshold = UInt32(truncatingIfNeeded: (UInt64(1) << 32) % b)  // 2³² mod b
        var filled = 0
        @inline(__always) func take(_ half: UInt64) {
            let product = half &* b
            guard UInt32(truncatingIfNeeded: product) >= threshold else { return }
            out[filled] = Int32(truncatingIfNeeded: product >> 32)
            filled += 1
        }
        while filled < out.count {
            let word = next()
            take(word & 0xFFFF_FFFF)
            if filled < out.count { take(word >> 32) }
        }
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
