/// A tall matrix that is produced block of rows by block of rows and need never be held whole.
///
/// A design matrix of a million rows is 160 MB; building it costs more (mostly first-touch page
/// faults) than factorising it. Algorithms here therefore ask a source for cache-sized blocks of
/// rows (``RowBlocks/size``), so memory stays O(block × columns) and each block is consumed while
/// it is still in cache. ``Matrix`` is itself a source.
public protocol RowBlockSource: Sendable {
    var rowCount: Int { get }
    var columnCount: Int { get }
    /// Writes rows `rows` (all columns) into `buffer`, column-major with leading dimension
    /// `leadingDimension` (≥ `rows.count`).
    func fill(rows: Range<Int>, into buffer: UnsafeMutablePointer<Double>, leadingDimension: Int)
}

extension Matrix: RowBlockSource {
    public var rowCount: Int { rows }
    public var columnCount: Int { columns }

    public func fill(rows range: Range<Int>, into buffer: UnsafeMutablePointer<Double>, leadingDimension: Int) {
        storage.withUnsafeBufferPointer { s in
            for j in 0..<columns {
                (buffer + j * leadingDimension).update(from: s.baseAddress! + j * rows + range.lowerBound, count: range.count)
            }
        }
    }
}

/// The listed columns of another source, in the order given (e.g. the non-aliased columns).
public struct SelectedColumns<Base: RowBlockSource>: RowBlockSource {
    public let base: Base
    public let columns: [Int]

    public init(_ base: Base, columns: [Int]) {
        self.base = base
        self.columns = columns
    }

    public var rowCount: Int { base.rowCount }
    public var columnCount: Int { columns.count }

    public func fill(rows range: Range<Int>, into buffer: UnsafeMutablePointer<Double>, leadingDimension: Int) {
        let m = range.count
        var scratch = [Double](repeating: 0, count: m * base.columnCount)
        scratch.withUnsafeMutableBufferPointer { full in
            base.fill(rows: range, into: full.baseAddress!, leadingDimension: m)
            for (k, j) in columns.enumerated() {
                (buffer + k * leadingDimension).update(from: full.baseAddress! + j * m, count: m)
            }
        }
    }
}

/// One block of rows of a source, valid only inside the closure that receives it.
public struct RowBlock {
    /// Which rows of the source these are.
    public let rows: Range<Int>
    public let columns: Int
    /// Column-major entries; the block's leading dimension is `rows.count`.
    public let entries: UnsafeMutablePointer<Double>

    /// Entry (i, j) of the block, i counted from the block's first row.
    @inline(__always) public subscript(i: Int, j: Int) -> Double { entries[i + j * rows.count] }
}

/// Iteration over a source in blocks of rows.
public enum RowBlocks {
    /// Rows per block: 8,192 rows of 20 doubles is 1.3 MB, within this machine's L2/L3 and the
    /// fastest block size measured for the QR kernels (see ``TallSkinnyQR``).
    public static let size = 8192

    /// Calls `body` for consecutive blocks of `source`, each row multiplied by `rowScale[i]`
    /// when given. Blocks come in order; the buffer is reused between calls.
    public static func forEach<S: RowBlockSource>(_ source: S, rowScale: [Double]? = nil,
                                                  _ body: (RowBlock) throws -> Void) rethrows {
        let n = source.rowCount, p = source.columnCount
        var buffer = [Double](repeating: 0, count: Swift.min(size, Swift.max(n, 1)) * Swift.max(p, 1))
        try buffer.withUnsafeMutableBufferPointer { b in
            var start = 0
            while start < n {
                let m = Swift.min(size, n - start)
                source.fill(rows: start..<(start + m), into: b.baseAddress!, leadingDimension: m)
                if let rowScale {
                    for j in 0..<p {
                        let column = b.baseAddress! + j * m
                        for i in 0..<m { column[i] *= rowScale[start + i] }
                    }
                }
                try body(RowBlock(rows: start..<(start + m), columns: p, entries: b.baseAddress!))
                start += m
            }
        }
    }
}
