/// Sample quantiles.
public enum Quantile {
    /// Hyndman & Fan (1996) type 7, R's default `quantile()`: with the values sorted,
    /// h = (n − 1)p, Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) (0-based order statistics).
    /// `values` need not be sorted; selection is O(n) per probability. A NaN probability or value
    /// gives NaN (never a trap).
    public static func type7(_ values: [Double], _ probabilities: [Double]) -> [Double] {
        guard !values.isEmpty else { return probabilities.map { _ in .nan } }
        var work = values
        return probabilities.map { p in
            // A NaN probability (e.g. a BCa level from an overflowed acceleration) has no quantile.
            guard !p.isNaN, !values.contains(where: \.isNaN) else { return .nan }
            let h = Double(values.count - 1) * min(max(p, 0), 1)
            let lo = Int(h.rounded(.down))
            let lower = select(&work, lo)
            guard lo + 1 < values.count, h > Double(lo) else { return lower }
            let upper = select(&work, lo + 1)
            return lower + (h - Double(lo)) * (upper - lower)
        }
    }

    /// The k-th smallest value (0-based) by quickselect with median-of-three pivots; reorders `a`.
    static func select(_ a: inout [Double], _ k: Int) -> Double {
        var lo = 0, hi = a.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let pivot = [a[lo], a[mid], a[hi]].sorted()[1]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return a[k] }
        }
        return a[k]
    }
}
