import Foundation
import Tabular

/// A damaged or missing table among the package's own resources: a packaging defect, not a user
/// error.
public struct ResourceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The resource file, e.g. `VT.csv`.
    public var file: String
    public var problem: String

    public var description: String { "resource \(file): \(problem); the phbeval installation is damaged, reinstall it" }
}

/// One of the small CSV tables shipped in `Resources/`: a header and rows of fields.
///
/// These files are machine-written (R's `write.csv`), read with the shared small-table reader
/// (``TextTable``). `NA` and the empty field mean "no value".
struct ResourceTable {
    let file: String
    let header: [String]
    let rows: [[String]]

    /// Loads `Resources/<name>` from the module bundle.
    static func load(_ name: String) throws(ResourceError) -> ResourceTable {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil,
                                          subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else {
            throw ResourceError(file: name, problem: "not found in the Instruments bundle")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: name)
    }

    static func parse(_ text: String, file: String) throws(ResourceError) -> ResourceTable {
        let table: TextTable
        do throws(InputError) { table = try TextTable(text: text, source: file) } catch {
            throw ResourceError(file: file, problem: "\(error.problem)")
        }
        var lines = table.records.map(\.fields)
        guard !lines.isEmpty else { throw ResourceError(file: file, problem: "empty file") }
        let header = lines.removeFirst()
        if let bad = lines.firstIndex(where: { $0.count != header.count }) {
            throw ResourceError(file: file, problem: "line \(table.records[bad + 1].line) has \(lines[bad].count) fields, the header \(header.count)")
        }
        return ResourceTable(file: file, header: header, rows: lines)
    }

    /// The position of column `name`.
    func column(_ name: String) throws(ResourceError) -> Int {
        guard let i = header.firstIndex(of: name) else { throw ResourceError(file: file, problem: "no column '\(name)'") }
        return i
    }

    /// The number in `field`, nil for `NA` or an empty field.
    func number(_ field: String, row: Int) throws(ResourceError) -> Double? {
        if field.isEmpty || field == "NA" { return nil }
        guard let x = Double(field), x.isFinite else {
            throw ResourceError(file: file, problem: "line \(row + 2): '\(field)' is not a number")
        }
        return x
    }
}
