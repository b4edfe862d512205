@testable import Imputation
import Random
import XCTest

/// The PMM donor search (rank-grouped walk against sentinels, tie runs found from a bit mask)
/// gives the donors of the plain algorithm — a stable sort, each run of equal predictions
/// shuffled in turn, the ranks drawn in target order, each target's walk with bounds checks — and
/// leaves the generator where it does: the same draws.
final class DonorSearchTests: XCTestCase {
    private func reference(observed: [Double], targets: [Double], donors: Int, generator g: inout Xoshiro256StarStar) -> [Int] {
        let count = observed.count
        var rows = observed.indices.sorted { observed[$0] < observed[$1] || (observed[$0] == observed[$1] && $0 < $1) }
        let sorted = rows.map { observed[$0] }
        var start = 0
        while start < count {
            var end = start + 1
            while end < count && sorted[end] == sorted[start] { end += 1 }
            for i in stride(from: end - 1, to: start, by: -1) { rows.swapAt(i, start + g.nextInt(below: i - start + 1)) }
            start = end
        }
        let ranks = targets.map { _ in g.nextInt(below: donors) + 1 }
        return targets.indices.map { k in
            let t = targets[k]
            let low = sorted.filter { $0 < t }.count
            var left = low - 1, right = low, chosen = low
            for _ in 0..<ranks[k] {
                let distanceRight = right < count ? sorted[right] - t : .infinity
                let distanceLeft = left >= 0 ? t - sorted[left] : .infinity
                let takeRight = right < count && (left < 0 || distanceRight <= distanceLeft)
                chosen = takeRight ? right : left
                if takeRight { right += 1 } else { left -= 1 }
            }
            return rows[chosen]
        }
    }

    private func check(_ observed: [Double], targets: [Double], donors: Int, seed: UInt64, _ label: String) {
        var mine = Xoshiro256StarStar(seed: seed, stream: RandomStream(.simulation, 1)), theirs = mine
        var search = DonorSearch()
        // Twice with the same workspace: the second visit reuses the buffers.
        for visit in 0..<2 {
            observed.withUnsafeBufferPointer { o in targets.withUnsafeBufferPointer { t in
                search.match(observed: o, targets: t, donors: donors, generator: &mine)
            } }
            let expected = reference(observed: observed, targets: targets, donors: donors, generator: &theirs)
            XCTAssertEqual(search.donors.map(Int.init), expected, "\(label), visit \(visit)")
            XCTAssertEqual(mine.next(), theirs.next(), "\(label), visit \(visit): the generators parted")
        }
    }

    func testDonorsAndDrawsEqualThePlainAlgorithm() {
        var g = Xoshiro256StarStar(seed: 9, stream: RandomStream(.simulation, 0))
        // Spread predictions with duplicates (a bootstrap sample repeats rows), targets inside and outside.
        let base = (0..<800).map { _ in g.nextNormal() * 0.2 + 0.6 }
        let spread = (0..<1_200).map { _ in base[g.nextInt(below: base.count)] }
        let targets = (0..<500).map { _ in g.nextNormal() * 0.3 + 0.6 } + [spread[3], spread.min()!, spread.max()!, -1e300, 1e300, -5, 5]
        for donors in [1, 3, 5, 10] { check(spread, targets: targets, donors: donors, seed: UInt64(donors), "spread, \(donors) donors") }
        // Few distinct values: long tie runs, across the 64-value words of the tie mask.
        let tied = (0..<300).map { _ in Double(g.nextInt(below: 4)) }
        check(tied, targets: [-1, 0, 0.5, 1, 2.5, 3, 4], donors: 5, seed: 1, "tied")
        // All equal; fewer values than donors would allow; one cluster (the radix-sort fallback).
        check([2, 2, 2, 2, 2], targets: [1, 2, 3], donors: 5, seed: 2, "constant")
        check([5, 1], targets: [0, 3, 9], donors: 2, seed: 3, "two")
        let clustered: [Double] = (0..<200).map { (i: Int) -> Double in i % 40 == 0 ? 1e6 : 1 + Double(i) * 1e-12 }
        check(clustered, targets: [0, 1, 1 + 1e-10, 2e6], donors: 5, seed: 4, "clustered")
        // Non-finite targets and observed values, and differences that overflow: the bounded walk.
        check(spread, targets: [.infinity, -.infinity, .nan, 0.5], donors: 5, seed: 5, "non-finite targets")
        check([3, .infinity, 1, -.infinity, 2, 2, -.infinity], targets: [0, 1.5, .infinity, -.infinity], donors: 3, seed: 6, "non-finite observed")
        check([-Double.greatestFiniteMagnitude, 0, 1, Double.greatestFiniteMagnitude], targets: [0.5, -1, 2, Double.greatestFiniteMagnitude], donors: 2, seed: 7, "extreme")
    }
}
