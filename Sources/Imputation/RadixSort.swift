/// A stable sort of doubles for the predictive-mean-matching donor search: a least-significant-
/// digit radix sort (8-bit digits; a pass whose digit is the same for every key is skipped) of a
/// 32-bit key, the order-preserving bit pattern of the value rounded to single precision, then an
/// insertion pass on the exact values, which only moves values whose single-precision keys tie.
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
        var keys = values.map(key), indices = (0..<Int32(n)).map { $0 }
        guard n > 1 else { return indices }
        var keysOut = [UInt32](repeating: 0, count: n), indicesOut = [Int32](repeating: 0, count: n)
        let all = keys.reduce(~UInt32(0), &), any = keys.reduce(UInt32(0), |)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            for pass in 0..<4 {
                let shift = UInt32(pass * 8)
                if (all >> shift) & 0xFF == (any >> shift) & 0xFF { continue }
                keys.withUnsafeBufferPointer { keys in
                    indices.withUnsafeBufferPointer { indices in
                        keysOut.withUnsafeMutableBufferPointer { keysOut in
                            indicesOut.withUnsafeMutableBufferPointer { indicesOut in
                                for i in 0..<256 { counts[i] = 0 }
                                for k in keys { counts[Int((k >> shift) & 0xFF)] += 1 }
                                var total = 0
                                for i in 0..<256 { let c = counts[i]; counts[i] = total; total += c }
                                for i in 0..<n {
                                    let digit = Int((keys[i] >> shift) & 0xFF)
                                    let at = counts[digit]
                                    counts[digit] = at + 1
                                    keysOut[at] = keys[i]
                                    indicesOut[at] = indices[i]
                                }
                            }
                        }
                    }
                }
                swap(&keys, &keysOut)
                swap(&indices, &indicesOut)
            }
        }
        // Exact order among values whose single-precision keys tie (stable: strict comparison).
        values.withUnsafeBufferPointer { values in
            indices.withUnsafeMutableBufferPointer { indices in
                for i in 1..<n {
                    let moving = indices[i], value = values[Int(moving)]
                    var j = i
                    while j > 0 && values[Int(indices[j - 1])] > value {
                        indices[j] = indices[j - 1]
                        j -= 1
                    }
                    indices[j] = moving
                }
            }
        }
        return indices
    }
}
