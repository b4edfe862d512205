import Random
/// How a bootstrap replicate resamples the data, as a count per unit (row or cluster).
///
/// - `stratified`: within each stratum (e.g. trial arm) of size nₛ, draw nₛ members with
///   replacement — R's `boot(…, strata = arm)`; arms keep their sizes in every replicate.
/// - `clustered`: draw G units (clusters) with replacement, each bringing all its rows; when
///   every cluster lies within one stratum, clusters are drawn within strata (Davison & Hinkley
///   1997, §3.8), otherwise from all clusters.
public struct ResamplingPlan: Sendable {
    /// Members (unit indices) of each stratum.
    public let strata: [[Int]]
    /// Number of resampled units (rows, or clusters).
    public let unitCount: Int

    /// Row-level resampling within strata; `stratum[i]` is row i's stratum index.
    public init(strata stratum: [Int]) {
        let count = (stratum.max() ?? -1) + 1
        var members = [[Int]](repeating: [], count: count)
        for (i, s) in stratum.enumerated() { members[s].append(i) }
        strata = members.filter { !$0.isEmpty }
        unitCount = stratum.count
    }

    /// Cluster-level resampling: unit g is cluster g; `clusterStratum[g]` is its stratum, or nil
    /// when clusters cross strata (then all clusters form one stratum).
    public init(clusterCount: Int, clusterStratum: [Int]?) {
        self.init(strata: clusterStratum ?? [Int](repeating: 0, count: clusterCount))
    }

    /// The resampling counts of replicate `replicate` under `seed`: `counts[u]` = how many times
    /// unit u was drawn. Depends only on (seed, replicate).
    public func counts(seed: UInt64, replicate: Int, into counts: UnsafeMutableBufferPointer<Double>) {
        var generator = Xoshiro256StarStar(seed: seed, stream: RandomStream(.bootstrap, replicate))
        counts.update(repeating: 0)
        var draws = [Int32](repeating: 0, count: strata.map(\.count).max() ?? 0)
        draws.withUnsafeMutableBufferPointer { d in
            for members in strata {
                let slice = UnsafeMutableBufferPointer(rebasing: d[0..<members.count])
                generator.fill(slice, below: members.count)
                for draw in slice { counts[members[Int(draw)]] += 1 }
            }
        }
    }
}
