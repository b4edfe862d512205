/// One column's values in one chunk of a CSV file while the chunk is parsed.
///
/// A column starts out storing numbers (NaN where missing). At its first value that is not a
/// number it switches to storing category codes (−1 where missing) from that row on; the rows
/// before are then numbers or missing, and their text is read again only if the column as a
/// whole turns out categorical. A column declared categorical stores codes from row 0. No
/// separate missing mask is kept: a number parsed from text is never NaN, so NaN and −1 mark the
/// missing rows. Storage is raw memory whose capacity the owning ``CSVChunk`` manages;
/// ``release()`` frees it.
struct ColumnBuilder {
    /// Numbers of all rows while the column is numeric; nil after the switch to codes.
    private(set) var numbers: UnsafeMutablePointer<Double>?
    /// Codes into ``levels`` from ``textStart`` on; nil while numeric.
    private(set) var codes: UnsafeMutablePointer<Int32>?
    /// The first row stored as a code; nil while the column is numeric.
    private(set) var textStart: Int?
    /// How many rows before ``textStart`` held a number (the others were missing).
    private(set) var numbersBeforeText = 0
    /// Row and physical line of the chunk's first value that is not a number, when one was met
    /// while the column stored numbers.
    var firstNonNumber: (row: Int, line: Int)?
    /// The distinct texts of the rows stored as codes.
    var levels = LevelTable()

    init(categorical: Bool, capacity: Int) {
        if categorical {
            codes = .allocate(capacity: capacity)
            textStart = 0
        } else {
            numbers = .allocate(capacity: capacity)
        }
    }

    var isNumeric: Bool { codes == nil }

    @inline(__always)
    func setNumber(_ value: Double, row: Int) {
        numbers.unsafelyUnwrapped[row] = value
    }

    @inline(__always)
    func setCode(_ code: Int32, row: Int) {
        codes.unsafelyUnwrapped[row] = code
    }

    @inline(__always)
    func setMissing(row: Int) {
        if let codes { codes[row] = -1 } else { numbers.unsafelyUnwrapped[row] = .nan }
    }

    /// Stores codes from `row` on; the numbers stored so far are counted and dropped.
    mutating func storeCodes(from row: Int, capacity: Int) {
        if let numbers {
            numbersBeforeText = (0..<row).count { !numbers[$0].isNaN }
            numbers.deallocate()
        }
        numbers = nil
        codes = .allocate(capacity: capacity)
        textStart = row
    }

    /// Moves the first `rows` values into storage for `capacity` rows.
    mutating func resize(rows: Int, capacity: Int) {
        if let numbers { self.numbers = numbers.moved(count: rows, toCapacity: capacity) }
        if let codes { self.codes = codes.moved(count: rows, toCapacity: capacity) }
    }

    func release() {
        numbers?.deallocate()
        codes?.deallocate()
    }
}

extension UnsafeMutablePointer {
    /// A new allocation of `capacity` elements holding the first `count` elements of this one,
    /// which is deallocated.
    func moved(count: Int, toCapacity capacity: Int) -> UnsafeMutablePointer {
        let copy = UnsafeMutablePointer.allocate(capacity: capacity)
        copy.moveInitialize(from: self, count: count)
        deallocate()
        return copy
    }
}
