/// A stable sort of doubles for the predictive-mean-matching donor search: a least-significant-
/// digit radix sort (8-bit digits, all four histograms counted in one pass, a pass whose digit is
/// the same for every key skipped) of a 32-bit key, the order-preserving bit pattern of the value
/// rounded to single precision, packed with the index into one 64-bit word, then an insertion
/// pass on the exact values, which only moves values whose single-precision keys tie.
enum RadixSort {
    /// The order-preserving key of a finite value rounded to single precision (rounding is
    /// monotone, so x < y implies key(x) ≤ key(y)): the sign bit flipped for non-negative
    /// values, every bit flipped for negative ones.
    @inline(__always)
    static func key(_ x: Double) -> UInt32 {
        let bits = Float(x).bitPattern
        return bits >> 31 == 1 ? ~bits : bits | (1 << 31)
    }

    /// The indices of `values` in increasing order of value (equal values in their original order).
    static func sortedIndices(_ values: [Double]) -> [Int32] {
        let n = values.count
        guard n > 1 else { return (0..<Int32(n)).map { $0 } }
        // Word i: key in the high half, index i in the low half.
        var words = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = UInt64(key(values[i])) << 32 | UInt64(i) }
            count = n
        }
        var spare = [UInt64](repeating: 0, count: n)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * 256) { counts in
            counts.initialize(repeating: 0)
            words.withUnsafeBufferPointer { words in
                for w in words {
                    let k = Int(truncatingIfNeeded: w >> 32)
                    counts[k & 0xFF] += 1
                    counts[256 + ((k >> 8) & 0xFF)] += 1
                    counts[512 + ((k >> 16) & 0xFF)] += 1
                    counts[768 + ((k >> 24) & 0xFF)] += 1
                }
            }
            for pass in 0..<4 {
                let histogram = counts.baseAddress! + pass * 256
                let shift = UInt64(32 + pass * 8)
                // Every key has the same digit here: the pass would not move anything.
                if histogram[Int(truncatingIfNeeded: (words[0] >> shift) & 0xFF)] == n { continue }
                var total = 0
                for d in 0..<256 { let c = histogram[d]; histogram[d] = total; total += c }
                words.withUnsafeBufferPointer { source in
                    spare.withUnsafeMutableBufferPointer { target in
                        for w in source {
                            let digit = Int(truncatingIfNeeded: (w >> shift) & 0xFF)
                            target[histogram[digit]] = w
                            histogram[digit] += 1
                        }
                    }
                }
                swap(&words, &spare)
            }
        }
        // Exact order among values whose single-precision keys tie (stable: strict comparison).
        return values.withUnsafeBufferPointer { values in
            words.withUnsafeMutableBufferPointer { words in
                for i in 1..<n {
                    let moving = words[i], value = values[Int(truncatingIfNeeded: moving & 0xFFFF_FFFF)]
                    var j = i
                    while j > 0 && words[j - 1] >> 32 == moving >> 32 && values[Int(truncatingIfNeeded: words[j - 1] & 0xFFFF_FFFF)] > value {
                        words[j] = words[j - 1]
                        j -= 1
                    }
                    words[j] = moving
                }
                return words.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
            }
        }
    }
}
