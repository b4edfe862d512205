import Foundation
/// A table written as CSV text: a header, then one line per row, fields joined by commas, lines
/// ended by `\n`. The reconstructions' fields never contain commas, quotes or line breaks (checked),
/// so no field is quoted. Numbers are formatted by the caller under the project's number policy
/// (whole numbers, fixed decimals or `Double.shortestText`); an empty field is a missing value.
struct CSVTable {
    let header: [String]
    private(set) var rows: [[String]] = []

    init(header: [String]) { self.header = header }

    mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a row of \(row.count) fields under a header of \(header.count)")
        precondition(row.allSatisfy { !$0.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) })
        rows.append(row)
    }

    var text: String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

extension Double {
    /// Fixed decimals (`%.Nf` in the C locale), the policy for amounts and indices in the
    /// reconstructions: pounds to 2 places, SCRQoL index values to 3.
    func fixed(_ decimals: Int) -> String { String(format: "%.\(decimals)f", self) }
}
