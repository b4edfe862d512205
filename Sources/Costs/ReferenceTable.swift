import Foundation
import Tabular

/// A small reference table read from a CSV file (a unit-cost table, a price index), with the
/// types of its named columns fixed rather than inferred, and helpers that locate a rejection at
/// the field it concerns (`FILE:LINE:COLUMN`).
struct ReferenceTable {
    /// What the table is, in messages: `unit-cost table`, `price index`.
    let kind: String
    /// Every named column as text (as written, missing tokens marked missing).
    let data: Dataset
    /// The columns of numbers, parsed once (nil where missing).
    private let parsed: [String: [Double?]]

    /// Reads the CSV file at `path` once with ``CSVFile``, every column named in `text` and
    /// `numbers` as text: an absent required column is reported by name before any value is
    /// checked, then each value of a column of `numbers` is parsed (the one number policy,
    /// ``NumberParser``) and a value that is not a number is rejected at its line and field.
    ///
    /// - Parameters:
    ///   - options: the delimiter and missing-value tokens; its column types are replaced.
    ///   - required: the columns the header must have.
    ///   - numbers: columns of numbers, all of them required.
    /// - Throws: ``InputError`` naming every absent column, or the first value that is not a number.
    init(path: String, options: CSVOptions, kind: String, required: [String], text: Set<String>, numbers: Set<String>) throws {
        precondition(numbers.isSubset(of: required), "numeric columns of a reference table are required")
        var options = options
        options.categorical = []
        options.numeric = []
        let data = try CSVFile(path: path, options: options, categoricalIfPresent: text.union(numbers)).dataset
        let header = data.columnNames
        let absent = required.filter { !header.contains($0) }
        guard absent.isEmpty else {
            let names = absent.map { "'\($0)'" }.joined(separator: ", ")
            throw InputError(file: path, line: 1,
                             problem: "the \(kind) has no \(absent.count == 1 ? "column" : "columns") \(names) (its columns are \(header.joined(separator: ", ")))",
                             fix: "name the columns \(required.joined(separator: ", ")) in the header line")
        }
        var parsed: [String: [Double?]] = [:]
        for name in numbers.sorted() {
            guard case .categorical(let codes, let levels)? = data.column(named: name)?.values else { continue }
            let values = levels.map { NumberParser.parse($0.trimmingCharacters(in: .whitespaces)) }
            parsed[name] = try codes.indices.map { row -> Double? in
                let code = codes[row]
                guard code >= 0 else { return nil }
                if levels[Int(code)].allSatisfy(\.isWhitespace) { return nil }
                guard let value = values[Int(code)], value.isFinite else {
                    throw InputError(file: path, line: data.line(ofRow: row), column: data.fieldNumber(of: name),
                                     problem: "the \(name) is \(MessageText.display(levels[Int(code)])), which is not a number",
                                     fix: "write a number (digits, a decimal point, an optional exponent) or leave it empty")
                }
                return value
            }
        }
        self.kind = kind
        self.data = data
        self.parsed = parsed
    }

    var source: String { data.source }
    var rowCount: Int { data.rowCount }

    func has(_ column: String) -> Bool { data.column(named: column) != nil }

    /// The text of each row of a column read as text; nil where missing or blank.
    func texts(_ column: String) -> [String?] {
        guard case .categorical(let codes, let levels)? = data.column(named: column)?.values else {
            preconditionFailure("'\(column)' was not read as text")
        }
        return codes.map { code in
            guard code >= 0 else { return nil }
            let text = levels[Int(code)]
            return text.allSatisfy(\.isWhitespace) ? nil : text
        }
    }

    /// The number of each row of a column read as numbers; nil where missing.
    func numbers(_ column: String) -> [Double?] {
        guard let values = parsed[column] else { preconditionFailure("'\(column)' was not read as numbers") }
        return values
    }

    /// A rejection of the field of `column` on row `row`.
    func reject(row: Int, column: String, _ problem: Message, _ fix: Message) -> InputError {
        InputError(file: source, line: data.line(ofRow: row), column: data.fieldNumber(of: column), problem: problem, fix: fix)
    }

    /// `value`, or a rejection saying that `column` is empty on row `row`.
    func required<T>(_ value: T?, row: Int, column: String, fix: Message) throws -> T {
        guard let value else { throw reject(row: row, column: column, "the \(column) is missing on this row of the \(kind)", fix) }
        return value
    }

    /// The year in the field of `column` on row `row`: a whole number of four digits.
    func year(_ value: Double?, row: Int, column: String) throws -> Int {
        let fix: Message = "write the year in four digits, such as 2015"
        let value = try required(value, row: row, column: column, fix: fix)
        guard value == value.rounded(), (1000...9999).contains(value) else {
            throw reject(row: row, column: column, "the \(column) is \(value.shortestText), which is not a year", fix)
        }
        return Int(value)
    }

    /// Records that `key` (the value of `column`) is on row `row`, rejecting it when an earlier
    /// row of `seen` has it, naming both lines.
    func requireUnique<Key: Hashable & CustomStringConvertible>(_ key: Key, column: String, row: Int, seen: inout [Key: Int]) throws {
        if let first = seen[key] {
            throw reject(row: row, column: column,
                         "the \(column) '\(key)' appears twice in the \(kind), on lines \(data.lineNumbers[first]) and \(data.lineNumbers[row])",
                         "keep one row per \(column)")
        }
        seen[key] = row
    }
}

extension Dataset {
    /// The 1-based field number of `column` in the header of the file the data was read from
    /// (its position among the columns), for an ``InputError``'s location.
    func fieldNumber(of column: String) -> Int? { columnNames.firstIndex(of: column).map { $0 + 1 } }
}
