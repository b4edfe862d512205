/// A stable least-significant-digit radix sort of doubles (8-bit digits; passes whose digit is
/// the same for every key are skipped), for the predictive-mean-matching donor search.
enum RadixSort {
    /// The order-preserving key of a finite double: its bit pattern with the sign bit flipped for
    /// non-negative values and every bit flipped for negative ones, so that unsigned order is
    /// numeric order (−0 sorts just below +0).
    @inline(__always)
    static func key(_ x: Double) -> UInt64 {
        let bits = x.bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// The keys of `values` in increasing order and the index of each in `values` (equal values
    /// in their original order).
    static func sorted(_ values: [Double]) -> (keys: [UInt64], indices: [Int32]) {
        let n = values.count
        var keys = values.map(key), indices = (0..<Int32(n)).map { $0 }
        guard n > 1 else { return (keys, indices) }
        var keysOut = [UInt64](repeating: 0, count: n), indicesOut = [Int32](repeating: 0, count: n)
        let all = keys.reduce(~UInt64(0), &), any = keys.reduce(UInt64(0), |)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            for pass in 0..<8 {
                let shift = UInt64(pass * 8)
                // Every key has the same digit here: the pass would not move anything.
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
        return (keys, indices)
    }
}
