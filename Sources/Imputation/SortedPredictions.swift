/// The observed predictions of a predictive-mean-matching draw in increasing order, with the
/// insertion point of any target: a bucket sort, n buckets of equal width between the smallest
/// and the largest prediction, each value's bucket ⌊(x − min)·n/(max − min)⌋ (monotone in x,
/// since rounded subtraction and multiplication by a positive constant are), a stable scatter,
/// and an insertion pass on the exact values that only moves values within a bucket. A target's
/// insertion point is its bucket's start plus the bucket's values below it, so the targets need
/// no sort. O(n) for predictions spread like those of a regression; when a bucket holds more than
/// ``largestBucket`` values (or a value is not finite), ``RadixSort`` sorts and a binary search
/// finds the insertion points instead.
struct SortedPredictions {
    /// Indices of the predictions in increasing order of value (equal values in index order).
    var rows: [Int32]
    /// The predictions in that order.
    let values: [Double]
    /// Bucket b holds values[starts[b]..<starts[b + 1]] (nil: the radix-sort fallback).
    private let starts: [Int32]?
    private let low: Double, scale: Double

    static let largestBucket = 64

    init(_ predictions: [Double]) {
        let n = predictions.count
        var low = Double.infinity, high = -Double.infinity, finite = true
        for x in predictions {
            low = min(low, x)
            high = max(high, x)
            finite = finite && x.isFinite
        }
        let scale = Double(n) / (high - low)
        self.low = low
        self.scale = scale
        if n > 1, finite, scale.isFinite, scale > 0,
           let (rows, values, starts) = Self.bucketSort(predictions, low: low, scale: scale) {
            self.rows = rows
            self.values = values
            self.starts = starts
        } else {
            rows = RadixSort.sortedIndices(predictions)
            values = rows.map { predictions[Int($0)] }
            starts = nil
        }
    }

    /// The bucket of `x` (clamped to the first and last for values outside the range).
    @inline(__always)
    private static func bucket(_ x: Double, low: Double, scale: Double, count: Int) -> Int {
        Int(min(max((x - low) * scale, 0), Double(count - 1)))
    }

    /// The stable bucket order, the values in it and the bucket starts; nil when a bucket is too large.
    private static func bucketSort(_ x: [Double], low: Double, scale: Double) -> ([Int32], [Double], [Int32])? {
        let n = x.count
        var starts = [Int32](repeating: 0, count: n + 1)
        var rows = [Int32](repeating: 0, count: n)
        var values = [Double](repeating: 0, count: n)
        // Each value's bucket is computed once, for the count and for the scatter.
        let sorted: Bool = x.withUnsafeBufferPointer { x in
            starts.withUnsafeMutableBufferPointer { starts in withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * n) { scratch in
                let bucketOf = scratch.baseAddress!, next = scratch.baseAddress! + n
                for i in 0..<n {
                    let b = bucket(x[i], low: low, scale: scale, count: n)
                    bucketOf[i] = Int32(truncatingIfNeeded: b)
                    starts[b + 1] += 1
                }
                var largest: Int32 = 0
                for b in 0..<n { largest = max(largest, starts[b + 1]); starts[b + 1] += starts[b] }
                guard largest <= Int32(largestBucket) else { return false }
                rows.withUnsafeMutableBufferPointer { rows in
                    values.withUnsafeMutableBufferPointer { values in
                        for b in 0..<n { next[b] = starts[b] }
                        for i in 0..<n {
                            let b = Int(bucketOf[i]), at = Int(next[b])
                            rows[at] = Int32(i)
                            values[at] = x[i]
                            next[b] += 1
                        }
                        // Exact order within each bucket (stable: strict comparison).
                        for i in 1..<n {
                            let moving = rows[i], value = values[i]
                            var j = i
                            while j > 0 && values[j - 1] > value {
                                rows[j] = rows[j - 1]
                                values[j] = values[j - 1]
                                j -= 1
                            }
                            rows[j] = moving
                            values[j] = value
                        }
                    }
                }
                return true
            } }
        }
        return sorted ? (rows, values, starts) : nil
    }

    /// The number of values below `t`.
    func insertionPoint(_ t: Double) -> Int {
        values.withUnsafeBufferPointer { values in
            if let starts, t.isFinite {
                let b = Self.bucket(t, low: low, scale: scale, count: values.count)
                var i = Int(starts[b])
                let end = Int(starts[b + 1])
                while i < end && values[i] < t { i += 1 }
                return i
            }
            var lower = 0, upper = values.count
            while lower < upper {
                let middle = (lower + upper) / 2
                if values[middle] < t { lower = middle + 1 } else { upper = middle }
            }
            return lower
        }
    }
}
