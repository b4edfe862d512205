/// A dense matrix of `Double` in column-major order over one contiguous array, the layout
/// BLAS and LAPACK expect (leading dimension = `rows`).
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Entries in column-major order: entry (i, j) is `storage[i + j * rows]`. Read-only outside
    /// LinearAlgebra, so its length always equals `rows × columns`; write through the subscript,
    /// ``withUnsafeMutableEntries(_:)`` or ``scale(by:)``.
    public internal(set) var storage: [Double]

    /// A `rows × columns` matrix with every entry `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over `storage`, given in column-major order.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * columns, "storage has \(storage.count) entries, expected \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from its rows (convenient for tests and small literals).
    public init(rowMajor rowArrays: [[Double]]) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        var m = Matrix(rows: r, columns: c)
        for i in 0..<r {
            precondition(rowArrays[i].count == c, "ragged rows")
            for j in 0..<c { m[i, j] = rowArrays[i][j] }
        }
        self = m
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rows] }
        set { storage[row + column * rows] = newValue }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { Array(storage[(j * rows)..<((j + 1) * rows)]) }

    /// The diagonal entries.
    public var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }


    /// The sub-matrix made of the listed columns, in the order given.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(rows * indices.count)
        for j in indices { out.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)]) }
        return Matrix(rows: rows, columns: indices.count, columnMajor: out)
    }

    /// The sub-matrix made of the listed rows and columns, in the orders given.
    /// A gather through buffers: a bootstrap takes a sample's rows of its design this way at
    /// every replicate, where the subscripts' checks and copy-on-write tests dominated.
    public func selecting(rows rowIndices: [Int], columns columnIndices: [Int]) -> Matrix {
        let r = rowIndices.count, n = rows
        for i in rowIndices { precondition(i >= 0 && i < n, "row \(i) is outside 0..<\(n)") }
        for j in columnIndices { precondition(j >= 0 && j < columns, "column \(j) is outside 0..<\(columns)") }
        let entries = [Double](unsafeUninitializedCapacity: r * columnIndices.count) { out, initialized in
            storage.withUnsafeBufferPointer { source in rowIndices.withUnsafeBufferPointer { rowIndices in
                guard r > 0 else { return }
                for (jj, j) in columnIndices.enumerated() {
                    let column = source.baseAddress! + j * n, target = out.baseAddress! + jj * r
                    for ii in 0..<r { (target + ii).initialize(to: column[rowIndices[ii]]) }
                }
            } }
            initialized = r * columnIndices.count
        }
        return Matrix(rows: r, columns: columnIndices.count, columnMajor: entries)
    }

    /// Runs `body` over the entries (column-major) as a mutable buffer of fixed length.
    public mutating func withUnsafeMutableEntries<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Multiplies every entry by `factor`.
    public mutating func scale(by factor: Double) {
        for i in storage.indices { storage[i] *= factor }
    }
}
