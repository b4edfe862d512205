import Foundation
import Tabular
import XCTest
@_exported import TestSupport

/// A dataset as if read from `data.csv` with a header on line 1: row i is on line i + 2.
func makeDataset(_ columns: [Column]) throws -> Dataset {
    try Dataset(source: "data.csv", columns: columns, lineNumbers: (0..<(columns.first?.count ?? 0)).map { $0 + 2 })
}

/// The rows (header first) of a fixture CSV, fields unquoted.
func fixtureRows(_ name: String) throws -> [[String]] {
    let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map { line in
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") }
    }
}

/// Rounded to 3 decimals, as published index values are.
func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
