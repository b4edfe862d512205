import Tabular

/// A price index by year (such as the PSSRU's NHS cost inflation index), read from a CSV file and
/// validated, for restating costs in the prices of another year.
///
/// **Format**: a header with the columns `year, index` (other columns ignored), then one row per
/// year:
///
/// ```
/// year,index
/// 2013,287.3
/// 2014,293.1
/// 2015,297.0
/// ```
///
/// **Validation** (each an ``InputError`` naming the file, line, field and value): both columns
/// are present; `year` is a whole four-digit year, with no year twice (both lines named); `index`
/// is a finite number > 0; there is at least one year.
public struct PriceIndex: Sendable, Equatable {
    /// The columns the header must have.
    public static let requiredColumns = ["year", "index"]

    /// The file the index was read from.
    public let source: String
    /// The index of each year.
    public let values: [Int: Double]

    /// Reads and validates the price index at `path` (never modified).
    ///
    /// - Parameter options: the delimiter and missing-value tokens; column types are fixed by
    ///   the format.
    /// - Throws: ``InputError`` for the first problem, as listed above.
    public init(contentsOf path: String, options: CSVOptions = CSVOptions()) throws {
        let table = try ReferenceTable(path: path, options: options, kind: "price index", required: Self.requiredColumns,
                                       text: [], numbers: Set(Self.requiredColumns))
        let years = table.numbers("year"), indices = table.numbers("index")
        var rows: [Int: Int] = [:]
        var values: [Int: Double] = [:]
        for row in 0..<table.rowCount {
            let year = try table.year(years[row], row: row, column: "year")
            try table.requireUnique(year, column: "year", row: row, seen: &rows)
            let fix: Message = "write the index of \(year), a number > 0"
            let index = try table.required(indices[row], row: row, column: "index", fix: fix)
            guard index > 0, index.isFinite else {
                throw table.reject(row: row, column: "index", "the index of \(year) is \(index.shortestText), not a finite number > 0", fix)
            }
            values[year] = index
        }
        guard !values.isEmpty else {
            throw InputError(file: path, line: 1, problem: "the price index has no rows", fix: "write one row per year after the header: year,index")
        }
        source = path
        self.values = values
    }

    /// The years the index covers, in increasing order.
    public var years: [Int] { values.keys.sorted() }

    /// The latest year of the index (an index has at least one).
    public var latestYear: Int { values.keys.max()! }

    /// The factor that restates prices of year `from` in prices of year `to`:
    /// `index[to] / index[from]`; nil when the index lacks either year.
    public func factor(from: Int, to: Int) -> Double? {
        guard let start = values[from], let end = values[to] else { return nil }
        return end / start
    }

    /// The years covered, for messages: `2010–2015` when consecutive, else listed.
    var coverage: String {
        let years = years
        if let first = years.first, let last = years.last, last - first == years.count - 1, years.count > 2 { return "\(first)–\(last)" }
        return years.map(String.init).joined(separator: ", ")
    }
}
