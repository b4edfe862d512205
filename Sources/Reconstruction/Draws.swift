import Foundation
import Distributions
import Random

/// The random numbers of one purpose of a generator: a xoshiro256** stream
/// `RandomStream(.simulation, k)` under the dataset's seed, and the few distributions the
/// reconstructions draw from. Every purpose (a table, a step of the pilot's model) has its own
/// stream number `k`, listed where the generator uses it, so changing one step never shifts the
/// numbers of another, and the output depends on (seed, k) alone.
struct Draws {
    private var generator: Xoshiro256StarStar

    init(seed: UInt64, stream k: Int) {
        generator = Xoshiro256StarStar(seed: seed, stream: RandomStream(.simulation, k))
    }

    /// Uniform on the open interval (0, 1): the generator's [0, 1) double, with 0 moved to 2⁻⁵⁴.
    mutating func uniform() -> Double {
        let u = generator.nextUniform()
        return u > 0 ? u : 0x1p-54
    }

    /// Standard normal by inversion, Φ⁻¹(U) (one uniform per draw, so a draw never depends on
    /// how many came before it in another stream).
    mutating func normal() -> Double { Normal.quantile(uniform()) }

    /// An index in `0..<weights.count` with probability proportional to its weight.
    mutating func category(_ weights: [Double]) -> Int {
        var u = uniform() * weights.reduce(0, +)
        for (k, w) in weights.enumerated() {
            u -= w
            if u < 0 { return k }
        }
        return weights.count - 1
    }

    /// A uniformly random permutation of `0..<n` (Fisher–Yates, Durstenfeld's form).
    mutating func permutation(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(uniform() * Double(i + 1))
            order.swapAt(i, min(j, i))
        }
        return order
    }

    /// Exactly `k` of `weights.count` units drawn without replacement with probability
    /// proportional to their weights (Efraimidis & Spirakis 2006: the k largest keys U^(1/w)).
    /// Returns a membership mask. Weights must be > 0.
    mutating func sample(_ k: Int, weights: [Double]) -> [Bool] {
        let keys = weights.map { w in log(uniform()) / w }  // log(U^(1/w)), same order
        let chosen = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }.prefix(k)
        var mask = [Bool](repeating: false, count: weights.count)
        for i in chosen { mask[i] = true }
        return mask
    }
}
