/// Writing CSV text from a ``Dataset``: fields quoted as ``CSVFile`` quotes them.
public enum CSVText {
    public static let lineFeed = CSVScanner.lineFeed

    /// `text` as a field: quoted (each quote doubled) when it holds the delimiter, a quote or a
    /// line break (RFC 4180).
    public static func field(_ text: String, delimiter: UInt8) -> [UInt8] { Cells.quoted(Array(text.utf8), delimiter: delimiter) }

    /// One record per row of `data`, each `leading(row)` (written as given) then every column:
    /// numbers in shortest round-trip form, categories as their labels, missing values empty;
    /// each record ends with a line feed.
    public static func records(of data: Dataset, delimiter: UInt8, leading: (Int) -> [String]) -> [UInt8] {
        let cells = data.columns.map { Cells($0, delimiter: delimiter) }
        var out: [UInt8] = []
        out.reserveCapacity(data.rowCount * (cells.count + 2) * 8)
        for row in 0..<data.rowCount {
            for (i, text) in leading(row).enumerated() {
                if i > 0 { out.append(delimiter) }
                out += text.utf8
            }
            for cell in cells {
                out.append(delimiter)
                cell.append(row: row, to: &out)
            }
            out.append(lineFeed)
        }
        return out
    }
}
