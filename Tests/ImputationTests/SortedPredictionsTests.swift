@testable import Imputation
import Random
import XCTest

/// The donor search's sort: the bucket sort and its radix-sort fallback give the stable sorted
/// order and the insertion points of a binary search, for spread, tied, clustered and extreme values.
final class SortedPredictionsTests: XCTestCase {
    /// Stable order by value and the count of values below t, by the standard library.
    private func reference(_ x: [Double]) -> [Int32] {
        x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }.map(Int32.init)
    }

    private func check(_ x: [Double], targets: [Double], _ label: String) {
        let sorted = SortedPredictions(x)
        XCTAssertEqual(sorted.rows, reference(x), label)
        XCTAssertEqual(sorted.values, reference(x).map { x[Int($0)] }, label)
        for t in targets {
            XCTAssertEqual(sorted.insertionPoint(t), x.filter { $0 < t }.count, "\(label) t = \(t)")
        }
    }

    func testOrderAndInsertionPointsMatchAReferenceSort() {
        var g = Xoshiro256StarStar(seed: 3, stream: RandomStream(.simulation, 0))
        let spread = (0..<1_500).map { _ in g.nextNormal() * 0.2 + 0.6 }
        let extremes: [Double] = [-1e300, 1e300, spread[7], spread.min()!, spread.max()!, .infinity, -.infinity]
        let targets: [Double] = (0..<300).map { _ in g.nextNormal() * 0.3 + 0.6 } + extremes
        check(spread, targets: targets, "spread")
        // Ties: few distinct values (buckets of equal values stay in index order).
        let tied = (0..<500).map { _ in Double(g.nextInt(below: 7)) }
        check(tied, targets: [-1, 0, 0.5, 3, 6, 7], "tied")
        // One cluster holding most values: a bucket above the limit, so the radix-sort fallback.
        let clustered: [Double] = (0..<400).map { (i: Int) -> Double in i % 50 == 0 ? 1e6 : 1 + Double(i) * 1e-12 }
        check(clustered, targets: [0, 1, 1 + 1e-10, 2, 1e6, 2e6], "clustered")
        // All equal, one value, and a range too wide for the bucket scale.
        check([2, 2, 2, 2], targets: [1, 2, 3], "constant")
        check([5], targets: [4, 5, 6], "single")
        check([-Double.greatestFiniteMagnitude, 0, 1, Double.greatestFiniteMagnitude], targets: [0.5, -1, 2], "extreme")
        check([3, .infinity, 1, -.infinity, 2], targets: [0, 1.5, .infinity], "infinite")
    }
}
