/// xoshiro256** (Blackman & Vigna 2021, ACM TOMS 47(4):36), phbeval's one documented generator.
///
/// Streams: `init(seed:stream:)` seeds the 256-bit state from SplitMix64 started at
/// `seed ⊕ (stream · 0xD1B54A32D192ED03)`; the multiplier is odd, so distinct streams start
/// SplitMix64 at distinct points. ``init(seed:stream:)`` with a ``RandomStream`` keys the stream by
/// purpose and index (bootstrap replicate b, imputation m, …), so results depend on (seed,
/// purpose, index) alone, never on the thread count, and two purposes never share a stream.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    // The generator is the inner loop of every bootstrap: its state and step are inlinable so that
    // Resampling compiles the draws in place, as it did when both lived in one module (a call per
    // draw across the module boundary showed as a separate 10% of W1's profile).
    @usableFromInline var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// The generator of `stream` under `seed`.
    public init(seed: UInt64, stream: RandomStream) {
        self.init(seed: seed, stream: stream.number)
    }

    /// The state, for reference-vector tests: (s₀, s₁, s₂, s₃).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) { s = state }

    @inlinable
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

    /// Fills `out` with uniform integers in `0..<bound` (bound < 2³²), two per 64-bit output:
    /// Lemire's method on each 32-bit half, rejecting the biased low products, so every value is
    /// exactly uniform. Two draws per output make resampling twice as fast as one 64-bit draw per value.
    @inlinable
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

    /// A uniform double in [0, 1): the top 53 bits of the next output × 2⁻⁵³.
    @inlinable
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    @inlinable
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
