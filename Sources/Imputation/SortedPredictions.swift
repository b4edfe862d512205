import Random

/// The observed predictions of a predictive-mean-matching draw in increasing order, with the
/// insertion point of any target: a bucket sort, ``bucketsPerValue``·n buckets of equal width
/// between the smallest and the largest prediction, each value's bucket (x − min)·scale rounded
/// to an integer (monotone in x, since rounded subtraction, multiplication by a positive
/// constant and rounding are; any monotone bucketing gives the same sort), a
/// stable scatter, and an insertion pass on the exact values that only moves values within a
/// bucket. A target's insertion point is its bucket's start plus the values from there on below
/// it, so the targets need no sort. O(n) for predictions spread like those of a regression; when a
/// bucket holds more than ``largestBucket`` values (or a value is not finite), ``RadixSort`` sorts
/// and a binary search finds the insertion points instead.
///
/// The buffers are kept from one sort to the next (a chain sorts the same number of predictions
/// at every visit of a variable, and the allocation and zeroing showed in its profile), and the
/// sorted values are framed by `padding` copies of −∞ before and +∞ after: sentinels that let the
/// insertion pass, the insertion-point scan and the donor walk (``DonorSearch``) run without
/// bounds checks. Four buckets per value leave fewer values sharing a bucket, whose order the
/// insertion pass fixes with unpredictable branches, for a longer prefix sum (W6 at B = 300, user
/// CPU alternating: 1 bucket 0.92–1.01 s, 2 buckets 0.83–1.04 s, 4 buckets 0.82–0.98 s, 8
/// buckets 0.91–1.02 s).
struct SortedPredictions {
    /// Indices of the predictions in increasing order of value (equal values in index order).
    private(set) var rows: [Int32] = []
    /// `padding` × −∞, the sorted values, `padding` × +∞.
    private var framed: [Double] = []
    /// Bucket b holds the sorted values starts[b]..<starts[b + 1] (when ``bucketed``); one
    /// entry more than the buckets need, which the scatter uses (``bucketSort(_:buckets:)``).
    private var starts: [Int32] = []
    /// Each value's bucket.
    private var scratch: [Int32] = []
    /// Bit i of word i / 64: sorted value i equals value i − 1 (``shuffleTies(_:)``).
    private var ties: [UInt64] = []
    private(set) var count = 0
    private(set) var padding = 0
    private(set) var low = 0.0, high = 0.0
    private var scale = 0.0
    /// Whether the last sort was the bucket sort (every value finite, no bucket too large).
    private(set) var bucketed = false

    static let largestBucket = 64
    static let bucketsPerValue = 4  // a multiple of four (``bucketSort(_:buckets:)``)

    init() {}

    init(_ predictions: [Double]) {
        predictions.withUnsafeBufferPointer { sort($0) }
    }

    /// The sorted values (a copy).
    var values: [Double] { Array(framed[padding..<(padding + count)]) }

    /// Sorts `x`, with at least `padding` (≥ 1) sentinels on each side of the sorted values.
    mutating func sort(_ x: UnsafeBufferPointer<Double>, padding: Int = 1) {
        let n = x.count, padding = max(padding, 1)
        // The extremes in four lanes (min and max do not depend on the order, but for the sign of
        // a zero, which no bucket tells apart); v·0 is NaN exactly for an infinite or NaN v.
        var low = Double.infinity, high = -Double.infinity, probe = 0.0
        var low1 = low, low2 = low, low3 = low, high1 = high, high2 = high, high3 = high, probe1 = 0.0
        var i = 0
        while i + 4 <= n {
            let v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3]
            low = min(low, v0); low1 = min(low1, v1); low2 = min(low2, v2); low3 = min(low3, v3)
            high = max(high, v0); high1 = max(high1, v1); high2 = max(high2, v2); high3 = max(high3, v3)
            probe += v0 * 0 + v1 * 0
            probe1 += v2 * 0 + v3 * 0
            i += 4
        }
        while i < n {
            low = min(low, x[i])
            high = max(high, x[i])
            probe += x[i] * 0
            i += 1
        }
        low = min(min(low, low1), min(low2, low3))
        high = max(max(high, high1), max(high2, high3))
        let finite = probe == 0 && probe1 == 0 && low.isFinite && high.isFinite
        let buckets = n * Self.bucketsPerValue
        let scale = Double(buckets) / (high - low)
        (self.low, self.high, self.scale) = (low, high, scale)
        if rows.count != n { rows = [Int32](repeating: 0, count: n) }
        if count != n || self.padding != padding {
            framed = [Double](repeating: -.infinity, count: padding) + [Double](repeating: 0, count: n) + [Double](repeating: .infinity, count: padding)
        }
        (count, self.padding) = (n, padding)
        bucketed = n > 1 && finite && scale.isFinite && scale > 0 && bucketSort(x, buckets: buckets)
        if !bucketed {
            let order = RadixSort.sortedIndices(Array(x))
            for (k, i) in order.enumerated() {
                rows[k] = i
                framed[padding + k] = x[Int(i)]
            }
        }
    }

    /// The bucket of `x`: (x − low)·scale clamped to 0…count − 1 (values outside the range go to
    /// the first and last bucket), rounded to the nearest integer by adding 2⁵² (exact for
    /// 0 ≤ v < 2⁵¹, and monotone in v like any rounding) and reading the low bits of the sum, a
    /// conversion without the range checks and branches of `Int(_:)`. `count` ≤ 2³¹.
    @inline(__always)
    private static func bucket(_ x: Double, low: Double, scale: Double, count: Int) -> Int {
        let v = (x - low) * scale, last = Double(count - 1)
        let clamped = v > 0 ? (v < last ? v : last) : 0
        return Int(truncatingIfNeeded: (clamped + 0x1p52).bitPattern & 0x7FFF_FFFF)
    }

    /// The stable bucket order into ``rows`` and the framed values; false when a bucket is too large.
    ///
    /// The counts of bucket b go to starts[b + 2]; their running total, made four buckets per
    /// step (integer sums: the same totals in any grouping, with one addition on the carried
    /// chain per four buckets instead of one per bucket), leaves the start of bucket b in
    /// starts[b + 1]. The scatter advances starts[b + 1] past each value it places, so that it
    /// ends at the start of bucket b + 1: starts[b] is then the start of bucket b, with no copy of
    /// the starts for the scatter.
    private mutating func bucketSort(_ x: UnsafeBufferPointer<Double>, buckets: Int) -> Bool {
        let n = x.count, low = self.low, scale = self.scale, padding = self.padding
        if starts.count != buckets + 2 { starts = [Int32](repeating: 0, count: buckets + 2) }
        if scratch.count != n { scratch = [Int32](repeating: 0, count: n) }
        return starts.withUnsafeMutableBufferPointer { starts in scratch.withUnsafeMutableBufferPointer { scratch in
            rows.withUnsafeMutableBufferPointer { rows in framed.withUnsafeMutableBufferPointer { framed in
                let values = framed.baseAddress! + padding
                let bucketOf = scratch.baseAddress!, counts = starts.baseAddress!
                for b in 0..<(buckets + 2) { counts[b] = 0 }
                // Each value's bucket is computed once, for the count and for the scatter.
                for i in 0..<n {
                    let b = Self.bucket(x[i], low: low, scale: scale, count: buckets)
                    bucketOf[i] = Int32(truncatingIfNeeded: b)
                    counts[b &+ 2] &+= 1
                }
                // (``bucketsPerValue`` is a multiple of four, so the steps cover every bucket.)
                var largest: Int32 = 0, total: Int32 = 0
                var b = 2
                while b &+ 4 <= buckets &+ 2 {
                    let s0 = counts[b], s1 = counts[b &+ 1], s2 = counts[b &+ 2], s3 = counts[b &+ 3]
                    let first = s0 &+ s1
                    counts[b] = total &+ s0
                    counts[b &+ 1] = total &+ first
                    counts[b &+ 2] = total &+ first &+ s2
                    total = total &+ (first &+ (s2 &+ s3))
                    counts[b &+ 3] = total
                    largest = max(largest, max(max(s0, s1), max(s2, s3)))
                    b &+= 4
                }
                guard largest <= Int32(Self.largestBucket) else { return false }
                let next = counts + 1
                for i in 0..<n {
                    let b = Int(bucketOf[i]), at = Int(next[b])
                    rows[at] = Int32(truncatingIfNeeded: i)
                    values[at] = x[i]
                    next[b] &+= 1
                }
                // Exact order within each bucket (stable: strict comparison; values[−1] = −∞ stops it).
                for i in 1..<n {
                    let moving = rows[i], value = values[i]
                    var j = i
                    while values[j &- 1] > value {
                        rows[j] = rows[j &- 1]
                        values[j] = values[j &- 1]
                        j &-= 1
                    }
                    rows[j] = moving
                    values[j] = value
                }
                return true
            } }
        } }
    }

    /// Shuffles each run of equal sorted values (their ``rows``) by Fisher–Yates from the run's
    /// end, runs in increasing order of value, drawing from `g`. The runs are found from a bit
    /// mask of equal neighbours, a pass without branches: a run starts at the mask's next one and
    /// lasts its ones (equality is transitive, and NaN equals nothing, so these are the runs of
    /// values equal to their first): the scan that compared every value with its run's first one
    /// mispredicted at every run boundary.
    mutating func shuffleTies(_ g: inout Xoshiro256StarStar) {
        let n = count
        guard n > 1 else { return }
        let words = (n + 63) / 64
        if ties.count != words { ties = [UInt64](repeating: 0, count: words) }
        let padding = self.padding
        // The generator in a local copy: stored through `g` at every draw, it was reloaded after
        // every swap (the compiler cannot tell the rows' memory from it).
        var local = g
        defer { g = local }
        framed.withUnsafeBufferPointer { framed in rows.withUnsafeMutableBufferPointer { rows in ties.withUnsafeMutableBufferPointer { ties in
            let values = framed.baseAddress! + padding
            // Four independent masks per word (bits 4k + lane), so that the or-chains overlap.
            for w in 0..<words {
                let base = w &* 64, end = min(base &+ 64, n)
                var mask0: UInt64 = 0, mask1: UInt64 = 0, mask2: UInt64 = 0, mask3: UInt64 = 0
                var i = base
                while i &+ 4 <= end {
                    let shift = UInt64(i &- base)
                    mask0 |= (values[i] == values[i &- 1] ? 1 : 0) << shift
                    mask1 |= (values[i &+ 1] == values[i] ? 2 : 0) << shift
                    mask2 |= (values[i &+ 2] == values[i &+ 1] ? 4 : 0) << shift
                    mask3 |= (values[i &+ 3] == values[i &+ 2] ? 8 : 0) << shift
                    i &+= 4
                }
                while i < end {
                    mask0 |= (values[i] == values[i &- 1] ? 1 : 0) << UInt64(i &- base)
                    i &+= 1
                }
                ties[w] = (mask0 | mask1) | (mask2 | mask3)
            }
            ties[0] &= ~1  // values[0] against the sentinel (both −∞ only in the fallback)
            var i = 1
            while i < n {
                let w = i >> 6
                let bits = ties[w] >> UInt64(i & 63)
                guard bits != 0 else { i = (w &+ 1) << 6; continue }
                i &+= bits.trailingZeroBitCount
                // The run is values[i − 1] and the equal neighbours from i on: the mask's ones.
                let start = i &- 1
                var end = i
                while true {
                    let ones = (~(ties[end >> 6] >> UInt64(end & 63))).trailingZeroBitCount
                    end &+= ones
                    guard end & 63 == 0, ones > 0, end < n else { break }
                }
                for j in stride(from: end &- 1, to: start, by: -1) { rows.swapAt(j, start &+ local.nextInt(below: j &- start &+ 1)) }
                i = end &+ 1
            }
        } } }
    }

    /// The number of values below `t`.
    func insertionPoint(_ t: Double) -> Int {
        withSearch { $0.insertionPoint(t) }
    }

    /// Calls `body` with raw views of the sorted values and the buckets.
    func withSearch<R>(_ body: (Search) -> R) -> R {
        framed.withUnsafeBufferPointer { framed in starts.withUnsafeBufferPointer { starts in rows.withUnsafeBufferPointer { rows in
            body(Search(values: framed.baseAddress! + padding, rows: rows.baseAddress!, starts: bucketed ? starts.baseAddress! : nil,
                        count: count, buckets: starts.count - 2, low: low, scale: scale))
        } } }
    }

    /// The sorted values (sentinels at −padding…−1 and count…count + padding − 1), their rows and buckets.
    struct Search {
        let values: UnsafePointer<Double>
        let rows: UnsafePointer<Int32>
        /// nil: the radix-sort fallback (binary search).
        let starts: UnsafePointer<Int32>?
        let count: Int, buckets: Int
        let low: Double, scale: Double

        /// The number of values below `t`: from the start of t's bucket (values of earlier buckets
        /// are below t, of later ones not, since the bucket is monotone in the value) on while
        /// below t; the +∞ sentinel after the last value ends the scan.
        @inline(__always)
        func insertionPoint(_ t: Double) -> Int {
            if let starts, t.isFinite {
                var i = Int(starts[SortedPredictions.bucket(t, low: low, scale: scale, count: buckets)])
                // The first step without a branch: most buckets hold at most one value below t.
                i &+= values[i] < t ? 1 : 0
                while values[i] < t { i &+= 1 }
                return i
            }
            var lower = 0, upper = count
            while lower < upper {
                let middle = (lower + upper) / 2
                if values[middle] < t { lower = middle + 1 } else { upper = middle }
            }
            return lower
        }
    }
}
