import Random

/// Type-1 predictive mean matching (mice's `matchindex`, src/matchindex.cpp): the observed
/// predictions are sorted, equal ones in random order (mice shuffles, then sorts stably; here
/// each run of equal predictions is shuffled after the sort, the same distribution); for each
/// target a rank h is drawn uniformly from 1…`donors`, and the h-th nearest observed
/// prediction is found by walking outward from the target's insertion point (ties go to the
/// larger prediction). The sort and the insertion points are ``SortedPredictions``': O(n_obs +
/// n_mis) in all for predictions spread like those of a regression.
///
/// A workspace kept by each variable's design for its chain, so that the visits allocate
/// nothing. The walk takes the targets grouped by their rank (each target's donor depends on its
/// own rank and prediction alone, so the order does not matter): a group's walks all take h steps,
/// a loop whose exit the processor predicts, and each step chooses its side by arithmetic on the
/// comparison, against the sentinels of ``SortedPredictions`` rather than bounds checks. Where
/// a distance could be infinite (a prediction that is not finite, or so far from the observed
/// ones that the difference overflows) the walk with bounds checks decides instead. Same donors
/// and draws as walking each target in turn.
struct DonorSearch {
    private var order = SortedPredictions()
    private var ranks: [Int32] = []
    /// The targets grouped by rank (rank 1 first), and where each rank's group starts.
    private var byRank: [Int32] = []
    private var rankStarts: [Int] = []
    /// The donor of each target (an index into the observed predictions), after ``match(observed:targets:donors:generator:)``.
    private(set) var donors: [Int32] = []

    /// Finds the donor of each of `targets` among `observed` with `donors` (1…observed.count)
    /// candidates, drawing the tie order and then the ranks (in target order) from `g`.
    mutating func match(observed: UnsafeBufferPointer<Double>, targets: UnsafeBufferPointer<Double>, donors candidates: Int,
                        generator g: inout Xoshiro256StarStar) {
        precondition(candidates >= 1 && candidates <= observed.count)
        let na = targets.count
        order.sort(observed, padding: candidates)
        order.shuffleTies(&g)
        if ranks.count != na {
            ranks = [Int32](repeating: 0, count: na)
            byRank = ranks
            donors = ranks
        }
        if rankStarts.count != candidates + 2 { rankStarts = [Int](repeating: 0, count: candidates + 2) }
        // The ranks are drawn first, in target order (as mice pre-samples them).
        // (Through a local copy of the generator, kept in registers across the stores.)
        var local = g
        ranks.withUnsafeMutableBufferPointer { ranks in
            for k in 0..<na { ranks[k] = Int32(truncatingIfNeeded: local.nextInt(below: candidates) &+ 1) }
        }
        g = local
        let finite = order.bucketed, low = order.low, high = order.high
        ranks.withUnsafeBufferPointer { ranks in byRank.withUnsafeMutableBufferPointer { byRank in
            rankStarts.withUnsafeMutableBufferPointer { starts in donors.withUnsafeMutableBufferPointer { donorOf in
                // Group the targets by rank (a counting sort).
                for h in 0...(candidates + 1) { starts[h] = 0 }
                for k in 0..<na { starts[Int(ranks[k]) &+ 1] &+= 1 }
                for h in 1...(candidates + 1) { starts[h] &+= starts[h &- 1] }
                for k in 0..<na {
                    let h = Int(ranks[k])
                    byRank[starts[h]] = Int32(truncatingIfNeeded: k)
                    starts[h] &+= 1
                }
                // starts[h] is now the end of rank h's group, the start of rank h + 1's.
                order.withSearch { search in
                    let values = search.values, count = search.count
                    var begin = 0
                    for h in 1...candidates {
                        let end = starts[h]
                        for position in begin..<end {
                            let k = Int(byRank[position]), t = targets[k]
                            let low0 = search.insertionPoint(t)
                            guard finite, (t - low).isFinite, (high - t).isFinite else {
                                donorOf[k] = search.rows[Self.boundedWalk(values, count: count, from: low0, target: t, steps: h)]
                                continue
                            }
                            var left = low0 &- 1, right = low0, chosen = low0
                            for _ in 0..<h {
                                let takeRight = values[right] - t <= t - values[left] ? 1 : 0
                                chosen = left &+ takeRight &* (right &- left)
                                right &+= takeRight
                                left &-= 1 &- takeRight
                            }
                            donorOf[k] = search.rows[chosen]
                        }
                        begin = end
                    }
                }
            } }
        } }
    }

    /// The `steps`-th nearest of the sorted `values` to `t` walking out from `low` (its insertion
    /// point), with bounds checks: a side that is used up is never taken; ties go right.
    private static func boundedWalk(_ values: UnsafePointer<Double>, count: Int, from low: Int, target t: Double, steps: Int) -> Int {
        var left = low - 1, right = low, chosen = low
        for _ in 0..<steps {
            let distanceRight = right < count ? values[right] - t : .infinity
            let distanceLeft = left >= 0 ? t - values[left] : .infinity
            let takeRight = right < count && (left < 0 || distanceRight <= distanceLeft)
            chosen = takeRight ? right : left
            if takeRight { right += 1 } else { left -= 1 }
        }
        return chosen
    }
}
